"""What real Party documents from other offices (benchmarks/corpus/others2.tsv, set work2) showed import
got wrong, each met by a minimal real-shaped document made here (never a copy of a corpus file):

* a Party number typed with spaces around its hyphen ("Số 38 - HD/BTCTW", a central committee's
  board) was no number line at all, so the guidance was refused ("no number line");
* a Party draft whose number and day are left blank for the clerk ("Số      - HD/BTCTU",
  "Hà Nội, ngày      tháng 11 năm 2025"), read from its PDF, came apart at the blank (the gap is
  wider than the gap between columns): "Số" and "- HD/BTCTU" were two lines and the document was
  refused; the date lost its day's place.

Door matrix (guarantee x door):

==============================================================  =======  ===
guarantee                                                       library  CLI
==============================================================  =======  ===
"Số 38 - HD/BTCTW" is the number line (.docx and its PDF)           x      x
a Party draft's blank number and day are kept from its PDF          x      x
check reads such a Party document in scope (.docx and PDF)          x      x
a body line starting "nơi nhận …" is no closing (.docx and PDF)     x      x
a union's "TM. BAN CHẤP HÀNH" over a tabbed Nơi nhận is kept        x      x
==============================================================  =======  ===
(the web editor imports only through derive's parent upload and has no check route for a file, so
those cells are not reachable; see tests/doors/test_party.py.)
"""
from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.shared import Mm

import vanban
from vanban.cli import main
from vanban.deliver import documents, pdf

from support.office_layouts import para

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
BODY = ["Căn cứ Điều lệ Đảng, Ban Tổ chức hướng dẫn một số vấn đề về nghiệp vụ công tác đảng viên như sau:",
        "Chi bộ xem xét, đề nghị kết nạp người vào Đảng theo đúng quy trình.",
        "Hướng dẫn này được phổ biến đến chi bộ./."]


def _widths(table) -> None:
    """The two columns as offices set them: the left narrower, the Party's title on one line at right."""
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, (Mm(70), Mm(95))):
        cell.width = width


WRAPPED = ("Đảng ủy chuyển sinh hoạt đảng cho đảng viên; đảng ủy\n"
           "nơi nhận vào trang đầu sổ danh sách đảng viên và biên bản bàn giao.")


def party_guidance(number: str, date: str, body=BODY):
    """A Party hướng dẫn as a board of a Party committee types it: header table (superior body,
    issuing body in bold, a star; the Party's title and the date at right), K/T closing."""
    def build(d) -> None:
        sec = d.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin, sec.right_margin = Mm(30), Mm(15)
        t = d.add_table(rows=1, cols=2)
        _widths(t)
        para(t.rows[0].cells[0], "BAN CHẤP HÀNH TRUNG ƯƠNG")
        para(t.rows[0].cells[0], "BAN TỔ CHỨC", bold=True)
        para(t.rows[0].cells[0], "*")
        para(t.rows[0].cells[0], number)
        para(t.rows[0].cells[1], PARTY, bold=True, size=15)
        para(t.rows[0].cells[1], date, italic=True)
        para(d, "HƯỚNG DẪN", bold=True, size=16)
        para(d, "nghiệp vụ công tác đảng viên", bold=True)
        para(d, "-----")
        for text in body:
            para(d, text, align=AL.JUSTIFY)
        c = d.add_table(rows=1, cols=2)
        _widths(c)
        para(c.rows[0].cells[0], "Nơi nhận:", align=AL.LEFT)
        para(c.rows[0].cells[0], "- Các tỉnh ủy, thành ủy,", align=AL.LEFT, size=12)
        para(c.rows[0].cells[0], "- Lưu Văn phòng.", align=AL.LEFT, size=12)
        for line in ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "", "Nguyễn Văn Bình"):
            para(c.rows[0].cells[1], line, bold=True)
    return build


def _file(tmp_path, build, form: str):
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "hd.docx"
    path.write_bytes(buf.getvalue())
    if form == "pdf":
        [outcome] = pdf.convert([path])
        assert outcome.status == "ok", outcome
        path = path.with_suffix(".pdf")
    return path


def _import(door: str, path, tmp_path):
    if door == "library":
        imported = documents.import_any(path)
        return imported.doc
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code in (0, 3), result.output
    return vanban.load(out)


