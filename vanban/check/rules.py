"""The rules of Decree 30 appendix I, one function each.

Content rules read the facts (number, date, recipients, Nơi nhận, signature,
numbering) and so apply to YAML and .docx alike; layout rules read a .docx's
formatting as Word resolves it. A rule raises ``Fail`` with where it looked and
what it expected, or ``NotApplicable`` when the element does not occur.
"""
from __future__ import annotations

import re
from typing import Callable, Optional, Union

from docx.oxml.ns import qn

from vanban.reading import docxread

from vanban.decree import vn
from vanban.reading.facts import Facts, Located
from vanban.decree.layout import DECREE as D
from vanban.decree.layout import QUOC_HIEU, Range
from vanban.model.schema import KINDS

class Fail(Exception):
    def __init__(self, where: Union[Located, str, None], expected: str, found: str):
        self.where = where.where if isinstance(where, Located) else (where or "")
        self.expected, self.found = expected, found


class NotApplicable(Exception):
    pass


RULES: list[tuple[str, str, str, Callable]] = []   # (id, title, "content"|"layout", function)


def rule(rule_id: str, title: str, kind: str = "content"):
    def register(fn):
        RULES.append((rule_id, title, kind, fn))
        return fn
    return register


def need(item):
    if not item:
        raise NotApplicable()
    return item


def expect(ok: bool, where, expected: str, found: str) -> None:
    if not ok:
        raise Fail(where, expected, found)


# ---------------------------------------------------------------- content rules
_NUM_RE = re.compile(r"^Số\s*:?\s*(\d*)\s*/\s*(\S+)")
_DATE_PARTS = re.compile(r"^(.*?),\s*ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d*)")
_DEPUTY = ("PHÓ ",)
_PERSON_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "PHÓ", "BỘ TRƯỞNG", "CHÁNH", "TỔNG GIÁM ĐỐC", "THỦ TRƯỞNG")


@rule("so.leading_zero", "number below 10 written with a leading zero")
def _number(f: Facts, _):
    m = _NUM_RE.match(need(f.number).text)
    expect(m is not None, f.number, "Số: <number>/<code>", f.number.text)
    digits = m.group(1)
    expect(not digits or len(digits) >= 2, f.number, f"{int(digits):02d}" if digits else "", digits)


@rule("ky_hieu.abbreviation", "code (ký hiệu) built from the type and agency abbreviations")
def _code(f: Facts, _):
    m = _NUM_RE.match(need(f.number).text)
    expect(m is not None, f.number, "Số: <number>/<code>", f.number.text)
    code, kind = m.group(2), need(f.kind)
    first = code.split("-")[0]
    abbrs = {k.abbr for k in KINDS.values() if k.abbr}
    if KINDS[kind].abbr:
        expect(first == KINDS[kind].abbr and "-" in code, f.number, f"{KINDS[kind].abbr}-<agency>", code)
    else:
        expect(first not in abbrs, f.number, "<agency>[-<drafting unit>] for a công văn", code)


@rule("ngay.leading_zero", "date: day below 10 and months 01, 02 with a leading zero, other months without")
def _date_zero(f: Facts, _):
    m = _DATE_PARTS.match(need(f.date).text)
    expect(m is not None, f.date, "<place>, ngày dd tháng m năm yyyy", f.date.text)
    day, month = m.group(2), m.group(3)
    if day:
        expect(len(day) == 2, f.date, f"ngày {int(day):02d}", f"ngày {day}")
    if month:
        right = vn.month_text(int(month)) if 1 <= int(month) <= 12 else month
        expect(month == right, f.date, f"tháng {right}", f"tháng {month}")


@rule("ngay.place", "date line starts with the place name")
def _place(f: Facts, _):
    m = _DATE_PARTS.match(need(f.date).text)
    expect(m is not None and m.group(1).strip()[:1].isupper(), f.date, "<Place>, ngày …", f.date.text)


@rule("ky.authority", "signing authority consistent with the signer (KT. with a deputy, TM. with a collective body)")
def _authority(f: Facts, _):
    lines = need(f.authority)
    for a in lines:
        if a.text.startswith("TM."):
            body = a.text[3:].strip()
            expect(not body.startswith(_PERSON_TITLES), a, "TM. <collective body>", a.text)
        if a.text.startswith("KT."):
            title = f.signer_title.text if f.signer_title else ""
            expect(title.startswith(_DEPUTY), f.signer_title or a, "a deputy's title (PHÓ …) under KT.", title)


