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
from dataclasses import dataclass
from typing import Optional, Union

from pydantic import ValidationError

from vanban.decree import vn
from vanban.derive.plans import DonVi
from vanban.model.loader import InputError, Problem, parse_yaml, problems_of, read_text

_DEFAULT_SIGNATURE = {"tm": "ỦY BAN NHÂN DÂN", "kt": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"}


@dataclass
class UnitList:
    """The units and the parent's territory their plans replace (``tỉnh Lai Châu``)."""
    units: list[DonVi]
    parent_area: Optional[str] = None


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _units(rows: list[dict], common: dict, file: str, lines: dict, path: tuple) -> list[DonVi]:
    out, problems = [], []
    for i, row in enumerate(rows):
        try:
            out.append(DonVi.model_validate(_merge(common, row)))
        except ValidationError as exc:
            problems += problems_of(exc, DonVi, file, {p[len(path) + 1:]: n for p, n in lines.items()
                                                     if p[:len(path) + 1] == path + (i,)})
    if problems:
        raise InputError(problems)
    return out


def from_province(name: str) -> UnitList:
    """Communes and wards of a province (by name or code), each as a unit."""
    from vietnam_provinces import Province, Ward

    def bare(text: str) -> str:
        return vn.nfc(text).strip().lower().removeprefix("tỉnh ").removeprefix("thành phố ")

    provinces = list(Province.iter_all())
    key = bare(name)
    match = [p for p in provinces if bare(p.name) == key or str(int(p.code)) == key.lstrip("0")]
    if not match:
        raise InputError([Problem(f"vn:{name}", None, "", "no such province; try e.g. vn:Lai Châu or vn:12")])
    province = match[0]
    units = []
    for w in sorted((w for w in Ward.iter_all() if w.province_code == province.code), key=lambda w: w.name):
        kind, _, place = " ".join(w.name.split()).partition(" ")
        units.append(DonVi(ten=["ỦY BAN NHÂN DÂN", vn.upper_vi(f"{kind} {place}")], dia_danh=place, dia_ban=f"{kind.lower()} {place}",
                           ten_goi=f"UBND {kind.lower()} {place}", ky=_DEFAULT_SIGNATURE))
    city = "thành phố "
    if province.name.lower().startswith(city):
        area = city + province.name[len(city):]
    else:
        area = "tỉnh " + province.name
    return UnitList(units, area)


def load_units(source: Union[str, os.PathLike]) -> UnitList:
    """Units from ``vn:<province>``, a ``.csv`` file or a YAML file."""
    source = os.fspath(source)
    if source.startswith("vn:"):
        return from_province(source[3:])
    text = read_text(source)
    if source.lower().endswith(".csv"):
        rows = []
        for row in csv.DictReader(text.splitlines()):
            row = {k.strip(): v.strip() for k, v in row.items() if k and v and v.strip()}
            if "ten" in row:
                row["ten"] = [t.strip() for t in row["ten"].split("|")]
            ky = {k[3:]: row.pop(k) for k in list(row) if k.startswith("ky_")}
            row["ky"] = _merge(_DEFAULT_SIGNATURE, ky)
            rows.append(row)
        return UnitList(_units(rows, {}, source, {}, ()))
    data, lines = parse_yaml(text, source)
    if isinstance(data, list):
        data = {"don_vi": data}
    if not isinstance(data, dict) or not isinstance(data.get("don_vi"), list):
        raise InputError([Problem(source, 1, "don_vi", "a units file lists its units under don_vi:")])
    common = _merge({"ky": _DEFAULT_SIGNATURE}, data.get("chung") or {})
    return UnitList(_units(data["don_vi"], common, source, lines, ("don_vi",)), data.get("dia_ban_cha"))
