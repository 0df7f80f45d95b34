"""Subordinate units for derivative plans: from a YAML or CSV file, or a province.

A units file has shared settings under ``chung`` (merged into every unit) and
the units under ``don_vi``; a CSV file has one unit a row, with the agency name
lines separated by ``|``. ``vn:<province>`` lists a province's communes and
wards from the vietnam-provinces package (the two-level units in force since
1 July 2025).
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from typing import Optional, Union

from pydantic import ValidationError

from vanban.decree import vn
from vanban.i18n import _
from vanban.derive.plans import DonVi
from vanban.model.loader import InputError, Problem, parse_yaml, problems_of, read_text

_DEFAULT_SIGNATURE = {"tm": "ỦY BAN NHÂN DÂN", "kt": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"}


@dataclass
class UnitList:
    """The units and the parent's territory their plans replace (``tỉnh Lai Châu``)."""
    units: list[DonVi]
    parent_area: Optional[str] = None
    #: Units that could not be read: reported, while the good ones still get their plans.
    problems: list[Problem] = field(default_factory=list)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _units(rows: list, common: dict, file: str, lines: dict, path: tuple,
           parent_area: Optional[str] = None) -> UnitList:
    out, problems = [], []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(Problem(file, lines.get(path + (i,)), f"don_vi[{i + 1}]",
                                    _("a unit is a mapping of keys (ten:, dia_danh:, dia_ban:, …), not {got!r}")
                                    .format(got=row)))
            continue
        try:
            out.append(DonVi.model_validate(_merge(common, row)))
        except ValidationError as exc:
            # Lines and fields relative to the unit, so the message names don_vi[3].ky, not ky.
            mine = {p[len(path) + 1:]: n for p, n in lines.items() if p[:len(path) + 1] == path + (i,)}
            for problem in problems_of(exc, DonVi, file, mine):
                problem.field = f"don_vi[{i + 1}]" + (f".{problem.field}" if problem.field else "")
                problem.line = problem.line or lines.get(path + (i,))
                problems.append(problem)
    if not out and problems:
        raise InputError(problems)
    return UnitList(out, parent_area, problems)


def from_province(name: str) -> UnitList:
    """Communes and wards of a province (by name or code), each as a unit."""
    from vietnam_provinces import Province, Ward

    def bare(text: str) -> str:
        return vn.nfc(text).strip().lower().removeprefix("tỉnh ").removeprefix("thành phố ")

    provinces = list(Province.iter_all())
    key = bare(name)
    if key == "all":
        # Every commune and ward of the country; no single parent territory to replace.
        wards = sorted(Ward.iter_all(), key=lambda w: (int(w.province_code), w.name))
        return UnitList([_ward_unit(w) for w in wards], None)
    match = [p for p in provinces if bare(p.name) == key or (key.isdigit() and int(p.code) == int(key))]
    if not match:
        raise InputError([Problem(f"vn:{name}", None, "",
                                  _("no such province; try e.g. vn:Lai Châu, vn:12 or vn:all"))])
    province = match[0]
    units = [_ward_unit(w) for w in sorted((w for w in Ward.iter_all() if w.province_code == province.code),
                                           key=lambda w: w.name)]
    return UnitList(units, province_area(province.name))


def province_area(name: str) -> str:
    """The province in running text: ``tỉnh Lai Châu``, ``thành phố Hà Nội``, whether the package
    names it "Lai Châu" (its 2025 releases) or "Tỉnh Lai Châu" (later ones)."""
    full = " ".join(vn.nfc(name).split())
    for kind in ("thành phố ", "tỉnh "):
        if full.lower().startswith(kind):
            return kind + full[len(kind):]
    return "tỉnh " + full


def _ward_unit(w) -> DonVi:
    kind, _sep, place = " ".join(w.name.split()).partition(" ")
    return DonVi(ten=["ỦY BAN NHÂN DÂN", vn.upper_vi(f"{kind} {place}")], dia_danh=place,
                 dia_ban=f"{kind.lower()} {place}", ten_goi=f"UBND {kind.lower()} {place}",
                 ky=_DEFAULT_SIGNATURE, ma=str(int(w.code)))


def load_units(source: Union[str, os.PathLike]) -> UnitList:
    """Units from ``vn:<province>``, a ``.csv`` file or a YAML file."""
    source = os.fspath(source)
    if source.startswith("vn:"):
        return from_province(source[3:])
    text = read_text(source)
    if source.lower().endswith(".csv"):
        rows, row_lines = [], {}
        reader = csv.DictReader(text.splitlines())
        for row in reader:
            row_lines[("don_vi", len(rows))] = reader.line_num   # errors name the row's line
            # An empty ky_… cell clears that part of the default signature (no KT. line, say);
            # other empty cells are simply not given.
            row = {k.strip(): (v or "").strip() or None for k, v in row.items()
                   if k and ((v and v.strip()) or k.strip().startswith("ky_"))}
            if "ten" in row:
                row["ten"] = [t.strip() for t in row["ten"].split("|")]
            ky = {k[3:]: row.pop(k) for k in list(row) if k.startswith("ky_")}
            row["ky"] = _merge(_DEFAULT_SIGNATURE, ky)
            rows.append(row)
        return _units(rows, {}, source, row_lines, ("don_vi",))
    data, lines = parse_yaml(text, source)
    if isinstance(data, list):
        data = {"don_vi": data}
    if not isinstance(data, dict) or not isinstance(data.get("don_vi"), list):
        raise InputError([Problem(source, 1, "don_vi", _("a units file lists its units under don_vi:"))])
    common = data.get("chung") or {}
    if not isinstance(common, dict):
        raise InputError([Problem(source, lines.get(("chung",)), "chung",
                                  _("shared settings are a mapping of keys (viet_tat:, ky:, …), not {got!r}")
                                  .format(got=common))])
    common = _merge({"ky": _DEFAULT_SIGNATURE}, common)
    return _units(data["don_vi"], common, source, lines, ("don_vi",), data.get("dia_ban_cha"))
