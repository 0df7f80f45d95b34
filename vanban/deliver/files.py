"""Files written whole or not at all.

A clerk's folder must never hold a truncated .docx: a run killed mid-write, a
full disk or Ctrl-C leaves either the old file or the complete new one.
"""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Optional, Union

from vanban.model.schema import VanBan
from vanban.rendering.renderer import render_bytes

PathLike = Union[str, os.PathLike]


@functools.lru_cache(maxsize=1)
def _libc():
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def _link_unnamed(fd: int, target: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (Linux ``linkat`` with AT_SYMLINK_FOLLOW).

    Python's ``os.link`` does not follow the /proc/self/fd link, so libc is
    called directly.
    """
    import ctypes
    libc = _libc()
    at_fdcwd, at_symlink_follow = -100, 0x400
    if libc.linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(target), at_symlink_follow):
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(target))


def write_atomic(path: PathLike, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` so that no reader ever sees a partial file.

    The bytes go to an unnamed file in the target folder (Linux ``O_TMPFILE``),
    are flushed, and only then get a name: a run killed while writing leaves
    nothing behind, and one killed after leaves the whole file. Elsewhere a
    hidden temporary name is used instead, renamed over ``path`` when complete.
    ``durable=False`` skips the flush to disk (5 ms a file here): a batch
    writing thousands of files flushes once at its end (:func:`flush_to_disk`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.part"
    try:
        fd = os.open(path.parent, getattr(os, "O_TMPFILE", 0) | os.O_WRONLY, 0o644)
        named = False
    except (OSError, AttributeError):
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        tmp, named = Path(name), True
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
            if not named:
                _link_unnamed(fh.fileno(), tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def render_file(doc: VanBan, path: PathLike, template: Optional[PathLike] = None,
                template_dir: Optional[PathLike] = None, durable: bool = True) -> Path:
    """Render ``doc`` to the .docx file ``path``; the file appears complete or not at all."""
    return write_atomic(path, render_bytes(doc, template, template_dir), durable)


def flush_to_disk() -> None:
    """Everything written so far, on disk: one flush for a whole batch instead of one a file."""
    if hasattr(os, "sync"):
        os.sync()
