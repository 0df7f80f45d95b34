"""One warm LibreOffice and the worker script that drives it, for :mod:`vanban.deliver.converter`.

UNO needs a Python with LibreOffice's ``uno`` module, which is seldom the one
vanban runs in, so each instance is a small worker script
(:mod:`vanban.deliver.unoworker`) run under such a Python and spoken to in JSON
lines over its stdin and stdout: requests go in, answers come back in the
order the requests were sent. More than one request may be waiting in the
worker, so that LibreOffice goes straight from one document to the next.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Optional

from vanban.deliver import lo_jail
from vanban.deliver.lo_jail import PdfError, ToolMissing, soffice
from vanban.i18n import _

UNO_HINT = ("the warm converter needs LibreOffice's Python bridge. On Debian or Ubuntu: "
            "apt-get install python3-uno (or set VANBAN_UNO_PYTHON to a Python that can import uno)")
WORKER = Path(__file__).with_name("unoworker.py")


class ConversionTimeout(PdfError):
    """A conversion took longer than its timeout; the instance was restarted."""


#: The bridge a parent process found and handed down (:func:`use_uno_python`): not asked again.
_handed: Optional[str] = None


def use_uno_python(exe: str) -> None:
    """Take ``exe`` as the Python with LibreOffice's bridge without starting it to ask: the
    converter service's parent has just asked it (a twentieth of a second saved at each start)."""
    global _handed
    _handed = exe


@lru_cache(maxsize=None)
def uno_python() -> str:
    """A Python interpreter that can ``import uno``, or :class:`ToolMissing`."""
    if _handed and os.path.isfile(_handed):
        return _handed
    candidates = [os.environ.get("VANBAN_UNO_PYTHON", "")]
    program = Path(os.path.realpath(soffice())).parent
    candidates += [str(program / "python.exe"), str(program / "python"), sys.executable,
                   "/usr/bin/python3", shutil.which("python3") or ""]
    for exe in dict.fromkeys(c for c in candidates if c):
        if not os.path.isfile(exe):
            continue
        if exe == sys.executable and not _finds_uno():
            continue    # asked in this process: a child started only to fail costs 60 ms a command
        try:
            probe = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return exe
    raise ToolMissing(UNO_HINT)


def _finds_uno() -> bool:
    """Whether this interpreter could import ``uno`` (its child, with the same environment, would)."""
    import importlib.util
    try:
        return importlib.util.find_spec("uno") is not None
    except (ImportError, ValueError):
        return False


class Instance:
    """One LibreOffice and the worker that drives it."""

    def __init__(self, memory: int, warm_up: bool, seed: Optional[Path] = None):
        self.memory, self.warm_up = memory, warm_up
        self.seed = seed    # where profiles are seeded from (lo_jail.make_profile), kept at the first start
        self.proc: Optional[subprocess.Popen] = None
        self.pid: Optional[int] = None  # LibreOffice's, as the worker started it
        self.ready = False
        self.tmp: Optional[Path] = None
        self.replies: queue.Queue = queue.Queue()
        self.rss = 0  # LibreOffice's resident memory after its last document, in bytes

    @property
    def over_memory(self) -> bool:
        return self.rss > self.memory

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Launch the worker; :meth:`wait_ready` waits for LibreOffice."""
        from vanban.deliver import lo_jail
        self.tmp = lo_jail.work_folder()
        self.replies, self.rss = queue.Queue(), 0
        address_space = max(2 * self.memory, 3 << 30)
        # The jail of every LibreOffice vanban starts (vanban.deliver.lo_jail): a profile that never
        # updates links or fetches remote content, temporary folders inside ours, and the worker with
        # its LibreOffice in a network namespace of their own (together: they talk over a local pipe).
        lo_jail.make_profile(self.tmp / "profile", self.seed)
        with open(self.tmp / "stderr", "wb") as err:
            self.proc = subprocess.Popen(
                [*lo_jail.offline_prefix(), uno_python(), str(WORKER), soffice(), str(self.tmp),
                 f"vanban-{uuid.uuid4().hex}", str(address_space)] + (["--warm-up"] if self.warm_up else []),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=lo_jail.environment(self.tmp / "scratch"),
                # Its own process group: Ctrl-C at the terminal reaches us, and we decide.
                start_new_session=(os.name == "posix"),
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        threading.Thread(target=self._read, args=(self.proc, self.replies), daemon=True).start()

    @staticmethod
    def _read(proc: subprocess.Popen, replies: queue.Queue) -> None:
        for line in proc.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
        replies.put(None)  # the worker has ended

    def wait_ready(self, timeout: float) -> None:
        reply = self.receive(timeout, _("LibreOffice did not start within {n} s").format(n=int(timeout)))
        if "ready" not in reply:
            raise self._failed(reply.get("error", ""))
        self.pid, self.ready = reply["ready"], True
        if self.seed is not None and self.tmp is not None:
            lo_jail.keep_seed(self.tmp / "profile", self.seed)

    def send(self, request: dict) -> None:
        """Queue a request in the worker; :class:`PdfError` (instance stopped) if it is gone."""
        if not self.running or self.proc is None or self.proc.stdin is None:
            raise self._failed("")
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            raise self._failed("") from None

    def receive(self, timeout: float, late: str) -> dict:
        """The next answer. Past ``timeout`` the instance is stopped and :class:`ConversionTimeout`
        says ``late``; if the worker ended, :class:`PdfError` (instance stopped)."""
        try:
            reply = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise ConversionTimeout(late) from None
        if reply is None:
            raise self._failed("")
        return reply

    def _failed(self, why: str) -> PdfError:
        err = ""
        if self.tmp and (self.tmp / "stderr").is_file():
            err = (self.tmp / "stderr").read_text("utf-8", "replace").strip()[-300:]
        self.stop()
        return PdfError(_("LibreOffice stopped unexpectedly {why}").format(why=(why + " " + err).strip()).strip())

    def stop(self) -> None:
        """Kill the worker and its LibreOffice, remove the profile."""
        proc, self.proc, self.pid, self.ready = self.proc, None, None, False
        if proc is not None:
            lo_jail.kill(proc)       # the whole session: soffice.bin outlives a worker that already exited
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream and stream.close()
                except OSError:
                    pass
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


__all__ = ["Instance", "ConversionTimeout", "uno_python", "UNO_HINT", "WORKER"]
