"""The one round-trip editor of a person's YAML: comments, key order and quoting kept, and
nothing returned that does not read back as a valid document saying what was meant.

Every change to a user's file goes through :func:`edit` (the web's save merges the page's
data with :func:`apply`; ``issue`` writes the number and date with it), so the settings of
the round trip and the read-back are written once. :func:`edit` dumps the changed tree,
reads the text back with the model's own loader and checks it; a text that does not load,
or that says something else than was asked, is refused with :class:`EditRefused` and the
caller replaces nothing.

Why comments need care: ruamel.yaml attaches a comment to the *position* of a list item
(``ca.items[i]``) or to the key of a mapping, and a full-line comment to the end of the node
before it. A section moved, indented or turned from a paragraph into a heading would carry
its neighbour's ``# 1.`` into the wrong place; emitted after a mapping that replaced a plain
item it even swallows a line break (``tieu_de: Mục đích doan:``). :func:`merge` therefore
moves an unchanged item *with* its comments, and gives an item whose shape changed, or a
new one, no comment at all.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any, Callable, Optional

from vanban.i18n import _
from vanban.model.dump import to_data
from vanban.model.loader import InputError, Problem, load_dict, load_text, parse_yaml
from vanban.model.schema import VanBan

#: Lines are never folded anew: a long paragraph the clerk wrote on one line stays one line.
WIDTH = 4096


class EditRefused(InputError):
    """The edited text would not be a valid document saying what was asked; nothing was written."""


class _Unread:
    """Given to ruamel's indent guess, which would otherwise parse the whole text once more only
    to return a tree nobody here uses (a save read the clerk's file three times)."""

    @staticmethod
    def load(_text):
        return None


def round_trip(text: str = ""):
    """The ruamel.yaml round trip, with the indentation of ``text`` (the skeleton's by default)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent
    y = YAML()
    y.preserve_quotes = True
    y.width = WIDTH
    sequence, offset = 4, 2
    if text.strip():
        _none, indent, block_offset = load_yaml_guess_indent(text, yaml=_Unread())
        if indent:
            sequence, offset = indent, block_offset or 0
    y.indent(mapping=2, sequence=sequence, offset=offset)
    return y


def _shape(value: Any) -> type:
    return dict if isinstance(value, dict) else list if isinstance(value, list) else str


def _plain(value: Any) -> Any:
    """A JSON-like value as ruamel should write it: a full date as a date, so it is not quoted."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def merge(node: Any, old: Any, new: Any) -> Any:
    """``new`` written into the round-trip ``node`` whose meaning was ``old``.

    Where ``old == new`` the node is kept untouched (its comments and style). Mappings are
    merged key by key; a key whose value changes shape loses its comment. Lists are rebuilt:
    an item equal to an old one is that old node, moved with its comment; an item of the same
    shape at the same place is merged into it; any other item is new and has no comment.
    """
    if old == new and node is not None:
        return node
    if isinstance(new, dict):
        return _merge_map(node, old, new)
    if isinstance(new, list):
        return _merge_seq(node, old, new)
    return _plain(new)


def _merge_map(node: Any, old: Any, new: dict) -> Any:
    from ruamel.yaml.comments import CommentedMap
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
    known = isinstance(old, dict)
    old = old if known else {}
    # A key the old meaning lacked too held a default (``dau_ket: false``): left as written.
    for key in [k for k in node if k not in new and (k in old or not known)]:
        del node[key]
        node.ca.items.pop(key, None)
    for i, (key, value) in enumerate(new.items()):
        if key in node:
            # A comment after ``key:`` then an empty ``[]`` on the next line is not YAML (ruamel).
            if old.get(key) != value and (_shape(node[key]) != _shape(value) or value in ([], {})):
                node.ca.items.pop(key, None)
            node[key] = merge(node[key], old.get(key), value)
        else:
            node.insert(min(i, len(node)), key, merge(None, None, value))
    return node


def _merge_seq(node: Any, old: Any, new: list) -> Any:
    from ruamel.yaml.comments import CommentedSeq
    if not isinstance(node, CommentedSeq):
        node = CommentedSeq()
    old = old if isinstance(old, list) and len(old) == len(node) else [None] * len(node)
    kept = {j: (node[j], node.ca.items.get(j)) for j in range(len(node))}
    free = set(kept)
    # First the items that did not change, wherever they went (a move keeps the comment)...
    chosen: dict[int, int] = {}
    for i, value in enumerate(new):
        j = next((j for j in range(len(old)) if j in free and old[j] is not None and old[j] == value), None)
        if j is not None:
            chosen[i] = j
            free.discard(j)
    items, comments = [], {}
    for i, value in enumerate(new):
        j = chosen.get(i)
        if j is None and i in free and _shape(old[i]) == _shape(value) and old[i] is not None:
            j = i       # ...then an edited item in its place keeps its node and comment
            free.discard(i)
            items.append(merge(kept[i][0], old[i], value))
        elif j is not None:
            items.append(kept[j][0])
        else:
            items.append(merge(None, None, value))
        if j is not None and kept[j][1] is not None:
            comments[i] = kept[j][1]
    del node[:]
    node.ca.items.clear()
    node.extend(items)
    node.ca.items.update(comments)
    return node


def _dump(tree: Any, y) -> str:
    buf = io.StringIO()
    y.dump(tree, buf)
    return buf.getvalue()


def _problem(name: str, message: str) -> EditRefused:
    return EditRefused([Problem(name, None, "", message)])


def read_back(text: str, name: str, check: Optional[Callable[[Any], bool]] = None,
              document: bool = True, folder=None) -> Any:
    """What ``text`` says, when it loads and passes ``check``; else :class:`EditRefused`.

    ``document``: ``text`` must be a valid document (the model's loader), and ``check`` is
    given the :class:`VanBan`; without it (a fragment that was no document before the edit
    either) ``text`` must parse as YAML, and ``check`` is given the plain data. ``folder``: where
    the document's spreadsheets are (a table's ``tep:``), when ``name`` is only a name to show.
    """
    try:
        said = load_text(text, name, folder) if document else parse_yaml(text, name)[0]
    except InputError as exc:
        raise _problem(name, _("the edited file would not be a valid document ({problem}); "
                               "the file was not changed").format(problem=exc.problems[0].message)) from None
    if check is not None and not check(said):
        raise _problem(name, _("the edited file would not say what was asked; the file was not changed"))
    return said


def edit(text: str, change: Callable[[Any], Any], name: str = "<file>",
         check: Optional[Callable[[Any], bool]] = None, document: bool = True, folder=None) -> tuple[str, Any]:
    """``text`` with ``change`` applied to its round-trip tree (``change`` returns the new
    tree, or None when it changed it in place), read back (:func:`read_back`): the new text
    and what it says."""
    y = round_trip(text)
    tree = y.load(text) if text.strip() else None
    changed = change(tree)
    out = _dump(tree if changed is None else changed, y)
    return out, read_back(out, name, check, document, folder)


def apply(text: Optional[str], data: dict, name: str = "<file>", folder=None) -> str:
    """``text`` (None for a new file) saying ``data`` — the plain shape :func:`to_data` writes —
    with every part that did not change kept as written, comments included.

    Read back before it is returned: the text must load and mean exactly ``data``. Should the
    merge of comments ever fail that test, the changed top-level keys are written anew without
    their comments; if that fails too, :class:`EditRefused`.
    """
    want = to_data(load_dict(data, name, folder=folder))

    def same(doc: VanBan) -> bool:
        return to_data(doc) == want

    text = text or ""
    try:
        old = to_data(load_text(text, name, folder)) if text.strip() else None
    except InputError:
        old = None
    try:
        return edit(text, lambda tree: merge(tree, old, want), name, same, folder=folder)[0]
    except EditRefused:
        return edit(text, lambda tree: _fresh(tree, old, want), name, same, folder=folder)[0]


def _fresh(tree: Any, old: Any, new: dict) -> Any:
    """The fallback: a top-level key whose value changed gets a new node with no comments."""
    from ruamel.yaml.comments import CommentedMap
    if not isinstance(tree, CommentedMap) or not isinstance(old, dict):
        return merge(None, None, new)
    for key in [k for k in tree if k not in new and k in old]:
        del tree[key]
        tree.ca.items.pop(key, None)
    for i, (key, value) in enumerate(new.items()):
        if key in tree and old.get(key) == value:
            continue
        tree.ca.items.pop(key, None)
        if key in tree:
            tree[key] = merge(None, None, value)
        else:
            tree.insert(min(i, len(tree)), key, merge(None, None, value))
    return tree


__all__ = ["EditRefused", "apply", "edit", "merge", "read_back", "round_trip"]
