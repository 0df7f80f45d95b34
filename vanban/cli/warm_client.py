"""Hand a command to the user's warm process (:mod:`vanban.cli.warm`) before click is imported.

``vanban render letter.yaml --pdf`` spent ~0.35 s importing pydantic, python-docx, Jinja, the model
and the check rules before it did anything, for a conversion of 0.05 s in the converter service.
A warm process has them imported already; for each command it forks a child that takes this
process's stdin, stdout and stderr (passed over the socket), argv, working folder, environment and
umask, and runs the command as if it ran here. This module is what the entry point runs first, so
it imports the standard library only (see ``python -X importtime -m vanban render …``).

Which commands go warm (:data:`WARM`): the ones a clerk waits on at the desk, one document at a
time, whose cost is the import of the model, rendering and check code: ``render``, ``pdf``,
``validate``, ``check``. The others run here as before: ``serve`` and ``converter`` manage
long-lived processes themselves, ``sign``/``verify`` handle keys and passwords (kept out of a
process that outlives the command), ``import``/``derive``/``new``/``schema``/``register``/``issue``/
``preview`` are rarer or dominated by their own work (OCR, a database, a viewer).

Any failure to reach the warm process (off, missing, stale, refused, busy, ended before the child
started) answers None: the caller runs the command in its own process, as before. A command whose
child started is the warm process's: its exit code is returned; a child that ended without one is
reported in one line.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
from typing import Optional

#: Commands run in the warm process (see the module's docstring for why these).
WARM = frozenset({"render", "pdf", "validate", "check"})
#: Largest request (argv, environment …) in bytes.
MAX_REQUEST = 1 << 20
#: Seconds to wait for the warm process to say the command's child started.
ACK_TIMEOUT = 3.0
PROTOCOL = 1
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def turned_off() -> bool:
    """``VANBAN_CONVERTER_IDLE=0``: no warm process (nor service). The warm process reads the
    idle time itself (:func:`vanban.deliver.service.idle_seconds`) from the environment it is started with."""
    try:
        return float(os.environ.get("VANBAN_CONVERTER_IDLE", "").strip() or 1) <= 0
    except ValueError:
        return False


def command_of(args: list[str]) -> Optional[str]:
    """The command named in ``args`` (after the global ``--lang``), None when help or the version is asked."""
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--lang":
            k += 2
            continue
        if arg.startswith("--lang="):
            k += 1
            continue
        return None if arg.startswith("-") else arg
    return None


def folder() -> str:
    """The runtime folder of :func:`vanban.deliver.service.runtime_dir` (its checks are the warm
    process's: this side trusts only a peer of its own uid)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isdir(base):
        return os.path.join(base, "vanban")
    return os.path.join("/tmp", f"vanban-{os.getuid()}")


def key() -> str:
    """One warm process per Python and vanban installation (two checkouts never share one)."""
    import zlib
    return f"{zlib.crc32(f'{sys.executable}|{_PACKAGE}'.encode()):08x}"


def where(base: str) -> dict[str, str]:
    return {k: os.path.join(base, f"warm-{key()}.{k}") for k in ("sock", "pid", "log")}


def _search_path() -> list[str]:
    # Without -P the first entry is the script's folder or the working folder, which differs from
    # one command to the next; the warm process is started in the folder holding the package
    # (see start()), so it finds this vanban first whatever that entry was.
    return list(sys.path) if getattr(sys.flags, "safe_path", False) else sys.path[1:]


def fingerprint() -> str:
    """What changes when vanban's code or a library under it changes: every file of the package (and
    the templates beside a checkout) by size, time and inode; every folder on the search path by
    time (installing or removing a library changes its folder); the interpreter and its flags."""
    parts = [PROTOCOL, sys.executable, sys.version, sys.flags.optimize, sys.flags.isolated,
             sys.flags.ignore_environment, getattr(sys.flags, "safe_path", False), *_search_path()]
    for entry in _search_path():
        try:
            st = os.stat(entry or ".")
            parts.append(f"{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            parts.append("-")
    for top in (_PACKAGE, os.path.join(os.path.dirname(_PACKAGE), "templates")):
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                try:
                    st = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                parts.append(f"{root[len(top):]}/{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return "\n".join(map(str, parts))    # compared whole (a few kB): no hash library to import


def enabled() -> bool:
    # SO_PEERCRED: Linux (macOS names its peer's credentials otherwise: no warm process there yet)
    return os.name == "posix" and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds") \
        and hasattr(socket, "SO_PEERCRED") and not turned_off()


def peer_uid(conn: socket.socket) -> int:
    """The uid of the process at the other end of a unix socket (SO_PEERCRED: pid, uid, gid)."""
    return struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]


def connect(sock_path: str, timeout: float = ACK_TIMEOUT) -> Optional[socket.socket]:
    """A connection to the warm process at ``sock_path``, run by this user; None otherwise."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(sock_path)
        if peer_uid(conn) != os.getuid():
            raise OSError("the warm process belongs to another user")
        return conn
    except OSError:
        conn.close()
        return None


class Lines:
    """JSON lines read from a socket."""

    def __init__(self, conn: socket.socket):
        self.conn, self.buf = conn, b""

    def next(self) -> Optional[dict]:
        while b"\n" not in self.buf:
            chunk = self.conn.recv(65536)
            if not chunk:
                return None
            self.buf += chunk
            if len(self.buf) > MAX_REQUEST:
                return None
        line, _sep, self.buf = self.buf.partition(b"\n")
        try:
            msg = json.loads(line)
        except ValueError:
            return None
        return msg if isinstance(msg, dict) else None


def request(argv: list[str]) -> dict:
    """What the child needs to run ``argv`` as this process would."""
    umask = os.umask(0)
    os.umask(umask)
    main = sys.modules.get("__main__")
    return {"v": PROTOCOL, "fp": fingerprint(), "argv": list(argv), "package": getattr(main, "__package__", None),
            "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
            "streams": [[s.encoding, s.errors] if s is not None and hasattr(s, "encoding") else None
                        for s in (sys.stdin, sys.stdout, sys.stderr)]}


def forward(argv: list[str]) -> Optional[int]:
    """Run ``argv`` in the warm process: its exit code, or None to run it here."""
    if command_of(argv[1:]) not in WARM or not enabled():
        return None
    try:
        paths = where(folder())
        for fd in (0, 1, 2):
            os.fstat(fd)            # a closed standard stream cannot be passed: run here
        req = request(argv)
    except OSError:
        return None
    conn = connect(paths["sock"])
    if conn is None:
        start(paths)
        return None
    with conn:
        try:
            data = json.dumps(req).encode()
            if len(data) > MAX_REQUEST:
                return None
            socket.send_fds(conn, [b"R" + struct.pack("!I", len(data))], [0, 1, 2])
            conn.sendall(data)
            lines = Lines(conn)
            first = lines.next()
        except (OSError, ValueError):
            return None
        except KeyboardInterrupt:
            return 130
        if not first or not isinstance(first.get("started"), int):
            if first and first.get("refused") == "stale":
                start(paths)        # the stale one has stopped: a current one for the next command
            return None
        try:
            conn.sendall(b"go\n")
        except OSError:
            return None
        return _wait(conn, lines, int(first["started"]))


def _wait(conn: socket.socket, lines: Lines, child: int) -> int:
    """The child's exit code; Ctrl-C, SIGTERM and SIGHUP here are passed on to it."""
    got: list[int] = []

    def pass_on(signum, _frame):
        got.append(signum)
        try:
            os.killpg(child, signum)
        except OSError:
            pass
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, pass_on)
    conn.settimeout(None)
    try:
        msg = lines.next()
    except OSError:
        msg = None
    if msg and isinstance(msg.get("exit"), int):
        return msg["exit"]
    asked = msg["signal"] if msg and isinstance(msg.get("signal"), int) else None
    if asked is None and msg is None:       # no one left to say how it ended: as this process was asked
        asked = next((s for s in reversed(got) if s != signal.SIGINT), None)
    if asked in got:
        signal.signal(asked, signal.SIG_DFL)     # ended as asked: end as an in-process command would
        os.kill(os.getpid(), asked)
    from vanban.i18n import _
    if msg and isinstance(msg.get("signal"), int):
        text = _("the command stopped unexpectedly (its process was ended by signal {n})").format(n=msg["signal"])
    else:
        text = _("the command stopped unexpectedly: its warm process ended")
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 1


def _capped() -> bool:
    """A process whose memory is capped (a bounded child) must not start a long-lived one."""
    try:
        import resource
    except ImportError:     # pragma: no cover - Windows
        return True
    return resource.getrlimit(resource.RLIMIT_AS)[1] != resource.RLIM_INFINITY


def start(paths: dict[str, str]) -> None:
    """Start the warm process when this command, run in its own process, ends: booting beside it
    (its imports, LibreOffice starting) it made the first command of the day 0.7-0.8 s slower on
    two cores; after it, it is ready within a second for the next one."""
    import atexit
    atexit.register(spawn, paths)


def spawn(paths: dict[str, str]) -> None:
    """Start the warm process in the background, in the folder holding this vanban, so it imports this one."""
    if _capped():
        return
    import subprocess
    cwd = os.path.dirname(_PACKAGE)
    try:
        subprocess.Popen([sys.executable, *subprocess._args_from_interpreter_flags(), "-m", "vanban.cli.warm",
                          os.path.dirname(paths["sock"])],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         cwd=cwd, start_new_session=True, close_fds=True)
    except OSError:
        pass


# -- what `vanban converter status` and `stop` use ---------------------------------------------------
def _sockets() -> list[str]:
    try:
        base = folder()
        return sorted(os.path.join(base, n) for n in os.listdir(base) if n.startswith("warm-") and n.endswith(".sock"))
    except OSError:
        return []


def _ask(sock_path: str, op: bytes) -> Optional[dict]:
    conn = connect(sock_path, timeout=5.0)
    if conn is None:
        return None
    with conn:
        try:
            conn.sendall(op)
            return Lines(conn).next()
        except OSError:
            return None


def status() -> list[dict]:
    """What each running warm process of this user says of itself."""
    return [info for info in (_ask(s, b"P") for s in _sockets()) if info and "pid" in info]


def stop(wait: float = 10.0) -> int:
    """Stop every warm process of this user (each ends when its running commands have); how many."""
    import time
    stopped = [info for info in status() if _ask(info["socket"], b"S")]
    deadline = time.monotonic() + wait
    for info in stopped:
        while time.monotonic() < deadline and _alive(info["pid"]):
            time.sleep(0.05)
    return len(stopped)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:    # a zombie (its parent has not reaped it yet) is gone for us
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


__all__ = ["WARM", "forward", "fingerprint", "connect", "folder", "where", "key", "command_of", "enabled",
           "turned_off", "peer_uid", "Lines", "start", "spawn", "status", "stop", "MAX_REQUEST"]
