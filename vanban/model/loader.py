"""Loading YAML into the model, with errors a clerk can act on.

Every problem is reported as ``FILE:LINE: field.path: message``. PyYAML's node
tree gives us the line of every key and value; pydantic gives the path of
every error; this module joins the two. Dates are kept as strings while
parsing so that an impossible date is reported by the model, with its line,
instead of crashing the YAML parser.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Any, Iterable, Optional, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from vanban.i18n import _
from vanban.model import messages
from vanban.model.schema import VanBan

PathKey = tuple[Union[str, int], ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Problem:
    """One thing wrong with an input file."""
    file: str
    line: Optional[int]
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(ValueError):
    """Bad input: carries every problem found, each with its file, line and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps dates as text (the model parses and checks them).

    libyaml's parser when PyYAML has it: it composes the same nodes, with the
    same line marks, several times faster."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _build(node: yaml.Node, loader: _Loader, path: PathKey, lines: dict, file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
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
            out[key] = _build(value_node, loader, path + (key,), lines, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, path + (i,), lines, file) for i, item in enumerate(node.value)]
    swallowed = messages.swallowed_dash(node, getattr(lines, "text", ""))
    if swallowed:
        raise InputError([Problem(file, swallowed, field_name(path), messages.swallowed_dash_message())])
    return loader.construct_object(node)


def parse_yaml(text: str, file: str = "<string>") -> tuple[Any, dict[PathKey, int]]:
    """YAML text to plain Python data and a map from each key path to its line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        lines: dict[PathKey, int] = messages.LineMap(text)
        data = _build(root, loader, (), lines, file) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = messages.yaml_problem(str(exc.problem or exc), messages.LineMap(text).source_line(line))
        raise InputError([Problem(file, line, "", msg)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, "", _("not valid YAML: {problem}").format(problem=exc))]) from None
    finally:
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


def _clean_loc(loc: tuple) -> tuple:
    # pydantic puts union member names ("Muc", "str", "function-after[...]") in
    # the location; they are not keys of the user's file.
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or "[" in p or p in ("str",)))


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
        field = field_name(loc)
        # A section given as a mapping fails the "plain string" member of its
        # union too; the mapping's own errors are the ones worth reading.
        if err["type"] == "string_type" and isinstance(err.get("input"), dict) and any(
                len(other) > len(loc) and other[:len(loc)] == loc for _, other in errors):
            continue
        if (field, err["type"]) in seen:
            continue
        seen.add((field, err["type"]))
        probe = loc
        while probe and probe not in lines:
            probe = probe[:-1]
        line = lines.get(probe)
        msg = messages.clerk_message(err, lines.source_line(line) if isinstance(lines, messages.LineMap) else "")
        if err["type"] == "extra_forbidden":
            allowed = _model_fields(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5)
            msg = (_("unknown key '{key}'; did you mean '{close}'?").format(key=loc[-1], close=close[0]) if close else
                   _("unknown key '{key}'; allowed here: {allowed}").format(key=loc[-1], allowed=", ".join(allowed)))
        out.append(Problem(file, line, field, msg))
    return out


def validate(data: Any, model: type[M], file: str, lines: Optional[dict] = None) -> M:
    """Plain data (as from YAML or JSON) validated into ``model``; problems located by YAML line."""
    if not isinstance(data, dict):
        raise InputError([Problem(file, 1, "", _("the file must be a mapping of keys (loai:, co_quan:, …)"))])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, model, file, lines or {})) from None


def load_dict(data: Any, file: str = "<dict>", lines: Optional[dict] = None) -> VanBan:
    """Validate plain data (as from YAML or JSON) into a :class:`VanBan`."""
    return validate(data, VanBan, file, lines)


def load_model(path: Union[str, os.PathLike], model: type[M]) -> M:
    """Read a YAML file into any of vanban's models (a body file, say), with the same errors."""
    path = os.fspath(path)
    data, lines = parse_yaml(read_text(path), path)
    return validate(data, model, path, lines)


def load_text(text: str, file: str = "<string>") -> VanBan:
    """Parse and validate YAML text."""
    data, lines = parse_yaml(text, file)
    return load_dict(data, file, lines)


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError([Problem(path, None, "", _("no such file"))]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, None, "", _("not UTF-8 text ({reason} at byte {start}); save the file as UTF-8").format(
            reason=exc.reason, start=exc.start))]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", exc.strerror or str(exc))]) from None


def load_file(path: Union[str, os.PathLike]) -> VanBan:
    """Read, parse and validate one YAML file."""
    path = os.fspath(path)
    return load_text(read_text(path), path)