@rule("kinh_gui.punctuation", "Kính gửi: recipients end with ';', the last with '.'")
def _kinh_gui(f: Facts, _):
    lines = need(f.kinh_gui)
    label = lines[0].text.split(":", 1)[1].strip() if ":" in lines[0].text else ""
    entries = ([label] if label else []) + [x.text for x in lines[1:]]
    if len(entries) == 1 and not entries[0].startswith("-"):
        expect(entries[0].endswith("."), lines[0], "… .", entries[0][-20:])
        return
    where = lines[1:] if not label else lines
    for i, (e, loc) in enumerate(zip(entries, where)):
        end = "." if i == len(entries) - 1 else ";"
        expect(e.startswith("-") and e.endswith(end), loc, f"- …{end}", e[-30:])


@rule("noi_nhan.entries", "Nơi nhận: one '- …;' line each, the last '- Lưu: VT, ….'")
def _noi_nhan(f: Facts, _):
    need(f.noi_nhan_label)
    entries = f.noi_nhan
    expect(bool(entries), f.noi_nhan_label, "entries under Nơi nhận", "none")
    for i, e in enumerate(entries):
        end = "." if i == len(entries) - 1 else ";"
        expect(e.text.startswith("- ") and e.text.rstrip().endswith(end), e, f"- …{end}", e.text)
    last = entries[-1].text[2:]
    expect(last.startswith("Lưu") and re.search(r"\bVT\b", last) is not None, entries[-1], "- Lưu: VT, ….", entries[-1].text)


_MARKERS = [("dieu", re.compile(r"^Điều (\d+)\.")), ("I", re.compile(r"^([IVXLC]+)\.\s")),
            ("1.1", re.compile(r"^(\d+(?:\.\d+)+)\.?\s")), ("1", re.compile(r"^(\d+)\.\s")),
            ("a", re.compile(r"^([a-zđ]{1,2})\)\s"))]
_LEVEL = {"dieu": 0, "I": 0, "1": 1, "1.1": 2, "a": 3}


def _roman_value(s: str) -> int:
    return next((i for i in range(1, 200) if vn.roman(i) == s), 0)


@rule("noi_dung.numbering", "body numbering continuous, letters in the sequence a b c d đ e …")
def _numbering(f: Facts, _):
    last: dict[str, tuple] = {}
    for p in need(f.body):
        for style, rx in _MARKERS:
            m = rx.match(p.text)
            if not m:
                continue
            mark = m.group(1)
            level = _LEVEL[style]
            for s in list(last):
                if _LEVEL[s] > level:
                    del last[s]
            if style == "1.1":
                parts = [int(x) for x in mark.split(".")]
                parent = last.get("1")
                prev = last.get(style)
                want_last = prev[-1] + 1 if prev and prev[:-1] == tuple(parts[:-1]) else 1
                expect(parts[-1] == want_last, p, ".".join(map(str, parts[:-1] + [want_last])) + ".", mark + ".")
                if parent:
                    expect(parts[0] == parent[0], p, f"{parent[0]}.{parts[-1]}.", mark + ".")
                last[style] = tuple(parts)
            else:
                n = {"I": _roman_value, "a": lambda x: vn.LETTERS.index(x) + 1 if x in vn.LETTERS else 0}.get(
                    style, int)(mark)
                prev = last.get(style, (0,))[0]
                shown = {"I": vn.roman, "a": vn.letter}.get(style, str)
                expect(n == prev + 1, p, f"{shown(prev + 1)}", mark)
                last[style] = (n,)
            break


# ---------------------------------------------------------------- layout rules
def _runs(loc: Located, document):
    p = loc.para
    return [docxread.run_format(r, p, document) for r in p.runs if r.text.strip()]


def _text_format(loc: Located, document, sizes: Range, bold: Optional[bool] = None,
                 italic: Optional[bool] = None, upper: Optional[bool] = None, what: str = "") -> None:
    runs = _runs(loc, document)
    if not runs:
        return
    found = {r.size for r in runs}
    expect(all(s in sizes for s in found), loc, f"{what} size {sizes} pt",
           f"{', '.join(f'{s:g}' for s in sorted(found))} pt")
    if bold is not None:
        expect(all(r.bold == bold for r in runs), loc, f"{what} {'bold' if bold else 'not bold'}",
               "bold" if any(r.bold for r in runs) and not all(r.bold for r in runs) else
               ("bold" if runs[0].bold else "not bold"))
    if italic is not None:
        expect(all(r.italic == italic for r in runs), loc, f"{what} {'italic' if italic else 'upright'}",
               "italic" if runs[0].italic else "upright")
    if upper is not None:
        letters = [c for c in loc.text if c.isalpha()]
        is_upper = all(c.isupper() for c in letters)
        expect(is_upper == upper, loc, f"{what} {'upper case' if upper else 'not upper case'}", loc.text[:40])


