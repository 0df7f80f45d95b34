"""Tables and appendices through every door that renders or validates a YAML document: the CLI
(render, validate, check), the library (load_file + render_bytes, check_file) and the web (the
.docx download, the check findings). Guarantees: (1) a table renders as a Word table with its
heading row repeated; (2) an appendix gets a landscape section numbered from 1; (3) a table that
does not fit is refused naming file, line and field; (4) rows come from the spreadsheet beside
the YAML and no file outside its folder can be read."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from conftest import DATA
from vanban.cli import main
from vanban.model.loader import InputError, load_file
from vanban.rendering.renderer import render_bytes

EXAMPLE = "ke-hoach-bang-phan-cong.yaml"
BAD_ROW = ('            - ["Rà soát, thống kê trẻ em trong độ tuổi mầm non trên địa bàn", Tháng 3/2024,',
           '            - ["Rà soát", Thêm một ô, Tháng 3/2024,')


@pytest.fixture
def folder(tmp_path):
    shutil.copy(DATA / EXAMPLE, tmp_path / EXAMPLE)
    shutil.copytree(DATA / "bang", tmp_path / "bang")
    return tmp_path


def _broken(folder, kind: str):
    path = folder / EXAMPLE
    text = path.read_text(encoding="utf-8")
    if kind == "row":
        text = text.replace(*BAD_ROW)
    else:
        (folder.parent / "secret.csv").write_text("mật khẩu,123\n", encoding="utf-8")
        text = text.replace("tep: bang/chi-tieu-xa.csv", "tep: ../secret.csv")
    path.write_text(text, encoding="utf-8")
    return path


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def _cli(folder) -> bytes:
    out = folder / "out.docx"
    r = CliRunner().invoke(main, ["render", str(folder / EXAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out.read_bytes()


def _library(folder) -> bytes:
    return render_bytes(load_file(folder / EXAMPLE))


def _web(folder) -> bytes:
    from vanban.web.app import create_app
    app = create_app(folder)
    with app.test_client() as c:
        r = c.get(f"/download/{EXAMPLE}.docx")
        assert r.status_code == 200
        return r.data


DOORS = {"cli": _cli, "library": _library, "web": _web}


@pytest.mark.parametrize("door", DOORS)
def test_table_and_appendix_render_through_every_door(folder, door):
    xml = _document_xml(DOORS[door](folder))
    assert xml.count("<w:tblHeader/>") == 3          # two heading rows, and the appendix's one
    assert "Phòng Giáo dục và Đào tạo; các trường mầm non" in xml
    assert '<w:vMerge w:val="restart"/>' in xml and '<w:gridSpan w:val="2"/>' in xml
    final = xml[xml.rindex("<w:sectPr"):]
    assert 'w:orient="landscape"' in final and '<w:pgNumType w:start="1"/>' in final
    assert "Xã Hoang Thèn" in xml                     # rows from bang/chi-tieu-xa.csv


def _refused_cli(path):
    r = CliRunner().invoke(main, ["validate", str(path)])
    assert r.exit_code == 2
    return r.output


def _refused_library(path):
    with pytest.raises(InputError) as exc:
        load_file(path)
    return "\n".join(str(p) for p in exc.value.problems)


def _refused_web(path):
    from vanban.web.app import create_app
    app = create_app(path.parent)
    with app.test_client() as c:
        r = c.get(f"/download/{path.name}.docx")
        assert r.status_code >= 400 and b"PK" not in r.data[:2]
        page = c.get(f"/edit/{path.name}", follow_redirects=True).get_data(as_text=True)
        return page


REFUSALS = {"cli": _refused_cli, "library": _refused_library, "web": _refused_web}


@pytest.mark.parametrize("door", REFUSALS)
@pytest.mark.parametrize("kind, says", [("row", "dong[1][5]"), ("outside", "tep")])
def test_a_bad_table_is_refused_by_line_through_every_door(folder, door, kind, says):
    path = _broken(folder, kind)
    out = REFUSALS[door](path)
    assert says in out
    assert "mật khẩu" not in out
    if door != "web":
        line = 36 if kind == "row" else 63
        assert f"{EXAMPLE}:{line}" in out.replace(str(folder) + "/", "")
