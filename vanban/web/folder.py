"""The folder of YAML documents the web app serves: safe names, listing, saving.

The YAML file stays the document of record. The page edits plain data (the
shape :func:`vanban.dump.to_data` writes); saving merges that data into the
file's round-trip tree through the one YAML editor (:mod:`vanban.model.yamledit`),
so every part the clerk did not change keeps its comments, quoting and folding,
and only the changed values are written anew. Every file is named by a plain file name inside the served
folder: no ``..``, no absolute path, no symbolic link leading out.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from vanban.deliver.files import write_atomic
from vanban.model import yamledit
from vanban.model.dump import to_data
from vanban.model.loader import InputError, load_text

SUFFIXES = (".yaml", ".yml")
_NAME_RE = re.compile(r"^[^/\\\x00]+$")
#: Names Windows reserves for devices, whatever the suffix (con.yaml cannot be copied to a Windows
#: machine), and the characters it refuses in a name: the folder is shared with Windows users.
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)
_WINDOWS_BAD = re.compile(r'[<>:"|?*\x01-\x1f]|[. ]$')


def windows_reserved(name: str) -> bool:
    """True for a name Windows cannot hold: a device name (``con.yaml``), a character it refuses,
    or a trailing dot or space."""
    return bool(_WINDOWS_RESERVED.match(name) or _WINDOWS_BAD.search(name))


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
    if not name.lower().endswith(suffixes) or windows_reserved(name):
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


@dataclass(frozen=True)
class Listed:
    """One document of the folder, as the list page shows it."""
    name: str
    kind: str = ""
    number: str = ""
    date: str = ""
    subject: str = ""
    draft: bool = True
    error: str = ""
    modified: float = 0.0
    year: int = 0


#: The list page's rows by file and its stat. The page is opened many times a day over a folder of
#: hundreds of documents and validating one costs milliseconds, so only a changed file is read again.
#: A file that fails, or takes rows from a spreadsheet (which may change under it), is never kept.
_ROWS: dict[tuple, Listed] = {}
_MAX_ROWS = 20000
_SPREADSHEET = re.compile(r"^\s*(?:-\s+)?tep\s*:", re.M)


def listing(root: Path) -> list[Listed]:
    """Every YAML document directly in ``root``, by name; a file that does not load says why."""
    out = []
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if not path.name.lower().endswith(SUFFIXES) or path.name.startswith("."):
            continue
        try:
            safe_path(root, path.name)
            out.append(_listed(root, path))
        except PathRefused:
            continue
    return out


def _listed(root: Path, path: Path) -> Listed:
    try:
        st = path.stat()
        key = (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns)
        if key in _ROWS:
            return _ROWS[key]
        text = path.read_text(encoding="utf-8")
        doc = load_text(text, path.name, root)
    except (InputError, OSError, UnicodeDecodeError) as exc:
        return Listed(path.name, error=str(exc).splitlines()[0], modified=_mtime(path))
    d = doc.ngay
    date = "/".join(f"{x:02d}" if i < 2 else str(x) for i, x in enumerate((d.ngay, d.thang, d.nam)) if x) if d else ""
    row = Listed(path.name, doc.loai.value, f"{doc.so:02d}/{doc.code}" if doc.so else f"…/{doc.code}",
                 date, doc.trich_yeu or "", doc.is_draft, modified=st.st_mtime, year=(d.nam or 0) if d else 0)
    if not _SPREADSHEET.search(text):
        if len(_ROWS) >= _MAX_ROWS:
            _ROWS.clear()
        _ROWS[key] = row
    return row


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def normalised(text: str, name: str = "<file>", folder: Optional[Path] = None) -> dict:
    """The editor's data for YAML text: validated and in the schema's shape; ``folder``: where its
    spreadsheets are."""
    return to_data(load_text(text, name, folder))


def create(path: Path, text: str) -> str:
    """A new file holding ``text``, written whole; :class:`Conflict` if the name was taken meanwhile."""
    if path.exists():
        raise Conflict(path.name)
    out = text.encode("utf-8")
    write_atomic(path, out)
    return version_of(out)


def save(path: Path, data: dict, base_version: Optional[str]) -> str:
    """Write ``data`` to ``path`` keeping comments; returns the new version.

    ``base_version`` is the version the page loaded (None for a new file);
    if the file changed since, :class:`Conflict` is raised and nothing is written.
    The text is made by the one YAML editor (:func:`vanban.model.yamledit.apply`), which
    reads it back before it is written: a text that would not load, or would say something
    else than ``data``, raises :class:`~vanban.model.yamledit.EditRefused` and the file
    stays as it was.
    """
    current = path.read_bytes() if path.exists() else None
    if (current is None) != (base_version is None) or (current is not None and version_of(current) != base_version):
        raise Conflict(path.name)
    out = yamledit.apply(current.decode("utf-8") if current is not None else None, data, path.name,
                         path.parent).encode("utf-8")
    write_atomic(path, out)
    return version_of(out)
