"""The layout rules of Decree 30 appendix I: page, fonts, sizes, weights, lines, page numbers.

They read a .docx as Word shows it (:mod:`vanban.reading.word`): every section, every header
and footer variant, each located line's own runs.
"""
from __future__ import annotations

from typing import Optional

from vanban.check.framework import NotApplicable, expect, need, rule
from vanban.decree import vn
from vanban.decree import party
from vanban.decree.layout import DECREE as D
from vanban.decree.layout import QUOC_HIEU, Range
from vanban.decree.metrics import text_width_mm
from vanban.i18n import N_, _
from vanban.reading.facts import RULE_TEXT, TABBED, Facts, Located
from vanban.reading.where import Where
from vanban.reading.word import Para, WordDocument, shown

_TNR = "Times New Roman"
#: The page's sides as the margin findings name them.
_SIDES = {"top": N_("top margin"), "bottom": N_("bottom margin"), "left": N_("left margin"),
          "right": N_("right margin")}


def _runs(loc: Located) -> list:
    # A raised or lowered mark of a character or two (a footnote sign, m²) is not the text's size.
    return [r.fmt for r in loc.runs if r.text.strip() and not (r.fmt.script and len(r.text.strip()) <= 2)]


def _size(r) -> float:
    # A lowered or raised word (drafters' initials in the Lưu entry) keeps its set size: the
    # decree does not speak of it, and offices do it routinely.
    return r.size


def _text_format(loc: Located, sizes: Range, bold: Optional[bool] = None, italic: Optional[bool] = None,
                 upper: Optional[bool] = None, what: str = "") -> None:
    runs = _runs(loc)
    if not runs:
        return
    found = {_size(r) for r in runs}
    name = _(what)
    want = _("{what} size {sizes} pt").format(what=name, sizes=sizes)
    expect(all(s in sizes for s in found), loc, want, f"{', '.join(f'{s:g}' for s in sorted(found))} pt")
    if bold is not None:
        want = _("{what} bold").format(what=name) if bold else _("{what} not bold").format(what=name)
        expect(all(r.bold == bold for r in runs), loc, want,
               "partly bold" if any(r.bold for r in runs) and not all(r.bold for r in runs) else
               ("bold" if runs[0].bold else "not bold"))
    if italic is not None:
        want = _("{what} italic").format(what=name) if italic else _("{what} upright").format(what=name)
        expect(all(r.italic == italic for r in runs), loc, want, "italic" if runs[0].italic else "upright")
    if upper is not None:
        letters = [c for c in loc.text if c.isalpha()]
        want = _("{what} upper case").format(what=name) if upper else _("{what} not upper case").format(what=name)
        expect(all(c.isupper() for c in letters) == upper, loc, want, loc.text[:40])


def _following(doc: WordDocument, p: Para):
    """Paragraphs after ``p`` that sit under it on the page: same cell, then the same column below."""
    for q in doc.paragraphs[p.index + 1:]:
        if p.pos is None:
            if q.pos is not None:
                return
            yield q
        elif q.pos is not None and q.pos[0] == p.pos[0]:
            if q.pos[2] == p.pos[2] and q.pos[1] in (p.pos[1], p.pos[1] + 1):
                yield q
        else:
            return


def _has_rule_under(loc: Located, doc: WordDocument) -> bool:
    """A solid line under the text as Word users draw it: a bottom border, an underline, a line
    shape anchored in the same paragraph or in the next one (even the next row's, even with text),
    or a top or bottom border on the empty paragraph below."""
    p = loc.para
    if p.fmt.border_bottom or p.shapes or any(r.fmt.underline for r in loc.runs if r.text.strip()):
        return True
    if loc.pos is not None and loc.pos[0] > TABBED:
        return _rule_in_tabbed_header(doc, p)
    for q in _following(doc, p):
        if q.shapes or q.fmt.border_top or (q.fmt.border_bottom and not q.text.strip()) or \
                RULE_TEXT.match(q.text.replace(" ", "")):
            return True
        if q.text.strip():
            return False
    return False


