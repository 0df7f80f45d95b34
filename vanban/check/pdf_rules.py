"""The layout rules as a PDF with a text layer shows them: paper, margins, fonts, body size and
page numbers, measured on the words where they stand.

A PDF has no page setup to read, only where its text stands, so margins are judged from the text:
no word stands in a margin narrower than the decree's, and the body's left edge (and its right
edge, where justified lines run full) is where the decree's margins put it. Fonts are the text
layer's font names: Times New Roman, or a face with its metrics that a converter embeds in its
place (Liberation Serif, Tinos). :data:`RULES` maps each rule id to its PDF version; check's
report runs it instead of the .docx one (:mod:`.pdf`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from vanban.check.framework import expect, need
from vanban.decree.appendix import title
from vanban.decree.layout import DECREE as D
from vanban.decree.layout import Range
from vanban.i18n import N_, _
from vanban.reading.facts import Facts
from vanban.reading.geometry import PageWords, Word
from vanban.reading.page import Page

MM = 72 / 25.4
#: Font names (lower case, without spaces, hyphens or the subset tag) of Times New Roman and of
#: the faces with its metrics a converter embeds for it.
TIMES = ("timesnewroman", "times-roman", "timesroman", "liberationserif", "tinos")
#: Millimetres a measured edge may stray from the decree's range (glyph side bearings, rounding).
SLACK = 1.0
_PAGE_NO = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
RULES: dict[str, Callable] = {}


@dataclass
class PdfPages:
    """What the layout rules measure on a PDF: the words of each page, and the page as read."""
    pages: list[PageWords]
    page: Page


def pdf_rule(rule_id: str):
    def register(fn):
        RULES[rule_id] = fn
        return fn
    return register


def _where(k: int) -> str:
    return _("page {n}").format(n=k + 1)


@pdf_rule("page.a4")
def _a4(_facts: Facts, doc: PdfPages):
    for k, p in enumerate(doc.pages):
        short, long_ = sorted((p.width / MM, p.height / MM))
        expect(abs(short - 210) <= 1 and abs(long_ - 297) <= 1, _where(k), "210 × 297 mm",
               f"{p.width / MM:.0f} × {p.height / MM:.0f} mm")


def _page_number(p: PageWords, w: Word) -> bool:
    """A word alone in the top or bottom tenth of the page that is a number."""
    return bool(_PAGE_NO.match(w.text)) and (w.bottom < 0.1 * p.height or w.top > 0.9 * p.height)


def _text(p: PageWords) -> list[Word]:
    return [w for w in p.words if w.text.strip() and not _page_number(p, w)]


def _lines(p: PageWords) -> list[tuple[float, float]]:
    """(left, right) of each printed row of words (words whose tops agree within two points)."""
    rows: dict[int, list[Word]] = {}
    for w in _text(p):
        rows.setdefault(round(w.top / 2), []).append(w)
    return [(min(w.x0 for w in ws), max(w.x1 for w in ws)) for ws in rows.values()]


@pdf_rule("page.margins")
def _margins(_facts: Facts, doc: PdfPages):
    # Tables (the header, the closing) may reach into the side margins, as Word places them; the
    # running text may not, and no text stands in the top or bottom margin but a page number.
    running = [ln for b in doc.page.blocks if b.cell is None for ln in b.lines]
    for k, p in enumerate(doc.pages):
        words = _text(p)
        if p.height < p.width or not words:
            continue
        found = {"top": min(w.top for w in words) / MM, "bottom": (p.height - max(w.bottom for w in words)) / MM}
        body = [ln for ln in running if ln.page == k]
        if body:
            found.update(left=min(ln.x0 for ln in body) / MM, right=(p.width - max(ln.x1 for ln in body)) / MM)
        for side, value in found.items():
            rng = getattr(D, f"margin_{side}")
            expect(value >= rng.lo - SLACK, _where(k), _("no text in the {side} of {range} mm").format(
                side=_(_SIDE[side]), range=rng), f"{value:.1f} mm")
    # Where a paragraph's second and later lines start, and where its lines but the last end
    # (justified, they run full): the margins themselves. A document of one-line paragraphs shows neither.
    wrapped = [b.lines for b in doc.page.blocks if b.cell is None and len(b.lines) > 1]
    starts = [round(ln.x0 / MM) for lines in wrapped for ln in lines[1:]]
    if len(starts) >= 2:
        left = min(starts, key=lambda x: (-starts.count(x), x))
        expect(left in Range(D.margin_left.lo - SLACK, D.margin_left.hi + SLACK), "page setup",
               _("{side} {range} mm").format(side=_(_SIDE["left"]), range=D.margin_left), f"{left:.0f} mm")
    ends = [(doc.pages[ln.page].width - ln.x1) / MM for lines in wrapped for ln in lines[:-1]]
    if len(ends) >= 2:
        right = min(ends)
        expect(right in Range(D.margin_right.lo - SLACK, D.margin_right.hi + SLACK), "page setup",
               _("{side} {range} mm").format(side=_(_SIDE["right"]), range=D.margin_right), f"{right:.1f} mm")


_SIDE = {"top": N_("top margin"), "bottom": N_("bottom margin"), "left": N_("left margin"),
         "right": N_("right margin")}


#: Fonts that draw bullets and signs, not text.
SYMBOLS = ("symbol", "wingdings", "webdings", "zapfdingbats", "dingbats")


def is_symbol_font(font: str) -> bool:
    return font.split("+")[-1].lower().replace(" ", "").startswith(SYMBOLS)


def _is_times(font: str) -> bool:
    name = font.split("+")[-1].lower().replace(" ", "").replace(",", "-")
    return name.startswith(TIMES) or name.replace("-", "").startswith(TIMES)


@pdf_rule("font.times_new_roman")
def _font(_facts: Facts, doc: PdfPages):
    seen: set[str] = set()
    for k, p in enumerate(doc.pages):
        for w in p.words:
            # A one-letter word in another font is a list's bullet ("o" in Courier New).
            if w.font and not _is_times(w.font) and w.font not in seen and not is_symbol_font(w.font) \
                    and len(w.text) > 1:
                seen.add(w.font)
                expect(False, _where(k), "Times New Roman", _("{fonts} in «{text}»").format(fonts=w.font,
                                                                                          text=w.text[:20]))


@pdf_rule("noi_dung.size")
def _body_size(f: Facts, doc: PdfPages):
    for b in need([b for b in f.body if b.runs]):
        sizes = sorted({r.fmt.size for r in b.runs if r.text.strip() and not r.fmt.script})
        expect(all(s in D.body for s in sizes), b, _("{what} size {sizes} pt").format(what=_("body"), sizes=D.body),
               f"{', '.join(f'{s:g}' for s in sizes)} pt")


def page_marks(p: PageWords) -> list[str]:
    """The page numbers printed on a page: a number alone on its line in the top or bottom margin
    (a table's figures near the foot of the page stand beside others)."""
    return [w.text.strip("-– ") for w in p.words if _page_number(p, w)
            and not any(o is not w and abs(o.top - w.top) < 3 for o in p.words)]


def appendix_starts(doc: PdfPages) -> list[int]:
    """The pages an appendix opens on: its title ("Phụ lục I") is the first running text there."""
    first: dict[int, str] = {}
    for b in doc.page.blocks:
        if b.lines and b.lines[0].page not in first:
            first[b.lines[0].page] = b.text
    return sorted(k for k, t in first.items() if k and title(t) is not None)


@pdf_rule("page_number")
def _page_numbers(_facts: Facts, doc: PdfPages):
    starts = appendix_starts(doc)
    for k, p in enumerate(doc.pages):
        # An appendix numbers its pages from 1 (appendix I §I.7): its first page shows none.
        n = k + 1 - max([s for s in starts if s <= k], default=0)
        marks = [w for w in p.words if _page_number(p, w) and w.text.strip("-– ") == str(n)]
        if n == 1:
            expect(not marks, _where(k), "no page number on page 1", "page number on page 1")
            continue
        if not expect(bool(marks), _where(k), _("page number {n} at the top of the page, centred").format(n=n),
                      "none"):
            continue
        w = marks[0]
        expect(w.top < 0.1 * p.height, _where(k), "page number at the top of the page, centred",
               N_("page number in the footer"))
        # Centred over the text column (between the margins), not over the paper.
        lines = _lines(p) or [(0.0, p.width)]
        middle = (min(x0 for x0, _x1 in lines) + max(x1 for _x0, x1 in lines)) / 2
        expect(abs((w.x0 + w.x1) / 2 - middle) < 15 * MM, _where(k), "centred", "not centred")
        expect(w.size in Range(D.page_number.lo - 0.3, D.page_number.hi + 0.3), _where(k),
               _("page number {size} pt").format(size=D.page_number), f"{w.size:g} pt")
        expect(not w.italic, _where(k), "upright page number", "italic")


__all__ = ["RULES", "PdfPages", "page_marks", "appendix_starts", "TIMES", "SYMBOLS", "is_symbol_font"]
