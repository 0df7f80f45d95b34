"""Loading YAML into the model, with errors a clerk can act on.

Every problem is reported as ``FILE:LINE: field.path: message``. PyYAML's node
tree gives us the line of every key and value; pydantic gives the path of
every error; this module joins the two. Dates are kept as strings while
parsing so that an impossible date is reported by the model, with its line,
instead of crashing the YAML parser.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Optional, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from vanban.i18n import _
from vanban.model import encoding, messages, sheets
from vanban.model.problems import InputError, Problem
from vanban.model.schema import Model, VanBan

PathKey = tuple[Union[str, int], ...]
M = TypeVar("M", bound=BaseModel)


#: Bounds that keep a hostile file from taking the machine (bytes read: see encoding), nesting depth, and
#: values built (an alias repeats its anchor's values; a kilobyte of nested aliases is billions).
MAX_DEPTH = 60
MAX_VALUES = 200_000


class _Merging:
    """What both loaders share: the file name for messages, and bounded "<<" merges."""

    file = "<string>"

    def flatten_mapping(self, node):
        # "<<" merges, each key kept once (the later wins, as YAML says): merges of merges stay
        # as small as their distinct keys instead of doubling at every level (a merge bomb).
        if not any(k.tag == "tag:yaml.org,2002:merge" for k, _v in node.value):
            return
        super().flatten_mapping(node)  # type: ignore[misc]
        last = {}
        for k, v in node.value:
            last[(k.tag, k.value) if isinstance(k, yaml.ScalarNode) else id(k)] = (k, v)
        node.value = list(last.values())


class _Loader(_Merging, yaml.SafeLoader):
    """Safe YAML that keeps dates as text (the model parses and checks them) and refuses
    nesting deeper than :data:`MAX_DEPTH` before Python's own recursion limit is reached."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError([Problem(self.file, mark.line + 1, "", _(
                    "nested more than {n} levels deep").format(n=MAX_DEPTH))])
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: libyaml's parser, when PyYAML has it: the same nodes and marks, several times faster. It
#: composes recursively in C, where a deep file crashes the process (a 200 KB "[[[[…" does)
#: instead of raising, so it only gets files that :func:`_shallow` proves cannot nest too deep.
_FastLoader = type("_FastLoader", (_Merging, yaml.CSafeLoader), {}) if hasattr(yaml, "CSafeLoader") else None

# Integers only as people write them: YAML 1.1 would read 0x1F as 31, 010 as 8 and 1:20 as 80.
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
for _cls in filter(None, (_Loader, _FastLoader)):
    _cls.yaml_implicit_resolvers = {
        ch: [(tag, _DECIMAL if tag == "tag:yaml.org,2002:int" else rx) for tag, rx in resolvers
             if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

#: What may open a block level at the start of a line: indentation, "- ", "? ", ": ".
_LINE_START = re.compile(r"^[ \t?:-]*", re.M)
_FLOW = re.compile(r"[\[\]{}]")


def _shallow(text: str) -> bool:
    """True when ``text`` cannot nest deeper than :data:`MAX_DEPTH`: every block level needs more
    indentation or one more indicator at a line's start (a mapping may hold a sequence at its own
    indentation: hence twice), every flow level one more open bracket. An over-estimate only
    sends a file to the Python loader, which counts exactly."""
    block = max(map(len, _LINE_START.findall(text)), default=0)
    flow = depth = 0
    for m in _FLOW.finditer(text):
        depth += 1 if m.group() in "[{" else -1
        flow = max(flow, depth)
    return 2 * (block + 1) + flow <= MAX_DEPTH


_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _Budget:
    """Values built so far, and the nodes being built (an alias to one of them is a loop)."""

    def __init__(self) -> None:
        self.built = 0
        self.aliased = False
        self.active: set[int] = set()
        self.done: set[int] = set()


def _build(node: yaml.Node, loader: Any, path: PathKey, lines: dict, file: str,
           budget: Optional[_Budget] = None) -> Any:
    budget = budget or _Budget()
    budget.built += 1
    line = node.start_mark.line + 1
    if id(node) in budget.active:
        raise InputError([Problem(file, line, field_name(path), _("an alias refers to the list or mapping it is in"))])
    if id(node) in budget.done and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        budget.aliased = True
    if budget.built > MAX_VALUES:
        msg = (_("too many aliases: the file would expand to more than {n} values") if budget.aliased
               else _("too large: more than {n} values")).format(n=MAX_VALUES)
        # The line of the top-level key whose value expands: an alias has no line of its own.
        raise InputError([Problem(file, lines.get(path[:1], line), "", msg)])
    lines[path] = line
    if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        swallowed = messages.swallowed_dash(node, getattr(lines, "text", ""))
        if swallowed:
            raise InputError([Problem(file, swallowed, field_name(path), messages.swallowed_dash_message())])
        return loader.construct_object(node)
    if node.tag not in _PLAIN_TAGS:
        # A tag on a list or mapping (!!python/object/apply:…) would otherwise be ignored silently.
        raise InputError([Problem(file, line, field_name(path), _("the YAML tag {tag} is not allowed").format(
            tag=node.tag.replace("tag:yaml.org,2002:", "!!")))])
    budget.active.add(id(node))
    try:
        return _build_collection(node, loader, path, lines, file, budget)
    finally:
        budget.active.discard(id(node))
        budget.done.add(id(node))


def _build_collection(node, loader: Any, path: PathKey, lines: dict, file: str, budget: _Budget) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # "<<: *chung" merges, as YAML users expect
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, (list, dict)):
                raise InputError([Problem(file, key_node.start_mark.line + 1, "", _("a key must be a plain word"))])
            key = str(key)
            if key in out:
                raise InputError([Problem(file, key_node.start_mark.line + 1, field_name(path + (key,)),
                                          _("'{key}' is given twice (first on line {line})").format(
                                              key=key, line=lines[path + (key,)]))])
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loader, path + (key,), lines, file, budget)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    return [_build(item, loader, path + (i,), lines, file, budget) for i, item in enumerate(node.value)]


