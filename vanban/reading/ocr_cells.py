"""A scanned table's cells read on their own, and what a scan cannot show of a table (issue 25).

Tesseract's page layout analysis reads a ruled table badly: it takes the cells' lines for one
line across the page, drops a lone digit, reads a column's words into its neighbour's (on
vanban's own plan, scanned: "UBND các xã" read "DA D-DẠC in"). So once :mod:`.ocr_tables` has
found the borders, every cell is cut out of the page image (borders painted out) and the cells
are stacked one under another, a white gap between them, into one image that Tesseract reads as
one block of text (``--psm 6``): one more run a page with a table, not one a cell (a run costs
about 0.3 s to start). Its words go back to their cells' places on the page and replace the page
reading's words inside the tables; the one grid builder (:mod:`.pdf_tables`) then puts them in
their cells as for any PDF.
"""
from __future__ import annotations

import math
import re
from typing import Callable

import numpy as np

from vanban.reading import pdf_tables
from vanban.reading.geometry import Word
from vanban.reading.ocr_tables import Found, straighten, threshold
from vanban.reading.page import Page, Span

#: White pixels between two cells in the stack, and cut from each side of a cell (its border's rest).
GAP, INSET = 40, 5
#: A cell whose strokes are this much thicker than the page's usual cell is bold (13 pt Times at
#: 300 dpi: 4-5 pixels a stem, 7-8 bold; a scan shows what OCR does not say).
BOLD_STROKE = 1.3
#: The stack is cut into images at most this tall (pixels; Tesseract refuses past 32767).
MAX_STACK = 20000


