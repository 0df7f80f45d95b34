"""The one writer policy (vanban.deliver.files), through every door that writes: the CLI
(import, render, derive), the library (check_outputs, write_yaml, write_atomic, unique_names)
and the web (derive's .zip).

An output is never a database, never a FIFO, never another output of the same run, and never
a YAML a person may have edited unless ``--force`` is given; a refusal is one line naming the
file, exit 2, and the existing file untouched.
"""
from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from vanban.cli import main
from vanban.deliver.files import (OutputError, check_outputs, fingerprinted, is_database, unique_names, untouched,
                                  write_atomic, write_yaml)
from vanban.model import load_text
from vanban.rendering.renderer import render_bytes

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"
PLAN = DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml"
BODY = DATA / "bodies" / "lai-chau-ldld.yaml"
EDITED = "# my notes\nloai: cong_van  # edited by hand\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def letter_docx(tmp_path) -> Path:
    path = tmp_path / "in" / "x.docx"
    path.parent.mkdir()
    path.write_bytes(render_bytes(load_text(LETTER.read_text(encoding="utf-8"))))
    return path


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "reg.yaml"            # a register, whatever its name says
    with sqlite3.connect(path) as db:
        db.execute("create table so (n integer)")
        db.execute("insert into so values (7)")
    return path


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def refused(result, path: Path, before: bytes | None = None) -> None:
    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "Traceback" not in result.output
    if before is not None:
        assert path.read_bytes() == before


# ------------------------------------------------------------------ a YAML a person edited
def test_import_does_not_replace_an_edited_yaml_without_force(tmp_path, letter_docx):
    out = tmp_path / "edited.yaml"
    out.write_text(EDITED, encoding="utf-8")
    refused(run("import", letter_docx, "-o", out), out, EDITED.encode())
    assert "--force" in run("import", letter_docx, "-o", out).output
    ok = run("import", letter_docx, "-o", out, "--force")
    assert ok.exit_code == 0, ok.output
    assert load_text(out.read_text(encoding="utf-8")).so == 244 and untouched(out)


def test_import_default_output_is_protected_too_and_its_own_output_is_replaced(tmp_path, letter_docx, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("import", letter_docx)
    assert first.exit_code == 0, first.output
    out = tmp_path / "output" / "x.yaml"
    assert untouched(out)
    again = run("import", letter_docx)                 # vanban's own file, unchanged: replaced
    assert again.exit_code == 0, again.output
    out.write_text(out.read_text(encoding="utf-8").replace("so: 244", "so: 245"), encoding="utf-8")
    before = out.read_bytes()
    refused(run("import", letter_docx), Path("output") / "x.yaml", before)


def test_derive_follow_up_does_not_replace_an_edited_yaml_without_force(tmp_path):
    out = tmp_path / "letter.yaml"
    out.write_text(EDITED, encoding="utf-8")
    refused(run("derive", "follow-up", PLAN, "--by", BODY, "--tasks", "III.1", "-o", out), out, EDITED.encode())
    ok = run("derive", "follow-up", PLAN, "--by", BODY, "--tasks", "III.1", "-o", out, "--force")
    assert ok.exit_code == 0, ok.output
    assert untouched(out)
    again = run("derive", "follow-up", PLAN, "--by", BODY, "--tasks", "III.1", "-o", out)
    assert again.exit_code == 0, again.output


def test_derive_plan_does_not_replace_an_edited_plan_without_force(tmp_path):
    units = DATA / "units" / "lai-chau-2023.yaml"
    assert run("derive", "plan", PLAN, "--units", units, "-o", tmp_path).exit_code == 0
    assert run("derive", "plan", PLAN, "--units", units, "-o", tmp_path).exit_code == 0   # its own plans
    plan = tmp_path / "huyen-tam-duong.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# checked by the clerk\n", encoding="utf-8")
    before = plan.read_bytes()
    refused(run("derive", "plan", PLAN, "--units", units, "-o", tmp_path), plan, before)
    assert run("derive", "plan", PLAN, "--units", units, "-o", tmp_path, "--force").exit_code == 0


def test_library_write_yaml_and_check_outputs_keep_an_edited_yaml(tmp_path):
    path = tmp_path / "a.yaml"
    write_yaml(path, "loai: cong_van\n")
    assert untouched(path) and path.read_text(encoding="utf-8").startswith("loai: cong_van\n# vanban-sha256: ")
    write_yaml(path, "loai: to_trinh\n")                         # unchanged since vanban wrote it
    path.write_text(path.read_text(encoding="utf-8").replace("to_trinh", "bao_cao"), encoding="utf-8")
    assert not untouched(path)
    with pytest.raises(OutputError, match="--force"):
        write_yaml(path, "loai: cong_van\n")
    with pytest.raises(OutputError):
        check_outputs([path])
    check_outputs([path], force=True)
    assert "bao_cao" in path.read_text(encoding="utf-8")
    assert fingerprinted("a: 1") == fingerprinted("a: 1\n")


