"""Where the columns of an OCR'd page are: the header and the closing are two columns side by
side, read again column by column so Tesseract does not run their lines together (issue 20)."""
from __future__ import annotations

from typing import Optional

from vanban.reading.geometry import Word
from vanban.reading.vocabulary import skeleton

#: The header's zone: the top of the first page, as a share of its height.
HEADER_ZONE = 0.3
#: How much less sure (Tesseract's mean confidence, 0-100) the column-by-column reading may be and
#: still be kept: the whole page's reading runs the two columns' lines together, which its
#: confidence does not show (a Sở's scan: 78 for the whole page's interleaved header, 75 for the
#: columns read apart in order).
CONF_MARGIN = 5.0
#: The gap between two columns is at least this wide (points), and lies in the page's middle.
MIN_GAP, GAP_RANGE = 12.0, (0.3, 0.7)


def column_gap(words: list[Word], width: float) -> Optional[float]:
    """Where two columns part: the middle of the widest stretch across the page's middle that no
    word covers, or None when nothing stands on one side of it or it is narrower than MIN_GAP."""
    lo, hi = int(width * GAP_RANGE[0]), int(width * GAP_RANGE[1])
    covered = [False] * (hi - lo)
    # A scan's rule under the agency name, a speck or a stamp's edge is read as a "word" of no
    # letter ("¬", "—", "|", "_") that can lie across the gap: the columns are made of words.
    words = [w for w in words if any(c.isalnum() for c in w.text)]
    for w in words:
        for x in range(max(lo, int(w.x0)), min(hi, int(w.x1) + 1)):
            covered[x - lo] = True
    best, start = (0, None), None
    for x, c in enumerate(covered + [True]):
        if not c and start is None:
            start = x
        elif c and start is not None:
            best, start = max(best, (x - start, lo + (start + x) / 2)), None
    gap, at = best
    if at is None or gap < MIN_GAP or not any(w.x1 <= at for w in words) or not any(w.x0 >= at for w in words):
        return None
    return at


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words in printed rows, top to bottom (a word starting below half its row's height opens the next)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.top):
        if rows and w.top < rows[-1][0].top + 0.5 * (rows[-1][0].bottom - rows[-1][0].top):
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def header_zone(words: list[Word], height: float, width: Optional[float] = None) -> Optional[tuple[float, float]]:
    """The first page's header (top, bottom in points): the rows in its top HEADER_ZONE, down to the
    last row that still leaves a gap between the two columns when ``width`` is given (a centred
    title or subject below the header spans that gap: cropping it would halve its lines)."""
    rows = _rows([w for w in words if w.top < HEADER_ZONE * height])
    for n in range(len(rows), 0, -1):
        inside = [w for row in rows[:n] for w in row]
        if width is None or column_gap(inside, width) is not None:
            return max(0.0, min(w.top for w in inside) - 4), max(w.bottom for w in inside) + 2
    return None


def zones(words: list[Word], first: bool, height: float, width: Optional[float] = None) -> list[tuple[float, float]]:
    """The two-column zones of a page (top, bottom in points): the header on the first page, and
    from the line "Nơi nhận" to the last word below it."""
    out = []
    header = header_zone(words, height, width) if first else None
    if header is not None:
        out.append(header)
    for a, b in zip(words, words[1:]):
        if skeleton(a.text) == "NOI" and skeleton(b.text).startswith("NHAN"):
            below = [w for w in words if w.top >= a.top - 4]
            out.append((a.top - 4, max(w.bottom for w in below) + 2))
            break
    return out


def read_columns(words: list[Word], zone: tuple[float, float], width: float, crop) -> list[Word]:
    """The words of one zone read again column by column; ``crop(x, y, w, h)`` (points) reads an
    area of the page. The first reading's words when the zone has no gap between columns."""
    top, bottom = zone
    inside = [w for w in words if top <= (w.top + w.bottom) / 2 <= bottom]
    gap = column_gap(inside, width)
    if gap is None:
        return inside
    again = crop(0.0, top, gap, bottom - top) + crop(gap, top, width - gap, bottom - top)
    # Tesseract reads one crop better and another worse than the whole page (a handwritten number,
    # a stamp across the column): the columns' reading is kept unless it is clearly less sure.
    return again if _confidence(again) >= _confidence(inside) - CONF_MARGIN else inside


def _confidence(words: list[Word]) -> float:
    """Tesseract's mean confidence over the letters of ``words`` (each word weighed by its length)."""
    letters = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / letters if letters else -1.0


def two_columns(words: list[Word], first: bool, width: float, height: float, crop) -> list[Word]:
    for zone in zones(words, first, height, width):
        top, bottom = zone
        again = read_columns(words, zone, width, crop)
        words = [w for w in words if not top <= (w.top + w.bottom) / 2 <= bottom] + again
    return words
