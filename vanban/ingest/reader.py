"""The importer's cursor over a page: which blocks are placed, and under which model key."""
from __future__ import annotations

import dataclasses
import re
from typing import Optional

from vanban.reading.page import Block, Page, Span

# A header line a form splits over two cells of one table row: "Số:" alone in its cell, the code
# in the next ("Số:" | "/TB-BV"); the place and "ngày" in one, the month in the next.
_NUMBER_LABEL = re.compile(r"^Số\s*:?$")
_DAY_OPEN = re.compile(r"\bngày[\s.…_]*$")


def join_split_cells(blocks: list[Block]) -> list[Block]:
    """The header lines a form splits over two neighbouring cells of one table row, each as one
    block, so the locator reads the number and the date lines the page prints."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.cell is not None and b.cell is not None
                and prev.cell[:2] == b.cell[:2] and b.cell[2] == prev.cell[2] + 1
                and (_NUMBER_LABEL.match(prev.text)
                     or (_DAY_OPEN.search(prev.text) and b.text.startswith("tháng")))):
            out[-1] = dataclasses.replace(prev, spans=[*prev.spans, Span(" "), *b.spans])
            continue
        out.append(b)
    return out


class Reader:
    """The blocks of a page, those already placed, and the model key each was placed under
    (what is left over is kept as a comment after the key placed just before it)."""

    def __init__(self, page: Page, file: str, strict: bool = False):
        self.blocks = join_split_cells(list(page.blocks))
        self.page, self.file, self.strict = page, file, strict
        self.used: set[int] = set()
        self.anchor: dict[int, str] = {}
        self.warnings: list[str] = []
        self.repairs: list[str] = []            # what was read but breaks a rule (refused when strict)
        self.notes: dict[str, str] = {}         # source note id → key in chu_thich
        self.issuer: Optional[str] = None       # the issuer as an appendix's "Kèm theo … của …" names it

    def find(self, pred, lo=0, hi=None) -> Optional[int]:
        hi = len(self.blocks) if hi is None else min(hi, len(self.blocks))
        return next((k for k in range(lo, hi) if k not in self.used and pred(self.blocks[k].text)), None)

    def take(self, k: int, anchor: str) -> str:
        self.used.add(k)
        self.anchor[k] = anchor
        return self.blocks[k].text

    def repair(self, message: str) -> None:
        """A reading a strict import refuses: a warning, and one of the repairs."""
        self.warnings.append(message)
        self.repairs.append(message)

    def note_key(self, source_id: str) -> str:
        return self.notes.setdefault(source_id, str(len(self.notes) + 1))