# ------------------------------------------------------------------ never a database
def test_import_never_writes_over_a_database_even_with_force(database, letter_docx):
    before = database.read_bytes()
    refused(run("import", letter_docx, "-o", database, "--force"), database, before)


def test_render_never_writes_over_a_database(tmp_path):
    target = tmp_path / "out.docx"
    with sqlite3.connect(target) as db:
        db.execute("create table t (x)")
    before = target.read_bytes()
    refused(run("render", LETTER, "-o", target), target, before)


def test_library_never_writes_over_a_database(database):
    before = database.read_bytes()
    assert is_database(database)
    with pytest.raises(OutputError, match=str(database)):
        check_outputs([database], force=True)
    with pytest.raises(OutputError):
        write_atomic(database, b"not a register")
    with sqlite3.connect(database) as db:
        assert db.execute("select n from so").fetchall() == [(7,)]
    assert database.read_bytes() == before


# ------------------------------------------------------------------ never a FIFO
def test_import_and_render_refuse_a_fifo_without_blocking(fifo, letter_docx, tmp_path):
    refused(run("import", letter_docx, "-o", fifo, "--force"), fifo)
    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)
    refused(run("render", LETTER, "-o", pipe), pipe)


def test_library_refuses_a_fifo(fifo):
    with pytest.raises(OutputError, match="FIFO"):
        check_outputs([fifo], force=True)
    with pytest.raises(OutputError):
        write_yaml(fifo, "loai: cong_van\n", force=True)


# ------------------------------------------------------------------ never another output of the run
def test_import_of_two_files_of_one_name_writes_two_files_and_says_so(tmp_path, letter_docx):
    other = tmp_path / "b" / "x.docx"
    other.parent.mkdir()
    other.write_bytes(render_bytes(load_text(PLAN.read_text(encoding="utf-8"))))
    out = tmp_path / "out"
    result = run("import", letter_docx, other, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["x-2.yaml", "x.yaml"]
    assert load_text((out / "x.yaml").read_text(encoding="utf-8")).so == 244
    assert load_text((out / "x-2.yaml").read_text(encoding="utf-8")).loai.value == "ke_hoach"
    assert "x-2.yaml" in result.output and str(other) in result.output


def test_library_unique_names_in_a_zip():
    assert unique_names(["p/xa-a.yaml", "p/xa-a.yaml", "p/XA-A.yaml"], ["01", "02", ""]) == [
        "p/xa-a.yaml", "p/xa-a-02.yaml", "p/XA-A-2.yaml"]


UNITS_TWINS = """dia_ban_cha: tỉnh Lai Châu
chung:
  viet_tat: UBND
  ky: {tm: ỦY BAN NHÂN DÂN, kt: CHỦ TỊCH, chuc_vu: PHÓ CHỦ TỊCH}
  luu: [VT]
don_vi:
  - ten: [ỦY BAN NHÂN DÂN, XÃ TÂN UYÊN]
    dia_danh: Tân Uyên
    dia_ban: xã Tân Uyên
    ten_goi: UBND xã Tân Uyên (huyện Tân Uyên)
    ma: "03001"
  - ten: [ỦY BAN NHÂN DÂN, XÃ TÂN UYÊN]
    dia_danh: Tân Uyên
    dia_ban: xã Tân Uyên
    ten_goi: UBND xã Tân Uyên (huyện Than Uyên)
    ma: "03002"
"""


def test_web_derive_zip_gives_two_units_of_one_territory_two_entries(tmp_path):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, _upload, csrf
    from vanban.web import create_app
    with create_app(tmp_path, previewer=NoPreview()).test_client() as client:
        r = _upload(client, csrf(client, "/derive"), "plan", (PLAN.name, PLAN.read_bytes()),
                    units=("units.yaml", UNITS_TWINS.encode("utf-8")))
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    z = zipfile.ZipFile(io.BytesIO(r.data))
    yamls = sorted(n for n in z.namelist() if n.endswith(".yaml"))
    assert len(yamls) == 2 and len(set(n.casefold() for n in z.namelist())) == 4
    said = {load_text(z.read(n).decode("utf-8")).co_quan.ten_goi for n in yamls}
    assert said == {"UBND xã Tân Uyên (huyện Tân Uyên)", "UBND xã Tân Uyên (huyện Than Uyên)"}


def test_cli_derive_plan_gives_two_units_of_one_territory_two_files(tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text(UNITS_TWINS, encoding="utf-8")
    out = tmp_path / "plans"
    result = run("derive", "plan", PLAN, "--units", units, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.yaml")) == ["xa-tan-uyen-03002.yaml", "xa-tan-uyen.yaml"]


# ------------------------------------------------------------------ never an input
def test_an_input_is_never_an_output_library_and_cli(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(LETTER.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(OutputError, match="input"):
        check_outputs([src], [src], force=True)
    before = src.read_bytes()
    refused(run("derive", "follow-up", src, "--by", BODY, "-o", src, "--force"), src, before)
