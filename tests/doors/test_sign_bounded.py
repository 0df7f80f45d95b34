"""Signing in a child process with a time bound (issue 23): a PKCS#11 token that hangs makes
``vanban sign`` (CLI) and :mod:`vanban.sign.child` (library) give up with one line and a non-zero
exit, nothing written, within the bound. No web route signs (a key belongs on the signer's machine).

The hung token is a real PKCS#11 module, compiled here, whose ``C_GetFunctionList`` never returns:
the call blocks inside C, where no Python timeout in the same process could reach.

Guarantees x doors: a hung token is stopped at the bound, one line, nothing written (CLI: plain
signing and the văn thư's step; library); a good .p12 still signs through the child (library; the
CLI's .p12 signing is covered by test_signing.py and test_stamp.py, which now go through it).
"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner

from conftest import DATA
from support import pki
from vanban.cli import main
from vanban.sign import SignError, child
from vanban.sign.verify import verify_file

if not shutil.which("soffice"):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice is required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice not installed", allow_module_level=True)

HANG_C = "#include <unistd.h>\nunsigned long C_GetFunctionList(void **l) { for (;;) sleep(3600); return 0; }\n"
BOUND = 4.0


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    from vanban.sign.prepare import for_signing
    folder = tmp_path_factory.mktemp("bounded")
    for_signing(DATA / "lai-chau-ldld-244-2024.yaml", folder / "ky.pdf")
    return folder / "ky.pdf"


@pytest.fixture(scope="module")
def hung_token(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler to build the hung PKCS#11 module")
    folder = tmp_path_factory.mktemp("hang")
    (folder / "hang.c").write_text(HANG_C)
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(folder / "hang.so"), str(folder / "hang.c")], check=True)
    return folder / "hang.so"


def test_library_hung_token_is_stopped_at_the_bound(prepared, hung_token, tmp_path):
    out = tmp_path / "out.pdf"
    key = child.Key(lib=str(hung_token), token_label="T", pin="1234")
    started = time.monotonic()
    with pytest.raises(SignError) as err:
        child.sign_file(key, prepared, out, timeout=BOUND)
    assert time.monotonic() - started < BOUND + 20
    assert "token" in str(err.value) and "1234" not in str(err.value) and "\n" not in str(err.value)
    assert not out.exists()


@pytest.mark.parametrize("extra", [[], ["--van-thu", "--so", "3", "--ngay", "05/12/2026"]], ids=["sign", "van-thu"])
def test_cli_hung_token_exits_non_zero_in_one_line(prepared, hung_token, tmp_path, extra):
    if extra:
        seal = tmp_path / "seal.png"
        from PIL import Image
        Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(seal)
        extra = [*extra, "--con-dau", str(seal)]
    out = tmp_path / "out.pdf"
    started = time.monotonic()
    r = CliRunner().invoke(main, ["sign", str(prepared), "-o", str(out), "--pkcs11", str(hung_token),
                                  "--token-label", "T", "--timeout", str(BOUND), *extra], input="1234\n")
    assert time.monotonic() - started < BOUND + 20
    assert r.exit_code == 2 and "Traceback" not in r.output and "1234" not in r.output
    assert "token" in r.output and not out.exists()


def test_library_p12_signs_through_the_child(prepared, tmp_path):
    ca = pki.make_ca()
    p12 = pki.make_p12(ca, "Hoàng Văn Trinh", "pw", tmp_path / "u.p12")
    out = child.sign_file(child.Key(p12=str(p12), password="pw"), prepared, tmp_path / "signed.pdf")
    report = verify_file(out)
    assert report.ok and "Hoàng Văn Trinh" in report.signatures[0].subject
    assert "pw" not in repr(child.Key(p12=str(p12), password="pw"))


def test_library_a_refusal_in_the_child_comes_back_as_one_line(prepared, tmp_path):
    ca = pki.make_ca()
    p12 = pki.make_p12(ca, "Hoàng Văn Trinh", "pw", tmp_path / "u.p12")
    with pytest.raises(SignError) as err:
        child.stamp_file(child.Key(p12=str(p12), password="wrong"), prepared, tmp_path / "x.pdf", 3,
                         datetime.date(2026, 12, 5), tmp_path / "none.png")
    assert "password" in str(err.value) and not (tmp_path / "x.pdf").exists()
