"""The importer's cursor over a page: which blocks are placed, and under which model key."""
from __future__ import annotations

from typing import Optional

from vanban.reading.page import Page


class Reader:
    """The blocks of a page, those already placed, and the model key each was placed under
    (what is left over is kept as a comment after the key placed just before it)."""

    def __init__(self, page: Page, file: str, strict: bool = False):
        self.blocks = list(page.blocks)
        self.page, self.file, self.strict = page, file, strict
        self.used: set[int] = set()
        self.anchor: dict[int, str] = {}
        self.warnings: list[str] = []
        self.repairs: list[str] = []            # what was read but breaks a rule (refused when strict)
        self.notes: dict[str, str] = {}         # source note id → key in chu_thich

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
