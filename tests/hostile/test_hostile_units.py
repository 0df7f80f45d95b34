"""Plans for every commune and ward of the country: one distinct, readable file each.

Before, units whose names differed only by diacritics ("xã Thạnh An", "xã Thanh An") or were
spelt alike in two provinces got one file name: 3,321 plans wrote 2,915 files."""
from __future__ import annotations

import os
import re

from click.testing import CliRunner

import vanban
from hostile_cases import PLAN
from vanban import derive as d
from vanban.cli import main
from vanban.deliver.documents import plan_paths
from vanban.derive.units import load_units

COUNTRY = 3321


def test_every_unit_of_the_country_gets_its_own_readable_name(tmp_path):
    units = load_units("vn:all").units
    assert len(units) == COUNTRY
    paths = plan_paths(tmp_path, units)
    assert len({os.path.normcase(p.name).casefold() for p in paths}) == COUNTRY
    for unit, path in zip(units, paths):
        base = d.slug(unit.dia_ban)
        assert re.fullmatch(rf"{re.escape(base)}(-{unit.ma})?\.yaml", path.name), (unit.dia_ban, path.name)
    assert sum(p.stem != d.slug(u.dia_ban) for u, p in zip(units, paths)) >= 400  # the ones that collided


def test_deriving_every_unit_of_the_country_writes_every_file(tmp_path):
    result = CliRunner().invoke(main, ["derive", "plan", PLAN, "--units", "vn:all", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = list(tmp_path.glob("*.yaml"))
    assert len(files) == COUNTRY and f"-> {COUNTRY} plan(s)" in result.output
    # Two that differ only by diacritics: both there, each naming its own unit.
    thanh = sorted(p for p in files if p.name.startswith("xa-thanh-an"))
    wanted = sorted(u.ten[1] for u in load_units("vn:all").units if d.slug(u.dia_ban) == "xa-thanh-an")
    assert len(thanh) >= 2 and sorted(vanban.load(p).co_quan.ten[1] for p in thanh) == wanted
    assert "XÃ THẠNH AN" in wanted and "XÃ THANH AN" in wanted
