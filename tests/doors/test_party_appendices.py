"""A Party document's appendices are numbered as HD 36 §4.5 asks: "văn bản có từ hai phụ lục trở lên
phải ghi số thứ tự phụ lục bằng chữ số Ả-rập" ("Phụ lục 1", "Phụ lục 2"); a state document's as
Decree 30 appendix I §I.7 does ("Phụ lục I", "Phụ lục II"). An imported Party document prints its
appendices in its own scheme again (issue 25).

Door matrix (guarantee x door), each cell one parametrized case below:

=====================================================================  =======  ===  ===
guarantee                                                              library  CLI  web
=====================================================================  =======  ===  ===
render: a Party document's two appendices print "Phụ lục 1", "Phụ lục 2"   x      x    x
check: that .docx passes (phu_luc.block reads 1, 2 in order)               x      x    -
import: a rendered Party document's appendices come back, still 1 and 2    x      x    -
=====================================================================  =======  ===  ===
(-: the web checks the YAML it edits, not a .docx; it imports a .docx only as the parent of the derive
page, which takes a state plan.)
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.model import VanBan

from conftest import DATA
from doors.test_import_words_kept import _imported
from support.rendered_by import rendered

NQ = DATA / "dang-uy-nghi-quyet-2026.yaml"
APPENDICES = [
    {"ten": "Danh sách chi bộ trực thuộc", "noi_dung": [{"bang": {
        "cot": ["TT", "Chi bộ", "Số đảng viên"],
        "dong": [["1", "Chi bộ Văn phòng", "12"], ["2", "Chi bộ Ban Tổ chức", "9"], ["3", "Chi bộ Ủy ban Kiểm tra", "7"]]}}]},
    {"ten": "Lịch kiểm tra năm 2026", "noi_dung": ["Quý I: kiểm tra Chi bộ Văn phòng."]},
]


def _data(mau: str = "dang") -> dict:
    data = yaml.safe_load(NQ.read_text(encoding="utf-8"))
    data["phu_luc"] = APPENDICES
    if mau != "dang":
        data.update(mau=mau, co_quan={"chu_quan": "UBND TỈNH LAI CHÂU", "ten": ["SỞ NỘI VỤ"], "viet_tat": "SNV",
                                      "dia_danh": "Lai Châu", "ten_goi": "Sở Nội vụ"},
                    loai="ke_hoach", ky={"kt": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Lò Văn Phương"},
                    luu=["VT"])
        data.pop("can_cu"), data.pop("mo_dau")
    return data


def _titles(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.startswith("Phụ lục")]


def _rendered(door: str, tmp_path) -> bytes:
    src = tmp_path / "nq-phu-luc.yaml"
    src.write_text(yaml.safe_dump(_data(), allow_unicode=True, width=1000), encoding="utf-8")
    return rendered(door, src, tmp_path)


@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_party_documents_appendices_are_numbered_in_arabic_figures(door, tmp_path):
    assert _titles(_rendered(door, tmp_path)) == ["Phụ lục 1", "Phụ lục 2"]


@pytest.fixture
def party_docx(tmp_path) -> Path:
    """The Party document with its two appendices, rendered by the library."""
    path = tmp_path / "nq.docx"
    path.write_bytes(_rendered("library", tmp_path))
    return path


@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_passes_a_party_document_numbered_in_arabic_figures(door, party_docx):
    path = party_docx
    if door == "library":
        report = vanban.check_file(path)
        assert report.ok, [(r.rule, r.found) for r in report.results if r.status == "fail"]
    else:
        result = CliRunner().invoke(main, ["check", str(path)])
        assert result.exit_code == 0, result.output


def test_a_state_documents_appendices_keep_roman_numerals():
    doc = VanBan.model_validate(_data("nha_nuoc"))
    assert _titles(vanban.render_bytes(doc)) == ["Phụ lục I", "Phụ lục II"]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_an_imported_party_document_keeps_its_appendix_numbers(door, party_docx, tmp_path):
    back, comments = _imported(door, party_docx, tmp_path)
    assert back.mau.value == "dang" and "Phụ lục" not in comments, comments
    assert [a.ten for a in back.phu_luc] == ["DANH SÁCH CHI BỘ TRỰC THUỘC", "LỊCH KIỂM TRA NĂM 2026"]
    assert _titles(vanban.render_bytes(back)) == ["Phụ lục 1", "Phụ lục 2"]


def test_check_asks_a_party_document_for_the_next_arabic_figure(party_docx):
    # The second appendix renumbered 3: the finding asks for "Phụ lục 2", never the state's "Phụ lục II".
    d = docx.Document(str(party_docx))
    second = next(p for p in d.paragraphs if p.text == "Phụ lục 2")
    for run in second.runs:
        run.text = run.text.replace("2", "3")
    d.save(str(party_docx))
    [finding] = [r for r in vanban.check_file(party_docx).results if r.rule == "phu_luc.block" and r.status == "fail"]
    assert finding.expected.endswith("2") and "II" not in finding.expected, finding