def parse_yaml(text: str, file: str = "<string>") -> tuple[Any, dict[PathKey, int]]:
    """YAML text to plain Python data and a map from each key path to its line."""
    loader = None
    try:
        loader = (_FastLoader if _FastLoader and _shallow(text) else _Loader)(text)  # may refuse a NUL already
        loader.file = file
        root = loader.get_single_node()
        lines: dict[PathKey, int] = messages.LineMap(text)
        data = _build(root, loader, (), lines, file) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = messages.yaml_problem(str(exc.problem or ""), messages.LineMap(text).source_line(line),
                                    str(exc.context or ""), mark.column if mark else None)
        raise InputError([Problem(file, line, "", msg)]) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        # Found again in the text: libyaml counts its position in bytes, PyYAML in characters.
        at = text.find(chr(code))
        line = text.count("\n", 0, at if at >= 0 else exc.position) + 1
        raise InputError([Problem(file, line, "", _("a control character (U+{code:04X}) cannot be in a YAML file")
                                  .format(code=code))]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, "", messages.yaml_problem("", "", str(exc)))]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def _model_fields(model: type[BaseModel], loc: Iterable) -> list[str]:
    """The field names allowed at ``loc``, for a "did you mean" hint."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_names(cls: type = Model) -> set[str]:
    return {cls.__name__}.union(*(_model_names(sub) for sub in cls.__subclasses__()))


_TYPE_TAGS = {"str", "int", "bool", "float", "list", "dict", "none", "tuple"}


def _clean_loc(loc: tuple) -> tuple:
    # pydantic puts union member names ("Muc", "str", "function-after[...]") in
    # the location; they are not keys of the user's file (which may well be "Loai").
    tags = _TYPE_TAGS | _model_names()
    return tuple(p for p in loc if isinstance(p, int) or not ("[" in p or p in tags))


def field_name(loc: tuple) -> str:
    """``('noi_dung', 1, 'doan')`` → ``noi_dung[2].doan``: list items counted from 1, as people count."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_of(exc: ValidationError, model: type[BaseModel], file: str, lines: dict) -> list[Problem]:
    errors = [(e, _clean_loc(e["loc"])) for e in exc.errors()]
    seen, out = set(), []
    for err, loc in errors:
        if err["type"] == "table_cell":
            loc = loc + tuple(err["ctx"]["at"])   # the row (and cell) of the table it concerns
        field = field_name(loc)
        # A section given as a mapping fails the "plain string" member of its
        # union too; the mapping's own errors are the ones worth reading.
        if err["type"] == "string_type" and isinstance(err.get("input"), dict) and any(
                len(other) > len(loc) and other[:len(loc)] == loc for _, other in errors):
            continue
        if (field, err["type"]) in seen:
            continue
        seen.add((field, err["type"]))
        if err["type"] == "missing" and loc and any(
                o[0]["type"] == "extra_forbidden" and o[1][:-1] == loc[:-1] and str(o[1][-1]).lower() == loc[-1]
                for o in errors):
            continue  # "Loai:" was given: the lower-case hint on that key says all
        probe = loc
        while probe and probe not in lines:
            probe = probe[:-1]
        line = lines.get(probe)
        msg = messages.clerk_message(err, lines.source_line(line) if isinstance(lines, messages.LineMap) else "")
        if err["type"] == "extra_forbidden":
            msg = _unknown_key(model, loc, err.get("input"))
        elif err["type"] == "table_cell":
            msg = err["ctx"]["message"]
        elif err["type"] == "union_tag_not_found" or err["type"] == "union_tag_invalid":
            msg = _("expected text, or a section (tieu_de:, doan:, muc:); got {got!r}").format(got=err.get("input"))
        elif err["type"] in _SECTION_OR_TEXT and any(
                o[1] == loc and o[0]["type"] in _SECTION_OR_TEXT and o[0]["type"] != err["type"] for o in errors):
            if (field, "section") in seen:
                continue
            seen.add((field, "section"))
            msg = _("expected text, or a section (tieu_de:, doan:, muc:); got {got!r}").format(got=err.get("input"))
        elif err["type"] == "int_parsing" and str(err.get("input", "")).lower().startswith(("0x", "0o", "0b")):
            msg = _("write the number in decimal digits (got {got!r})").format(got=err["input"])
        out.append(Problem(file, line, field, msg))
    return out


