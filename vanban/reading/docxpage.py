"""A .docx as a :class:`~vanban.reading.page.Page`.

Runs are taken from the XML wherever Word shows them (inside hyperlinks,
smart tags, content controls, tracked insertions), not only python-docx's
direct children; deleted text and text boxes are left out. Formatting is
resolved through the styles by :mod:`vanban.docxread`. Runs typed in a legacy
Vietnamese font (TCVN3 ``.VnTime``, VNI) are converted to Unicode here.
"""
from __future__ import annotations

import re
from typing import Optional

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vanban.reading import docxread
from vanban.reading import legacy
from vanban.reading.page import Block, Page, Span, merge

_SKIP_INSIDE = {qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom"), qn("w:fldChar")}
_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
         qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}


def _runs(p_el):
    """The ``w:r`` elements of a paragraph that Word prints, in order."""
    for r in p_el.iter(qn("w:r")):
        parent, hidden = r.getparent(), False
        while parent is not None and parent is not p_el:
            if parent.tag in _SKIP_INSIDE:
                hidden = True
                break
            parent = parent.getparent()
        if not hidden:
            yield r


def _run_text(r) -> tuple[str, Optional[str]]:
    """The text of one run and its footnote id, if it is a footnote reference."""
    out, note = [], None
    for child in r:
        if child.tag in _TEXT:
            out.append(child.text or "" if _TEXT[child.tag] is None else _TEXT[child.tag])
        elif child.tag == qn("w:footnoteReference"):
            note = child.get(qn("w:id"))
        elif child.tag == qn("w:sym"):
            try:
                code = int(child.get(qn("w:char")) or "", 16)
            except ValueError:
                continue
            out.append(chr(code - 0xF000 if code >= 0xF000 else code))   # symbol fonts use the F0xx area
    return "".join(out), note


def spans_of(p: Paragraph, document: Optional[Document], resolve: bool = True) -> list[Span]:
    """A paragraph's spans with effective bold and italic (``resolve``) or direct formatting only."""
    spans, by_font = [], False
    for r in _runs(p._p):
        text, note = _run_text(r)
        if note is not None:
            spans.append(Span("", note=note))
            continue
        if not text:
            continue
        run = Run(r, p)
        if resolve and document is not None:
            fmt = docxread.run_format(run, p, document)
            bold, italic, font = fmt.bold, fmt.italic, fmt.font
        else:
            bold, italic = bool(run.bold), bool(run.italic)
            font = run.font.name
        converted = legacy.to_unicode(text, font)
        spans.append(Span(converted, bold, italic))
        by_font = by_font or converted != text
    if not by_font:
        # The font may say Times New Roman over text typed in TCVN3 or VNI: judge the characters.
        encoding = legacy.detect("".join(s.text for s in spans))
        if encoding:
            spans = [Span(legacy.convert(s.text, encoding), s.bold, s.italic, s.note) for s in spans]
    return merge(spans)


def _split_lines(spans: list[Span]) -> list[list[Span]]:
    lines: list[list[Span]] = [[]]
    for s in spans:
        parts = s.text.split("\n") if s.note is None else [s.text]
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part or s.note:
                lines[-1].append(Span(part, s.bold, s.italic, s.note))
    return [line for line in lines if line]


_HEADER_RIGHT = re.compile(r"^(C[ỘO]NG H[ÒOÀ]A X[ÃA] H[ỘO]I|Độc lập\s*[-–]|.{0,40},\s*ngày\b)", re.I)
_TAB_HEADER = -1        # the pseudo table of a header laid out with tabs instead of a table
_HEADER_PARAS = 15


def _tab_columns(spans: list[Span]) -> Optional[tuple[list[Span], list[Span]]]:
    """A header line typed as ``left<TAB…>right`` split into its two columns, or None."""
    text = "".join(s.text for s in spans)
    if "\t" not in text:
        return None
    left_text, _tabs, right_text = text.strip().rpartition("\t")
    if not _HEADER_RIGHT.match(right_text.strip()) and not re.match(r"^\s*Số\b", left_text):
        return None
    left, right, seen = [], [], 0
    cut = text.rindex("\t")
    for s in spans:
        if s.note is not None:
            (left if seen <= cut else right).append(s)
            continue
        head, tail = s.text[:max(0, cut + 1 - seen)], s.text[max(0, cut + 1 - seen):]
        if head:
            left.append(Span(head.replace("\t", " "), s.bold, s.italic))
        if tail:
            right.append(Span(tail, s.bold, s.italic))
        seen += len(s.text)
    return left, right


def read(document: Document) -> Page:
    """Every paragraph of the body in reading order, and the footnotes by id."""
    page = Page(source="docx")
    for k, (p, cell) in enumerate(docxread.iter_block_paragraphs(document)):
        spans = spans_of(p, document)
        style = p.style.name if p.style is not None else ""
        align = docxread.para_format(p, document).alignment
        split = _tab_columns(spans) if cell is None and k < _HEADER_PARAS else None
        if split:
            for col, part in enumerate(split):
                if "".join(x.text for x in part).strip():
                    page.blocks.append(Block(part, (_TAB_HEADER, 0, col), style, "center"))
            continue
        if cell is not None:
            # A line break in a header cell separates two printed lines (name and motto).
            for line in _split_lines(spans) or [[]]:
                page.blocks.append(Block(line, cell, style, align))
        else:
            joined = [Span(s.text.replace("\n", " "), s.bold, s.italic, s.note) for s in spans]
            page.blocks.append(Block(joined, None, style, align))
    page.notes = footnotes(document)
    return page


def footnotes(document: Document) -> dict[str, list[list[Span]]]:
    """Each real footnote by id: its paragraphs as spans (direct formatting: notes carry no styles of interest)."""
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if part is None:
        return {}
    root = parse_xml(part.blob)
    out = {}
    for fn in root.iterfind(qn("w:footnote")):
        if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = []
        for p_el in fn.iterfind(qn("w:p")):
            spans = [s for s in spans_of(Paragraph(p_el, None), None, resolve=False) if s.note is None]
            if spans:
                paras.append(spans)
        out[fn.get(qn("w:id"))] = paras
    return out
