"""A PDF as a :class:`~vanban.reading.page.Page`: its text layer, or OCR where a page has none.

The text layer is read with pypdfium2 (PDFium, Apache-2.0/BSD): every
character with its box, baseline, font name and size, grouped into words
where a space, a gap or a change of font falls. Bold and italic come from the
font name (``…-Bold``, ``…-Italic``, ``…BoldItalic``) or the font's flags,
footnote marks from raised small digits; :mod:`vanban.reading.geometry`
rebuilds columns and paragraphs. A page with no text (a scan) is rasterised
and read by Tesseract (:mod:`vanban.reading.ocr`).
"""
from __future__ import annotations

import ctypes
import os
from typing import TYPE_CHECKING, Optional, Union

from vanban.reading.geometry import PageWords, Word, build
from vanban.reading.page import Page, lookalikes

if TYPE_CHECKING:
    from vanban.reading import ocr

_MIN_CHARS = 20         # fewer characters than this on a page: a scan, not a text layer
_ITALIC_FLAG, _BOLD_FLAG = 0x40, 0x40000      # PDF font descriptor flags (Italic, ForceBold)


class PdfUnreadable(ValueError):
    """The file is not a PDF PDFium can open."""


def _style(fontname: str, flags: int) -> tuple[bool, bool]:
    name = fontname.split("+")[-1].lower()
    bold = any(k in name for k in ("bold", "black", "heavy", "semibold", ",b")) or bool(flags & _BOLD_FLAG)
    italic = any(k in name for k in ("italic", "oblique", ",i")) or bool(flags & _ITALIC_FLAG)
    return bold, italic


def _page_words(page) -> PageWords:
    import pypdfium2.raw as raw
    width, height = page.get_size()
    textpage = page.get_textpage()
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    left, right = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    words: list[Word] = []
    current = None      # [text, x0, x1, baseline, size, font, flags]
    for i in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage, i))
        if ch == "\x02":
            ch = "-"        # PDFium's mark for a hyphen that ends a line ("2058/KH-" | "UBND")
        ch = lookalikes(ch)
        if ch.isspace() or ch == "\x00" or raw.FPDFText_IsGenerated(textpage, i):
            current = None
            continue
        size = raw.FPDFText_GetFontSize(textpage, i)
        raw.FPDFText_GetFontInfo(textpage, i, name, 128, ctypes.byref(flags))
        # The loose box spans the glyph's advance: a narrow "1" does not leave a gap before "1555".
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        left.value, right.value = rect.left, rect.right
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        font = name.value
        if (current is None or current[5] != font or abs(current[4] - size) > 0.1
                or left.value - current[2] > 0.2 * size or abs(oy.value - current[3]) > 0.3 * size):
            current = [ch, left.value, right.value, oy.value, size, font, flags.value]
            words.append(current)
        else:
            current[0] += ch
            current[2] = max(current[2], right.value)
    out = []
    for text, x0, x1, baseline, size, font, fl in words:
        bold, italic = _style(font.decode("latin-1"), fl)
        # A box from the baseline and the size: every glyph of a line gets the same top and bottom.
        out.append(Word(text, x0, x1, height - baseline - 0.8 * size, height - baseline + 0.2 * size,
                        round(size, 1), bold, italic))
    return PageWords(float(width), float(height), out)


def read(path: Union[str, os.PathLike], ocr_pages: bool = True, ocr_limits: Optional["ocr.Limits"] = None) -> Page:
    """What the PDF says. Pages without a text layer go to OCR when ``ocr_pages``, within
    ``ocr_limits`` (:class:`vanban.reading.ocr.Limits`; what they leave unread is in the page's warnings)."""
    import pypdfium2 as pdfium

    from vanban.reading import ocr
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(f"{path}: not a readable PDF ({exc})") from None
    try:
        pages = [_page_words(p) for p in document]
    finally:
        document.close()
    scanned = [k for k, p in enumerate(pages) if sum(len(w.text) for w in p.words) < _MIN_CHARS]
    done = ocr.read(path, scanned, ocr_limits) if scanned and ocr_pages else ocr.OcrResult()
    for k, words in done.words.items():
        pages[k].words = words
    page = build(pages, "ocr" if scanned and len(scanned) == len(pages) else "pdf")
    page.warnings += done.warnings
    return page
