"""Tables and appendices back from real files (issue 25): .docx and PDF import, the check rules on
.docx and PDF, and the rows of an assignment table going to the units they name."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

import vanban
from support.table_cases import (APPENDICES, TABLES, assignment_parent, differences, document, grid,
                                 tables_of, task_names)
from vanban.check import check_file
from vanban.derive import DonVi, derive_plan, follow_up
from vanban.derive.letters import CoQuanDanXuat
from vanban.derive.rows import names_hit
from vanban.ingest import import_file
from vanban.model import VanBan


def _doc(tables=TABLES, appendices=APPENDICES) -> VanBan:
    return VanBan.model_validate(document(tables, appendices))


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def _with_xml(data: bytes, change) -> bytes:
    """The .docx ``data`` with its document.xml changed by ``change(xml) -> xml``."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            blob = src.read(item.filename)
            z.writestr(item, change(blob.decode("utf-8")).encode("utf-8") if item.filename == "word/document.xml"
                       else blob)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "bang.docx"
    path.write_bytes(vanban.render_bytes(_doc()))
    return path


@pytest.fixture(scope="module")
def printed(rendered):
    from vanban.deliver import pdf
    outcome = pdf.convert([rendered])[0]
    assert outcome.status == "ok", outcome.error
    return rendered.with_suffix(".pdf")


# ------------------------------------------------------------------ import: .docx
def test_every_table_and_appendix_comes_back_from_the_docx_cell_for_cell(rendered):
    imported = import_file(rendered)
    assert differences(_doc(), imported.doc) == []
    assert not imported.unplaced
    first = tables_of(imported.doc)[0]
    assert first.so_thu_tu and [round(w / first.rong[0], 1) for w in first.rong] == [1, 7, 2.5, 3, 3.5]
    assert [(a.ten, a.ngang) for a in imported.doc.phu_luc] == [("CHỈ TIÊU CỦA CÁC XÃ", True),
                                                                ("DANH SÁCH ĐƠN VỊ PHỐI HỢP", False)]


def test_the_rerendered_import_is_the_same_document(rendered, tmp_path):
    again = tmp_path / "again.docx"
    again.write_bytes(vanban.render_bytes(import_file(rendered).doc))
    assert differences(_doc(), import_file(again).doc) == []


def test_a_tt_column_with_a_gap_stays_typed(tmp_path):
    table = {"cot": ["TT", "Việc"], "dong": [["1", "A"], ["3", "B"], ["4", "C"]]}
    path = tmp_path / "gap.docx"
    path.write_bytes(vanban.render_bytes(_doc({"gap": table}, [])))
    got = tables_of(import_file(path).doc)[0]
    assert not got.so_thu_tu and [r[0] for r in got.dong] == ["1", "3", "4"]


def test_heading_rows_from_a_bold_first_row_when_word_does_not_repeat_them(rendered, tmp_path):
    path = tmp_path / "norepeat.docx"
    path.write_bytes(_with_xml(rendered.read_bytes(), lambda x: x.replace("<w:tblHeader/>", "")))
    got = import_file(path).doc
    # The bold first row, and the row under it held by the cells merged down from it.
    assert [grid(t)[0] for t in tables_of(got)] == [1, 2, 1, 1, 1, 1]


def test_layout_tables_stay_layout(rendered):
    """The header and the closing tables are the locator's: no table in the body holds them."""
    doc = import_file(rendered).doc
    cells = " ".join(str(c) for t in tables_of(doc) for row in t.cot + t.dong for c in row)
    assert "CỘNG HÒA" not in cells and "Nơi nhận" not in cells and doc.ky.ho_ten == "Lò Văn Pao"
    assert doc.noi_nhan == ["UBND tỉnh (b/c)", "UBND các xã"]


