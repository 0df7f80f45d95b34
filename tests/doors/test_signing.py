"""Signing and verifying (issue 23) through every door that reaches them: the command line
(``vanban pdf --for-signing``, ``vanban sign``, ``vanban verify``) and the library
(:mod:`vanban.sign`). No web route signs (a key or a token belongs on the signer's machine).

Guarantees x doors: a PDF for signing has its field (CLI, library); signing with a .p12 (CLI,
library) and with a PKCS#11 token, a real SoftHSM2 (CLI, library); verify reports the signer and
exits 0 on a good signature, 1 on a changed byte, 2 on an unreadable file (CLI, library); the
password and PIN are never arguments nor echoed (CLI).
"""
from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from support import pki
from vanban.cli import main
from vanban.sign import keys
from vanban.sign.prepare import for_signing
from vanban.sign.signing import empty_fields, sign_file
from vanban.sign.verify import verify_file

if not shutil.which("soffice"):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice is required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice not installed", allow_module_level=True)

PASSWORD = "mật khẩu p12"
SEED = DATA / "lai-chau-ldld-244-2024.yaml"


@pytest.fixture(scope="module")
def keys_and_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sign")
    ca = pki.make_ca()
    prepared = folder / "ky.pdf"
    for_signing(SEED, prepared)
    return {"folder": folder, "ca": ca.pem(folder / "ca.pem"), "pdf": prepared,
            "p12": pki.make_p12(ca, "Hoàng Văn Trinh", PASSWORD, folder / "u.p12"), "ca_obj": ca}


@pytest.fixture(scope="module")
def token(keys_and_pdf, tmp_path_factory):
    if not (pki.softhsm_lib() and shutil.which("softhsm2-util")):
        if os.environ.get("VANBAN_REQUIRE_PDF"):
            raise RuntimeError("SoftHSM2 is required (apt-get install softhsm2)")
        pytest.skip("SoftHSM2 not installed")
    return pki.start_token(tmp_path_factory.mktemp("hsm"), keys_and_pdf["ca_obj"], "Lò Văn Token")


# ------------------------------------------------------------------ pdf --for-signing
def test_cli_pdf_for_signing(tmp_path):
    src = tmp_path / "vb.yaml"
    src.write_bytes(SEED.read_bytes())
    r = CliRunner().invoke(main, ["pdf", "--for-signing", str(src)])
    assert r.exit_code == 0, r.output
    assert empty_fields(src.with_suffix(".pdf").read_bytes()) == ["Hoang Van Trinh"]


def test_library_for_signing(keys_and_pdf):
    assert empty_fields(keys_and_pdf["pdf"].read_bytes()) == ["Hoang Van Trinh"]


