"""Two signers (issue 23 with issue 22's two-signature kinds): ``pdf --for-signing`` gives the left
signer (``ky_ben_trai``: THƯ KÝ of a biên bản, ĐẠI DIỆN BÊN A of a hợp đồng) a field of their own,
``sign --field`` signs either, and ``verify`` names both. Real LibreOffice, real pyHanko.

Guarantees x doors: two fields, each between its own title and name, left left of right (CLI,
library); each signer signs their own field, in either order, and verify exits 0 naming both
(CLI, library); without --field a PDF with two empty fields is refused in one line (CLI).
"""
from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from support import pki
from vanban.cli import main
from vanban.model.schema import Loai, Mau
from vanban.model.skeleton import skeleton
from vanban.sign import keys
from vanban.sign.prepare import for_signing
from vanban.sign.signing import empty_fields, sign_file
from vanban.sign.verify import verify_file

if not shutil.which("soffice"):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice is required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice not installed", allow_module_level=True)

PW = "mật khẩu"
LEFT, RIGHT = "Tran Thi B", "Nguyen Van A"      # the fields, named after the skeleton's signers


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    ca = pki.make_ca()
    return {"folder": folder,
            "left": pki.make_p12(ca, "Trần Thị B", PW, folder / "b.p12"),
            "right": pki.make_p12(ca, "Nguyễn Văn A", PW, folder / "a.p12", serial=88)}


def _prepare(door, kind, folder):
    src = folder / f"{kind.value}.yaml"
    src.write_text(skeleton(kind, Mau.nha_nuoc, schema=None), encoding="utf-8")
    pdf = src.with_suffix(".pdf")
    if door == "cli":
        r = CliRunner().invoke(main, ["pdf", "--for-signing", str(src)])
        assert r.exit_code == 0, r.output
        assert LEFT in r.output and RIGHT in r.output
    else:
        place = for_signing(src, pdf)
        assert place.name == RIGHT and [p.name for p in place.others] == [LEFT]
    return pdf


def _rects(pdf):
    import io
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
    return {n: [float(v) for v in ref.get_object()["/Rect"]] for n, _v, ref in enumerate_sig_fields(reader)}


@pytest.mark.parametrize("kind", [Loai.bien_ban, Loai.hop_dong], ids=["bien_ban", "hop_dong"])
@pytest.mark.parametrize("door", ["cli", "library"])
def test_each_signer_has_a_field_and_verify_names_both(made, door, kind, tmp_path):
    pdf = _prepare(door, kind, tmp_path)
    assert sorted(empty_fields(pdf.read_bytes())) == sorted([LEFT, RIGHT])
    rects = _rects(pdf)
    lx0, ly0, lx1, ly1 = rects[LEFT]
    rx0, ry0, rx1, ry1 = rects[RIGHT]
    assert lx1 < rx0                        # side by side, left signer's on the left
    assert abs(ly0 - ry0) < 30 and ly1 > ly0 and ry1 > ry0
    once, twice = tmp_path / "once.pdf", tmp_path / "twice.pdf"
    if door == "cli":
        env = {"VANBAN_P12_PASSWORD": PW}
        r = CliRunner().invoke(main, ["sign", str(pdf), "-o", str(once), "--field", LEFT, "--pkcs12",
                                      str(made["left"])], env=env)
        assert r.exit_code == 0, r.output
        r = CliRunner().invoke(main, ["sign", str(once), "-o", str(twice), "--pkcs12", str(made["right"])], env=env)
        assert r.exit_code == 0, r.output            # the only empty field left: no --field needed
        r = CliRunner().invoke(main, ["verify", str(twice)])
        assert r.exit_code == 0 and "Trần Thị B" in r.output and "Nguyễn Văn A" in r.output, r.output
    else:
        with keys.pkcs12(made["right"], PW) as s:        # the other order: right first
            sign_file(pdf, once, s, RIGHT)
        with keys.pkcs12(made["left"], PW) as s:
            sign_file(once, twice, s, LEFT)
    report = verify_file(twice)
    assert report.ok, report
    by_field = {s.field: s for s in report.signatures}
    assert "Trần Thị B" in by_field[LEFT].subject and "Nguyễn Văn A" in by_field[RIGHT].subject
    assert all(s.intact for s in report.signatures)


def test_cli_two_empty_fields_without_field_is_one_line(made, tmp_path):
    pdf = _prepare("library", Loai.bien_ban, tmp_path)
    r = CliRunner().invoke(main, ["sign", str(pdf), "-o", str(tmp_path / "x.pdf"), "--pkcs12", str(made["left"])],
                           env={"VANBAN_P12_PASSWORD": PW})
    assert r.exit_code == 2 and "--field" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.pdf").exists()
