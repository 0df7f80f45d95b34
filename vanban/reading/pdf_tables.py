"""Tables of a PDF's text layer, from the lines that draw them and the words inside them.

A PDF has no table, only words and the strokes of its borders (LibreOffice and Word draw each
border as a thin path). Strokes that touch make one table; their x and y positions make its grid
lines; a border missing between two grid cells is a merge (across or down). Each cell's words
become one block whose ``cell`` is ``(table, row, column)``, and the table a
:class:`~vanban.reading.tables.Grid`, so import reads it as it reads a .docx table. A table broken
over pages continues when the next page opens with it and its columns (:func:`continues`): the
same count, their edges agreeing once the frame's scale and offset are allowed for (a re-layout
or a scan at another scale), and nothing but page furniture between; a lone row at the top of the
next page (two lines across, no table on its own) is its last row. The rows it repeats at the top
are its heading rows. A page read by OCR has no strokes: :mod:`.ocr_tables` finds its borders in
the page image and gives them here as the same :class:`Rule` strokes.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Callable

from vanban.reading.page import Block, Span, merge
from vanban.reading.tables import Grid, GridCell

THIN = 2.5      # points: a border is at most this thick
NEAR = 2.5      # points: two strokes this close are one grid line, or touch
MM_PER_PT = 25.4 / 72
#: A table continued on the next page may be drawn at another scale (a scan) within this share,
#: and its frame moved by this much (points: a page laid askew on the glass, another margin).
SCALE, SHIFT = 0.06, 36.0
#: ... and an inner column edge moved by this share of the narrower column beside it (a re-layout
#: widens one column at its neighbour's cost: 96.8 | 69.7 pt on one page, 87.4 | 79.4 on the next).
EDGE_SHARE = 0.15
#: The decree's least top and bottom margin (mm): a line standing in it is page furniture (a page
#: number, a running head), whatever it reads (OCR reads a lone "2" as "È)").
MARGIN_MM = 20.0


@dataclass(frozen=True)
class Rule:
    """A stroke on a page (points, top-left origin)."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def across(self) -> bool:
        return self.bottom - self.top <= THIN and self.x1 - self.x0 > THIN

    @property
    def down(self) -> bool:
        return self.x1 - self.x0 <= THIN and self.bottom - self.top > THIN


def rules_of(page) -> list[Rule]:
    """The thin strokes of a pypdfium2 page (path objects, in forms too)."""
    import pypdfium2.raw as raw
    height = page.get_size()[1]
    out = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        r = Rule(left, height - top, right, height - bottom)
        if r.across or r.down:
            out.append(r)
    return out


def _touch(a: Rule, b: Rule) -> bool:
    return a.x0 - NEAR <= b.x1 and b.x0 - NEAR <= a.x1 and a.top - NEAR <= b.bottom and b.top - NEAR <= a.bottom


