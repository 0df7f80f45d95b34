"""Tables and appendices back from files, checked in files, and given to the units they name
(issue 25), through every door that reaches each guarantee.

Door matrix (guarantee x door), each cell one parametrized case below:

=====================================================================  =======  ===  ===
guarantee                                                              library  CLI  web
=====================================================================  =======  ===  ===
a .docx's tables and appendices come back cell for cell                   x      x    x (derive page: parent .docx)
a PDF's tables and appendices come back cell for cell                     x      x    x (derive page: parent .pdf)
check on a .docx: a heading row that does not repeat fails bang.repeat    x      x    -
check on a .docx: appendix numbering that continues fails phu_luc.pages   x      x    -
every unit's plan holds exactly its rows of the assignment table          x      x    x
the follow-up letter carries the rows naming its body                     x      x    x
=====================================================================  =======  ===  ===
(-: the web checks the YAML it edits, not an uploaded .docx.)
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vanban
from support.table_cases import assignment_parent, differences, document, tables_of, task_names
from test_tables_import import FAULTS, _with_xml
from vanban.cli import main
from vanban.deliver import documents
from vanban.model import VanBan

BODY = {"co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ DÀO SAN"], "viet_tat": "UBND", "dia_danh": "Dào San"},
        "ky": {"tm": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}, "ten_goi": "UBND xã Dào San",
        "cap_duoi": ["Các thôn, bản"]}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The table cases as .docx and PDF, and the 10-unit parent with its units and a body."""
    from vanban.deliver import pdf
    tmp = tmp_path_factory.mktemp("doors")
    model = VanBan.model_validate(document())
    (tmp / "bang.docx").write_bytes(vanban.render_bytes(model))
    assert pdf.convert([tmp / "bang.docx"])[0].status == "ok"
    parent, units, expected = assignment_parent()
    (tmp / "parent.yaml").write_text(yaml.safe_dump(parent, allow_unicode=True), encoding="utf-8")
    (tmp / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    (tmp / "body.yaml").write_text(yaml.safe_dump(BODY, allow_unicode=True), encoding="utf-8")
    return tmp, model, expected


def _client(tmp: Path):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, csrf
    from vanban.web import create_app
    served = tmp / "served"
    served.mkdir(exist_ok=True)
    client = create_app(served, previewer=NoPreview()).test_client()
    return client, csrf(client)


def _post(tmp: Path, mode: str, parent: Path, extra: dict) -> dict[str, str]:
    """The YAML files of the zip the web's derive page sends back."""
    client, token = _client(tmp)
    data = {"csrf_token": token, "mode": mode, "parent": (io.BytesIO(parent.read_bytes()), parent.name)}
    data.update({k: (io.BytesIO(v.read_bytes()), v.name) for k, v in extra.items()})
    r = client.post("/derive", data=data, content_type="multipart/form-data")
    assert r.status_code == 200, re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))[:600]
    z = zipfile.ZipFile(io.BytesIO(r.data))
    return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".yaml")}


# ------------------------------------------------------------------ import
def _import_library(tmp, source):
    return vanban.import_document(source)


