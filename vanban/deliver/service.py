"""The converter service: one warm LibreOffice per user that outlives one command.

A clerk converts one document at a time, from the command line or the editor, and every command
used to start LibreOffice afresh (a second; the conversion itself is a twentieth of one). The
first command that needs LibreOffice now starts a small service process
(:mod:`vanban.deliver.service_daemon`) holding the warm converter
(:mod:`vanban.deliver.converter`, in the one jail of :mod:`vanban.deliver.lo_jail`); later
commands hand it their documents over a unix socket that only this user can open:

- ``$XDG_RUNTIME_DIR/vanban/converter.sock``, else ``/tmp/vanban-<uid>/converter.sock``: the
  folder is made 0700 and refused when it belongs to someone else or others may enter it;
- it stops after ``VANBAN_CONVERTER_IDLE`` seconds without work (default 600; ``0`` turns the
  service off: each command starts and stops its own LibreOffice, as before), when the
  LibreOffice program or vanban's converting code changes under it (an upgrade), and on
  ``vanban converter stop``;
- a service that died (killed outright) is found out by its lock, which the system releases
  with the process, and replaced by the next command; a service that dies under a command's
  documents is replaced once and the documents not yet done are sent again.

Paths, not bytes, cross the socket: the service runs as the same user and reads and writes the
files the command names. A request is bounded: a line of at most 1 MB, at most 10,000
documents, files of at most 100 MB, a timeout per document. Where the service cannot run
(Windows, explicitly: :func:`supported`; no Python bridge to LibreOffice; a process whose memory
is capped, such as a web import's bounded child, which must not start a long-lived process),
:func:`connect` answers None and the caller converts as before, one LibreOffice per command.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from vanban.deliver.lo_jail import PdfError
from vanban.i18n import _

PathLike = Union[str, "os.PathLike[str]"]
IDLE = 600.0
MAX_LINE = 1 << 20
MAX_DOCS = 10000
MAX_BYTES = 100 << 20
#: Seconds a command waits for a service it started to answer.
START_TIMEOUT = 30.0
#: The service says it is alive at least this often while a request waits (seconds).
HEARTBEAT = 5.0
#: The package's folder's parent: the service finds this vanban first, installed or not.
_HOME = str(Path(__file__).resolve().parents[2])


class ServiceLost(PdfError):
    """The service ended (or stopped answering) in the middle of a request."""


def idle_seconds() -> float:
    """``VANBAN_CONVERTER_IDLE`` (seconds a service waits for work before it stops; 0: no service)."""
    raw = os.environ.get("VANBAN_CONVERTER_IDLE", "").strip()
    try:
        return max(0.0, float(raw)) if raw else IDLE
    except ValueError:
        return IDLE


def _capped() -> bool:
    """Whether this process's memory is capped (a bounded child): what it starts would be capped too."""
    try:
        import resource
    except ImportError:     # pragma: no cover - Windows
        return True
    return resource.getrlimit(resource.RLIMIT_AS)[1] != resource.RLIM_INFINITY


def supported(os_name: Optional[str] = None, unix_sockets: Optional[bool] = None) -> bool:
    """Whether the service can run here: POSIX, with unix sockets. Never on Windows, even where Python
    has ``AF_UNIX``: its door would be a named pipe only the user may open, which is not built."""
    os_name = os.name if os_name is None else os_name
    unix_sockets = hasattr(socket, "AF_UNIX") and hasattr(os, "getuid") if unix_sockets is None else unix_sockets
    return os_name == "posix" and unix_sockets


def enabled() -> bool:
    """Whether commands use the service here (:func:`supported`, the idle time not 0)."""
    return supported() and idle_seconds() > 0


