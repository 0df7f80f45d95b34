"""libyaml's loader and dumper give what PyYAML's pure-Python ones give: data, lines, errors, text."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

import vanban
from vanban import derive
from vanban.derive.units import from_province
from vanban.model import dump, loader
from vanban.model.loader import InputError, parse_yaml

from conftest import DATA, SEEDS

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


@pytest.fixture
def pure(monkeypatch):
    """Switch vanban's YAML reading and writing to the pure-Python classes for the block."""
    def use():
        monkeypatch.setattr(loader, "_FastLoader", None)  # every file through the pure-Python loader
        dumper = type("PureDumper", (yaml.SafeDumper,), {})
        dumper.add_representer(str, dump._str)
        monkeypatch.setattr(dump, "_Dumper", dumper)
    return use


def derived_plans(n: int = 6):
    parent = vanban.load(DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml")
    units = from_province("Lai Châu")
    return [derive.derive_plan(parent, u, None, units.parent_area, today=dt.date(2024, 1, 15))
            for u in units.units[:n]]


def test_the_c_classes_are_in_use():
    assert issubclass(loader._FastLoader, yaml.CSafeLoader)
    text = (DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml").read_text(encoding="utf-8")
    assert loader._shallow(text)  # a real document goes to libyaml
    assert issubclass(dump._Dumper, yaml.CSafeDumper)


def test_same_yaml_text_for_data_and_derived_plans(pure):
    docs = [vanban.load(DATA / name) for name in sorted(SEEDS)] + derived_plans()
    fast = [dump.to_yaml(d, "a comment") for d in docs]
    pure()
    slow = [dump.to_yaml(d, "a comment") for d in docs]
    assert fast == slow
    assert all(len(t) > 1000 for t in fast)


def test_same_data_and_lines_and_round_trip(pure):
    texts = [(DATA / name).read_text(encoding="utf-8") for name in sorted(SEEDS)]
    texts += [dump.to_yaml(p) for p in derived_plans(3)]
    fast = [parse_yaml(t, "f.yaml") for t in texts]
    pure()
    slow = [parse_yaml(t, "f.yaml") for t in texts]
    assert fast == slow
    data, lines = fast[0]
    assert lines[("loai",)] >= 1 and len(lines) > 20
    # Dates stay text for the model to check, in both.
    dated = [d["ngay"] for d, _ in fast if d.get("ngay")]
    assert "2023-12-08" in dated and not any(isinstance(v, dt.date) for v in dated)


BAD = [
    "loai: cong_van\nco_quan:\n  ten: A\n  ten: B\n",          # a key twice
    "loai: cong_van\ntrich_yeu: V/v: một việc\n",               # ": " unquoted
    "loai: cong_van\nnoi_dung:\n  - a\n - b\n",                  # bad indentation
    "loai: [cong_van\n",                                          # unclosed flow
    "ngay: 2024-02-30\nloai: cong_van\n",                        # impossible date reaches the model
    "loai: cong_van\nco_quan: {ten: A}\nso: x\n",                # schema errors with lines
]


@pytest.mark.parametrize("text", BAD)
def test_same_errors_with_the_same_lines(pure, text):
    def errors():
        try:
            vanban.load_text(text, "bad.yaml") if hasattr(vanban, "load_text") else loader.load_text(text, "bad.yaml")
        except InputError as exc:
            return [(p.line, p.field) for p in exc.problems], str(exc)
        raise AssertionError("accepted")
    fast = errors()
    pure()
    slow = errors()
    assert fast[0] == slow[0]
    assert all(line for line, _ in fast[0]), fast
