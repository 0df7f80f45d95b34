"""A table and an appendix written by the web editor's one save path (model/yamledit.py through
/api/save) are the same document through every door that reads the saved file: the library
(load_file), the CLI (`vanban render`) and the web (the .docx download) — cell for cell, with
the merges and the landscape appendix."""
from __future__ import annotations

import io
import re
import shutil

import docx
import pytest
from click.testing import CliRunner

from conftest import DATA
from vanban.cli import main
from vanban.model.loader import load_file
from vanban.rendering.renderer import render_bytes
from vanban.web import create_app

LETTER = "lai-chau-ldld-244-2024.yaml"
TABLE = {"bang": {"cot": [["Nội dung", {"noi_dung": "Đơn vị", "gop_cot": 2}]],
                  "dong": [["Rà soát", {"noi_dung": "Phòng GD&ĐT", "gop_dong": 2}, "UBND xã"],
                           ["Tuyên truyền", "Trường MN"]]}}
APPENDIX = {"ten": "Danh sách", "ngang": True, "noi_dung": [TABLE]}
#: The grid python-docx reads back: a merged cell's text in every slot it covers.
GRID = [["Nội dung", "Đơn vị", "Đơn vị"], ["Rà soát", "Phòng GD&ĐT", "UBND xã"], ["Tuyên truyền", "Phòng GD&ĐT", "Trường MN"]]


@pytest.fixture
def saved(tmp_path):
    """The letter with a table in the body and an appendix, saved through the web editor."""
    shutil.copy(DATA / LETTER, tmp_path / LETTER)
    app = create_app(tmp_path)
    with app.test_client() as c:
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
        page = c.get(f"/edit/{LETTER}").get_data(as_text=True)
        import json
        boot = json.loads(re.search(r'id="doc-data">(.*?)</script>', page, re.S).group(1))
        data = boot["data"]
        data["noi_dung"].append(TABLE)
        data["phu_luc"] = [APPENDIX]
        r = c.post(f"/api/save/{LETTER}", json={"data": data, "version": boot["version"]}, headers={"X-CSRF-Token": token})
        assert r.status_code == 200, r.get_json()
    return tmp_path / LETTER


def _library(path) -> bytes:
    return render_bytes(load_file(path))


def _cli(path) -> bytes:
    out = path.parent / "out.docx"
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out.read_bytes()


def _web(path) -> bytes:
    with create_app(path.parent).test_client() as c:
        r = c.get(f"/download/{path.name}.docx")
        assert r.status_code == 200
        return r.data


DOORS = {"library": _library, "cli": _cli, "web": _web}


@pytest.mark.parametrize("door", DOORS)
def test_a_table_saved_by_the_web_editor_reads_back_through_every_door(saved, door):
    d = docx.Document(io.BytesIO(DOORS[door](saved)))
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    assert grids.count(GRID) == 2                      # the body's table and the appendix's
    assert d.sections[-1].page_width > d.sections[-1].page_height


def test_the_saved_model_holds_the_cells_as_sent(saved):
    doc = load_file(saved)
    for bang in (doc.noi_dung[-1].bang, doc.phu_luc[0].noi_dung[0].bang):
        assert bang.model_dump(exclude_defaults=True) == TABLE["bang"]
    assert (doc.phu_luc[0].ten, doc.phu_luc[0].ngang) == ("Danh sách", True)
