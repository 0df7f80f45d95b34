"""A way to start: `vanban new` skeletons and `vanban schema` for the editor."""
from __future__ import annotations

import io
import json
import re

import docx
import jsonschema
import pytest
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.model import Loai, Mau, load_text
from vanban.model.loader import parse_yaml, read_text
from vanban.model.skeleton import skeleton

from conftest import CELLS, DATA

KINDS = CELLS


@pytest.fixture(scope="module")
def schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(data)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return data


def _errors(schema, data):
    return [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_every_data_file_validates_against_the_schema(schema, path):
    data, _ = parse_yaml(read_text(str(path)), str(path))
    assert _errors(schema, data) == []


@pytest.mark.parametrize("kind, profile", KINDS, ids=lambda v: v.value)
def test_skeleton_validates_renders_as_draft_and_fits_the_schema(schema, kind, profile):
    text = skeleton(kind, profile)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=vanban.schema.json"
    doc = load_text(text, "new.yaml")
    assert doc.loai is kind and doc.mau is profile and doc.is_draft
    document = docx.Document(io.BytesIO(vanban.render_bytes(doc)))
    assert any(p.text.strip() for p in document.paragraphs)
    data, _ = parse_yaml(text, "new.yaml")
    assert _errors(schema, data) == []
    # Every key line (given or commented out) says what the key is.
    for line in text.splitlines():
        m = re.match(r"^\s*(?:# )?([a-z_]+):", line)
        if m and not line.lstrip().startswith("- "):
            assert re.search(r"\S\s+# \S", line), line


def test_schema_rejects_a_mistyped_key(schema):
    data, _ = parse_yaml(skeleton(Loai.cong_van).replace("trich_yeu:", "trich_yue:"), "x.yaml")
    assert any("trich_yue" in e for e in _errors(schema, data))


def test_new_writes_the_file_and_the_schema_beside_it(tmp_path):
    out = tmp_path / "thư mục có dấu" / "kế hoạch.yaml"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["new", "ke_hoach", "--mau", "cong_doan", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_text(out.read_text(encoding="utf-8")).mau is Mau.cong_doan
    assert json.loads((out.parent / "vanban.schema.json").read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
    again = CliRunner().invoke(main, ["new", "ke_hoach", "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    rendered = CliRunner().invoke(main, ["render", str(out), "-o", str(out.with_suffix(".docx"))])
    assert rendered.exit_code == 0, rendered.output


def test_schema_to_file(tmp_path):
    out = tmp_path / "vanban.schema.json"
    assert CliRunner().invoke(main, ["schema", "-o", str(out)]).exit_code == 0
    assert "trich_yeu" in json.loads(out.read_text(encoding="utf-8"))["properties"]


def test_schema_and_skeleton_speak_vietnamese_by_default(monkeypatch):
    monkeypatch.setenv("VANBAN_LANG", "vi")
    data = json.loads(CliRunner().invoke(main, ["schema"]).output)
    props = data["properties"]
    assert props["trich_yeu"]["title"] == "Trích yếu"
    assert props["noi_nhan"]["description"].startswith("nơi nhận")
    assert data["$defs"]["Mau"]["enumDescriptions"][0].startswith("cơ quan nhà nước")
    text = CliRunner().invoke(main, ["new", "cong_van", "-o", "-"]).output
    assert "# ký hiệu văn bản, khi khác với ký hiệu thông thường" in text
    assert "chuc_vu: PHÓ GIÁM ĐỐC" in text and "# chức vụ người ký: PHÓ CHỦ TỊCH" in text


def test_every_field_of_the_schema_has_a_title_in_the_readers_words(schema):
    """The editor shows a field's title as its label: pydantic's own (the key capitalised, 'Vung',
    'Dai Hoi') is English-looking YAML, never words a clerk reads."""
    generated = []
    for name, node in schema["$defs"].items():
        for field, spec in node.get("properties", {}).items():
            if spec.get("title") in (None, field.replace("_", " ").title()):
                generated.append(f"{name}.{field}")
    for field, spec in schema["properties"].items():
        if spec.get("title") in (None, field.replace("_", " ").title()):
            generated.append(f"VanBan.{field}")
    assert generated == []
