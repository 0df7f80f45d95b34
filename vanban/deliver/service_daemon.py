"""The converter service's own process (:mod:`vanban.deliver.service` starts it and talks to it).

    python -m vanban.deliver.service_daemon FOLDER IDLE_SECONDS [UNO_PYTHON]

It holds an exclusive lock on ``FOLDER/converter.pid`` for as long as it lives (so a second one
never starts, and one killed outright is known dead: the system drops its lock), listens on
``FOLDER/converter.sock`` (made 0600 in a 0700 folder), and converts with the warm converter
(:class:`~vanban.deliver.converter.Converter`, one LibreOffice per core, started as documents
come). Each connection is one request, a JSON line; each answer is a JSON line:

- ``{"op": "ping"}`` → what it is (pid, LibreOffice's fingerprint, documents, idle time …);
- ``{"op": "pdf", "pairs": [[docx, pdf], …], "timeout": s}`` → ``{"i": k, "ok": pdf}`` or
  ``{"i": k, "error": text}`` as each document is done, then ``{"done": n}``;
- ``{"op": "one", "in": …, "out": …, "pages": "1" | "filter": "docx:MS Word 2007 XML"}`` → one
  ``{"done": 1, "pages": n}`` or ``{"done": 0, "error": text}``;
- ``{"op": "stop"}`` → ``{"done": 1}``, then it stops.

While a request waits, ``{"alive": 1}`` every few seconds tells the command it is not stuck.
It stops after IDLE_SECONDS without a request in hand, when LibreOffice's program changes (an
upgrade), on ``stop``, SIGTERM or SIGINT; its LibreOffice processes end with it, even when it is
killed outright (each worker watches its stdin).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from vanban.deliver import service
from vanban.deliver.converter import Converter
from vanban.i18n import _

#: Seconds between two looks at LibreOffice's program (an upgrade stops the service).
WATCH = 2.0
#: Longest timeout a request may ask for one document.
MAX_TIMEOUT = 600.0


def cores() -> int:
    """The cores this process may run on (its affinity), as many LibreOffice workers or children."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:      # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Daemon:
    def __init__(self, folder: Path, idle: float):
        self.where = service.paths(folder)
        self.idle = idle
        self.fingerprint = service.fingerprint()
        # Profiles seeded from the first start of this LibreOffice (keyed by its fingerprint, in the
        # user's 0700 folder): the next services and instances start without a restart of their own.
        import hashlib
        seed = folder / f"profile-seed-{hashlib.sha256(self.fingerprint.encode()).hexdigest()[:16]}"
        self.converter = Converter(cores(), warm_up=True, profile_seed=seed)
        self.started = time.time()
        self.documents = 0
        self.busy = 0
        self.last = time.monotonic()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.why = ""

    # -- lifetime --------------------------------------------------------------------------------
    def run(self) -> int:
        import fcntl
        pid_fd = os.open(self.where["pid"], os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(pid_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0        # another service runs: it serves
        os.ftruncate(pid_fd, 0)
        os.write(pid_fd, f"{os.getpid()}\n".encode())
        listener = self._listen()
        self.converter.launch(1)   # one LibreOffice boots now; the others when a batch needs them
        threading.Thread(target=self._watch, daemon=True).start()
        try:
            listener.settimeout(0.5)
            while not self.stopping.is_set():
                try:
                    conn, _addr = listener.accept()
                except socket.timeout:
                    continue
                threading.Thread(target=self._serve, args=(conn,), daemon=True).start()
        finally:
            listener.close()
            try:
                self.where["sock"].unlink()     # ours: no other service could start while we hold the lock
            except OSError:
                pass
            self.converter.close()
            os.close(pid_fd)
        return 0

    def _listen(self) -> socket.socket:
        sock_path = self.where["sock"]
        try:
            sock_path.unlink()      # a dead service's
        except FileNotFoundError:
            pass
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)       # the socket is born 0600: no moment when others could connect
        try:
            listener.bind(str(sock_path))
        finally:
            os.umask(old)
        os.chmod(sock_path, 0o600)
        listener.listen(64)
        return listener

    def _watch(self) -> None:
        """Stop when idle too long or when LibreOffice's program changed, whichever comes first."""
        while not self.stopping.wait(WATCH):
            with self.lock:
                idle = self.busy == 0 and time.monotonic() - self.last >= self.idle
            if idle:
                self.stop("idle")
            elif self.busy == 0 and service.fingerprint() != self.fingerprint:
                self.stop("upgrade")

    def stop(self, why: str) -> None:
        self.why = self.why or why
        self.stopping.set()

    # -- requests ---------------------------------------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        with self.lock:
            self.busy += 1
        send_lock = threading.Lock()
        beat = threading.Event()

        def send(obj: dict) -> None:
            with send_lock:
                conn.sendall(json.dumps(obj, ensure_ascii=False).encode() + b"\n")

        def heartbeat() -> None:
            while not beat.wait(service.HEARTBEAT):
                send({"alive": 1})

        try:
            conn.settimeout(10.0)
            request = _read_request(conn)
            conn.settimeout(None)
            threading.Thread(target=heartbeat, daemon=True).start()
            try:
                self._answer(request, send)
            except (OSError, ValueError):
                raise
            except Exception as exc:  # noqa: BLE001 - told to the command, which shows it as one line
                send({"done": 0, "error": str(exc)})
        except (OSError, ValueError):
            pass    # the command went away, or sent nonsense: nothing to answer
        finally:
            beat.set()
            with self.lock:
                self.busy -= 1
                self.last = time.monotonic()
            conn.close()

    def _answer(self, request: dict, send) -> None:
        op = request.get("op")
        timeout = min(MAX_TIMEOUT, max(1.0, float(request.get("timeout") or 60.0)))
        if op == "ping":
            send({"done": 1, "pid": os.getpid(), "fingerprint": self.fingerprint, "started": self.started,
                  "idle": self.idle, "documents": self.documents, "busy": self.busy - 1,
                  "libreoffice": self.converter.pids(), "socket": str(self.where["sock"])})
        elif op == "stop":
            send({"done": 1})
            self.stop("asked")
        elif op == "pdf":
            pairs = [(str(a), str(b)) for a, b in request.get("pairs", [])][:service.MAX_DOCS]

            def told(pair, result) -> None:
                self.documents += 1
                k = index[pair]
                send({"i": k, "ok": str(result)} if isinstance(result, Path) else {"i": k, "error": str(result)})

            index = {p: k for k, p in enumerate(pairs)}
            self.converter.convert_many(pairs, timeout, progress=told)
            send({"done": len(pairs)})
        elif op == "one":
            send(self._one(request, timeout))
        else:
            send({"done": 0, "error": _("the converter service cannot do that")})

    def _one(self, request: dict, timeout: float) -> dict:
        from vanban.deliver.lo_jail import PdfError
        try:
            if request.get("filter"):
                self.converter.export(request["in"], request["out"], request["filter"], timeout)
                pages: Optional[int] = None
            else:
                self.converter.to_pdf(request["in"], request["out"], timeout, pages=request.get("pages"))
                pages = self.converter.last_page_count
        except PdfError as exc:
            return {"done": 0, "error": str(exc), "pages": self.converter.last_page_count}
        finally:
            self.documents += 1
        return {"done": 1, "pages": pages}


def _read_request(conn: socket.socket) -> dict:
    """One JSON line of at most MAX_LINE bytes."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > service.MAX_LINE:
            raise ValueError("request too long")
    request = json.loads(data)
    if not isinstance(request, dict):
        raise ValueError("not a request")
    return request


def main(argv: list[str]) -> int:
    folder, idle = Path(argv[0]), float(argv[1])
    if argv[2:]:
        from vanban.deliver.instance import use_uno_python
        use_uno_python(argv[2])     # the command that started us found it a moment ago
    daemon = Daemon(folder, idle)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_a: daemon.stop("signal"))
    return daemon.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