def _rule_in_tabbed_header(doc: WordDocument, p: Para) -> bool:
    """A header typed with tabs has no cells to anchor in: its lines are drawn as shapes anchored
    in one of its lines or in the paragraphs just under it, before the number and date."""
    for q in doc.paragraphs[p.index:p.index + 6]:
        if q.pos is not None:
            return False
        if q.shapes or q.fmt.border_top or q.fmt.border_bottom or RULE_TEXT.match(q.text.replace(" ", "")):
            return True
        if q.index > p.index and q.text.strip().startswith(("Số", "V/v")):
            return False
    return False


def _section_where(doc: WordDocument, k: int) -> str:
    sec = doc.sections[k]
    if len(doc.sections) == 1:
        return "page setup"
    return _("page setup of section {k} (from paragraph {n})").format(k=k + 1, n=sec.first_para + 1)


@rule("page.a4", "A4 paper (portrait; landscape allowed for tables and annexes)", "layout")
def _a4(_facts, doc: WordDocument):
    for k, sec in enumerate(doc.sections):
        short, long_ = sorted((sec.width_mm, sec.height_mm))
        expect(abs(short - 210) <= 1 and abs(long_ - 297) <= 1, _section_where(doc, k), "210 × 297 mm",
               f"{sec.width_mm:.0f} × {sec.height_mm:.0f} mm")


@rule("page.margins", "margins: top 20–25, bottom 20–25, left 30–35, right 15–20 mm", "layout")
def _margins(_facts, doc: WordDocument):
    names = ("top", "bottom", "left", "right")
    for k, sec in enumerate(doc.sections):
        m = sec.margins
        bad = [n for n in names if not _within(m[n], getattr(D, f"margin_{n}"))]
        if bad and sec.landscape and _turned_ok(m, _R(_facts)):
            continue
        for n in bad:
            rng = getattr(D, f"margin_{n}")
            expect(False, _section_where(doc, k), _("{side} {range} mm").format(side=_(_SIDES[n]), range=rng),
                   f"{m[n]:.1f} mm")


def _turned_ok(m: dict, ranges) -> bool:
    """A landscape page whose margins are the portrait ones turned with it (either way round)."""
    sides = (m["top"], m["bottom"]), (m["left"], m["right"])
    long_, short = (ranges.margin_left, ranges.margin_right), (ranges.margin_top, ranges.margin_bottom)
    fits = lambda pair, rngs: (_within(pair[0], rngs[0]) and _within(pair[1], rngs[1])) or \
        (_within(pair[0], rngs[1]) and _within(pair[1], rngs[0]))  # noqa: E731
    return fits(sides[0], long_) and fits(sides[1], short)


def _within(value: float, rng: Range) -> bool:
    return rng.lo - 0.3 <= value <= rng.hi + 0.3


def _stories(doc: WordDocument) -> list[str]:
    """The header and footer parts Word shows somewhere (an unused even-page footer is not seen)."""
    pages = doc.page_count()
    parts: list[str] = []
    for sec in doc.sections:
        for kind in ("header", "footer"):
            for _variant, part in shown(sec, kind, doc.even_odd, pages):
                if part not in parts:
                    parts.append(part)
    return parts


@rule("font.times_new_roman", "Times New Roman everywhere", "layout")
def _font(_facts, doc: WordDocument):
    paras = [(p, Where.paragraph_of(p.index, p.text[:40])) for p in doc.paragraphs]
    for part in _stories(doc):
        paras += [(p, Where(place=part.rsplit("/", 1)[-1], text=p.text.strip()[:40])) for p in doc.story(part)]
    for p, where in paras:
        bad = sorted({str(r.fmt.font) for r in p.runs if r.text.strip() and not _is_tnr(r.fmt.font)})
        if bad:
            run = next(r for r in p.runs if r.text.strip() and not _is_tnr(r.fmt.font))
            expect(False, where, _TNR,
                   _("{fonts} in «{text}»").format(fonts=", ".join(bad), text=run.text.strip()[:20]))


def _R(f: Facts):
    """The ranges ``f`` is held to: the decree's, or HD 36's for a Party document."""
    return party.RANGES if f.party else D


def _is_tnr(font: Optional[str]) -> bool:
    # "Times New Roman Bold" is the bold face of Times New Roman, as old Word files name it.
    return bool(font) and font.startswith(_TNR)


