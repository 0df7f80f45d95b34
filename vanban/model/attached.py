"""The line under an appendix's name: "(Kèm theo Kế hoạch số 12/KH-UBND ngày 08/12/2023 của UBND tỉnh Lai Châu)".

Composed from the document itself, so it never disagrees with the number line: a draft's blank
number and day print as "…" for the clerk's pen, the way a citation of a draft is written.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vanban.decree import vn

if TYPE_CHECKING:
    from vanban.model.schema import VanBan

BLANK = "…"
#: Words of an agency's name that keep their capitals in running text.
_ABBREVIATIONS = {"UBND", "HĐND", "LĐLĐ", "MTTQ", "TW", "VN", "CĐ"}


def issuer(doc: "VanBan") -> str:
    """The issuing body in running text: ``ten_goi`` when given, else its name in sentence case with
    the place name and abbreviations kept: ``Ủy ban nhân dân tỉnh Lai Châu``, ``LĐLĐ tỉnh Lai Châu``."""
    c = doc.co_quan
    place = c.dia_danh.strip()
    if c.ten_goi:
        return c.ten_goi if place.lower() in c.ten_goi.lower() else f"{c.ten_goi} {place}"
    keep = _ABBREVIATIONS | {vn.upper_vi(c.viet_tat)}
    words = [w if w in keep else w.lower() for w in " ".join(c.ten).split()]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    return re.sub(re.escape(place.lower()), place, text, flags=re.I) if place else text


def attached_line(doc: "VanBan") -> str:
    """``(Kèm theo <Kind> số <number>/<code> ngày <dd/mm/yyyy> của <issuer>)``."""
    number = vn.doc_number(doc.so) if doc.so else BLANK
    d = doc.ngay
    if d.date:
        date = vn.short_date(d.date)
    else:
        date = f"{BLANK}/{vn.month_text(d.thang) if d.thang else BLANK}/{d.nam or BLANK}"
    # A Party number is joined to its code with a hyphen (HD 36): "số 12-NQ/TU".
    joint = "-" if doc.mau.value == "dang" else "/"
    return f"(Kèm theo {doc.kind.name} số {number}{joint}{doc.code} ngày {date} của {issuer(doc)})"


__all__ = ["attached_line", "issuer"]
