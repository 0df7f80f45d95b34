"""`vanban check` on documents made in Word: one small fixture per pattern seen in real offices'
files (issue 10), built with python-docx and raw WordprocessingML, so the suite holds each
behaviour without the corpus."""
from __future__ import annotations

import copy
import io

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from vanban import check
from vanban.check import all_rules as rules_module

from support import human_docs

TNR = "Times New Roman"
NS = nsdecls("w") + ' xmlns:v="urn:schemas-microsoft-com:vml"'


def run(text: str, size: int = 14, bold: bool = False, font: str = TNR) -> str:
    b = "<w:b/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>{b}<w:sz w:val="{size * 2}"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def set_content(p, xml: str) -> None:
    """Replace a paragraph's runs by raw inline XML (smart tags, content controls, breaks …)."""
    for r in list(p._p):
        if r.tag != qn("w:pPr"):
            p._p.remove(r)
    for el in parse_xml(f"<w:p {NS}>{xml}</w:p>"):
        p._p.append(el)


def report(d) -> check.Report:
    buf = io.BytesIO()
    d.save(buf)
    return check.check_docx(buf.getvalue(), "fixture")


def status(rep: check.Report, rule_id: str) -> str:
    got = [r.status for r in rep.results if r.rule == rule_id]
    return check.FAIL if check.FAIL in got else got[0]


def fails(rep: check.Report, rule_id: str) -> list:
    return [r for r in rep.results if r.rule == rule_id and r.status == check.FAIL]


def replace_table(table, lines: list) -> None:
    """Put plain paragraphs (raw inline XML each) where a table was, as a Word user types a header."""
    body = table.getparent()
    for k, xml in enumerate(lines):
        body.insert(body.index(table) + k, parse_xml(f"<w:p {NS}>{xml}</w:p>"))
    body.remove(table)


def assert_pass(rep: check.Report, *rule_ids: str) -> None:
    for rule_id in rule_ids:
        assert status(rep, rule_id) == check.PASS, (rule_id, check.format_text(rep))


def letter():
    return human_docs.build("letter")


def pages(d, n: int) -> None:
    """Make the letter run over ``n`` pages with hard page breaks in the body."""
    for _ in range(n - 1):
        d.add_paragraph()._p.append(parse_xml(f'<w:r {NS}><w:br w:type="page"/></w:r>'))


# ---------------------------------------------------------------- page numbers
def test_page_field_inside_a_content_control_is_read_without_crashing():
    d, _ = letter()
    pages(d, 3)
    hp = d.sections[0].header.paragraphs[0]
    set_content(hp, '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Top of Page)"/>'
                    '</w:docPartObj></w:sdtPr><w:sdtContent>'
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("2", 14) +
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:sdtContent></w:sdt>')
    rep = report(d)
    assert status(rep, "page_number") == check.PASS, check.format_text(rep)


def test_no_page_numbers_fails_only_past_one_page():
    d, _ = letter()
    d.sections[0].header.paragraphs[0]._p.getparent().remove(d.sections[0].header.paragraphs[0]._p)
    assert status(report(d), "page_number") == check.PASS          # one page needs no number
    pages(d, 3)
    found = fails(report(d), "page_number")
    assert found and "none" in found[0].found and "3 pages" in found[0].found


def test_page_number_size_and_footer_are_reported():
    d, _ = letter()
    pages(d, 2)
    hp = d.sections[0].header.paragraphs[0]
    set_content(hp, f'<w:fldSimple w:instr=" PAGE ">{run("2", 12)}</w:fldSimple>')
    assert [f.found for f in fails(report(d), "page_number")] == ["12 pt"]
    set_content(hp, "")
    fp = d.sections[0].footer.paragraphs[0]
    set_content(fp, f'<w:fldSimple w:instr=" PAGE ">{run("2", 14)}</w:fldSimple>')
    found = fails(report(d), "page_number")
    assert str(found[0].where).startswith("footer") and "footer" in found[0].found


# ---------------------------------------------------------------- header
def test_smart_tag_does_not_hide_the_national_name():
    d, h = letter()
    set_content(h["qh"], run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT ", 13, True) +
                '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="country-region">'
                + run("NAM", 13, True) + "</w:smartTag>")
    rep = report(d)
    assert rep.ok, check.format_text(rep)
    assert status(rep, "quoc_hieu.format") == check.PASS


def test_national_name_and_motto_split_by_a_line_break():
    d, h = letter()
    set_content(h["qh"], run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True) + "<w:r><w:br/></w:r>" +
                run("Độc lập - Tự do - Hạnh phúc", 14, True))
    h["motto"]._p.getparent().remove(h["motto"]._p)
    rep = report(d)
    assert rep.ok, check.format_text(rep)
    assert status(rep, "tieu_ngu.format") == check.PASS and status(rep, "tieu_ngu.rule") == check.PASS


