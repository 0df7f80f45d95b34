"""The edXML envelope's XML-DSig (issue 23): ``vanban sign MESSAGE.edxml`` and ``vanban verify
MESSAGE.edxml`` (CLI), :mod:`vanban.sign.xmldsig` (library). Real keys: a .p12 the tests make and a
real SoftHSM2 token.

Guarantees x doors: a signed message reads back as before and names its signer, intact (CLI,
library; the token: CLI); a changed byte of the metadata or of the attached PDF is reported as
changed, exit 1 (CLI, library); an unsigned message is "not signed", exit 1 (CLI, library); the
signature is the standard's enveloped XML-DSig after TraceHeaderList (library).
"""
from __future__ import annotations

import base64
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from support import pki
from vanban.cli import main
from vanban.deliver.edxml import read_message, write_message
from vanban.sign import keys
from vanban.sign.xmldsig import DS, EDXML, check_message, sign_message

PW = "mật khẩu"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 20
META = {"so": "12", "ky_hieu": "UBND-VP", "ngay": "2026-12-05", "loai": "18", "ten_loai": "Công văn",
        "trich_yeu": "V/v tổ chức họp", "nguoi_ky": "Nguyễn Văn Ân", "chuc_vu": "Chủ tịch",
        "from": {"OrganId": "000.00.00.H01", "OrganName": "UBND tỉnh"}, "noi_nhan": ["Như trên"]}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xmldsig")
    msg = folder / "m.edxml"
    msg.write_bytes(write_message(META, PDF, "cv12.pdf", "application/pdf"))
    p12 = pki.make_p12(pki.make_ca(), "Văn thư UBND tỉnh", PW, folder / "vt.p12")
    return {"folder": folder, "msg": msg, "p12": p12}


def _signed(door, made, out):
    if door == "cli":
        r = CliRunner().invoke(main, ["sign", str(made["msg"]), "-o", str(out), "--pkcs12", str(made["p12"])],
                               env={"VANBAN_P12_PASSWORD": PW})
        assert r.exit_code == 0, r.output
    else:
        with keys.pkcs12(made["p12"], PW) as s:
            out.write_bytes(sign_message(made["msg"].read_bytes(), s))
    return out


def _verdict(door, path):
    if door == "cli":
        r = CliRunner().invoke(main, ["--lang", "en", "verify", str(path)])
        return r.exit_code, r.output
    checked = check_message(path.read_bytes())
    return (1 if checked is None or not checked.intact else 0), repr(checked)


@pytest.mark.parametrize("door", ["cli", "library"])
def test_signed_message_reads_back_and_names_its_signer(made, door, tmp_path):
    out = _signed(door, made, tmp_path / "s.edxml")
    meta, name, blob = read_message(out.read_bytes())
    assert (meta["so"], meta["kind"], name, blob) == ("12", "cong_van", "cv12.pdf", PDF)
    code, said = _verdict(door, out)
    assert code == 0 and "Văn thư UBND tỉnh" in said, said
    if door == "cli":
        assert "intact" in said and "not checked against a trust list" in said and PW not in said


@pytest.mark.parametrize("where", ["metadata", "attachment"])
@pytest.mark.parametrize("door", ["cli", "library"])
def test_a_changed_byte_is_reported(made, door, where, tmp_path):
    out = _signed("library", made, tmp_path / "s.edxml")
    data = out.read_bytes()
    if where == "metadata":
        bad = data.replace("tổ chức họp".encode(), "tổ chức hop".encode())
    else:
        b64 = base64.b64encode(PDF)
        bad = data.replace(b64, base64.b64encode(PDF[:-1] + b"\x00"))
    assert bad != data
    (tmp_path / "bad.edxml").write_bytes(bad)
    code, said = _verdict(door, tmp_path / "bad.edxml")
    assert code == 1, said
    if door == "cli":
        assert "CHANGED" in said


@pytest.mark.parametrize("door", ["cli", "library"])
def test_an_unsigned_message_is_not_signed(made, door):
    code, said = _verdict(door, made["msg"])
    assert code == 1 and ("not signed" in said or said == "None")


def test_the_signature_is_enveloped_in_the_header(made, tmp_path):
    from lxml import etree
    out = _signed("library", made, tmp_path / "s.edxml")
    header = etree.fromstring(out.read_bytes()).find(f"{{{EDXML}}}edXMLEnvelope/{{{EDXML}}}edXMLHeader")
    tags = [c.tag for c in header]
    assert tags[-1] == f"{{{DS}}}Signature" and tags.index(f"{{{EDXML}}}TraceHeaderList") < len(tags) - 1
    ref = header.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference")
    assert ref.get("URI") == ""
    assert [t.get("Algorithm") for t in ref.iter(f"{{{DS}}}Transform")][0].endswith("enveloped-signature")


def test_cli_signs_a_message_with_a_softhsm2_token(made, tmp_path):
    if not (pki.softhsm_lib() and shutil.which("softhsm2-util")):
        pytest.skip("SoftHSM2 not installed")
    env = pki.token_in_child(tmp_path / "hsm", "Văn phòng UBND")
    out = tmp_path / "t.edxml"
    r = subprocess.run([sys.executable, "-m", "vanban", "sign", str(made["msg"]), "-o", str(out), "--pkcs11",
                        pki.softhsm_lib(), "--token-label", pki.TOKEN], input=pki.PIN + "\n", env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert pki.PIN not in r.stdout + r.stderr
    checked = check_message(out.read_bytes())
    assert checked.intact and "Văn phòng UBND" in checked.subject