def test_cli_pdf_for_signing_without_signature_block_is_one_line(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("Một đoạn văn không có chữ ký.")
    d.save(tmp_path / "x.docx")
    r = CliRunner().invoke(main, ["pdf", "--for-signing", str(tmp_path / "x.docx")])
    assert r.exit_code == 1 and "x.docx" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.pdf").exists()


# ------------------------------------------------------------------ sign: .p12
def _cli_sign(args, env=None, input=None):
    return CliRunner().invoke(main, ["sign", *args], env=env or {}, input=input)


def test_cli_sign_p12_password_from_environment(keys_and_pdf, tmp_path):
    out = tmp_path / "s.pdf"
    r = _cli_sign([str(keys_and_pdf["pdf"]), "-o", str(out), "--pkcs12", str(keys_and_pdf["p12"])],
                  env={"VANBAN_P12_PASSWORD": PASSWORD})
    assert r.exit_code == 0, r.output
    assert PASSWORD not in r.output
    [sig] = verify_file(out).signatures
    assert "Hoàng Văn Trinh" in sig.subject and sig.intact


def test_cli_sign_p12_password_prompted_and_wrong_one_refused(keys_and_pdf, tmp_path):
    out = tmp_path / "s.pdf"
    r = _cli_sign([str(keys_and_pdf["pdf"]), "-o", str(out), "--pkcs12", str(keys_and_pdf["p12"])],
                  input="sai\n")
    assert r.exit_code == 2 and "u.p12" in r.output and "sai" not in r.output and not out.exists()
    r = _cli_sign([str(keys_and_pdf["pdf"]), "-o", str(out), "--pkcs12", str(keys_and_pdf["p12"])],
                  input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    assert PASSWORD not in r.output and verify_file(out).ok


def test_cli_sign_has_no_password_option():
    r = CliRunner().invoke(main, ["sign", "--help"])
    assert "--password" not in r.output and "--pin" not in r.output


def test_library_sign_p12(keys_and_pdf, tmp_path):
    with keys.pkcs12(keys_and_pdf["p12"], PASSWORD) as signer:
        sign_file(keys_and_pdf["pdf"], tmp_path / "s.pdf", signer)
    assert verify_file(tmp_path / "s.pdf").ok


# ------------------------------------------------------------------ sign: PKCS#11 (SoftHSM2)
def test_cli_sign_pkcs11_pin_prompted(keys_and_pdf, token, tmp_path):
    out = tmp_path / "t.pdf"
    r = _cli_sign([str(keys_and_pdf["pdf"]), "-o", str(out), "--pkcs11", token, "--token-label", pki.TOKEN],
                  input=pki.PIN + "\n")
    assert r.exit_code == 0, r.output
    [sig] = verify_file(out).signatures
    assert "Lò Văn Token" in sig.subject and sig.intact


def test_cli_sign_pkcs11_wrong_pin(keys_and_pdf, token, tmp_path):
    out = tmp_path / "t.pdf"
    r = _cli_sign([str(keys_and_pdf["pdf"]), "-o", str(out), "--pkcs11", token, "--token-label", pki.TOKEN,
                   "--key-label", pki.KEY], input="0000\n")
    assert r.exit_code == 2 and pki.TOKEN in r.output and "Traceback" not in r.output and not out.exists()


def test_library_sign_pkcs11(keys_and_pdf, token, tmp_path):
    with keys.pkcs11(token, pki.TOKEN, pki.PIN, pki.KEY) as signer:
        sign_file(keys_and_pdf["pdf"], tmp_path / "t.pdf", signer)
    report = verify_file(tmp_path / "t.pdf", None)
    assert report.ok and "Lò Văn Token" in report.signatures[0].subject


# ------------------------------------------------------------------ verify: 0 / 1 / 2
@pytest.fixture(scope="module")
def three(keys_and_pdf):
    folder = keys_and_pdf["folder"]
    good = folder / "good.pdf"
    with keys.pkcs12(keys_and_pdf["p12"], PASSWORD) as signer:
        sign_file(keys_and_pdf["pdf"], good, signer)
    data = bytearray(good.read_bytes())
    data[data.index(b"/Producer") + 2] ^= 1
    broken = folder / "broken.pdf"
    broken.write_bytes(bytes(data))
    junk = folder / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 nothing")
    return good, broken, junk


@pytest.mark.parametrize("which, code", [(0, 0), (1, 1), (2, 2)])
def test_cli_verify_exit_codes(three, which, code, keys_and_pdf):
    r = CliRunner().invoke(main, ["verify", "--format", "json", str(three[which])])
    assert r.exit_code == code, r.output
    if which == 0:
        [rep] = json.loads(r.stdout)
        assert rep["ok"] and rep["signatures"][0]["trust"] == "not checked"
        r = CliRunner().invoke(main, ["verify", str(three[0]), "--trust", str(keys_and_pdf["ca"])])
        assert r.exit_code == 0 and "Hoàng Văn Trinh" in r.output


@pytest.mark.parametrize("which, ok, error", [(0, True, False), (1, False, False), (2, False, True)])
def test_library_verify(three, which, ok, error):
    report = verify_file(three[which])
    assert report.ok is ok and bool(report.error) is error


# ------------------------------------------------------------------ import and check say who signed
@pytest.mark.parametrize("command", ["check", "import"])
def test_import_and_check_say_who_signed(three, keys_and_pdf, command, tmp_path):
    from vanban.i18n import _
    said = _("{file}: signed by {who}").split(":")[1].split("{")[0].strip()      # "signed by" in the reader's language
    for pdf, signed in ((three[0], True), (keys_and_pdf["pdf"], False)):
        extra = ["-o", str(tmp_path / f"{pdf.stem}.yaml")] if command == "import" else []
        r = CliRunner().invoke(main, [command, str(pdf), *extra])
        lines = [ln for ln in r.stdout.splitlines() if said in ln]
        assert bool(lines) is signed, r.output
        assert not signed or "Hoàng Văn Trinh" in lines[0]
