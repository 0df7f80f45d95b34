"""The warm process: commands a clerk waits on, run without paying for their imports each time.

    python -m vanban.cli.warm FOLDER

:mod:`vanban.cli.warm_client` starts it (beside the converter service, in the same 0700 folder of
:func:`vanban.deliver.service.runtime_dir`) and talks to it. It imports the CLI and the paths of
``render``/``pdf``/``validate``/``check`` once, then for each request forks a child that becomes
the command: the client's stdin, stdout and stderr (received over the socket, SCM_RIGHTS), its
argv, working folder, environment and umask; what vanban decides from the environment is read
again in the child (the language of messages, ``VANBAN_*``: every read of ``os.environ`` in vanban
is made when it is needed, none at import, and nothing here calls them before forking).

The protocol, one connection a request (the first bytes carry the file descriptors):

- ``R`` + length (4 bytes) + a JSON request (:func:`vanban.cli.warm_client.request`) with the
  three descriptors → ``{"started": pid}`` from the child, which waits for ``go`` before it runs
  anything (so a client that gave up never sees its command run twice), then ``{"exit": code}``
  from the child, or ``{"signal": n}`` from this process when the child was killed; or
  ``{"refused": "stale" | "other" | "busy" | "bad"}`` and the client runs the command itself;
- ``P`` → what it is (pid, since, commands run, children, idle time, socket);
- ``S`` → ``{"done": 1}``; it stops taking commands and ends when its children have.

It is single-threaded (it forks: a process with threads must not), takes only connections of its
own uid (SO_PEERCRED), runs at most one child per core at once (more are refused and run in their
own process), bounds a request to 1 MB and a command to :data:`MAX_SECONDS`. It holds a lock on
its pid file while it lives and stops after ``VANBAN_CONVERTER_IDLE`` seconds (of the environment that started it) without a command, when vanban's code or
a library under it changes (:func:`vanban.cli.warm_client.fingerprint`: it never runs stale code),
on ``S`` (``vanban converter stop``: :func:`vanban.cli.warm_client.stop`) and on SIGTERM.
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
from pathlib import Path

from vanban.cli import warm_client as client
from vanban.deliver.service_daemon import cores

#: Seconds between two looks at the code (a change stops the warm process) and at the idle time.
WATCH = 2.0
#: Longest a command may run in a child (seconds); then it is ended (SIGALRM) and the client says so.
#: Far above any command measured (10,000 documents convert in about 20 minutes): it only frees the
#: place of a child that hangs.
MAX_SECONDS = 6 * 3600
#: How many kinds' templates are built ahead (the renderer keeps 32), and after how many seconds
#: without a command: a clerk's next command often follows at once, and must not share the cores
#: with the building (30 documents to PDF straight after the first command: 1.99 s against 1.40 s).
WARM_TEMPLATES = 24
WARM_AFTER = 3.0
#: Seconds a client has to send its request.
READ_TIMEOUT = 5.0
#: What a render --pdf, pdf, validate or check imports: imported once here, shared by every child.
PRELOAD = ("vanban.cli.app", "vanban.cli.render", "vanban.cli.check", "vanban.cli.common", "vanban.deliver.documents",
           "vanban.deliver.pipeline", "vanban.deliver.batch", "vanban.deliver.pdf", "vanban.deliver.service",
           "vanban.check.all_rules", "vanban.rendering.renderer", "vanban.rendering.template_builder",
           "vanban.reading.word", "vanban.model", "docx", "docxtpl", "jinja2", "yaml", "pydantic")


class Server:
    def __init__(self, folder: Path, idle: float):
        self.where = client.where(str(folder))
        self.idle = idle
        self.fingerprint = client.fingerprint()     # before the imports: a change while they run is seen
        self.started = time.time()
        self.commands = 0
        self.children: dict[int, socket.socket] = {}
        self.last = time.monotonic()
        self.stopping = ""
        self.max_children = cores()   # one command a core, as the service has one LibreOffice a core
        self.to_warm: list = []

    # -- lifetime --------------------------------------------------------------------------------
    def run(self) -> int:
        import fcntl
        import importlib
        self.pid_fd = os.open(self.where["pid"], os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.pid_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0        # another warm process of this vanban runs (or is draining): it serves
        os.ftruncate(self.pid_fd, 0)
        os.write(self.pid_fd, f"{os.getpid()}\n".encode())
        try:
            os.ftruncate(2, 0)      # the log is this process's (one that found the lock taken wrote nothing)
        except OSError:
            pass
        for name in PRELOAD:
            importlib.import_module(name)
        self.to_warm = cells_to_warm()
        self.listener = listen(Path(self.where["sock"]))
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: self.stop("SIGTERM"))
        looked = time.monotonic()
        try:
            while not (self.stopping and not self.children):
                wait = until_spare(bool(self.to_warm) and not self.children and not self.stopping,
                                   time.monotonic() - self.last)
                spare = wait == 0.0
                ready = select.select([x for x in (self.listener, self.wake_r) if x is not None], [], [], wait)[0]
                if spare and not ready:
                    warm_up(self.to_warm.pop(0))
                    continue
                if self.wake_r in ready:
                    while _drain(self.wake_r):
                        pass
                self.reap()
                if self.listener is not None and self.listener in ready:
                    self.accept()
                now = time.monotonic()
                if not self.children and now - self.last > self.idle:
                    self.stop("idle")
                if now - looked >= WATCH:
                    looked = now
                    if client.fingerprint() != self.fingerprint:
                        self.stop("code changed")
        finally:
            self.close_listener()
            os.close(self.pid_fd)
        print(f"warm process {os.getpid()} stopped: {self.stopping}", file=sys.stderr)
        return 0

    def stop(self, why: str) -> None:
        """Take no more commands (the socket goes now); end when the running children have."""
        self.stopping = self.stopping or why
        self.close_listener()

    def close_listener(self) -> None:
        if getattr(self, "listener", None) is not None:
            self.listener.close()
            self.listener = None
            try:
                os.unlink(self.where["sock"])   # ours: no other could bind while we hold the lock
            except OSError:
                pass

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is None:
                continue
            if os.WIFSIGNALED(status):      # it could not say so itself
                _send(conn, {"signal": os.WTERMSIG(status)})
            conn.close()
            self.last = time.monotonic()

    # -- requests --------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            conn, _addr = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            conn.settimeout(READ_TIMEOUT)
            if client.peer_uid(conn) != os.getuid():
                return
            head, fds, _flags, _addr = socket.recv_fds(conn, 5, 3)
            if head[:1] == b"P":
                _send(conn, self.info())
            elif head[:1] == b"S":
                _send(conn, {"done": 1})
                self.stop("stop")
            elif head[:1] == b"R":
                self.request(conn, head + _read(conn, 5 - len(head)), fds)
        except (OSError, ValueError, struct.error):
            pass
        finally:
            if conn.fileno() >= 0 and not any(c is conn for c in self.children.values()):
                conn.close()
            for fd in fds:
                os.close(fd)

    def request(self, conn: socket.socket, head: bytes, fds: list[int]) -> None:
        size = struct.unpack("!I", head[1:5])[0]
        if size > client.MAX_REQUEST or len(fds) != 3:
            _send(conn, {"refused": "bad"})
            return
        req = json.loads(_read(conn, size))
        if not isinstance(req, dict) or req.get("v") != client.PROTOCOL:
            _send(conn, {"refused": "bad"})
            return
        if req.get("fp") != self.fingerprint:
            stale = client.fingerprint() != self.fingerprint
            _send(conn, {"refused": "stale" if stale else "other"})
            if stale:
                self.stop("code changed")
            return
        if self.stopping or len(self.children) >= self.max_children or threading.active_count() > 1:
            # (a process with a second thread must not fork: nothing here starts one, but if a
            # library ever did, the commands run in their own processes rather than in a broken child)
            _send(conn, {"refused": "busy"})
            return
        pid = os.fork()
        if pid == 0:
            self.child(conn, fds, req)      # never returns
        self.children[pid] = conn
        self.commands += 1
        self.last = time.monotonic()

    def info(self) -> dict:
        return {"pid": os.getpid(), "started": self.started, "commands": self.commands,
                "children": len(self.children), "idle": self.idle, "socket": self.where["sock"]}

    # -- the child -------------------------------------------------------------------------------
    def child(self, conn: socket.socket, fds: list[int], req: dict) -> None:
        code = 1
        try:
            for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.set_wakeup_fd(-1)
            os.setsid()             # the client passes its signals to this process group
            for fd in (self.pid_fd, self.wake_r, self.wake_w):
                os.close(fd)        # the lock is the server's alone: it must go when the server does
            self.listener.close()
            for other in self.children.values():
                other.close()
            become(req, fds)
            _send(conn, {"started": os.getpid()})
            conn.settimeout(READ_TIMEOUT)
            if _read(conn, 3) != b"go\n":
                os._exit(0)
            conn.settimeout(None)
            signal.alarm(MAX_SECONDS)
            code = run_command(req["argv"])
        except BaseException:       # noqa: BLE001 - nothing may unwind into the server's loop
            os._exit(1)
        _send(conn, {"exit": code})
        os._exit(code)


def until_spare(templates_left: bool, quiet: float) -> float:
    """Seconds to wait for a request before looking again: 0 when a template may be built now (some
    are left and no command came for :data:`WARM_AFTER` seconds), never more than :data:`WATCH`."""
    if not templates_left:
        return WATCH
    if quiet >= WARM_AFTER:
        return 0.0
    return max(0.05, min(WATCH, WARM_AFTER - quiet))


def cells_to_warm() -> list:
    """The kinds and profiles whose templates are built while nothing else is to do, the commonest
    first (the order of :class:`~vanban.model.schema.Loai`), fewer than the renderer's cache holds."""
    from vanban.model.schema import KINDS, Loai, Mau
    return [(k, m) for k in Loai for m in Mau if m.value in KINDS[k].profiles][:WARM_TEMPLATES]