def _has_rule_under(loc: Located, document) -> bool:
    """A solid line under the paragraph: border, underline, or a drawn line right after it."""
    p = loc.para
    if docxread.para_format(p, document).border_bottom:
        return True
    if any(r.font.underline for r in p.runs if r.text.strip()):
        return True
    nxt = p._p.getnext()
    while nxt is not None and nxt.tag == qn("w:p"):
        if nxt.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None:
            return True
        if nxt.findall(".//" + qn("w:drawing")) or nxt.findall(".//" + qn("w:pict")):
            return True
        if "".join(t.text or "" for t in nxt.iter(qn("w:t"))).strip():
            return False
        nxt = nxt.getnext()
    return bool(p._p.findall(".//" + qn("w:drawing")) or p._p.findall(".//" + qn("w:pict")))


@rule("page.a4", "A4 portrait", "layout")
def _a4(_, document):
    for sec in document.sections:
        w, h = docxread.mm(sec.page_width), docxread.mm(sec.page_height)
        expect(abs(w - 210) <= 1 and abs(h - 297) <= 1, "page setup", "210 × 297 mm", f"{w:.0f} × {h:.0f} mm")


@rule("page.margins", "margins: top 20–25, bottom 20–25, left 30–35, right 15–20 mm", "layout")
def _margins(_, document):
    sec = document.sections[0]
    for name, value in (("top", sec.top_margin), ("bottom", sec.bottom_margin), ("left", sec.left_margin),
                        ("right", sec.right_margin)):
        lo, hi = getattr(D, f"margin_{name}").lo, getattr(D, f"margin_{name}").hi
        mm = docxread.mm(value)
        expect(lo - 0.3 <= mm <= hi + 0.3, "page setup", f"{name} {lo}–{hi} mm", f"{mm:.1f} mm")


@rule("font.times_new_roman", "Times New Roman everywhere", "layout")
def _font(_, document):
    for k, p in enumerate(docxread.paragraphs(document)):
        for r in p.runs:
            if r.text.strip():
                font = docxread.run_format(r, p, document).font
                expect(font == "Times New Roman", f"paragraph {k + 1} «{p.text.strip()[:40]}»",
                       "Times New Roman", f"{font} in «{r.text.strip()[:20]}»")


@rule("quoc_hieu.format", "Quốc hiệu: upper case, bold, 12–13 pt", "layout")
def _qh(f: Facts, document):
    expect(f.quoc_hieu is not None, "header", QUOC_HIEU, "missing")
    _text_format(f.quoc_hieu, document, D.quoc_hieu, bold=True, upper=True, what="Quốc hiệu")


@rule("tieu_ngu.format", "Tiêu ngữ: bold, 13–14 pt, not upper case", "layout")
def _motto(f: Facts, document):
    expect(f.tieu_ngu is not None, "header", "Độc lập - Tự do - Hạnh phúc", "missing")
    _text_format(f.tieu_ngu, document, D.tieu_ngu, bold=True, upper=False, what="Tiêu ngữ")


@rule("tieu_ngu.rule", "solid line under the motto", "layout")
def _motto_rule(f: Facts, document):
    expect(_has_rule_under(need(f.tieu_ngu), document), f.tieu_ngu, "a solid line under the motto", "none")


@rule("co_quan.format", "agency names: upper case 12–13 pt, issuing agency bold under a regular superior", "layout")
def _agency(f: Facts, document):
    lines = need(f.agency)
    for a in lines:
        _text_format(a, document, D.co_quan, upper=True, what="agency name")
    bold = [all(r.bold for r in _runs(a, document)) for a in lines]
    expect(bold[-1], lines[-1], "issuing agency bold", "not bold")
    expect(bold == sorted(bold), lines[bold.index(True)], "superior agency regular, above the bold issuing agency",
           "bold line above a regular one")


@rule("co_quan.rule", "short solid line under the issuing agency", "layout")
def _agency_rule(f: Facts, document):
    last = need(f.agency)[-1]
    expect(_has_rule_under(last, document), last, "a solid line under the agency name", "none")


@rule("so.format", "number line 13 pt, 'Số' regular", "layout")
def _number_format(f: Facts, document):
    _text_format(need(f.number), document, D.so, bold=False, what="number line")


@rule("ngay.format", "place and date italic, 13–14 pt", "layout")
def _date_format(f: Facts, document):
    _text_format(need(f.date), document, D.ngay, italic=True, bold=False, what="date line")


