"""Reading a .docx back: text in reading order and formatting as Word resolves it.

Word decides a run's font, size, weight and slant by looking, in order, at the
run's own properties, its character style (and that style's parents), the
paragraph's style (and its parents), then the document defaults. A check that
reads only ``run.font`` sees ``None`` for nearly everything in a styled
document, and one that reads only styles misses direct formatting; this
module walks the whole chain so both kinds of file read the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from vanban.decree.units import EMU_PER_MM, mm_of_twips



@dataclass(frozen=True)
class RunFormat:
    """Effective character formatting of one run."""
    font: Optional[str]
    size: Optional[float]    # points
    bold: bool
    italic: bool


@dataclass(frozen=True)
class ParaFormat:
    """Effective paragraph formatting."""
    alignment: Optional[str]          # "left", "center", "right", "both" (justified)
    first_line_mm: float              # negative for a hanging indent
    left_mm: float
    before_pt: float
    after_pt: float
    line: Optional[float]             # multiple of single spacing, when given as one
    keep_next: bool
    border_bottom: bool


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


def _style_chain(style) -> Iterator:
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _defaults_rpr(doc: Document):
    return doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def _defaults_ppr(doc: Document):
    return doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")


def _font_of(rpr) -> Optional[str]:
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    name = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
    if name:
        return name
    theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
    return f"theme:{theme}" if theme else None


def _size_of(rpr) -> Optional[float]:
    if rpr is None:
        return None
    sz = rpr.find(qn("w:sz"))
    return int(sz.get(qn("w:val"))) / 2 if sz is not None else None


def _toggle_of(rpr, tag: str) -> Optional[bool]:
    if rpr is None:
        return None
    el = rpr.find(qn(tag))
    if el is None:
        return None
    return el.get(qn("w:val"), "true") not in ("0", "false", "off")


def _rpr_sources(run, paragraph: Paragraph) -> list:
    doc_styles = []
    rstyle = run._r.rPr.rStyle if run._r.rPr is not None else None
    if rstyle is not None:
        doc_styles += [s.element.rPr for s in _style_chain(run.style)]
    doc_styles += [s.element.rPr for s in _style_chain(paragraph.style)]
    return [run._r.rPr] + doc_styles


def run_format(run, paragraph: Paragraph, doc: Document) -> RunFormat:
    """The font, size, bold and italic Word shows for ``run``."""
    sources = _rpr_sources(run, paragraph) + [_defaults_rpr(doc)]

    def first(getter, *args):
        for rpr in sources:
            value = getter(rpr, *args)
            if value is not None:
                return value
        return None

    return RunFormat(first(_font_of), first(_size_of) or 10.0,
                     bool(first(_toggle_of, "w:b")), bool(first(_toggle_of, "w:i")))


def _ppr_sources(paragraph: Paragraph, doc: Document) -> list:
    return [paragraph._p.pPr] + [s.element.pPr for s in _style_chain(paragraph.style)] + [_defaults_ppr(doc)]


def _attr(sources, tag: str, attr: str):
    for ppr in sources:
        if ppr is None:
            continue
        el = ppr.find(qn(tag))
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    return None


def para_format(paragraph: Paragraph, doc: Document) -> ParaFormat:
    """The alignment, indents and spacing Word applies to ``paragraph``."""
    src = _ppr_sources(paragraph, doc)
    first = _attr(src, "w:ind", "w:firstLine")
    hanging = _attr(src, "w:ind", "w:hanging")
    first_mm = mm_of_twips(int(first)) if first else (-mm_of_twips(int(hanging)) if hanging else 0.0)
    left = _attr(src, "w:ind", "w:left") or _attr(src, "w:ind", "w:start")
    line = _attr(src, "w:spacing", "w:line")
    rule = _attr(src, "w:spacing", "w:lineRule") or "auto"
    keep = any(p is not None and p.find(qn("w:keepNext")) is not None for p in src[:1]) or any(
        p is not None and p.find(qn("w:keepNext")) is not None for p in src[1:])
    border = any(p is not None and p.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None for p in src)
    return ParaFormat(
        alignment=_attr(src, "w:jc", "w:val"),
        first_line_mm=first_mm,
        left_mm=mm_of_twips(int(left)) if left else 0.0,
        before_pt=int(_attr(src, "w:spacing", "w:before") or 0) / 20,
        after_pt=int(_attr(src, "w:spacing", "w:after") or 0) / 20,
        line=int(line) / 240 if line and rule == "auto" else None,
        keep_next=keep,
        border_bottom=border,
    )


def mm(length: Optional[Length]) -> Optional[float]:
    """A python-docx length in millimetres."""
    return None if length is None else length / EMU_PER_MM
