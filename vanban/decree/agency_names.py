"""An agency's name, printed in capitals in the header, as running text writes it (Decree 30/2020,
appendix II, "viết hoa tên cơ quan, tổ chức"): the first letter of each word naming the kind of
body (loại hình) and of each phrase naming its function or field (chức năng, lĩnh vực) in
capitals, place names and proper names in capitals, the rest in lower case:

    >>> running_name("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    'Sở Giáo dục và Đào tạo'
    >>> running_name("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU")
    'Liên đoàn Lao động tỉnh Lai Châu'
    >>> running_name("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT HÒA THÀNH")
    'Công đoàn cơ sở Trường THPT Hòa Thành'

Without a dictionary of Vietnamese words the boundaries of a field phrase are not known: a phrase
runs from a kind of body, or from "và", to the next of them ("Công nghệ thông tin và Truyền
thông"). A name after an administrative level (tỉnh, huyện …), after an abbreviation (THPT, ĐK)
or on either side of a hyphen ("Việt - Hàn") is a proper name: every word in capitals.
"""
from __future__ import annotations

from typing import Iterable

from vanban.decree.vn import upper_vi

#: Kinds of body as running text writes them; matched in capitals, longest first.
KINDS_OF_BODY = (
    "Tổng Liên đoàn Lao động Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân", "Uỷ ban nhân dân",
    "Hội đồng nhân dân", "Liên đoàn Lao động", "Công đoàn cơ sở", "Công đoàn ngành", "Công đoàn", "Ban Chấp hành",
    "Ban Thường vụ", "Ban Giám hiệu", "Ban Giám đốc", "Đảng ủy", "Đảng uỷ", "Đảng bộ", "Chi bộ",
    "Văn phòng", "Thanh tra", "Bệnh viện", "Trung tâm", "Trường", "Đại học", "Học viện", "Viện",
    "Tổng cục", "Chi cục", "Cục", "Sở", "Bộ", "Vụ", "Ban", "Phòng", "Khoa", "Hội", "Đoàn", "Tổng công ty", "Công ty",
    "Ngân hàng", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Công an",
    "Bộ Chỉ huy Quân sự", "Ban Chỉ huy Quân sự", "Hội đồng", "Tổ", "Nhà xuất bản", "Báo", "Đài", "Hợp tác xã",
    "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy",
)
#: Kinds of one word that only open a name: after another kind they are a word of its field ("Sở Khoa học").
OPENING_ONLY = ("Khoa", "Tổ", "Hội", "Đoàn", "Báo", "Đài", "Viện")
#: Kinds of body whose name goes on with a place: "Tỉnh ủy Lai Châu".
BEFORE_A_PLACE = ("Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy")
#: Abbreviations of appendix III and of common use that read like syllables (UBND has a vowel).
ABBREVIATIONS = ("UBND", "HĐND", "LĐLĐ", "MTTQ", "TW", "VN", "CĐ", "BHXH", "BHYT", "THPT", "THCS", "TNHH", "ĐHQG")
#: Administrative levels: in lower case, and the place name after them in capitals.
LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
#: Words joining two phrases of a name: lower case, and the phrase after "và" opens in capitals.
JOINS = ("và", "của", "về", "thuộc", "trực thuộc")

_KINDS = sorted(((upper_vi(k).split(), k.split()) for k in KINDS_OF_BODY), key=lambda kv: -len(kv[0]))
_LEVELS = sorted(((upper_vi(x).split(), x.split()) for x in LEVELS), key=lambda kv: -len(kv[0]))
_VOWELS = set("AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ")


def is_abbreviation(word: str, known: Iterable[str] = ()) -> bool:
    """``UBND``, ``THPT``, ``GD&ĐT``, ``P.``: a word that is no Vietnamese syllable (no vowel, a digit,
    an ampersand or a dot), or one of ``known``."""
    bare = word.strip(",;:()")
    if bare in set(known) or bare in ABBREVIATIONS:
        return True
    letters = [c for c in bare if c.isalpha()]
    return bool(letters) and (not any(c in _VOWELS for c in upper_vi(bare)) or any(c in bare for c in "&.0123456789"))


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _match(words: list[str], at: int, phrases: list[tuple[list[str], list[str]]]) -> list[str]:
    """The written form of the first of ``phrases`` ((words in capitals, words as written), longest
    first) that ``words[at:]`` opens with; empty if none."""
    upper = [upper_vi(w) for w in words[at:at + 8]]
    return next((spelt for key, spelt in phrases if upper[:len(key)] == key), [])


def running_name(name: str, keep: Iterable[str] = ()) -> str:
    """``name`` (as the header prints it, in capitals) in running text; ``keep``: abbreviations to
    leave as they are besides those recognised by :func:`is_abbreviation`."""
    words = name.split()
    keep = tuple(keep)
    out: list[str] = []
    proper = False          # after a level, an abbreviation or a hyphen: a proper name
    after_kind = False
    opens = True            # the next word opens a phrase (a kind of body's field, or after "và")
    i = 0
    while i < len(words):
        word = words[i]
        spelt = _match(words, i, _KINDS)
        # A kind of one word ("Khoa", "Trường") inside a field phrase is a word of it: "Đa khoa",
        # "Môi trường"; a kind opens the name or follows another kind ("Thanh tra Sở …").
        if spelt and not proper and (len(spelt) > 1 or not out or (after_kind and spelt[0] not in OPENING_ONLY)):
            out += spelt
            i, opens, after_kind = i + len(spelt), True, True
            proper = " ".join(spelt) in BEFORE_A_PLACE
            continue
        after_kind = False
        level = _match(words, i, _LEVELS)
        if level:
            out += level if out else [_capital(level[0])] + level[1:]
            i, proper, opens = i + len(level), True, False
            continue
        if is_abbreviation(word, keep):
            out.append(word)
            proper = bool(out[:-1])      # "UBND TỈNH …" is a kind; "TRƯỜNG THPT HÒA THÀNH": a name follows
            after_kind = not out[:-1]
            i += 1
            continue
        if word in "-–":
            out.append(word)
            if out[:-1]:
                out[-2] = _capital(out[-2]) if not is_abbreviation(out[-2], keep) else out[-2]
            proper = True
            i += 1
            continue
        if upper_vi(word).lower() in JOINS and not proper:
            out.append(word.lower())
            opens = upper_vi(word) == "VÀ"
            i += 1
            continue
        out.append(_capital(word) if proper or opens or not out else word.lower())
        opens = False
        i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


__all__ = ["running_name", "is_abbreviation", "KINDS_OF_BODY", "LEVELS", "JOINS", "ABBREVIATIONS", "BEFORE_A_PLACE"]
