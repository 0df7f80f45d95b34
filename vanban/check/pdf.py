"""``check`` on a PDF: the same locator and content rules as a .docx, and the layout a PDF shows.

The PDF is read as import reads it (:mod:`vanban.reading.pdf_text`: its text layer, or OCR where a
page has none or one that is not Vietnamese); its blocks become located lines and the locator
(:func:`vanban.reading.facts.from_lines`) finds the decree's elements on them. Content rules run on
every PDF. On a PDF whose pages all have a text layer, the layout rules that a PDF can show run
too: fonts and sizes, bold and italic from the text layer (the rules that read a located line's
runs, unchanged), paper size, margins and page numbers from where the words stand
(:mod:`.pdf_rules`). Every other rule (the line under the motto, spacing, indents, alignment as Word
sets them) says it could not decide; on a scan, every layout rule does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union

from vanban.check import pdf_rules
from vanban.check.pdf_rules import is_symbol_font
from vanban.check.report import PASS, UNDECIDED, Report, Result, run_rules
from vanban.decree.signature_stamp import describe
from vanban.i18n import N_, _
from vanban.model.loader import InputError, Problem
from vanban.reading.facts import from_lines
from vanban.reading.lines import Located
from vanban.reading.page import Block, Page
from vanban.reading.styles import RunFormat
from vanban.reading.where import Where
from vanban.reading.word import WordRun

#: Layout rules that read only the located lines' runs (font size, bold, italic, case): a text
#: layer gives those as a .docx does, so the rules run unchanged.
SAME_ON_PDF = ("quoc_hieu.format", "tieu_ngu.format", "co_quan.format", "so.format", "ngay.format",
               "trich_yeu.format", "kinh_gui.format", "noi_nhan.format", "chu_ky.format", "dieu.format")
SCANNED = N_("could not decide: a scanned page shows no fonts, sizes or weights")
STAMP = N_("a digital signature's stamp (not the document's text)")
NOT_SHOWN = N_("could not decide: a PDF does not show this (Word's paragraph settings and drawn lines)")


def _runs(block: Block) -> list[WordRun]:
    """The block's words as runs with the text layer's font, size, bold and italic (a raised small
    digit, a footnote mark, as a raised run: its size is not the text's)."""
    runs: list[WordRun] = []
    for ln in block.lines:
        for k, w in enumerate(ln.words):
            if _bullet(ln.words, k):
                continue
            raised = w.size < 0.75 * ln.size and w.text.isdigit()
            fmt = RunFormat(w.font or None, round(w.size * 2) / 2, w.bold, w.italic, script=raised)
            if runs:
                runs.append(WordRun(" ", fmt))
            runs.append(WordRun(w.text, fmt))
    return runs


def _bullet(words: list, k: int) -> bool:
    """A list's bullet as Word draws it ("o" in Courier New, "" in Symbol or Wingdings before the
    text): not the text's font or size (a .docx keeps it in the numbering, not in a run)."""
    w = words[k]
    return is_symbol_font(w.font) or (k == 0 and len(w.text) == 1 and len(words) > 1 and w.font != words[1].font)


def _where(block: Block) -> Where:
    page = block.lines[0].page + 1 if block.lines else 1
    text = block.text
    return Where(place=_("page {n}").format(n=page), text=text[:60] + ("…" if len(text) > 60 else ""))


def located(page: Page, ocr: bool) -> list[Located]:
    """The page's blocks as located lines (runs only where a text layer gives their formatting)."""
    return [Located(b.text, _where(b), None, [] if ocr else _runs(b), b.cell) for b in page.blocks]


def _pick(text_layer: bool):
    def pick(rule_id: str, kind: str, fn):
        if kind != "layout":
            return fn
        if not text_layer:
            return _(SCANNED)
        if rule_id in pdf_rules.RULES:
            return pdf_rules.RULES[rule_id]
        return fn if rule_id in SAME_ON_PDF else _(NOT_SHOWN)
    return pick


def check_pdf(path: Union[str, Path], name: str = "", ocr_limits=None) -> Report:
    """Every rule a PDF lets check decide; raises InputError when the PDF cannot be read."""
    name = name or str(path)
    page, pages = _read(path, name, ocr_limits)
    text_layer = bool(pages) and not any(p.ocr for p in pages)
    lines = located(page, not text_layer)
    align = {id(x): b.align for x, b in zip(lines, page.blocks)}
    facts = from_lines(lines, "pdf", lambda x: align.get(id(x)) == "center")
    document = pdf_rules.PdfPages(pages, page)
    results = run_rules(facts, document, ("content", "layout"), pick=_pick(text_layer))
    warnings = [Result("reading", _("what the reader could not read"), UNDECIDED, found=w) for w in page.warnings]
    # Who signed, as the signature's stamp prints it: said, and not judged as the document's text.
    signed = [Result("ky_so", STAMP, PASS, Where(place=_("page {n}").format(n=s.page)), found=describe(s))
              for s in page.stamps]
    return Report(name, warnings + signed + results, note=facts.out_of_scope or "")


def _read(path, name: str, ocr_limits):
    """The PDF's page and the words of each page; every way it cannot be read as one InputError."""
    from vanban.reading import ocr, pdf_text
    try:
        return pdf_text.read_pages(path, ocr_limits=ocr_limits)
    except pdf_text.PdfUnreadable as exc:
        why = _("not a PDF that can be read: {why}").format(why=exc)
    except ocr.OcrError as exc:
        why = str(exc)
    except (MemoryError, RecursionError) as exc:
        why = _("the file is damaged: {why}").format(why=_("unreadable content"))
    raise InputError([Problem(name, None, "", why)])


__all__ = ["check_pdf", "located", "SAME_ON_PDF"]
