"""The content rules of Decree 30 appendix I, one function each.

Content rules read the facts (number, date, recipients, Nơi nhận, signature, numbering) and so
apply to YAML and .docx alike; layout rules (:mod:`vanban.check.layout_rules`) read a .docx's
formatting as Word resolves it. The registry and :func:`expect` are in :mod:`vanban.check.framework`.
"""
from __future__ import annotations

import re

from vanban.decree.tables import is_tt_heading
from vanban.check.framework import NotApplicable, expect, need, rule
from vanban.decree import party, vn
from vanban.i18n import _
from vanban.decree.markers import marker as marker_of, read_marker
from vanban.decree.type_names import ABBREVIATIONS, parse_type_name
from vanban.model.inline import plain
from vanban.model.loader import field_name, line_of
from vanban.model.schema import VanBan
from vanban.model.tables import is_table
from vanban.reading.facts import Facts, Located
from vanban.reading.where import Where


# ---------------------------------------------------------------- content rules
_DEPUTY = ("PHÓ", "THỨ TRƯỞNG")
_PERSON_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "PHÓ", "BỘ TRƯỞNG", "CHÁNH", "TỔNG GIÁM ĐỐC", "THỦ TRƯỞNG")
#: Kinds whose number may carry the year: legal normative documents (Law 80/2015, art. 8).
_YEAR_ALLOWED = {"QĐ", "NQ", "CT", "TT", "NĐ"}


def _number_line(f: Facts):
    """The number line read back by its profile's grammar: ``Số: 12/KH-UBND``, or the Party's ``Số 12-NQ/TU``."""
    text = need(f.number).text
    return party.parse_number_line(text) if f.party else vn.parse_number_line(text)


def _number_form(f: Facts) -> str:
    return "Số <number>-<code>" if f.party else "Số: <number>/<code>"


@rule("so.leading_zero", "number below 10 written with a leading zero")
def _number(f: Facts, _doc):
    m = _number_line(f)
    # "Số: 10-01/26/PT-NC": import keeps the rest in the code (with a warning); check names it.
    if not expect(m is not None and not m.extra, f.number, _number_form(f), f.number.text):
        return
    digits = m.digits
    expect(not digits or len(digits) >= 2, f.number, f"{int(digits):02d}" if digits else "", digits)


@rule("ky_hieu.abbreviation", "code (ký hiệu) built from the type and agency abbreviations")
def _code(f: Facts, _doc):
    m = _number_line(f)
    if not expect(m is not None and not m.extra, f.number, _number_form(f), f.number.text):
        return
    if f.party:
        _party_code(f, m.code)
        return
    code = full = m.code
    hidden = vn.hidden_char(code)
    expect(hidden is None, f.number, "a code of visible letters only",
           f"U+{ord(hidden):04X} inside {code!r}" if hidden else code)
    year = re.match(r"^(\d{4})/(.*)$", code)
    if year:
        code = year.group(2)
    abbr = f.type_abbr
    if abbr is None and f.kind is None:
        raise NotApplicable()
    first = code.split("-")[0]
    if abbr:
        # A joint document (liên tịch) adds LT to its kind's abbreviation: KHLT, HDLT, NQLT.
        expect(first in (abbr, abbr + "LT") and "-" in code, f.number, _("{abbr}-<agency>").format(abbr=abbr), code)
        expect(not year or abbr in _YEAR_ALLOWED, f.number, _("no year in the number of a {kind}").format(kind=f.title.text.lower()),
               full)
    else:
        expect(first not in ABBREVIATIONS | {"CV"}, f.number,
               "<agency>[-<drafting unit>] for a công văn (no type abbreviation, no 'CV')", code)
        expect(not year, f.number, "no year in the number of a công văn", full)


def _party_code(f: Facts, code: str) -> None:
    """HD 36: ``<type>/<body>`` (``NQ/TU``); a công văn's type is ``CV``."""
    abbr = f.type_abbr or ("CV" if f.kind is not None and f.title is None else None)
    if abbr is None:
        raise NotApplicable()
    first, _slash, body = code.partition("/")
    expect(first == abbr and bool(body), f.number, _("{abbr}/<body>").format(abbr=abbr), code)


