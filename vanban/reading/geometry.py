"""Rebuilding paragraphs and columns from words placed on pages (PDF text layer, OCR).

A PDF knows words and where they are, not paragraphs or tables. The decree's
page gives enough to rebuild them: the header is two columns side by side
(the national name on the right fixes where the right column starts), the
Nơi nhận and the signature are two columns from the line "Nơi nhận:", a
paragraph starts with a first-line indent or after a line that stops short
of the right margin, centred lines stand alone, page numbers sit in the top
or bottom margin, and footnotes are the small-print lines at the foot of a
page that begin with a raised number.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Optional

from vanban.reading import legacy, pdf_tables, stamps, vocabulary
from vanban.reading.page import NOI_NHAN, Block, Page, Span, clean, merge
from vanban.reading.parties import is_name, is_note, is_title

#: The right column's first line: the national name, or a Party document's title (HD 36).
_QH = re.compile(r"^(C[ỘO]NG H[ÒOÀ]A X[ÃA] H[ỘO]I|Đ[ẢA]NG C[ỘO]NG S[ẢA]N VI[ỆE]T NAM)", re.I)
_PAGE_NO = re.compile(r"^([-–]\s*)?\d{1,3}(\s*[-–])?$|^Trang\s+\d+(\s*/\s*\d+)?$", re.I)
QUOTE_MARKS = ("'", "’", "‘", "`", "*", "°")     # a raised digit as OCR may read it
UNNAMED = "?"           # a footnote mark whose number could not be read
COLUMN_GAP = 30.0       # points: wider than any space of justified text, narrower than the gap between columns


@dataclass
class Word:
    """A word where the page shows it (points, top-left origin)."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False
    font: str = ""          # the text layer's font name without its subset tag; OCR knows none
    conf: float = -1.0      # Tesseract's confidence (0–100) in an OCR'd word; -1 for a text layer's


@dataclass
class Line:
    words: list[Word]
    page: int

    @property
    def x0(self):
        return self.words[0].x0

    @property
    def x1(self):
        return self.words[-1].x1

    @property
    def top(self):
        return min(w.top for w in self.words)

    @property
    def size(self):
        return statistics.median_high([w.size for w in self.words])

    @property
    def text(self):
        return " ".join(w.text for w in self.words)


@dataclass
class PageWords:
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    ocr: bool = False       # the words are Tesseract's (no text layer, or one that is not Vietnamese)
    rules: list = field(default_factory=list)   # the strokes drawn (:mod:`.pdf_tables`: a table's borders)


