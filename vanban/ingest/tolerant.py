"""What import does with a field that breaks a rule of the model: it keeps the document.

The model's rules are for what a person writes (a day needs its month, KT. is followed by a
deputy's title, a kế hoạch has a subject). What import reads is evidence: a form's half-filled
date ``ngày 01 tháng ….. năm 2026``, a signature OCR misread. Such a field is kept as far as the
model can hold it (the date's year), the rest left blank with the text as read in a YAML comment
at its place (``unplaced``), and the repair is named in a warning. ``strict`` keeps the refusal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

import vanban.i18n as i18n
from vanban.model import Loai, VanBan, load_dict
from vanban.model.loader import field_name
from vanban.model.messages import clerk_message

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`

PLACEHOLDER = "…"
_DELEGATIONS = ("tuq", "tl", "q", "kt")     # the authority a repair drops first: the last the decree prints
MAX_ROUNDS = 12


@dataclass
class Loaded:
    """The model, the texts kept as comments ``(key, text)``, and one warning per repair."""
    doc: VanBan
    notes: list[tuple[str, str]] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def load(data: dict, file: str, read: dict[str, str], strict: bool = False) -> Loaded:
    """``data`` as a model; each field that breaks the model's rule repaired (``read``: the text as
    read under each top-level key, for the comment). With ``strict``, or when nothing can be
    repaired, the :class:`~vanban.model.InputError` every YAML file gets."""
    out = Loaded(None)  # type: ignore[arg-type]
    for _round in range(MAX_ROUNDS):
        try:
            out.doc = VanBan.model_validate(data)
            return out
        except ValidationError as exc:
            if strict or not any([_repair(data, err, read, out) for err in exc.errors()]):
                break
    out.doc = load_dict(data, file)     # else the refusal, in the words every YAML error has
    return out


def _repair(data: dict, err: dict, read: dict[str, str], out: Loaded) -> bool:
    """Change ``data`` so that ``err`` goes away, keeping what is removed as a comment; whether it did."""
    path, missing = _path(data, err["loc"])
    why = clerk_message(err)
    if path[:1] == ("ngay",):
        return _date(data, why, read, out)
    if path == ("ky",) and err["type"] == "value_error":
        return _authority(data["ky"], why, out)
    if not path:
        return _whole(data, out)
    if missing or _get(data, path) == "":
        _set(data, path, PLACEHOLDER)
        out.repairs.append(_("{field}: {problem}; written as {blank} for a person to fill in").format(
            field=field_name(path), problem=why, blank=PLACEHOLDER))
        return True
    value = _get(data, path)
    if value in (None, PLACEHOLDER):
        return False
    _remove(data, path)
    text = read.get(path[0], "") if len(path) == 1 else ""
    out.notes.append((str(path[0]), text or _shown(value)))
    out.repairs.append(_("{field}: {problem}; left out, and kept as a comment after {key}").format(
        field=field_name(path), problem=why, key=path[0]))
    return True


def _date(data: dict, why: str, read: dict[str, str], out: Loaded) -> bool:
    """A date the model cannot hold: the day goes first (``ngày 01 tháng …`` is a draft's
    month-less date), then the month; the line as read is kept as a comment."""
    d = data.get("ngay")
    if not isinstance(d, dict) or not d:
        if d is None:
            return False
        data.pop("ngay")
    elif d.get("ngay"):
        d.pop("ngay")
    elif d.get("thang"):
        d.pop("thang")
    else:
        data.pop("ngay")
    out.notes.append(("ngay", read.get("ngay") or _shown(d)))
    kept = data.get("ngay") or {}
    shown = "-".join(f"{kept[k]:02d}" for k in ("nam", "thang") if kept.get(k)) or _("blank")
    out.repairs.append(_("ngay: {problem}; imported as {kept}, the date line as read kept as a comment").format(
        problem=why, kept=shown))
    return True


def _authority(ky: dict, why: str, out: Loaded) -> bool:
    """A signing authority the model refuses (KT. over a head's title, two delegations): dropped."""
    key = next((k for k in _DELEGATIONS if ky.get(k)), None)
    if key is None:
        return False
    line = f"{key.upper()}. {ky.pop(key)}"
    out.notes.append(("ky", line))
    out.repairs.append(_("ky: {problem}; the line {line!r} is kept as a comment").format(problem=why, line=line))
    return True


def _whole(data: dict, out: Loaded) -> bool:
    """The document-wide rules: a kind's subject line, footnotes cited and given."""
    if data.get("loai") != Loai.cong_van.value and not data.get("trich_yeu"):
        data["trich_yeu"] = PLACEHOLDER
        out.repairs.append(_("trich_yeu: the subject line was not found; written as {blank} for a person "
                             "to fill in").format(blank=PLACEHOLDER))
        return True
    return False


def _path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """``loc`` as keys of ``data`` (pydantic adds the names of union members: left out), and
    whether its last key is one ``data`` lacks (a required field missing)."""
    out: list = []
    cur = data
    for k, part in enumerate(loc):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and k == len(loc) - 1 and "[" not in part:
            return tuple(out + [part]), True
        else:
            continue
        out.append(part)
    return tuple(out), False


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _remove(data: Any, path: tuple) -> None:
    parent = _get(data, path[:-1])
    if isinstance(parent, list):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value)
    return str(value)


def read_texts(blocks: list, anchor: dict[int, str]) -> dict[str, str]:
    """The text import placed under each top-level key, line by line: what a comment shows."""
    out: dict[str, list[str]] = {}
    for k in sorted(anchor):
        if blocks[k].text:
            out.setdefault(anchor[k], []).append(blocks[k].text)
    return {key: " / ".join(lines) for key, lines in out.items()}


__all__ = ["load", "Loaded", "read_texts", "PLACEHOLDER"]
