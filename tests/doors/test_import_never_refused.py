"""Import never throws away a document a person reads as a supported kind (issue 20): a header
without a number line (a draft, a hospital's letter or plan) or without the national name (a
school's or a youth union's đề án under its organisation's name only) is imported with the number
left blank and a warning naming what was missing; exit status 3 "written with warnings"; ``--strict``
keeps the refusal, in one Vietnamese line. A text with no title and no header, or whose only title
names a kind vanban lacks, is still refused.

Door matrix (guarantee x door), each cell one test below:

==============================================================  =======  ===  ===
guarantee                                                       library  CLI  web
==============================================================  =======  ===  ===
national name, kế hoạch title, no number: imported, so blank        x      x    x
national name, V/v, no number: a công văn, so blank                 x      x    -
no national name, no number, ĐỀ ÁN title: imported                  x      x    -
no number, no agency lines: imported, the agency named missing      x      x    -
exit status 3 and each missing element named in a warning           -      x    -
--strict refuses each of the three, one Vietnamese line             x      x    -
random prose: refused as not an administrative document            x      x    x
only title an unsupported kind (ĐIỀU LỆ): refused, kind named       x      x    x
an application (ĐƠN XIN …, Kính gửi, no number): no công văn        x      x    x
==============================================================  =======  ===  ===
(-: the web imports only as derive's parent, which must be a kế hoạch or a document it follows up;
it has no strict switch and shows no exit status.)
"""
from __future__ import annotations

import io
import re

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.shared import Mm

import vanban
from vanban import i18n
from vanban.cli import main
from vanban.deliver import documents
from vanban.model.dump import to_yaml

from support.office_layouts import para

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PLAN_SUBJECT = "Phòng chống dịch sốt xuất huyết năm 2026"