def _lines(words: list[Word], page: int) -> list[Line]:
    """Words grouped into printed lines, then split where a gap is wider than a column gap."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        best = None
        for k in range(max(0, len(rows) - 6), len(rows)):
            # Same line: the centre close to that of the row's word nearest across (a raised
            # footnote mark is within a third of the size). Measured against the nearest word, an
            # OCR'd line that slopes or jitters stays one line, and the other column's line at
            # nearly the same height ("- Như kính gửi;" | "PHÓ CHỦ TỊCH") does not capture it.
            near = min(rows[k], key=lambda v: _across(v, w))
            off = abs((w.top + w.bottom) / 2 - (near.top + near.bottom) / 2)
            if off < 0.35 * max(w.size, near.size):
                rank = (_across(near, w) > COLUMN_GAP, off)
                best = min(best, (rank, k)) if best else (rank, k)
        if best is None:
            rows.append([w])
        else:
            rows[best[1]].append(w)
    out = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        seg = [row[0]]
        for w in row[1:]:
            # A draft's blank number ("Số:      /KH-UBND", the Party's "Số      - HD/BTCTU") and blank
            # day ("Hà Nội, ngày      tháng 11 năm 2025") are gaps inside one column.
            blank_number = seg[0].text.startswith("Số") and len(seg) == 1 and w.text.startswith(("/", "-"))
            blank_day = seg[-1].text.lower() == "ngày" and w.text.lower() == "tháng"
            if w.x0 - seg[-1].x1 > COLUMN_GAP and not (blank_number or blank_day):
                out.append(Line(seg, page))
                seg = []
            seg.append(w)
        out.append(Line(seg, page))
    out.sort(key=lambda ln: (ln.page, round(ln.top / 3), ln.x0))
    return out


def _across(a: Word, b: Word) -> float:
    """The horizontal gap between two words (0 when they overlap)."""
    return max(0.0, a.x0 - b.x1, b.x0 - a.x1)


def _spans(words: list[Word], line_size: float) -> list[Span]:
    spans = []
    for k, w in enumerate(words):
        if w.size < 0.75 * line_size and (w.text.isdigit() or w.text in QUOTE_MARKS):
            spans.append(Span("", note=w.text if w.text.isdigit() else UNNAMED))
            continue
        # A space where the words stand apart; none after a footnote mark glued to a period.
        # A word back at the left (a line joined to the one above) is a new word too.
        space = " " if k and (w.x0 - words[k - 1].x1 > 0.12 * line_size or w.x0 < words[k - 1].x0) else ""
        spans.append(Span(space + w.text, w.bold, w.italic))
    return merge(spans)


def _drop_margins(pages: list[PageWords], lines: list[Line]) -> list[Line]:
    """Without page numbers and running heads: lines in the top or bottom margin that are a page
    number, or that repeat on several pages (the body starts below the decree's 20 mm top margin)."""
    def in_margin(ln: Line) -> bool:
        h = pages[ln.page].height
        return ln.top < 0.055 * h or ln.top > 0.95 * h
    repeated: dict[str, set] = {}
    for ln in lines:
        if in_margin(ln):
            repeated.setdefault(re.sub(r"\d+", "#", ln.text), set()).add(ln.page)
    return [ln for ln in lines if not (in_margin(ln) and (
        _PAGE_NO.match(ln.text.strip()) or len(repeated[re.sub(r"\d+", "#", ln.text)]) > 1))]


def _body_metrics(lines: list[Line], width: float) -> tuple[float, float, float]:
    """Left edge, right edge and body font size of the running text."""
    sizes = [round(w.size) for ln in lines for w in ln.words]
    size = statistics.mode(sizes) if sizes else 12.0
    body = [ln for ln in lines if abs(ln.size - size) < 1] or lines
    # The text's left edge: the leftmost position at least two lines start from (one-line
    # paragraphs all start at the first-line indent, so the most common start can mislead).
    starts = [round(ln.x0) for ln in lines]
    left = min([x for x in set(starts) if starts.count(x) >= 2] or starts)
    # A short document may have no full line: the right margin is then at least the decree's 15 mm.
    right = max([ln.x1 for ln in body] + [width - 15 * 72 / 25.4])
    return float(left), right, float(size)


def build(pages: list[PageWords], source: str) -> Page:
    """A :class:`Page` from the words of every page."""
    lines = _drop_margins(pages, [ln for p, pw in enumerate(pages) for ln in _lines(pw.words, p)])
    lines, signed = stamps.split(lines, pages)     # a digital signature's stamp is not the document's text
    if not lines:
        return Page(source=source, stamps=signed)
    _fixed_words(pages, lines)
    page = Page(source=source, stamps=signed)
    rest = _header(lines, page, pages)
    # A table's cells are no measure of the running text (their size and margins are their own).
    cells = {id(ln) for f in pdf_tables.find(pages, rest) for ln in f.lines}
    left, right, size = _body_metrics([ln for ln in rest if id(ln) not in cells] or rest or lines, pages[0].width)
    unnamed: list[str] = []
    # A table's small print at the foot of a page is its cells, not footnotes.
    kept = {id(ln) for ln in _footnotes([ln for ln in rest if id(ln) not in cells], page, size, unnamed)}
    rest = [ln for ln in rest if id(ln) in cells or id(ln) in kept]
    rest, closing = _closing(rest, pages, cells)
    # Tables drawn with lines become cells (tables 0 and 1 are the header and the closing).
    pdf_tables.place(rest, pdf_tables.find(pages, rest), page, lambda part: _flow(part, page, left, right), 2,
                     _spans)
    # The closing stands where it is on the page: before an appendix that follows it.
    first = min(((ln.page, ln.top) for ln, _c in closing), default=None)
    at = next((k for k, b in enumerate(page.blocks) if first and b.lines and (b.lines[0].page, b.lines[0].top) > first),
              len(page.blocks))
    page.blocks[at:at] = [Block(_spans(ln.words, ln.size), cell, lines=[ln]) for ln, cell in closing]
    page.landscape = {k for k, b in enumerate(page.blocks) if b.lines and pages[b.lines[0].page].width >
                      pages[b.lines[0].page].height}
    _name_marks(page, unnamed)
    for b in page.blocks:
        # A PDF made from a TCVN3 or VNI document carries the legacy bytes as its text.
        encoding = legacy.detect(b.text)
        if encoding:
            b.spans = [Span(legacy.convert(x.text, encoding), x.bold, x.italic, x.note) for x in b.spans]
    return page


#: The header is within this share of the first page's height (20 mm margin, six lines or so).
HEADER_ZONE = 0.3


def _fixed_words(pages: list[PageWords], lines: list[Line]) -> None:
    """On OCR'd pages, the decree's fixed words of the header and the closing put right
    (:mod:`.vocabulary`): the first page's header zone, every line's opening label, a line that is
    a type name alone, and the lines from "Nơi nhận" down its page (the signature beside it). Never the body's words."""
    def put(ln: Line, texts: list[str]) -> None:
        for w, t in zip(ln.words, texts):
            w.text = t
        ln.words[:] = [w for w in ln.words if w.text]     # a speck a correction took away
    ocr = [ln for ln in lines if pages[ln.page].ocr]
    for ln in ocr:
        put(ln, vocabulary.correct_label([w.text for w in ln.words]))
        put(ln, vocabulary.correct_type_name([w.text for w in ln.words]))
        if ln.page == 0 and ln.top < HEADER_ZONE * pages[0].height:
            put(ln, vocabulary.correct([w.text for w in ln.words]))
    nn = next((ln for ln in ocr if NOI_NHAN.match(ln.text)), None)
    if nn is not None:
        for ln in ocr:
            if ln.page == nn.page and ln.top >= nn.top - 4:
                put(ln, vocabulary.correct_closing([w.text for w in ln.words]))


def _name_marks(page: Page, unnamed: list[str]) -> None:
    """Marks whose digit was misread take, in order, the notes whose digit was misread."""
    pending = list(unnamed)
    for b in page.blocks:
        for k, s in enumerate(b.spans):
            if s.note == UNNAMED:
                b.spans[k] = Span("", note=pending.pop(0)) if pending else Span("")


_RIGHT_COLUMN = re.compile(r"^(C[ỘO]NG H[ÒOÀ]A X[ÃA] H[ỘO]I|Đ[ẢA]NG C[ỘO]NG S[ẢA]N VI[ỆE]T NAM|Độc lập\s*[-–]|[^,]{1,40},\s*ngày\b)", re.I)


def _split_header_rows(lines: list[Line], height: float) -> list[Line]:
    """Header rows whose two columns stand closer than a column gap, split where the right one starts."""
    out = []
    for ln in lines:
        if ln.page == 0 and ln.top < 0.3 * height and len(ln.words) > 1:
            gaps = [(ln.words[i].x0 - ln.words[i - 1].x1, i) for i in range(1, len(ln.words))]
            cut = next((i for gap, i in sorted(gaps, reverse=True) if gap >= 8
                        and _RIGHT_COLUMN.match(" ".join(w.text for w in ln.words[i:]))), None)
            if cut is not None:
                out += [Line(ln.words[:cut], ln.page), Line(ln.words[cut:], ln.page)]
                continue
        out.append(ln)
    return out


def _header(lines: list[Line], page: Page, pages: list[PageWords]) -> list[Line]:
    lines = _split_header_rows(lines, pages[0].height)
    first = [ln for ln in lines if ln.page == 0]
    qh = next((ln for ln in first[:8] if _QH.match(ln.text)), None)
    if qh is None:
        return lines
    split, right_mid = qh.x0 - 6, (qh.x0 + qh.x1) / 2
    header = []
    for ln in first:
        if ln.top > 0.45 * pages[0].height:
            break
        in_left = ln.x1 < qh.x0 + 4
        in_right = ln.x0 >= split - 12 and abs((ln.x0 + ln.x1) / 2 - right_mid) < 40
        if not (in_left or in_right):
            break
        header.append(ln)
    ids = {id(ln) for ln in header}
    for ln in _join_national_name(header, qh):
        page.blocks.append(Block(_spans(ln.words, ln.size), (0, 0, 0 if ln.x1 < qh.x0 + 4 else 1), align="center",
                                 lines=[ln]))
    return [ln for ln in lines if id(ln) not in ids]


def _join_national_name(header: list[Line], qh: Line) -> list[Line]:
    """The national name wrapped over two lines in a narrow column ("… CHỦ NGHĨA" | "VIỆT NAM")
    as one line, as the .docx has it in one paragraph."""
    k = next((i for i, ln in enumerate(header) if ln is qh), None)
    if k is None or re.search(r"NAM\s*$", qh.text, re.I):
        return header
    rest = next((ln for ln in header[k + 1:] if ln.x0 >= qh.x0 - 40), None)
    if rest is None or len(rest.words) > 2 or rest.top - qh.top > 2 * qh.size:
        return header
    return [Line(qh.words + rest.words, qh.page) if ln is qh else ln for ln in header if ln is not rest]


def _closing(lines: list[Line], pages: list[PageWords], cells: "set | frozenset" = frozenset()
             ) -> tuple[list[Line], list[tuple[Line, tuple]]]:
    """The lines from "Nơi nhận" to the end of its page, each with its column (``cells``: ids of
    lines in a table's cells, no signer's: a table's last row over "Nơi nhận", read as two lines)."""
    k = next((i for i, ln in enumerate(lines) if NOI_NHAN.match(ln.text)), None)
    if k is None:
        return lines, []
    nn = lines[k]
    below = [ln for ln in lines if ln.page == nn.page and ln.top >= nn.top - 4]
    # The Nơi nhận column is left-aligned at the margin; the signature is centred further right,
    # from where the line beside "Nơi nhận:" starts. A line starting between the two (the indented
    # first line of a footnote under the block) is in neither.
    beside = [ln.x0 for ln in below if abs(ln.top - nn.top) < 6 and ln.x0 > nn.x1]
    sign_x0 = min(beside) - 40 if beside else nn.x0 + 20
    zone = [ln for ln in below if ln.x0 < nn.x0 + 20 or ln.x0 >= sign_x0]
    signers = _signers_above([ln for ln in lines if id(ln) not in cells], nn, pages[nn.page].width / 2)
    ids = {id(ln) for ln in zone + signers}
    # Two signers side by side over Nơi nhận (a biên bản, a contract) are the closing's first row.
    row = 1 if signers else 0
    closing = [(ln, (1, 0, 0 if ln.x1 < pages[nn.page].width / 2 else 1)) for ln in signers]
    closing += [(ln, (1, row, 0 if ln.x0 < nn.x0 + 20 else 1)) for ln in zone]
    closing.sort(key=lambda item: (item[1][2], item[0].top))
    return [ln for ln in lines if id(ln) not in ids], closing


#: The most a signature block's rows lie apart (the gap left for the hand signature, ~30 mm).
SIGN_GAP = 120
#: The most rows two signature blocks side by side hold (authority, title, a second title, name).
SIGN_ROWS = 5


def _signers_above(lines: list[Line], nn: Line, mid: float) -> list[Line]:
    """Two signature blocks side by side right over "Nơi nhận": rows of lines each on one side of
    the page's middle, at least one row with a line on each side; none if there is no such row."""
    above = sorted((ln for ln in lines if ln.page == nn.page and ln.top < nn.top - 2), key=lambda ln: -ln.top)
    found: list[Line] = []
    pair, last = False, nn.top
    while above and last - above[0].top <= SIGN_GAP:
        top = above[0].top
        group = [ln for ln in above if abs(ln.top - top) < 3]
        if any(ln.x0 < mid < ln.x1 for ln in group) or len(group) > 2:
            break                       # a line across the middle (running text), or a table's row
        pair = pair or (any(ln.x1 < mid for ln in group) and any(ln.x0 > mid for ln in group))
        found += group
        above = [ln for ln in above if ln not in group]
        last = top
    # A signature block is a few lines (authority, title, name): more rows are a table's.
    if pair and len({round(ln.top) for ln in found}) <= SIGN_ROWS:
        return found
    # Four parties two to a row are more rows: from the bottom up, the lines of titles, names and notes.
    k = next((i for i, ln in enumerate(found) if not (is_title(ln.text) or is_name(ln.text) or is_note(ln.text))),
             len(found))
    return found[:k] if pair and len({round(ln.top) for ln in found[:k]}) <= 3 * SIGN_ROWS else []


def _footnotes(lines: list[Line], page: Page, size: float, unnamed: list[str]) -> list[Line]:
    """Footnote lines out of the flow into ``page.notes``."""
    keep, current = [], None
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for p in sorted(by_page):
        plines = by_page[p]
        k = len(plines)
        while k > 0 and size - 1.5 >= plines[k - 1].size >= 0.5 * size \
                and not NOI_NHAN.match(plines[k - 1].text):
            k -= 1
        tail = plines[k:]
        if any(NOI_NHAN.match(ln.text) for ln in plines) and current is not None:
            current = None      # the closing page: small print there is the Nơi nhận, not a note
        starts = [i for i, ln in enumerate(tail) if _note_mark(ln)]
        if tail and not starts and current is None:
            keep += plines
            continue
        if starts and current is None:
            keep += plines[:k] + tail[:starts[0]]
            tail = tail[starts[0]:]
        else:
            keep += plines[:k]
        for ln in tail:
            first = ln.words[0]
            if _note_mark(ln):
                # OCR may read a raised "1" as an apostrophe: such a note takes the next number.
                current = first.text if first.text.isdigit() else str(len(page.notes) + 1)
                if not first.text.isdigit():
                    unnamed.append(current)
                page.notes[current] = [list(_spans(ln.words[1:], ln.size))]
            elif current is not None:
                paras = page.notes[current]
                if ln.x0 > min(l.x0 for l in tail) + 8:
                    paras.append(list(_spans(ln.words, ln.size)))
                else:
                    paras[-1] = merge(paras[-1] + [Span(" ")] + _spans(ln.words, ln.size))
    for key, paras in page.notes.items():
        page.notes[key] = [[Span(clean(s.text) if i == 0 else s.text, s.bold, s.italic, s.note)
                            for i, s in enumerate(p)] for p in paras]
    return keep


def _note_mark(ln: Line) -> bool:
    """The line starts with a footnote's raised mark (a small digit; as OCR reads it, maybe a quote)."""
    first = ln.words[0]
    return len(ln.words) > 1 and (first.text.isdigit() and first.size < 0.75 * ln.size
                                  or first.text in QUOTE_MARKS)


def _flow(lines: list[Line], page: Page, left: float, right: float) -> None:
    """Running text: lines joined into paragraphs."""
    mid = (left + right) / 2
    prev: Optional[Line] = None
    pitch = statistics.median([b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page
                               and 5 < b.top - a.top < 40] or [18.0])
    current: Optional[Block] = None
    for ln in lines:
        inset_left, inset_right = ln.x0 - left, right - ln.x1
        centred = (inset_left > 35 and abs((ln.x0 + ln.x1) / 2 - mid) < 15 and inset_right > 8) or (
            inset_left > 10 and abs(inset_left - inset_right) < 6)
        new = (current is None or centred or current.align == "center" or ln.x0 > left + 8
               or prev.x1 < right - 25 or (ln.page == prev.page and ln.top - prev.top > 1.7 * pitch))
        spans = _spans(ln.words, ln.size)
        if new:
            current = Block(spans, None, align="center" if centred else "both", indent=ln.x0 > left + 8,
                            lines=[ln])
            page.blocks.append(current)
        else:
            current.lines.append(ln)
            # A word broken after its hyphen ("2058/KH-" | "UBND") joins without a space.
            glue = "" if re.search(r"\w[-/]$", prev.words[-1].text) else " "
            current.spans = merge(current.spans + [Span(glue, spans[0].bold, spans[0].italic)] + spans)
        prev = ln
