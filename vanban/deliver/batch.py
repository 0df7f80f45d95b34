"""Rendering many documents: in parallel, safely, with a manifest.

Each worker process keeps its compiled templates (see :mod:`vanban.rendering.compiled`)
for the whole run; every file is written under a temporary name and renamed
when complete, so a run that is killed leaves only whole files. A bad input
is reported and the others are rendered all the same.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from vanban.model.loader import InputError, load_dict, load_file
from vanban.model.schema import VanBan
from vanban.deliver.files import flush_to_disk, render_file, write_atomic
from vanban.i18n import _

Source = Union[str, os.PathLike, VanBan, dict]


@dataclass
class Job:
    """One document to render: a YAML path, a model or a dict, and where the .docx goes."""
    source: Source
    output: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or (os.fspath(self.source) if isinstance(self.source, (str, os.PathLike)) else self.output)


@dataclass
class Outcome:
    """A manifest row."""
    input: str
    output: str
    status: str            # "ok" or "error"
    error: str = ""
    pdf: str = ""          # the PDF beside the .docx, when one was asked for


def _one(job: Job, template: Optional[str], template_dir: Optional[str]) -> Outcome:
    try:
        src = job.source
        doc = src if isinstance(src, VanBan) else load_dict(src, job.label) if isinstance(src, dict) else load_file(src)
        render_file(doc, job.output, template=template, template_dir=template_dir, durable=False)
        return Outcome(job.label, job.output, "ok")
    except InputError as exc:
        return Outcome(job.label, "", "error", str(exc))
    except OSError as exc:
        return Outcome(job.label, "", "error", f"{exc.filename or job.output}: {exc.strerror or exc}")
    except Exception as exc:  # a worker must report, never take the batch down
        return Outcome(job.label, "", "error", f"{job.label}: {' '.join(str(exc).split())[:300] or exc.__class__.__name__}")


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the kernel kills this worker when the parent dies, even by ``kill -9``
    (Linux parent-death signal); a worker never outlives the run that started it."""
    import signal
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _chunk(args: tuple) -> list[Outcome]:
    jobs, template, template_dir = args
    return [_one(j, template, template_dir) for j in jobs]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def render_batch(jobs: Iterable[Job], workers: Optional[int] = None, progress: Optional[bool] = None,
                 template: Optional[Union[str, os.PathLike]] = None,
                 template_dir: Optional[Union[str, os.PathLike]] = None,
                 total: Optional[int] = None) -> list[Outcome]:
    """Render every job; returns one outcome each, in input order.

    ``jobs`` may be a generator: it is consumed as the workers need more, so
    memory stays flat however many documents there are. ``workers`` defaults
    to every core; ``progress`` to "stderr is a terminal".
    """
    if total is None and hasattr(jobs, "__len__"):
        total = len(jobs)  # type: ignore[arg-type]
    workers = max(1, workers or os.cpu_count() or 1)
    if total is not None:
        workers = max(1, min(workers, total))
    show = sys.stderr.isatty() if progress is None else progress
    bar = _bar(total) if show else None
    t, td = (os.fspath(template) if template else None), (os.fspath(template_dir) if template_dir else None)
    outcomes: list[Outcome] = []

    def collect(done: list[Outcome]) -> None:
        outcomes.extend(done)
        if bar:
            bar.update(len(done))

    try:
        if workers == 1:
            for job in jobs:
                collect([_one(job, t, td)])
        else:
            # Chunks amortise sending jobs to the workers; a bounded window of
            # chunks in flight keeps every core busy without reading ahead.
            size = 16 if total is None else max(1, min(16, total // (workers * 4) or 1))
            # Imported here: one document (render --pdf of a letter) renders in this process, and
            # multiprocessing's import is a twentieth of what that command may take.
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                pending: deque = deque()
                for chunk in _chunks(jobs, size):
                    pending.append(pool.submit(_chunk, (chunk, t, td)))
                    if len(pending) >= workers * 3:
                        collect(pending.popleft().result())
                while pending:
                    collect(pending.popleft().result())
    finally:
        if bar:
            bar.close()
        flush_to_disk()
    return outcomes


def _bar(total: int):
    try:
        from tqdm import tqdm
    except ImportError:  # progress is a nicety, never a requirement
        return None
    return tqdm(total=total, unit=_("doc"), file=sys.stderr)


def write_manifest(outcomes: list[Outcome], path: Union[str, os.PathLike]) -> Path:
    """The manifest as JSON or CSV (by the file's extension): input, output, status, error,
    and pdf when PDFs were made."""
    path = Path(path)
    fields = [f for f in Outcome.__dataclass_fields__ if f != "pdf" or any(o.pdf for o in outcomes)]
    rows = [{k: v for k, v in asdict(o).items() if k in fields} for o in outcomes]
    if path.suffix.lower() == ".csv":
        import io
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
        data = buf.getvalue()
    else:
        data = json.dumps(rows, ensure_ascii=False, indent=2)
    return write_atomic(path, data.encode("utf-8"))
