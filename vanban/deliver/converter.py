"""A warm LibreOffice: .docx → PDF without paying LibreOffice's start each time.

Starting LibreOffice takes two seconds; converting a letter once it runs takes
a fifth of one. :class:`Converter` keeps one or more LibreOffice processes
running, each with a throw-away profile, and hands them documents over UNO.
UNO needs a Python with LibreOffice's ``uno`` module, which is seldom the one
vanban runs in, so each instance is a small worker script
(:mod:`vanban.deliver.unoworker`) run under such a Python and driven through
its stdin and stdout.

An instance that crashes, hangs past the timeout or grows past the memory cap
is killed and started afresh; every process and temporary file goes when the
converter is closed, when the program exits, on Ctrl-C, and — because each
worker watches its stdin — even when the program is killed outright.

    with Converter(instances=2) as c:
        c.to_pdf(Path("a.docx"), Path("a.pdf"))

A long-lived process (the web app) uses :func:`shared` and keeps it.
"""
from __future__ import annotations

import atexit
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
import weakref
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from vanban.deliver.pdf import PdfError, ToolMissing, soffice
from vanban.i18n import _

UNO_HINT = ("the warm converter needs LibreOffice's Python bridge. On Debian or Ubuntu: "
            "apt-get install python3-uno (or set VANBAN_UNO_PYTHON to a Python that can import uno)")
WORKER = Path(__file__).with_name("unoworker.py")
PathLike = Union[str, os.PathLike]


class ConversionTimeout(PdfError):
    """A conversion took longer than its timeout; the instance was restarted."""


@lru_cache(maxsize=None)
def uno_python() -> str:
    """A Python interpreter that can ``import uno``, or :class:`ToolMissing`."""
    candidates = [os.environ.get("VANBAN_UNO_PYTHON", "")]
    program = Path(os.path.realpath(soffice())).parent
    candidates += [str(program / "python.exe"), str(program / "python"), sys.executable,
                   "/usr/bin/python3", shutil.which("python3") or ""]
    for exe in dict.fromkeys(c for c in candidates if c):
        if not os.path.isfile(exe):
            continue
        try:
            probe = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return exe
    raise ToolMissing(UNO_HINT)


