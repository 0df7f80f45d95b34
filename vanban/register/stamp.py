"""Writing the number and date into the user's YAML, changing nothing else.

vanban's loader knows the line of every key. When ``so`` and ``ngay`` are plain
one-line values (or absent), only those lines are edited in the original text,
so comments, key order, quoting and the indentation of folded paragraphs stay
byte for byte. Any other shape (``ngay`` written as a block mapping, say) goes
through the one YAML editor (:mod:`vanban.model.yamledit`), which keeps comments
and key order. Either way the text is read back with the model's loader before
it is returned: it must load and say exactly this number and date, or
:class:`~vanban.model.yamledit.EditRefused` is raised and nothing is written.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from vanban.model import yamledit
from vanban.model.loader import parse_yaml

# A one-line value after "key:", and its trailing comment if any.
_VALUE = re.compile(r"""^(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"]*?)(?P<rest>\s+#.*)?$""")


def _says(number: int, day: _dt.date, document: bool):
    """The read-back test: the document (or, for a fragment, its data) carries exactly this
    number and date."""
    if document:
        return lambda doc: doc.so == number and doc.ngay is not None and doc.ngay.date == day
    return lambda data: isinstance(data, dict) and data.get("so") == number and str(data.get("ngay")) == day.isoformat()


def _is_document(text: str, name: str) -> bool:
    """Whether ``text`` is a valid document: then the stamped text must be one too."""
    from vanban.model.loader import InputError, load_text
    try:
        load_text(text, name)
    except InputError:
        return False
    return True


def stamp(text: str, number: int, day: _dt.date, parsed: Optional[tuple[dict, dict]] = None,
          name: str = "<file>") -> str:
    """``text`` with ``so: number`` and ``ngay: YYYY-MM-DD``. ``parsed`` is vanban's own
    parse of ``text`` (data and key lines), when the caller has it already."""
    data, lines = parsed or parse_yaml(text, name)
    if not isinstance(data, dict):
        raise ValueError("the file must be a mapping of keys")
    try:
        out = _edit_lines(text, data, lines, {"so": str(number), "ngay": day.isoformat()})
        document = _is_document(text, name)
        yamledit.read_back(out, name, _says(number, day, document), document)
        return out
    except (_Unsupported, yamledit.EditRefused):
        return stamp_round_trip(text, number, day, name)


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


def stamp_round_trip(text: str, number: int, day: _dt.date, name: str = "<file>") -> str:
    """The same through the one YAML editor: comments and key order kept, layout redone."""
    from ruamel.yaml.comments import CommentedMap

    def change(data):
        if not isinstance(data, CommentedMap):
            raise ValueError("the file must be a mapping of keys")
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

    document = _is_document(text, name)
    return yamledit.edit(text, change, name, _says(number, day, document), document)[0]
