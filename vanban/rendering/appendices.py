"""Appendices (phụ lục) as sections of their own, after the signature block.

Each appendix starts on a new page in a new Word section, portrait or landscape, whose page
numbers start again at 1 (appendix I §I.7: "số trang của phụ lục được đánh riêng theo từng phụ
lục"); like the document, its first page shows no number. The sections are made from the
template's own ``w:sectPr`` (its margins, header with the PAGE field, different first page), so a
template edited in Word keeps its choices in the appendices.

Word keeps a section's properties in the paragraph that ends it, and the last section's at the
end of the body; :func:`attach` therefore moves the template's section into a paragraph after
the signature block and puts the last appendix's at the end.
"""
from __future__ import annotations

import re

from vanban.decree.layout import DEFAULT, Layout
from vanban.decree.lengths import twips
from vanban.model.inline import Run
from vanban.model.printed import PrintedAppendix, PrintedTable
from vanban.rendering import ooxml
from vanban.rendering.tables import SPACER, table_xml

_SECT = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.S)
_PG_SZ = re.compile(r"<w:pgSz\b[^>]*/>")


def text_width(lay: Layout, landscape: bool) -> float:
    """Width of the text area in mm: the page's width less the left and right margins, which
    stay where they are on a landscape page (the decree's margins are kept, not turned)."""
    return (lay.page_height if landscape else lay.page_width) - lay.margin_left - lay.margin_right


def body_xml(items: list, ids: dict[str, int], width_mm: float, style_of) -> str:
    """Paragraphs and tables of a body; a spacer after a table that another table or the end follows."""
    out = []
    for k, p in enumerate(items):
        if isinstance(p, PrintedTable):
            out.append(table_xml(p, width_mm, ids))
            if k + 1 == len(items) or isinstance(items[k + 1], PrintedTable):
                out.append(SPACER)
        else:
            out.append(ooxml.paragraph(style_of(p.role), p.runs, ids, keep_next=p.keep_next))
    return "".join(out)


def _title(a: PrintedAppendix, center: str, lay: Layout) -> str:
    """"Phụ lục I" and the name, bold; the "(Kèm theo …)" line italic; a short rule under them."""
    def line(text: str, bold: bool, italic: bool, before: float) -> str:
        props = ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>') + \
                ("<w:i/><w:iCs/>" if italic else "")
        return (f'<w:p><w:pPr><w:pStyle w:val="{center}"/><w:keepNext/><w:spacing w:before="{round(before * 20)}"/>'
                f'<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
                f'<w:r><w:rPr>{props}</w:rPr>{ooxml.text(text)}</w:r></w:p>')
    rule_mm = min(lay.subject_rule_mm(a.name), 60.0)
    rule = ooxml.paragraph("VBRule", [], ind={"left": 0, "right": 0}, border_bottom=True)
    box = text_width(lay, a.landscape)
    side = max(0.0, (box - rule_mm) / 2)
    rule = rule.replace('<w:ind w:left="0" w:right="0"/>', f'<w:ind w:left="{twips(side)}" w:right="{twips(side)}"/>')
    return (line(a.label, True, False, 0) + line(a.name, True, False, 0) + line(a.attached_to, False, True, 0)
            + rule)


def appendix_xml(a: PrintedAppendix, ids: dict[str, int], style_of, lay: Layout = DEFAULT) -> str:
    """One appendix's title block and body."""
    return _title(a, style_of("center"), lay) + body_xml(a.body, ids, text_width(lay, a.landscape), style_of)


def section_of(template_sect: str, landscape: bool, restart: bool, lay: Layout = DEFAULT) -> str:
    """The template's ``w:sectPr`` turned landscape (or kept portrait) and numbering from 1."""
    sect = re.sub(r"<w:pgNumType\b[^>]*/>", "", template_sect)
    sect = re.sub(r"<w:type\b[^>]*/>", "", sect)
    w, h = twips(lay.page_width), twips(lay.page_height)
    size = f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>' if landscape else f'<w:pgSz w:w="{w}" w:h="{h}"/>'
    if _PG_SZ.search(sect):
        sect = _PG_SZ.sub(size, sect, count=1)
    else:   # a template without a paper size: after the header and footer references
        refs = list(re.finditer(r"<w:(?:headerReference|footerReference)\b[^>]*/>", sect))
        at = refs[-1].end() if refs else re.match(r"<w:sectPr\b[^>]*>", sect).end()
        sect = sect[:at] + size + sect[at:]
    if restart:
        # pgNumType comes after pgMar (and paperSrc, pgBorders, lnNumType) in the schema's order.
        at = min((m.start() for m in re.finditer(r"<w:(?:cols|formProt|vAlign|noEndnote|titlePg|textDirection|bidi"
                                                 r"|rtlGutter|docGrid|printerSettings|sectPrChange)\b", sect)),
                 default=sect.rindex("</w:sectPr>"))
        sect = sect[:at] + '<w:pgNumType w:start="1"/>' + sect[at:]
    # w:type goes right before w:pgSz in the schema's order.
    return sect.replace("<w:pgSz ", '<w:type w:val="nextPage"/><w:pgSz ', 1)


def _ending(sect: str) -> str:
    """An empty, tiny paragraph that ends a section with ``sect``."""
    return SPACER.replace("</w:rPr></w:pPr>", f"</w:rPr>{sect}</w:pPr>", 1)


def attach(document_xml: str, appendices: list[tuple[bool, str]], lay: Layout = DEFAULT) -> str:
    """``document_xml`` with each ``(landscape, xml)`` appendix in a section of its own after the
    signature block; unchanged when there is none."""
    if not appendices:
        return document_xml
    end = document_xml.rindex("</w:body>")
    found = list(_SECT.finditer(document_xml, 0, end))
    if not found:
        raise ValueError("the template has no section properties")
    last = found[-1]
    main = last.group(0)
    parts = [_ending(main)]
    for k, (landscape, xml) in enumerate(appendices):
        sect = section_of(main, landscape, True, lay)
        parts.append(xml)
        parts.append(_ending(sect) if k + 1 < len(appendices) else sect)
    return document_xml[:last.start()] + "".join(parts) + document_xml[last.end():]


__all__ = ["attach", "appendix_xml", "body_xml", "section_of", "text_width"]
