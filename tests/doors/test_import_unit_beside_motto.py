"""A hospital department's biên bản as Bệnh viện ĐK Đồng Nai types it (corpus work3, CapSo_BienBanNghiemThu):
no number line, the hospital over its department in the header table's left column, row by row beside
the national name and the motto; a task table whose STT column counts 01, 02, 03. Through the library
and ``vanban import``: the department is the issuing body under the hospital (it was left as a comment:
the national name's column broke the agency's run), and the STT keep their zeros (they came back 1, 2, 3).
"""
from __future__ import annotations

import io

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Mm

import vanban
from vanban.cli import main
from vanban.ingest import from_page, read_docx_bytes

from support.office_layouts import MOTTO, QH, para

ROWS = [("01", "Cấp số và in phiếu tiếp nhận bệnh nhân", "Tầng G + tầng 02"),
        ("02", "Gọi số từ Quầy tiếp nhận BHYT và không BHYT", "Tầng G"),
        ("03", "Hiển thị số thứ tự trên màn hình", "Tầng G + tầng 02")]


def minutes(rows=ROWS) -> bytes:
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    para(head.rows[0].cells[0], "BỆNH VIỆN ĐK ĐỒNG NAI", size=13)
    para(head.rows[0].cells[1], QH, bold=True, size=13)
    para(head.rows[1].cells[0], "P. CÔNG NGHỆ THÔNG TIN", bold=True, size=13)
    para(head.rows[1].cells[1], MOTTO, bold=True)
    para(d, "BIÊN BẢN NGHIỆM THU", bold=True)
    para(d, "CHƯƠNG TRÌNH CẤP SỐ VÀ IN PHIẾU THỨ TỰ TIẾP NHẬN BỆNH NHÂN", bold=True)
    para(d, "Địa điểm: Phòng Công nghệ thông tin")
    para(d, "Hai bên thống nhất và xác nhận đã hoàn thành các đầu mục công việc sau:")
    t = d.add_table(rows=1 + len(rows), cols=3)
    t.style = "Table Grid"
    for c, text in enumerate(("STT", "Công việc", "Ghi chú")):
        para(t.rows[0].cells[c], text, bold=True, size=13)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            para(t.rows[r].cells[c], text, size=13)
            t.rows[r].cells[c].width = Mm((15, 90, 60)[c])
    para(d, "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản./.")
    sig = d.add_table(rows=1, cols=2)
    para(sig.rows[0].cells[0], "BÊN NHẬN", bold=True)
    para(sig.rows[0].cells[0], "Phạm Thúy An", bold=True)
    para(sig.rows[0].cells[1], "BÊN BÀN GIAO", bold=True)
    para(sig.rows[0].cells[1], "Hồ Huy Bình", bold=True)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _check(doc) -> None:
    assert doc.loai.value == "bien_ban"
    assert doc.co_quan.chu_quan == ["BỆNH VIỆN ĐK ĐỒNG NAI"]
    assert doc.co_quan.ten == ["P. CÔNG NGHỆ THÔNG TIN"]
    [table] = [n.bang for n in doc.noi_dung if getattr(n, "bang", None) is not None]
    assert not table.so_thu_tu
    assert [list(r) for r in table.body_rows()] == [list(r) for r in ROWS]


def test_the_library_reads_the_department_under_the_hospital_and_keeps_the_stt(tmp_path):
    doc = from_page(read_docx_bytes(minutes()), "bien-ban.docx").doc
    _check(doc)
    out = tmp_path / "again.docx"
    vanban.render(doc, out)
    text = " ".join(p.text for p in docx.Document(out).paragraphs) + " " + " ".join(
        c.text for t in docx.Document(out).tables for r in t.rows for c in r.cells)
    assert "P. CÔNG NGHỆ THÔNG TIN" in text and "BỆNH VIỆN ĐK ĐỒNG NAI" in text
    again = docx.Document(out)
    [grid] = [t for t in again.tables if t.rows[0].cells[0].text.strip() == "STT"]
    assert [r.cells[0].text for r in grid.rows[1:]] == ["01", "02", "03"]


def test_vanban_import_writes_both_names_and_the_typed_numbers(tmp_path):
    src = tmp_path / "bien-ban.docx"
    src.write_bytes(minutes())
    out = tmp_path / "bien-ban.yaml"
    result = CliRunner().invoke(main, ["import", str(src), "-o", str(out)])
    assert result.exit_code in (0, 3), result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["co_quan"]["chu_quan"] == ["BỆNH VIỆN ĐK ĐỒNG NAI"]
    assert data["co_quan"]["ten"] == ["P. CÔNG NGHỆ THÔNG TIN"]
    assert "P. CÔNG NGHỆ THÔNG TIN" not in "".join(l for l in out.read_text(encoding="utf-8").splitlines()
                                                 if l.startswith("#")), "not left as a comment"
    _check(vanban.load(out))


@pytest.mark.parametrize("typed,numbered", [(["1", "2", "3"], True), (["1.", "2.", "3."], True),
                                            (["01", "02", "03"], False), (["1", "3", "4"], False)])
def test_an_stt_column_is_numbered_by_vanban_only_when_it_prints_the_same_numbers(typed, numbered):
    rows = [(n, *rest) for n, (_old, *rest) in zip(typed, ROWS)]
    doc = from_page(read_docx_bytes(minutes(rows)), "bien-ban.docx").doc
    [table] = [n.bang for n in doc.noi_dung if getattr(n, "bang", None) is not None]
    assert table.so_thu_tu is numbered
    printed = [r[0] for r in table.body_rows()]
    assert printed == (["1", "2", "3"] if numbered else typed)