@rule("quoc_hieu.format", "Quốc hiệu: upper case, bold, 12–13 pt", "layout")
def _qh(f: Facts, _doc):
    if expect(f.quoc_hieu is not None, "header", party.TITLE if f.party else QUOC_HIEU, "missing"):
        _text_format(f.quoc_hieu, _R(f).quoc_hieu, bold=True, upper=True, what=N_("Quốc hiệu"))


@rule("tieu_ngu.format", "Tiêu ngữ: bold, 13–14 pt, not upper case", "layout")
def _motto(f: Facts, _doc):
    if f.party:
        raise NotApplicable()     # a Party document has no motto
    if expect(f.tieu_ngu is not None, "header", "Độc lập - Tự do - Hạnh phúc", "missing"):
        _text_format(f.tieu_ngu, _R(f).tieu_ngu, bold=True, upper=False, what=N_("Tiêu ngữ"))


@rule("tieu_ngu.rule", "solid line under the motto", "layout")
def _motto_rule(f: Facts, doc):
    expect(_has_rule_under(need(f.tieu_ngu), doc), f.tieu_ngu, "a solid line under the motto", "none")


@rule("co_quan.format", "agency names: upper case 12–13 pt, issuing agency bold under a regular superior", "layout")
def _agency(f: Facts, _doc):
    lines = need(f.agency)
    for a in lines:
        _text_format(a, _R(f).co_quan, upper=True, what=N_("agency name"))
    bold = [all(r.bold for r in _runs(a)) for a in lines]
    if expect(bold[-1], lines[-1], "issuing agency bold", "not bold"):
        expect(bold == sorted(bold), lines[bold.index(True)],
               "superior agency regular, above the bold issuing agency", "bold line above a regular one")


@rule("co_quan.rule", "short solid line under the issuing agency", "layout")
def _agency_rule(f: Facts, doc):
    last = need(f.agency)[-1]
    if f.party:
        expect(f.star is not None, last, "a star (*) under the issuing body", "none")
        return
    expect(_has_rule_under(last, doc), last, "a solid line under the agency name", "none")


@rule("so.format", "number line 13 pt, 'Số' regular", "layout")
def _number_format(f: Facts, _doc):
    _text_format(need(f.number), _R(f).so, bold=False, what=N_("number line"))


@rule("ngay.format", "place and date italic, 13–14 pt", "layout")
def _date_format(f: Facts, _doc):
    _text_format(need(f.date), _R(f).ngay, italic=True, bold=False, what=N_("date line"))


@rule("trich_yeu.format", "subject: 'V/v' 12–13 pt regular, or type name upper bold and subject bold 13–14 pt", "layout")
def _subject(f: Facts, _doc):
    if f.title is not None:
        _text_format(f.title, _R(f).ten_loai, bold=True, upper=True, what=N_("type name"))
        for s in f.subject:
            _text_format(s, _R(f).trich_yeu, bold=True, what=N_("subject"))
    else:
        vv = need(f.vv)
        if f.party:
            _text_format(vv, _R(f).vv, bold=False, italic=True, what=N_("V/v"))
            return
        _text_format(vv, _R(f).vv, bold=False, what=N_("V/v"))
        expect(not vv.text.startswith("V/v:"), vv, "V/v <subject> (no colon)", vv.text[:20])


@rule("kinh_gui.format", "Kính gửi 13–14 pt, regular", "layout")
def _kg_format(f: Facts, _doc):
    for k in need(f.kinh_gui):
        _text_format(k, _R(f).kinh_gui, bold=False, what=N_("Kính gửi"))


def _body(f: Facts) -> list[Located]:
    out = [b for b in need(f.body) if not b.cont and b.para.fmt.alignment not in ("center", "right")]
    if not out:
        raise NotApplicable()
    return out


@rule("noi_dung.size", "body text 13–14 pt", "layout")
def _body_size(f: Facts, _doc):
    for b in _body(f):
        _text_format(b, _R(f).body, what=N_("body"))


