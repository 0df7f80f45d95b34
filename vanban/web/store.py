"""The folder of YAML documents the web app serves: safe names, listing, saving.

The YAML file stays the document of record. The page edits plain data (the
shape :func:`vanban.dump.to_data` writes); saving merges that data into the
file's round-trip tree (ruamel.yaml), so every part the clerk did not change
keeps its comments, quoting and folding, and only the changed values are
written anew. Every file is named by a plain file name inside the served
folder: no ``..``, no absolute path, no symbolic link leading out.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from vanban.deliver.files import write_atomic
from vanban.model.dump import to_data
from vanban.model.loader import InputError, load_text

SUFFIXES = (".yaml", ".yml")
_NAME_RE = re.compile(r"^[^/\\\x00]+$")


class PathRefused(ValueError):
    """A name that would reach outside the served folder, or is not a YAML document."""


class Conflict(RuntimeError):
    """The file changed on disk since the page loaded it (another tab, another program)."""


def safe_path(root: Path, name: str, suffixes: tuple[str, ...] = SUFFIXES) -> Path:
    """``root/name`` when ``name`` is a plain file name of a YAML document that stays inside ``root``.

    Refuses separators, ``..``, absolute paths, hidden files, and a symbolic link
    (or a name) whose real path leaves ``root``.
    """
    if not name or not _NAME_RE.match(name) or name in (".", "..") or name.startswith(".") or os.path.isabs(name):
        raise PathRefused(name)
    if not name.lower().endswith(suffixes):
        raise PathRefused(name)
    real_root = Path(os.path.realpath(root))
    path = real_root / name
    real = Path(os.path.realpath(path))
    if real.parent != real_root:
        raise PathRefused(name)
    return path


def version_of(data: bytes) -> str:
    """The token a page sends back on save: changes whenever the file's bytes change."""
    return hashlib.sha256(data).hexdigest()[:20]


@dataclass
class Entry:
    """One document of the folder, as the list page shows it."""
    name: str
    kind: str = ""
    number: str = ""
    date: str = ""
    subject: str = ""
    draft: bool = True
    error: str = ""


def listing(root: Path) -> list[Entry]:
    """Every YAML document directly in ``root``, by name; a file that does not load says why."""
    out = []
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if not path.name.lower().endswith(SUFFIXES) or path.name.startswith("."):
            continue
        try:
            safe_path(root, path.name)
            doc = load_text(path.read_text(encoding="utf-8"), path.name)
        except PathRefused:
            continue
        except (InputError, OSError, UnicodeDecodeError) as exc:
            out.append(Entry(path.name, error=str(exc).splitlines()[0]))
            continue
        d = doc.ngay
        date = "/".join(f"{x:02d}" if i < 2 else str(x) for i, x in enumerate((d.ngay, d.thang, d.nam)) if x) if d else ""
        out.append(Entry(path.name, doc.loai.value, f"{doc.so:02d}/{doc.code}" if doc.so else f"…/{doc.code}",
                         date, doc.trich_yeu or "", doc.is_draft))
    return out


# ------------------------------------------------------------------ round trip
def _yaml():
    from ruamel.yaml import YAML
    y = YAML()   # round-trip: comments, key order, block styles kept
    y.width = 96
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


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

    Where ``old == new`` the node is kept untouched (its comments and style);
    mappings and lists are merged item by item so a comment stays with its key
    or position; anything else is replaced.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    if old == new and node is not None:
        return node
    if isinstance(new, dict):
        if not isinstance(node, CommentedMap):
            node = CommentedMap()
        known = isinstance(old, dict)
        old = old if known else {}
        # A key the old meaning lacked too held a default (``dau_ket: false``): left as written.
        for key in [k for k in node if k not in new and (k in old or not known)]:
            del node[key]
        for i, (key, value) in enumerate(new.items()):
            if key in node:
                node[key] = merge(node[key], old.get(key), value)
            else:
                node.insert(min(i, len(node)), key, merge(None, None, value))
        return node
    if isinstance(new, list):
        if not isinstance(node, CommentedSeq):
            node = CommentedSeq()
        old = old if isinstance(old, list) else []
        del node[len(new):]
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = merge(node[i], old[i] if i < len(old) else None, value)
            else:
                node.append(merge(None, None, value))
        return node
    return _plain(new)


def normalised(text: str, name: str = "<file>") -> dict:
    """The editor's data for YAML text: validated and in the schema's shape."""
    return to_data(load_text(text, name))


def create(path: Path, text: str) -> str:
    """A new file holding ``text``, written whole; :class:`Conflict` if the name was taken meanwhile."""
    if path.exists():
        raise Conflict(path.name)
    out = text.encode("utf-8")
    write_atomic(path, out)
    return version_of(out)


def save(path: Path, data: dict, base_version: Optional[str]) -> str:
    """Write ``data`` (already validated) to ``path`` keeping comments; returns the new version.

    ``base_version`` is the version the page loaded (None for a new file);
    if the file changed since, :class:`Conflict` is raised and nothing is written.
    """
    y = _yaml()
    current = path.read_bytes() if path.exists() else None
    if (current is None) != (base_version is None) or (current is not None and version_of(current) != base_version):
        raise Conflict(path.name)
    if current is not None:
        text = current.decode("utf-8")
        tree = y.load(text)
        try:
            old = normalised(text, path.name)
        except InputError:
            old = None
        tree = merge(tree, old, data)
    else:
        tree = merge(None, None, data)
    buf = io.StringIO()
    y.dump(tree, buf)
    out = buf.getvalue().encode("utf-8")
    write_atomic(path, out)
    return version_of(out)
