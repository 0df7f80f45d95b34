"""`check` reads PDFs (issue 20), through every door that reaches it: ``vanban check`` on the command
line, ``vanban.check.check_file`` and the top-level ``vanban.check_file``.

Guarantees: vanban's own rendered PDF conforms and its layout rules are decided; a fault in a
PDF is found by its rule; a scan is checked through OCR (content rules decided, layout rules "could
not decide"); a text layer that is not Vietnamese is OCR'd instead of read; a broken PDF is one
clear line with exit status 2, never a raw exception.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import vanban
from vanban import check
from vanban.cli import main
from vanban.deliver import pdf
from vanban.model import InputError

from conftest import DATA
from support import human_docs
from support.scans import garbage_layer_pdf, image_pdf

if not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("tesseract")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice, poppler-utils and Tesseract are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice, poppler-utils or Tesseract not installed", allow_module_level=True)

RAW_NAMES = re.compile(r"PdfUnreadable|PdfiumError|Traceback|ValueError|OcrError|TypeError|AttributeError")


# ------------------------------------------------------------------ doors: (exit status, rule → status, text)
def _statuses(results) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in results:
        rule, status = (r["rule"], r["status"]) if isinstance(r, dict) else (r.rule, r.status)
        out[rule] = "fail" if "fail" in (out.get(rule), status) else status
    return out


def cli(path: Path):
    r = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    reports = json.loads(r.stdout) if r.stdout.strip().startswith("[") else []
    # the report goes to stdout (JSON here), a refusal to stderr: the person reads the latter
    return r.exit_code, _statuses(reports[0]["results"]) if reports else {}, r.stderr or r.output


def _library(call):
    def door(path: Path):
        try:
            report = call(path)
        except InputError as exc:
            return 2, {}, str(exc)
        return (0 if report.ok else 1), _statuses(report.results), check.format_text(report)
    return door


DOORS = {"cli": cli, "library": _library(check.check_file), "api": _library(vanban.check_file)}


# ------------------------------------------------------------------ the PDFs
@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doors-check-pdf")
    vanban.render(vanban.load(DATA / "lai-chau-ldld-244-2024.yaml"), folder / "letter.docx")
    human_docs.broken("number_5").save(folder / "number_5.docx")
    outcomes = pdf.convert([folder / "letter.docx", folder / "number_5.docx"])
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    bad = folder / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\nxref\ngarbage")
    return {"letter": folder / "letter.pdf", "fault": folder / "number_5.pdf", "broken": bad,
            "scan": image_pdf(folder / "letter.pdf", folder / "scan.pdf"),
            "bad_layer": garbage_layer_pdf(folder / "letter.pdf", folder / "bad-layer.pdf")}


LAYOUT = {rule_id for rule_id, _t, kind, _f in check.RULES if kind == "layout"}
CONTENT = ("so.leading_zero", "ky_hieu.abbreviation", "ngay.leading_zero", "ngay.place", "ky.authority",
           "kinh_gui.punctuation", "noi_nhan.entries", "noi_dung.numbering")


@pytest.mark.parametrize("door", sorted(DOORS))
def test_vanbans_own_pdf_conforms_with_its_layout_decided(pdfs, door):
    code, status, text = DOORS[door](pdfs["letter"])
    assert code == 0, text
    assert all(status[r] == "pass" for r in CONTENT + ("page.a4", "page.margins", "font.times_new_roman",
                                                         "quoc_hieu.format", "chu_ky.format", "page_number")), text


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_fault_in_a_pdf_is_found_by_its_rule(pdfs, door):
    code, status, text = DOORS[door](pdfs["fault"])
    assert code == 1, text
    assert [r for r, s in status.items() if s == "fail"] == ["so.leading_zero"], text


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_scan_is_checked_through_ocr(pdfs, door):
    code, status, text = DOORS[door](pdfs["scan"])
    assert code == 0, text
    assert all(status[r] == "pass" for r in CONTENT), text
    assert all(status[r] == "undecided" for r in LAYOUT), text


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_text_layer_that_is_not_vietnamese_is_read_by_ocr(pdfs, door):
    """Read as its layer says ("CONG HOA XA HOI …", "S6: 244/LDLD") the letter would be out of scope."""
    code, status, text = DOORS[door](pdfs["bad_layer"])
    assert code == 0, text
    assert all(status[r] == "pass" for r in CONTENT), text


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_broken_pdf_is_one_clear_line(pdfs, door):
    code, status, text = DOORS[door](pdfs["broken"])
    assert code == 2 and not status
    assert "broken.pdf" in text and len(text.strip().splitlines()) == 1, text
    assert not RAW_NAMES.search(text), text
