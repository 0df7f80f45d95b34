"""What went wrong in a YAML file, said in a clerk's terms, with what to write instead.

pydantic says "Input should be a valid string"; a clerk needs to hear that her
line ends in ":" and so YAML read it as a key, and to see the line as it
should be written. PyYAML's own complaints get the same treatment.
"""
from __future__ import annotations

from typing import Any, Optional

from vanban.i18n import _


class LineMap(dict):
    """Key path → line number, with the source text kept for quoting a line back."""

    def __init__(self, text: str = ""):
        super().__init__()
        self.text = text

    def source_line(self, line: Optional[int]) -> str:
        rows = self.text.splitlines()
        return rows[line - 1] if line and 0 < line <= len(rows) else ""


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _requote(source: str) -> str:
    """The source line with its value put in quotes: ``- Căn cứ …:`` → ``- "Căn cứ …:"``."""
    stripped = source.lstrip()
    indent = source[:len(source) - len(stripped)]
    dash = ""
    while stripped.startswith("- "):
        dash += "- "
        stripped = stripped[2:].lstrip()
    key, sep, rest = stripped.partition(": ")
    if sep and not dash and key.replace("_", "").isalnum() and key.isascii():
        return f"{indent}{key}: {quoted(rest.strip())}"
    return f"{indent}{dash}{quoted(stripped.strip())}"


def colon_hint(source: str) -> str:
    """Advice for a value YAML split at a colon, with the corrected line."""
    msg = _('a text that ends with ":" or contains ": " must be put in quotes')
    if source.strip():
        msg += _("; write this line as: {line}").format(line=_requote(source).strip())
    return msg


def _given(err: dict) -> Any:
    return err.get("input")


def clerk_message(err: dict, source: str = "") -> str:
    """The message for one pydantic error; ``source`` is the YAML line it points at."""
    kind, given = err["type"], _given(err)
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("required but missing")
    if kind == "string_type":
        if isinstance(given, dict) and len(given) == 1 and None in given.values():
            return colon_hint(source)
        if isinstance(given, dict):
            return _("write text here, not keys indented under it")
        if isinstance(given, list):
            return _("write one text here, not a list")
        if isinstance(given, bool):
            return _("write text here; to write the word {word} put it in quotes: {q}").format(
                word=given, q=quoted(str(given).lower()))
        if given is None:
            return _("write the text after the colon, or leave the key out")
        return _("write text here; put a number in quotes: {q}").format(q=quoted(str(given)))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("write a whole number here (got {given})").format(given=_shown(given))
    if kind in ("bool_parsing", "bool_type"):
        return _("write true or false here (got {given})").format(given=_shown(given))
    if kind in ("enum", "literal_error"):
        return _("write one of: {choices} (got {given})").format(
            choices=ctx.get("expected", "").replace("'", "").replace(" or ", ", "), given=_shown(given))
    if kind == "list_type":
        return _("write a list here: one item a line, each starting with \"- \"")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("write keys indented under this one (like ten:, viet_tat:), not {given}").format(given=_shown(given))
    if kind == "greater_than_equal":
        return _("must be {limit} or more (got {given})").format(limit=ctx.get("ge"), given=_shown(given))
    if kind == "less_than_equal":
        return _("must be {limit} or less (got {given})").format(limit=ctx.get("le"), given=_shown(given))
    if kind == "greater_than":
        return _("must be more than {limit} (got {given})").format(limit=ctx.get("gt"), given=_shown(given))
    if kind == "value_error":
        # Our validators raise messages that are already translated.
        return str(ctx.get("error") or err["msg"].removeprefix("Value error, "))
    if kind in ("too_long", "string_too_long"):
        return _("too long: at most {n}").format(n=ctx.get("max_length"))
    return _("not valid here (got {given})").format(given=_shown(given))


def _shown(given: Any) -> str:
    if isinstance(given, (dict, list)):
        return _("a group of keys") if isinstance(given, dict) else _("a list")
    return repr(given) if isinstance(given, str) else str(given)


def swallowed_dash(node, text: str) -> Optional[int]:
    """The line of a "- " item that YAML folded into the plain text above it, or None.

    A list item indented one space more than its siblings is read by YAML as
    the continuation of the previous item's text ("… 2025. - Bố trí …").
    ``text`` is the source: libyaml's marks carry line numbers but not the text.
    """
    start, end = node.start_mark.line, node.end_mark.line
    if node.style or end <= start:   # plain: None in PyYAML, "" in libyaml
        return None
    rows = text.splitlines()
    for k in range(start + 1, min(end, len(rows) - 1) + 1):
        if rows[k].lstrip().startswith("- "):
            return k + 1
    return None


def swallowed_dash_message() -> str:
    return _('this "- " item was joined to the text of the line above because it is indented more than '
             "the items before it; start its dash in the same column as theirs")


def yaml_problem(problem: str, source: str) -> str:
    """PyYAML's complaint, with advice for the usual causes."""
    msg = _("not valid YAML: {problem}").format(problem=problem)
    if "mapping values are not allowed" in problem:
        return _("not valid YAML: {hint}").format(hint=colon_hint(source))
    # PyYAML and libyaml word it differently; the line itself tells.
    if source.lstrip().startswith("- ") and ("expected <block end>" in problem
                                            or "did not find expected key" in problem):
        return _('not valid YAML: this "- " item is indented less than the items before it; '
                 "start its dash in the same column as theirs")
    if "found character '\\t'" in problem or (source.lstrip(" ").startswith("\t") and "cannot start" in problem):
        return _("not valid YAML: a tab character; indent with spaces")
    return msg


__all__ = ["LineMap", "clerk_message", "colon_hint", "swallowed_dash", "swallowed_dash_message", "yaml_problem",
           "quoted"]


def reason(exc: BaseException) -> Optional[str]:
    """Why reading or writing failed, in the reader's words, for the failures every door meets
    (the system's file errors, memory, nesting, bad Unicode); None for any other exception, which
    the caller words for its own context. Never the exception's class name."""
    import errno
    if isinstance(exc, OSError):
        return {errno.ENAMETOOLONG: _("file name too long"), errno.ENOSPC: _("no space left on the disk"),
                errno.EACCES: _("permission denied"), errno.EROFS: _("read-only file system"),
                errno.ENOENT: _("no such file"), errno.EISDIR: _("is a folder")}.get(
            exc.errno, exc.strerror or _("the file cannot be read"))
    if isinstance(exc, RecursionError):
        return _("the input is nested too deeply")
    if isinstance(exc, MemoryError):
        return _("not enough memory: the input is too large")
    if isinstance(exc, UnicodeError):
        return _("text that is not valid Unicode ({detail})").format(detail=str(exc)[:200])
    return None
