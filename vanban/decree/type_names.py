"""The type names a document prints above its subject (appendix III), read back by :func:`parse_type_name`.

The name is printed in capitals (``KẾ HOẠCH``); its abbreviation opens the code of a typed
document (``KH-UBND``). A công văn prints no type name.
"""
from __future__ import annotations

import re
from typing import Optional

from vanban.decree import vn

#: Appendix III's type names and abbreviations, and names of documents vanban recognises without an
#: abbreviation of appendix III (None): what ``check`` and ``import`` both take for a title line.
TYPE_NAMES: dict[str, Optional[str]] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY ỦY QUYỀN": "GUQ", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
    "BẢN GHI NHỚ": None, "BẢN THỎA THUẬN": None, "GIẤY NGHỈ PHÉP": None, "THƯ CÔNG": None,
    "KẾT LUẬN": None, "PHIẾU TRÌNH": None, "ĐIỀU LỆ": None, "LUẬT": None, "NGHỊ ĐỊNH": None,
    "THÔNG TƯ": None, "DANH SÁCH": None, "PHỤ LỤC": None, "THAM LUẬN": None, "BÀI PHÁT BIỂU": None,
    "GIẢI TRÌNH": None, "THÔNG TRI": None,
}
#: The abbreviations of appendix III (a công văn's code must not open with one).
ABBREVIATIONS = frozenset(a for a in TYPE_NAMES.values() if a)


def type_name(name: str) -> str:
    """A type name as printed: in capitals with every diacritic (``"Kế hoạch"`` → ``"KẾ HOẠCH"``)."""
    return vn.upper_vi(re.sub(r"\s+", " ", name).strip())


def parse_type_name(text: str) -> Optional[str]:
    """The type name a title line prints (``"KẾ HOẠCH"``), in capitals, or None when the line is not one."""
    name = type_name(text).replace("UỶ", "ỦY").replace("THOẢ", "THỎA")
    return name if name in TYPE_NAMES else None


def type_name_prefix(text: str) -> Optional[str]:
    """The type name a title line opens with, also when more follows (``"PHỤ LỤC II"``,
    ``"ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)"``, ``"PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC"``), or None."""
    line = type_name(text).replace("UỶ", "ỦY").replace("THOẢ", "THỎA")
    return next((n for n in sorted(TYPE_NAMES, key=len, reverse=True)
                 if line.startswith(n) and not line[len(n):len(n) + 1].isalpha()), None)


def abbreviation(name: str) -> Optional[str]:
    """Appendix III's abbreviation of a type name (``"KẾ HOẠCH"`` → ``"KH"``), or None."""
    return TYPE_NAMES.get(name)
