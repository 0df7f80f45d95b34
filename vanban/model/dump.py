"""Writing a document model back as YAML a person can read and edit."""
from __future__ import annotations

import re
from typing import Optional

import yaml

from vanban.model.schema import VanBan


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when PyYAML was built with it (ten times faster, the same text)."""


def _str(dumper: yaml.SafeDumper, value: str):
    # Long text as a folded block (">-"), the way the example files are written.
    style = ">" if len(value) > 70 and "\n" not in value and not value.startswith((" ", "-")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _date(doc: VanBan) -> str | None:
    d = doc.ngay
    if not d or not d.nam:
        return None
    return "-".join([str(d.nam)] + [f"{x:02d}" for x in (d.thang, d.ngay) if x])


def to_data(doc: VanBan) -> dict:
    """The model as plain data in the YAML schema, in the schema's key order, defaults left out."""
    data = doc.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data.update(loai=doc.loai.value, mau=doc.mau.value, ngay=_date(doc))
    _rows_stay_in_their_sheet(data)
    return {key: data[key] for key in VanBan.model_fields if data.get(key) is not None}


def _rows_stay_in_their_sheet(node) -> None:
    """A table whose rows come from a spreadsheet (``tep:``) is written with ``tep:``, not the rows
    read from it: the spreadsheet stays the clerk's record of them."""
    if isinstance(node, list):
        for item in node:
            _rows_stay_in_their_sheet(item)
    elif isinstance(node, dict):
        table = node.get("bang")
        if isinstance(table, dict) and table.get("tep"):
            table.pop("dong", None)
        for value in node.values():
            _rows_stay_in_their_sheet(value)


def to_yaml(doc: VanBan, comment: str = "", notes: Optional[list[tuple[str, str]]] = None) -> str:
    """YAML text for ``doc``, optionally headed by a comment.

    ``notes`` are ``(key, text)`` pairs: text kept as a commented-out block
    after the top-level ``key`` (before the next key when ``key`` is absent),
    for what an import found but could not place.
    """
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.dump(to_data(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96)
    return head + (_with_notes(body, notes) if notes else body)


def _with_notes(text: str, notes: list[tuple[str, str]]) -> str:
    lines = text.splitlines(keepends=True)
    starts = {m.group(1): i for i, line in enumerate(lines) if (m := re.match(r"^(\w+):", line))}
    keys = list(VanBan.model_fields)
    inserts: dict[int, list[str]] = {}
    for key, note in notes:
        later = keys[keys.index(key) + 1:] if key in keys else []
        at = next((starts[k] for k in later if k in starts), len(lines))
        block = inserts.setdefault(at, [])
        if not block:
            block.append("# Not placed by import; found here in the document:\n")
        block += [f"#   {line}\n" for line in note.splitlines() or [""]]
    out = []
    for i, line in enumerate(lines + [""]):
        out += inserts.get(i, [])
        out.append(line)
    return "".join(out)
