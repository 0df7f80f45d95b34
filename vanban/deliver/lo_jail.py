"""How LibreOffice is started — the one runner every conversion goes through.

Offline, links never updated, no macros, its litter kept in one place, its memory capped.

The documents it converts come from anyone, so even after :mod:`vanban.deliver.sanitize`
LibreOffice itself is run as if the document were hostile:

- in a network namespace of its own (``unshare -rn``) where there is no network
  at all, when the system allows it; elsewhere every proxy points to a closed port;
- with a throw-away profile whose settings never update links or fields,
  block remote content ("stealth mode") and refuse macros;
- with ``TMPDIR`` inside that throw-away folder, so its ``lu*.tmp`` folders
  are removed with it;
- with its address space capped (``RLIMIT_AS``) and in a session of its own,
  killed whole at its timeout and whatever happens after its work.

:func:`launch` starts such a LibreOffice (the PDF batch watches it itself);
:func:`convert` runs one file through it and returns the result's bytes (import
of .doc/.odt/.rtf, the cold preview); :class:`OneShot` gives that the warm
converter's ``to_pdf`` interface. The warm converter
(:mod:`vanban.deliver.instance`) starts its worker with the same profile,
environment and network namespace.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Optional, Union

from vanban.i18n import _
from vanban.tools import find as find_tool, install_hint

try:
    import resource     # POSIX only; imported here, never in a forked child
except ImportError:     # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

#: Address space a one-shot LibreOffice may reserve. It reserves far more than it touches
#: (a letter: ~1.3 GB reserved, 200 MB resident), so this is a backstop against a runaway
#: document, not a working budget.
MEMORY_MB = 3072

#: Closed port on this machine: a proxy that answers nothing.
_NOWHERE = "http://127.0.0.1:9"

_SETTINGS = {
    # Writer: never update links (0), do not recompute fields from outside on load.
    "/org.openoffice.Office.Writer/Content/Update": {"Link": ("int", 0), "Field": ("boolean", "false")},
    "/org.openoffice.Office.Calc/Content/Update": {"Link": ("int", 0)},
    # "Stealth mode": content linked from untrusted places is not fetched; no macros run.
    "/org.openoffice.Office.Common/Security/Scripting": {
        "BlockUntrustedRefererLinks": ("boolean", "true"), "MacroSecurityLevel": ("int", 3),
        "DisableMacrosExecution": ("boolean", "true")},
    # A manual proxy that does not exist, in case the network namespace could not be had.
    "/org.openoffice.Inet/Settings": {
        "ooInetProxyType": ("int", 2), "ooInetNoProxy": ("string", ""),
        **{f"ooInet{p}ProxyName": ("string", "127.0.0.1") for p in ("HTTP", "HTTPS", "FTP")},
        **{f"ooInet{p}ProxyPort": ("int", 9) for p in ("HTTP", "HTTPS", "FTP")}},
    "/org.openoffice.Office.Common/Misc": {"UseLocking": ("boolean", "false")},
}


def registry_xcu() -> str:
    """The ``registrymodifications.xcu`` of the throw-away profile."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for path, props in _SETTINGS.items() for name, (_type, value) in props.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n")


