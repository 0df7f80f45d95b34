"""The grid of a table as the page shows it: which cell covers which rows and columns.

Word keeps a merged cell as ``w:gridSpan`` (columns) and a run of ``w:vMerge`` cells (rows: the
first ``restart``, the others continue it); its heading rows carry ``w:tblHeader``; its columns'
widths are in ``w:tblGrid``. :func:`grids` reads those from the tables of a
:class:`~vanban.reading.word.WordDocument` (the one .docx reader keeps each table's element), and
a PDF reader builds the same :class:`Grid` from ruling lines and word boxes, so ``import`` and
``check`` read one description of a table whatever file it came from. The text of a cell stays in
the page's blocks (each block's ``cell`` is ``(table, row, column)``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from vanban.decree.lengths import mm_of_twips
from vanban.reading.styles import W, int_attr
from vanban.reading.word import cells_of, rows_of

_NONE = {"nil", "none"}


@dataclass(frozen=True)
class GridCell:
    """A cell where the grid puts it (from 0), and how many rows and columns it covers."""
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class Grid:
    """One table: its cells row by row (covered positions left out), width, heading rows."""
    number: int
    cells: list[list[GridCell]] = field(default_factory=list)
    width: int = 0
    widths_mm: list[float] = field(default_factory=list)
    repeated: int = 0          # leading rows marked to repeat on every page (w:tblHeader)
    bordered: bool = False     # drawn with lines (a layout table usually is not)
    nested: bool = False       # inside a cell of another table
    pages: int = 1             # pages it is printed on (a PDF's table broken over pages)

    @property
    def height(self) -> int:
        return len(self.cells)

    def at(self, row: int, col: int) -> Optional[GridCell]:
        """The cell covering grid position (row, col)."""
        for r in range(row, -1, -1):
            for c in self.cells[r] if r < len(self.cells) else ():
                if c.col <= col < c.col + c.cols and c.row + c.rows > row:
                    return c
        return None


def holds_data(grid: Optional[Grid], filled_columns: int, layout: bool) -> bool:
    """A table that holds data (two columns or more read across; drawn with lines, or three rows and
    more), not one that only places text (``layout``: it holds the header or the signature)."""
    if grid is None or grid.nested or layout or grid.width < 2 or grid.height < 2 or filled_columns < 2:
        return False
    return grid.bordered or grid.height >= 3


def _on(el) -> bool:
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _lines(borders) -> bool:
    return borders is not None and any((b.get(W + "val") or "none") not in _NONE for b in borders)


def _bordered(tbl, styles) -> bool:
    pr = tbl.find(W + "tblPr")
    if pr is not None:
        if _lines(pr.find(W + "tblBorders")):
            return True
        style = pr.find(W + "tblStyle")
        if style is not None and _style_lines(styles, style.get(W + "val", "")):
            return True
    return any(_lines(tc.find(f"{W}tcPr/{W}tcBorders")) for tc in tbl.iter(W + "tc"))


def _style_lines(styles, style_id: str) -> bool:
    """Whether a table style draws lines (Word's "Table Grid" and its copies do)."""
    if styles is None:
        return "grid" in style_id.lower()
    for st in styles.iter(W + "style"):
        if st.get(W + "styleId") == style_id:
            return _lines(st.find(f"{W}tblPr/{W}tblBorders")) or "grid" in style_id.lower()
    return "grid" in style_id.lower()


def read_grid(number: int, tbl, styles=None, nested: bool = False) -> Grid:
    """The grid of a ``w:tbl`` element (rows in content controls too, as the reader walks them)."""
    g = Grid(number, nested=nested, bordered=_bordered(tbl, styles))
    open_down: dict[int, list] = {}      # column -> [row, col, rows, cols] of the cell merged down into it
    heading = True
    for r, tr in enumerate(rows_of(tbl)):
        row, col = [], 0
        trpr = tr.find(W + "trPr")
        if heading and trpr is not None and _on(trpr.find(W + "tblHeader")):
            g.repeated += 1
        else:
            heading = False
        before = trpr.find(W + "gridBefore") if trpr is not None else None
        col += max(0, int_attr(before.get(W + "val"), 0)) if before is not None else 0
        for tc in cells_of(tr):
            pr = tc.find(W + "tcPr")
            span = 1
            vm = None
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                span = max(1, min(64, int_attr(gs.get(W + "val"), 1))) if gs is not None else 1
                vm = pr.find(W + "vMerge")
            if vm is not None and vm.get(W + "val", "continue") != "restart" and col in open_down:
                open_down[col][2] += 1
            else:
                cell = [r, col, 1, span]
                row.append(cell)
                for c in range(col, col + span):
                    open_down.pop(c, None)
                if vm is not None:
                    open_down[col] = cell
            col += span
        g.cells.append(row)
        g.width = max(g.width, col)
    g.cells = [[GridCell(*c) for c in row] for row in g.cells]
    grid = tbl.find(W + "tblGrid")
    cols = [int_attr(gc.get(W + "w"), 0) for gc in grid.iter(W + "gridCol")] if grid is not None else []
    if len(cols) == g.width and all(w > 0 for w in cols):
        g.widths_mm = [round(mm_of_twips(w), 1) for w in cols]
    return g


def grids(doc) -> dict[int, Grid]:
    """Every table of a .docx's body by the number its cells' blocks carry."""
    nested = {p.pos[0] for p in doc.paragraphs if p.outer is not None and p.pos != p.outer}
    styles = doc.package.xml(doc.package.related(doc.package.main, "/styles") or "")
    return {n: read_grid(n, tbl, styles, n in nested) for n, tbl in doc.table_els.items()}


def landscape_blocks(doc, blocks) -> set[int]:
    """Indexes of the blocks that stand in a landscape section (an appendix with a wide table)."""
    starts = [(s.first_para, s.landscape) for s in doc.sections]
    out = set()
    for k, b in enumerate(blocks):
        index = getattr(b.source, "index", None)
        if index is not None and next((land for first, land in reversed(starts) if first <= index), False):
            out.add(k)
    return out


__all__ = ["Grid", "GridCell", "holds_data", "grids", "read_grid", "landscape_blocks"]
