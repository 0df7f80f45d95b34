"""What went wrong in a YAML file, said in a clerk's terms, with what to write instead.

pydantic says "Input should be a valid string"; a clerk needs to hear that her
line ends in ":" and so YAML read it as a key, and to see the line as it
should be written. PyYAML's own complaints get the same treatment.
"""
from __future__ import annotations

from typing import Any, Optional

from vanban.i18n import N_, _


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


# PyYAML's and libyaml's complaints (each words them its own way), by a piece of their text, to
# what a clerk should do. Checked in order; the first piece found in "problem (context)" wins.
_YAML_PROBLEMS = (
    (("invalid Unicode character escape",),
     N_("a \\u escape that is not a character (a lone surrogate such as \\ud800)")),
    (("found another document",), N_("a file holds one document; this one has a second after a '---' line")),
    (("end of stream (while scanning a quoted scalar", "end of stream (while scanning a double-quoted",
      "end of stream (while scanning a single-quoted"),
     N_("a quotation mark is opened and never closed; close it at the end of the text")),
    (("unknown escape character",),
     N_("an unknown escape after '\\' inside double quotes; write the text in single quotes "
        "or write '\\\\' for one backslash")),
    (("expected ',' or ']'",), N_("a list in brackets [ ] is not closed: a ']' or a ',' is missing")),
    (("expected ',' or '}'",), N_("a group in braces { } is not closed: a '}' or a ',' is missing")),
    (("expected node content", "expected the node content"),
     N_("a value is missing here (a bracket, comma or dash with nothing after it)")),
    (("could not find expected ':'",),
     N_("a line without ':' where a key was expected; indent a text that continues the line above, "
        "or put the text in quotes")),
    (("expected '-' indicator",),
     N_("this line is not a \"- \" item like the lines above it; start it with \"- \" in the same column")),
    (("did not find expected key", "expected <block end>"),
     N_("this line is indented differently from the keys above it; start it in the same column as they do, "
        "or indent it under its key")),
    (("mapping keys are not allowed",), N_("a '?' cannot start a value here; put the text in quotes")),
    (("undefined alias",),
     N_("a text starting with '*' must be put in quotes ('*' names a repeated part in YAML)")),
    (("(while scanning an anchor", "(while scanning an alias"),
     N_("a text starting with '&' or '*' must be put in quotes")),
    (("constructor for the tag", "(while scanning a tag", "(while parsing a tag"),
     N_("a text starting with '!' must be put in quotes ('!' marks a type in YAML)")),
    (("incompatible YAML document", "directive"),
     N_("a line starting with '%' is not allowed; delete it or put the text in quotes")),
    (("chomping or indentation", "(while scanning a block scalar"),
     N_("after '|' or '>' nothing may follow on the same line; start the text on the next line")),
    (("document start",),
     N_("the text goes on after the document ended; check the indentation of this line")),
)


def yaml_problem(problem: str, source: str, context: str = "", column: Optional[int] = None) -> str:
    """PyYAML's complaint (``problem``, its ``context``) in the reader's words, with advice for the
    usual causes; ``source`` is the line it points at, ``column`` where on it. Never libyaml's English:
    a complaint not in the table gets a general one."""
    said = f"{problem} ({context or ''}"
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        return _("not valid YAML: {hint}").format(hint=colon_hint(source))
    # PyYAML and libyaml word it differently; the line itself tells.
    if source.lstrip().startswith("- ") and ("expected <block end>" in problem
                                            or "did not find expected key" in problem):
        return _('not valid YAML: this "- " item is indented less than the items before it; '
                 "start its dash in the same column as theirs")
    if "tab character" in problem or "found character '\\t'" in problem or (
            source.lstrip(" ").startswith("\t") and "cannot start" in problem):
        return _("not valid YAML: a tab character; indent with spaces")
    if "cannot start any token" in problem:
        char = source[column] if column is not None and 0 <= column < len(source) else ""
        return (_("not valid YAML: a value cannot start with '{char}'; put the text in quotes").format(char=char)
                if char.strip() else _("not valid YAML: a value cannot start with this character; "
                                       "put the text in quotes"))
    for pieces, advice in _YAML_PROBLEMS:
        if any(piece in said for piece in pieces):
            return _("not valid YAML: {hint}").format(hint=_(advice))
    return _("not valid YAML: {hint}").format(
        hint=_("this line cannot be read; check its quotes, colons and indentation"))


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
