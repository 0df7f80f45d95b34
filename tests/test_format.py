"""The rendered .docx carries the formatting of Decree 30 appendix I, element by element.

Formatting is read back as Word resolves it (run, styles, defaults), so these
tests hold whether a property sits in a style or on the run.
"""
from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.text.run import Run

from support import docxread
from vanban.decree.layout import QUOC_HIEU, TIEU_NGU


def fmt(p, document):
    """(set of fonts, set of sizes, all bold, all italic) over the paragraph's text runs."""
    runs = [r for r in p.runs if r.text.strip()]
    assert runs, f"no text in paragraph {p.text!r}"
    f = [docxread.run_format(r, p, document) for r in runs]
    return {x.font for x in f}, {x.size for x in f}, all(x.bold for x in f), all(x.italic for x in f), \
        any(x.bold for x in f), any(x.italic for x in f)


def find(document, predicate, where=None):
    for p, pos in docxread.iter_block_paragraphs(document):
        if (where is None or (pos is not None and pos[:1] == (where,)) or where == "body" and pos is None) \
                and predicate(p.text):
            return p
    raise AssertionError("paragraph not found")


def assert_text(p, document, size, bold, italic=False, align="center"):
    fonts, sizes, all_b, all_i, any_b, any_i = fmt(p, document)
    assert fonts == {"Times New Roman"}, (p.text, fonts)
    assert sizes == {size}, (p.text, sizes)
    assert all_b if bold else not any_b, (p.text, "bold" if bold else "not bold")
    assert all_i if italic else not any_i, (p.text, "italic" if italic else "upright")
    if align:
        assert docxread.para_format(p, document).alignment == align, (p.text, align)


def test_page_setup(seed):
    _, _, document = seed
    sec = document.sections[0]
    assert round(docxread.mm(sec.page_width)) == 210 and round(docxread.mm(sec.page_height)) == 297
    assert 20 <= round(docxread.mm(sec.top_margin)) <= 25
    assert 20 <= round(docxread.mm(sec.bottom_margin)) <= 25
    assert 30 <= round(docxread.mm(sec.left_margin)) <= 35
    assert 15 <= round(docxread.mm(sec.right_margin)) <= 20


def test_page_numbers_from_page_two(seed):
    _, _, document = seed
    sec = document.sections[0]
    assert sec.different_first_page_header_footer
    first = sec.first_page_header._element.xml
    assert "PAGE" not in first
    header = sec.header
    fields = header._element.findall(".//" + qn("w:fldSimple"))
    assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
    p = header.paragraphs[0]
    pf = docxread.para_format(p, document)
    assert pf.alignment == "center"
    number_run = Run(fields[0].find(qn("w:r")), p)
    fmt_ = docxread.run_format(number_run, p, document)
    assert 13 <= fmt_.size <= 14 and not fmt_.bold and not fmt_.italic


def test_every_run_is_times_new_roman(seed):
    _, _, document = seed
    for p in docxread.paragraphs(document):
        for r in p.runs:
            if r.text.strip():
                assert docxread.run_format(r, p, document).font == "Times New Roman", (p.text, r.text)


def test_national_name_and_motto(seed):
    _, _, document = seed
    qh = find(document, lambda t: t == QUOC_HIEU, where=0)
    assert_text(qh, document, 13, bold=True)
    motto = find(document, lambda t: t == TIEU_NGU, where=0)
    assert_text(motto, document, 14, bold=True)
    paras = document.tables[0].rows[0].cells[1].paragraphs
    rule = paras[[p.text for p in paras].index(TIEU_NGU) + 1]
    assert rule.text == "" and docxread.para_format(rule, document).border_bottom


def test_agency_names_and_rule(seed):
    _, doc, document = seed
    cell = document.tables[0].rows[0].cells[0]
    texts = [p.text for p in cell.paragraphs]
    for line in doc.co_quan.chu_quan or []:
        p = cell.paragraphs[texts.index(line.upper())]
        assert_text(p, document, 13, bold=False)
    last = None
    for line in doc.co_quan.ten:
        last = texts.index(line.upper())
        assert_text(cell.paragraphs[last], document, 13, bold=True)
    rule = cell.paragraphs[last + 1]
    assert rule.text == "" and docxread.para_format(rule, document).border_bottom
    ind = rule._p.pPr.find(qn("w:ind"))
    box = 68 - 2 * 1.9
    length = box - 2 * int(ind.get(qn("w:left"))) * 25.4 / 1440
    from vanban.decree.metrics import text_width_mm
    name = max(text_width_mm(t.upper(), 13, bold=True) for t in doc.co_quan.ten)
    assert name / 3 - 0.5 <= length <= name / 2 + 0.5, "rule under the agency: 1/3 to 1/2 of the name"


