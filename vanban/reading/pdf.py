"""A PDF as a :class:`~vanban.reading.page.Page`: its text layer, or OCR where a page has none.

The text layer is read with pdfplumber (MIT, on pdfminer.six): every word
with its position, font name and size. Bold and italic come from the font
name (``…-Bold``, ``…-Italic``, ``…BoldItalic``), footnote marks from raised
small digits; :mod:`vanban.reading.geometry` rebuilds columns and paragraphs.
A page with no text (a scan) is rasterised and read by Tesseract
(:mod:`vanban.reading.ocr`).
"""
from __future__ import annotations

import os
from typing import Union

from vanban.reading.geometry import PageWords, Word, build
from vanban.reading.page import Page

_MIN_CHARS = 20     # fewer characters than this on a page: a scan, not a text layer


def _style(fontname: str) -> tuple[bool, bool]:
    name = fontname.split("+")[-1].lower()
    bold = any(k in name for k in ("bold", "black", "heavy", "semibold", ",b"))
    italic = any(k in name for k in ("italic", "oblique", ",i"))
    return bold, italic


def words_of(pdf_page) -> list[Word]:
    """The words of a pdfplumber page, split where the font changes."""
    out = []
    for w in pdf_page.extract_words(extra_attrs=["fontname", "size"], x_tolerance=1.5, y_tolerance=2):
        bold, italic = _style(w["fontname"])
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]), bold, italic))
    return out


def read(path: Union[str, os.PathLike], ocr_pages: bool = True) -> Page:
    """What the PDF says. Pages without a text layer go to OCR when ``ocr_pages``."""
    import pdfplumber

    from vanban.reading import ocr
    pages: list[PageWords] = []
    scanned: list[int] = []
    with pdfplumber.open(str(path)) as pdf:
        for k, p in enumerate(pdf.pages):
            words = words_of(p)
            if sum(len(w.text) for w in words) < _MIN_CHARS:
                scanned.append(k)
            pages.append(PageWords(float(p.width), float(p.height), words))
    if scanned and ocr_pages:
        for k, words in ocr.read_pages(path, scanned, [pages[k] for k in scanned]).items():
            pages[k].words = words
    page = build(pages, "ocr" if scanned and len(scanned) == len(pages) else "pdf")
    return page