class _Instance:
    """One LibreOffice and the worker that drives it."""

    def __init__(self, memory: int, warm_up: bool):
        self.memory, self.warm_up = memory, warm_up
        self.proc: Optional[subprocess.Popen] = None
        self.pid: Optional[int] = None  # LibreOffice's, as the worker started it
        self.ready = False
        self.tmp: Optional[Path] = None
        self.replies: queue.Queue = queue.Queue()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Launch the worker; :meth:`wait_ready` waits for LibreOffice."""
        from vanban.deliver import lo_jail
        self.tmp = Path(tempfile.mkdtemp(prefix="vanban-lo-"))
        self.replies = queue.Queue()
        address_space = max(2 * self.memory, 3 << 30)
        # The jail of every LibreOffice vanban starts (vanban.deliver.lo_jail): a profile that never
        # updates links or fetches remote content, temporary folders inside ours, and the worker with
        # its LibreOffice in a network namespace of their own (together: they talk over a local pipe).
        lo_jail.make_profile(self.tmp / "profile")
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
        reply = self._reply(timeout, _("LibreOffice did not start within {n} s").format(n=int(timeout)))
        if "ready" not in reply:
            raise self._failed(reply.get("error", ""))
        self.pid, self.ready = reply["ready"], True

    def _reply(self, timeout: float, late: str) -> dict:
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

    def convert(self, docx: Path, pdf: Path, timeout: float, pages: Optional[str] = None) -> dict:
        assert self.proc and self.proc.stdin
        try:
            self.proc.stdin.write((json.dumps({"in": str(docx), "out": str(pdf), "pages": pages}) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            raise self._failed("") from None
        return self._reply(timeout, _("{file}: LibreOffice took more than {n} s; stopped it").format(
            file=docx, n=f"{timeout:g}"))

    def stop(self) -> None:
        """Kill the worker and its LibreOffice, remove the profile."""
        proc, self.proc, self.pid, self.ready = self.proc, None, None, False
        if proc is not None:
            if proc.poll() is None:
                try:
                    if os.name == "posix":
                        os.killpg(proc.pid, signal.SIGKILL)
                    else:
                        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
                except (ProcessLookupError, PermissionError):
                    pass
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream and stream.close()
                except OSError:
                    pass
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


_LIVE: "weakref.WeakSet[Converter]" = weakref.WeakSet()


class Converter:
    """``instances`` warm LibreOffice processes converting .docx to PDF.

    ``memory_mb`` caps each LibreOffice: past it the instance is restarted
    after the conversion at hand (and its address space is limited to twice
    that, 3 GiB at least, so a runaway document fails instead of eating the machine).
    Thread-safe: up to ``instances`` conversions run at once. ``warm_up``
    converts a tiny document at each start, so that the first real one is as
    fast as the rest (worth it in a long-lived process, not in a one-off command).
    """

    def __init__(self, instances: int = 1, *, timeout: float = 60.0, memory_mb: int = 1024,
                 start_timeout: float = 90.0, warm_up: bool = False):
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.memory = memory_mb * 1024 * 1024
        self._all = [_Instance(self.memory, warm_up) for _ in range(max(1, instances))]
        self._idle: queue.Queue = queue.Queue()
        for inst in self._all:
            self._idle.put(inst)
        self._closed = False
        self._local = threading.local()
        uno_python()  # say now, not at the first document, that the bridge is missing
        _LIVE.add(self)

    def launch(self) -> "Converter":
        """Set every instance starting, without waiting: LibreOffice boots while the caller
        does other work (renders the documents, say)."""
        for inst in self._all:
            if not inst.running:
                inst.start()
        return self

    def start(self) -> "Converter":
        """Start every instance now (in parallel) rather than at its first document."""
        self.launch()
        for inst in self._all:
            if not inst.ready:
                inst.wait_ready(self.start_timeout)
        return self

    def to_pdf(self, docx: PathLike, pdf: PathLike, timeout: Optional[float] = None,
               pages: Optional[str] = None) -> Path:
        """Convert ``docx`` to ``pdf`` (written whole or not at all); returns ``pdf``.

        ``pages`` ("1", "2-3") exports only those pages, as a preview wants;
        :attr:`last_page_count` then tells how many the document has."""
        if self._closed:
            raise PdfError(_("the converter is closed"))
        docx, pdf = Path(docx).resolve(), Path(pdf)
        inst = self._idle.get()
        try:
            return self._convert(inst, docx, pdf, timeout or self.timeout, pages, retry=True)
        finally:
            self._idle.put(inst)

    def _convert(self, inst: _Instance, docx: Path, pdf: Path, timeout: float, pages: Optional[str],
                 retry: bool) -> Path:
        if self._closed:   # closed under a running conversion (Ctrl-C): never start LibreOffice again
            raise PdfError(_("the converter is closed"))
        if not inst.running:
            inst.start()
        if not inst.ready:
            inst.wait_ready(self.start_timeout)
        assert inst.tmp is not None
        work = inst.tmp / f"{uuid.uuid4().hex}"
        work.mkdir()
        reply: Optional[dict] = None
        try:
            try:
                source = _sanitized(docx, work)
            except (ValueError, OSError) as exc:  # the sanitizer's refusal: this file only
                raise PdfError(_("{file}: {why}").format(file=docx, why=exc)) from None
            out = work / "out.pdf"
            try:
                reply = inst.convert(source, out, timeout, pages)
            except ConversionTimeout as exc:
                # Name the user's file, never the safe copy in the working folder.
                raise ConversionTimeout(str(exc).replace(str(source), str(docx))) from None
            except PdfError:
                # The instance died under this document or before it: one more
                # try on a fresh one tells a crash-prone file from bad luck.
                if retry:
                    return self._convert(inst, docx, pdf, timeout, pages, retry=False)
                raise
            if "error" in reply:
                if reply.get("dead"):
                    inst.stop()
                    if retry:
                        return self._convert(inst, docx, pdf, timeout, pages, retry=False)
                if pages and reply.get("pages"):  # asked for pages the document does not have
                    raise PdfError(_("the document has {n} page(s); there is no page {page}").format(
                        n=reply["pages"], page=pages))
                raise PdfError(_("{file}: LibreOffice could not convert it ({why})").format(
                    file=docx, why=reply["error"]))
            if not out.is_file() or out.stat().st_size == 0:
                raise PdfError(_("{file}: LibreOffice wrote no PDF").format(file=docx))
            self._local.pages = reply.get("pages")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            os.replace(out, pdf) if _same_device(out, pdf.parent) else _copy_atomic(out, pdf)
            return pdf
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if reply is not None and reply.get("rss", 0) > self.memory:
                inst.stop()  # a fresh one starts at the next document

    @property
    def last_page_count(self) -> Optional[int]:
        """Pages in the document this thread converted last (None if LibreOffice did not say)."""
        return getattr(self._local, "pages", None)

    def pids(self) -> list[int]:
        """The process ids of the LibreOffice instances running now (for monitoring)."""
        return [i.pid for i in self._all if i.running and i.pid]

    def convert_many(self, pairs: Iterable[tuple[PathLike, PathLike]], timeout: Optional[float] = None,
                     progress: Optional[Callable[[tuple, Union[Path, Exception]], None]] = None
                     ) -> list[Union[Path, Exception]]:
        """Convert many (docx, pdf) pairs on every instance; a result or the exception, in order.
        ``progress(pair, result)`` is called as each one is done (from a worker thread)."""
        def one(pair):
            try:
                result: Union[Path, Exception] = self.to_pdf(pair[0], pair[1], timeout)
            except PdfError as exc:
                result = exc
            if progress:
                progress(pair, result)
            return result
        pool = ThreadPoolExecutor(max_workers=len(self._all))
        try:
            results = list(pool.map(one, list(pairs)))
        except BaseException:
            # Ctrl-C: the documents not started are dropped and LibreOffice is stopped at once;
            # every PDF already finished stays (each is put in place whole).
            pool.shutdown(wait=False, cancel_futures=True)
            self.close()
            pool.shutdown(wait=True)   # the documents in flight fail at once, their LibreOffice gone
            self.close()               # and whatever they left behind goes too
            raise
        pool.shutdown()
        return results

    def close(self) -> None:
        """Stop every LibreOffice and remove their files. Safe to call twice."""
        self._closed = True
        for inst in self._all:
            inst.stop()

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def _sanitized(docx: Path, work: Path) -> Path:
    """The file LibreOffice may open: cleaned of what must not reach it, when the sanitizer is present."""
    try:
        from vanban.deliver import sanitize
    except ImportError:
        return docx
    return sanitize.sanitize_file(docx, work / "in.docx")  # type: ignore[attr-defined,no-any-return]


def _same_device(a: Path, folder: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(folder).st_dev
    except OSError:
        return False


def _copy_atomic(src: Path, dst: Path) -> None:
    from vanban.deliver.files import write_atomic
    write_atomic(dst, src.read_bytes())


_shared: Optional[Converter] = None
_shared_lock = threading.Lock()


def shared(instances: Optional[int] = None) -> Converter:
    """The process-wide converter for long-lived processes, started on first use, closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = Converter(instances or 1, warm_up=True)
        return _shared


def running_shared() -> Optional[Converter]:
    """The shared converter if one is already running, without starting one."""
    return _shared if _shared is not None and not _shared._closed else None


@atexit.register
def _close_all() -> None:
    for conv in list(_LIVE):
        conv.close()


__all__ = ["Converter", "ConversionTimeout", "shared", "running_shared", "uno_python", "UNO_HINT"]
