"""The decree's fixed words, and OCR's misreadings of them put right.

The header and the closing of a document under Decree 30 print the same words everywhere: the
national name, the motto, "Số:", "Kính gửi:", "Nơi nhận:", the signing authority (KT., TM. …)
and the signer's title (PHÓ GIÁM ĐỐC, CHỦ TỊCH …). Tesseract misreads their marks now and then
("PHO GIAM ĐỌC", "CONG 110A XA HOT CHV NGHIA") and a rule about them then fails on what the page
does not say. A run of words whose letters, marks aside, are within a small edit distance of one
of these phrases is replaced by the phrase, word for word, keeping the words' own punctuation.

Only the header, the closing and a line that is a type name alone ("QUYÉT ĐỊNH") are corrected
(:mod:`.geometry` decides which lines those are): in the body the same letters may be other words,
and what a person wrote is evidence.
"""
from __future__ import annotations

import re
from typing import Optional

from vanban.decree import vn
from vanban.decree.type_names import TYPE_NAMES

#: Upper-case phrases of the header and the closing, longest first when matched.
UPPER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "LIÊN ĐOÀN LAO ĐỘNG",
    "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ HIỆU TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN",
    "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CHỦ NHIỆM",
    "VIỆN TRƯỞNG", "CÔNG ĐOÀN", "TỈNH", "HUYỆN",
)
#: Phrases in their own case, compared without regard to case.
MIXED = ("Độc lập Tự do Hạnh phúc",)
#: Labels that open their line.
LABELS = ("Nơi nhận", "Kính gửi", "Số")
#: The signing authorities as the decree prints them, keyed by their letters.
AUTHORITIES = {"KT": "KT.", "TM": "TM.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}

# Letters Tesseract takes for one another, read as one letter when comparing.
_CONFUSED = str.maketrans({"0": "O", "1": "I", "|": "I", "!": "I", "5": "S", "8": "B", "V": "U", "Y": "I"})
_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.S)


def skeleton(text: str) -> str:
    """The letters without their marks, upper case, with OCR's look-alikes made one."""
    return vn.strip_marks(text).upper().translate(_CONFUSED)


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _close(found: str, phrase: str) -> bool:
    a, b = skeleton(found).replace(" ", ""), skeleton(phrase).replace(" ", "")
    # Short words must agree letter for letter (their marks may differ); long ones allow one slip in six.
    return distance(a, b) <= len(b) // 6


def _parts(word: str) -> tuple[str, str, str]:
    m = _EDGE.match(word)
    return m.group(1), m.group(2), m.group(3)