def test_header_laid_out_with_tabs():
    d, h = letter()
    table = d.tables[0]._tbl
    lines = [(run("UBND TỈNH LAI CHÂU", 13) + "<w:r><w:tab/><w:tab/></w:r>" + run(human_docs.QH, 13, True)),
             (run("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 13, True) + "<w:r><w:tab/></w:r>" + run(human_docs.MOTTO, 14, True)),
             '<w:r><w:pict><v:line from="0,0" to="60mm,0"/></w:pict></w:r>',
             run("Số: 05/SGDĐT-GDTrH", 13) + "<w:r><w:tab/><w:tab/></w:r>"
             + '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:i/><w:sz w:val="28"/>'
             '</w:rPr><w:t>Lai Châu, ngày 08 tháng 02 năm 2024</w:t></w:r>',
             run("V/v triển khai công tác năm học 2024 - 2025", 12)]
    replace_table(table, lines)
    assert_pass(report(d), "quoc_hieu.format", "tieu_ngu.format", "co_quan.format", "co_quan.rule", "tieu_ngu.rule",
                "so.format", "ngay.format")


@pytest.mark.parametrize("where", ["next_row", "same_paragraph", "top_border"])
def test_short_rules_as_word_users_draw_them(where):
    d, h = letter()
    for key in ("agency_rule", "motto_rule"):
        h[key]._p.getparent().remove(h[key]._p)
    shape = '<w:r><w:pict><v:line from="0,0" to="25mm,0"/></w:pict></w:r>'
    if where == "next_row":            # anchored in the number's and the date's paragraphs
        for key in ("number", "date"):
            h[key]._p.append(parse_xml(f"<w:r {NS}><w:pict><v:line from='0,0' to='25mm,0'/></w:pict></w:r>"))
    elif where == "same_paragraph":
        for key in ("agency", "motto"):
            h[key]._p.append(parse_xml(f"<w:r {NS}><w:pict><v:line from='0,0' to='25mm,0'/></w:pict></w:r>"))
    else:
        for key in ("agency", "motto"):
            cell_p = parse_xml(f'<w:p {NS}><w:pPr><w:pBdr><w:top w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p>')
            h[key]._p.addnext(cell_p)
    assert shape
    rep = report(d)
    assert status(rep, "co_quan.rule") == check.PASS and status(rep, "tieu_ngu.rule") == check.PASS, \
        check.format_text(rep)


def test_merged_header_cells_are_read_once():
    d, h = letter()
    t = d.tables[0]
    t.cell(1, 0).merge(t.cell(1, 1))        # the number and the date in one wide cell
    rep = report(d)
    texts = [str(r.where) for r in rep.results if r.status == check.FAIL]
    assert not any(w.count("Số: 05") > 1 for w in texts)
    from vanban.reading import word
    buf = io.BytesIO()
    d.save(buf)
    assert sum("Số: 05" in p.text for p in word.read(buf.getvalue()).paragraphs) == 1


# ---------------------------------------------------------------- Kính gửi
def test_single_recipient_without_final_full_stop_conforms():
    d, h = human_docs.build("memo")
    set_content(h["kinh_gui"][0], run("Kính gửi: Ủy ban nhân dân tỉnh Lai Châu"))
    assert status(report(d), "kinh_gui.punctuation") == check.PASS
    set_content(h["kinh_gui"][0], run("Kính gửi: Ủy ban nhân dân tỉnh Lai Châu;"))
    assert status(report(d), "kinh_gui.punctuation") == check.FAIL


def test_can_cu_lines_after_the_recipients_are_not_recipients():
    d, h = letter()
    extra = copy.deepcopy(h["kinh_gui"][-1]._p)
    h["kinh_gui"][-1]._p.addnext(extra)
    from docx.text.paragraph import Paragraph
    set_content(Paragraph(extra, h["kinh_gui"][-1]._parent), run("- Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024"))
    rep = report(d)
    assert status(rep, "kinh_gui.punctuation") == check.PASS, check.format_text(rep)


def test_kinh_gui_inside_the_header_table_is_found():
    d, h = human_docs.build("memo")
    p = h["kinh_gui"][0]
    cell = d.tables[0].rows[1].cells[0]._tc
    cell.append(p._p)
    set_content(p, run("Kính gửi: Ủy ban nhân dân tỉnh Lai Châu;"))
    assert status(report(d), "kinh_gui.punctuation") == check.FAIL   # found, and judged


# ---------------------------------------------------------------- fonts and sections
def test_times_new_roman_bold_face_name_is_times_new_roman():
    d, h = letter()
    for r in h["qh"].runs:
        r.font.name = "Times New Roman Bold"
    assert status(report(d), "font.times_new_roman") == check.PASS


def test_theme_font_under_runs_is_caught():
    d, h = letter()
    rfonts = h["body"][1].runs[0]._r.rPr.find(qn("w:rFonts"))
    rfonts.set(qn("w:asciiTheme"), "majorHAnsi")
    rfonts.set(qn("w:hAnsiTheme"), "majorHAnsi")
    found = fails(report(d), "font.times_new_roman")
    assert found and "theme font" in found[0].found


def test_landscape_annex_allowed_and_every_section_margins_checked():
    from docx.enum.section import WD_SECTION
    d, h = letter()
    sec = d.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    d.add_paragraph("PHỤ LỤC")
    rep = report(d)
    assert status(rep, "page.a4") == check.PASS and status(rep, "page.margins") == check.PASS, check.format_text(rep)
    sec.left_margin = Mm(10)
    found = fails(report(d), "page.margins")
    assert found and "section 2" in str(found[0].where)


# ---------------------------------------------------------------- structure
def test_quoted_numbers_and_tab_indent():
    d, h = human_docs.build("plan")
    quoted = h["body"][3]
    quoted.paragraph_format.first_line_indent = Mm(0)
    set_content(quoted, "<w:r><w:tab/></w:r>" + run("“1. Điều khoản được trích dẫn;"))
    after = copy.deepcopy(quoted._p)
    quoted._p.addnext(after)
    from docx.text.paragraph import Paragraph
    set_content(Paragraph(after, quoted._parent), "<w:r><w:tab/></w:r>" + run("3. Điều khoản tiếp theo.”"))
    rep = report(d)
    assert status(rep, "noi_dung.indent") == check.PASS, check.format_text(rep)   # a leading tab is 12.7 mm
    assert status(rep, "noi_dung.numbering") == check.PASS, check.format_text(rep)


def test_number_without_space_is_read_as_a_number():
    d, h = human_docs.build("plan")
    set_content(h["body"][3], run("1.2.Nâng cao chất lượng giáo dục."))
    found = fails(report(d), "noi_dung.numbering")
    assert [(f.expected, f.found) for f in found] == [("1.1.", "1.2.")]


def test_kt_minister_signed_by_a_vice_minister():
    d, h = letter()
    set_content(h["authority"], run("KT. BỘ TRƯỞNG", bold=True))
    set_content(h["signer_title"], run("THỨ TRƯỞNG", bold=True))
    assert status(report(d), "ky.authority") == check.PASS


def test_placeholder_dots_in_the_date_are_not_a_broken_date():
    d, h = letter()
    set_content(h["date"], '<w:r><w:rPr><w:i/><w:sz w:val="28"/><w:rFonts w:ascii="Times New Roman" '
                           'w:hAnsi="Times New Roman"/></w:rPr><w:t>Lai Châu, ngày …. tháng ….. năm 2024</w:t></w:r>')
    rep = report(d)
    assert status(rep, "ngay.leading_zero") == check.PASS and status(rep, "ngay.place") == check.PASS


# ---------------------------------------------------------------- coverage
def test_every_failing_instance_is_reported_up_to_a_cap():
    d, h = letter()
    for p in h["body"]:
        p.paragraph_format.first_line_indent = Mm(0)
    assert len(fails(report(d), "noi_dung.indent")) == len(h["body"])
    for _ in range(40):
        q = d.add_paragraph()
        q._p.append(parse_xml(f"<w:r {NS}><w:rPr><w:rFonts w:ascii='Arial' w:hAnsi='Arial'/></w:rPr>"
                              "<w:t>x</w:t></w:r>"))
    r = report(d)
    found = fails(r, "font.times_new_roman")
    assert len(found) == check.report.CAP + 1 and "more" in str(found[-1].where)
    # The last line says how many more, and nothing else: not "at 21 more places: expected …; found …".
    last = [line.strip() for line in check.format_text(r).splitlines() if "more places" in line]
    assert last == [str(found[-1].where)] and str(found[-1].where).endswith("more places")


def test_cong_van_code_with_year_or_cv_and_vv_colon_fail():
    d, h = letter()
    set_content(h["number"], run("Số: 01/2026/CV-CĐCS", 13))
    found = fails(report(d), "ky_hieu.abbreviation")
    assert len(found) == 2
    d, h = letter()
    set_content(h["vv"], run("V/v: triển khai công tác", 12))
    assert [f.expected for f in fails(report(d), "trich_yeu.format")] == ["V/v <subject> (no colon)"]


def test_a_state_letter_under_the_party_title_is_judged_by_the_party_rules():
    """Party documents are in scope since the Party profile (issue 22): a state letter whose title
    line says ĐẢNG CỘNG SẢN VIỆT NAM is judged, and its state-style number fails the Party's rule."""
    d, h = letter()
    set_content(h["qh"], run("ĐẢNG CỘNG SẢN VIỆT NAM", 13, True))
    rep = report(d)
    assert not rep.note and "out of scope" not in check.format_text(rep)
    assert any(r.status == check.FAIL for r in rep.results), check.format_text(rep)


def test_a_rule_that_cannot_decide_does_not_stop_the_others(monkeypatch):
    def broken(f, doc):
        raise StopIteration()
    patched = [(rid, t, k, broken if rid == "page_number" else fn) for rid, t, k, fn in rules_module.RULES]
    monkeypatch.setattr(check.report, "RULES", patched)
    d, h = letter()
    h["date"].runs[0].text = h["date"].runs[0].text.replace("ngày 08", "ngày 8")
    rep = report(d)
    undecided = [r for r in rep.results if r.status == check.UNDECIDED]
    assert [r.rule for r in undecided] == ["page_number"] and "could not decide" in undecided[0].found
    assert rep.failed() == ["ngay.leading_zero"]


# ---------------------------------------------------------------- Nơi nhận, text boxes, tabbed letters
def test_noi_nhan_label_and_entry_in_one_paragraph_and_the_drafters_mark():
    d, h = letter()
    set_content(h["noi_nhan"], '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/><w:i/>'
                               '<w:sz w:val="24"/></w:rPr><w:t>Nơi nhận:</w:t></w:r><w:r><w:br/></w:r>'
                + run("- Như trên;", 11))
    h["entries"][0]._p.getparent().remove(h["entries"][0]._p)
    set_content(h["entries"][-1], run("- Lưu: VT, GDTrH.", 11) +
                '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="22"/>'
                '<w:vertAlign w:val="subscript"/></w:rPr><w:t>Châu</w:t></w:r>')
    rep = report(d)
    assert status(rep, "noi_nhan.entries") == check.PASS and status(rep, "noi_nhan.format") == check.PASS, \
        check.format_text(rep)
    set_content(h["entries"][-1], run("- Lưu: VT, GDTrH", 11))
    assert [f.expected for f in fails(report(d), "noi_nhan.entries")] == ["the last entry ending with '.'"]


def test_text_in_a_text_box_is_read():
    from vanban.reading import word
    d, h = letter()
    box = (f'<w:r {NS} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p>'
           + run("DỰ THẢO") + '</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>' + run("DỰ THẢO") +
           '</w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    h["body"][0]._p.append(parse_xml(box))
    buf = io.BytesIO()
    d.save(buf)
    texts = [p.text for p in word.read(buf.getvalue()).paragraphs]
    assert texts.count("DỰ THẢO") == 1      # the box once: Word shows the Choice, not the VML fallback too
    assert report(d).ok


def test_letter_laid_out_with_spaces_throughout():
    """Header, number and date, Nơi nhận and signature all typed on shared lines with spaces and tabs."""
    d, h = letter()
    table, sign = d.tables[0]._tbl, d.tables[1]._tbl
    header = [run("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 13, True) + run("          ") + run(human_docs.QH, 13, True),
              run("            ") + '<w:r><w:tab/></w:r>' + run("                 ") + run(human_docs.MOTTO, 14, True),
              '<w:r><w:pict><v:line from="0,0" to="60mm,0"/></w:pict></w:r>',
              run("Số:", 13) + run("       ") + run("/SGDĐT-GDTrH", 13) + run("        ") +
              '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:i/><w:sz w:val="28"/>'
              '</w:rPr><w:t xml:space="preserve">Lai Châu, ngày      tháng 02 năm 2024</w:t></w:r>']
    replace_table(table, header)
    nn = '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/><w:i/><w:sz w:val="24"/></w:rPr><w:t>Nơi nhận:</w:t></w:r>'
    closing = [nn + '<w:r><w:tab/></w:r>' + run("      KT. GIÁM ĐỐC", bold=True),
               run("- Như trên;", 11) + run("                  ") + run("PHÓ GIÁM ĐỐC", bold=True),
               run("- Lưu: VT, GDTrH.", 11)]
    replace_table(sign, closing)
    assert_pass(report(d), "quoc_hieu.format", "co_quan.format", "so.leading_zero", "ngay.leading_zero", "ngay.place",
                "ngay.format", "noi_nhan.entries", "ky.authority")
