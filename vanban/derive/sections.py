"""The parent's sections by their printed numbers, and what they ask of a new body."""
from __future__ import annotations

import functools

import re
from typing import Iterable

from vanban.decree import vn
from vanban.model import inline, numbering
from vanban.model.schema import Muc, Node, VanBan
from vanban.i18n import _


def numbered_sections(doc: VanBan) -> dict[str, Node]:
    """Every section by its printed number path: ``"III.1"``, ``"II.2.1"``, ``"IV.1.a"``."""
    return {n.path: n.node for n in numbering.walk(doc.noi_dung, doc.scheme) if not n.end}


def find_sections(doc: VanBan, names: Iterable[str]) -> list[str]:
    """Number paths of the sections whose heading names one of ``names`` (case-insensitive).

    Only headings count: a task that merely mentions the body ("… phối hợp với
    Liên đoàn Lao động tỉnh") does not assign work to it.
    """
    wanted = [vn.nfc(n).lower() for n in names if n]
    return [path for path, node in numbered_sections(doc).items()
            if isinstance(node, Muc) and node.tieu_de and any(w in node.tieu_de.lower() for w in wanted)]


def select(doc: VanBan, selectors: Iterable[str]) -> list[Node]:
    """The sections named by number paths (``III.1``); a bad path raises ``KeyError`` listing the valid ones."""
    sections = numbered_sections(doc)
    out = []
    for sel in selectors:
        key = sel.strip().rstrip(".")
        if key not in sections:
            raise KeyError(_("no section {section} in the parent; it has {sections}").format(
                section=repr(sel), sections=", ".join(sections)))
        out.append(sections[key])
    return out


def tasks_of(nodes: list[Node]) -> list[Node]:
    """What the selected sections ask for, as a list of tasks for a new body."""
    tasks: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            tasks.append(node)
            continue
        # A table's rows go to the units they name (:mod:`vanban.derive.rows`), not to every unit.
        paragraphs = [re.sub(r"^[-–+]\s+", "", p) for p in node.doan + node.sau if isinstance(p, str)]
        tasks += paragraphs + list(node.muc)
        if not paragraphs and not node.muc and node.tieu_de:
            tasks.append(node.tieu_de)
    return tasks


@functools.lru_cache(maxsize=4096)
def _footnote_keys(text: str) -> frozenset:
    # Every plan derived from one parent carries the same paragraphs: parse each once.
    return frozenset(inline.footnote_keys(text))


def notes_for(parent: VanBan, nodes: list[Node]) -> dict:
    """The parent's footnotes cited in ``nodes``, to carry along with them."""
    cited = {k for text in numbering.texts(nodes) for k in _footnote_keys(text)}
    return {k: v for k, v in parent.chu_thich.items() if k in cited}
