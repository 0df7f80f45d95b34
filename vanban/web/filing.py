"""What the list page does to files: rename, duplicate ("start from this document"), delete to the
bin (thùng rác), restore, empty the bin.

Every new file is written through the one writer policy (:func:`vanban.deliver.files.write_atomic`)
and every name is checked by the editor's own check (:func:`vanban.web.folder.safe_path`: no
separator, no hidden or reserved name such as ``con.yaml``); an existing name is never replaced.
The bin is the hidden folder ``.thung-rac`` beside the documents: a deleted document is moved
there whole (written there first, removed from the folder only then), so nothing is lost if the
server stops between the two steps.
"""
from __future__ import annotations

import itertools
import os
from pathlib import Path

from vanban.deliver.files import write_atomic
from vanban.web import folder

BIN = ".thung-rac"


class Taken(FileExistsError):
    """The new name is already a document of the folder (or of the bin)."""


def bin_of(root: Path) -> Path:
    return Path(root) / BIN


def _target(root: Path, name: str) -> Path:
    path = folder.safe_path(root, name)      # PathRefused for an unsafe or reserved name
    if path.exists():
        raise Taken(name)
    return path


def rename(root: Path, name: str, new: str) -> Path:
    """``name`` renamed ``new``; the old file is removed only once the new one is whole."""
    old = folder.safe_path(root, name)
    data = old.read_bytes()
    path = _target(root, new)
    write_atomic(path, data)
    os.unlink(old)
    _move_draft(old, path)
    return path


def _move_draft(old: Path, new: Path) -> None:
    """The server's draft of ``old`` (:mod:`vanban.web.drafts`) follows the document to its new name."""
    from vanban.web import drafts
    kept = drafts.draft_path(old)
    if kept.is_file():
        write_atomic(drafts.draft_path(new), kept.read_bytes())
        os.unlink(kept)


def copy_name(root: Path, name: str) -> str:
    """A free name for a copy of ``name``: ``x-ban-sao.yaml``, ``x-ban-sao-2.yaml`` …"""
    stem, suffix = os.path.splitext(name)
    for n in itertools.count(1):
        candidate = f"{stem}-ban-sao{'' if n == 1 else '-' + str(n)}{suffix}"
        if not (Path(root) / candidate).exists():
            return candidate
    raise AssertionError("unreachable")


def fresh_draft(text: str, name: str, where: Path) -> str:
    """The YAML ``text`` as a new draft: its number and date cleared, the rest (comments too) kept."""
    from vanban.model import yamledit
    data = folder.normalised(text, name, where)
    for key in ("so", "ngay"):
        data.pop(key, None)
    return yamledit.apply(text, data, name, where)


def duplicate(root: Path, name: str, new: str = "") -> Path:
    """A new draft ``new`` (or a free ``…-ban-sao.yaml``) started from ``name``."""
    src = folder.safe_path(root, name)
    new = new or copy_name(root, name)
    path = _target(root, new)
    write_atomic(path, fresh_draft(src.read_text(encoding="utf-8"), name, src.parent).encode("utf-8"))
    return path


def in_bin(root: Path) -> list[str]:
    """The names of the documents in the bin."""
    where = bin_of(root)
    if not where.is_dir():
        return []
    return sorted(p.name for p in where.iterdir() if p.is_file() and p.name.lower().endswith(folder.SUFFIXES)
                  and not p.name.startswith("."))


def to_bin(root: Path, name: str) -> str:
    """``name`` moved to the bin (under a free name there); returns its name in the bin."""
    src = folder.safe_path(root, name)
    where = bin_of(root)
    where.mkdir(exist_ok=True)
    kept = name
    for n in itertools.count(2):
        if not (where / kept).exists():
            break
        stem, suffix = os.path.splitext(name)
        kept = f"{stem}-{n}{suffix}"
    write_atomic(folder.safe_path(where, kept), src.read_bytes())
    os.unlink(src)
    return kept


def restore(root: Path, name: str) -> Path:
    """``name`` from the bin back into the folder; :class:`Taken` if the folder has that name now."""
    src = folder.safe_path(bin_of(root), name)
    if not src.is_file():
        raise FileNotFoundError(name)
    path = _target(root, name)
    write_atomic(path, src.read_bytes())
    os.unlink(src)
    return path


def empty_bin(root: Path) -> int:
    """Every document in the bin removed for good; how many."""
    from vanban.web import drafts
    names = in_bin(root)
    for name in names:
        os.unlink(folder.safe_path(bin_of(root), name))
        if not (Path(root) / name).exists():      # its draft, unless a new document took the name since
            drafts.remove(Path(root) / name)
    return len(names)


__all__ = ["BIN", "Taken", "bin_of", "rename", "copy_name", "fresh_draft", "duplicate", "in_bin", "to_bin",
           "restore", "empty_bin"]
