"""Every output vanban writes: checked by one policy, written whole or not at all.

The policy (:func:`check_outputs`, asked of every output of a run before anything is
written — render, pdf, import, derive, the register's export, the web's downloads):
an output is never one of the run's inputs, never a database (an SQLite file, known by
its first 16 bytes, whatever its name), never a FIFO, device or folder, never another
output of the same run (:func:`unique_paths` gives a second ``x.yaml`` the name
``x-2.yaml``; :func:`unique_names` does the same inside a .zip), and never a YAML a
person may have edited, unless the run was given ``--force``.

How vanban knows a YAML was not edited: a YAML vanban writes (:func:`write_yaml`) ends
with the line ``# vanban-sha256: <digest>``, the SHA-256 of everything above it. A file
whose last line is that of its own text was written by vanban and changed by nobody
since; it may be replaced. Any change (a value, a comment, the number ``issue`` writes, a
save in the web editor) breaks the digest, and a file without the line (written by a
person, or by an older vanban) is taken as edited: replacing it needs ``--force``.

A clerk's folder must never hold a truncated .docx: a run killed mid-write, a
full disk or Ctrl-C leaves either the old file or the complete new one.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import secrets
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Sequence, Union

from vanban.i18n import _
from vanban.tools import alive
from vanban.model.problems import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover - the templates are loaded only by what renders (render_file)
    from vanban.model.schema import VanBan

PathLike = Union[str, os.PathLike]
#: Longest file name most file systems take (bytes, not characters: Vietnamese letters take 2-3).
NAME_MAX = 255
#: The first bytes of every SQLite database (a register), whatever the file is called.
SQLITE_HEADER = b"SQLite format 3\x00"
YAML_SUFFIXES = (".yaml", ".yml")
#: The last line of a YAML vanban wrote: the SHA-256 of the text above it.
FINGERPRINT = "# vanban-sha256: "


class OutputError(InputError):
    """An output that must not be written: it is an input, not a regular file, or cannot be made."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, _("a folder")), (stat.S_ISFIFO, _("a FIFO (named pipe)")),
                       (stat.S_ISCHR, _("a device")), (stat.S_ISBLK, _("a device")),
                       (stat.S_ISSOCK, _("a socket"))):
        if test(mode):
            return name
    return _("not a regular file")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def output_problem(path: PathLike, inputs: Iterable[PathLike] = (), force: bool = True) -> Optional[str]:
    """Why ``path`` must not be written (None: it may). Asked of every output before anything
    is written, so a run never replaces its own input, a database, a device, a FIFO or a
    folder; with ``force=False``, nor a YAML a person may have edited (:func:`untouched`)."""
    path = Path(path)
    if len(os.fsencode(path.name)) > NAME_MAX:
        return _("the file name is too long ({n} bytes; at most {max})").format(
            n=len(os.fsencode(path.name)), max=NAME_MAX)
    for inp in inputs:
        if _same(path, Path(inp)):
            return _("refusing to write over the input file {name}").format(name=inp)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        return exc.strerror
    if mode is not None and not stat.S_ISREG(mode):
        return _("refusing to write: it is {kind}, not a regular file").format(kind=_kind(mode))
    if mode is not None and is_database(path):
        return _("refusing to write over a database (a register); choose another file name")
    if mode is not None and not force and path.suffix.lower() in YAML_SUFFIXES and not untouched(path):
        return _("the file exists and may have been edited by a person; not replaced "
                 "(add --force to replace it)")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return _("cannot write here: {name} is not a folder").format(name=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return _("cannot write in the folder {name} (read-only or no permission)").format(name=folder)
    return None


def is_database(path: PathLike) -> bool:
    """Whether ``path`` is an SQLite database (a register), by its first bytes, not its name."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_outputs(outputs: Iterable[PathLike], inputs: Iterable[PathLike] = (), force: bool = False) -> None:
    """Raise :class:`OutputError` naming every output that may not be written (see the module's
    policy), and any two outputs that are the same file; nothing has been written when it does.
    ``inputs``: every file the run reads (a register's database included). ``force``: a YAML
    a person may have edited may be replaced (the command's ``--force``)."""
    inputs = [Path(p) for p in inputs]
    problems, seen = [], {}
    for out in outputs:
        why = output_problem(out, inputs, force)
        key = _fold(Path(out))
        if why is None and key in seen:
            why = _("two outputs would be written to this one file (also {name})").format(name=seen[key])
        seen.setdefault(key, out)
        if why:
            problems.append(Problem(os.fspath(out), None, "", why))
    if problems:
        raise OutputError(problems)


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def fingerprinted(text: str) -> str:
    """``text`` (YAML) with the last line that marks it as written by vanban and unchanged."""
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{body}{FINGERPRINT}{_digest(body)}\n"


def untouched(path: PathLike) -> bool:
    """Whether the YAML at ``path`` is exactly as vanban wrote it (its fingerprint line holds)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    body, sep, last = text.rstrip("\n").rpartition("\n")
    return last.startswith(FINGERPRINT) and last[len(FINGERPRINT):].strip() == _digest(body + sep)


def write_yaml(path: PathLike, text: str, inputs: Iterable[PathLike] = (), force: bool = False,
               durable: bool = True) -> Path:
    """Write a YAML vanban made (import, derive) under the policy, with its fingerprint line:
    an existing file a person may have edited is replaced only with ``force``."""
    why = output_problem(path, [Path(p) for p in inputs], force)
    if why:
        raise OutputError([Problem(os.fspath(path), None, "", why)])
    return write_atomic(path, fingerprinted(text).encode("utf-8"), durable)


def _fold(path: Path) -> str:
    # Case-insensitive: the same folder on a Windows or macOS disk holds one of X.docx and x.docx.
    return os.path.normcase(os.path.abspath(path)).casefold()


def unique_paths(paths: Sequence[PathLike], tags: Optional[Sequence[str]] = None) -> list[Path]:
    """``paths`` with every collision made unique: the second ``x.docx`` becomes ``x-<tag>.docx``
    (the unit's code, say) or ``x-2.docx``; the first keeps its name. Folders and case are
    compared as the file system would."""
    taken: set[str] = set()
    out = []
    for k, p in enumerate(paths):
        p = Path(p)
        tagged = [p.with_name(f"{p.stem}-{_safe(tags[k])}{p.suffix}")] if tags and tags[k] else []
        numbered = (p.with_name(f"{p.stem}-{n}{p.suffix}") for n in itertools.count(2))
        chosen = next(c for c in itertools.chain([p], tagged, numbered) if _fold(c) not in taken)
        taken.add(_fold(chosen))
        out.append(chosen)
    return out


def _safe(tag: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", tag).strip("-") or "x"


def unique_names(names: Sequence[str], tags: Optional[Sequence[str]] = None) -> list[str]:
    """Names inside one .zip archive made distinct as :func:`unique_paths` does for a folder
    (``a/x.yaml`` twice: ``a/x.yaml``, ``a/x-<tag>.yaml``), so no entry hides another when
    the archive is unpacked, on a case-insensitive disk too."""
    return [p.as_posix() for p in unique_paths([Path(n) for n in names], tags)]


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
    why = output_problem(path)
    if why:
        raise OutputError([Problem(os.fspath(path), None, "", why)])
    try:
        return _write(path, data, durable)
    except OSError as exc:
        # The hidden temporary name means nothing to the reader: name the file asked for.
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None


def _write(path: Path, data: bytes, durable: bool) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError([Problem(os.fspath(path), None, "", _("cannot make the folder {folder}: {why}").format(
            folder=path.parent, why=exc.strerror or exc))]) from None
    # The process id says whose copy it is (a dead writer's is removed); the token keeps two writers
    # of one process (threads, the web's requests) apart.
    tmp = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part"
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
                try:
                    # A new file gets its name in one step: a kill at any moment leaves nothing partial.
                    _link_unnamed(fh.fileno(), path)
                    return path
                except FileExistsError:
                    _remove_stale_parts(path)
                    _link_unnamed(fh.fileno(), tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def _remove_stale_parts(path: Path) -> None:
    """Hidden ``.name.PID-TOKEN.part`` files of ``path`` left by a process that was killed between
    naming its copy and putting it in place (the only moment a replacement can be cut short)."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid = name[len(prefix):-len(".part")].split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            try:
                os.unlink(entry.path)
            except OSError:
                pass




def render_file(doc: VanBan, path: PathLike, template: Optional[PathLike] = None,
                template_dir: Optional[PathLike] = None, durable: bool = True) -> Path:
    """Render ``doc`` to the .docx file ``path``; the file appears complete or not at all."""
    from vanban.rendering.renderer import render_bytes
    return write_atomic(path, render_bytes(doc, template, template_dir), durable)


def flush_to_disk() -> None:
    """Everything written so far, on disk: one flush for a whole batch instead of one a file."""
    if hasattr(os, "sync"):
        os.sync()