def make_profile(folder: Path, seed: Optional[Path] = None) -> str:
    """Create a LibreOffice profile in ``folder`` with the settings above; its
    ``-env:UserInstallation`` URL. ``seed``: the ``user/extensions`` folder an earlier start of the
    same LibreOffice registered (:func:`keep_seed`), copied in so that this one does not register
    them again and restart itself (a tenth of a second); only that folder, never a setting."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    if seed is not None and seed.is_dir():
        try:
            shutil.copytree(seed, user / "extensions", symlinks=True)
        except (OSError, shutil.Error):
            shutil.rmtree(user / "extensions", ignore_errors=True)   # LibreOffice registers them itself
    (user / "registrymodifications.xcu").write_text(registry_xcu(), encoding="utf-8")
    return folder.resolve().as_uri()


def keep_seed(profile: Path, seed: Path) -> None:
    """Keep the ``user/extensions`` folder of ``profile`` (a LibreOffice started on it and ready)
    as ``seed`` for the next profiles (:func:`make_profile`), unless one is kept already."""
    made = profile / "user" / "extensions"
    if seed.exists() or not made.is_dir():
        return
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{seed.name}.", dir=seed.parent))
    except OSError:
        return      # no folder to keep it in: every start registers them, as before
    try:
        shutil.copytree(made, tmp / "extensions", symlinks=True)
        os.rename(tmp / "extensions", seed)      # whole or not at all; a second one loses the race
    except (OSError, shutil.Error):
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


#: Free room a RAM folder must have to hold LibreOffice's working files (a profile, the safe copy,
#: the unpacked package, the PDF: tens of MB a document at most, 100 MB inputs included).
RAM_FREE_MIN = 2 << 30


def work_root() -> Optional[str]:
    """Where LibreOffice's working folders go: ``VANBAN_LO_TMP`` if set; the temporary folder
    (None) when ``TMPDIR`` names one, the user's choice; else ``/dev/shm`` when it is a folder this
    user can write with room to spare; else the system's temporary folder (None).

    LibreOffice writes a profile, a copy of the package and its own scratch files for every document;
    on a disk each creation and removal costs a journal write, and in RAM a 30-document batch runs
    about a tenth faster (measured in benchmarks/service.py). A container's 64 MB ``/dev/shm`` is
    too small to count on, hence the free-room floor."""
    chosen = os.environ.get("VANBAN_LO_TMP")
    if chosen:
        return chosen
    if os.environ.get("TMPDIR"):
        return None
    ram = "/dev/shm"
    try:
        if not os.access(ram, os.W_OK | os.X_OK):
            return None
        room = os.statvfs(ram)
    except (OSError, AttributeError):
        return None
    return ram if room.f_bavail * room.f_frsize >= RAM_FREE_MIN else None


def work_folder(prefix: str = "vanban-lo-") -> Path:
    """A new private (0700) folder for one LibreOffice's work, under :func:`work_root`, named by this
    process: those of a process killed outright (its worker too) are removed here, not left in RAM."""
    from vanban.tools import remove_stale
    root = work_root()
    named = f"{prefix}{os.getpid()}-"
    try:
        remove_stale(Path(root or tempfile.gettempdir()), prefix)
        return Path(tempfile.mkdtemp(prefix=named, dir=root))
    except OSError:
        if root is None:
            raise
        return Path(tempfile.mkdtemp(prefix=named))   # VANBAN_LO_TMP or the RAM folder is gone: the usual place


@functools.lru_cache(maxsize=1)
def offline_prefix() -> tuple[str, ...]:
    """``("unshare", "-rn")`` when this system lets a process have a network namespace of its own
    (no interface but a loopback that is down), else nothing."""
    exe = shutil.which("unshare")
    if not exe or os.environ.get("VANBAN_NO_UNSHARE") == "1":
        return ()
    try:
        ok = subprocess.run([exe, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return (exe, "-rn") if ok else ()


def environment(scratch: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: temporary files under ``scratch``, every proxy nowhere."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(scratch)
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy"):
        env[name] = env[name.upper()] = _NOWHERE
    env["no_proxy"] = env["NO_PROXY"] = ""
    return env


def command(exe: str, profile_url: str, *args: str) -> list[str]:
    """The full LibreOffice command line: offline when possible, the given profile, headless."""
    return [*offline_prefix(), exe, f"-env:UserInstallation={profile_url}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", *args]


class PdfError(RuntimeError):
    """A conversion could not be done at all."""


class ToolMissing(PdfError):
    """LibreOffice or poppler is not installed; the message says how to install it."""


def soffice() -> str:
    """The LibreOffice executable (on PATH or where its installer puts it), or :class:`ToolMissing`."""
    found = find_tool("soffice")
    if found:
        return found
    raise ToolMissing(install_hint("soffice"))


def _cap(memory_mb: int):
    """The ``preexec_fn`` that caps the child's address space (None where there is no RLIMIT_AS).
    Only a system call runs between fork and exec: nothing is imported or allocated there."""
    if resource is None or memory_mb <= 0:
        return None
    limit = memory_mb << 20
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)    # already capped lower (a bounded child): a limit is only lowered
    as_limit, setrlimit = resource.RLIMIT_AS, resource.setrlimit
    return lambda: setrlimit(as_limit, (limit, limit))


def launch(folder: Path, *args: str, memory_mb: int = MEMORY_MB, stderr: Union[int, IO] = subprocess.DEVNULL,
           exe: Optional[str] = None) -> subprocess.Popen:
    """A LibreOffice started in the jail with ``args``: a throw-away profile in ``folder/profile``,
    temporary files in ``folder/scratch``, offline, address space capped, a session of its own
    (:func:`kill` ends it with every helper it started)."""
    return subprocess.Popen(command(exe or soffice(), make_profile(folder / "profile"), *args),
                            stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
                            env=environment(folder / "scratch"), cwd=folder, preexec_fn=_cap(memory_mb))


def kill(proc: subprocess.Popen) -> None:
    """End ``proc``'s whole session (soffice.bin and its helpers too) and reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        elif proc.poll() is None:       # pragma: no cover - Windows: the process tree
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def convert(src: Path, to: str, *, timeout: float = 60.0, memory_mb: int = MEMORY_MB,
            name: Optional[str] = None) -> bytes:
    """The bytes LibreOffice makes of ``src`` converted ``to`` (``"pdf"``, ``"docx:MS Word 2007 XML"``),
    or :class:`PdfError` naming ``name`` (default ``src``). A .docx is converted from its safe copy
    (:mod:`vanban.deliver.sanitize`); every other format meets the jail alone. Its folder and its
    processes are gone when this returns, whatever happened."""
    # Imported here, not above: the converter service imports this module for its jail and has no
    # use for the sanitizer's XML stack in the process that only starts it.
    from vanban.deliver.sanitize import UnsafeDocument, sanitize
    src, name = Path(src), name or str(src)
    exe = soffice()
    tmp = work_folder()
    proc = None
    try:
        suffix = src.suffix.lower()
        copy = tmp / f"in{suffix}"
        try:
            if suffix == ".docx":
                copy.write_bytes(sanitize(src))
            else:
                shutil.copyfile(src, copy)      # LibreOffice never sees (nor locks) the user's file
        except UnsafeDocument as exc:
            raise PdfError(f"{name}: {exc}") from None
        with open(tmp / "stderr", "wb") as err:
            proc = launch(tmp, "--convert-to", to, "--outdir", str(tmp / "out"), str(copy),
                          memory_mb=memory_mb, stderr=err, exe=exe)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(_("{file}: LibreOffice timed out after {n} s").format(file=name, n=f"{timeout:g}")) from None
        made = tmp / "out" / f"in.{to.split(':')[0]}"
        if not made.is_file() or made.stat().st_size == 0:
            why = (tmp / "stderr").read_bytes().decode("utf-8", "replace").replace(str(tmp), "…").strip()[-200:]
            raise PdfError(_("{file}: LibreOffice did not convert it {detail}").format(file=name, detail=why).strip())
        return made.read_bytes()
    finally:
        if proc is not None:
            kill(proc)          # also when it ended: helpers it left in its session go with it
        shutil.rmtree(tmp, ignore_errors=True)


class OneShot:
    """A LibreOffice per document through :func:`convert`, with the warm converter's interface
    (:class:`~vanban.deliver.converter.Converter`): where LibreOffice's Python bridge is missing."""

    def __init__(self, timeout: float = 60.0, memory_mb: int = MEMORY_MB):
        self.timeout, self.memory_mb = timeout, memory_mb

    def start(self) -> "OneShot":
        soffice()
        return self

    def to_pdf(self, docx: Union[str, os.PathLike], pdf: Union[str, os.PathLike]) -> Path:
        from vanban.deliver.files import write_atomic
        return write_atomic(Path(pdf), convert(Path(docx), "pdf", timeout=self.timeout, memory_mb=self.memory_mb))

    def close(self) -> None:
        """Nothing runs between two documents."""


__all__ = ["registry_xcu", "make_profile", "work_root", "work_folder", "keep_seed", "offline_prefix", "environment", "command", "launch", "kill", "convert",
           "OneShot", "PdfError", "ToolMissing", "soffice", "MEMORY_MB"]
