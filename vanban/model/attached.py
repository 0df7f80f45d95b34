"""How a document names itself in running text, and the line under an appendix's name: "(Kèm theo Kế hoạch số 12/KH-UBND ngày 08/12/2023 của UBND tỉnh Lai Châu)".

Composed from the document itself, so it never disagrees with the number line: a draft's blank
number and day print as "…" for the clerk's pen, the way a citation of a draft is written.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vanban.decree import vn
from vanban.decree.agency_names import running_name

if TYPE_CHECKING:
    from vanban.model.schema import VanBan

BLANK = "…"


def issuer(doc: "VanBan", short: bool = False) -> str:
    """The issuing body in running text: ``ten_goi`` when given (``short``: as given, ``UBND tỉnh``;
    else with its place, ``UBND tỉnh Lai Châu``), else its name as running text capitalises it
    (appendix II), the place name and abbreviations kept: ``Ủy ban nhân dân tỉnh Lai Châu``,
    ``LĐLĐ tỉnh Lai Châu``, ``Sở Giáo dục và Đào tạo``."""
    c = doc.co_quan
    place = c.dia_danh.strip()
    if c.ten_goi:
        return c.ten_goi if short or place.lower() in c.ten_goi.lower() else f"{c.ten_goi} {place}"
    return _running(" ".join(c.ten), doc)


def _running(name: str, doc: "VanBan") -> str:
    """A name printed in capitals, in running text as appendix II capitalises it
    (:func:`~vanban.decree.agency_names.running_name`), the place and abbreviations kept."""
    place = doc.co_quan.dia_danh.strip()
    text = running_name(name, keep=[vn.upper_vi(doc.co_quan.viet_tat)])
    return re.sub(re.escape(place.lower()), place, text, flags=re.I) if place else text


def authority(doc: "VanBan") -> str:
    """Who issued the document, as the "(Kèm theo …)" line names it: a quyết định made by the head of
    the body (``tham_quyen: GIÁM ĐỐC BỆNH VIỆN …``, ``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``) is "của Giám đốc
    Bệnh viện …", "của Chủ tịch Ủy ban nhân dân tỉnh …", as offices write it; else the body itself."""
    body = issuer(doc)
    power = " ".join((doc.tham_quyen or "").split())
    if not power:
        return body
    name = " ".join(" ".join(doc.co_quan.ten).split())
    upper = vn.upper_vi(power)
    if upper == vn.upper_vi(name):                  # the body decides collectively
        return body
    if name and upper.endswith(" " + vn.upper_vi(name)):
        head = power[: len(power) - len(name)].strip()
        return f"{head[:1].upper()}{head[1:].lower()} {body}"
    return power if power != upper else _running(power, doc)


def reference(doc: "VanBan") -> str:
    """``Kế hoạch số 12/KH-UBND ngày 08/12/2023``; a Party number joined to its code with a hyphen
    (HD 36: ``số 12-NQ/TU``); a draft's blank number and day as ``…``."""
    number = vn.doc_number(doc.so) if doc.so else BLANK
    d = doc.ngay
    if d.date:
        date = vn.short_date(d.date)
    else:
        date = f"{BLANK}/{vn.month_text(d.thang) if d.thang else BLANK}/{d.nam or BLANK}"
    joint = "-" if doc.mau.value == "dang" else "/"
    return f"{doc.kind.name} số {number}{joint}{doc.code} ngày {date}"


def attached_line(doc: "VanBan") -> str:
    """``(Kèm theo <Kind> số <number>/<code> ngày <dd/mm/yyyy> của <issuer>)``."""
    return f"(Kèm theo {reference(doc)} của {authority(doc)})"


__all__ = ["attached_line", "authority", "issuer", "reference"]