_SECTION_OR_TEXT = {"string_type", "model_type", "dict_type", "model_attributes_type"}


def _unknown_key(model: type[BaseModel], loc: tuple, value: Any) -> str:
    key = str(loc[-1])[:60] if loc else ""  # a 10,000-letter key need not be shown whole
    allowed = _model_fields(model, loc[:-1])
    if key.lower() in allowed:
        return _("unknown key '{key}': keys are written in lower case: '{lower}'").format(key=key, lower=key.lower())
    if not key.isascii() or " " in key:
        # "- Nhiệm vụ: làm" is a one-key mapping to YAML, not the text the clerk meant.
        return _("'{key}: {value}' was read as a key and a value because of the ': ' in it; put the whole "
                 "text in quotes: \"{key}: {value}\"").format(key=key, value=value)
    import difflib      # only for a misspelt key: a fortieth of a second at every load otherwise
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
    if close:
        return _("unknown key '{key}'; did you mean '{close}'?").format(key=key, close=close[0])
    return _("unknown key '{key}'; allowed here: {allowed}").format(key=key, allowed=", ".join(allowed))


_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]|chu_thich '([^']+)'")


def _locate(problems: list[Problem], text: str, lines: dict) -> list[Problem]:
    """Problems of the whole document placed where they are: a footnote at the text that cites it,
    or at its entry under chu_thich."""
    for p in problems:
        m = _FOOTNOTE.search(p.message) if not p.field else None
        if not m:
            continue
        if m.group(1):
            at = text.find(f"[^{m.group(1)}]")
            p.line = text.count("\n", 0, at) + 1 if at >= 0 else p.line
        else:
            p.line, p.field = lines.get(("chu_thich", m.group(2)), p.line), f"chu_thich.{m.group(2)}"
    return problems


def validate(data: Any, model: type[M], file: str, lines: Optional[dict] = None) -> M:
    """Plain data (as from YAML or JSON) validated into ``model``; problems located by YAML line."""
    if not isinstance(data, dict):
        raise InputError([Problem(file, 1, "", _("the file must be a mapping of keys (loai:, co_quan:, …)"))])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, model, file, lines or {})) from None


def load_dict(data: Any, file: str = "<dict>", lines: Optional[dict] = None, folder=None) -> VanBan:
    """Validate plain data (as from YAML or JSON) into a :class:`VanBan`; a table's ``tep:`` is read
    relative to ``folder``, else to ``file``'s (:mod:`vanban.model.sheets`)."""
    if isinstance(data, dict):
        data = sheets.expand(data, file, lambda path, msg: _sheet_problem(file, lines or {}, path, msg), folder)
    return validate(data, VanBan, file, lines)


def line_of(lines: dict, path: tuple) -> Optional[int]:
    """The YAML line of ``path``, else of the nearest key above it that has one."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _sheet_problem(file: str, lines: dict, path: tuple, message: str):
    raise InputError([Problem(file, line_of(lines, path), field_name(path), message)])


def load_model(path: Union[str, os.PathLike], model: type[M]) -> M:
    """Read a YAML file into any of vanban's models (a body file, say), with the same errors."""
    path = os.fspath(path)
    data, lines = parse_yaml(read_text(path), path)
    return validate(data, model, path, lines)


def load_text(text: str, file: str = "<string>", folder=None) -> VanBan:
    """Parse and validate YAML text; ``folder``: where its spreadsheets are, when not beside ``file``."""
    data, lines = parse_yaml(text, file)
    try:
        return load_dict(data, file, lines, folder)
    except InputError as exc:
        raise InputError(_locate(exc.problems, text, lines)) from None


def read_text(path: str) -> str:
    """A text file's contents: UTF-8 (a byte-order mark from Excel or Notepad dropped), or UTF-16;
    a file in an old Vietnamese encoding is refused, naming the encoding (:mod:`vanban.model.encoding`)."""
    try:
        return encoding.read_text(path)
    except encoding.NotText as exc:
        raise InputError([Problem(path, exc.line, "", exc.message)]) from None
    except FileNotFoundError:
        raise InputError([Problem(path, None, "", _("no such file"))]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, None, "", _("a folder, not a file"))]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", exc.strerror or str(exc))]) from None


def load_file(path: Union[str, os.PathLike]) -> VanBan:
    """Read, parse and validate one YAML file."""
    path = os.fspath(path)
    return load_text(read_text(path), path)
