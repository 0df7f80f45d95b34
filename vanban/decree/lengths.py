"""Units of length: Word stores twips (1/20 pt) and EMU; the decree speaks in mm and pt."""
from __future__ import annotations

MM_PER_INCH = 25.4
PT_PER_INCH = 72
TWIPS_PER_MM = 1440 / MM_PER_INCH
EMU_PER_MM = 36000
MM_PER_PT = MM_PER_INCH / PT_PER_INCH


def twips(mm: float) -> int:
    """Millimetres as whole twips, the unit of Word's indents and table widths."""
    return round(mm * TWIPS_PER_MM)


def mm_of_twips(value: float) -> float:
    return value / TWIPS_PER_MM
