"""A body whose top level the source numbered "1.", "2." (headings in sentence case) comes back with
``kieu_muc: '1'`` and prints as typed, through every door (issue 25).

Door matrix (guarantee x door), each cell one parametrized case below:

======================================================================  =======  ===  ===
guarantee                                                               library  CLI  web
======================================================================  =======  ===  ===
import reads the top level's style into kieu_muc (YAML says '1')           x      x    -
the re-rendered .docx prints "1. Mục đích, yêu cầu" … "2.1." in order      x      x    x
a save that changes another field keeps kieu_muc                           x      -    x
======================================================================  =======  ===  ===
(-: the web imports only a parent to derive from; the CLI has no editing command.)
"""
from __future__ import annotations

import io

import docx
import pytest
import yaml
from click.testing import CliRunner

import vanban
from test_top_numbering import _typed_plan
from vanban.cli import main
from vanban.deliver import documents
from vanban.model import yamledit
from vanban.model.dump import to_yaml

PRINTED = ["1. Mục đích, yêu cầu", "1.1. Mục đích", "1.2. Yêu cầu", "2. Tổ chức thực hiện",
           "2.1. Các phòng, ban triển khai thực hiện."]


def _printed_in_order(data: bytes) -> bool:
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    at = [text.index(t) for t in PRINTED]
    return at == sorted(at) and not any(t.startswith(("I. ", "II. ")) for t in text)


def _library(tmp):
    path = tmp / "typed.docx"
    path.write_bytes(_typed_plan())
    text = to_yaml(documents.import_any(path).doc)
    return text, vanban.render_bytes(vanban.VanBan.model_validate(yaml.safe_load(text)))


def _cli(tmp):
    path, out, rendered = tmp / "typed.docx", tmp / "typed.yaml", tmp / "again.docx"
    path.write_bytes(_typed_plan())
    r = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert r.exit_code in (0, 3), r.output
    r = CliRunner().invoke(main, ["render", str(out), "-o", str(rendered)])
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8"), rendered.read_bytes()


@pytest.mark.parametrize("door", ["library", "cli"])
def test_import_reads_the_top_level_style_and_the_rendering_prints_it(door, tmp_path):
    text, rendered = {"library": _library, "cli": _cli}[door](tmp_path)
    data = yaml.safe_load(text)
    assert data["kieu_muc"] == "1" and data["noi_dung"][0]["tieu_de"] == "Mục đích, yêu cầu"
    assert _printed_in_order(rendered)


def test_a_library_save_keeps_the_option(tmp_path):
    text, _ = _library(tmp_path)
    out = yamledit.apply(text, {**yaml.safe_load(text), "trich_yeu": "Kế hoạch đã sửa"})
    assert yaml.safe_load(out)["kieu_muc"] == "1" and _printed_in_order(vanban.render_bytes(
        vanban.VanBan.model_validate(yaml.safe_load(out))))


def test_the_web_editor_saves_and_downloads_with_the_option(tmp_path):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, boot, csrf, post_json
    from vanban.web import create_app
    text, _ = _library(tmp_path)
    served = tmp_path / "served"
    served.mkdir()
    (served / "plan.yaml").write_text(text, encoding="utf-8")
    with create_app(served, previewer=NoPreview()).test_client() as client:
        booted = boot(client, "plan.yaml")
        assert booted["data"]["kieu_muc"] == "1"
        data = {**booted["data"], "trich_yeu": "Kế hoạch đã sửa"}
        r = post_json(client, "/api/save/plan.yaml", {"data": data, "version": booted["version"]}, csrf(client))
        assert r.status_code == 200, r.get_data(as_text=True)[:400]
        assert yaml.safe_load((served / "plan.yaml").read_text(encoding="utf-8"))["kieu_muc"] == "1"
        got = client.get("/download/plan.yaml.docx")
        assert got.status_code == 200 and _printed_in_order(got.data)
