"""`vanban check` on PDFs: vanban's own rendered PDFs pass every rule a PDF lets check decide; a
PDF's findings agree with its .docx's on the rules both decide (the seeds, and documents formatted
by hand with one fault each); scans and bad text layers are read by OCR and reported; the layout
rules a PDF does not show say so."""
from __future__ import annotations

import os
import shutil

import pytest

import vanban
from vanban import check
from vanban.check.pdf import SAME_ON_PDF
from vanban.check.pdf_rules import RULES as PDF_RULES
from vanban.deliver import pdf
from vanban.model import InputError

from conftest import DATA, SEEDS
from support import human_docs
from support.scans import garbage_layer_pdf, image_pdf

if not (shutil.which("soffice") and shutil.which("pdftoppm")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract") and not os.environ.get("VANBAN_REQUIRE_PDF"),
                                     reason="tesseract not installed")
DECIDED = (check.PASS, check.FAIL, check.NA)
#: Faults whose rule a PDF cannot show (Word's paragraph settings, drawn lines).
HIDDEN = {"noi_dung.alignment", "noi_dung.indent", "noi_dung.line_spacing", "noi_dung.spacing", "tieu_ngu.rule",
          "co_quan.rule"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """Each seed as .docx and as the PDF LibreOffice makes of it."""
    folder = tmp_path_factory.mktemp("check-pdf")
    for name in SEEDS:
        vanban.render(vanban.load(DATA / name), folder / name.replace(".yaml", ".docx"))
    outcomes = pdf.convert(sorted(folder.glob("*.docx")))
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    return {name: (folder / name.replace(".yaml", ".docx"), folder / name.replace(".yaml", ".pdf")) for name in SEEDS}


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    """Each hand-formatted document with one fault, as .docx and as PDF."""
    folder = tmp_path_factory.mktemp("faults-pdf")
    for name in human_docs.FAULTS:
        human_docs.broken(name).save(folder / f"{name}.docx")
    outcomes = pdf.convert(sorted(folder.glob("*.docx")))
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    return folder


def _statuses(report) -> dict[str, str]:
    """Rule → pass, fail, n/a or undecided (a rule failing at several places is one fail)."""
    out: dict[str, str] = {}
    for r in report.results:
        out[r.rule] = check.FAIL if check.FAIL in (out.get(r.rule), r.status) else r.status
    return out


def _agree(docx_report, pdf_report) -> dict[str, tuple[str, str]]:
    """The rules both decide on which the two reports differ."""
    a, b = _statuses(docx_report), _statuses(pdf_report)
    return {k: (a[k], b[k]) for k in a if k in b and a[k] in DECIDED and b[k] in DECIDED and a[k] != b[k]}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_vanbans_own_pdfs_pass_every_rule_check_can_decide(seeds, name):
    report = check.check_file(seeds[name][1])
    assert report.ok, check.format_text(report)
    status = _statuses(report)
    decided = [k for k, v in status.items() if v == check.PASS]
    # The content rules and the layout rules a text layer shows were judged, not skipped.
    for rule in ("page.a4", "page.margins", "font.times_new_roman", "quoc_hieu.format", "tieu_ngu.format",
                 "co_quan.format", "so.format", "ngay.format", "noi_dung.size", "noi_nhan.format", "chu_ky.format",
                 "page_number", "noi_nhan.entries", "ky.authority", "noi_dung.numbering"):
        assert rule in decided, (rule, status[rule])
    assert {k for k, v in status.items() if v == check.UNDECIDED} == HIDDEN


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_seeds_pdf_findings_agree_with_its_docx(seeds, name):
    docx_path, pdf_path = seeds[name]
    assert _agree(check.check_file(docx_path), check.check_file(pdf_path)) == {}


@pytest.mark.parametrize("fault", sorted(human_docs.FAULTS))
def test_each_fault_is_found_in_the_pdf_as_in_the_docx(faults, fault):
    rule = human_docs.FAULTS[fault][0]
    docx_report = check.check_file(faults / f"{fault}.docx")
    pdf_report = check.check_file(faults / f"{fault}.pdf")
    assert _agree(docx_report, pdf_report) == {}, check.format_text(pdf_report)
    if rule in HIDDEN:
        assert _statuses(pdf_report)[rule] == check.UNDECIDED
    else:
        assert pdf_report.failed() == [rule], check.format_text(pdf_report)


def test_every_layout_rule_is_either_shown_by_a_pdf_or_undecided():
    layout = {rule_id for rule_id, _t, kind, _f in check.RULES if kind == "layout"}
    assert set(PDF_RULES) | set(SAME_ON_PDF) | HIDDEN == layout


@needs_tesseract
@pytest.mark.parametrize("make", [image_pdf, garbage_layer_pdf], ids=["scan", "bad-text-layer"])
def test_a_scan_or_a_bad_text_layer_is_checked_through_ocr(seeds, tmp_path, make):
    """Content rules decided on the OCR'd text (the header and closing read right), every layout
    rule undecided: a scan shows no fonts."""
    scan = make(seeds["lai-chau-ldld-244-2024.yaml"][1], tmp_path / "scan.pdf")
    report = check.check_file(scan)
    status = _statuses(report)
    assert report.ok, check.format_text(report)
    for rule in ("so.leading_zero", "ky_hieu.abbreviation", "ngay.leading_zero", "ngay.place", "ky.authority",
                 "kinh_gui.punctuation", "noi_nhan.entries", "noi_dung.numbering"):
        assert status[rule] == check.PASS, (rule, check.format_text(report))
    layout = [r for r in report.results if any(r.rule == k for k, _t, kind, _f in check.RULES if kind == "layout")]
    assert layout and all(r.status == check.UNDECIDED and "scanned" in r.found for r in layout)


def test_a_broken_pdf_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF")
    with pytest.raises(InputError) as info:
        check.check_file(bad)
    assert "bad.pdf" in str(info.value) and "Traceback" not in str(info.value)
