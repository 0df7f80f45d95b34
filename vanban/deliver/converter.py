"""A warm LibreOffice: .docx → PDF without paying LibreOffice's start each time.

Starting LibreOffice takes a second or two; converting a letter once it runs
takes a twentieth of one. :class:`Converter` keeps one or more LibreOffice
processes running, each with a throw-away profile, and hands them documents:
each instance is a worker script driving one LibreOffice over UNO
(:mod:`vanban.deliver.instance`). A batch keeps two documents in each
instance's hands, so LibreOffice goes from one to the next without waiting for us.

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
import os
import queue
import threading
import uuid
import weakref
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Union, cast

from vanban.deliver.instance import UNO_HINT, ConversionTimeout, Instance, uno_python
from vanban.deliver.lo_jail import PdfError
from vanban.i18n import _

PathLike = Union[str, os.PathLike]
Result = Union[Path, Exception]

#: Documents handed to one LibreOffice at a time: while it converts one, the next
#: is already copied safe and waiting in its worker, so it never waits on us.
DEPTH = 2


@dataclass
class _Job:
    index: int
    docx: Path
    pdf: Path
    timeout: float
    pages: Optional[str] = None
    retried: bool = False     # one more try on a fresh instance is all a document gets
    work: Optional[Path] = None  # its folder inside the instance's: the safe copy and the PDF
    found_pages: Optional[int] = None
    filter: Optional[str] = None  # another export than PDF ("MS Word 2007 XML"): from any format LibreOffice reads
    ext: str = "pdf"


_LIVE: "weakref.WeakSet[Converter]" = weakref.WeakSet()


class Converter:
    """``instances`` warm LibreOffice processes converting .docx to PDF.

    ``memory_mb`` caps each LibreOffice: past it the instance is restarted
    after the conversion at hand (and its address space is limited to twice
    that, 3 GiB at least, so a runaway document fails instead of eating the machine).
    Thread-safe: up to ``instances`` conversions run at once. ``warm_up``
    converts a tiny document at each start, so that the first real one is as
    fast as the rest (worth it in a long-lived process, not in a one-off command).
    ``profile_seed``: a folder where the first LibreOffice's registered extensions are kept, so
    that the next ones start without restarting themselves (:func:`~vanban.deliver.lo_jail.make_profile`).
    """

    def __init__(self, instances: int = 1, *, timeout: float = 60.0, memory_mb: int = 1024,
                 start_timeout: float = 90.0, warm_up: bool = False, profile_seed: Optional[Path] = None):
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.memory = memory_mb * 1024 * 1024
        self._all = [Instance(self.memory, warm_up, profile_seed) for _ in range(max(1, instances))]
        # Last in, first out: a lone document goes to the LibreOffice that ran last (warm), not to
        # one never started; the first instance is on top.
        self._idle: queue.Queue = queue.LifoQueue()
        for inst in reversed(self._all):
            self._idle.put(inst)
        self._closed = False
        self._local = threading.local()
        uno_python()  # say now, not at the first document, that the bridge is missing
        _LIVE.add(self)

    def launch(self, count: Optional[int] = None) -> "Converter":
        """Set every instance (or the first ``count``) starting, without waiting: LibreOffice boots
        while the caller does other work (renders the documents, say)."""
        for inst in self._all[:count]:
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
        return self._one(_Job(0, Path(docx).resolve(), Path(pdf), timeout or self.timeout, pages))

    def export(self, src: PathLike, dst: PathLike, filter: str, timeout: Optional[float] = None) -> Path:
        """Convert ``src`` (any format LibreOffice reads: .doc, .odt, .rtf) with the export filter
        ``filter`` ("docx:MS Word 2007 XML") to ``dst``. Not sanitized: only a .docx has a safe copy."""
        name, _sep, flt = filter.partition(":")
        return self._one(_Job(0, Path(src).resolve(), Path(dst), timeout or self.timeout, filter=flt or name, ext=name))

    def _one(self, job: _Job) -> Path:
        done: list[Result] = []
        inst = self._idle.get()
        try:
            one = iter([job])
            self._run(inst, lambda: next(one, None), lambda _job, result: done.append(result))
        finally:
            self._idle.put(inst)
        self._local.pages = job.found_pages
        if isinstance(done[0], Exception):
            raise done[0]
        return done[0]

    def convert_many(self, pairs: Iterable[tuple[PathLike, PathLike]], timeout: Optional[float] = None,
                     progress: Optional[Callable[[tuple, Result], None]] = None) -> list[Result]:
        """Convert many (docx, pdf) pairs on every instance; a result or the exception, in order.
        ``progress(pair, result)`` is called as each one is done (from a worker thread)."""
        pairs = list(pairs)
        # Largest first: the last documents are then short ones, and no LibreOffice sits idle for
        # long while another finishes a long one (results still come back in the order given).
        todo = [_Job(i, Path(a).resolve(), Path(b), timeout or self.timeout) for i, (a, b) in enumerate(pairs)]
        jobs = iter(sorted(todo, key=lambda job: -_size(job.docx)))
        results: list[Optional[Result]] = [None] * len(pairs)
        lock, stopping = threading.Lock(), threading.Event()

        def take() -> Optional[_Job]:
            with lock:
                return None if stopping.is_set() else next(jobs, None)

        def finish(job: _Job, result: Result) -> None:
            results[job.index] = result
            if progress:
                progress(pairs[job.index], result)

        def lane() -> None:
            inst = self._idle.get()
            try:
                self._run(inst, take, finish)
            finally:
                self._idle.put(inst)

        lanes = max(1, min(len(self._all), len(pairs)))
        pool = ThreadPoolExecutor(max_workers=lanes)
        try:
            for future in [pool.submit(lane) for _ in range(lanes)]:
                future.result()
        except BaseException:
            # Ctrl-C: the documents not started are dropped and LibreOffice is stopped at once;
            # every PDF already finished stays (each is put in place whole).
            stopping.set()
            self.close()
            pool.shutdown(wait=True)   # the documents in flight fail at once, their LibreOffice gone
            self.close()               # and whatever they left behind goes too
            raise
        pool.shutdown()
        return cast("list[Result]", results)  # every job was finished: the lanes end only when none is left

    def _run(self, inst: Instance, take: Callable[[], Optional[_Job]],
             finish: Callable[[_Job, Result], None]) -> None:
        """Convert on ``inst`` every job ``take()`` hands out (until None), telling ``finish``
        each result. Up to :data:`DEPTH` jobs wait in the worker at once; when the instance dies
        or is stopped, the one it was converting gets one more try on a fresh one and those
        still waiting are sent again."""
        sent: deque[_Job] = deque()
        again: deque[_Job] = deque()
        # Every path below that gives jobs back runs after the instance was stopped, and its
        # folder (with the jobs' safe copies) went with it: they are simply sent again.

        def give_back() -> None:
            again.extendleft(reversed(sent))
            sent.clear()

        def lost(error: Exception) -> None:
            # The oldest document in a dead instance's hands is the one it was converting: it gets
            # one more try on a fresh instance (a crash-prone file fails twice, bad luck once); the
            # others were never started.
            head = sent.popleft()
            give_back()
            if head.retried:
                finish(head, error)
            else:
                head.retried = True
                again.appendleft(head)

        try:
            while True:
                while len(sent) < DEPTH:
                    job = again.popleft() if again else take()
                    if job is None:
                        break
                    try:
                        self._send(inst, job)
                        sent.append(job)
                    except _Lost as exc:   # the instance went as we spoke to it
                        sent.append(job)
                        lost(exc.error)
                    except PdfError as exc:   # this file cannot be converted, or LibreOffice cannot start
                        finish(job, exc)
                if not sent:
                    return
                job = sent.popleft()
                try:
                    finish(job, self._receive(inst, job))
                except ConversionTimeout as exc:  # the instance was stopped
                    finish(job, exc)
                    give_back()
                except _Lost as exc:
                    sent.appendleft(job)
                    lost(exc.error)
                except PdfError as exc:
                    finish(job, exc)
                finally:
                    _clean(job)
                if inst.running and inst.over_memory:
                    inst.stop()  # a fresh one starts at the next document
                    give_back()
        finally:
            if sent:  # left with answers pending (an error of ours): they must not reach the next user
                inst.stop()

    def _send(self, inst: Instance, job: _Job) -> None:
        if self._closed:   # closed under a running conversion (Ctrl-C): never start LibreOffice again
            raise PdfError(_("the converter is closed"))
        if not inst.running:
            inst.start()
        if not inst.ready:
            inst.wait_ready(self.start_timeout)
        assert inst.tmp is not None
        folder = inst.tmp
        job.work = folder / uuid.uuid4().hex
        try:
            job.work.mkdir()
            source = _sanitized(job.docx, job.work) if job.filter is None else _copied(job.docx, job.work)
        except (ValueError, OSError) as exc:
            _clean(job)
            if not folder.is_dir():
                # The worker removes its folder when its LibreOffice dies (killed between two
                # documents): the instance is gone, not this file, which goes to a fresh one.
                inst.stop()
                raise _Lost(None) from None
            raise PdfError(_("{file}: {why}").format(file=job.docx, why=exc)) from None  # the sanitizer's refusal: this file only
        try:
            inst.send({"in": str(source), "out": str(job.work / f"out.{job.ext}"), "pages": job.pages,
                       "filter": job.filter})
        except PdfError:
            raise _Lost(None) from None

    def _receive(self, inst: Instance, job: _Job) -> Path:
        late = _("{file}: LibreOffice took more than {n} s; stopped it").format(file=job.docx, n=f"{job.timeout:g}")
        try:
            reply = inst.receive(job.timeout, late)
        except ConversionTimeout:
            raise
        except PdfError as exc:   # the worker ended under this document
            raise _Lost(exc) from None
        inst.rss = reply.get("rss", 0)
        job.found_pages = reply.get("pages")
        if "error" in reply:
            if reply.get("dead"):
                inst.stop()
                raise _Lost(PdfError(_("{file}: LibreOffice could not convert it ({why})").format(
                    file=job.docx, why=reply["error"])))
            if job.pages and job.found_pages:  # asked for pages the document does not have
                raise PdfError(_("the document has {n} page(s); there is no page {page}").format(
                    n=job.found_pages, page=job.pages))
            raise PdfError(_("{file}: LibreOffice could not convert it ({why})").format(file=job.docx,
                                                                                       why=reply["error"]))
        assert job.work is not None
        out = job.work / f"out.{job.ext}"
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfError(_("{file}: LibreOffice wrote no PDF").format(file=job.docx))
        try:
            job.pdf.parent.mkdir(parents=True, exist_ok=True)
            os.replace(out, job.pdf) if _same_device(out, job.pdf.parent) else _copy_atomic(out, job.pdf)
        except OSError as exc:
            raise PdfError(_("{file}: {why}").format(file=job.pdf, why=exc.strerror or exc)) from None
        return job.pdf

    @property
    def last_page_count(self) -> Optional[int]:
        """Pages in the document this thread converted last (None if LibreOffice did not say)."""
        return getattr(self._local, "pages", None)

    def pids(self) -> list[int]:
        """The process ids of the LibreOffice instances running now (for monitoring)."""
        return [i.pid for i in self._all if i.running and i.pid]

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


class _Lost(Exception):
    """The instance died (or was found dead) with this job in its hands; ``error`` says how, if known."""

    def __init__(self, error: Optional[Exception]):
        super().__init__(str(error or ""))
        self.error = error or PdfError(_("LibreOffice stopped unexpectedly {why}").format(why="").strip())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _clean(job: _Job) -> None:
    if job.work is not None:
        import shutil
        shutil.rmtree(job.work, ignore_errors=True)
        job.work = None


def _sanitized(docx: Path, work: Path) -> Path:
    """The copy LibreOffice may open, cleaned of what must not reach it (:mod:`vanban.deliver.sanitize`)."""
    from vanban.deliver import sanitize
    return sanitize.sanitize_file(docx, work / "in.docx")


def _copied(src: Path, work: Path) -> Path:
    """A copy LibreOffice may open (and lock) instead of the user's file."""
    import shutil
    return Path(shutil.copyfile(src, work / f"in{src.suffix.lower()}"))


def _same_device(a: Path, folder: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(folder).st_dev
    except OSError:
        return False


def _copy_atomic(src: Path, dst: Path) -> None:
    from vanban.deliver.files import write_atomic
    # Whole or not at all, like the rename on one device, and no more durable than it: a flush to
    # disk per PDF held each LibreOffice 5 ms a document once its folder moved to RAM.
    write_atomic(dst, src.read_bytes(), durable=False)


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
