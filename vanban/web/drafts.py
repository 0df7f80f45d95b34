"""The server's copy of what she is typing: never lose work when the browser's own copy is gone
(another computer, a cleared browser, a crash of the machine).

While she types, the editor sends its state every few seconds; it is kept in the hidden file
``.<name>.nhap`` beside the document (``.cv-moi.yaml.nhap``): hidden, so the list never shows it
and no route can open it as a document; JSON of the editor's data, the version of the file it
started from and the time. It is written through the one writer policy
(:func:`vanban.deliver.files.write_atomic`), bounded to :data:`MAX_DRAFT` bytes, never written
over the document itself, offered back when the document is opened and differs from it, and
removed once the document is saved or she discards it.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Optional

from vanban.deliver.files import write_atomic

SUFFIX = ".nhap"
#: A draft larger than this is refused (a whole document is a few tens of kilobytes).
MAX_DRAFT = 1024 * 1024


class TooLarge(ValueError):
    """The draft sent is larger than :data:`MAX_DRAFT`."""


def draft_path(doc: Path) -> Path:
    """Where the draft of the document ``doc`` is kept: ``.<name>.nhap`` in its folder."""
    return doc.parent / f".{doc.name}{SUFFIX}"


def keep(doc: Path, data: dict, version: Optional[str]) -> Path:
    """Store ``data`` (the editor's state) as the draft of ``doc``; :class:`TooLarge` past the bound."""
    blob = json.dumps({"data": data, "version": version, "at": time.time()}, ensure_ascii=False).encode("utf-8")
    if len(blob) > MAX_DRAFT:
        raise TooLarge(len(blob))
    target = draft_path(doc)
    if target == doc:       # cannot happen for a name safe_path let through; the document is never the target
        raise ValueError(doc.name)
    return write_atomic(target, blob, durable=False)


def read(doc: Path) -> Optional[dict]:
    """The draft of ``doc`` ({data, version, at}), or None when there is none or it cannot be read."""
    try:
        with open(draft_path(doc), "rb") as fh:
            got = json.loads(fh.read(MAX_DRAFT + 1))
    except (OSError, ValueError):
        return None
    return got if isinstance(got, dict) and isinstance(got.get("data"), dict) else None


def offered(doc: Path, current: dict) -> Optional[dict]:
    """The draft to offer when ``doc`` is opened: only one that differs from the file's data."""
    got = read(doc)
    return got if got is not None and got["data"] != current else None


def remove(doc: Path) -> None:
    try:
        os.unlink(draft_path(doc))
    except FileNotFoundError:
        pass


__all__ = ["SUFFIX", "MAX_DRAFT", "TooLarge", "draft_path", "keep", "read", "offered", "remove"]
