"""Tables (bang) and appendices (phu_luc): the model's rules, the rendered Word tables and sections,
spreadsheet rows, and check's YAML rules. Every assertion opens the rendered .docx."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA
from vanban.check import check_file
from vanban.decree.layout import DEFAULT
from vanban.decree.lengths import twips
from vanban.model import load_text
from vanban.model.loader import InputError, load_file
from vanban.rendering.renderer import render_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EXAMPLE = DATA / "ke-hoach-bang-phan-cong.yaml"

HEAD = """loai: ke_hoach
co_quan: {ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}
ngay: 2024-03
trich_yeu: Thử bảng
ky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}
"""


def body_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find("w:body", NS)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def tables(body):
    """The body's tables, without the header and signature layout tables (which have no borders)."""
    return [t for t in body.findall("w:tbl", NS) if t.find("w:tblPr/w:tblBorders", NS) is not None]


def rows(tbl):
    return [[text(tc) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]


@pytest.fixture(scope="module")
def example():
    return body_of(render_bytes(load_file(EXAMPLE)))


def test_cells_in_order_with_the_tt_column_numbered(example):
    assign = tables(example)[0]
    got = rows(assign)
    assert got[0] == ["TT", "Nội dung công việc", "Thời gian", "Đơn vị thực hiện"]
    assert got[1] == ["", "", "", "Chủ trì", "Phối hợp"]
    assert got[2] == ["1", "Rà soát, thống kê trẻ em trong độ tuổi mầm non trên địa bàn", "Tháng 3/2024",
                      "Phòng Giáo dục và Đào tạo", "UBND các xã"]
    assert [r[0] for r in got[2:]] == ["1", "2", "3", "4", "5"]
    assert got[4][-1] == ""     # merged down from row 2


def test_merges_are_grid_span_and_vertical_merge(example):
    trs = tables(example)[0].findall("w:tr", NS)
    head = trs[0].findall("w:tc", NS)
    assert head[3].find("w:tcPr/w:gridSpan", NS).get(w("val")) == "2"
    assert [tc.find("w:tcPr/w:vMerge", NS).get(w("val")) for tc in head[:3]] == ["restart"] * 3
    second = trs[1].findall("w:tc", NS)
    assert [tc.find("w:tcPr/w:vMerge", NS) is not None for tc in second] == [True, True, True, False, False]
    assert all(tc.find("w:tcPr/w:vMerge", NS).get(w("val")) is None for tc in second[:3])
    # The body's merged "Phối hợp" cell: restart in row 2, continued in row 3.
    assert trs[3].findall("w:tc", NS)[4].find("w:tcPr/w:vMerge", NS).get(w("val")) == "restart"
    cont = trs[4].findall("w:tc", NS)[4].find("w:tcPr/w:vMerge", NS)
    assert cont is not None and cont.get(w("val")) is None
    # Every row covers the whole grid.
    for tr in trs:
        spans = [int(tc.find("w:tcPr/w:gridSpan", NS).get(w("val"))) if tc.find("w:tcPr/w:gridSpan", NS) is not None
                 else 1 for tc in tr.findall("w:tc", NS)]
        assert sum(spans) == 5


def test_heading_rows_repeat_and_no_row_splits(example):
    trs = tables(example)[0].findall("w:tr", NS)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True, True] + [False] * 5
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
    heading_runs = [r for tc in trs[0].findall("w:tc", NS) for r in tc.iter(w("r"))]
    assert heading_runs and all(r.find("w:rPr/w:b", NS) is not None for r in heading_runs)


def test_widths_fill_the_text_area_and_follow_rong(example):
    tbl = tables(example)[0]
    grid = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == twips(DEFAULT.text_width) == int(tbl.find("w:tblPr/w:tblW", NS).get(w("w")))
    assert grid[1] / grid[0] == pytest.approx(7, rel=0.01)      # rong: [1, 7, 2.5, 3, 3.5]
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    for tr in tbl.findall("w:tr", NS):
        assert sum(int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) for tc in tr.findall("w:tc", NS)) == sum(grid)


def test_font_is_the_documents_and_13_pt(example):
    tbl = tables(example)[0]
    sizes = {r.find("w:rPr/w:sz", NS).get(w("val")) for r in tbl.iter(w("r")) if r.find("w:rPr/w:sz", NS) is not None}
    assert sizes == {"26"}
    assert all(r.find("w:rPr/w:rFonts", NS) is None for r in tbl.iter(w("r")))   # Times New Roman from the defaults
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert [b.get(w("val")) for b in borders] == ["single"] * 6


