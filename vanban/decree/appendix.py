"""The title block of an appendix (phụ lục), as appendix I §I.7 and the offices print it.

"Phụ lục I" (a single appendix: "Phụ lục"), the appendix's name in bold capitals, and the line
"(Kèm theo Kế hoạch số 87/KH-UBND ngày 08/3/2024 của UBND huyện Phong Thổ)" saying which document
it is attached to. ``import`` and ``check`` read them with these parsers.
"""
from __future__ import annotations

import re
from typing import Optional

from vanban.decree import vn

#: "Phụ lục I", "PHỤ LỤC 2: …", a blank or a template's field for the number ("PHỤ LỤC …", "{{SO}}").
TITLE = re.compile(r"^PH[ỤU]\s*L[ỤU]C(?:\s+(?:SỐ\s+)?([IVXLC]+|\d{1,2}|[A-Z]|\{\{[^{}]{0,30}\}\}|…+|\.{2,}))?"
                   r"\s*(?:[:.\-–]\s*(.*))?$")
ATTACHED = re.compile(r"^\(?\s*(Kèm|Ban hành kèm) theo\b", re.I)
#: The whole line: the document's type, its number, its date and its issuer, in brackets.
ATTACHED_FULL = re.compile(r"^\((?:Ban hành )?[Kk]èm theo .+\bsố\s+\S+.*\bngày\b.+\bcủa\b.+\)$")


def title(text: str) -> Optional[tuple[str, str]]:
    """``"Phụ lục II"`` → ("II", ""); ``"PHỤ LỤC I: DANH SÁCH …"`` → ("I", "DANH SÁCH …"); else None."""
    m = TITLE.match(vn.upper_vi(text.strip()))
    if m is None:
        # "PHỤ LỤC DANH MỤC …": the name straight after the word, the whole line in capitals.
        bare = re.match(r"^PH[ỤU]\s*L[ỤU]C\s+(?!KÈM\b)(\S.*)$", text.strip())
        return ("", bare.group(1)) if bare and text == vn.upper_vi(text) else None
    rest = text.strip()[m.start(2):].strip() if m.group(2) else ""
    return m.group(1) or "", rest


def numeral_value(numeral: str) -> Optional[int]:
    """``"II"`` → 2, ``"3"`` → 3, ``"B"`` → 2; ``""`` → None."""
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    if re.fullmatch(r"[IVXLC]+", numeral):
        return vn.roman_value(numeral)
    return ord(numeral) - ord("A") + 1 if len(numeral) == 1 else None   # a blank or a field: no number


__all__ = ["TITLE", "ATTACHED", "ATTACHED_FULL", "title", "numeral_value"]
