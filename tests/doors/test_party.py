"""The Party profile (issue 22) through every door: a Party document renders in HD 36's layout, passes
``check`` as a Party document (not "out of scope"), and imports back, by the library call, the CLI
and the web editor.

Door matrix (guarantee x door), each cell one test below:

==========================================================  =======  ===  ===
guarantee                                                   library  CLI  web
==========================================================  =======  ===  ===
render: Party header, "Số 12-NQ/ĐU", T/M, Lưu without colon    x      x    x
check: a rendered Party document passes, judged in scope       x      x    -
import: a rendered Party document (.docx, PDF) round-trips     x      x    -
new: a Party skeleton of a Party-only kind validates           x      x    x
==========================================================  =======  ===  ===

The web editor has no check or import route for a .docx (import reaches the web only through
derive's parent upload, which needs a plan with units), so those two cells are not reachable.
"""
from __future__ import annotations

import io
import shutil

import docx
import pytest
from click.testing import CliRunner

import vanban
from vanban.cli import main

from conftest import DATA

NQ = DATA / "dang-uy-nghi-quyet-2026.yaml"
DOORS = ["library", "cli", "web"]


def _texts(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    cells = [p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return cells + [p.text for p in d.paragraphs]


def _web(tmp_path):
    pytest.importorskip("flask")
    from vanban.web import create_app
    from test_web_app import NoPreview
    folder = tmp_path / "served"
    folder.mkdir()
    shutil.copy(NQ, folder / NQ.name)
    return create_app(folder, previewer=NoPreview()).test_client(), folder


@pytest.mark.parametrize("door", DOORS)
def test_render_prints_the_party_layout(door, tmp_path):
    if door == "library":
        data = vanban.render_bytes(vanban.load(NQ))
    elif door == "cli":
        out = tmp_path / "nq.docx"
        result = CliRunner().invoke(main, ["render", str(NQ), "-o", str(out)])
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
    else:
        client, _folder = _web(tmp_path)
        r = client.get(f"/download/{NQ.name}.docx")
        assert r.status_code == 200
        data = r.data
    texts = _texts(data)
    for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "*", "Số 12-NQ/ĐU", "NGHỊ QUYẾT", "T/M BAN THƯỜNG VỤ",
                 "- Lưu Văn phòng Đảng ủy."):
        assert line in texts
    assert "Độc lập - Tự do - Hạnh phúc" not in texts


@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_passes_a_party_document_in_scope(door, tmp_path):
    path = tmp_path / "nq.docx"
    vanban.render(vanban.load(NQ), path)
    if door == "library":
        report = vanban.check_file(path)
        assert report.ok and not report.note, report.failed()
    else:
        result = CliRunner().invoke(main, ["check", str(path)])
        assert result.exit_code == 0, result.output
        assert "Party" not in result.output and "ĐẢNG" not in result.output.split("\n", 1)[0]


@pytest.mark.parametrize("door", ["library", "cli"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_import_round_trips_a_party_document(door, fmt, tmp_path):
    want = vanban.load(NQ)
    path = tmp_path / "nq.docx"
    vanban.render(want, path)
    if fmt == "pdf":
        if not shutil.which("soffice"):
            pytest.skip("LibreOffice not installed")
        result = CliRunner().invoke(main, ["pdf", str(path)])
        assert result.exit_code == 0, result.output
        path = path.with_suffix(".pdf")
    if door == "library":
        back = vanban.import_document(path)
    else:
        out = tmp_path / "back.yaml"
        result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        back = vanban.load(out)
    assert (back.mau.value, back.loai.value, back.so, back.code) == ("dang", "nghi_quyet", 12, "NQ/ĐU")
    assert back.ky == want.ky and back.luu == want.luu and back.noi_nhan == want.noi_nhan


@pytest.mark.parametrize("door", DOORS)
def test_new_party_kind(door, tmp_path):
    if door == "library":
        from vanban.model.schema import Loai, Mau
        from vanban.model.skeleton import skeleton
        text = skeleton(Loai.ket_luan, Mau.dang, schema=None)
    elif door == "cli":
        out = tmp_path / "kl.yaml"
        result = CliRunner().invoke(main, ["new", "ket_luan", "--mau", "dang", "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
    else:
        from test_web_app import csrf
        client, folder = _web(tmp_path)
        r = client.post("/new", data={"csrf_token": csrf(client), "ten_tep": "kl.yaml", "loai": "ket_luan",
                                      "mau": "dang"})
        assert r.status_code == 302, r.get_data(as_text=True)
        text = (folder / "kl.yaml").read_text(encoding="utf-8")
    doc = vanban.load_text(text)
    assert doc.mau.value == "dang" and doc.code == "KL/ĐU" and doc.ky.tm == "BAN THƯỜNG VỤ"