def runtime_dir(make: bool = True) -> Path:
    """The user's folder for the socket, its lock and its log, made 0700; :class:`PdfError` when
    it exists but belongs to someone else or others may enter it (then nobody may trust it)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(base) / "vanban" if base and Path(base).is_dir() else Path("/tmp") / f"vanban-{os.getuid()}"
    if make:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise PdfError(f"{folder}: {exc.strerror}") from None
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return folder
    import stat
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise PdfError(_("{folder}: the converter's folder belongs to another user or others may open it; "
                         "remove it").format(folder=folder))
    return folder


def paths(folder: Optional[Path] = None) -> dict[str, Path]:
    folder = folder or runtime_dir()
    return {k: folder / f"converter.{k}" for k in ("sock", "pid", "lock", "log")}


#: What the service converts with besides LibreOffice: a vanban upgrade (a fixed sanitizer) stops it too.
_CODE = [f"deliver/{m}.py" for m in ("service_daemon", "converter", "instance", "unoworker", "lo_jail",
                                      "sanitize")] + ["reading/package.py"]


def fingerprint() -> str:
    """What changes when LibreOffice or vanban is upgraded: the size, time and inode of LibreOffice's
    programs and of the modules the service converts with."""
    from vanban.deliver.lo_jail import soffice
    exe = Path(os.path.realpath(soffice()))
    package = Path(__file__).resolve().parents[1]
    parts = []
    for f in (exe, exe.with_name("soffice.bin"), exe.with_name("versionrc"), *(package / m for m in _CODE)):
        try:
            st = f.stat()
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            continue
    return "|".join(parts)


def _locked_by_a_service(pid_file: Path) -> bool:
    """Whether a live service holds its lock (the system drops the lock of a process that died)."""
    import fcntl
    try:
        fd = os.open(pid_file, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


class Client:
    """The interface of :class:`~vanban.deliver.converter.Converter` over the service's socket.
    Every request is a connection of its own: two threads, two commands, share one service."""

    def __init__(self, sock_path: Path, info: dict, pending: Optional[tuple] = None):
        self.path, self.info = sock_path, info
        self._pages: Optional[int] = None
        self._pending = pending     # (process, start lock) of a service started, not yet heard: see start()

    def _request(self, request: dict, timeout: float) -> Iterator[dict]:
        """The service's answers to ``request``, one dict a line; :class:`ServiceLost` if it ends
        before its last answer (``{"done": ...}``) or is silent for ``timeout`` seconds."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(str(self.path))
                s.sendall(json.dumps(request).encode() + b"\n")
                with s.makefile("rb") as answers:
                    for line in answers:
                        reply = json.loads(line)
                        if "alive" in reply:
                            continue
                        yield reply
                        if "done" in reply:
                            return
        except (OSError, ValueError):
            pass
        raise ServiceLost(_("the converter service stopped unexpectedly"))

    def ping(self) -> dict:
        return next(self._request({"op": "ping"}, 10.0))

    def convert_many(self, pairs, timeout: Optional[float] = None,
                     progress: Optional[Callable[[tuple, object], None]] = None) -> list:
        """The Converter's ``convert_many``, on the service: a result (Path) or the exception, in order."""
        self.start()
        pairs = [(Path(a).resolve(), Path(b).resolve()) for a, b in pairs]
        results: list = [None] * len(pairs)
        for start in range(0, len(pairs), MAX_DOCS):
            chunk = list(range(start, min(start + MAX_DOCS, len(pairs))))
            self._many(pairs, chunk, results, timeout or 60.0, progress)
        return results

    def _many(self, pairs, chunk, results, timeout, progress) -> None:
        todo, client = [i for i in chunk if _fits(pairs[i][0], results, i)], self
        for attempt in (1, 2):
            request = {"op": "pdf", "timeout": timeout, "pairs": [[str(pairs[i][0]), str(pairs[i][1])] for i in todo]}
            try:
                for reply in client._request(request, 2 * timeout + 120):
                    if "i" in reply:
                        i = todo[reply["i"]]
                        results[i] = Path(reply["ok"]) if "ok" in reply else PdfError(reply["error"])
                        if progress:
                            progress((pairs[i][0], pairs[i][1]), results[i])
                for i in todo:      # never answered (the same pair given twice)
                    results[i] = results[i] or PdfError(_("{file}: LibreOffice wrote no PDF").format(file=pairs[i][0]))
                return
            except ServiceLost as exc:
                todo = [i for i in todo if results[i] is None]
                again = connect() if attempt == 1 else None   # a service killed under us: its successor
                if again is None:
                    for i in todo:
                        results[i] = exc
                    return
                client = again

    def _one(self, request: dict, timeout: float) -> dict:
        self.start()
        for attempt in (1, 2):
            try:
                return next(r for r in self._request(request, 2 * timeout + 120) if "done" in r)
            except ServiceLost:
                again = connect() if attempt == 1 else None
                if again is None:
                    raise
                self.path, self.info = again.path, again.info
        raise AssertionError("unreachable")

    def to_pdf(self, docx: PathLike, pdf: PathLike, timeout: Optional[float] = None,
               pages: Optional[str] = None) -> Path:
        src = Path(docx).resolve()
        _check_size(src)
        reply = self._one({"op": "one", "in": str(src), "out": str(Path(pdf).resolve()), "pages": pages,
                           "timeout": timeout or 60.0}, timeout or 60.0)
        self._pages = reply.get("pages")
        if "error" in reply:
            raise PdfError(reply["error"])
        return Path(pdf)

    def export(self, src: PathLike, dst: PathLike, filter: str, timeout: Optional[float] = None) -> Path:
        path = Path(src).resolve()
        _check_size(path)
        reply = self._one({"op": "one", "in": str(path), "out": str(Path(dst).resolve()), "filter": filter,
                           "timeout": timeout or 60.0}, timeout or 60.0)
        if "error" in reply:
            raise PdfError(reply["error"])
        return Path(dst)

    @property
    def last_page_count(self) -> Optional[int]:
        return self._pages

    def start(self) -> "Client":
        """Wait for the service this command started, if any; :class:`ServiceLost` if it did not start."""
        if self._pending is not None:
            (proc, lock), self._pending = self._pending, None
            try:
                found = _wait_for(proc)
            finally:
                lock.close()
            if found is None:
                raise ServiceLost(_("the converter service stopped unexpectedly"))
            self.path, self.info = found.path, found.info
        return self

    def launch(self) -> "Client":
        return self

    def close(self) -> None:
        """The service outlives the command: only the start lock, if still held, is let go."""
        if self._pending is not None:
            (_proc, lock), self._pending = self._pending, None
            lock.close()


