"""What offices write in a table, read the same way by rendering, import, check and derive."""
from __future__ import annotations

#: The heading of a column that numbers the rows, as offices write it (lower case, no final dot).
TT_HEADINGS = frozenset({"tt", "stt", "số tt", "số thứ tự", "s tt"})


def is_tt_heading(text: str) -> bool:
    """``"TT"``, ``"STT."``, ``"Số TT"``, ``"SỐ THỨ TỰ"``: the heading of a column numbering the rows."""
    return " ".join((text or "").split()).lower().rstrip(".") in TT_HEADINGS


__all__ = ["TT_HEADINGS", "is_tt_heading"]
