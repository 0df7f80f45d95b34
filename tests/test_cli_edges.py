"""The command line at its edges: each case a clerk ran into, with the answer she now gets."""
from __future__ import annotations

import csv
import io
import shutil
import zipfile

import docx
import pytest
from click.testing import CliRunner

from vanban.cli import main

from conftest import DATA

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"
PLAN = DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml"
HAS_SOFFICE = shutil.which("soffice") is not None


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_pdf_of_a_missing_docx_exits_2(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice not installed")
    result = run("pdf", tmp_path / "missing.docx")
    assert result.exit_code == 2 and "missing.docx: no such file" in result.stderr


def test_pdf_of_a_yaml_names_what_it_is(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice not installed")
    result = run("pdf", LETTER)
    assert result.exit_code == 2
    assert "this is a YAML document; vanban pdf takes a Word document (.docx)" in result.stderr


def test_check_of_a_missing_yaml_says_no_such_file(tmp_path):
    result = run("check", tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml: no such file" in result.stderr and ".docx" not in result.stderr


def test_check_of_a_truncated_pdf_says_so_in_one_line(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"%PDF-1.4")
    result = run("check", f)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "scan.pdf: not a PDF that can be read: damaged or not a PDF" in result.stderr


def test_render_of_a_docx_names_its_kind_and_renders_the_rest(tmp_path):
    f = tmp_path / "cv.docx"
    f.write_bytes(b"PK")
    result = run("render", f, LETTER, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "cv.docx: this is a Word document (.docx); vanban render takes a .yaml document" in result.stderr
    assert (tmp_path / "out" / "lai-chau-ldld-244-2024.docx").is_file()


def test_one_docx_name_for_several_inputs_is_an_error(tmp_path):
    result = run("render", LETTER, PLAN, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "give a folder" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_manifest_must_be_json_or_csv(tmp_path):
    result = run("render", LETTER, "-o", tmp_path / "a.docx", "--manifest", tmp_path / "m.txt")
    assert result.exit_code == 2 and "m.txt: a manifest is written as .json or .csv" in result.stderr
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "m.txt").exists()


@pytest.mark.parametrize("args", [("render", LETTER, "-j", "-3"), ("render", LETTER, "-j", "0"),
                                  ("pdf", "x.docx", "-j", "-3"), ("preview", LETTER, "--dpi", "0"),
                                  ("preview", LETTER, "--page", "0"),
                                  ("derive", "plan", PLAN, "--units", "u.csv", "-j", "-3")])
def test_impossible_numbers_are_errors(args):
    result = run(*args)
    assert result.exit_code == 2 and "Invalid value" in result.stderr


def test_preview_accepts_a_pdf(tmp_path):
    if not (HAS_SOFFICE and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice or poppler not installed")
    docx_file = tmp_path / "a.docx"
    assert run("render", LETTER, "-o", docx_file, "--pdf").exit_code == 0
    png = tmp_path / "p.png"
    result = run("preview", docx_file.with_suffix(".pdf"), "-o", png)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_derive_pdf_without_render_renders(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice not installed")
    result = run("derive", "plan", PLAN, "--units", DATA / "units" / "lai-chau-2023.yaml", "-o", tmp_path / "p",
                 "--pdf", "-j", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "p").glob("huyen-sin-ho.*")) == [".docx", ".pdf", ".yaml"]


def _units_csv(path, kt_cell: str, chuc_vu: str):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ten", "viet_tat", "dia_danh", "dia_ban", "ky_kt", "ky_chuc_vu", "ky_ho_ten"])
        w.writerow(["ỦY BAN NHÂN DÂN|HUYỆN SÌN HỒ", "UBND", "Sìn Hồ", "huyện Sìn Hồ", kt_cell, chuc_vu, "Lò Văn A"])
        w.writerow(["ỦY BAN NHÂN DÂN|HUYỆN TAM ĐƯỜNG", "UBND", "Tam Đường", "huyện Tam Đường", "", "CHỦ TỊCH", "Lò B"])


def test_empty_ky_kt_cell_clears_the_default(tmp_path):
    units = tmp_path / "u.csv"
    _units_csv(units, "", "CHỦ TỊCH")
    result = run("derive", "plan", PLAN, "--units", units, "-o", tmp_path / "p", "--render", "-j", "1")
    assert result.exit_code == 0, result.output
    document = docx.Document(tmp_path / "p" / "huyen-sin-ho.docx")
    text = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and not any(t.startswith("KT.") for t in text)


def test_units_csv_error_names_its_row(tmp_path):
    units = tmp_path / "u.csv"
    _units_csv(units, "CHỦ TỊCH", "CHỦ TỊCH")   # KT. CHỦ TỊCH over CHỦ TỊCH: contradictory
    result = run("derive", "plan", PLAN, "--units", units, "-o", tmp_path / "p")
    assert result.exit_code == 2
    assert f"{units}:2" in result.stderr and "PHÓ CHỦ TỊCH" in result.stderr


def test_contradictory_signature_is_an_error_without_strict(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(LETTER.read_text(encoding="utf-8").replace("  tm: BAN THƯỜNG VỤ", "  kt: CHỦ TỊCH")
                   .replace("chuc_vu: PHÓ CHỦ TỊCH", "chuc_vu: CHỦ TỊCH"), encoding="utf-8")
    result = run("render", src, "-o", tmp_path / "a.docx")
    assert result.exit_code == 2 and "ky: kt: CHỦ TỊCH means a deputy signs" in result.stderr
    assert not (tmp_path / "a.docx").exists()


def _tm_person(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(LETTER.read_text(encoding="utf-8").replace("  tm: BAN THƯỜNG VỤ", "  tm: CHỦ TỊCH"),
                   encoding="utf-8")
    return src


def test_content_rules_warn_before_rendering(tmp_path):
    result = run("render", _tm_person(tmp_path), "-o", tmp_path / "a.docx")
    assert result.exit_code == 0
    assert "a.yaml:61: ky.tm: warning: ky.authority" in result.stderr and "TM. <collective body>" in result.stderr
    assert (tmp_path / "a.docx").is_file()


def test_strict_refuses_and_writes_nothing(tmp_path):
    result = run("render", _tm_person(tmp_path), "-o", tmp_path / "a.docx", "--strict")
    assert result.exit_code == 2 and "ky.authority" in result.stderr
    assert not (tmp_path / "a.docx").exists()


def _template_of_kind(tmp_path, name: str, keep_stamp: bool):
    """A bundled template; without its stamp, as a template made elsewhere would be."""
    from vanban.rendering.template_builder import build
    from vanban.model.schema import Loai, Mau
    kind, profile = name.removesuffix("_cong_doan"), "cong_doan"
    data = build(Loai(kind), Mau(profile))
    path = tmp_path / f"my-{name}.docx"
    if keep_stamp:
        path.write_bytes(data)
        return path
    document = docx.Document(io.BytesIO(data))
    document.core_properties.comments = ""
    document.save(path)
    return path


@pytest.mark.parametrize("keep_stamp", [True, False])
def test_template_of_another_kind_is_refused_with_why(tmp_path, keep_stamp):
    template = _template_of_kind(tmp_path, "ke_hoach_cong_doan", keep_stamp)
    result = run("render", LETTER, "-o", tmp_path / "a.docx", "--template", template)
    assert result.exit_code == 2
    assert "this template is for a kế hoạch (it prints KẾ HOẠCH), but the document is a công văn" in result.stderr
    assert not (tmp_path / "a.docx").exists()
    with zipfile.ZipFile(template) as z:
        assert "word/document.xml" in z.namelist()


def test_template_of_the_right_kind_is_used(tmp_path):
    template = _template_of_kind(tmp_path, "cong_van_cong_doan", False)
    result = run("render", LETTER, "-o", tmp_path / "a.docx", "--template", template)
    assert result.exit_code == 0, result.stderr


def test_check_of_a_yaml_not_in_utf8_says_so(tmp_path):
    f = tmp_path / "latin.yaml"
    f.write_bytes("loai: cong_van\nco_quan: Lào Cai\n".encode("cp1258"))
    result = run("check", f)
    assert result.exit_code == 2 and "latin.yaml:2: not UTF-8 text" in result.stderr and "Word" not in result.stderr