@rule("ngay.leading_zero", "date: day below 10 and months 01, 02 with a leading zero, other months without")
def _date_zero(f: Facts, _doc):
    m = vn.parse_date_line(need(f.date).text)
    if not expect(m is not None, f.date, "<place>, ngày dd tháng m năm yyyy", f.date.text):
        return
    day, month = m.day_text, m.month_text
    if day:
        expect(len(day) == 2, f.date, f"ngày {int(day):02d}", f"ngày {day}")
    if month:
        right = vn.month_text(int(month)) if 1 <= int(month) <= 12 else month
        expect(month == right, f.date, f"tháng {right}", f"tháng {month}")


@rule("ngay.place", "date line starts with the place name")
def _place(f: Facts, _doc):
    m = vn.parse_date_line(need(f.date).text)
    expect(m is not None and m.place[:1].isupper(), f.date, "<Place>, ngày …", f.date.text)


@rule("ky.authority", "signing authority consistent with the signer (KT. with a deputy, TM. with a collective body)")
def _authority(f: Facts, _doc):
    if f.party:
        _party_authority(f)
        return
    for a in need(f.authority):
        if a.text.startswith("TM."):
            body = a.text[3:].strip()
            expect(not body.startswith(_PERSON_TITLES), a, "TM. <collective body>", a.text)
        if a.text.startswith("KT."):
            title = f.signer_title.text if f.signer_title else ""
            expect(title.startswith(_DEPUTY), f.signer_title or a, "a deputy's title (PHÓ …, THỨ TRƯỞNG) under KT.",
                   title)


def _party_authority(f: Facts) -> None:
    """HD 36: T/M with a committee or a congress, K/T over a deputy, T/L by order; no state form."""
    for a in need(f.authority):
        expect(a.text.startswith(("T/M ", "K/T ", "T/L ")), a, "T/M, K/T or T/L <body or title>", a.text)
        if a.text.startswith("T/M "):
            expect(not a.text[4:].strip().startswith(_PERSON_TITLES + ("BÍ THƯ",)), a, "T/M <committee>", a.text)
        if a.text.startswith("K/T "):
            title = f.signer_title.text if f.signer_title else ""
            expect(title.startswith(_DEPUTY), f.signer_title or a, "a deputy's title (PHÓ …) under K/T", title)


@rule("kinh_gui.punctuation", "Kính gửi: one recipient on the line, or '- …;' lines, the last '- … .'")
def _kinh_gui(f: Facts, _doc):
    lines = need(f.kinh_gui)
    head = lines[0].text
    label = head.split(":", 1)[1].strip() if ":" in head else head[len("Kính gửi"):].strip()
    entries = ([(label, lines[0])] if label else []) + [(x.text, x) for x in lines[1:]]
    if not entries:
        raise NotApplicable()
    if len(entries) == 1 and not entries[0][0].startswith(("-", "–")):
        # One recipient on the Kính gửi line: appendix I prescribes no punctuation for this form
        # (";" and "." belong to the list form); only a list mark left on it is wrong.
        expect(not entries[0][0].endswith((";", ",")), entries[0][1], "Kính gửi: <recipient> (no ';')",
               entries[0][0][-30:])
        return
    for i, (e, loc) in enumerate(entries):
        end = "." if i == len(entries) - 1 else ";"
        expect(e.startswith(("-", "–")) and e.endswith(end), loc, f"- …{end}", e[-30:])


#: The last entry ends with "."; the drafter's initials and the copies may follow the unit's
#: period (appendix I box 12: "NC.Châu", "LĐVL&TN.(M.Anh)", "TgNc.(20)", "XDCT. Khánh").
_LUU_END = re.compile(r"\.(\s*\(?[^\s;,()]{1,12}(\s[^\s;,()]{1,12})?\)?\.?)?$")


@rule("noi_nhan.entries", "Nơi nhận: one '- …;' line each, the last '- Lưu: VT, ….'")
def _noi_nhan(f: Facts, _doc):
    need(f.noi_nhan_label)
    entries = f.noi_nhan
    if not expect(bool(entries), f.noi_nhan_label, "entries under Nơi nhận", "none"):
        return
    if f.party:
        _party_noi_nhan(entries)
        return
    for e in entries[:-1]:
        expect(e.text.startswith(("-", "–")) and e.text.rstrip().endswith(";"), e, "- …;", e.text)
    last = entries[-1]
    body = last.text.lstrip("-– ")
    expect(last.text.startswith(("-", "–")) and body.startswith("Lưu") and re.search(r"\bVT\b", body) is not None,
           last, "- Lưu: VT, ….", last.text)
    expect(_LUU_END.search(last.text.rstrip()) is not None, last, "the last entry ending with '.'", last.text)