def _doc(left: list[tuple[str, bool]], right: list[str], title: list[str], body: list[str],
         kinh_gui: str = "") -> bytes:
    """A .docx with a two-column header table, an optional title, Kính gửi, body and closing."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if left or right:
        t = d.add_table(rows=1, cols=2)
        for text, bold in left:
            para(t.rows[0].cells[0], text, bold=bold)
        for k, text in enumerate(right):
            para(t.rows[0].cells[1], text, bold=k < 2 and "ngày" not in text, italic="ngày" in text)
    for text in title:
        para(d, text, bold=True)
    if kinh_gui:
        para(d, f"Kính gửi: {kinh_gui}")
    for text in body:
        para(d, text, bold=text[:2] in ("I.", "II"), align=AL.JUSTIFY)
    if left or right:
        c = d.add_table(rows=1, cols=2)
        for text, bold in (("Nơi nhận:", True), ("- Như trên;", False), ("- Lưu: VT.", False)):
            para(c.rows[0].cells[0], text, bold=bold, align=AL.LEFT, size=12)
        for text in ("GIÁM ĐỐC", "", "Trần Văn Bình"):
            para(c.rows[0].cells[1], text, bold=True)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


HOSPITAL = [("SỞ Y TẾ TỈNH TÂY NINH", False), ("BỆNH VIỆN ĐA KHOA TỈNH", True)]
PLAN_BODY = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Chủ động phòng chống dịch trong bệnh viện.",
             "II. NỘI DUNG", "1. Các khoa triển khai thực hiện kế hoạch này."]


def hospital_plan() -> bytes:
    return _doc(HOSPITAL, [*NATIONAL, "Tây Ninh, ngày      tháng      năm 2026"], ["KẾ HOẠCH", PLAN_SUBJECT], PLAN_BODY)


def hospital_letter() -> bytes:
    return _doc(HOSPITAL + [("V/v tổ chức tập huấn phòng chống dịch", False)],
                [*NATIONAL, "Tây Ninh, ngày 12 tháng 3 năm 2026"], [],
                ["Bệnh viện tổ chức tập huấn phòng chống dịch cho các khoa vào ngày 20/3/2026.",
                 "Đề nghị các khoa cử người tham dự đầy đủ./."], kinh_gui="Các khoa, phòng trong bệnh viện")


def union_project() -> bytes:
    return _doc([("ĐOÀN TNCS HỒ CHÍ MINH", False), ("BCH ĐOÀN TRƯỜNG ĐẠI HỌC AN GIANG", True)],
                ["An Giang, ngày 10 tháng 3 năm 2026"], ["ĐỀ ÁN", "Xây dựng câu lạc bộ tình nguyện"],
                ["I. SỰ CẦN THIẾT", "1. Sinh viên cần một nơi tham gia hoạt động tình nguyện.",
                 "II. NỘI DUNG", "1. Thành lập câu lạc bộ trực thuộc Đoàn trường."])


def plan_without_agency() -> bytes:
    return _doc([], [*NATIONAL, "Tây Ninh, ngày 12 tháng 3 năm 2026"], ["KẾ HOẠCH", PLAN_SUBJECT], PLAN_BODY)


def prose() -> bytes:
    return _doc([], [], [], ["Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ và nói chuyện về mùa thu.",
                             "Buổi chiều mọi người về nhà ăn cơm cùng gia đình."])


def other_kind() -> bytes:
    return _doc([("ĐOÀN TNCS HỒ CHÍ MINH", False), ("BCH ĐOÀN TRƯỜNG ĐẠI HỌC AN GIANG", True)],
                ["An Giang, ngày 10 tháng 3 năm 2026"], ["ĐIỀU LỆ", "Câu lạc bộ tình nguyện"],
                ["Điều 1. Tên gọi", "Câu lạc bộ tình nguyện trực thuộc Đoàn trường."])


# What each kept document must read as: (kind, trich_yeu, agency's name, national name missing?)
KEPT = {
    "hospital_plan": (hospital_plan, "ke_hoach", PLAN_SUBJECT, "BỆNH VIỆN ĐA KHOA TỈNH", False),
    "hospital_letter": (hospital_letter, "cong_van", "tổ chức tập huấn phòng chống dịch", "BỆNH VIỆN ĐA KHOA TỈNH",
                        False),
    "union_project": (union_project, "de_an", "Xây dựng câu lạc bộ tình nguyện", "BCH ĐOÀN TRƯỜNG ĐẠI HỌC AN GIANG",
                      True),
}


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return path


def _cli(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def _assert_fields(data: dict, case: str) -> None:
    _make, kind, subject, agency, _no_qh = KEPT[case]
    assert data["loai"] == kind and "so" not in data, data
    assert data["trich_yeu"] == subject
    assert agency in data["co_quan"]["ten"], data["co_quan"]
    assert data["co_quan"]["viet_tat"] == "…"


@pytest.mark.parametrize("door", ["library", "cli"])
@pytest.mark.parametrize("case", sorted(KEPT))
def test_a_document_without_a_number_line_is_imported_with_the_number_blank(case, door, tmp_path):
    make, kind, subject, agency, no_qh = KEPT[case]
    path = _write(tmp_path, case, make())
    if door == "library":
        imported = documents.import_any(path)
        data = yaml.safe_load(to_yaml(imported.doc, "", imported.unplaced))
        warnings = imported.warnings
        assert any(w.startswith("so: ") for w in imported.repairs), imported.repairs
    else:
        out = tmp_path / "out.yaml"
        result = _cli(path, "-o", out)
        assert result.exit_code == 3, result.output
        assert "written with warnings" in result.output
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        warnings = [line for line in result.output.splitlines() if line.startswith(f"{path}: ")]
        assert vanban.load(out).so is None
    _assert_fields(data, case)
    said = "\n".join(warnings)
    assert "so: " in said and "Số:" in said, said                  # the number line named
    assert "viet_tat" in said, said                                # the code left for a person
    assert ("national name" in said) == no_qh, said                # the national name, when missing
    if kind == "de_an":
        assert data["co_quan"]["chu_quan"] == ["ĐOÀN TNCS HỒ CHÍ MINH"]
        assert str(data["ngay"]) == "2026-03-10"
    if kind == "ke_hoach":
        assert str(data["ngay"]) == "2026" and data["co_quan"]["dia_danh"] == "Tây Ninh"
        assert "Các khoa triển khai thực hiện kế hoạch này." in str(data["noi_dung"])
    if kind == "cong_van":
        assert data["kinh_gui"] == ["Các khoa, phòng trong bệnh viện"]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_plan_without_a_number_or_an_agency_is_imported_and_both_are_named(door, tmp_path):
    path = _write(tmp_path, "no-agency", plan_without_agency())
    if door == "library":
        imported = documents.import_any(path)
        doc, said = imported.doc, "\n".join(imported.warnings)
    else:
        out = tmp_path / "out.yaml"
        result = _cli(path, "-o", out)
        assert result.exit_code == 3, result.output
        doc, said = vanban.load(out), result.output
    assert doc.loai.value == "ke_hoach" and doc.so is None and doc.trich_yeu == PLAN_SUBJECT
    assert "agency's name was not found in the header" in said and "so: " in said, said


def test_the_web_imports_a_plan_without_a_number_as_a_parent(tmp_path):
    from doors.test_import_tolerant import _web_follow_up
    letter = _web_follow_up(tmp_path, _write(tmp_path, "ke-hoach", hospital_plan()))
    cited = " ".join(letter["can_cu"] + letter.get("mo_dau", []))
    assert "Kế hoạch số …" in cited and PLAN_SUBJECT.lower() in cited.lower(), cited


@pytest.mark.parametrize("door", ["library", "cli"])
@pytest.mark.parametrize("case", sorted(KEPT))
def test_strict_refuses_a_document_without_a_number_line_in_one_vietnamese_line(case, door, tmp_path):
    path = _write(tmp_path, case, KEPT[case][0]())
    i18n.set_language("vi")
    try:
        if door == "library":
            with pytest.raises(vanban.InputError) as info:
                documents.import_any(path, strict=True)
            text = str(info.value)
        else:
            out = tmp_path / "out.yaml"
            result = _cli(path, "-o", out, "--strict")
            assert result.exit_code == 2 and not out.exists(), result.output
            text = result.output
    finally:
        i18n.set_language(None)
    lines = [x for x in text.splitlines() if x.strip() and "tệp" not in x.split(":")[0]]
    assert len([x for x in lines if str(path) in x]) == 1, text
    assert re.search(r"số|quốc hiệu|văn bản hành chính", text, re.I), text          # Vietnamese, names it
    assert "Traceback" not in text and "Error" not in text


def application() -> bytes:
    return _doc([], [*NATIONAL], ["ĐƠN XIN NGHỈ VIỆC"], ["Tôi tên là Nguyễn Văn An, xin nghỉ việc từ ngày 01/4/2026."],
                kinh_gui="Giám đốc Bệnh viện Đa khoa tỉnh")


def bare_national() -> bytes:
    return _doc([], [*NATIONAL], [], ["Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ và nói chuyện về mùa thu."])


# The line names what the header has in place of a kind's title (a refusal used to say only "no number line").
REFUSED = {"prose": (prose, "không phải văn bản hành chính"), "other_kind": (other_kind, "ĐIỀU LỆ"),
           "application": (application, "ĐƠN XIN NGHỈ VIỆC không phải loại văn bản"),
           "bare_national": (bare_national, "không có dòng V/v")}


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language(None)


@pytest.mark.parametrize("door", ["library", "cli"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_text_no_person_reads_as_a_supported_kind_is_still_refused(case, door, tmp_path, vietnamese):
    make, said = REFUSED[case]
    path = _write(tmp_path, case, make())
    if door == "library":
        with pytest.raises(vanban.InputError) as info:
            documents.import_any(path)
        text = str(info.value)
    else:
        out = tmp_path / "out.yaml"
        result = _cli(path, "-o", out)
        assert result.exit_code == 2 and not out.exists(), result.output
        text = result.output
    assert said in text, text


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_web_refuses_as_a_parent_what_no_person_reads_as_a_supported_kind(case, tmp_path, vietnamese):
    from doors.test_import_tolerant import web_derive
    make, said = REFUSED[case]
    r = web_derive(tmp_path, _write(tmp_path, case, make()))
    page = re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))
    assert r.status_code in (400, 422) and said in page, page[:600]
    assert "Traceback" not in page
