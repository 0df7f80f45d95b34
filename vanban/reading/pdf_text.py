"""A PDF as a :class:`~vanban.reading.page.Page`: its text layer, or OCR where a page has none.

The text layer is read with pypdfium2 (PDFium, Apache-2.0/BSD): every
character with its box, baseline, font name and size, grouped into words
where a space, a gap or a change of font falls. Bold and italic come from the
font name (``…-Bold``, ``…-Italic``, ``…BoldItalic``) or the font's flags,
footnote marks from raised small digits; :mod:`vanban.reading.geometry`
rebuilds columns and paragraphs. A page with no text (a scan) is rasterised
and read by Tesseract (:mod:`vanban.reading.ocr`), and so is a page whose text
layer is not Vietnamese (:func:`layer_score`): the bad OCR a scanner put over
its image ("CONG 110A XA HOT CHV NGHIA VIET NAM"), text without its marks.
"""
from __future__ import annotations

import ctypes
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, Union

from vanban.i18n import N_, _
from vanban.reading import legacy, ocr_cells, pdf_tables
from vanban.reading.geometry import PageWords, Word, build
from vanban.reading.page import Page, lookalikes

if TYPE_CHECKING:
    from vanban.reading import ocr

_MIN_CHARS = 20         # fewer characters than this on a page: a scan, not a text layer
_ITALIC_FLAG, _BOLD_FLAG = 0x40, 0x40000      # PDF font descriptor flags (Italic, ForceBold)


class PdfUnreadable(ValueError):
    """The file is not a PDF PDFium can open; ``str()`` is the reason in the user's language."""


#: PDFium's load error codes (FPDF_ERR_*) → why, in a person's words.
_WHY = {1: N_("unknown error"), 2: N_("the file cannot be opened"), 3: N_("damaged or not a PDF"),
        4: N_("protected by a password"), 5: N_("protected by a security handler"),
        6: N_("a page is missing or damaged")}


def unreadable_reason(exc: Exception) -> str:
    """Why PDFium refused a file, without PDFium's English."""
    return _(_WHY.get(getattr(exc, "err_code", 1), _WHY[1]))


# ---------------------------------------------------------------- is the text layer Vietnamese?
#: A syllable as Vietnamese spells it (marks removed, đ as d): onset, one to three vowels, coda.
_SYLLABLE = re.compile(r"^(ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdghklmnprstvx])?"
                       r"[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")
_MARKED = set("ăâđêôơư")        # letters with a Vietnamese mark of their own (tones are combining marks)
_VI_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ABBREVIATION = re.compile(r"^[A-ZĐ]{1,5}$")        # UBND, LĐLĐ, VT: no vowel, not a syllable
#: Fewer syllables than this on a page: too little to judge, the layer is kept.
MIN_SYLLABLES = 12
#: A Vietnamese page marks most syllables (nine in ten on vanban's own seeds); a layer without marks few (under 1 in 4).
MIN_MARKED = 0.5
#: Words that no Vietnamese syllable spells ("110A", "ngbĩa", "hien"): under 1 in 30 on a good page, 1 in 4 on a bad one.
MAX_IMPOSSIBLE = 0.15


@dataclass(frozen=True)
class LayerScore:
    """How Vietnamese a page's words read."""
    syllables: int          # words judged (not numbers, codes or abbreviations)
    marked: float           # share of the possible syllables that carry a Vietnamese mark
    impossible: float       # share of the judged words that no Vietnamese syllable spells

    @property
    def vietnamese(self) -> bool:
        """Whether the layer is Vietnamese text (or too short to tell)."""
        return self.syllables < MIN_SYLLABLES or (self.marked >= MIN_MARKED and self.impossible <= MAX_IMPOSSIBLE)