def _party_noi_nhan(entries: list) -> None:
    """HD 36: ``- …,`` each, the last the copies kept, ``- Lưu Văn phòng ….`` (no colon)."""
    for e in entries[:-1]:
        expect(e.text.startswith(("-", "–")) and e.text.rstrip().endswith((",", ";")), e, "- …,", e.text)
    last = entries[-1]
    body = last.text.lstrip("-– ")
    expect(last.text.startswith(("-", "–")) and body.startswith("Lưu") and not body.startswith("Lưu:"), last,
           "- Lưu Văn phòng ….", last.text)
    expect(last.text.rstrip().endswith("."), last, "the last entry ending with '.'", last.text)


#: A chapter is on the articles' level so that it leaves their count alone: articles are numbered on
#: across chapters (Chương II begins with Điều 5 when Chương I ended with Điều 4).
_LEVEL = {"A": -1, "chuong": 0, "dieu": 0, "I": 0, "1": 1, "1.1": 2, "a": 3}   # I. II. start again under A. B.
_QUOTES = ("“", '"', "‘", "«")


@rule("noi_dung.numbering", "body numbering continuous, letters in the sequence a b c d đ e …")
def _numbering(f: Facts, _doc):
    last: dict[str, tuple] = {}
    unknown: set[str] = set()
    quoting = False
    for p in need(f.body):
        text = p.text
        if quoting:
            quoting = "”" not in text and not (text.count('"') % 2)
            continue
        if text.startswith(_QUOTES):
            # A quoted passage, maybe over several paragraphs, keeps the numbers of the text it quotes.
            quoting = text.count("“") > text.count("”") or (text.startswith('"') and text.count('"') % 2 == 1)
            continue
        if p.cont:
            continue
        if parse_type_name(text) or text.upper().startswith("PHỤ LỤC"):
            last.clear()    # an attached text or an annex numbers afresh
            unknown.clear()
            continue
        if p.para is not None and p.para.numbered:
            unknown.update(_LEVEL)   # Word numbers this paragraph itself; its number is not in the text
            continue
        m = read_marker(text)
        if m is not None and m.style in _LEVEL:
            _step(m, p, last, unknown)


def _step(m, p: Located, last: dict, unknown: set) -> None:
    style, mark = m.style, m.value
    level = _LEVEL[style]
    for s in list(last):
        if _LEVEL[s] > level:
            del last[s]
    for s in list(unknown):
        if _LEVEL[s] > level:
            unknown.discard(s)
    if style in unknown:
        # After numbers the text does not show, the first one seen sets the count.
        unknown.discard(style)
        last[style] = tuple(int(x) for x in mark.split(".")) if style == "1.1" else (m.index,)
        return
    if style == "1.1":
        parts = [int(x) for x in mark.split(".")]
        parent = last.get("1")
        prev = last.get(style)
        want_last = prev[-1] + 1 if prev and prev[:-1] == tuple(parts[:-1]) else 1
        expect(parts[-1] == want_last, p, ".".join(map(str, parts[:-1] + [want_last])) + ".", mark + ".")
        if parent:
            expect(parts[0] == parent[0], p, f"{parent[0]}.{parts[-1]}.", mark + ".")
        last[style] = tuple(parts)
        return
    n = m.index
    prev = last.get(style, (0,))[0]
    shown = {"I": vn.roman, "a": vn.letter, "chuong": lambda k: f"Chương {vn.roman(k)}",
             "A": lambda k: marker_of("A", k).rstrip(".")}.get(style, str)
    expect(n == prev + 1, p, f"{shown(prev + 1)}", f"Chương {mark}" if style == "chuong" else mark)
    last[style] = (n,)


# ---------------------------------------------------------------- tables and appendices (YAML)


def _where(lines: dict, path: tuple) -> Where:
    return Where(line=line_of(lines, path), path=field_name(path))


def _tables(nodes: list, path: tuple):
    """Every table under a body, with its key path: ``(('noi_dung', 1, 'doan', 2, 'bang'), Bang)``."""
    for i, node in enumerate(nodes):
        here = path + (i,)
        if is_table(node):
            yield here + ("bang",), node.bang
        elif not isinstance(node, str):
            for key in ("doan", "sau"):
                yield from ((here + (key, k, "bang"), item.bang)
                            for k, item in enumerate(getattr(node, key)) if is_table(item))
            yield from _tables(node.muc, here + ("muc",))


