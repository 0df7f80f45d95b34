"""Exports: appendix IV's register (xlsx printed by LibreOffice Calc, csv) and appendix VI's metadata."""
from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from vanban.cli import main
from vanban.register import IssuingBody, Register, issue_file
from vanban.register.export import COLUMNS, export

from .drafts import DECISION, DRAFT, write_draft

DRAFT_DISTRICT = DRAFT.replace("LĐLĐ TỈNH LAI CHÂU", "LĐLĐ HUYỆN TAM ĐƯỜNG")


@pytest.fixture
def filled(db_url, tmp_path):
    """Three công văn (one cancelled), one quyết định, one number reserved by an interrupted run."""
    with Register(db_url) as reg:
        key = "LĐLĐ TỈNH LAI CHÂU (LĐLĐ)"
        reg.set_body(IssuingBody(key, "LĐLĐ", "LĐLĐ TỈNH LAI CHÂU", "000.00.00.H29", ("quyet_dinh",)))
        for i, day in enumerate((3, 3, 9)):
            issue_file(write_draft(tmp_path, f"cv{i}", f"việc số {i}"), reg, day=datetime.date(2024, 2, day))
        issue_file(write_draft(tmp_path, "qd", "khen thưởng", text=DECISION), reg, day=datetime.date(2024, 2, 10))
        reg.cancel(2, "LĐLĐ", 2024, "Ban hành nhầm")
        from vanban import load
        from vanban.register import facts_of
        draft = write_draft(tmp_path, "cv3", "việc dở dang")
        reg.reserve(facts_of(load(draft)), datetime.date(2024, 2, 12), "chung", str(draft))
    return db_url


def test_xlsx_is_appendix_iv_laid_out_for_a4_landscape(filled):
    with Register(filled) as reg:
        book = load_workbook(io.BytesIO(export(reg, "xlsx", year=2024)))
    assert book.sheetnames == ["LĐLĐ 2024", "LĐLĐ quyet_dinh 2024"]
    ws = book["LĐLĐ 2024"]
    assert [ws.cell(1, 1).value, ws.cell(2, 1).value] == ["LĐLĐ TỈNH LAI CHÂU", "SỔ ĐĂNG KÝ VĂN BẢN ĐI"]
    assert ws.cell(3, 1).value == "Năm: 2024     Từ ngày 03/02/2024 đến ngày 12/02/2024     Từ số 01 đến số 04"
    assert [ws.cell(5, c).value for c in range(1, 11)] == list(COLUMNS)
    assert [ws.cell(6, c).value for c in range(1, 11)] == [f"({c})" for c in range(1, 11)]
    rows = [[ws.cell(r, c).value or "" for c in range(1, 11)] for r in range(7, ws.max_row + 1)]
    assert rows[0] == ["01/LĐLĐ", "03/02/2024", "Công văn V/v việc số 0", "Hoàng Văn Trinh",
                       "Liên đoàn Lao động các huyện, thành phố; Công đoàn ngành, Công đoàn Viên chức tỉnh; UBND tỉnh",
                       "TgNc, VT", "", "", "", ""]
    assert [(r[0], r[9]) for r in rows[1:]] == [("02/LĐLĐ", "Hủy số: Ban hành nhầm"), ("03/LĐLĐ", ""),
                                               ("04/LĐLĐ", "Đã giữ số, chưa phát hành")]
    assert book["LĐLĐ quyet_dinh 2024"].cell(2, 1).value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI (QUYẾT ĐỊNH)"
    assert book["LĐLĐ quyet_dinh 2024"].cell(7, 3).value == "Quyết định khen thưởng"
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$5:$6"
    assert ws.cell(7, 1).font.name == "Times New Roman" and ws.cell(5, 1).font.b


def _need_calc():
    if shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo"):
        return
    if os.environ.get("VANBAN_REQUIRE_PDF") or os.environ.get("CI"):
        pytest.fail("LibreOffice Calc and poppler-utils are required here")
    pytest.skip("LibreOffice or poppler-utils not installed")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_xlsx_prints_in_libreoffice_calc_with_the_ten_headings(filled, tmp_path):
    _need_calc()
    xlsx = tmp_path / "so.xlsx"
    result = CliRunner().invoke(main, ["register", "export", "--year", "2024", "--format", "xlsx",
                                       "-o", str(xlsx), "--db", filled])
    assert result.exit_code == 0 and result.stdout == f"2024 -> {xlsx}\n"
    proc = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(xlsx)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "pdf" / "so.pdf"
    assert pdf.exists(), f"LibreOffice Calc did not convert the register (libreoffice-calc-nogui?): {proc.stderr}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info)        # A4 landscape
    assert re.search(r"Pages:\s+2\n", info)                                         # one page per book
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                   text=True).stdout.split())
    for heading in COLUMNS:
        assert heading in text
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "01/QĐ-LĐLĐ" in text and "Hủy số: Ban hành nhầm" in text


def test_csv_has_the_ten_columns(filled):
    with Register(filled) as reg:
        data = export(reg, "csv", year=2024)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS) and len(rows) == 6
    assert rows[5][:3] == ["01/QĐ-LĐLĐ", "10/02/2024", "Quyết định khen thưởng"]


