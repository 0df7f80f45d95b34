"""Page numbers (appendix I): Arabic numerals, 13–14 pt, upright, centred in the top margin, not
shown on the first page. A one-page document needs none.

Word puts the PAGE field wherever the user chose (a content control from "Page Number → Top of
Page", a plain field, a footer), per section and per variant (first page, odd, even), so every
variant Word would show is looked at.
"""
from __future__ import annotations

from vanban.check.framework import expect, rule
from vanban.decree.layout import DECREE as D
from vanban.reading.word import Para, WordDocument, shown

_PAGE_FIELDS = ("PAGE",)


def _page_paras(doc: WordDocument, part) -> list[Para]:
    if not part:
        return []
    return [p for p in doc.story(part) if any(fl.name in _PAGE_FIELDS for fl in p.fields)]


@rule("page_number", "page numbers: 13–14 pt, centred at the top from page 2, none on page 1", "layout")
def _page_number(_, doc: WordDocument):
    pages = doc.page_count()
    numbered = False
    for k, sec in enumerate(doc.sections):
        label = "" if len(doc.sections) == 1 else f" of section {k + 1}"
        for variant, part in shown(sec, "footer", doc.even_odd, pages):
            if _page_paras(doc, part):
                numbered = True
                expect(False, f"footer{label} ({variant})", "page number at the top of the page, centred",
                       "page number in the footer")
        for variant, part in shown(sec, "header", doc.even_odd, pages):
            paras = _page_paras(doc, part)
            if not paras:
                continue
            numbered = True
            if k == 0 and (variant == "first page" or not sec.title_page):
                expect(False, f"header{label} ({variant})", "no page number on page 1", "page number on page 1")
            for p in paras:
                where = f"header{label} ({variant})"
                expect(p.fmt.alignment == "center", where, "centred", p.fmt.alignment or "left")
                runs = [r.fmt for fl in p.fields if fl.name in _PAGE_FIELDS for r in fl.runs if r.text.strip()] \
                    or [r.fmt for r in p.runs if r.text.strip()]
                sizes = sorted({r.size for r in runs})
                expect(all(s in D.page_number for s in sizes), where, f"page number {D.page_number} pt",
                       f"{', '.join(f'{s:g}' for s in sizes)} pt")
                expect(not any(r.italic for r in runs), where, "upright page number", "italic")
    if not numbered:
        expect(pages <= 1, "headers", "page numbers from page 2", f"none on a document of about {pages} pages")