def _all_tables(doc: VanBan):
    yield from _tables(doc.noi_dung, ("noi_dung",))
    for k, appendix in enumerate(doc.phu_luc):
        yield from _tables(appendix.noi_dung, ("phu_luc", k, "noi_dung"))


@rule("bang.heading", "every table has a heading row, repeated on each page", "model")
def _table_heading(_f: Facts, model):
    doc, lines = model
    for path, table in need(list(_all_tables(doc))):
        expect(bool(table.cot), _where(lines, path), _("a heading row (cot: [TT, Nội dung công việc, …])"),
               _("no heading row"))


@rule("bang.tt", "a TT column numbers its rows 1, 2, 3 … without a gap", "model")
def _table_tt(_f: Facts, model):
    doc, lines = model
    judged = [(p, t) for p, t in _all_tables(doc) if t.cot and not t.so_thu_tu
              and is_tt_heading(plain(t.heading_cells()[0][0].text))]
    for path, table in need(judged):
        firsts = [(r, next((c for c in row if c.col == 0), None)) for r, row in enumerate(table.body_cells())]
        firsts = [(r, c) for r, c in firsts if c is not None]   # a row merged down from above has none
        broken = tt_break([plain(c.text) for _r, c in firsts])
        if broken is not None:
            k, want = broken
            expect(False, _where(lines, path + ("dong", firsts[k][0], 0)), want, plain(firsts[k][1].text))


def tt_break(values: list[str]):
    """``(index, number it should have)`` of the first TT that breaks the count, else None.

    Offices number rows 1, 2, 3 …; a row numbered I, II or A, a, b heads a group, under which the
    count goes on or starts again at 1 (both are in use); 2.1, 2.2 … count the rows under 2; a TT
    holding no number (Tổng cộng, (Bằng chữ …), -, +, a blank) is not counted. Where a table can be
    read two ways it passes: a wrong finding on a real office's table costs more than a missed gap."""
    top, sub, grouped = 0, 0, False
    for i, raw in enumerate(values):
        text = raw.strip().strip("()").rstrip(".").strip()
        deeper = re.fullmatch(r"(\d+)\.(\d+)", text)
        if text.isdigit():
            n = int(text)
            if n != top + 1 and not (grouped and n == 1):
                return i, str(top + 1)
            top, sub, grouped = n, 0, False
        elif deeper:
            if int(deeper[1]) == top and int(deeper[2]) != sub + 1:
                return i, f"{top}.{sub + 1}"
            top, sub = int(deeper[1]), int(deeper[2])
        elif vn.roman_value(text.upper()) or re.fullmatch(r"[^\W\d_]", text):
            grouped = True
    return None


@rule("phu_luc.title", "appendix title: 'Phụ lục I' then the name, and the '(Kèm theo …)' line", "model")
def _appendix_title(_f: Facts, model):
    doc, lines = model
    for k, appendix in enumerate(need(doc.phu_luc)):
        name = vn.upper_vi(appendix.ten).strip()
        # vanban prints "Phụ lục I" itself: a name that repeats it prints it twice.
        expect(not re.match(r"^PHỤ\s+LỤC\b", name), _where(lines, ("phu_luc", k, "ten")),
               _("the appendix's name only (vanban prints 'Phụ lục I')"), appendix.ten)
        expect(bool(appendix.noi_dung), _where(lines, ("phu_luc", k)), _("the appendix's content (noi_dung:)"),
               _("nothing"))


@rule("noi_dung.required", "the parts its kind requires: subject, Kính gửi (công văn), Nơi nhận, signer's title")
def _required(f: Facts, _doc):
    from vanban.model.required import PARTS, REQUIRED
    from vanban.model.schema import Loai
    # A .docx with a number line but no type name above the subject is a công văn even when its
    # "V/v" line is the very thing missing.
    kind = f.kind or (Loai.cong_van if f.title is None and f.number is not None else None)
    if kind is None:
        raise NotApplicable()
    present = {"trich_yeu": bool(f.subject) or (f.vv is not None and f.vv.text.strip().lower() not in ("v/v", "v/v:")),
               "kinh_gui": any(x.text.split(":", 1)[-1].strip() for x in f.kinh_gui),
               "noi_nhan": any(not x.text.lstrip("-– ").startswith("Lưu") for x in f.noi_nhan),
               "ky.chuc_vu": f.signer_title is not None and bool(f.signer_title.text.strip())}
    for path in REQUIRED[kind]:
        expect(present[path], Where(path=path, place="the document"), PARTS[path], "none")