def _import_cli(tmp, source):
    out = tmp / f"{source.stem}-{source.suffix[1:]}.yaml"
    r = CliRunner().invoke(main, ["import", str(source), "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    return vanban.load(out)


def _import_web(tmp, source):
    """The derive page imports the uploaded parent: the body's rows in the letter are its tables' rows."""
    letters = _post(tmp, "follow_up", source, {"body": tmp / "body.yaml"})
    return yaml.safe_load(next(iter(letters.values())))


IMPORT_DOORS = {"library": _import_library, "cli": _import_cli, "web": _import_web}


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("door", IMPORT_DOORS)
def test_tables_and_appendices_come_back_through_every_door(files, door, suffix):
    tmp, model, _expected = files
    got = IMPORT_DOORS[door](tmp, tmp / f"bang{suffix}")
    if door == "web":
        # The letter carries the imported table's rows naming a commune's body: "UBND các xã".
        rows = [n["bang"]["dong"] for n in got["noi_dung"] if isinstance(n, dict) and "bang" in n]
        assert rows == [[["Rà soát, thống kê trẻ em", "Tháng 3/2024", "Phòng Giáo dục và Đào tạo", "UBND các xã"]]]
        return
    assert differences(model, got) == []


# ------------------------------------------------------------------ check on a .docx
@pytest.mark.parametrize("rule_id", ["bang.repeat", "phu_luc.pages"])
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_table_or_appendix_fault_fails_its_rule_through_every_door(files, door, rule_id):
    tmp, _model, _expected = files
    bad = tmp / f"fault-{rule_id}.docx"
    bad.write_bytes(_with_xml((tmp / "bang.docx").read_bytes(), FAULTS[rule_id]))
    if door == "library":
        statuses = {r.status for r in vanban.check_file(bad).results if r.rule == rule_id}
        good = {r.status for r in vanban.check_file(tmp / "bang.docx").results if r.rule == rule_id}
        assert statuses == {"fail"} and good == {"pass"}
    else:
        r = CliRunner().invoke(main, ["check", str(bad), "--format", "json"])
        assert r.exit_code == 1
        report = __import__("json").loads(r.output)
        assert {x["status"] for x in report[0]["results"] if x["rule"] == rule_id} == {"fail"}


# ------------------------------------------------------------------ derive
def _plans_library(tmp):
    plans = documents.derive_plans(tmp / "parent.yaml", tmp / "units.yaml", tmp / "plans-lib")
    return {r.unit.dia_ban: r.doc for r in plans.written}


def _plans_cli(tmp):
    out = tmp / "plans-cli"
    r = CliRunner().invoke(main, ["derive", "plan", str(tmp / "parent.yaml"), "--units", str(tmp / "units.yaml"),
                                  "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    return {vanban.load(p).co_quan.dia_danh: vanban.load(p) for p in sorted(out.glob("*.yaml"))}


def _plans_web(tmp):
    plans = _post(tmp, "plan", tmp / "parent.yaml", {"units": tmp / "units.yaml"})
    return {d.co_quan.dia_danh: d for d in (VanBan.model_validate(yaml.safe_load(t)) for t in plans.values())}


PLAN_DOORS = {"library": _plans_library, "cli": _plans_cli, "web": _plans_web}


@pytest.mark.parametrize("door", PLAN_DOORS)
def test_every_unit_gets_exactly_its_rows_through_every_door(files, door):
    tmp, _model, expected = files
    plans = PLAN_DOORS[door](tmp)
    assert len(plans) == 10
    for commune, tasks in expected.items():
        doc = next(d for key, d in plans.items() if key in (commune, f"xã {commune}"))
        assert task_names(doc) == tasks, commune


def _follow_library(tmp):
    return documents.derive_follow_up(tmp / "parent.yaml", tmp / "body.yaml").doc


def _follow_cli(tmp):
    out = tmp / "letter.yaml"
    r = CliRunner().invoke(main, ["derive", "follow-up", str(tmp / "parent.yaml"), "--by", str(tmp / "body.yaml"),
                                  "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    return vanban.load(out)


def _follow_web(tmp):
    letters = _post(tmp, "follow_up", tmp / "parent.yaml", {"body": tmp / "body.yaml"})
    return VanBan.model_validate(yaml.safe_load(next(iter(letters.values()))))


FOLLOW_DOORS = {"library": _follow_library, "cli": _follow_cli, "web": _follow_web}


@pytest.mark.parametrize("door", FOLLOW_DOORS)
def test_the_follow_up_carries_its_bodys_rows_through_every_door(files, door):
    tmp, _model, expected = files
    letter = FOLLOW_DOORS[door](tmp)
    assert task_names(letter) == expected["Dào San"]
    assert len(tables_of(letter)) == 1
