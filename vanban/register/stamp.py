"""Writing the number and date into the user's YAML, changing nothing else.

vanban's loader knows the line of every key. When ``so`` and ``ngay`` are plain
one-line values (or absent), only those lines are edited in the original text,
so comments, key order, quoting and the indentation of folded paragraphs stay
byte for byte. Any other shape (``ngay`` written as a block mapping, say) goes
through ruamel.yaml's round trip, which keeps comments and key order. The
caller reads the result back and checks it (issuing.py).
"""
from __future__ import annotations

import datetime as _dt
import io
import re

from typing import Optional

from vanban.model.loader import parse_yaml

# A one-line value after "key:", and its trailing comment if any.
_VALUE = re.compile(r"""^(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"]*?)(?P<rest>\s+#.*)?$""")


def _yaml():
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def stamp(text: str, number: int, day: _dt.date, parsed: Optional[tuple[dict, dict]] = None) -> str:
    """``text`` with ``so: number`` and ``ngay: YYYY-MM-DD``. ``parsed`` is vanban's own
    parse of ``text`` (data and key lines), when the caller has it already."""
    data, lines = parsed or parse_yaml(text)
    if not isinstance(data, dict):
        raise ValueError("the file must be a mapping of keys")
    try:
        return _edit_lines(text, data, lines, {"so": str(number), "ngay": day.isoformat()})
    except _Unsupported:
        return stamp_round_trip(text, number, day)


class _Unsupported(Exception):
    pass


def _edit_lines(text: str, data: dict, key_lines: dict, values: dict) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    inserts: list[tuple[int, str]] = []
    for key in ("so", "ngay"):
        if key not in data:
            inserts.append((_insert_at(data, key_lines, key, lines), key))
            continue
        value = data[key]
        i = key_lines[(key,)] - 1
        line = lines[i]
        stripped = line.lstrip()
        tail = stripped[len(key) + 1:]
        end = tail.rstrip("\r\n")
        m = _VALUE.match(end.strip())
        if (not stripped.startswith(f"{key}:") or not m or isinstance(value, (bool, dict, list))
                or (value is not None and not m.group("value"))):
            raise _Unsupported     # a flow mapping, a block value, a value continued on the next line
        lines[i] = f"{line[:len(line) - len(stripped)]}{key}: {values[key]}{_keep_column(m, values[key])}" \
                   f"{tail[len(end):]}"
    for at, key in sorted(inserts, key=lambda x: (x[0], x[1] != "so"), reverse=True):
        lines.insert(at, f"{key}: {values[key]}{newline}")
    return "".join(lines)


def _keep_column(m: re.Match, new: str) -> str:
    """The trailing comment, moved back so that it stays in its column when it can."""
    rest = m.group("rest") or ""
    spaces = len(rest) - len(rest.lstrip())
    shift = len(new) - len(m.group("value"))
    return " " * max(1, spaces - shift) + rest.lstrip() if rest else ""


def _insert_at(data: dict, key_lines: dict, key: str, lines: list[str]) -> int:
    """The line before which a missing ``so``/``ngay`` goes: before ``ngay`` (for ``so``) or
    after ``so`` (for ``ngay``), else after the ``co_quan`` block (above the comments that
    belong to the next key), else at the end."""
    keys = list(data)
    if key == "so" and "ngay" in data:
        return key_lines[("ngay",)] - 1
    if key == "ngay" and "so" in data:
        return key_lines[("so",)]
    if "co_quan" in keys and keys.index("co_quan") + 1 < len(keys):
        at = key_lines[(keys[keys.index("co_quan") + 1],)] - 1
        while at > 0 and lines[at - 1].lstrip().startswith("#"):
            at -= 1
        return at
    return len(lines)


def stamp_round_trip(text: str, number: int, day: _dt.date) -> str:
    """The same through ruamel.yaml's round trip: comments and key order kept, layout redone."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.util import load_yaml_guess_indent
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise ValueError("the file must be a mapping of keys")
    _, indent, offset = load_yaml_guess_indent(text)
    yaml = _yaml()
    yaml.indent(mapping=2, sequence=indent or 2, offset=offset or 0)
    keys = list(data)
    if "so" in data:
        data["so"] = number
    else:
        at = keys.index("ngay") if "ngay" in keys else (keys.index("co_quan") + 1 if "co_quan" in keys else len(keys))
        data.insert(at, "so", number)
    if "ngay" in data:
        data["ngay"] = day.isoformat()
    else:
        data.insert(list(data).index("so") + 1, "ngay", day.isoformat())
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