@rule("trich_yeu.format", "subject: 'V/v' 12–13 pt regular, or type name upper bold and subject bold 13–14 pt", "layout")
def _subject(f: Facts, document):
    if f.title is not None:
        _text_format(f.title, document, D.ten_loai, bold=True, upper=True, what="type name")
        for s in f.subject:
            _text_format(s, document, D.trich_yeu, bold=True, what="subject")
    else:
        _text_format(need(f.vv), document, D.vv, bold=False, what="V/v")


@rule("kinh_gui.format", "Kính gửi 13–14 pt, regular", "layout")
def _kg_format(f: Facts, document):
    for k in need(f.kinh_gui):
        _text_format(k, document, D.kinh_gui, bold=False, what="Kính gửi")


def _body_paras(f: Facts, document):
    return [b for b in need(f.body) if docxread.para_format(b.para, document).alignment != "center"]


@rule("noi_dung.size", "body text 13–14 pt", "layout")
def _body_size(f: Facts, document):
    for b in _body_paras(f, document):
        _text_format(b, document, D.body, what="body")


@rule("noi_dung.alignment", "body justified", "layout")
def _body_align(f: Facts, document):
    for b in _body_paras(f, document):
        al = docxread.para_format(b.para, document).alignment
        expect(al in ("both", "distribute"), b, "justified", al or "left")


@rule("noi_dung.indent", "body first-line indent 1–1.27 cm", "layout")
def _body_indent(f: Facts, document):
    for b in _body_paras(f, document):
        first = docxread.para_format(b.para, document).first_line_mm
        rng = D.first_line_indent
        expect(rng.lo - 0.3 <= first <= rng.hi + 0.3, b, f"first line indented {rng} mm", f"{first:.1f} mm")


@rule("noi_dung.spacing", "at least 6 pt between body paragraphs", "layout")
def _body_spacing(f: Facts, document):
    for b in _body_paras(f, document):
        pf = docxread.para_format(b.para, document)
        expect(pf.before_pt + pf.after_pt >= D.paragraph_space.lo - 0.1, b, f"≥ {D.paragraph_space.lo:g} pt",
               f"{pf.before_pt + pf.after_pt:g} pt")


@rule("noi_dung.line_spacing", "line spacing from single to 1.5 lines", "layout")
def _body_line(f: Facts, document):
    for b in _body_paras(f, document):
        p = b.para
        pf = docxread.para_format(p, document)
        if pf.line is not None:
            rng = D.line_spacing
            expect(rng.lo - 0.01 <= pf.line <= rng.hi + 0.01, b, f"{rng} lines", f"{pf.line:g} lines")
            continue
        exact = p.paragraph_format.line_spacing
        if exact is not None and hasattr(exact, "pt"):
            size = max((r.size for r in _runs(b, document)), default=14)
            expect(size * 1.0 <= exact.pt <= size * 1.5 * 1.2, b, "1–1.5 lines", f"{exact.pt:g} pt")


@rule("noi_nhan.format", "'Nơi nhận:' 12 pt bold italic; entries 11 pt regular", "layout")
def _nn_format(f: Facts, document):
    _text_format(need(f.noi_nhan_label), document, D.noi_nhan, bold=True, italic=True, what="Nơi nhận")
    for e in f.noi_nhan:
        _text_format(e, document, D.noi_nhan_item, bold=False, what="Nơi nhận entry")


@rule("chu_ky.format", "signature: authority and title upper bold, name bold, 13–14 pt", "layout")
def _signature(f: Facts, document):
    for a in need(f.authority) + ([f.signer_title] if f.signer_title else []):
        _text_format(a, document, D.chu_ky, bold=True, upper=True, what="signature line")
    if f.signer_name:
        _text_format(f.signer_name, document, D.chu_ky, bold=True, what="signer's name")
        expect(f.signer_name.text == vn.name_case(f.signer_name.text), f.signer_name, "Capitalised Words",
               f.signer_name.text)


@rule("page_number", "page numbers centred at the top from page 2, none on page 1", "layout")
def _page_number(_, document):
    sec = document.sections[0]
    has = lambda part: "PAGE" in part._element.xml.replace("NUMPAGES", "")  # noqa: E731
    expect(not has(sec.footer) and not (sec.different_first_page_header_footer and has(sec.first_page_footer)),
           "footer", "no page number at the foot", "PAGE field in the footer")
    expect(sec.different_first_page_header_footer and not has(sec.first_page_header), "page 1 header",
           "no page number on page 1", "page number on page 1")
    expect(has(sec.header), "header", "page number in the header from page 2", "none")
    p = next(p for p in sec.header.paragraphs if "PAGE" in p._p.xml)
    expect(docxread.para_format(p, document).alignment == "center", "header", "centred", "not centred")
