"""PDF through LibreOffice, and PNG previews of a page through poppler.

Starting LibreOffice costs seconds; converting a document once it runs costs
a fraction of one. So documents go to warm LibreOffice processes
(:mod:`vanban.deliver.converter`): the process-wide one when a long-lived
program keeps it, else one per core started for the batch at hand. Where
the warm path cannot start (no Python bridge to LibreOffice), each share of
the files goes to a single ``soffice --convert-to pdf`` call instead, with a
profile of its own in a temporary folder. Either way every process is killed
and every temporary file removed on success, on error and on Ctrl-C.
"""
from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from vanban.deliver import lo_jail
from vanban.deliver.files import write_atomic
from vanban.deliver.sanitize import safe_copy
from vanban.i18n import _

INSTALL_HINT = ("LibreOffice is needed for PDF output. On Debian or Ubuntu: "
                "apt-get install libreoffice-writer-nogui fonts-liberation2")
POPPLER_HINT = "pdftoppm is needed for previews. On Debian or Ubuntu: apt-get install poppler-utils"


#: With no warm LibreOffice running, this many files or fewer go to one ``soffice`` call:
#: the UNO worker's own start (half a second) is not paid back by so few documents.
ONE_SHOT_UP_TO = 2


class PdfError(RuntimeError):
    """A conversion could not be done at all."""


class ToolMissing(PdfError):
    """LibreOffice or poppler is not installed; the message says how to install it."""


@dataclass
class PdfOutcome:
    """One file's conversion."""
    input: str
    output: str
    status: str         # "ok" or "error"
    error: str = ""


