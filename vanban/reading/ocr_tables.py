"""The ruled lines of a scanned page, so that its tables come back as tables (issue 25).

A text-layer PDF draws a table's borders as strokes, which :mod:`.pdf_tables` turns into a grid,
cells and merges. A scan has only pixels: here the page image (the 8-bit grey PGM that pdftoppm
draws for Tesseract) is binarised, and long horizontal and vertical runs of dark pixels are the
borders. Each run of the half-resolution mask is a segment; segments that touch across rows (or
columns) are one line, whose slope gives the page's skew. The lines are turned by that skew to be
straight, cut into :class:`~vanban.reading.pdf_tables.Rule` strokes in points, and the page's words
are turned the same way (:func:`straighten`), so the one grid builder of the text-PDF path builds
the cells, the merges (a border missing between two cells) and a table continued over pages.

Only lines that cross a line of the other direction are kept (an underline under the agency name
or a signature's flourish is no border), and a page is said to hold a table only when three lines
each way cross, or two across in the top :data:`LONE_ROW_TOP` of the page: a table's last row
alone at the top of the next page (:mod:`.pdf_tables` joins it to the table or reads it as text). On such a page the borders are painted white before Tesseract reads it: it reads
a border as "|" or "I" and runs a cell's text into its neighbour's across it.

Bounds: the work is a few whole-image numpy passes at 150 dpi (tens of milliseconds a page); a
page whose mask holds more than :data:`MAX_RUNS` runs or :data:`MAX_RULES` lines (a photograph, a
hatched drawing, noise) is said to hold no table, and so is a grid of more than :data:`MAX_CELLS`.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Union

import numpy as np

from vanban.reading.geometry import Word
from vanban.reading.pdf_tables import Rule

#: The mask is read at half the page image's resolution: lines two pixels thick stay one pixel.
SHRINK = 2
#: A border is a run of dark pixels this long at least (mm); no letter of body text is as tall.
MIN_RUN_MM = 5.0
#: Two pieces of one border broken by the scan are one when the gap between them is below this (mm);
#: a merged cell leaves a gap of a whole cell (8 mm and more).
BRIDGE_MM = 2.0
#: Lines crossing, and the ends of a line touching another, within this (mm).
TOUCH_MM = 1.5
#: A table is at least this wide and this tall (mm).
MIN_TABLE_MM, MIN_ROW_MM = 40.0, 6.0
MAX_RUNS = 60000
#: Share of a table's frame that is ink at most (a table of dense text on a grey scan: 18 %; a
#: screenshot's window, its greys dithered: 27 %).
MAX_INK = 0.22
#: More lines than this on a page before grouping: a drawing or noise, not a form's table.
MAX_RULES = 400
MAX_CELLS = 3000
#: A grid of one row (two lines across) counts only when it starts in this top share of the page.
LONE_ROW_TOP = 0.35
#: Degrees of skew past which a page is not straightened (a page turned that far is not a table scan).
MAX_SKEW = 5.0


#: The header of a binary PGM: magic, width, height, largest value, each after blanks or comments.
_PGM = re.compile(rb"P5(?:\s+|#[^\n]*\n)+(\d+)(?:\s+|#[^\n]*\n)+(\d+)(?:\s+|#[^\n]*\n)+(\d+)\s")


def read_pgm(path: Union[str, os.PathLike]) -> np.ndarray:
    """An 8-bit binary PGM (P5, as pdftoppm -gray writes it) as a 2-D array."""
    data = open(path, "rb").read()
    head = _PGM.match(data)
    if head is None or int(head.group(3)) > 255:
        raise ValueError("not an 8-bit binary PGM")
    width, height = int(head.group(1)), int(head.group(2))
    return np.frombuffer(data, np.uint8, width * height, head.end()).reshape(height, width)


def write_pgm(path: Union[str, os.PathLike], image: np.ndarray) -> None:
    with open(path, "wb") as out:
        out.write(b"P5\n%d %d\n255\n" % (image.shape[1], image.shape[0]))
        out.write(np.ascontiguousarray(image, np.uint8).tobytes())


def threshold(image: np.ndarray) -> int:
    """Otsu's threshold of the grey levels, kept between 90 and 200 (a grey scan's paper, faint ink)."""
    hist = np.bincount(image[::4, ::4].ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m0[-1] * w0 / total - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(min(200, max(90, int(np.argmax(between)))))


def line_threshold(image: np.ndarray) -> int:
    """The grey level below which a pixel may belong to a border: halfway between Otsu's threshold
    and the paper's own grey (the commonest level above it). A border printed thin comes out of
    the scanner in light greys (170-200 on white paper) that Otsu's threshold breaks into dashes."""
    cut = threshold(image)
    hist = np.bincount(image[::4, ::4].ravel(), minlength=256)
    paper = cut + int(np.argmax(hist[cut:]))
    return (cut + paper) // 2


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels of ``mask`` inside a run of at least ``length`` along axis 1 (an opening)."""
    rows, cols = mask.shape
    if cols < length:
        return np.zeros_like(mask)
    c = np.zeros((rows, cols + 1), np.int32)
    np.cumsum(mask, axis=1, out=c[:, 1:])
    starts = (c[:, length:] - c[:, :-length]) == length          # a full run begins here
    s = np.zeros((rows, cols + 1), np.int32)
    np.cumsum(np.pad(starts, ((0, 0), (0, length - 1))), axis=1, out=s[:, 1:])
    # Pixel x is covered when a full run begins within [x - length + 1, x].
    covered = s[:, 1:] - np.pad(s[:, 1:], ((0, 0), (length, 0)))[:, :cols]
    return covered > 0


@dataclass
class Line:
    """A border found in the mask, in mask pixels along its own axis: from ``a0`` to ``a1``, at ``b``
    (the across position at ``a0``) with ``slope`` (across per along)."""
    a0: float
    a1: float
    b: float
    slope: float
    weight: float


def _lines(runs_mask: np.ndarray) -> "list[Line] | None":
    """The lines of a mask of long runs along axis 1: runs in neighbouring rows that overlap are one
    line. None when there are more runs or lines than the bounds allow."""
    padded = np.pad(runs_mask, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    rs, xs = np.nonzero(edges == 1)
    _re, xe = np.nonzero(edges == -1)
    if len(rs) > MAX_RUNS:
        return None
    parent = list(range(len(rs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    by_row: dict[int, list[int]] = {}
    for i, r in enumerate(rs.tolist()):
        by_row.setdefault(r, []).append(i)
    for r, here in by_row.items():
        for prev_row in (r - 1, r - 2):      # a line's pixel rows, a speck of white between allowed
            for i in here:
                for j in by_row.get(prev_row, ()):
                    if xs[i] <= xe[j] and xs[j] <= xe[i]:
                        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rs)):
        groups.setdefault(root(i), []).append(i)
    if len(groups) > 4 * MAX_RULES:
        return None
    out = []
    for members in groups.values():
        a0, a1 = float(xs[members].min()), float(xe[members].max())
        lengths = (xe[members] - xs[members]).astype(np.float64)
        mids = (xs[members] + xe[members]) / 2.0
        rows = rs[members].astype(np.float64)
        slope = 0.0
        if a1 - a0 > 0 and len(members) > 1 and np.ptp(mids) > 0:
            mx = np.average(mids, weights=lengths)
            my = np.average(rows, weights=lengths)
            var = np.average((mids - mx) ** 2, weights=lengths)
            slope = float(np.average((mids - mx) * (rows - my), weights=lengths) / var) if var > 0 else 0.0
            b = my + slope * (a0 - mx)
        else:
            b = float(rows.mean())
        out.append(Line(a0, a1, b, slope, a1 - a0))
    return out


def skew(across: list[Line], down: list[Line]) -> float:
    """The page's skew (radians, clockwise positive in image coordinates) from its longest lines:
    a horizontal line's slope, and minus a vertical line's."""
    votes = [(ln.slope, ln.weight) for ln in across] + [(-ln.slope, ln.weight) for ln in down]
    votes = [v for v in votes if v[1] >= 60]
    if not votes:
        return 0.0
    votes.sort()
    half, acc = sum(w for _s, w in votes) / 2, 0.0
    for s, w in votes:
        acc += w
        if acc >= half:
            return math.atan(s) if abs(math.degrees(math.atan(s))) <= MAX_SKEW else 0.0
    return 0.0


def _turn(x: float, y: float, angle: float) -> tuple[float, float]:
    """(x, y) turned by ``-angle``: a line of that slope becomes level."""
    c, s = math.cos(angle), math.sin(angle)
    return x * c + y * s, -x * s + y * c


@dataclass
class Found:
    """What a page image shows of tables: the borders as strokes (points, on the straightened page),
    the skew they were straightened by, and the mask of their pixels (to paint them out)."""
    rules: list[Rule]
    angle: float
    mask: "np.ndarray | None" = None

    @property
    def table(self) -> bool:
        return bool(self.rules)


def _segments(lines: list[Line], angle: float, horizontal: bool, scale: float) -> list[tuple[float, float, float]]:
    """Straightened segments (position across, start, end; points) of one direction's lines,
    collinear pieces a scan broke joined."""
    segs = []
    for ln in lines:
        ends = [(ln.a0, ln.b), (ln.a1, ln.b + ln.slope * (ln.a1 - ln.a0))]
        if not horizontal:
            ends = [(b, a) for a, b in ends]
        pts = [_turn(x * scale, y * scale, angle) for x, y in ends]
        if horizontal:
            segs.append(((pts[0][1] + pts[1][1]) / 2, min(pts[0][0], pts[1][0]), max(pts[0][0], pts[1][0])))
        else:
            segs.append(((pts[0][0] + pts[1][0]) / 2, min(pts[0][1], pts[1][1]), max(pts[0][1], pts[1][1])))
    near, bridge = TOUCH_MM * 72 / 25.4, BRIDGE_MM * 72 / 25.4
    segs.sort()
    out: list[list[float]] = []
    for pos, a, b in segs:
        for o in out:
            if abs(o[0] - pos) <= near and a <= o[2] + bridge and o[1] <= b + bridge:
                o[0] = (o[0] * (o[2] - o[1]) + pos * (b - a)) / max(1e-6, (o[2] - o[1]) + (b - a))
                o[1], o[2] = min(o[1], a), max(o[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _meet(h: tuple[float, float, float], v: tuple[float, float, float]) -> bool:
    near = TOUCH_MM * 72 / 25.4
    (y, a, b), (x, y0, y1) = h, v
    return a - near <= x <= b + near and y0 - near <= y <= y1 + near


def _distinct(values: list[float]) -> int:
    near, n, last = TOUCH_MM * 72 / 25.4, 0, None
    for v in sorted(values):
        if last is None or v - last > near:
            n += 1
        last = v
    return n


def _is_grid(hs: list, vs: list, lone_row_above: float = 0.0) -> bool:
    """Whether crossing lines make a table: three lines each way (two across when they start above
    ``lone_row_above``, points: a lone row at the top of a page), a frame at least MIN_TABLE_MM
    wide and MIN_ROW_MM tall, its longest lines across most of it (a stamp's or a signature's
    strokes cross too, but short and at odd places), and not more cells than MAX_CELLS."""
    nh, nv = _distinct([s[0] for s in hs]), _distinct([s[0] for s in vs])
    if nv < 3 or (nh - 1) * (nv - 1) > MAX_CELLS:
        return False
    if nh < 3 and not (nh == 2 and min(y for y, _a, _b in hs) < lone_row_above):
        return False
    width = max(b for _y, _a, b in hs) - min(a for _y, a, _b in hs)
    height = max(b for _x, _a, b in vs) - min(a for _x, a, _b in vs)
    mm = 72 / 25.4
    return (width >= MIN_TABLE_MM * mm and height >= MIN_ROW_MM * mm
            and max(b - a for _y, a, b in hs) >= 0.8 * width and max(b - a for _x, a, b in vs) >= 0.8 * height)


def _tables(hs: list, vs: list, lone_row_above: float = 0.0) -> list[tuple[list, list]]:
    """The groups of crossing lines that make a table (:func:`_is_grid`)."""
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _meet(h, v):
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    return [(gh, gv) for gh, gv in groups.values() if _is_grid(gh, gv, lone_row_above)]


def _picture(small: np.ndarray, hs: list, vs: list, angle: float, scale: float) -> bool:
    """Whether a grid's frame holds a picture rather than text: a screenshot's window draws boxes
    in boxes, but its grey is dithered into dots, far more ink than a table's words leave."""
    c, s = math.cos(angle), math.sin(angle)
    x0, x1 = min(a for _y, a, _b in hs), max(b for _y, _a, b in hs)
    y0, y1 = min(a for _x, a, _b in vs), max(b for _x, _a, b in vs)
    corners = [((x * c - y * s) / scale, (x * s + y * c) / scale) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = sorted(p[0] for p in corners), sorted(p[1] for p in corners)
    box = small[max(0, int(ys[1])):max(0, int(ys[2])), max(0, int(xs[1])):max(0, int(xs[2]))]
    return box.size > 0 and float(box.mean()) > MAX_INK


def find(image: np.ndarray, dpi: int) -> Found:
    """The ruled lines of a page image (8-bit grey, ``dpi``), in points on the page straightened by
    the skew found; no rule when the page holds no grid of three lines each way."""
    dark = image < line_threshold(image)
    h, w = dark.shape
    h2, w2 = h // SHRINK * SHRINK, w // SHRINK * SHRINK
    small = dark[:h2, :w2].reshape(h2 // SHRINK, SHRINK, w2 // SHRINK, SHRINK).any(axis=(1, 3))
    px_mm = dpi / SHRINK / 25.4
    run = max(8, int(MIN_RUN_MM * px_mm))
    across_mask = _long_runs(small, run)
    down_mask = _long_runs(small.T, run)
    across, down = _lines(across_mask), _lines(down_mask)
    if across is None or down is None:
        return Found([], 0.0)
    angle = skew(across, down)
    scale = SHRINK * 72 / dpi
    hs, vs = _segments(across, angle, True, scale), _segments(down, angle, False, scale)
    if len(hs) + len(vs) > MAX_RULES:
        return Found([], angle)
    top = LONE_ROW_TOP * image.shape[0] * 72 / dpi
    groups = [(gh, gv) for gh, gv in _tables(hs, vs, top) if not _picture(small, gh, gv, angle, scale)]
    hs, vs = [h for gh, _gv in groups for h in gh], [v for _gh, gv in groups for v in gv]
    if not hs:
        return Found([], angle)
    half = 0.25     # points: a stroke's half-thickness (thin, whatever the scan's)
    rules = [Rule(float(a), float(y) - half, float(b), float(y) + half) for y, a, b in hs] + \
        [Rule(float(x) - half, float(a), float(x) + half, float(b)) for x, a, b in vs]
    return Found(rules, angle, (across_mask | down_mask.T) & _band(rules, angle, scale, small.shape))


#: Half-resolution pixels either side of a border that its paint may cover.
BAND = 3


def _band(rules: list[Rule], angle: float, scale: float, shape: tuple[int, int]) -> np.ndarray:
    """The pixels near the borders kept (mask resolution): what may be painted out. A long run of
    ink elsewhere is a letter's, a bold "TT"'s bars run together, and stays."""
    band = np.zeros(shape, bool)
    c, s = math.cos(angle), math.sin(angle)
    for r in rules:
        if r.across:
            xs = np.arange(r.x0, r.x1, scale)
            ys = np.full_like(xs, (r.top + r.bottom) / 2)
        else:
            ys = np.arange(r.top, r.bottom, scale)
            xs = np.full_like(ys, (r.x0 + r.x1) / 2)
        # Back onto the page as it lies (turned by the skew), in mask pixels.
        ix = np.rint((xs * c - ys * s) / scale).astype(int)
        iy = np.rint((xs * s + ys * c) / scale).astype(int)
        for d in range(-BAND, BAND + 1):
            px, py = (ix, iy + d) if r.across else (ix + d, iy)
            ok = (px >= 0) & (px < shape[1]) & (py >= 0) & (py < shape[0])
            band[py[ok], px[ok]] = True
    return band


def paint_out(image: np.ndarray, found: Found) -> np.ndarray:
    """The page image with the borders' pixels (and one pixel around them) white."""
    if found.mask is None:
        return image
    mask = found.mask
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    full = np.repeat(np.repeat(grown, SHRINK, axis=0), SHRINK, axis=1)
    out = image.copy()
    out[:full.shape[0], :full.shape[1]][full] = 255
    return out


def straighten(words: list[Word], angle: float) -> list[Word]:
    """The words turned by the skew the page's borders were straightened by (each box moved with
    its centre; a word is short enough for its own slant not to matter)."""
    if abs(angle) < 1e-4:
        return words
    out = []
    for w in words:
        cx, cy = _turn((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, angle)
        dx, dy = cx - (w.x0 + w.x1) / 2, cy - (w.top + w.bottom) / 2
        out.append(Word(w.text, w.x0 + dx, w.x1 + dx, w.top + dy, w.bottom + dy, w.size, w.bold, w.italic,
                        w.font, w.conf))
    return out


__all__ = ["Found", "find", "paint_out", "straighten", "read_pgm", "write_pgm", "threshold", "skew"]