def test_a_table_typed_in_word_with_grid_span_and_vmerge(tmp_path):
    """A table as Word writes it (python-docx's merge: gridSpan and vMerge, no tblHeader, style Table Grid)."""
    import docx
    base = tmp_path / "base.docx"
    base.write_bytes(vanban.render_bytes(_doc({}, [])))
    d = docx.Document(str(base))
    t = d.add_table(rows=4, cols=3)
    from docx.oxml import parse_xml
    t._tbl.tblPr.append(parse_xml(   # Word's "All borders"
        '<w:tblBorders xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(f'<w:{s} w:val="single" w:sz="4"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))
    for r, row in enumerate([["STT", "Nội dung", "Đơn vị"], ["1", "Kiểm tra", "Phòng Nội vụ"],
                             ["2", "Báo cáo", ""], ["3", "Tổng hợp", "Văn phòng"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
            for run in t.cell(r, c).paragraphs[0].runs:
                run.bold = r == 0
    t.cell(1, 2).merge(t.cell(2, 2))
    # Move the table before the Nơi nhận table: into the body.
    body = d.element.body
    closing = [el for el in body if el.tag.endswith("}tbl")][1]
    closing.addprevious(t._tbl)
    path = tmp_path / "word.docx"
    d.save(str(path))
    got = tables_of(import_file(path).doc)
    assert len(got) == 1 and got[0].so_thu_tu
    assert grid(got[0]) == (1, (("cot", 0, 0, 1, 1, "STT"), ("cot", 0, 1, 1, 1, "Nội dung"), ("cot", 0, 2, 1, 1, "Đơn vị"),
                                ("dong", 0, 0, 1, 1, "1"), ("dong", 0, 1, 1, 1, "Kiểm tra"),
                                ("dong", 0, 2, 1, 2, "Phòng Nội vụ"), ("dong", 1, 0, 1, 1, "2"),
                                ("dong", 1, 1, 1, 1, "Báo cáo"), ("dong", 2, 0, 1, 1, "3"),
                                ("dong", 2, 1, 1, 1, "Tổng hợp"), ("dong", 2, 2, 1, 1, "Văn phòng")))


def _word_table(tmp_path, rows, repeated: int):
    """A bordered table typed in Word into the body, its first ``repeated`` rows marked "repeat as heading"."""
    import docx
    from docx.oxml import parse_xml
    base = tmp_path / "base.docx"
    base.write_bytes(vanban.render_bytes(_doc({}, [])))
    d = docx.Document(str(base))
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t._tbl.tblPr.append(parse_xml(
        '<w:tblBorders xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(f'<w:{s} w:val="single" w:sz="4"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
        if r < repeated:
            t.rows[r]._tr.get_or_add_trPr().append(parse_xml(
                '<w:tblHeader xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))
    [el for el in d.element.body if el.tag.endswith("}tbl")][1].addprevious(t._tbl)
    path = tmp_path / "word.docx"
    d.save(str(path))
    [got] = tables_of(import_file(path).doc)
    return got


def test_counted_rows_word_repeats_by_mistake_are_the_body_and_column_numbers_stay_heading(tmp_path):
    # A hospital's tờ trình had "repeat as heading" on its rows 1 and 2: they are the body's.
    got = _word_table(tmp_path, [["Stt", "Nội dung", "Thời gian"], ["1", "Đăng tải kế hoạch", "Tháng 3"],
                                 ["2", "Tổ chức lựa chọn", ""], ["2.1", "Thư mời", "Tháng 4"]], repeated=3)
    assert [[str(c) for c in row] for row in got.cot] == [["Stt", "Nội dung", "Thời gian"]]
    assert [str(row[0]) for row in got.dong] == ["1", "2", "2.1"]
    # The row of column numbers offices print under the headings stays in the heading.
    got = _word_table(tmp_path, [["TT", "Nội dung", "Ghi chú"], ["(1)", "(2)", "(3)"], ["1", "Kiểm tra", "x"],
                                 ["2", "Báo cáo", "y"]], repeated=2)
    assert [[str(c) for c in row] for row in got.cot] == [["TT", "Nội dung", "Ghi chú"], ["(1)", "(2)", "(3)"]]


LEAD_IN = """loai: ke_hoach
co_quan: {ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}
so: 5
ngay: 2024-03-08
trich_yeu: Kiểm tra phần mềm
ky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Lò Văn Phương}
noi_nhan: [UBND tỉnh]
noi_dung:
  - tieu_de: NỘI DUNG
    muc:
      - Kiểm tra phần mềm cơ sở dữ liệu về giá.
      - doan:
          - Đánh giá phần mềm.
          - "Đơn vị chủ đầu tư yêu cầu bổ sung các nội dung sau:"
          - bang:
              cot: [TT, Nội dung, Ghi chú]
              dong: [["1", Bổ sung chức năng in, Tháng 5], ["2", Sửa báo cáo, Tháng 6]]
"""


@pytest.mark.parametrize("door", ["library", "cli"])
def test_the_paragraph_leading_into_a_table_that_ends_the_body_stays_before_it(door, tmp_path):
    # A biên bản of a Sở's meeting: "… yêu cầu bổ sung các nội dung sau:", its table, the signatures.
    # The lead-in was taken for the closing (ket_thuc) and printed after the table.
    from doors.test_import_words_kept import _imported
    from vanban.model.loader import load_text
    src = tmp_path / "k.docx"
    src.write_bytes(vanban.render_bytes(load_text(LEAD_IN)))
    doc, _comments = _imported(door, src, tmp_path)
    para = doc.noi_dung[0].muc[1]
    assert [x if isinstance(x, str) else "bang" for x in para.doan] == [
        "Đánh giá phần mềm.", "Đơn vị chủ đầu tư yêu cầu bổ sung các nội dung sau:", "bang"]
    assert doc.ket_thuc == []


NOTICE = """loai: thong_bao
co_quan: {chu_quan: SỞ Y TẾ TỈNH KIÊN GIANG, ten: [BỆNH VIỆN ĐA KHOA TỈNH], viet_tat: BV, dia_danh: Kiên Giang}
so: 12
ngay: 2026-03-08
trich_yeu: Lịch trực Tết
mo_dau: [Bệnh viện thông báo lịch trực như sau.]
kieu_muc: none
noi_dung:
  - bang: {cot: [TT, Khoa, Ngày trực], dong: [["1", Khoa Nội, 01/01], ["2", Khoa Ngoại, 02/01]]}
  - Các khoa cận lâm sàng trực theo lịch dưới đây.
  - bang: {cot: [TT, Khoa, Ngày trực], dong: [["1", Khoa Xét nghiệm, 01/01], ["2", Khoa Dược, 02/01]]}
ket_thuc: [Đề nghị các khoa thực hiện nghiêm túc.]
ky: {kt: GIÁM ĐỐC, chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Trần Văn Bình}
noi_nhan: [Các khoa, phòng]
"""


def _in_body_order(data: bytes) -> list[str]:
    """The body's paragraphs and tables in the order the page prints them (a table as its first cell)."""
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = []
    for el in etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(w + "body"):
        text = "".join(t.text or "" for t in el.iter(w + "t")).strip()
        if el.tag == w + "tbl":
            out.append("[bảng] " + text[:12])
        elif text:
            out.append(text)
    return out


@pytest.mark.parametrize("door", ["library", "cli"])
def test_paragraphs_between_and_after_tables_of_an_unnumbered_body_keep_their_place(door, tmp_path):
    # A hospital's scanned notice: a table, a paragraph, a table, the closing. The paragraphs after a
    # table were put in the opening (mo_dau) and printed before the first table.
    from doors.test_import_words_kept import _imported
    from vanban.model.loader import load_text
    src = tmp_path / "tb.docx"
    src.write_bytes(vanban.render_bytes(load_text(NOTICE)))
    doc, _comments = _imported(door, src, tmp_path)
    assert doc.mo_dau == ["Bệnh viện thông báo lịch trực như sau."]
    assert doc.ket_thuc == ["Đề nghị các khoa thực hiện nghiêm túc."] and doc.kieu_muc == "none"
    assert _in_body_order(vanban.render_bytes(doc)) == _in_body_order(src.read_bytes())


# ------------------------------------------------------------------ import: PDF
def test_every_table_and_appendix_comes_back_from_the_pdf_cell_for_cell(printed):
    imported = import_file(printed)
    assert differences(_doc(), imported.doc) == []
    assert [a.ngang for a in imported.doc.phu_luc] == [True, False]


def test_a_table_over_two_pages_is_one_table_with_its_heading_rows(tmp_path):
    from vanban.deliver import pdf
    rows = [[f"Nhiệm vụ số {k + 1} của kế hoạch", "Tháng 3/2024", "Phòng Nội vụ"] for k in range(45)]
    table = {"so_thu_tu": True, "cot": ["TT", "Nội dung", "Thời gian", "Đơn vị"], "dong": rows}
    docx_path = tmp_path / "long.docx"
    docx_path.write_bytes(vanban.render_bytes(_doc({"long": table}, [])))
    assert pdf.convert([docx_path])[0].status == "ok"
    got = tables_of(import_file(docx_path.with_suffix(".pdf")).doc)
    assert len(got) == 1 and got[0].so_thu_tu and len(got[0].dong) == 45 and len(got[0].cot) == 1
    assert got[0].dong[44][0] == "Nhiệm vụ số 45 của kế hoạch"


# ------------------------------------------------------------------ check on .docx and PDF
def _status(report, rule_id: str) -> set[str]:
    return {r.status for r in report.results if r.rule == rule_id}


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_the_table_and_appendix_rules_pass_on_what_vanban_prints(rendered, printed, suffix):
    report = check_file(rendered if suffix == ".docx" else printed)
    for rule_id in ("bang.repeat", "phu_luc.block", "phu_luc.pages", "page_number", "page.margins"):
        # On paper, one-page appendices show no number either way: phu_luc.pages has nothing to judge.
        allowed = {"pass", "n/a"} if suffix == ".pdf" and rule_id == "phu_luc.pages" else {"pass"}
        assert _status(report, rule_id) <= allowed, (rule_id, [r for r in report.results if r.rule == rule_id])


FAULTS = {
    "bang.repeat": lambda x: x.replace("<w:tblHeader/>", ""),
    "phu_luc.pages": lambda x: x.replace('<w:pgNumType w:start="1"/>', ""),
    "phu_luc.block": lambda x: re.sub(r"\(Kèm theo [^<]*\)", "(Kèm theo Kế hoạch này)", x),
}


@pytest.mark.parametrize("rule_id", FAULTS)
def test_each_table_and_appendix_fault_fails_its_rule_on_a_docx(rendered, tmp_path, rule_id):
    path = tmp_path / "fault.docx"
    path.write_bytes(_with_xml(rendered.read_bytes(), FAULTS[rule_id]))
    assert _status(check_file(path), rule_id) == {"fail"}
    assert _status(check_file(rendered), rule_id) == {"pass"}


def test_appendix_numbering_continued_fails_on_the_pdf(tmp_path):
    from vanban.deliver import pdf
    rows = [[f"Xã số {k + 1}", "Trường", "12", "310", ""] for k in range(40)]
    long = [{"ten": "Chỉ tiêu", "noi_dung": [{"bang": {"so_thu_tu": True, "cot": APPENDICES[0]["noi_dung"][0]["bang"]["cot"],
                                                       "dong": rows}}]}]
    good, bad = tmp_path / "restarted.docx", tmp_path / "continued.docx"
    good.write_bytes(vanban.render_bytes(_doc({}, long)))
    bad.write_bytes(_with_xml(good.read_bytes(), FAULTS["phu_luc.pages"]))
    assert all(o.status == "ok" for o in pdf.convert([good, bad]))
    assert _status(check_file(good.with_suffix(".pdf")), "phu_luc.pages") == {"pass"}
    assert _status(check_file(bad.with_suffix(".pdf")), "phu_luc.pages") == {"fail"}
    # The table over two pages repeats its heading row: judged on paper.
    assert _status(check_file(good.with_suffix(".pdf")), "bang.repeat") == {"pass"}


def test_appendix_rules_say_nothing_on_a_document_without_appendices(tmp_path):
    path = tmp_path / "none.docx"
    path.write_bytes(vanban.render_bytes(_doc({}, [])))
    report = check_file(path)
    assert _status(report, "phu_luc.block") == {"n/a"} and _status(report, "phu_luc.pages") == {"n/a"}
    assert _status(report, "bang.repeat") == {"n/a"}


# ------------------------------------------------------------------ derive: the rows that name a unit
def _units(units: dict) -> list[DonVi]:
    from vanban.derive.units import _merge  # noqa: PLC2701 -- the same merge the units file gets
    return [DonVi.model_validate(_merge(units["chung"], u)) for u in units["don_vi"]]


def test_every_unit_gets_exactly_its_rows():
    parent, units, expected = assignment_parent()
    doc = VanBan.model_validate(parent)
    for unit, commune in zip(_units(units), expected):
        plan = derive_plan(doc, unit, None, units["dia_ban_cha"])
        assert task_names(plan) == expected[commune], commune
        table = tables_of(plan)[0]
        assert table.so_thu_tu and len(table.cot) == 2 and table.rong == [1, 7, 2.5, 3, 3.5]


def test_a_cell_merged_down_is_written_into_each_row_picked():
    parent, units, _expected = assignment_parent()
    plan = derive_plan(VanBan.model_validate(parent), _units(units)[2], None, units["dia_ban_cha"])
    rows = {r[0]: r for r in tables_of(plan)[0].dong}
    assert rows["Bồi dưỡng cán bộ"][-1] == rows["Kiểm tra việc thực hiện"][-1] == "UBND xã Nậm Xe"


def test_the_follow_up_carries_the_rows_for_its_body():
    parent, _units_data, expected = assignment_parent()
    body = CoQuanDanXuat.model_validate({
        "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ DÀO SAN"], "viet_tat": "UBND", "dia_danh": "Dào San"},
        "ky": {"tm": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}, "ten_goi": "UBND xã Dào San",
        "ten_khac": ["xã Dào San"], "cap_duoi": ["Các thôn, bản"]})
    letter = follow_up(VanBan.model_validate(parent), body)
    assert task_names(letter) == expected["Dào San"]


@pytest.mark.parametrize("text, hit", [("UBND xã Mường", True), ("UBND xã Mường So", False),
                                       ("UBND xã Mường; Phòng Nội vụ", True), ("UBND các xã, thị trấn", True),
                                       ("UBND các huyện", False), ("xã Mường đăng ký", True)])
def test_names_hit(text, hit):
    assert names_hit(text, ["xã mường"], "xã Mường") is hit
