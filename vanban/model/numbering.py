"""Numbering of the body: the one walk of the section tree that every stage shares.

The YAML never says "I." or "a)": a section's marker follows from its depth,
the kind's scheme (``I. → 1. → 1.1. → a) → -`` for a plan) and any
``kieu_muc`` override. Rendering, derivation (selecting ``III.1``) and the
model's own reading order all walk the tree through :func:`walk`, so the three
can never disagree about which section is "III.1".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence

from vanban.decree import markers
from vanban.model.tables import is_table

#: Styles numbered with Arabic paths: "2." and "2.3.".
_DECIMAL = ("1", "1.1")

if TYPE_CHECKING:  # the schema imports this module; sections are told apart from strings at run time
    from vanban.model.schema import Node


def marker(style: str, index: int, parent_number: str = "") -> str:
    """The printed marker of the ``index``-th (1-based) section in a numbering style
    (:func:`vanban.decree.markers.marker`, beside the parser ``check`` and ``import`` read it back with)."""
    return markers.marker(style, index, parent_number)


def _number(style: str, index: int, parent_number: str) -> str:
    """The Arabic number path handed to decimal sub-sections ("2" → their "2.1.")."""
    if style == "1":
        return str(index)
    if style == "1.1":
        return f"{parent_number}.{index}" if parent_number else str(index)
    return parent_number


def _path_key(style: str, mark: str) -> str:
    """The part of a selection path this level adds: "III", "1", "a", "4" (Điều 4)."""
    key = mark.rstrip(".)").replace("Điều ", "").replace("Chương ", "")
    return key.split(".")[-1] if style == "1.1" else key


@dataclass(frozen=True)
class Numbered:
    """One node of the body with what the page prints for it.

    The walk yields every node once on entering it and, for a section (``Muc``),
    once more with ``end=True`` after its sub-sections (where its ``sau``
    paragraphs print).
    """
    node: "Node"
    depth: int
    style: str        # the numbering style of its level: chuong, I, 1, 1.1, a, -, +, dieu, none
    index: int        # 1-based position among its siblings; an article's number under chapters
    marker: str       # "Chương II", "II.", "2.3.", "đ)", "Điều 4.", "-", ""
    path: str         # selection path: "III.1", "IV.1.a"
    end: bool = False

    @property
    def is_section(self) -> bool:
        return not isinstance(self.node, str) and not is_table(self.node)


def level_style(scheme: Sequence[str], depth: int, override: Optional[str] = None) -> str:
    """The numbering style at ``depth``: the override, else the scheme, else dashes."""
    return override or (scheme[depth] if depth < len(scheme) else "-")


def walk(nodes: Sequence[Any], scheme: Sequence[str], depth: int = 0,
         style: Optional[str] = None, path: str = "", parent_number: str = "",
         tables: bool = False, articles: Optional[list] = None) -> Iterator[Numbered]:
    """Every node under ``nodes`` in reading order, numbered per ``scheme``.

    A table takes no number and is skipped unless ``tables``: its neighbours are numbered as if it
    were not there, and a walk that only wants sections and paragraphs never meets one.
    Articles under chapters are numbered on across the chapters (``articles`` is their count so far):
    Chương II begins with Điều 5 when Chương I ended with Điều 4."""
    style = level_style(scheme, depth, style)
    below = [0] if style == "chuong" else None
    index = 0
    for node in nodes:
        if is_table(node):
            if tables:
                yield Numbered(node, depth, style, 0, "", path)
            continue
        index += 1
        if articles is not None and style == "dieu":
            articles[0] += 1
            index = articles[0]
        mark = marker(style, index, parent_number)
        full = ".".join(p for p in (path, _path_key(style, mark)) if p)
        entry = Numbered(node, depth, style, index, mark, full)
        yield entry
        if not isinstance(node, str):
            yield from walk(node.muc, scheme, depth + 1, node.kieu_muc, full, _number(style, index, parent_number),
                            tables, below)
            yield Numbered(node, depth, style, index, mark, full, end=True)


def texts(nodes: Sequence[Any]) -> Iterator[str]:
    """Every paragraph of text under ``nodes``, in reading order (headings and table cells included)."""
    for n in walk(nodes, (), tables=True):
        if isinstance(n.node, str):
            yield n.node
        elif is_table(n.node):
            yield from n.node.bang.texts()
        elif n.end:
            yield from _items(n.node.sau)
        else:
            if n.node.tieu_de:
                yield n.node.tieu_de
            yield from _items(n.node.doan)


def _items(items: Sequence[Any]) -> Iterator[str]:
    for item in items:
        if is_table(item):
            yield from item.bang.texts()
        else:
            yield item


__all__ = ["Numbered", "walk", "marker", "level_style", "texts"]
