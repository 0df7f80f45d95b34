"""Tables of a page back into the model's ``bang``: cells, merges, heading rows, widths, TT.

A page's table is a :class:`~vanban.reading.tables.Grid` (from the .docx reader or from a PDF's
ruling lines) and the blocks whose ``cell`` names it. A table that holds data (two columns or more
and rows to read across, drawn with lines or three rows and more) becomes ``{bang: …}`` where it
stands; a table that only places text (the header, Nơi nhận beside the signature) is the
locator's and stays layout. The heading rows are those Word repeats on every page
(``w:tblHeader``), else a first row in bold, carried down over the cells merged from it; a first
column headed "TT" that counts 1, 2, 3 … is ``so_thu_tu: true``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from vanban.decree.tables import is_tt_heading
from vanban.ingest.text import markup
from vanban.reading.page import Block
from vanban.reading.tables import Grid, holds_data

_NUMBER = re.compile(r"^(\d{1,4})\.?$")


@dataclass
class TableBlock:
    """A table where a paragraph stands in the body: what the body builder places as ``{bang: …}``."""
    bang: dict
    text: str = ""


def owner(b: Block) -> Optional[tuple]:
    """The top-level table cell a block stands in (a nested table's block: the outer cell)."""
    return b.outer or b.cell


def is_data(grid: Optional[Grid], blocks: list[Block], used: bool) -> bool:
    """A table that holds data, not one that places the header or the signature."""
    filled = {owner(b)[2] for b in blocks if b.text}
    return holds_data(grid, len(filled), used)


def _cell_text(blocks: list[Block], note_key: Callable[[str], str], heading: bool) -> str:
    return " ".join(t for t in (markup(b.spans, note_key, plain_bold=heading) for b in blocks) if t)


def _heading_rows(grid: Grid, texts: dict, bold: dict) -> int:
    """Rows Word repeats, else a bold first row; carried down over the cells merged from them."""
    h = _counted_from(grid, texts, grid.repeated)
    if not h and grid.height > 1:
        first = [c for c in grid.cells[0] if texts.get((c.row, c.col))]
        if first and all(bold.get((c.row, c.col)) for c in first):
            h = 1
    k = 0
    while k < h:
        h = max([h] + [c.row + c.rows for c in grid.cells[k]])
        k += 1
    return min(h, grid.height)


def _counted_from(grid: Grid, texts: dict, h: int) -> int:
    """Under a TT heading, the first of the ``h`` repeated rows that is counted (1, 2 … in the TT
    column, words beside it) begins the body: Word's "repeat as heading" was set on it by mistake
    (a hospital's tờ trình repeated its rows 1 and 2). A row of column numbers (1) (2) (3) … stays
    in the heading, as offices print it under the headings."""
    if not is_tt_heading(texts.get((0, 0), "")):
        return h
    for r in range(1, h):
        row = [texts.get((c.row, c.col), "").strip() for c in grid.cells[r] if c.row == r]
        if row and _NUMBER.match(row[0]) and not all(_NUMBER.match(t.strip("()")) for t in row if t):
            return r
    return h


def _numbered(grid: Grid, texts: dict, h: int) -> bool:
    """A first column headed TT whose rows count 1, 2, 3 … in single cells."""
    head = grid.at(0, 0) if h else None
    if head is None or head.cols != 1 or not is_tt_heading(texts.get((head.row, head.col), "")) or grid.height == h:
        return False
    for i, r in enumerate(range(h, grid.height)):
        c = grid.cells[r][0] if grid.cells[r] else None
        m = _NUMBER.match(texts.get((r, 0), "")) if c is not None and c.col == 0 else None
        # "01", "02" stay typed: vanban numbers 1, 2, and the clerk's zeros would be lost.
        if m is None or c.cols != 1 or c.rows != 1 or m.group(1) != str(i + 1):
            return False
    return True


def _part(grid: Grid, texts: dict, lo: int, hi: int, skip_first: bool) -> list[list]:
    rows = []
    for r in range(lo, hi):
        row = []
        for c in grid.cells[r]:
            if skip_first and c.col == 0:
                continue
            text = texts.get((c.row, c.col), "")
            down = min(c.rows, hi - r)
            if c.cols > 1 or down > 1:
                cell = {"noi_dung": text}
                if c.cols > 1:
                    cell["gop_cot"] = c.cols
                if down > 1:
                    cell["gop_dong"] = down
                row.append(cell)
            else:
                row.append(text)
        rows.append(row)
    return rows


def bang(grid: Grid, blocks: list[Block], note_key: Callable[[str], str]) -> dict:
    """The ``bang`` mapping of a table from its grid and its blocks."""
    by_cell: dict[tuple, list[Block]] = {}
    for b in blocks:
        r, c = owner(b)[1:]
        top = grid.at(r, c)
        if top is not None:
            by_cell.setdefault((top.row, top.col), []).append(b)
    plain = {k: " ".join(b.text for b in v if b.text) for k, v in by_cell.items()}
    bold = {k: all(b.bold for b in v if b.text) for k, v in by_cell.items()}
    h = _heading_rows(grid, plain, bold)
    texts = {k: _cell_text(v, note_key, k[0] < h) for k, v in by_cell.items()}
    numbered = _numbered(grid, plain, h)
    out: dict = {}
    if h:
        out["cot"] = _part(grid, texts, 0, h, False)
    if numbered:
        out["so_thu_tu"] = True
    out["dong"] = _part(grid, texts, h, grid.height, numbered)
    out["dong"] = [row for row in out["dong"] if row] or out["dong"]
    if grid.widths_mm:
        out["rong"] = list(grid.widths_mm)
    return out


def gather(blocks: list[Block], indexes: list[int], tables: dict, used: set, note_key) -> tuple[list, set]:
    """The running blocks of ``indexes`` with each data table's blocks made one :class:`TableBlock`
    where it stands; and the indexes it placed. Blocks of a layout table are left out, as before."""
    out: list = []
    placed: set[int] = set()
    by_table: dict[int, list[int]] = {}
    for k in indexes:
        if blocks[k].cell is not None:
            by_table.setdefault(owner(blocks[k])[0], []).append(k)
    for k in indexes:
        b = blocks[k]
        if b.cell is None:
            if k not in used:
                out.append(b)
            continue
        number = owner(b)[0]
        ks = by_table.get(number)
        if not ks or ks[0] != k:
            continue
        grid = tables.get(number)
        if is_data(grid, [blocks[j] for j in ks], any(j in used for j in ks)):
            out.append(TableBlock(bang(grid, [blocks[j] for j in ks], note_key)))
            placed.update(ks)
    return out, placed


__all__ = ["TableBlock", "bang", "gather", "is_data", "owner"]
