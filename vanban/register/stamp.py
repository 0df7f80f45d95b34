"""Writing the number and date into the user's YAML, changing nothing else.

ruamel.yaml reads the file with the position of every key. When ``so`` and
``ngay`` are plain one-line values (or absent), only those lines are edited in
the original text, so comments, key order, quoting and the indentation of
folded paragraphs stay byte for byte. Any other shape (``ngay`` written as a
block mapping, say) goes through ruamel's round-trip dump, which keeps comments
and key order too. Either way the result is read back and checked.
"""
from __future__ import annotations

import datetime as _dt
import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

# A one-line value after "key:", and its trailing comment if any.
_VALUE = re.compile(r"""^(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"]*?)(?P<rest>\s+#.*)?$""")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def stamp(text: str, number: int, day: _dt.date) -> str:
    """``text`` with ``so: number`` and ``ngay: YYYY-MM-DD``."""
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise ValueError("the file must be a mapping of keys")
    values = {"so": str(number), "ngay": day.isoformat()}
    try:
        out = _edit_lines(text, data, values)
    except _Unsupported:
        out = _dump(text, data, number, day)
    check = _yaml().load(out)
    if check.get("so") != number or str(check.get("ngay")) != day.isoformat():
        out = _dump(text, data, number, day)
    return out


class _Unsupported(Exception):
    pass


def _edit_lines(text: str, data: CommentedMap, values: dict) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    inserts: list[tuple[int, str]] = []
    for key in ("so", "ngay"):
        if key in data:
            line, col = data.lc.key(key)
            head, sep, tail = lines[line].partition(":")
            if head.strip() != key or head[:col].strip():
                raise _Unsupported
            end = tail.rstrip("\r\n")
            m = _VALUE.match(end.strip())
            if not m or not isinstance(data[key], (int, str, type(None), _dt.date)):
                raise _Unsupported
            lines[line] = f"{head}: {values[key]}{_keep_column(m, values[key])}{tail[len(end):]}"
        else:
            inserts.append((_insert_at(data, key, lines), key))
    for at, key in sorted(inserts, key=lambda x: (x[0], x[1] != "so"), reverse=True):
        lines.insert(at, f"{key}: {values[key]}{newline}")
    return "".join(lines)


def _keep_column(m: re.Match, new: str) -> str:
    """The trailing comment, moved back so that it stays in its column when it can."""
    rest = m.group("rest") or ""
    spaces = len(rest) - len(rest.lstrip())
    shift = len(new) - len(m.group("value"))
    return " " * max(1, spaces - shift) + rest.lstrip() if rest else ""


def _insert_at(data: CommentedMap, key: str, lines: list[str]) -> int:
    """The line before which a missing ``so``/``ngay`` goes: before ``ngay`` (for ``so``) or
    after ``so`` (for ``ngay``), else after the ``co_quan`` block, else at the end."""
    keys = list(data)
    if key == "so" and "ngay" in data:
        return data.lc.key("ngay")[0]
    if key == "ngay" and "so" in data:
        return data.lc.key("so")[0] + 1
    if "co_quan" in keys and keys.index("co_quan") + 1 < len(keys):
        return data.lc.key(keys[keys.index("co_quan") + 1])[0]
    return len(lines)


def _dump(text: str, data: CommentedMap, number: int, day: _dt.date) -> str:
    from ruamel.yaml.util import load_yaml_guess_indent
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