def test_number_and_date_lines(seed):
    _, doc, document = seed
    so = find(document, lambda t: t.startswith("Số:"), where=0)
    assert_text(so, document, 13, bold=False)
    assert so.text.endswith("/" + doc.code)
    date = find(document, lambda t: ", ngày" in t, where=0)
    assert_text(date, document, 14, bold=False, italic=True)
    cells = document.tables[0].rows[1].cells
    assert so._p in [p._p for p in cells[0].paragraphs] and date._p in [p._p for p in cells[1].paragraphs], \
        "number and date on the same level (same table row)"


def test_subject(seed):
    _, doc, document = seed
    if doc.kind.title is None:
        vv = find(document, lambda t: t.startswith("V/v "), where=0)
        assert_text(vv, document, 12, bold=False)
    else:
        title = find(document, lambda t: t == doc.kind.title, where="body")
        assert_text(title, document, 14, bold=True)
        paras = docxread.paragraphs(document)
        i = [p._p for p in paras].index(title._p)
        subject, rule = paras[i + 1], paras[i + 2]
        assert_text(subject, document, 14, bold=True)
        assert rule.text == "" and docxread.para_format(rule, document).border_bottom


def test_body_paragraphs(seed):
    _, doc, document = seed
    body = [p for p, pos in docxread.iter_block_paragraphs(document)
            if pos is None and p.style.name in ("VB Body", "VB Heading 1", "VB Heading 2", "VB Heading 3")]
    assert len(body) >= 5
    for p in body:
        pf = docxread.para_format(p, document)
        assert pf.alignment == "both", p.text
        assert 10 <= round(pf.first_line_mm, 2) <= 12.7, p.text
        assert pf.before_pt + pf.after_pt >= 6, p.text
        assert pf.line is None or 1.0 <= pf.line <= 1.5
        fonts, sizes, *_ = fmt(p, document)
        assert sizes == {14}


def test_roman_headings_upper_bold(rendered):
    _, document = rendered("lai-chau-ubnd-kh-mam-non-2023.yaml")
    heads = [p for p in docxread.paragraphs(document) if p.style.name == "VB Heading 1"]
    assert [p.text.split(".")[0] for p in heads] == ["I", "II", "III", "IV", "V"]
    for p in heads:
        assert p.text == p.text.upper()
        assert_text(p, document, 14, bold=True, align="both")


def test_kinh_gui(seed):
    _, doc, document = seed
    if not doc.kinh_gui:
        pytest.skip("no recipients")
    paras = [p for p in docxread.paragraphs(document) if p.style.name == "VB Kinh Gui"]
    assert paras[0].text.startswith("Kính gửi:")
    for p in paras:
        assert_text(p, document, 14, bold=False, align=None)
    if len(doc.kinh_gui) > 1:
        assert all(p.text.split("\t")[-1].startswith("- ") for p in paras)
        assert all(p.text.endswith(";") for p in paras[:-1]) and paras[-1].text.endswith(".")
        # dashes aligned: the first line's hanging indent puts its dash where the others start
        lefts = {docxread.para_format(p, document).left_mm for p in paras}
        assert len(lefts) == 1


def test_noi_nhan_and_signature(seed):
    _, doc, document = seed
    table = document.tables[-1]
    left, right = table.rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert_text(label, document, 12, bold=True, italic=True, align="left")
    entries = left.paragraphs[1:]
    assert entries and all(e.text.startswith("- ") for e in entries)
    for e in entries:
        assert_text(e, document, 11, bold=False, align="left")
    assert all(e.text.endswith(";") for e in entries[:-1])
    assert entries[-1].text.startswith("- Lưu:") and "VT" in entries[-1].text and entries[-1].text.endswith(".")
    lines = [p for p in right.paragraphs if p.text.strip()]
    authority = doc.ky.authority_lines()
    assert [p.text for p in lines[:len(authority)]] == authority
    for p in lines:
        assert_text(p, document, 14, bold=True)
    assert lines[len(authority)].text == doc.ky.chuc_vu.upper()
    name = lines[-1].text
    assert name == " ".join(w.capitalize() for w in name.split())
    assert docxread.para_format(lines[-1], document).before_pt >= 48, "room for signature and seal"


def test_signature_kept_with_last_paragraph(seed):
    _, _, document = seed
    body = [p for p, pos in docxread.iter_block_paragraphs(document) if pos is None and p.text.strip()]
    assert docxread.para_format(body[-1], document).keep_next
    tr = document.tables[-1].rows[0]._tr
    assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None


def test_header_table_is_borderless_two_columns(seed):
    _, _, document = seed
    t = document.tables[0]
    assert len(t.columns) == 2
    borders = t._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is None or all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    assert t.style is None or "Grid" not in (t.style.name or "")
    widths = [c.width for c in t.rows[0].cells]
    assert widths[1] > widths[0], "the right column holds the national name"