def _check_size(path: Path) -> None:
    try:
        big = path.stat().st_size > MAX_BYTES
    except OSError as exc:
        raise PdfError(f"{path}: {exc.strerror}") from None
    if big:
        raise PdfError(_("{file}: the file is larger than {mb} MB").format(file=path, mb=MAX_BYTES >> 20))


def _fits(path: Path, results: list, i: int) -> bool:
    try:
        _check_size(path)
    except PdfError as exc:
        results[i] = exc
        return False
    return True


def running(folder: Optional[Path] = None) -> Optional[Client]:
    """A client of the service that answers now, or None. Never starts one."""
    if not enabled():
        return None
    try:
        where = paths(folder)
    except PdfError:
        return None
    if not where["sock"].exists():
        return None
    client = Client(where["sock"], {})
    try:
        client.info = client.ping()
    except ServiceLost:
        return None
    return client


def connect(start: bool = True, wait: bool = True) -> Optional[Client]:
    """The service, started when none answers (``start``); None where there is none to be had (the
    caller converts in its own process). One running older code or LibreOffice is replaced.
    ``wait=False``: one this call starts boots while the caller renders; its first request waits."""
    if not enabled():
        return None
    found = running()
    current = fingerprint()
    if found is not None and found.info.get("fingerprint") == current:
        return found
    if not start or _capped():
        return None
    import fcntl
    try:
        where = paths()
    except PdfError:
        return None
    lock = open(where["lock"], "a+b")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)        # one command starts it; the others wait and find it
        found = running()
        if found is not None and found.info.get("fingerprint") == current:
            return found
        if found is not None:                   # LibreOffice was upgraded under it
            stop()
        proc = _spawn(where)
        if proc is None or isinstance(proc, Client):
            return proc
        if not wait:
            client, lock = Client(where["sock"], {}, pending=(proc, lock)), None   # the client lets the lock go
            return client
        return _wait_for(proc)
    finally:
        if lock is not None:
            lock.close()


def _spawn(where: dict[str, Path]) -> Union[subprocess.Popen, Client, None]:
    """The service's process, just started; or the one found starting meanwhile; or None."""
    if _locked_by_a_service(where["pid"]):
        # Alive but not answering (still starting, or wedged): wait a little, then give up on it.
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and _locked_by_a_service(where["pid"]):
            found = running()
            if found is not None:
                return found
            time.sleep(0.1)
        if _locked_by_a_service(where["pid"]):
            return None
        # It ended while we waited: a killed service's lock goes with the last of its children
        # (its LibreOffice follows it a moment later), so it was dying, not starting. Replace it.
    from vanban.deliver.instance import uno_python
    from vanban.deliver.lo_jail import ToolMissing
    try:
        bridge = uno_python()   # without LibreOffice's Python bridge there is no warm converter to keep
    except ToolMissing:
        return None
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([_HOME, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    with open(where["log"], "wb") as log:     # the bridge, found once: the service need not look again
        return subprocess.Popen([sys.executable, "-m", "vanban.deliver.service_daemon", str(where["sock"].parent),
                                 str(idle_seconds()), bridge], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=log, env=env, cwd="/", start_new_session=True, close_fds=True)


def _wait_for(proc: subprocess.Popen) -> Optional[Client]:
    """The service ``proc`` once it answers; None if it ended or stayed silent (its log says why)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = running()
        if found is not None:
            return found
        if proc.poll() is not None:
            return None
        time.sleep(0.01)
    return None


def status() -> Optional[dict]:
    """What the running service says of itself (pid, since, documents, idle time …), or None."""
    found = running()
    return found.info if found is not None else None


def stop(wait: float = 15.0) -> bool:
    """Stop the running service (its LibreOffice with it); whether one was running."""
    found = running()
    if found is None:
        return False
    pid = found.info.get("pid")
    try:
        list(found._request({"op": "stop"}, 10.0))
    except ServiceLost:
        pass
    deadline = time.monotonic() + wait
    where = paths()
    while time.monotonic() < deadline and _locked_by_a_service(where["pid"]):
        time.sleep(0.05)
    if pid and _locked_by_a_service(where["pid"]):
        import signal
        os.kill(int(pid), signal.SIGKILL)      # it would not stop: its LibreOffice workers follow it
    return True


__all__ = ["Client", "ServiceLost", "connect", "running", "status", "stop", "enabled", "supported", "idle_seconds",
           "runtime_dir", "paths", "fingerprint", "IDLE", "MAX_BYTES", "MAX_DOCS", "MAX_LINE"]
