"""The Party's layout and writing rules (Hướng dẫn 36-HD/VPTW, 03/4/2018, appendix 3), as data.

Party bodies (a tỉnh ủy, a đảng ủy, a Đảng đoàn, a chi bộ) do not print the national name and
motto of Decree 30: the header's right column is the title "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold,
a rule as long as the title), the left one the superior body (14 pt) and the issuing body (14 pt
bold) with a star under it. The number has no colon ("Số 12-NQ/TU"), a công văn's subject is
12 pt italic without "V/v", the signature's authority is written T/M, K/T or T/L, and the copies
kept are "- Lưu Văn phòng …" without a colon. What the guidance leaves as a range is chosen here
the same way :mod:`.layout` chooses inside the decree's.
"""
from __future__ import annotations

import re
from typing import Optional

from vanban.decree import vn
from vanban.decree.layout import DECREE, DEFAULT, Layout, Range, Ranges, Sizes

#: The title every Party document prints top right (HD 36 §II.1.1).
TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
#: The mark under the issuing body's name (HD 36 §II.1.2: "dấu sao (*)").
STAR = "*"

#: HD 36 appendix 3's sizes; the state names of :class:`Ranges` stand for the Party's elements:
#: ``quoc_hieu`` is the title, ``co_quan`` the bodies, ``vv`` a công văn's subject.
RANGES = Ranges(quoc_hieu=Range(15, 15), co_quan=Range(14, 14), so=Range(14, 14), ngay=Range(14, 14),
                vv=Range(12, 12), ten_loai=Range(15, 16), trich_yeu=Range(14, 15), kinh_gui=Range(14, 14),
                body=Range(14, 15), noi_nhan=Range(14, 14), noi_nhan_item=Range(12, 12), chu_ky=Range(14, 14),
                page_number=Range(14, 14))

SIZES = Sizes(quoc_hieu=15, co_quan=14, so=14, ngay=14, vv=12, ten_loai=16, trich_yeu=14, kinh_gui=14,
              body=14, noi_nhan=14, noi_nhan_item=12, chu_ky=14, page_number=14)

LAYOUT = Layout(sizes=SIZES)

#: How each profile is laid out and which ranges ``check`` holds it to.
LAYOUTS = {"nha_nuoc": DEFAULT, "cong_doan": DEFAULT, "dang": LAYOUT}
RANGES_OF = {"nha_nuoc": DECREE, "cong_doan": DECREE, "dang": RANGES}

#: The signing authorities the Party writes (HD 36 §II.5): on behalf of a committee or a congress,
#: a deputy of an advisory body, by order. The state's Q. and TUQ. have no Party form.
AUTHORITY = {"tm": "T/M", "kt": "K/T", "tl": "T/L"}


def is_party(profile: str) -> bool:
    return profile == "dang"


def ky_hieu(type_abbr: str, body_abbr: str) -> str:
    """The Party code: ``NQ/TU``, a công văn's ``CV/TU`` (type first, the body after the slash)."""
    return f"{type_abbr}/{vn.upper_vi(body_abbr)}"


def so_ky_hieu(number: Optional[int], code: str) -> str:
    """The Party number line, without a colon: ``Số 12-NQ/TU``; a draft ``Số      -NQ/TU``."""
    return f"Số {vn.doc_number(number)}-{code}" if number is not None else f"Số{vn.BLANK_NUMBER}-{code}"


def authority_line(key: str, value: str) -> str:
    """``T/M BAN THƯỜNG VỤ``, ``K/T TRƯỞNG BAN``, ``T/L BAN THƯỜNG VỤ``."""
    return f"{AUTHORITY[key]} {vn.upper_vi(value)}"


def noi_nhan_entries(entries: list[str], kept: list[str]) -> list[str]:
    """The Nơi nhận entries as HD 36 prints them: ``- A,`` … and last ``- Lưu Văn phòng Tỉnh ủy.``
    (a comma after each entry, the copies kept without a colon)."""
    cleaned = [vn.strip_end_punct(e) for e in entries] + [f"Lưu {', '.join(kept)}"]
    return [f"- {t}{'.' if k == len(cleaned) - 1 else ','}" for k, t in enumerate(cleaned)]


__all__ = ["TITLE", "STAR", "RANGES", "SIZES", "LAYOUT", "LAYOUTS", "RANGES_OF", "AUTHORITY", "is_party",
           "ky_hieu", "so_ky_hieu", "authority_line", "noi_nhan_entries"]


_NUMBER = re.compile(rf"^Số\b\s*:?\s*(?P<digits>\d*){vn.HOLE}-\s*(?P<code>[^\s/]+\s*/\s*\S+)", re.I)


def parse_number_line(text: str) -> Optional[vn.NumberLine]:
    """:func:`so_ky_hieu` read back: ``"Số 12-NQ/TU"`` → (12, "NQ/TU"); a draft's ``"Số   -CV/ĐĐ"`` →
    (None, "CV/ĐĐ"); None for a line in the state's form (``Số: 12/KH-UBND``)."""
    m = _NUMBER.match(vn.nfc(text).strip())
    if m is None:
        return None
    digits = m.group("digits")
    return vn.NumberLine(int(digits) if digits else None, m.group("code").replace(" ", "").rstrip(".,;"), digits)