def warm_up(cell) -> None:
    """Render the skeleton of one kind in memory: its template built and every first-use cost paid
    here once, not in each command (a first render of a kind costs ~0.1 s, the next ~0.01 s). The
    output depends on nothing a request changes (no language, no folder; templates found on disk
    are cached by path and time)."""
    import yaml
    from vanban.model import load_dict
    from vanban.model.skeleton import skeleton
    from vanban.rendering.renderer import render_bytes
    try:
        render_bytes(load_dict(yaml.safe_load(skeleton(*cell))))
    except Exception as exc:    # noqa: BLE001 - a skeleton that does not render is only not warm
        print(f"warm-up of {cell}: {type(exc).__name__}: {exc}", file=sys.stderr)


def become(req: dict, fds: list[int]) -> None:
    """This child takes the client's place: its streams, folder, umask, environment, argv."""
    import io
    import types
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        if fd > 2:
            os.close(fd)
    fds.clear()
    os.chdir(req["cwd"])
    os.umask(int(req["umask"]))
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in req["env"].items()})
    sys.argv = [str(a) for a in req["argv"]]
    main = types.ModuleType("__main__")     # click names the program from it ("python -m vanban" or "vanban")
    main.__package__ = req.get("package")
    sys.modules["__main__"] = main
    specs = req.get("streams") or [None] * 3
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        encoding, errors = (specs[fd] if fd < len(specs) and specs[fd] else (None, None))
        binary = io.open(fd, "rb" if fd == 0 else "wb", closefd=False)
        stream = io.TextIOWrapper(binary, encoding=encoding, errors=errors,
                                  line_buffering=fd == 2 or (fd == 1 and os.isatty(1)))
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    from vanban.i18n import set_language
    set_language(None)      # the language is this request's (VANBAN_LANG, --lang), not the server's


