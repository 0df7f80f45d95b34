"""The web editor's tree operations (vanban/web/static/editor.js ``renderNode``), in Python.

Each function does to the page's data exactly what its button does in the browser, then
types a text where the browser would leave an empty field to fill in, so the result is a
document the clerk could save. A node is addressed as the page addresses it: the list that
holds it, its index, and the (list, index) of the section above it (None at the top).
"""
from __future__ import annotations

import copy
from typing import Callable, Iterator, Optional

Parent = Optional[tuple[list, int]]


def collapse(node):
    """editor.js ``collapse``: a section left with one untitled paragraph becomes that paragraph."""
    if isinstance(node, dict) and not node.get("tieu_de") and len(node.get("doan") or []) <= 1 \
            and not node.get("muc") and not node.get("sau") and not node.get("kieu_muc"):
        return (node.get("doan") or [""])[0] or ""
    return node


def up(lst, i, parent):
    lst[i - 1], lst[i] = lst[i], lst[i - 1]


def down(lst, i, parent):
    lst[i + 1], lst[i] = lst[i], lst[i + 1]


def outdent(lst, i, parent):
    plist, pi = parent
    host = plist[pi]
    moved = host["muc"].pop(i)
    plist.insert(pi + 1, moved)
    plist[pi] = collapse(host)


def indent(lst, i, parent):
    prev = lst[i - 1]
    if not isinstance(prev, dict):
        prev = lst[i - 1] = {"doan": [prev], "muc": []}
    prev["muc"] = prev.get("muc") or []
    prev["muc"].append(lst.pop(i))


def add_paragraph(lst, i, parent):
    lst.insert(i + 1, "Đoạn thêm vào")


def add_section(lst, i, parent):
    lst.insert(i + 1, {"tieu_de": "Mục thêm vào", "muc": []})


def add_subsection(lst, i, parent):
    if not isinstance(lst[i], dict):
        lst[i] = {"doan": [lst[i]], "muc": []}
    lst[i]["muc"] = lst[i].get("muc") or []
    lst[i]["muc"].append("Mục con thêm vào")


def delete(lst, i, parent):
    lst.pop(i)
    if parent:
        parent[0][parent[1]] = collapse(parent[0][parent[1]])


#: Each operation and when its button is enabled (editor.js ``btn(..., disabled, ...)``).
OPS: dict[str, tuple[Callable, Callable]] = {
    "up": (up, lambda lst, i, parent: i > 0),
    "down": (down, lambda lst, i, parent: i < len(lst) - 1),
    "outdent": (outdent, lambda lst, i, parent: parent is not None),
    "indent": (indent, lambda lst, i, parent: i > 0),
    "add_paragraph": (add_paragraph, lambda *a: True),
    "add_section": (add_section, lambda *a: True),
    "add_subsection": (add_subsection, lambda *a: True),
    "delete": (delete, lambda *a: True),
}


def nodes(lst: list, path: tuple = (), parent: Parent = None) -> Iterator[tuple[tuple, list, int, Parent]]:
    """Every node of the body tree, depth first: (path of indexes, its list, index, parent)."""
    for i, node in enumerate(lst):
        yield path + (i,), lst, i, parent
        if isinstance(node, dict):
            yield from nodes(node.get("muc") or [], path + (i,), (lst, i))


def find(data: dict, path: tuple) -> tuple[list, int, Parent]:
    lst, parent = data["noi_dung"], None
    for depth, i in enumerate(path):
        if depth == len(path) - 1:
            return lst, i, parent
        parent = (lst, i)
        lst = lst[i].setdefault("muc", [])
    raise LookupError(path)


def cases(data: dict) -> Iterator[tuple[str, tuple]]:
    """(operation, node path) for every enabled button of every node of ``data``'s body."""
    for path, lst, i, parent in nodes(data["noi_dung"]):
        for name, (_fn, enabled) in OPS.items():
            if enabled(lst, i, parent):
                yield name, path


def applied(data: dict, op: str, path: tuple) -> Optional[dict]:
    """A copy of ``data`` after pressing ``op`` on the node at ``path`` (None: button disabled there)."""
    data = copy.deepcopy(data)
    try:
        lst, i, parent = find(data, path)
    except (LookupError, IndexError, AttributeError, TypeError):
        return None
    if not 0 <= i < len(lst) or not OPS[op][1](lst, i, parent):
        return None
    OPS[op][0](lst, i, parent)
    if not data["noi_dung"]:
        data["noi_dung"] = ["Nội dung còn lại"]   # the page refuses an empty body; the clerk types one
    return data


def texts(body: list) -> list[str]:
    """Every heading and paragraph of the body in reading order: what the .docx must print, in order."""
    out = []
    for node in body:
        if isinstance(node, str):
            out.append(node)
            continue
        out += [t for t in [node.get("tieu_de")] if t] + list(node.get("doan") or [])
        out += texts(node.get("muc") or []) + list(node.get("sau") or [])
    return out