def _crops(found: Found, dpi: int, shape: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Each cell of the page's tables as a box of the page image (x0, y0, x1, y1, pixels): the
    straightened cell turned back by the page's skew, its border cut off."""
    c, s, k = math.cos(found.angle), math.sin(found.angle), dpi / 72

    def back(x: float, y: float) -> tuple[float, float]:
        return (x * c - y * s) * k, (x * s + y * c) * k
    out = []
    for table in pdf_tables.grids(found.rules):
        for row in table.cells:
            for cell in row:
                x0, x1 = table.xs[cell.col], table.xs[cell.col + cell.cols]
                y0, y1 = table.ys[cell.row], table.ys[cell.row + cell.rows]
                pts = [back(x, y) for x in (x0, x1) for y in (y0, y1)]
                # The bounding box of the turned cell, less its corners' slant: the inner box.
                xs, ys = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
                box = (max(0, int(xs[1]) + INSET), max(0, int(ys[1]) + INSET),
                       min(shape[1], int(xs[2]) - INSET), min(shape[0], int(ys[2]) - INSET))
                if box[2] - box[0] > 4 and box[3] - box[1] > 4:
                    out.append(box)
    return out


def _boxes(found: Found) -> list[tuple[float, float, float, float]]:
    """The tables' frames (points, straightened)."""
    return [(t.xs[0], t.ys[0], t.xs[-1], t.ys[-1]) for t in pdf_tables.grids(found.rules)]


def with_cells(words: list[Word], image: np.ndarray, found: Found, dpi: int,
               read: Callable[[np.ndarray], list[Word]]) -> list[Word]:
    """The page's words (points, as the image lies) with those inside its tables replaced by the
    cells' own reading; ``read(stack)`` reads a stack image (words in points of that image)."""
    cut = threshold(image)
    ink = image < cut
    crops = [b for b in _crops(found, dpi, image.shape) if ink[b[1]:b[3], b[0]:b[2]].any()]
    if not crops:
        return words
    k = 72 / dpi
    strokes = [_stroke(ink[b[1]:b[3], b[0]:b[2]]) for b in crops]
    known = sorted(x for x in strokes if x is not None)
    usual = known[len(known) // 2] if known else None
    bold = {b for b, x in zip(crops, strokes) if usual and x is not None and x >= BOLD_STROKE * usual}
    cells: list[Word] = []
    for stack in _stacks(crops):
        height = sum(b[3] - b[1] + GAP for b in stack) + GAP
        width = max(b[2] - b[0] for b in stack) + 2 * GAP
        sheet = np.full((height, width), 255, np.uint8)
        places, y = [], GAP
        for x0, y0, x1, y1 in stack:
            sheet[y:y + y1 - y0, GAP:GAP + x1 - x0] = image[y0:y1, x0:x1]
            places.append((y, y + y1 - y0, x0, y0, (x0, y0, x1, y1) in bold))
            y += y1 - y0 + GAP
        for w in read(sheet):
            mid = (w.top + w.bottom) / 2 / k
            for top, bottom, x0, y0, heavy in places:
                if top - GAP / 2 <= mid < bottom + GAP / 2:
                    dx, dy = (x0 - GAP) * k, (y0 - top) * k
                    cells.append(Word(w.text, w.x0 + dx, w.x1 + dx, w.top + dy, w.bottom + dy, w.size, heavy,
                                      conf=w.conf))
                    break
    # One size for the cells' words: a stamp's speck read as a raised digit in a cell would be a
    # footnote mark that no note answers (and import refuses a document whose notes do not match).
    sizes = sorted(w.size for w in cells)
    for w in cells:
        w.size = sizes[len(sizes) // 2]
    frames = _boxes(found)

    def inside(w: Word) -> bool:
        x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in frames)
    straight = straighten(words, found.angle)
    return [w for w, s in zip(words, straight) if not inside(s)] + cells


def _stroke(ink: np.ndarray) -> "float | None":
    """How thick the ink's strokes are in a cell (pixels): the median run of dark pixels along its
    rows (a letter's stems); None when the cell holds too little ink to tell."""
    if ink.size == 0:
        return None
    edges = np.diff(np.pad(ink, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    starts, ends = np.nonzero(edges == 1)[1], np.nonzero(edges == -1)[1]
    return float(np.median(ends - starts)) if len(starts) > 20 else None


def _stacks(crops: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    out: list[list] = [[]]
    height = GAP
    for b in crops:
        if out[-1] and height + b[3] - b[1] + GAP > MAX_STACK:
            out.append([])
            height = GAP
        out[-1].append(b)
        height += b[3] - b[1] + GAP
    return out


# ------------------------------------------------------------------ what a scan cannot show
_TT = re.compile(r"^S?\.?\s?T\.?\s?T\.?$", re.I)
_ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
_NUMBER = re.compile(r"^(\d{1,3})\.?$")


def scanned_tables(page: Page) -> None:
    """What a scan cannot show of its tables, put in as the .docx and text-PDF paths would read it:

    * the heading row: import takes a bold first row for the heading (or the rows the next page
      repeats). OCR says nothing of bold, but the page image shows it: :func:`with_cells` makes a
      cell's words bold when its strokes are thicker than the usual cell's. A first row with a cell
      that reads TT or STT is the heading too, thin strokes or not (its text made bold); import
      carries the heading down over the cells merged down from it (a two-row heading);
    * the TT column's numbers: Tesseract reads a lone digit in a narrow cell badly ("Ạ" for 4, "h)"
      for 5, "5" for 3). A column whose short cells (three characters or fewer) mostly read the
      running numbers (1, 2, 3 …, starting again under a group's Roman numeral) is a TT column: its
      short cells are those numbers, and its heading, when misread as short as well, "TT".
    """
    for number, grid in page.tables.items():
        cells = {b.cell[1:]: b for b in page.blocks if b.cell and b.cell[0] == number}
        for col in range(grid.width):
            groups = [_spans_right(grid, row, col) for row in range(1, grid.height)]
            _renumber(cells.get((0, col)), [cells.get((row, col)) for row in range(1, grid.height)], groups)
        first = [cells[(c.row, c.col)] for c in grid.cells[0] if (c.row, c.col) in cells] if grid.cells else []
        first = [b for b in first if b.text.strip()]
        if not grid.repeated and grid.height > 1 and first and any(_TT.match(b.text.strip()) for b in first):
            for b in first:
                b.spans = [Span(x.text, True, x.italic, x.note) for x in b.spans]


def _digits(text: str) -> "int | None":
    """The number a short cell reads, specks around it ignored ("4 _", "I1" is not one)."""
    found = _NUMBER.match(text.strip("_|-.,:;' "))
    return int(found.group(1)) if found else None


def _spans_right(grid, row: int, col: int) -> bool:
    """Whether the cell right of (row, col) covers two columns or more: a group's row ("I | Nhóm …")."""
    right = grid.at(row, col + 1) if col + 1 < grid.width else None
    return right is not None and right.row == row and right.cols >= 2


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1] if 1 <= n <= 10 else str(n)


def _renumber(head, column: list, group_rows: list) -> None:
    """A TT column's numbers (and heading) put right, when the column is one (see :func:`scanned_tables`).
    A short cell on a group's row (the cell beside it merged across) is the group's Roman numeral
    ("|" or "l" as OCR reads "I")."""
    short, groups = [], 0
    for b, group in zip(column, group_rows):
        text = "".join(b.text.split()) if b is not None else ""
        if b is None or not text:
            continue
        if _ROMAN.match(text) or (group and set(text) <= set("IVXl|1![]") and len(text) <= 4):
            groups += 1
            if not _ROMAN.match(text) and head is not None and _TT.match("".join(head.text.split())):
                b.spans = [Span(_roman(groups))]
            short.append((None, groups))
            continue
        if len(text.strip("_-.,|")) > 3:
            return          # a cell of words: not a TT column
        short.append((b, _digits(text)))
    best, best_right = [], -1
    for restart in (False, True):         # numbers running on under a group's row, or from 1 again
        numbers, n = [], 1
        for b, value in short:
            if b is None:
                n = 1 if restart else n
                continue
            numbers.append((b, value, n))
            n += 1
        right = sum(1 for _b, value, n in numbers if value == n)
        if right > best_right:
            best, best_right = numbers, right
    head_text = "".join(head.text.split()) if head is not None else ""
    if len(best) < 2 or (best_right * 2 < len(best) and not _TT.match(head_text)):
        return
    for b, _value, n in best:
        if "".join(b.text.split()) != str(n):
            b.spans = [Span(str(n))]
    if head is not None and not _TT.match(head_text) and sum(c.isalnum() for c in head_text) <= 3:
        head.spans = [Span("TT", True)]


__all__ = ["with_cells", "scanned_tables", "GAP", "INSET", "MAX_STACK"]