def run_command(argv: list[str]) -> int:
    """Run the click command as ``python -m vanban`` would; its exit code."""
    import atexit
    from vanban.cli.app import main
    from vanban.cli.lang import unicode_output
    unicode_output()
    try:
        main.main(args=argv[1:])
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except Exception as exc:    # noqa: BLE001 - what escapes the group's own policy (app.LazyGroup.invoke)
        if os.environ.get("VANBAN_DEBUG") == "1":   # a developer's traceback, as the interpreter prints it
            import traceback
            traceback.print_exc()
        else:
            from vanban.cli.common import one_line
            print(one_line(exc), file=sys.stderr)
        code = 1 if os.environ.get("VANBAN_DEBUG") == "1" else 2
    atexit._run_exitfuncs()     # what the interpreter runs at exit (converters closed, temp files …)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120      # as the interpreter does when it cannot flush at exit
    return code


def listen(sock_path: Path) -> socket.socket:
    try:
        sock_path.unlink()          # a dead one's
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)           # born 0600: no moment when others could connect
    try:
        listener.bind(str(sock_path))
    finally:
        os.umask(old)
    listener.listen(64)
    return listener


def _send(conn: socket.socket, msg: dict) -> None:
    try:
        conn.sendall(json.dumps(msg).encode() + b"\n")
    except OSError:
        pass


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise OSError("short read")
        data += chunk
    return data


def _drain(fd: int) -> bool:
    try:
        return bool(os.read(fd, 512))
    except BlockingIOError:
        return False


def main(argv: list[str]) -> int:
    from vanban.deliver import service
    folder = service.runtime_dir()      # made 0700, refused when another user could enter it
    if str(folder) != client.folder():
        return 1
    log = os.open(client.where(str(folder))["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 2)
    os.close(log)
    sys.stderr = open(2, "w", closefd=False, buffering=1)
    os.chdir("/")
    return Server(folder, service.idle_seconds()).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