def _upper(texts: list[str]) -> bool:
    letters = [c for t in texts for c in t if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def correct(words: list[str], upper: tuple = UPPER, mixed: tuple = MIXED) -> list[str]:
    """The words of one header or closing line with the decree's phrases put right. Words that
    carry no letter ("-", "–") are passed over, so "Độc lập - Tự do" matches "Độc lập Tự do"."""
    out = list(words)
    content = [k for k, w in enumerate(words) if _parts(w)[1]]
    done: set[int] = set()
    phrases = sorted([(p, True) for p in upper] + [(p, False) for p in mixed], key=lambda x: -len(x[0]))
    for phrase, is_upper in phrases:
        tokens = phrase.split()
        n = len(tokens)
        # OCR glues a long phrase's short words ("XÃHỘI CHỦNGHĨA"): fewer words may hold it.
        for m in range(n, max(n - 3, 2) - 1, -1) if n >= 4 else (n,):
            for i in range(len(content) - m + 1):
                at = content[i:i + m]
                if done & set(at):
                    continue
                cores = [_parts(words[k])[1] for k in at]
                if is_upper and not _upper(cores):
                    continue
                if not _close(" ".join(cores), phrase):
                    continue
                for k, token in zip(at, _spread(cores, tokens)):
                    lead, _core, trail = _parts(words[k])
                    out[k] = lead + token + trail
                done |= set(at)
    return out


def _spread(cores: list[str], tokens: list[str]) -> list[str]:
    """The phrase's words shared among the words read, by their lengths: "XÃHỘI" takes "XÃ HỘI"."""
    out, t = [], 0
    for j, core in enumerate(cores):
        left = len(cores) - 1 - j           # words read after this one, each takes one token at least
        if not left:
            out.append(" ".join(tokens[t:]))
            break
        take = [tokens[t]]
        t += 1
        while t < len(tokens) - left and sum(map(len, take)) + len(tokens[t]) <= len(core) + 1:
            take.append(tokens[t])
            t += 1
        out.append(" ".join(take))
    return out


def correct_label(words: list[str]) -> list[str]:
    """A line opening with a label (Nơi nhận, Kính gửi, Số) misread: the label put right. Specks
    before it (words of no letter or digit: "`", "_", a stamp's edge) go with the misreading."""
    lead = 0
    while lead < len(words) - 1 and not any(c.isalnum() for c in words[lead]):
        lead += 1
    if lead:
        fixed = _label(words[lead:])
        # As many words as read (the caller puts them back one for one): the specks left empty.
        return [""] * lead + fixed if fixed != list(words[lead:]) else list(words)
    return _label(words)


def _label(words: list[str]) -> list[str]:
    for label in LABELS:
        tokens = label.split()
        lead, core, trail = _parts(words[0]) if words else ("", "", "")
        if len(tokens) > 1 and core and skeleton(core) == skeleton(label).replace(" ", "") \
                and (trail.startswith(":") or len(words) == 1):
            # OCR lost the space inside the label ("Nơinhận:"): the label's own words, in one word's box.
            return [lead + label + trail] + list(words[1:])
        if len(words) < len(tokens):
            continue
        cores = [_parts(w)[1] for w in words[:len(tokens)]]
        # The label ends with its colon (OCR reads a colon as a semicolon now and then, or sets it
        # apart: "Noi nhan :"), or its words are the whole line ("Nơi nhận" alone).
        ends = _parts(words[len(tokens) - 1])[2].startswith((":", ";")) or len(words) == len(tokens) \
            or words[len(tokens)].startswith(":")
        if ends and skeleton(" ".join(cores)) == skeleton(label):
            trail = [_parts(w)[2] for w in words[:len(tokens)]]
            trail[-1] = re.sub("^;", ":", trail[-1])
            # A speck glued before the label ("-Số:") goes too: the label opens its line.
            return [t + e for t, e in zip(tokens, trail)] + list(words[len(tokens):])
        # The label glued to what follows it ("Só:/KH-DCT", the number left blank).
        last = words[len(tokens) - 1]
        head, colon, rest = last.partition(":") if ":" in last else last.partition(";")
        glued = [_parts(w)[1] for w in words[:len(tokens) - 1]] + [_parts(head)[1]]
        if colon and rest and skeleton(" ".join(glued)) == skeleton(label):
            return list(tokens[:-1]) + [f"{_parts(head)[0]}{tokens[-1]}: {rest}"] + list(words[len(tokens):])
    return list(words)


def correct_type_name(words: list[str]) -> list[str]:
    """A line in capitals that is a type name and nothing else ("QUYÉT ĐỊNH", "KÉ HOẠCH:"), its marks
    misread: the name as the decree prints it. Letters must agree one for one; only marks change."""
    cores = [_parts(w)[1] for w in words]
    if not _upper(cores) or not all(cores):
        return list(words)
    name = next((n for n in TYPE_NAMES if skeleton(n) == skeleton(" ".join(cores))), None)
    if name is None or len(name.split()) != len(words):
        return list(words)
    return [_parts(w)[0] + t + _parts(w)[2] for w, t in zip(words, name.split())]


def authority(word: str) -> Optional[str]:
    """``"K.T"``, ``"KT,"``, ``"TM"`` → the authority as printed (``"KT."``), or None."""
    letters = re.sub(r"[.,:;·]", "", word)
    return AUTHORITIES.get(letters) if letters.isupper() and word[:1].isalpha() else None


def correct_closing(words: list[str]) -> list[str]:
    """A line of the signature block: its authority ("KT" → "KT.") and its titles put right."""
    out = list(words)
    if len(out) > 1 and authority(out[0]):
        out[0] = authority(out[0])
    glued = _GLUED_AUTHORITY.match(out[0]) if out else None
    if glued and authority(glued.group(1)):
        # OCR lost the space after the dot ("KT.GIÁM ĐỐC"): the title's words corrected, the
        # authority and the first word kept in one word's box.
        rest = correct([glued.group(2)] + out[1:])
        return [f"{authority(glued.group(1))} {rest[0]}"] + rest[1:]
    return correct(out)


_GLUED_AUTHORITY = re.compile(r"^([A-Z][A-Z.]{0,3}[.,])([^\W\d_].*)$")


__all__ = ["correct", "correct_label", "correct_type_name", "correct_closing", "authority", "skeleton", "distance", "UPPER", "MIXED",
           "LABELS"]
