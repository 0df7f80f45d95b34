"""A .docx's body as lines a person reads, and as a :class:`~vanban.reading.page.Page`.

A Word user lays the header out as a table, as tabbed lines, or as lines broken with
Shift+Enter; each line (a paragraph split at its line breaks, a tabbed header line split at its
tabs or runs of spaces) is one :class:`Located`, with the runs it is made of and the paragraph it
comes from. ``check`` locates the decree's elements on these lines; ``import`` reads the same
lines as page blocks (:func:`page_of`), so both see one document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from vanban.reading import locate, tables
from vanban.reading.page import Block, Page, Span, merge, norm
from vanban.reading.word import Para, WordDocument, WordRun

_GAP = re.compile(r"[ \t]*\t[ \t]*| {3,}")   # a header typed with runs of spaces between its two columns
HEADER_SCAN, TABBED = locate.HEADER_SCAN, locate.TABBED


@dataclass
class Located:
    """A piece of the document and where a person finds it."""
    text: str
    where: object                # a check.Where (reading cannot import check: kept untyped)
    para: Optional[Para] = None
    runs: list = field(default_factory=list)
    pos: Optional[tuple] = None
    cont: bool = False          # a line after a line break: not the paragraph's first line

    @property
    def cell(self) -> Optional[tuple]:
        """Where it stands, as a page block says it (the locator reads lines and blocks alike)."""
        return self.pos

    @property
    def outer(self) -> Optional[tuple]:
        """The top-level table's cell, for a line of a nested table."""
        return self.para.outer if self.para is not None and self.pos == self.para.pos else None


def _split(runs: list, sep: str) -> list[list]:
    """Runs cut at every ``sep`` character: one list of runs per piece."""
    pieces: list[list] = [[]]
    for r in runs:
        if r.note is not None:
            pieces[-1].append(r)
            continue
        chunks = r.text.split(sep)
        for k, chunk in enumerate(chunks):
            if k:
                pieces.append([])
            if chunk:
                pieces[-1].append(WordRun(chunk, r.fmt))
    return pieces


def _header_like(text: str) -> bool:
    return bool(text) and (text.isupper() or locate.is_quoc_hieu(text) or locate.is_motto(text)
                           or locate.is_date_line(text) or locate.is_number_start(text))


def _cells(runs: list, text: str) -> list[list]:
    """The runs cut where a tab or a run of spaces separates two pieces of text (spaces may be
    spread over several runs, as Word writes them)."""
    bounds, start = [], 0
    for m in _GAP.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    out: list[list] = []
    for lo, hi in bounds:
        piece, at = [], 0
        for r in runs:
            if r.note is not None:
                if lo <= at <= hi and (at < hi or hi == len(text)):
                    piece.append(r)
                continue
            a, b = max(lo, at), min(hi, at + len(r.text))
            if a < b:
                piece.append(WordRun(r.text[a - at:b - at], r.fmt))
            at += len(r.text)
        out.append(piece)
    return out


def _columns(filled: list) -> list:
    """A tabbed line's two columns: the left one ends where the right-hand element (national name,
    motto, date, signature title) begins, so "Số:   /UBND-NC   Lâm Đồng, ngày …" splits before the date."""
    cut = next((k for k in range(1, len(filled)) if _right_like(filled[k][0])), 1)
    return [_join(filled[:cut]), _join(filled[cut:])]


def _join(part: list) -> tuple[str, list]:
    """Pieces of one column as one line: the gap between two pieces is a space in the runs too."""
    runs: list = []
    for _t, c in part:
        if runs and c and c[0].note is None:
            runs.append(WordRun(" ", c[0].fmt))
        runs.extend(c)
    return norm(" ".join(t for t, _ in part)), runs


def _right_like(text: str) -> bool:
    return locate.is_quoc_hieu(text) or locate.is_motto(text) or locate.is_place_date(text) or \
        (text.isupper() and "/" not in text and not locate.is_number_start(text))