@pytest.mark.parametrize("form", ["docx", "pdf"])
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_party_number_with_spaces_around_its_hyphen_is_the_number_line(door, form, tmp_path):
    path = _file(tmp_path, party_guidance("Số 38 - HD/BTCTW", "Hà Nội, ngày 29 tháng 9 năm 2025"), form)
    doc = _import(door, path, tmp_path)
    assert doc.mau.value == "dang" and doc.loai.value == "huong_dan"
    assert doc.so == 38 and doc.code == "HD/BTCTW"
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2025, 9, 29)
    assert doc.co_quan.ten == ["BAN TỔ CHỨC"] and doc.co_quan.chu_quan == ["BAN CHẤP HÀNH TRUNG ƯƠNG"]
    printed = " ".join(p.text for p in docx.Document(io.BytesIO(vanban.render_bytes(doc))).paragraphs)
    assert BODY[1] in printed


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_party_drafts_blank_number_and_day_are_kept_from_its_pdf(door, tmp_path):
    blank = " " * 10
    path = _file(tmp_path, party_guidance(f"Số{blank}- HD/BTCTU", f"Hà Nội, ngày{blank}tháng 11 năm 2025"), "pdf")
    doc = _import(door, path, tmp_path)
    assert doc.mau.value == "dang" and doc.loai.value == "huong_dan"
    assert doc.so is None and doc.code == "HD/BTCTU"
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2025, 11, None)
    assert doc.co_quan.dia_danh == "Hà Nội"


@pytest.mark.parametrize("form", ["docx", "pdf"])
@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_reads_such_a_party_document_in_scope(door, form, tmp_path):
    path = _file(tmp_path, party_guidance("Số 38 - HD/BTCTW", "Hà Nội, ngày 29 tháng 9 năm 2025"), form)
    if door == "library":
        report = vanban.check_file(path)
        assert not report.note                              # not "out of scope"
        number = {r.rule: r for r in report.results}
        assert any(r.status != "n/a" for r in number.values())
    else:
        result = CliRunner().invoke(main, ["check", str(path)])
        assert result.exit_code in (0, 1), result.output
        assert "out of scope" not in result.output and "ngoài phạm vi" not in result.output


@pytest.mark.parametrize("form", ["docx", "pdf"])
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_body_line_starting_noi_nhan_is_not_the_closing(door, form, tmp_path):
    body = [BODY[0], WRAPPED, BODY[1], BODY[2]]
    path = _file(tmp_path, party_guidance("Số 38-HD/BTCTW", "Hà Nội, ngày 29 tháng 9 năm 2025", body), form)
    doc = _import(door, path, tmp_path)
    assert doc.ky.ho_ten == "Nguyễn Văn Bình" and doc.ky.kt == "TRƯỞNG BAN"
    assert doc.noi_nhan == ["Các tỉnh ủy, thành ủy"]
    printed = " ".join(p.text for p in docx.Document(io.BytesIO(vanban.render_bytes(doc))).paragraphs)
    for text in (BODY[1], "nơi nhận vào trang đầu sổ danh sách đảng viên"):
        assert text in printed


def union_submission(d) -> None:
    """A tờ trình of a workplace union (CĐCS) typed with tabs, as the work2 set's union office types it."""
    for line, bold in (("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
                       ("CĐCS CÔNG TY CP MAY XUẤT KHẨU\tĐộc lập - Tự do - Hạnh phúc", True)):
        para(d, line, bold=bold, align=AL.LEFT, size=13)
    para(d, "Số: 07/TTr-CĐCS\tTân An, ngày 31 tháng 5 năm 2024", align=AL.LEFT, size=13)
    para(d, "TỜ TRÌNH", bold=True)
    para(d, "V/v công nhận bổ sung Ủy viên Ban Chấp hành Công đoàn cơ sở", bold=True)
    para(d, "Kính gửi: Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh")
    para(d, "Ban Chấp hành Công đoàn cơ sở kính trình Ban Thường vụ công nhận bổ sung Ủy viên Ban Chấp hành "
            "cho bà Lê Thị Kim Xuân.", align=AL.JUSTIFY)
    para(d, "\t\t\t\t\tTM. BAN CHẤP HÀNH", bold=True, align=AL.LEFT)
    para(d, "Nơi nhận:\t\t\t\t\tCHỦ TỊCH", bold=True, align=AL.LEFT)
    para(d, "- Như trên;", align=AL.LEFT, size=12)
    para(d, "- Lưu VP.", align=AL.LEFT, size=12)
    para(d, "\t\t\t\t\tNguyễn Thị Lan", bold=True, align=AL.LEFT)


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_unions_authority_over_a_tabbed_noi_nhan_is_kept(door, tmp_path):
    doc = _import(door, _file(tmp_path, union_submission, "docx"), tmp_path)
    assert doc.mau.value == "cong_doan" and doc.loai.value == "to_trinh" and doc.so == 7
    assert doc.ky.tm == "BAN CHẤP HÀNH" and doc.ky.chuc_vu == "CHỦ TỊCH" and doc.ky.ho_ten == "Nguyễn Thị Lan"
    assert doc.noi_nhan == ["Như trên"] and doc.luu == ["VP"]
    out = docx.Document(io.BytesIO(vanban.render_bytes(doc)))
    printed = " ".join(p.text for t in out.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "TM. BAN CHẤP HÀNH" in printed and "TM. BAN CHẤP HÀNH" not in " ".join(_flat_body(doc))


def _flat_body(doc) -> list[str]:
    return [x if isinstance(x, str) else " ".join(x.doan) for x in doc.noi_dung] + list(doc.ket_thuc)
