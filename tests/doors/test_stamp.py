"""The văn thư's step (issue 23): number, date and seal on a draft the leader signed, signed as the
agency, through the CLI (``vanban sign --van-thu``) and the library (:mod:`vanban.sign.vanthu`).
Real LibreOffice, real pyHanko, certificates from tests/support/pki.py, a real SoftHSM2 token.

Guarantees x doors: the number and day stand in the blanks (CLI, library); the seal covers the left
third of the leader's signature (CLI, library); verify exits 0 naming both signers, the leader's
signature reporting the văn thư's step (CLI, library); a byte flipped in the leader's range exits 1
(CLI); the agency signs from a PKCS#11 token (library); a missing option is one line (CLI).
"""
from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from support import pki
from vanban.cli import main
from vanban.sign import keys
from vanban.sign.vanthu import blanks, last_signature_box, stamp_file
from vanban.sign.verify import ADDED, verify_file

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler not installed", allow_module_level=True)

PW = "mật khẩu"
DAY = datetime.date(2026, 12, 5)


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    from support import signed_draft
    return signed_draft.make(tmp_path_factory.mktemp("vanthu"), "2026-12")


def _cli(signed, out, *extra):
    return CliRunner().invoke(main, ["sign", str(signed["leader"]), "-o", str(out), "--van-thu", *extra,
                                     "--pkcs12", str(signed["org"])], env={"VANBAN_P12_PASSWORD": PW})


def _by_cli(signed, out):
    r = _cli(signed, out, "--so", "12", "--ngay", "05/12/2026", "--con-dau", str(signed["seal"]))
    assert r.exit_code == 0, r.output
    assert PW not in r.output


def _by_library(signed, out):
    with keys.pkcs12(signed["org"], PW) as s:
        stamp_file(signed["leader"], out, s, 12, DAY, signed["seal"])


def _words_at(pdf, box, page=0):
    """The text pdftotext reads inside ``box`` (PDF points, bottom-left origin) of ``page``."""
    import pypdfium2 as pdfium
    h = pdfium.PdfDocument(str(pdf))[page].get_size()[1]
    x0, y0, x1, y1 = box
    return subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-x", str(int(x0 - 16)),
                           "-y", str(int(h - y1 - 8)), "-W", str(int(x1 - x0 + 32)), "-H", str(int(y1 - y0 + 16)),
                           str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.parametrize("door", [_by_cli, _by_library], ids=["cli", "library"])
def test_number_date_seal_and_two_signers(signed, door, tmp_path):
    out = tmp_path / "final.pdf"
    holes = {b.what: b for b in blanks(signed["leader"])}
    door(signed, out)
    assert "12" in _words_at(out, holes["so"].box) and "05" in _words_at(out, holes["ngay"].box)
    text = subprocess.run(["pdftotext", "-layout", "-l", "1", str(out), "-"], capture_output=True, text=True).stdout
    squeezed = " ".join(text.split())
    # pdftotext may join the added day to its neighbours ("ngày05tháng"): the words, in order
    import re
    assert re.search(r"Số: ?12 ?/LĐLĐ", squeezed) and re.search(r"ngày ?05 ?tháng 12 năm 2026", squeezed), squeezed[:300]
    # the seal (the agency's signature widget) covers the left third of the leader's signature
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    reader = PdfFileReader(io.BytesIO(out.read_bytes()))
    rects = {n: [float(v) for v in ref.get_object()["/Rect"]] for n, _v, ref in enumerate_sig_fields(reader)}
    lx0, ly0, lx1, ly1 = rects["Hoang Van Trinh"]
    sx0, sy0, sx1, sy1 = rects["Con dau"]
    assert abs(sx1 - (lx0 + (lx1 - lx0) / 3)) < 1 and sx0 < lx0 and sy0 < ly1 and sy1 > ly0
    report = verify_file(out)
    assert report.ok, report
    leader, agency = report.signatures
    assert "Hoàng Văn Trinh" in leader.subject and "LĐLĐ tỉnh Lai Châu" in agency.subject
    assert leader.intact and agency.intact and leader.added_after == ADDED["VAN_THU"] and not agency.added_after
    r = CliRunner().invoke(main, ["verify", str(out)])
    assert r.exit_code == 0 and "Hoàng Văn Trinh" in r.output and "LĐLĐ tỉnh Lai Châu" in r.output