def lines_of(doc: WordDocument, where=None) -> list[Located]:
    """Every line of the body in reading order; lines laid out in two columns with tabs or spaces
    (a header, a Nơi nhận beside the signature) split into columns of a table of their own.
    ``where(para, text)`` makes each line's location (default: the paragraph's index)."""
    where = where or (lambda p, t: p.index)
    out: list[Located] = []
    row, block, in_block = 0, TABBED, False
    for p in doc.paragraphs:
        split_here = False
        for k, runs in enumerate(_split(p.runs, "\n")):
            text = "".join(r.text for r in runs)
            cols = _cells(runs, text) if "\t" in text or "   " in text else [runs]
            texts = [norm("".join(r.text for r in c)) for c in cols]
            two = p.pos is None and sum(1 for t in texts if t) >= 2
            if two and (in_block or texts[0].startswith("Nơi nhận") or
                        (p.index < HEADER_SCAN and (_header_like(texts[0]) or
                                                    _header_like(" ".join(t for t in texts[1:] if t))))):
                if not in_block:
                    block, row = block + 1, 0
                in_block = split_here = True
                filled = [(t, c) for t, c in zip(texts, cols) if t]
                for col, (t, c) in enumerate(_columns(filled)):
                    out.append(Located(t, where(p, t), p, c, (block, row, col), k > 0))
                row += 1
                continue
            t = norm(text)
            out.append(Located(t, where(p, t), p, runs, p.pos, k > 0))
        if not split_here and p.text.strip():
            in_block = False
    return out


def spans(runs: list) -> list[Span]:
    """Runs as page spans: bold and italic as Word shows them, footnote marks kept."""
    return merge([Span("", note=r.note) if r.note is not None else Span(r.text, r.fmt.bold, r.fmt.italic)
                  for r in runs])


def _block(lines: list[Located], doc: WordDocument, label: str = "") -> Block:
    first = lines[0]
    runs = [r for k, x in enumerate(lines) for r in ([WordRun(" ", x.runs[0].fmt)] if k and x.runs else []) + x.runs]
    if label and runs:
        runs.insert(0, WordRun(label + " ", runs[0].fmt))
    p = first.para
    style = doc.sheet.names.get(p.style, p.style or "") if p is not None and p.style else ""
    return Block(spans(runs), first.pos, style, p.fmt.alignment if p is not None else None, source=p,
                 outer=first.outer)


def _closing_line(text: str) -> bool:
    """A line that opens the closing block: typed after a line break at the end of the last
    paragraph, it starts a block of its own (Nơi nhận, a signing authority)."""
    return locate.is_noi_nhan(text) or locate.authority(text) is not None


def page_of(doc: WordDocument) -> Page:
    """The document as page blocks: a block per line in the two-column parts (cells, tabbed
    lines), a block per paragraph in running text (a line break there is a space)."""
    page = Page(source="docx")
    labels = doc.list_labels()
    group: list[Located] = []

    def flush() -> None:
        # The number Word prints before a paragraph it numbers, on the paragraph's first line only.
        p = group[0].para
        label = labels.pop(p.index, "") if p is not None and not group[0].cont else ""
        page.blocks.append(_block(group, doc, label))

    closing_para = None     # the paragraph a closing block was typed into, after line breaks
    for x in lines_of(doc):
        if _closing_line(x.text):
            closing_para = x.para
        elif group and x.cont and x.pos is None and group[-1].pos is None and x.para is group[-1].para \
                and x.para is not closing_para:
            group.append(x)
            continue
        if group:
            flush()
        group = [x]
    if group:
        flush()
    page.notes = {key: [s for s in (spans([r for r in p.runs if r.note is None]) for p in paras) if s]
                  for key, paras in doc.notes().items()}
    page.tables, page.landscape = tables.grids(doc), tables.landscape_blocks(doc, page.blocks)
    return page