def _one_line(b: Located, doc: WordDocument) -> bool:
    """Whether the paragraph is a heading or label on one line, where justified and left look the same
    (a one-line sentence ending with '.' or ';' is still held to the rule)."""
    if b.text.endswith((".", ";")):
        return False
    runs = _runs(b) or [None]
    size = max((r.size for r in runs if r), default=14)
    bold = bool(runs[0] and all(r.bold for r in runs))
    sec = doc.sections[0]
    width = sec.width_mm - sec.margins["left"] - sec.margins["right"] - b.para.fmt.left_mm
    return text_width_mm(b.text, size, bold) + max(0.0, b.para.indent_mm()) <= width


@rule("noi_dung.alignment", "body justified", "layout")
def _body_align(f: Facts, doc):
    for b in _body(f):
        al = b.para.fmt.alignment
        expect(al in ("both", "distribute") or _one_line(b, doc), b, "justified", al or "left")


@rule("noi_dung.indent", "body first-line indent 1–1.27 cm", "layout")
def _body_indent(f: Facts, _doc):
    rng = _R(f).first_line_indent
    for b in _body(f):
        if b.text.isupper() and not b.text[:1].isdigit() and "." not in b.text[:6]:
            continue    # a label in capitals ("QUYẾT ĐỊNH:", "NGƯỜI ĐƯỢC XIN Ý KIẾN"), not a paragraph of text
        first = b.para.indent_mm()
        expect(rng.lo - 0.3 <= first <= rng.hi + 0.3, b, _("first line indented {range} mm").format(range=rng),
               f"{first:.1f} mm")


@rule("noi_dung.spacing", "at least 6 pt between body paragraphs", "layout")
def _body_spacing(f: Facts, doc):
    for b in _body(f):
        if b.para.index == 0:
            continue
        above = doc.paragraphs[b.para.index - 1]
        if above.pos != b.para.pos or not above.text.strip():
            continue    # a table or an empty line stands between them
        # Word adds the space after one paragraph to the space before the next.
        gap = above.fmt.after_pt + b.para.fmt.before_pt
        expect(gap >= _R(f).paragraph_space.lo - 0.1, b, f"≥ {_R(f).paragraph_space.lo:g} pt", f"{gap:g} pt")


@rule("noi_dung.line_spacing", "line spacing from single to 1.5 lines", "layout")
def _body_line(f: Facts, _doc):
    rng = _R(f).line_spacing
    for b in _body(f):
        pf = b.para.fmt
        if pf.line is not None:
            expect(rng.lo - 0.01 <= pf.line <= rng.hi + 0.01, b, _("{range} lines").format(range=rng),
                   _("{n} lines").format(n=f"{pf.line:g}"))
        elif pf.exact_line_pt is not None:
            size = max((r.size for r in _runs(b)), default=14)
            expect(size <= pf.exact_line_pt <= size * 1.5 * 1.2, b, _("{range} lines").format(range=rng),
                   f"{pf.exact_line_pt:g} pt")


@rule("noi_nhan.format", "'Nơi nhận:' 12 pt bold italic; entries 11 pt regular", "layout")
def _nn_format(f: Facts, _doc):
    # HD 36's "Nơi nhận:" is upright and underlined, the decree's bold italic.
    _text_format(need(f.noi_nhan_label), _R(f).noi_nhan, bold=not f.party, italic=not f.party, what=N_("Nơi nhận"))
    for e in f.noi_nhan:
        _text_format(e, _R(f).noi_nhan_item, bold=False, what=N_("Nơi nhận entry"))


@rule("chu_ky.format", "signature: authority and title upper bold, name bold, 13–14 pt", "layout")
def _signature(f: Facts, _doc):
    # Two signers (a biên bản, a contract) are judged alike, with or without TM./KT. above them.
    two = f.left_signer_title is not None
    more = [line for authority, title, _name in f.more_signers for line in authority + [title] if line]
    upper = (f.authority + f.left_authority) if two else need(f.authority)
    for a in upper + [t for t in (f.signer_title, f.left_signer_title) if t] + more:
        _text_format(a, _R(f).chu_ky, bold=True, upper=True, what=N_("signature line"))
    for name in (f.signer_name, f.left_signer_name, *(name for *_lines, name in f.more_signers)):
        if name:
            _text_format(name, _R(f).chu_ky, bold=True, what=N_("signer's name"))
            expect(name.text == vn.name_case(name.text), name, "Capitalised Words", name.text)