def test_flipped_byte_in_leaders_range_exits_1(signed, tmp_path):
    out = tmp_path / "final.pdf"
    _by_library(signed, out)
    data = bytearray(out.read_bytes())
    data[data.index(b"/Producer") + 2] ^= 1        # inside the first revision: the leader's signed range
    (tmp_path / "bad.pdf").write_bytes(bytes(data))
    r = CliRunner().invoke(main, ["verify", str(tmp_path / "bad.pdf")])
    assert r.exit_code == 1, r.output


def test_annotation_after_the_agency_is_a_change(signed, tmp_path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from vanban.sign.vanthu import Blank, _add_annotation, _text_annotation
    out = tmp_path / "final.pdf"
    _by_library(signed, out)
    w = IncrementalPdfFileWriter(io.BytesIO(out.read_bytes()))
    _add_annotation(w, 0, _text_annotation(w, Blank("so", 0, (100, 100, 140, 120)), "99"))
    buf = io.BytesIO()
    w.write(buf)
    (tmp_path / "late.pdf").write_bytes(buf.getvalue())
    assert CliRunner().invoke(main, ["verify", str(tmp_path / "late.pdf")]).exit_code == 1


def test_agency_signs_from_a_softhsm2_token_cli(signed, tmp_path):
    """A PKCS#11 module is loaded once per process (python-pkcs11 keeps it): the token is started and
    used in child processes of their own, so another test module's token cannot stand in for it."""
    import sys
    if not (pki.softhsm_lib() and shutil.which("softhsm2-util")):
        pytest.skip("SoftHSM2 not installed")
    env = pki.token_in_child(tmp_path / "hsm", "Văn phòng LĐLĐ")
    out = tmp_path / "t.pdf"
    r = subprocess.run([sys.executable, "-m", "vanban", "sign", str(signed["leader"]), "-o", str(out), "--van-thu",
                        "--so", "12", "--ngay", "05/12/2026", "--con-dau", str(signed["seal"]), "--pkcs11",
                        pki.softhsm_lib(), "--token-label", pki.TOKEN], input=pki.PIN + "\n", env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert pki.PIN not in r.stdout + r.stderr
    report = verify_file(out)
    assert report.ok and "Văn phòng LĐLĐ" in report.signatures[1].subject


def test_cli_van_thu_needs_its_options(signed, tmp_path):
    r = _cli(signed, tmp_path / "x.pdf", "--so", "12")
    assert r.exit_code == 2 and "--con-dau" in r.output and not (tmp_path / "x.pdf").exists()
    r = _cli(signed, tmp_path / "x.pdf", "--so", "12", "--ngay", "31/02/2026", "--con-dau", str(signed["seal"]))
    assert r.exit_code == 2 and "31/02/2026" in r.output and "Traceback" not in r.output


def test_seal_over_leader_page(signed):
    page, box = last_signature_box(signed["leader"].read_bytes())
    assert page == 1 and box[2] > box[0]


def test_blanks_are_kept_inside_the_prepared_pdf(signed):
    from vanban.sign.vanthu import recorded
    kept = recorded((signed["folder"] / "draft.pdf").read_bytes())
    assert kept is not None and {b.what for b in kept} == {"so", "ngay"}
    assert kept == recorded(signed["leader"].read_bytes())          # still there after the leader signs
    assert sorted(kept, key=lambda b: b.what) == sorted(blanks(signed["leader"]), key=lambda b: b.what)


@pytest.mark.parametrize("given, word", [("05/11/2026", "11"), ("05/12/2025", "2025")])
def test_a_date_the_draft_contradicts_is_refused(signed, tmp_path, given, word):
    """The draft prints "tháng 12 năm 2026": stamping day 05 of another month or year would print a
    wrong date, so the văn thư is told instead, and nothing is written."""
    out = tmp_path / "x.pdf"
    r = _cli(signed, out, "--so", "12", "--ngay", given, "--con-dau", str(signed["seal"]))
    assert r.exit_code == 2, r.output
    assert word in r.output and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1
    assert not out.exists()


def test_printed_date_clash_reads_the_drafts_line():
    import datetime as dt
    from vanban.sign.vanthu import printed_date_clash
    line = "Lai Châu, ngày      tháng 12 năm 2026"
    assert printed_date_clash(line, dt.date(2026, 12, 5)) is None
    assert "11" in printed_date_clash("Lai Châu, ngày … tháng 11 năm 2026", dt.date(2026, 12, 5))
    assert printed_date_clash("Lai Châu, ngày … tháng … năm 2026", dt.date(2026, 3, 5)) is None
    assert "2026" in printed_date_clash(line, dt.date(2027, 12, 5))


# ---------------------------------------------------------------- PDF/A-2b after the văn thư's step
# Guarantees x doors: the stamped PDF still claims and meets PDF/A-2b as far as vanban checks
# (library ``vanban.sign.pdfa.problems``; CLI ``verify --pdfa``, exit 0, text and JSON); an annotation
# that breaks it (not printable, a font not embedded) is named and exits 1 (library, CLI).
def _broken(out, tmp_path):
    """The stamped PDF with one more annotation PDF/A forbids: hidden, its text in a bare Helvetica."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from vanban.sign.vanthu import _add_annotation
    w = IncrementalPdfFileWriter(io.BytesIO(out.read_bytes()))
    font = w.add_object(generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Font"),
                                                  pdf_name("/Subtype"): pdf_name("/Type1"),
                                                  pdf_name("/BaseFont"): pdf_name("/Helvetica")}))
    ap = generic.StreamObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                               pdf_name("/BBox"): generic.ArrayObject([generic.NumberObject(0)] * 2 + [generic.NumberObject(40), generic.NumberObject(20)]),
                               pdf_name("/Resources"): generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})})},
                              stream_data=b"BT /F1 12 Tf 2 5 Td (x) Tj ET")
    annot = w.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/FreeText"),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in (100, 100, 140, 120)),
        pdf_name("/F"): generic.NumberObject(2), pdf_name("/NM"): generic.TextStringObject("la"),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): w.add_object(ap)})}))
    _add_annotation(w, 0, annot)
    buf = io.BytesIO()
    w.write(buf)
    bad = tmp_path / "bad-pdfa.pdf"
    bad.write_bytes(buf.getvalue())
    return bad


@pytest.mark.parametrize("door", ["cli", "library"])
def test_stamped_pdf_still_pdfa_2b(signed, door, tmp_path):
    import json
    from vanban.sign.pdfa import problems
    out = tmp_path / "final.pdf"
    _by_library(signed, out)
    if door == "library":
        assert problems(out.read_bytes()) == []
        assert problems(signed["leader"].read_bytes()) == []
    else:
        r = CliRunner().invoke(main, ["--lang", "en", "verify", "--pdfa", str(out)])
        assert r.exit_code == 0, r.output
        assert "PDF/A-2b: no problem found" in r.output and "not checked" in r.output
        r = CliRunner().invoke(main, ["verify", "--pdfa", "--format", "json", str(out)])
        [report] = json.loads(r.output)
        assert r.exit_code == 0 and report["pdfa"]["problems"] == [] and report["pdfa"]["not_checked"]


@pytest.mark.parametrize("door", ["cli", "library"])
def test_an_annotation_that_breaks_pdfa_is_named(signed, door, tmp_path):
    from vanban.sign.pdfa import problems
    out = tmp_path / "final.pdf"
    _by_library(signed, out)
    bad = _broken(out, tmp_path)
    if door == "library":
        found = problems(bad.read_bytes())
        assert any("la" in p and "flags 2" in p for p in found), found
        assert any("Helvetica" in p for p in found), found
    else:
        r = CliRunner().invoke(main, ["--lang", "en", "verify", "--pdfa", str(bad)])
        assert r.exit_code == 1 and "Helvetica" in r.output and "Traceback" not in r.output