def _judge(word: str) -> Optional[tuple[bool, bool]]:
    """(possible syllable, marked) for one word, or None when it is no word to judge."""
    token = word.strip(".,;:!?()[]{}\"'“”‘’…*-–")
    if not token or not any(c.isalpha() for c in token) or re.search(r"[/\-.@_]", token):
        return None     # a number, a code (244/LĐLĐ, KH-UBND), an address
    if _ABBREVIATION.match(token) and not re.search(r"[AEIOUY]", token):
        return None
    decomposed = unicodedata.normalize("NFD", token.lower())
    marks = {c for c in decomposed if unicodedata.combining(c)}
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    marked = bool(marks) or any(c in _MARKED for c in token.lower())
    # A mark Vietnamese never writes (ï, ü, µ) or a letter outside its alphabet: not a syllable.
    m = _SYLLABLE.match(base)
    if not (marks <= _VI_MARKS and m):
        return False, marked
    # Its vowels with their hats but without the tone: "iê", "uô", "ươ" always wear theirs, so
    # "hien", "trién", "THUONG" are what a reader without Vietnamese wrote, not a syllable.
    hats = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    vowels = hats[len(m.group(1) or ""):m.start(2) if m.group(2) else len(hats)]
    bare = re.search(r"[iy]e|uo(?!$)", vowels) if m.group(1) != "qu" else re.search(r"[iy]e", vowels)
    return bare is None, marked


def layer_score(words: Iterable[str]) -> LayerScore:
    """The share of a page's words that are Vietnamese syllables with their marks, and of words no
    syllable spells. A pure function of the words: a good layer scores high on the first and low on
    the second; a scanner's OCR without diacritics or with broken letters the other way round."""
    judged = [j for j in (_judge(w) for w in words) if j is not None]
    possible = [marked for ok, marked in judged if ok]
    return LayerScore(len(judged), sum(possible) / len(possible) if possible else 0.0,
                      (len(judged) - len(possible)) / len(judged) if judged else 0.0)


def needs_ocr(page: PageWords) -> Optional[bool]:
    """Whether a page is to be read with Tesseract: True without a text layer or with one that is
    not Vietnamese (a legacy 8-bit font's text is Vietnamese: :mod:`.legacy` converts it), None
    when it has too few words to tell."""
    text = " ".join(w.text for w in page.words)
    if len(text.replace(" ", "")) < _MIN_CHARS:
        return True
    encoding = legacy.detect(text)
    if encoding:
        # What geometry will convert it to is the text to judge ("Céng hoµ" is Vietnamese in TCVN3;
        # "trién khai" converted is no better).
        text = legacy.convert(text, encoding)
    score = layer_score(text.split())
    return None if score.syllables < MIN_SYLLABLES else not score.vietnamese


def pages_to_ocr(pages: list[PageWords]) -> list[int]:
    """The pages (0-based) to read with Tesseract. A page too short to judge goes with the others:
    when one page's layer is not Vietnamese (the scanner's OCR), neither is the short page's."""
    verdicts = [needs_ocr(p) for p in pages]
    bad_layer = any(v and p.words and len("".join(w.text for w in p.words)) >= _MIN_CHARS
                    for v, p in zip(verdicts, pages))
    return [k for k, v in enumerate(verdicts) if v or (v is None and bad_layer)]


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
                        round(size, 1), bold, italic, font.decode("latin-1").split("+")[-1]))
    return PageWords(float(width), float(height), out)


def read(path: Union[str, os.PathLike], ocr_pages: bool = True, ocr_limits: Optional["ocr.Limits"] = None) -> Page:
    """What the PDF says. Pages without a Vietnamese text layer go to OCR when ``ocr_pages``, within
    ``ocr_limits`` (:class:`vanban.reading.ocr.Limits`; what they leave unread is in the page's warnings)."""
    return read_pages(path, ocr_pages, ocr_limits)[0]


def read_pages(path: Union[str, os.PathLike], ocr_pages: bool = True,
               ocr_limits: Optional["ocr.Limits"] = None) -> tuple[Page, list[PageWords]]:
    """What the PDF says, and the words of each page where they stand (page numbers and running
    heads included; a page's ``ocr`` says Tesseract read it): check's layout rules measure them."""
    import pypdfium2 as pdfium

    from vanban.reading import ocr
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(unreadable_reason(exc)) from None
    try:
        pages = [_page_words(p) for p in document]
        for words, p in zip(pages, document):
            words.rules = pdf_tables.rules_of(p)
    finally:
        document.close()
    scanned = pages_to_ocr(pages)
    done = ocr.read(path, scanned, ocr_limits) if scanned and ocr_pages else ocr.OcrResult()
    for k, words in done.words.items():
        pages[k].words, pages[k].ocr = words, True
        if done.rules.get(k):       # a scan's table borders, found in its image (the words straightened with them)
            pages[k].rules = done.rules[k]
    page = build(pages, "ocr" if scanned and len(scanned) == len(pages) else "pdf")
    if page.source == "ocr":
        ocr_cells.scanned_tables(page)
    page.warnings += done.warnings
    return page, pages
