"""Test helper (was vanban.reading.docxread): python-docx paragraphs with formatting resolved by vanban's StyleSheet,
an oracle independent of vanban.reading.word for the renderer's tests.

Word decides a run's font, size, weight and slant by looking, in order, at the
run's own properties, its character style (and that style's parents), the
paragraph's style (and its parents), then the document defaults. A check that
reads only ``run.font`` sees ``None`` for nearly everything in a styled
document, and one that reads only styles misses direct formatting; this
module walks the whole chain so both kinds of file read the same.
"""
from __future__ import annotations

from typing import Iterator, Optional

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from vanban.decree.lengths import EMU_PER_MM
from vanban.reading import word
from vanban.reading.styles import ParaFormat, RunFormat, StyleSheet, ppr_props, rpr_props

__all__ = ["RunFormat", "ParaFormat", "iter_block_paragraphs", "paragraphs", "footnotes", "footnote_reference_count",
           "run_format", "para_format", "mm"]


def _sheet(doc: Document) -> StyleSheet:
    """The document's styles resolved once (python-docx looks a style up by XPath on every call)."""
    styles = doc.styles.element
    cached = getattr(doc, "_vanban_sheet", None)
    if cached is None or cached[0] is not styles:
        cached = (styles, StyleSheet(styles))
        doc._vanban_sheet = cached
    return cached[1]


def iter_block_paragraphs(doc: Document) -> Iterator[tuple[Paragraph, Optional[tuple[int, int, int]]]]:
    """Every body paragraph in reading order, with (table, row, column) for those in tables."""
    table_no = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row.cells):
                    for p in cell.paragraphs:
                        yield p, (table_no, r, c)
            table_no += 1
        else:
            yield block, None


def paragraphs(doc: Document) -> list[Paragraph]:
    """Body paragraphs in reading order (header table row by row, cell by cell)."""
    return [p for p, _ in iter_block_paragraphs(doc)]


def footnotes(doc: Document) -> list[str]:
    """Text of each real footnote (separators excluded), in id order."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if part is None:
        return []
    root = parse_xml(part.blob)
    out = []
    for fn in root.iterfind(qn("w:footnote")):
        if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in fn.iterfind(qn("w:p"))]
        out.append("\n".join(paras))
    return out


def footnote_reference_count(doc: Document) -> int:
    """How many footnote reference marks the body carries."""
    return len(doc.element.body.findall(".//" + qn("w:footnoteReference")))


def run_format(run, paragraph: Paragraph, doc: Document) -> RunFormat:
    """The font, size, bold and italic Word shows for ``run`` (a python-docx run, or a run of
    :mod:`vanban.reading.word`, which carries its format already)."""
    if isinstance(run, word.WordRun):
        return run.fmt
    ppr = paragraph._p.pPr
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return _sheet(doc).run_format(pstyle.get(qn("w:val")) if pstyle is not None else None, rpr_props(run._r.rPr))


def para_format(paragraph: Paragraph, doc: Document) -> ParaFormat:
    """The alignment, indents and spacing Word applies to ``paragraph`` (python-docx's or ours)."""
    if isinstance(paragraph, word.Para):
        return paragraph.fmt
    return _sheet(doc).para_format(ppr_props(paragraph._p.pPr))


def mm(length: Optional[Length]) -> Optional[float]:
    """A python-docx length in millimetres."""
    return None if length is None else length / EMU_PER_MM