def test_inline_marks_in_a_cell(example):
    cell = tables(example)[0].findall("w:tr", NS)[4].findall("w:tc", NS)[1]
    bold = [text(r) for r in cell.iter(w("r")) if r.find("w:rPr/w:b", NS) is not None]
    assert bold == ["lợi ích"]


def test_appendix_in_a_landscape_section_numbered_from_one(example):
    sects = [p.find("w:pPr/w:sectPr", NS) for p in example.findall("w:p", NS)]
    breaks = [s for s in sects if s is not None]
    final = example.find("w:sectPr", NS)
    assert len(breaks) == 1, "the main text ends in a section of its own"
    main_size = breaks[0].find("w:pgSz", NS)
    assert main_size.get(w("orient")) is None and int(main_size.get(w("w"))) < int(main_size.get(w("h")))
    assert breaks[0].find("w:pgNumType", NS) is None
    size = final.find("w:pgSz", NS)
    assert size.get(w("orient")) == "landscape" and int(size.get(w("w"))) == twips(297)
    assert final.find("w:pgNumType", NS).get(w("start")) == "1"
    assert final.find("w:type", NS).get(w("val")) == "nextPage"
    assert final.find("w:headerReference", NS) is not None and final.find("w:titlePg", NS) is not None
    # The appendix's title block, its table from the spreadsheet, and its width on the landscape page.
    after = list(example)[list(example).index(breaks[0].getparent().getparent()) + 1:]
    paras = [text(p) for p in after if p.tag == w("p") and text(p)]
    assert paras[:3] == ["Phụ lục", "CHỈ TIÊU HUY ĐỘNG TRẺ RA LỚP NĂM 2024 CỦA CÁC XÃ",
                         "(Kèm theo Kế hoạch số 87/KH-UBND ngày 08/3/2024 của UBND huyện Phong Thổ)"]
    annex = tables(example)[1]
    got = rows(annex)
    assert got[0][:3] == ["TT", "Xã", "Trường mầm non"]
    assert got[1] == ["1", "Xã Sì Lở Lầu", "Trường Mầm non Sì Lở Lầu", "12", "310", "98,5", ""]
    assert len(got) == 6 and got[5][-1] == "Cần thêm 02 phòng học; đề nghị hỗ trợ"
    grid = [int(g.get(w("w"))) for g in annex.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == twips(297 - DEFAULT.margin_left - DEFAULT.margin_right)


def test_several_appendices_are_numbered_and_a_draft_leaves_blanks():
    doc = load_text(HEAD + """phu_luc:
  - ten: Danh sách thứ nhất
    noi_dung: [Nội dung một.]
  - ten: Danh sách thứ hai
    noi_dung:
      - tieu_de: Phần một
        doan: [Đoạn.]
""")
    body = body_of(render_bytes(doc))
    texts = [text(p) for p in body.findall("w:p", NS)]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    assert texts.count("(Kèm theo Kế hoạch số …/KH-UBND ngày …/3/2024 của Ủy ban nhân dân huyện Phong Thổ)") == 2
    sects = [p.find("w:pPr/w:sectPr", NS) for p in body.findall("w:p", NS)]
    breaks = [s for s in sects if s is not None]
    assert len(breaks) == 2 and breaks[1].find("w:pgNumType", NS).get(w("start")) == "1"
    assert body.find("w:sectPr/w:pgSz", NS).get(w("orient")) is None     # portrait unless ngang
    assert "I. PHẦN MỘT" in texts


def test_a_table_takes_no_number_and_footnotes_in_cells_are_numbered():
    doc = load_text(HEAD + """noi_dung:
  - Việc thứ nhất.
  - bang:
      cot: [Việc, Ghi chú]
      dong: [["Làm[^a]", Xong]]
  - Việc thứ hai.
chu_thich: {a: Chú thích trong ô.}
""")
    data = render_bytes(doc)
    body = body_of(data)
    texts = [text(p) for p in body.findall("w:p", NS)]
    assert "I. Việc thứ nhất." in texts and "II. Việc thứ hai." in texts
    tbl = tables(body)[0]
    assert tbl.find(".//w:footnoteReference", NS).get(w("id")) == "1"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "Chú thích trong ô." in z.read("word/footnotes.xml").decode()


def test_two_tables_in_a_row_stay_two_tables():
    doc = load_text(HEAD + """noi_dung:
  - tieu_de: Bảng
    doan:
      - bang: {cot: [A, B], dong: [[1, 2]]}
      - bang: {cot: [C], dong: [[3]]}
""")
    body = body_of(render_bytes(doc))
    kids = list(body)
    at = [k for k, el in enumerate(kids) if el in tables(body)]
    assert len(at) == 2 and at[1] - at[0] == 2 and kids[at[0] + 1].tag == w("p")
    assert rows(tables(body)[0]) == [["A", "B"], ["1", "2"]]


@pytest.mark.parametrize("table, line, field, says", [
    ("{cot: [A, B], dong: [[1, 2], [3, 4, 5]]}", 8, "noi_dung[1].bang.dong[2][3]", "more cells than the table's 2 columns"),
    ("{cot: [A, B], dong: [[1]]}", 8, "noi_dung[1].bang.dong[1]", "fills 1 of the table's 2 columns"),
    ("{cot: [A, B], dong: [[1, {noi_dung: x, gop_cot: 2}]]}", 8, "noi_dung[1].bang.dong[1][2]",
     "runs past the last column"),
    ("{cot: [A, B], dong: [[1, {noi_dung: x, gop_dong: 3}], [2]]}", 8, "noi_dung[1].bang.dong[1][2]",
     "covers 3 rows but only 2"),
    ("{cot: [A, B], rong: [1], dong: [[1, 2]]}", 8, "noi_dung[1].bang", "rong gives 1 widths for 2 columns"),
    ("{so_thu_tu: true, cot: [TT, A, B], dong: [[x, y], [z]]}", 8, "noi_dung[1].bang.dong[2]",
     "fills 2 of the table's 3 columns"),
])
def test_a_table_that_does_not_fit_is_named_by_line_and_cell(table, line, field, says):
    text_ = HEAD + "noi_dung:\n  - bang: " + table + "\n"
    with pytest.raises(InputError) as exc:
        load_text(text_, "k.yaml")
    p = exc.value.problems[0]
    assert (p.file, p.line, p.field) == ("k.yaml", 7 if line == 8 else line, field) or (p.line, p.field) == (line - 1, field)
    assert says in p.message


def _sheet_doc(folder: Path, table: str) -> Path:
    path = folder / "kh.yaml"
    path.write_text(HEAD + "noi_dung:\n  - bang:\n      cot: [A, B]\n" + table, encoding="utf-8")
    return path


def test_rows_from_an_xlsx_sheet_and_range(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    book.active.title = "Khác"
    ws = book.create_sheet("Phân công")
    ws.append(["Tiêu đề", "bỏ qua"])
    ws.append(["Việc một", 3.0])
    ws.append(["=HYPERLINK(\"http://x\")", "**đậm**"])
    ws.append(["ngoài vùng", "x"])
    book.save(tmp_path / "pc.xlsx")
    path = _sheet_doc(tmp_path, "      tep: pc.xlsx\n      trang: Phân công\n      vung: A2:B3\n")
    body = body_of(render_bytes(load_file(path)))
    got = rows(tables(body)[0])
    # A formula never runs: with no value computed by a spreadsheet program it is an empty cell.
    assert got[1:] == [["Việc một", "3"], ["", "đậm"]] or got[1:] == [["Việc một", "3"], ['=HYPERLINK("http://x")', "đậm"]]


@pytest.mark.parametrize("table, field, says", [
    ("      tep: ../pc.csv\n", "tep", "folder or below"),
    ("      tep: /etc/passwd\n", "tep", "relative to the YAML file"),
    ("      tep: none.csv\n", "tep", "no such file"),
    ("      tep: pc.txt\n", "tep", ".xlsx or .csv"),
    ("      tep: pc.csv\n      trang: X\n", "trang", "no sheets"),
    ("      tep: pc.csv\n      dong: [[1, 2]]\n", "dong", "not both"),
    ("      tep: bad.xlsx\n", "tep", "not a readable .xlsx"),
    ("      tep: wide.csv\n", "vung", "more than 30 columns"),
    ("      tep: long.csv\n", "dong[1][3]", "more cells than the table's 2 columns"),
])
def test_a_spreadsheet_that_cannot_give_rows_is_named(tmp_path, table, field, says):
    sub = tmp_path / "in"
    sub.mkdir()
    (tmp_path / "pc.csv").write_text("a,b\n", encoding="utf-8")
    (sub / "pc.csv").write_text("a,b\n", encoding="utf-8")
    (sub / "pc.txt").write_text("a,b\n", encoding="utf-8")
    (sub / "bad.xlsx").write_bytes(b"PK\x03\x04 not really")
    (sub / "wide.csv").write_text(",".join(["x"] * 40) + "\n", encoding="utf-8")
    (sub / "long.csv").write_text("a,b,c\n", encoding="utf-8")
    path = _sheet_doc(sub, table)
    with pytest.raises(InputError) as exc:
        load_file(path)
    p = exc.value.problems[0]
    assert p.file == str(path) and p.line and p.field.endswith(field) and says in p.message, p


def test_check_rules_on_tables_and_appendices(tmp_path):
    path = tmp_path / "kh.yaml"
    path.write_text(HEAD + """noi_dung:
  - bang:
      dong: [[a, b]]
  - bang:
      cot: [TT, Việc]
      dong: [["1", a], ["3", b]]
phu_luc:
  - ten: "Phụ lục I: Danh sách"
    noi_dung: [x]
""", encoding="utf-8")
    report = check_file(path)
    failed = {(r.rule, r.where.line) for r in report.results if r.status == "fail"}
    assert ("bang.heading", 7) in failed
    assert ("bang.tt", 11) in failed
    assert ("phu_luc.title", 13) in failed
    good = check_file(EXAMPLE)
    assert {r.rule: r.status for r in good.results if r.rule.startswith(("bang.", "phu_luc."))} == {
        "bang.heading": "pass", "bang.tt": "n/a", "phu_luc.title": "pass"}


def test_rows_of_a_spreadsheet_stay_in_it_when_dumped(tmp_path):
    from vanban.model.dump import to_yaml
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    shutil.copytree(DATA / "bang", tmp_path / "bang")
    doc = load_file(tmp_path / EXAMPLE.name)
    again = to_yaml(doc)
    assert "tep: bang/chi-tieu-xa.csv" in again and "Xã Sì Lở Lầu" not in again
    assert load_text(again, str(tmp_path / "again.yaml")) == doc


@pytest.mark.parametrize("values, broken", [
    (["1", "2", "3"], None),
    (["1", "3"], (1, "2")),
    (["1.", "2.", "4."], (2, "3")),
    # a group heading (I, II; A, B; a, b): the count goes on or starts again
    (["I", "1", "2", "II", "1", "2"], None),
    (["I", "1", "2", "II", "3", "4"], None),
    (["A", "1", "B", "1", "3"], (4, "2")),
    # the rows under 2, and a sub-count's own gap
    (["1", "2", "2.1", "2.2", "3"], None),
    (["1", "2", "2.1", "2.3"], (3, "2.2")),
    # rows that hold no number: a total, the amount in words, a dash
    (["1", "2", "Tổng cộng", "(Bằng chữ: ……)", "-", ""], None),
    # a table whose first rows a heading took: the sub-count alone is judged
    (["2.1", "2.2", "2.3"], None),
])
def test_tt_count_as_offices_write_it(values, broken):
    from vanban.check.content_rules import tt_break
    assert tt_break(values) == broken


def test_tt_finding_names_the_plain_text_of_the_cell(tmp_path):
    path = tmp_path / "kh.yaml"
    path.write_text(HEAD + """noi_dung:
  - bang:
      cot: [TT, Việc]
      dong: [["1", a], ["**3**", b], [{noi_dung: "*(Bằng chữ: một)*", gop_cot: 2}]]
""", encoding="utf-8")
    [tt] = [r for r in check_file(path).results if r.rule == "bang.tt"]
    assert tt.status == "fail" and tt.where.line == 9 and tt.where.path == "noi_dung[1].bang.dong[2][1]"
    assert "*" not in tt.found and tt.found == "3" and tt.expected == "2"


@pytest.mark.parametrize("extra, says", [
    # the head decides: "của Giám đốc …", "của Chủ tịch Ủy ban nhân dân …", as offices write it
    ("co_quan: {ten: [BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ], viet_tat: BV, dia_danh: Phú Thọ}\n"
     "tham_quyen: GIÁM ĐỐC BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ\nky: {chuc_vu: GIÁM ĐỐC}\n",
     "(Kèm theo Quyết định số 12/QĐ-BV ngày 05/12/2026 của Giám đốc Bệnh viện Đa khoa tỉnh Phú Thọ)"),
    ("co_quan: {ten: [ỦY BAN NHÂN DÂN, TỈNH LAI CHÂU], viet_tat: UBND, dia_danh: Lai Châu}\n"
     "tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nky: {chuc_vu: CHỦ TỊCH}\n",
     "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/12/2026 của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu)"),
    # the body decides collectively: the body
    ("co_quan: {ten: [ỦY BAN NHÂN DÂN, TỈNH LAI CHÂU], viet_tat: UBND, dia_danh: Lai Châu}\n"
     "tham_quyen: ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}\n",
     "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/12/2026 của Ủy ban nhân dân tỉnh Lai Châu)"),
])
def test_a_decisions_appendix_names_who_decided(extra, says):
    doc = load_text("loai: quyet_dinh\nso: 12\nngay: 2026-12-05\ntrich_yeu: Phê duyệt dự toán\n" + extra +
                    "noi_dung: [Phê duyệt.]\nphu_luc:\n  - ten: Bảng tổng hợp dự toán\n    noi_dung: [Một.]\n")
    body = body_of(render_bytes(doc))
    assert says in [text(p) for p in body.findall("w:p", NS)]
