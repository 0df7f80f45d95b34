"""Rules for tables and appendices in a .docx or a PDF (the YAML's own are in :mod:`.content_rules`).

- ``bang.repeat``: a table that holds data repeats its heading rows at the top of every page
  (Word's "Repeat as header row", ``w:tblHeader``); on a PDF, a table printed over several pages
  shows its heading rows again at the top of the next page.
- ``phu_luc.block``: each appendix opens with "Phụ lục I" (numbered in order; a single one may be
  "Phụ lục"), its name, and "(Kèm theo … số … ngày … của …)" (appendix I §I.7).
- ``phu_luc.pages``: each appendix numbers its pages from 1 (a new section whose numbering
  restarts; on a PDF, the numbers printed on its pages).

Landscape sections' margins are judged by ``page.margins`` for every section already.
"""
from __future__ import annotations

from vanban.check.framework import expect, need, rule
from vanban.check.pdf_rules import PdfPages, appendix_starts, page_marks, pdf_rule
from vanban.decree.appendix import ATTACHED, ATTACHED_FULL, numeral_value, title
from vanban.i18n import _
from vanban.reading.facts import Facts
from vanban.reading.styles import W
from vanban.reading.tables import grids, holds_data
from vanban.reading.where import Where
from vanban.reading.word import WordDocument


def _layout_tables(f: Facts) -> set[int]:
    """Tables holding the header or the closing (the locator's): they place text, they hold no data."""
    found = [f.quoc_hieu, f.tieu_ngu, f.number, f.date, f.noi_nhan_label, f.signer_title, f.signer_name,
             *f.agency, *f.authority, *f.noi_nhan]
    return {x.pos[0] for x in found if x is not None and x.pos is not None}


@rule("bang.repeat", "a table's heading rows repeat at the top of every page", "layout")
def _repeat(f: Facts, doc: WordDocument):
    layout = _layout_tables(f)
    filled: dict[int, set[int]] = {}
    for p in doc.paragraphs:
        if p.pos is not None and p.text.strip() and (p.outer is None or p.outer == p.pos):
            filled.setdefault(p.pos[0], set()).add(p.pos[2])
    data = [(n, g) for n, g in grids(doc).items() if holds_data(g, len(filled.get(n, ())), n in layout)]
    for n, g in need(data):
        first = next((p for p in doc.paragraphs if p.pos is not None and p.pos[0] == n and p.text.strip()), None)
        where = Where.paragraph_of(first.index, first.text) if first is not None else _("the document")
        expect(g.repeated > 0, where, "heading row repeated on every page (Repeat as header row)", _("not repeated"))


@pdf_rule("bang.repeat")
def _repeat_pdf(_f: Facts, doc: PdfPages):
    for n, g in need([(n, g) for n, g in doc.page.tables.items() if g.pages > 1]):
        first = next((b for b in doc.page.blocks if b.cell is not None and b.cell[0] == n and b.text), None)
        where = Where(place=_("table"), text=first.text[:60]) if first is not None else _("the document")
        expect(g.repeated > 0, where, "heading row repeated on every page (Repeat as header row)", _("not repeated"))


def _texts(doc) -> list[tuple[str, object]]:
    """(text, where) of the running lines of a .docx or a PDF."""
    if isinstance(doc, WordDocument):
        return [(p.text.strip(), Where.paragraph_of(p.index, p.text)) for p in doc.paragraphs if p.pos is None]
    if isinstance(doc, PdfPages):
        return [(b.text, Where(place=_("page {n}").format(n=b.lines[0].page + 1 if b.lines else 1), text=b.text[:60]))
                for b in doc.page.blocks if b.cell is None]
    return []


@pdf_rule("phu_luc.block")
@rule("phu_luc.block", "appendix title: 'Phụ lục I', its name, '(Kèm theo … số … ngày … của …)'", "layout")
def _appendix_block(_f: Facts, doc):
    # A file's rule: in YAML vanban composes the block (phu_luc.title judges the name there).
    lines = [(t, w) for t, w in _texts(doc) if t]
    starts = need([k for k, (t, _w) in enumerate(lines) if title(t) is not None])
    for order, k in enumerate(starts, 1):
        text, where = lines[k]
        numeral, rest = title(text)
        value = numeral_value(numeral)
        blank = bool(numeral) and value is None        # "Phụ lục …" or a template's field: a draft
        if not blank and (len(starts) > 1 or value is not None):
            # A Party document numbers them 1, 2 (HD 36), a state document I, II.
            expect(value == order, where, _("Phụ lục {n}").format(n=order if _f.party else _roman(order)), text)
        after = [t for t, _w in lines[k + 1:k + 6]]
        name = rest or (after[0] if after and not ATTACHED.match(after[0]) else "")
        expect(bool(name), where, "the appendix's name under its number", "missing")
        attached = next((j for j, t in enumerate(after) if ATTACHED.match(t)), None)
        line = " ".join(after[attached:attached + 3]) if attached is not None else ""
        line = line[:line.index(")") + 1] if ")" in line else line
        expect(bool(ATTACHED_FULL.match(line)), where,
               "(Kèm theo <document> số … ngày … của <issuer>)", line or "missing")


def _roman(n: int) -> str:
    from vanban.decree.vn import roman
    return roman(n)


def _section_elements(doc: WordDocument) -> list:
    return [sp for sp in doc.body.iter(W + "sectPr") if sp.getparent().tag != W + "sectPrChange"] \
        if doc.body is not None else []


@rule("phu_luc.pages", "each appendix numbers its pages from 1", "layout")
def _appendix_pages(_f: Facts, doc: WordDocument):
    elements = _section_elements(doc)
    found = []
    for k, sec in enumerate(doc.sections):
        end = doc.sections[k + 1].first_para if k + 1 < len(doc.sections) else len(doc.paragraphs)
        first = next((p for p in doc.paragraphs[sec.first_para:end] if p.text.strip() and p.pos is None), None)
        if first is not None and title(first.text) is not None and len(elements) == len(doc.sections):
            found.append((first, elements[k]))
    for para, sect in need(found):
        num = sect.find(W + "pgNumType")
        start = num.get(W + "start") if num is not None else None
        expect(start == "1", Where.paragraph_of(para.index, para.text), "page numbers from 1 (a new section)",
               _("numbering continued") if start is None else start)


@pdf_rule("phu_luc.pages")
def _appendix_pages_pdf(_f: Facts, doc: PdfPages):
    starts = appendix_starts(doc)
    spans = [(k, starts[n + 1] if n + 1 < len(starts) else len(doc.pages)) for n, k in enumerate(starts)]
    # A one-page appendix shows no number either way (its first page has none): nothing to judge.
    for k, stop in need([(k, stop) for k, stop in spans if stop - k > 1]):
        for j in range(k, stop):
            want = j - k + 1
            marks = page_marks(doc.pages[j])
            where = _("page {n}").format(n=j + 1)
            if want == 1:
                expect(all(m == "1" for m in marks), where, "no page number on the appendix's first page",
                       ", ".join(marks))
            else:
                expect(str(want) in marks, where, _("page number {n}").format(n=want), ", ".join(marks) or "none")


__all__: list[str] = []
