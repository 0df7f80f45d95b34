"""Text pasted from Word, made into the model's shape (one pure function, :func:`from_word`).

What Word puts on the clipboard is not what the decree prints: a line break inside a paragraph,
list numbers typed as text (``1.⇥…``, ``a)⇥…``), dashes and bullets (``-⇥``, ``•``), tabs,
no-break spaces and soft hyphens. Kept as they are, the numbers print twice (the document
numbers its own items), two lines run together ("đoạndòng") and a Kính gửi prints "- - …".
Here every pasted line becomes a paragraph or an item, the typed markers become structure,
and the invisible characters are cleaned; the caller is told what changed so it can offer to
undo it. The web editor calls it for every paste (``/api/paste``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from vanban.i18n import N_

#: Characters Word leaves that print wrong or not at all: no-break and narrow spaces become
#: spaces, soft hyphens and zero-width marks go.
_SPACES = dict.fromkeys(map(ord, "\t\u00a0\u202f\u2007\u2009\u3000"), " ")
_GONE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_NUMBER = re.compile(r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]|Điều\s+\d+\.)\s+(?=\S)")
_LETTER = re.compile(r"^[a-zđ][)\.]\s+(?=\S)")
# A dash, plus, or one of Word's bullets (Symbol/Wingdings private-use codes included).
_DASH = re.compile(r"^[-–—+•·▪◦○●\uf0b7\uf0a7\uf0d8\uf076\uf0fc*]\s*(?=\S)")

Node = Union[str, dict]

CLEANED = N_("tabs, no-break spaces and soft hyphens cleaned")
SPLIT = N_("{n} pasted lines made separate paragraphs")
NUMBERS = N_("{n} typed numbers (1., a), -) made into the document's own numbering")


@dataclass
class Pasted:
    """The pasted text as the model holds it, and what was changed to get there."""
    lines: list[str]                      # each non-empty line, cleaned, markers kept
    items: list[str]                      # each line without its typed marker (Kính gửi, Nơi nhận)
    nodes: list[Node]                     # body items: numbered paragraphs, a) items beneath, - items
    changes: list[tuple[str, int]] = field(default_factory=list)   # (message id, count)


def clean_line(text: str) -> str:
    """One line without tabs, no-break spaces, soft hyphens or runs of spaces."""
    return " ".join(text.translate(_GONE).translate(_SPACES).split())


def strip_marker(line: str) -> tuple[str, str]:
    """(kind, text): ``"number"``, ``"letter"``, ``"dash"`` or ``""`` and the line without its marker."""
    for kind, pattern in (("number", _NUMBER), ("letter", _LETTER), ("dash", _DASH)):
        m = pattern.match(line)
        if m:
            return kind, line[m.end():]
    return "", line


def _as_section(node: Node) -> dict:
    return node if isinstance(node, dict) else {"doan": [node], "muc": []}


def _nodes(lines: list[str]) -> tuple[list[Node], int]:
    """Body items from marked lines: ``1.`` starts an item, ``a)`` an item beneath the last one,
    ``-`` a dash line under the last item; an unmarked line is an item of its own."""
    nodes: list[Node] = []
    marked = 0
    for line in lines:
        kind, text = strip_marker(line)
        marked += kind != ""
        if kind == "letter" and nodes:
            parent = nodes[-1] = _as_section(nodes[-1])
            parent.setdefault("muc", []).append(text)
        elif kind == "dash" and nodes:
            host = nodes[-1] = _as_section(nodes[-1])
            children = host.get("muc") or []
            if children:   # under the last a) item
                children[-1] = _as_section(children[-1])
                children[-1]["doan"].append("- " + text)
            else:
                host["doan"].append("- " + text)
        else:
            nodes.append(text)
    return nodes, marked


def from_word(text: str) -> Pasted:
    """What ``text`` pasted from Word becomes (see the module's docstring)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").replace("\v", "\n")
    raw_lines = [line for line in raw.split("\n") if line.strip()]
    lines = [clean_line(line) for line in raw_lines]
    lines = [line for line in lines if line]
    items = [strip_marker(line)[1] for line in lines]
    nodes, marked = _nodes(lines)
    changes = []
    if any(clean_line(r) != r.strip() for r in raw_lines):
        changes.append((CLEANED, 1))
    if len(lines) > 1:
        changes.append((SPLIT, len(lines)))
    if marked:
        changes.append((NUMBERS, marked))
    return Pasted(lines, items, nodes, changes)


__all__ = ["Pasted", "from_word", "clean_line", "strip_marker"]
