"""The văn thư's step with the number from the register (issue 23): ``vanban sign --van-thu
--tu-so-dang-ky DB`` (CLI) and :func:`vanban.register.signed.issue_signed` (library). Real
LibreOffice, real pyHanko, certificates from tests/support/pki.py, a real SQLite register.

Guarantees x doors: the next number of the series ``issue`` numbers and the date are written into
the blanks and the stamped PDF is recorded with its SHA-256 (CLI, library); the register's refusal
(already issued; not a register) is one line, nothing written (CLI), and a PDF that cannot take
the date is refused before a number is taken (library); a step stopped after the reservation is
finished with the same number (library); the recorded PDF is what edXML export attaches (library).
"""
from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.register import Register, issue_file
from vanban.register.signed import issue_signed
from vanban.sign import SignError, child
from vanban.sign.vanthu import stampable
from vanban.sign.verify import verify_file

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler not installed", allow_module_level=True)

PW = "mật khẩu"
TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    from support import signed_draft
    return signed_draft.make(tmp_path_factory.mktemp("vanthu-so"), f"{TODAY:%Y-%m}")


def _register_with_one_issued(tmp_path, signed) -> str:
    """A register where ``vanban issue`` already numbered one document of the same body this year."""
    db = str(tmp_path / "so.db")
    other = tmp_path / "truoc.yaml"
    other.write_text(signed["seed"].replace("so: 244\n", "").replace("ngay: 2024-05-10", f"ngay: {TODAY:%Y-%m}"),
                     encoding="utf-8")
    with Register(db) as reg:
        issue_file(other, reg, day=TODAY)
    return db


def _copy(signed, tmp_path):
    src = tmp_path / "leader.pdf"
    shutil.copyfile(signed["leader"], src)
    return src


def _cli(signed, src, out, db):
    return CliRunner().invoke(main, ["sign", str(src), "-o", str(out), "--van-thu", "--tu-so-dang-ky", db,
                                     "--con-dau", str(signed["seal"]), "--pkcs12", str(signed["org"])],
                              env={"VANBAN_P12_PASSWORD": PW})


def _stamp(signed):
    key = child.Key(p12=str(signed["org"]), password=PW)
    return lambda pdf, number, date: child.stamp_bytes(key, pdf, number, date, signed["seal"], "leader.pdf")


def _check(pdf, date):
    stampable(pdf, date, "leader.pdf")


@pytest.mark.parametrize("door", ["cli", "library"])
def test_next_number_and_today_written_and_recorded(signed, door, tmp_path):
    db = _register_with_one_issued(tmp_path, signed)
    src, out = _copy(signed, tmp_path), tmp_path / "final.pdf"
    if door == "cli":
        r = _cli(signed, src, out, db)
        assert r.exit_code == 0, r.output
        assert PW not in r.output and "02/LĐLĐ" in r.output
    else:
        with Register(db) as reg:
            done = issue_signed(src, out, reg, _stamp(signed), check=_check)
        assert done.entry.number == 2 and not done.resumed
    with Register(db) as reg:
        first, entry = reg.entries(year=TODAY.year)
    assert (first.series, first.number) == (entry.series, 1)    # the series `issue` numbers, continued
    assert entry.state == "issued" and entry.number == 2 and entry.issued_on == TODAY
    assert entry.pdf_path == str(out.resolve()) and entry.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry.signer == "Hoàng Văn Trinh" and entry.code == "LĐLĐ"
    text = " ".join(subprocess.run(["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert re.search(r"Số: ?02 ?/LĐLĐ", text), text[:300]
    assert re.search(rf"ngày ?{TODAY.day:02d} ?tháng 0?{TODAY.month} năm {TODAY.year}", text), text[:300]
    report = verify_file(out)
    assert report.ok and len(report.signatures) == 2


def test_cli_already_issued_is_refused_in_one_line(signed, tmp_path):
    db = _register_with_one_issued(tmp_path, signed)
    src = _copy(signed, tmp_path)
    assert _cli(signed, src, tmp_path / "a.pdf", db).exit_code == 0
    r = _cli(signed, src, tmp_path / "b.pdf", db)
    assert r.exit_code == 2 and "Traceback" not in r.output and "02/LĐLĐ" in r.output
    assert len(r.output.strip().splitlines()) == 1 and not (tmp_path / "b.pdf").exists()
    with Register(db) as reg:
        assert [e.number for e in reg.entries(year=TODAY.year)] == [1, 2]


def test_cli_not_a_register_is_one_line_and_nothing_written(signed, tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is no database at all\n" * 100)
    src = _copy(signed, tmp_path)
    r = _cli(signed, src, tmp_path / "x.pdf", str(bad))
    assert r.exit_code != 0 and "Traceback" not in r.output and r.output.strip()
    assert not (tmp_path / "x.pdf").exists()


def test_library_a_date_the_pdf_cannot_take_takes_no_number(signed, tmp_path):
    db = _register_with_one_issued(tmp_path, signed)
    src = _copy(signed, tmp_path)
    other_month = datetime.date(TODAY.year - 1, 1 if TODAY.month != 1 else 2, 5)
    with Register(db) as reg, pytest.raises(SignError):
        issue_signed(src, tmp_path / "x.pdf", reg, _stamp(signed), day=other_month, check=_check)
    with Register(db) as reg:
        assert [e.number for e in reg.entries()] == [1]
    assert not (tmp_path / "x.pdf").exists()


def test_library_a_step_stopped_after_the_reservation_keeps_its_number(signed, tmp_path):
    db = _register_with_one_issued(tmp_path, signed)
    src, out = _copy(signed, tmp_path), tmp_path / "final.pdf"

    def hung(pdf, number, date):
        raise SignError("leader.pdf: not signed: the token did not answer")

    with Register(db) as reg, pytest.raises(SignError):
        issue_signed(src, out, reg, hung, check=_check)
    with Register(db) as reg:
        assert [(e.number, e.state) for e in reg.entries()] == [(1, "issued"), (2, "reserved")]
        done = issue_signed(src, out, reg, _stamp(signed), check=_check)
    assert done.resumed and done.entry.number == 2 and done.entry.state == "issued" and out.is_file()


def test_the_recorded_pdf_is_what_edxml_attaches(signed, tmp_path):
    from vanban.deliver.edxml import read_message
    from vanban.register.edxml_export import export_edxml
    db = _register_with_one_issued(tmp_path, signed)
    src, out = _copy(signed, tmp_path), tmp_path / "final.pdf"
    with Register(db) as reg:
        issue_signed(src, out, reg, _stamp(signed), check=_check)
        messages = export_edxml(reg, tmp_path / "edxml", year=TODAY.year)
    metas = [read_message(m.read_bytes()) for m in messages]
    [(meta, name, blob)] = [m for m in metas if m[0]["so"] == "02"]
    assert name == "final.pdf" and blob == out.read_bytes() and meta["kind"] == "cong_van"