def test_json_and_xml_carry_appendix_vi_metadata(filled):
    with Register(filled) as reg:
        records = json.loads(export(reg, "json", year=2024))["OutgoingDocuments"]
        root = ET.fromstring(export(reg, "xml", year=2024))
    assert len(records) == 5
    first = records[0]
    # Appendix VI, Part II, I: the decree's own field names.
    assert first["Identifier"] == "000.00.00.H29.2024.01/LĐLĐ" and first["FileCode"]["OrganId"] == "000.00.00.H29"
    assert (first["CodeNumber"], first["CodeNotation"], first["IssuedDate"], first["TypeName"]) == (
        "01", "LĐLĐ", "03/02/2024", "Công văn")
    assert first["Language"] == "Tiếng Việt" and set(first["SignerInfo"]) == {"Position", "FullName"}
    assert first["vanban"]["state"] == "issued" and len(first["vanban"]["sha256"]) == 64
    assert [r["vanban"]["state"] for r in records] == ["issued", "cancelled", "issued", "reserved", "issued"]
    docs = root.findall("Document")
    assert [d.findtext("vanban/so_ky_hieu") for d in docs] == [r["vanban"]["so_ky_hieu"] for r in records]
    assert [t.findtext("OrganName") for t in docs[0].findall("To")] == [t["OrganName"] for t in first["To"]]
    assert docs[1].findtext("Description") == "Ban hành nhầm"


def test_export_to_standard_output_and_errors(filled):
    out = CliRunner().invoke(main, ["register", "export", "--year", "2024", "--format", "json", "-o", "-",
                                    "--db", filled])
    assert out.exit_code == 0 and json.loads(out.stdout)["OutgoingDocuments"][0]["CodeNumber"] == "01"
    bad = CliRunner().invoke(main, ["register", "export", "--format", "xlsx", "-o", "-", "--db", filled])
    assert bad.exit_code == 2 and "cannot go to standard output" in bad.stderr


def test_filters_by_body_and_state(filled, tmp_path):
    with Register(filled) as reg:
        issue_file(write_draft(tmp_path, "huyen", "việc huyện", text=DRAFT_DISTRICT), reg, day=datetime.date(2024, 3, 1))
    def lines(*args):
        out = CliRunner().invoke(main, ["register", *args, "--db", filled])
        assert out.exit_code == 0, out.stderr
        return out.stdout.splitlines()
    listing = lines("list", "--year", "2024")
    assert [line for line in listing if line.startswith("==")] == [
        "== LĐLĐ HUYỆN TAM ĐƯỜNG (LĐLĐ), 2024", "== LĐLĐ TỈNH LAI CHÂU (LĐLĐ), 2024",
        "== LĐLĐ TỈNH LAI CHÂU (LĐLĐ), series quyet_dinh, 2024"]
    assert len(listing) == 3 + 6 + 2                           # headings, rows, the count and the reserved hint
    district = lines("list", "--year", "2024", "--body", "LĐLĐ HUYỆN TAM ĐƯỜNG")
    assert district[1].startswith("01/LĐLĐ          01/3/2024  issued     việc huyện") and len(district) == 3
    assert lines("list", "--year", "2024", "--state", "reserved")[1].startswith("04/LĐLĐ          12/02/2024 reserved")
    assert lines("body") == ["LĐLĐ TỈNH LAI CHÂU (LĐLĐ): OrganId 000.00.00.H29; own series for quyet_dinh"]
    data = CliRunner().invoke(main, ["register", "export", "--year", "2024", "--format", "csv", "-o", "-",
                                     "--body", "LĐLĐ HUYỆN TAM ĐƯỜNG", "--db", filled]).stdout
    assert [row[0] for row in csv.reader(io.StringIO(data.lstrip("\ufeff")))] == [COLUMNS[0], "01/LĐLĐ"]


FORMULAS = DRAFT.replace("ho_ten: Hoàng Văn Trinh", """ho_ten: '=HYPERLINK("http://evil.example/x";"Bấm vào đây")'""") \
    .replace("noi_nhan: [Như Kính gửi, UBND tỉnh]", 'noi_nhan: ["=1+1", UBND tỉnh]').replace(
        "luu: [TgNc, VT]", 'luu: ["@SUM(1;2)", "+3-4"]')


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_calc_shows_formula_like_text_as_written(db_url, tmp_path):
    """A signer or Nơi nhận that starts with "=" is text to LibreOffice Calc: printed as written, never
    evaluated (before, Calc showed "Bấm vào đây" as a live link, and 2 for "=1+1")."""
    _need_calc()
    with Register(db_url) as reg:
        issue_file(write_draft(tmp_path, "cv", "-5 việc", text=FORMULAS), reg, day=datetime.date(2024, 2, 3))
    xlsx = tmp_path / "so.xlsx"
    result = CliRunner().invoke(main, ["register", "export", "--year", "2024", "--format", "xlsx",
                                       "-o", str(xlsx), "--db", db_url])
    assert result.exit_code == 0, result.stderr
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    for target in ('csv:Text - txt - csv (StarCalc):44,34,76', "pdf"):
        subprocess.run(["soffice", profile, "--headless", "--norestore", "--convert-to", target,
                        "--outdir", str(tmp_path / "calc"), str(xlsx)], capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((tmp_path / "calc" / "so.csv").read_text(encoding="utf-8"))))
    assert rows[-1][:6] == ["01/LĐLĐ", "03/02/2024", "Công văn V/v -5 việc",
                            '=HYPERLINK("http://evil.example/x";"Bấm vào đây")', "=1+1; UBND tỉnh",
                            "@SUM(1;2), +3-4"]
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(tmp_path / "calc" / "so.pdf"), "-"],
                                   capture_output=True, text=True).stdout.split())
    assert "=HYPERLINK(" in text and "=1+1; UBND tỉnh" in text and "@SUM(1;2), +3-4" in text
