"""Printed width of text in Times New Roman, from the font's advance widths.

The table comes from Liberation Serif, which has Times New Roman's metrics
(``scripts/build_metrics.py``). Width decides the length of the short rules
and where the Kính gửi block starts; kerning is ignored, which errs by well
under a millimetre on a header line.
"""
from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

from vanban.decree.lengths import MM_PER_PT



@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, float]]:
    return json.loads(resources.files("vanban").joinpath("data/tnr_metrics.json").read_text("utf-8"))


def _face(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold",
            (False, True): "italic", (True, True): "bolditalic"}[(bold, italic)]


def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set at ``size_pt`` in millimetres."""
    widths = _table()[_face(bold, italic)]
    fallback = widths["n"]
    total = 0.0
    for ch in unicodedata.normalize("NFC", text):
        w = widths.get(ch)
        if w is None:
            # A letter outside the table: measure its base letter.
            base = unicodedata.normalize("NFD", ch)[:1]
            w = widths.get(base, fallback)
        total += w
    return total * size_pt * MM_PER_PT