def soffice() -> str:
    """The LibreOffice executable, or :class:`ToolMissing`."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(INSTALL_HINT)


def _kill(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def _not_docx(path: Path) -> Optional[str]:
    """Why ``path`` is not a Word document, or None. LibreOffice would open any
    file as plain text and print it, so this is asked before converting."""
    if not path.exists():
        return _("no such file")
    if not path.is_file():
        return _("not a regular file")
    return None  # the rest (empty, .doc, encrypted, damaged, bombs) is the safe copy's to say


def convert(docx_files: Iterable[Union[str, os.PathLike]], workers: Optional[int] = None,
            timeout_per_file: float = 60.0, converter=None) -> list[PdfOutcome]:
    """Convert .docx files to PDF beside each one.

    ``converter`` (a :class:`~vanban.deliver.converter.Converter`) defaults to
    the shared one when it runs, else to one started for these files with
    ``workers`` instances (default: one per core, at most one per file).
    """
    given = [Path(f) for f in docx_files]
    reasons = {f: _not_docx(f) for f in given}
    rejected = [PdfOutcome(str(f), "", "error", f"{f}: {why}") for f, why in reasons.items() if why]
    files = [f for f in given if not reasons[f]]
    if not files:
        return rejected
    soffice()
    out = _convert_warm(files, workers, timeout_per_file, converter)
    if out is None:
        out = _convert_once(files, workers, timeout_per_file)
    order = {str(f): k for k, f in enumerate(given)}
    return sorted(out + rejected, key=lambda o: order[o.input])


def _convert_warm(files: list[Path], workers: Optional[int], timeout: float, converter) -> Optional[list[PdfOutcome]]:
    """Through warm LibreOffice processes; None when they cannot be started at all."""
    from vanban.deliver import converter as warm
    own = None
    try:
        converter = converter or warm.running_shared()
        if converter is None and len(files) <= ONE_SHOT_UP_TO:
            return None  # starting a warm LibreOffice for one or two files costs more than it saves
        if converter is None:
            own = converter = warm.Converter(max(1, min(workers or os.cpu_count() or 1, len(files))),
                                             timeout=timeout)
        converter.start()
    except PdfError:
        if own is not None:
            own.close()
        return None
    try:
        results = converter.convert_many([(f, f.with_suffix(".pdf")) for f in files], timeout)
    finally:
        if own is not None:
            own.close()
    return [PdfOutcome(str(f), str(r), "ok") if isinstance(r, Path) else PdfOutcome(str(f), "", "error", str(r))
            for f, r in zip(files, results)]


def _convert_once(files: list[Path], workers: Optional[int], timeout_per_file: float) -> list[PdfOutcome]:
    """One ``soffice --convert-to pdf`` call per share of the files."""
    exe = soffice()
    shares = max(1, min(workers or os.cpu_count() or 1, math.ceil(len(files) / 4)))
    groups = [list(range(len(files)))[k::shares] for k in range(shares)]
    tmp = Path(tempfile.mkdtemp(prefix="vanban-pdf-"))
    procs: list[subprocess.Popen] = []
    running: dict[int, subprocess.Popen] = {}
    refused: dict[int, Optional[str]] = {}
    try:
        for g, group in enumerate(groups):
            inbox, outbox = tmp / f"in{g}", tmp / f"out{g}"
            inbox.mkdir()
            names = []
            for i in group:
                # LibreOffice sees only a safe copy (vanban.deliver.sanitize: no external links, no
                # fetching fields, no values that hang it). Numbered: two inputs may share a name.
                copy = inbox / f"{i}.docx"
                refused[i] = safe_copy(files[i], copy)
                if not refused[i]:
                    names.append(str(copy))
            if not names:
                continue
            procs.append(subprocess.Popen(
                lo_jail.command(exe, lo_jail.make_profile(tmp / f"profile{g}"),
                                "--convert-to", "pdf", "--outdir", str(outbox), *names),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                env=lo_jail.environment(tmp / f"scratch{g}"), cwd=tmp))
            running[g] = procs[-1]
        errors = {}
        for g, proc in running.items():
            try:
                _, err = proc.communicate(timeout=30 + timeout_per_file * len(groups[g]))
            except subprocess.TimeoutExpired:
                _kill([proc])
                err = b"LibreOffice timed out"
            # LibreOffice names its numbered copies; the user knows only their own files.
            errors[g] = err.decode("utf-8", "replace").strip().replace(str(tmp), "…")
        out = []
        for g, group in enumerate(groups):
            for i in group:
                pdf = tmp / f"out{g}" / f"{i}.pdf"
                target = files[i].with_suffix(".pdf")
                if refused[i]:
                    out.append(PdfOutcome(str(files[i]), "", "error", f"{files[i]}: {refused[i]}"))
                elif pdf.is_file() and pdf.stat().st_size > 0:
                    write_atomic(target, pdf.read_bytes())
                    out.append(PdfOutcome(str(files[i]), str(target), "ok"))
                else:
                    out.append(PdfOutcome(str(files[i]), "", "error",
                                          f"{files[i]}: LibreOffice did not convert it {errors.get(g, '')[-200:]}".strip()))
        return out
    finally:
        _kill(procs)
        shutil.rmtree(tmp, ignore_errors=True)


def page_count(pdf: Union[str, os.PathLike]) -> int:
    """Pages in a PDF (poppler's pdfinfo)."""
    exe = shutil.which("pdfinfo")
    if not exe:
        raise ToolMissing(POPPLER_HINT)
    info = subprocess.run([exe, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def preview(pdf: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int = 1, dpi: int = 60) -> Path:
    """Page ``page`` of ``pdf`` as a PNG image."""
    exe = shutil.which("pdftoppm")
    if not exe:
        raise ToolMissing(POPPLER_HINT)
    pages = page_count(pdf)
    if not 1 <= page <= pages:
        raise PdfError(f"the document has {pages} page(s); there is no page {page}")
    return _png(exe, pdf, png, page, dpi)


def _png(exe: str, pdf: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int, dpi: int) -> Path:
    from vanban.deliver.png import ppm_to_png
    ppm = subprocess.run([exe, "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf)],
                         check=True, capture_output=True).stdout
    return write_atomic(Path(png), ppm_to_png(ppm))


def docx_preview(docx: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int = 1, dpi: int = 60,
                 converter=None) -> Path:
    """Page ``page`` of a .docx as a PNG, through a warm LibreOffice (the shared one by default):
    what a page that previews as a clerk types calls."""
    from vanban.deliver.converter import shared
    exe = shutil.which("pdftoppm")
    if not exe:
        raise ToolMissing(POPPLER_HINT)
    conv = converter or shared()
    with tempfile.TemporaryDirectory(prefix="vanban-png-") as tmp:
        # LibreOffice exports that page alone (and fails on a page the document lacks).
        made = conv.to_pdf(docx, Path(tmp) / "page.pdf", pages=str(page))
        count = conv.last_page_count
        if count is not None and not 1 <= page <= count:
            raise PdfError(f"the document has {count} page(s); there is no page {page}")
        return _png(exe, made, png, 1, dpi)