def _groups(rules: list[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    order = sorted(range(len(rules)), key=lambda i: rules[i].top)
    for a_pos, i in enumerate(order):
        for j in order[a_pos + 1:]:
            if rules[j].top - NEAR > rules[i].bottom:
                break
            if _touch(rules[i], rules[j]):
                parent[root(i)] = root(j)
    out: dict[int, list[Rule]] = {}
    for i in range(len(rules)):
        out.setdefault(root(i), []).append(rules[i])
    return list(out.values())


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= NEAR:
            continue
        out.append(v)
    return out


@dataclass
class Found:
    """A table found on one page: its grid lines, its cells' rectangles, its lines of words."""
    page: int
    xs: list[float]
    ys: list[float]
    cells: list[list[GridCell]]
    lines: list = field(default_factory=list)
    joins: bool = False         # continues the table that ends the page before (:func:`continues`)

    def box(self):
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _grid_of(rules: list[Rule], page: int) -> "Found | None":
    across, down = [r for r in rules if r.across], [r for r in rules if r.down]
    xs = _positions([(r.x0 + r.x1) / 2 for r in down])
    ys = _positions([(r.top + r.bottom) / 2 for r in across])
    if len(xs) < 3 or len(ys) < 2:
        return None       # one column, or a rule under a heading: not a table
    # One row (two lines across) is a table only as the last row of one broken over pages
    # (:func:`find` keeps it then); alone it is a frame round a line of text.

    def wall(x: float, lo: float, hi: float) -> bool:
        mid = (lo + hi) / 2
        return any(abs((r.x0 + r.x1) / 2 - x) <= NEAR and r.top - NEAR <= mid <= r.bottom + NEAR for r in down)

    def floor(y: float, lo: float, hi: float) -> bool:
        mid = (lo + hi) / 2
        return any(abs((r.top + r.bottom) / 2 - y) <= NEAR and r.x0 - NEAR <= mid <= r.x1 + NEAR for r in across)
    rows, cols = len(ys) - 1, len(xs) - 1
    taken = [[False] * cols for _ in range(rows)]
    cells: list[list[GridCell]] = []
    for i in range(rows):
        row = []
        for j in range(cols):
            if taken[i][j]:
                continue
            span = 1
            while j + span < cols and not wall(xs[j + span], ys[i], ys[i + 1]):
                span += 1
            down_n = 1
            while i + down_n < rows and not any(floor(ys[i + down_n], xs[c], xs[c + 1]) for c in range(j, j + span)):
                down_n += 1
            for a in range(i, i + down_n):
                for b in range(j, j + span):
                    taken[a][b] = True
            row.append(GridCell(i, j, down_n, span))
        cells.append(row)
    return Found(page, xs, ys, cells)


def grids(rules: list[Rule], page: int = 0) -> list[Found]:
    """The tables the strokes of one page draw, without their words yet."""
    return [f for f in (_grid_of(group, page) for group in _groups(rules)) if f is not None]


def find(pages: list, lines: list) -> list[Found]:
    """The tables of every page with a text layer, each with the lines of words inside it; a table
    that continues the one ending the page before is marked ``joins``, and a lone row is kept only
    so (the last row of a table broken over pages)."""
    out: list[Found] = [f for p, pw in enumerate(pages) for f in grids(getattr(pw, "rules", []), p)]
    for ln in lines:
        mid = _mid(ln)
        for f in out:
            x0, y0, x1, y1 = f.box()
            if f.page == ln.page and y0 <= mid <= y1 and ln.x0 >= x0 - NEAR and ln.x1 <= x1 + NEAR:
                f.lines.append(ln)
                break
    out = sorted((f for f in out if f.lines), key=lambda f: (f.page, f.ys[0]))
    kept: list[Found] = []
    for f in out:
        prev = kept[-1] if kept else None
        f.joins = prev is not None and continues(prev, f, _furniture_only(prev, f, lines, out, pages))
        if len(f.ys) > 2 or f.joins:
            kept.append(f)
    return kept


def _mid(ln) -> float:
    return (min(w.top for w in ln.words) + max(w.bottom for w in ln.words)) / 2


def _furniture_only(a: Found, b: Found, lines: list, found: list[Found], pages: list) -> bool:
    """Whether nothing stands between table ``a`` and table ``b`` on the next page but page
    furniture (lines in the top or bottom margin; footnotes and running heads the caller took
    off): no line of text, and no other table."""
    if b.page != a.page + 1:
        return False
    inside = {id(ln) for f in found for ln in f.lines}
    margin = MARGIN_MM / MM_PER_PT

    def furniture(ln) -> bool:
        height = getattr(pages[ln.page], "height", 0) if ln.page < len(pages) else 0
        return max(w.bottom for w in ln.words) <= margin or \
            bool(height) and min(w.top for w in ln.words) >= height - margin

    def between(page: int, y: float) -> bool:
        return page == a.page and y > a.ys[-1] or page == b.page and y < b.ys[0]
    return not any(id(ln) not in inside and between(ln.page, _mid(ln)) and not furniture(ln) for ln in lines) and \
        not any(f is not a and f is not b and between(f.page, f.ys[0]) for f in found)


def _cell_blocks(f: Found, number: int, spans_of: Callable) -> list[Block]:
    """A block per cell: the words inside it, line by line (a line's raised digits are footnote marks)."""
    blocks = []
    for row in f.cells:
        for c in row:
            x0, x1 = f.xs[c.col], f.xs[c.col + c.cols]
            y0, y1 = f.ys[c.row], f.ys[c.row + c.rows]
            spans: list[Span] = []
            for ln in f.lines:
                inside = [w for w in ln.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.top + w.bottom) / 2 <= y1]
                if inside:
                    size = max(w.size for w in inside)
                    spans += ([Span(" ")] if spans else []) + spans_of(inside, size)
            blocks.append(Block(merge(spans), (number, c.row, c.col)))
    return blocks


def _same_columns(a: Found, b: Found) -> bool:
    # The same widths; the left edge may move a little more (a scan's pages lie askew on the glass).
    return len(a.xs) == len(b.xs) and abs(a.xs[0] - b.xs[0]) <= 15 and \
        all(abs((x1 - x0) - (y1 - y0)) <= 3 for x0, x1, y0, y1 in zip(a.xs, a.xs[1:], b.xs, b.xs[1:]))


def edges_agree(a: list[float], b: list[float]) -> bool:
    """Whether column edges ``b`` (points) are edges ``a`` drawn again: as many, the frame scaled
    by at most :data:`SCALE` and moved by at most :data:`SHIFT`, and each inner edge, once scaled
    and moved the same, within :data:`EDGE_SHARE` of the narrower column beside it."""
    if len(a) != len(b) or len(a) < 2 or a[-1] <= a[0]:
        return False
    scale = (b[-1] - b[0]) / (a[-1] - a[0])
    if abs(scale - 1) > SCALE or abs(b[0] - a[0]) > SHIFT:
        return False
    for k in range(1, len(a) - 1):
        narrow = min(a[k] - a[k - 1], a[k + 1] - a[k])
        if abs(b[0] + (a[k] - a[0]) * scale - b[k]) > max(NEAR, EDGE_SHARE * narrow):
            return False
    return True


def _first_row(f: Found) -> tuple[list[str], bool]:
    """The text of each cell of a table's first row, and whether it reads as a heading row: every
    cell holds words, all bold, one cell a column (or merged down: a heading over two rows). A
    group's row at the top of a page ("II | **Nhóm nhiệm vụ**" across the rest) is bold too, but
    its name covers several columns and nothing merges down."""
    texts, bold = [], []
    first = f.cells[0] if f.cells else []
    for c in first:
        x0, x1, y0, y1 = f.xs[c.col], f.xs[c.col + c.cols], f.ys[0], f.ys[c.rows]
        words = [w for ln in f.lines for w in ln.words
                 if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.top + w.bottom) / 2 <= y1]
        texts.append(" ".join(w.text for w in words))
        bold += [w.bold for w in words]
    shaped = len(first) == len(f.xs) - 1 or any(c.rows > 1 for c in first)
    return texts, len(texts) >= 2 and all(t.strip() for t in texts) and all(bold) and shaped


def continues(a: Found, b: Found, furniture_only: bool) -> bool:
    """Whether table ``b``, first on its page, goes on with table ``a``, last on the page before:
    nothing but page furniture between, the same number of columns with the same edges once the
    frame's scale and offset are allowed for (:func:`edges_agree`; :func:`_same_columns`, the
    widths to the point, as before), and ``b`` not opening with a heading row of its own (bold,
    not ``a``'s first row repeated): that is a new table drawn to the same frame. A lone row is
    no table by itself: it joins on the columns alone (a bold one is the total's row)."""
    if not furniture_only or not (_same_columns(a, b) or edges_agree(a.xs, b.xs)):
        return False
    if len(b.ys) == 2:
        return True
    texts, heading = _first_row(b)
    return not heading or _same_row(texts, _first_row(a)[0])


def _row_texts(blocks: list[Block], row: int) -> list[str]:
    return [b.text for b in blocks if b.cell[1] == row]


def _same_row(a: list[str], b: list[str]) -> bool:
    """The same heading row on the next page: the same text, or nearly, cell by cell (OCR reads it a
    little differently on each page: "phối hợp", "phối lựp"; a lone "TT" any way at all)."""
    import difflib
    if a == b:
        return True
    if len(a) != len(b):
        return False
    if any(re.findall(r"\d+", x) != re.findall(r"\d+", y) for x, y in zip(a, b)):
        return False        # "Nhiệm vụ số 1", "Nhiệm vụ số 28": body rows, not a heading read twice
    long = [(x, y) for x, y in zip(a, b) if len(x) >= 4]
    return bool(long) and all(difflib.SequenceMatcher(None, x, y).ratio() >= 0.8 for x, y in long)


def place(lines: list, found: list[Found], page, flow: Callable[[list], None], first_number: int,
          spans_of: Callable) -> None:
    """``flow`` the running lines and put each table's blocks where it stands in ``page``; a
    table that the next page continues (``joins``, as :func:`find` judged it) is one table."""
    in_table = {id(ln): f for f in found for ln in f.lines}
    number = first_number
    pending: list = []
    last: "tuple[Found, Grid, list[Block]] | None" = None
    for k, ln in enumerate(lines):
        f = in_table.get(id(ln))
        if f is None:
            pending.append(ln)
            continue
        if f.lines[0] is not ln:
            continue
        # What stands between a table and its continuation is page furniture (find judged it so):
        # it flows after the table, not inside it.
        joined = last is not None and f.joins
        if pending and not joined:
            flow(pending)
            pending = []
        if joined:
            prev, grid, prev_blocks = last
            blocks = _cell_blocks(f, grid.number, spans_of)
            repeat = 0
            while repeat < min(len(f.ys) - 1, grid.height) and \
                    _same_row(_row_texts(blocks, repeat), _row_texts(prev_blocks, repeat)):
                repeat += 1
            grid.repeated = grid.repeated or repeat
            grid.pages += 1
            shift = grid.height - repeat
            for b in blocks:
                if b.cell[1] >= repeat:
                    b.cell = (grid.number, b.cell[1] + shift, b.cell[2])
                    page.blocks.append(b)
            grid.cells += [[GridCell(c.row + shift, c.col, c.rows, c.cols) for c in row] for row in f.cells[repeat:]]
            last = (f, grid, prev_blocks)
            continue
        blocks = _cell_blocks(f, number, spans_of)
        widths = [round((b - a) * MM_PER_PT, 1) for a, b in zip(f.xs, f.xs[1:])]
        grid = Grid(number, [list(r) for r in f.cells], len(f.xs) - 1, widths, 0, True)
        page.tables[number] = grid
        page.blocks.extend(blocks)
        last = (f, grid, blocks)
        number += 1
    if pending:
        flow(pending)


__all__ = ["Rule", "rules_of", "grids", "find", "place", "Found", "continues", "edges_agree"]
