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
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from vanban.deliver import lo_jail
from vanban.deliver.lo_jail import PdfError, ToolMissing, soffice
from vanban.i18n import _
from vanban.tools import find as find_tool, install_hint

#: Told of each file's outcome as soon as it is known (a progress bar).
Progress = Optional[Callable[["PdfOutcome"], None]]


#: With no warm LibreOffice running, this many files or fewer go to one ``soffice`` call:
#: the UNO worker's own start (half a second) is not paid back by so few documents.
ONE_SHOT_UP_TO = 2


@dataclass
class PdfOutcome:
    """One file's conversion."""
    input: str
    output: str
    status: str         # "ok" or "error"
    error: str = ""


def _not_docx(path: Path) -> Optional[str]:
    """Why ``path`` is not a Word document, or None. LibreOffice would open any
    file as plain text and print it, so this is asked before converting."""
    if not path.exists():
        return _("no such file")
    if not path.is_file():
        return _("not a regular file")
    return None  # the rest (empty, .doc, encrypted, damaged, bombs) is the safe copy's to say


def convert(docx_files: Iterable[Union[str, os.PathLike]], workers: Optional[int] = None,
            timeout_per_file: float = 60.0, converter=None, progress: Progress = None) -> list[PdfOutcome]:
    """Convert .docx files to PDF beside each one.

    ``converter`` (a :class:`~vanban.deliver.converter.Converter`) defaults to
    the shared one when it runs, else to one started for these files with
    ``workers`` instances (default: one per core, at most one per file).
    Each PDF is put in place as soon as it is finished, and ``progress`` is
    told, so a run stopped by Ctrl-C keeps the PDFs already made.
    """
    given = [Path(f) for f in docx_files]
    reasons = {f: _not_docx(f) for f in given}
    rejected = [PdfOutcome(str(f), "", "error", f"{f}: {why}") for f, why in reasons.items() if why]
    files = [f for f in given if not reasons[f]]
    if not files:
        return rejected
    soffice()
    out = _convert_warm(files, workers, timeout_per_file, converter, progress)
    if out is None:
        out = _convert_once(files, workers, timeout_per_file, progress)
    order = {str(f): k for k, f in enumerate(given)}
    return sorted(out + rejected, key=lambda o: order[o.input])


def _convert_warm(files: list[Path], workers: Optional[int], timeout: float, converter,
                  progress: Progress = None) -> Optional[list[PdfOutcome]]:
    """Through warm LibreOffice processes; None when they cannot be started at all."""
    own = None
    try:
        # The shared converter exists only where its module was imported; asking costs nothing then.
        shared = sys.modules.get("vanban.deliver.converter")
        converter = converter or (shared and shared.running_shared()) or _service()
        if converter is None and len(files) <= ONE_SHOT_UP_TO:
            return None  # starting a warm LibreOffice for one or two files costs more than it saves
        if converter is None:
            from vanban.deliver import converter as warm
            own = converter = warm.Converter(max(1, min(workers or os.cpu_count() or 1, len(files))),
                                             timeout=timeout)
        converter.start()
    except PdfError:
        if own is not None:
            own.close()
        return None
    def outcome(f: Path, r) -> PdfOutcome:
        # The PDF named as the clerk named its .docx (the service answers with resolved paths).
        return PdfOutcome(str(f), str(f.with_suffix(".pdf")), "ok") if isinstance(r, Path) \
            else PdfOutcome(str(f), "", "error", str(r))

    told = (lambda pair, r: progress(outcome(Path(pair[0]), r))) if progress else None
    try:
        results = converter.convert_many([(f, f.with_suffix(".pdf")) for f in files], timeout, progress=told)
    finally:
        if own is not None:
            own.close()
    return [outcome(f, r) for f, r in zip(files, results)]


def _service():
    """The user's converter service (:mod:`vanban.deliver.service`), started if need be; None when off."""
    from vanban.deliver import service
    return service.connect()


def _convert_once(files: list[Path], workers: Optional[int], timeout_per_file: float,
                  progress: Progress = None) -> list[PdfOutcome]:
    """One ``soffice --convert-to pdf`` call per share of the files."""
    from vanban.deliver.sanitize import safe_copy
    exe = soffice()
    shares = max(1, min(workers or os.cpu_count() or 1, math.ceil(len(files) / 4)))
    groups = [list(range(len(files)))[k::shares] for k in range(shares)]
    tmp = lo_jail.work_folder("vanban-pdf-")
    procs: list[subprocess.Popen] = []
    running: dict[int, subprocess.Popen] = {}
    refused: dict[int, Optional[str]] = {}
    done: dict[int, PdfOutcome] = {}
    try:
        for g, group in enumerate(groups):
            inbox = tmp / f"in{g}"
            inbox.mkdir()
            names = []
            for i in group:
                # LibreOffice sees only a safe copy (vanban.deliver.sanitize: no external links, no
                # fetching fields, no values that hang it). Numbered: two inputs may share a name.
                copy = inbox / f"{i}.docx"
                refused[i] = safe_copy(files[i], copy)
                if refused[i]:
                    done[i] = PdfOutcome(str(files[i]), "", "error", f"{files[i]}: {refused[i]}")
                    if progress:
                        progress(done[i])
                else:
                    names.append(str(copy))
            if not names:
                continue
            with open(tmp / f"err{g}", "wb") as err:
                procs.append(lo_jail.launch(tmp / f"lo{g}", "--convert-to", "pdf", "--outdir", str(tmp / f"out{g}"),
                                            *names, stderr=err, exe=exe))
            running[g] = procs[-1]
        shares_left = {g: [i for i in groups[g] if not refused[i]] for g in running}
        _collect(files, shares_left, running, tmp, timeout_per_file, progress, done)
        return [done[i] for i in range(len(files))]
    finally:
        for proc in procs:
            lo_jail.kill(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def _collect(files: list[Path], groups: dict[int, list[int]], procs: dict[int, subprocess.Popen], tmp: Path,
             timeout_per_file: float, progress: Progress, done: dict[int, PdfOutcome]) -> None:
    """Watch the LibreOffice processes; put each PDF beside its .docx as soon as it is complete.

    A process converts its share in order, so a PDF is complete once the next
    one has appeared or the process has ended. Its temporary files (lu*.tmp,
    pipes) are under ``tmp`` (lo_jail's scratch), removed with it.
    """
    from vanban.deliver.files import write_atomic
    deadlines = {g: time.monotonic() + 30 + timeout_per_file * len(group) for g, group in groups.items()}
    timed_out: set[int] = set()
    while True:
        running = False
        for g, group in groups.items():
            proc = procs[g]
            ended = proc.poll() is not None
            if not ended and time.monotonic() > deadlines[g]:
                lo_jail.kill(proc)
                timed_out.add(g)
                ended = True
            running |= not ended
            outbox = tmp / f"out{g}"
            for pos, i in enumerate(group):
                if i in done:
                    continue
                later = outbox / f"{group[pos + 1]}.pdf" if pos + 1 < len(group) else None
                if not (ended or (later is not None and later.exists())):
                    break
                pdf, target = outbox / f"{i}.pdf", files[i].with_suffix(".pdf")
                if pdf.is_file() and pdf.stat().st_size > 0:
                    write_atomic(target, pdf.read_bytes())
                    done[i] = PdfOutcome(str(files[i]), str(target), "ok")
                else:
                    # LibreOffice names its numbered copies; the user knows only their own files.
                    why = _("LibreOffice timed out") if g in timed_out else (tmp / f"err{g}").read_bytes().decode(
                        "utf-8", "replace").strip().replace(str(tmp), "…")[-200:]
                    done[i] = PdfOutcome(str(files[i]), "", "error", _("{file}: LibreOffice did not convert it {detail}")
                                         .format(file=files[i], detail=why).strip())
                if progress:
                    progress(done[i])
        if not running:
            return
        time.sleep(0.1)


def page_count(pdf: Union[str, os.PathLike]) -> int:
    """Pages in a PDF (poppler's pdfinfo): the one page counter of every door."""
    exe = find_tool("pdfinfo")
    if not exe:
        raise ToolMissing(install_hint("pdfinfo"))
    info = subprocess.run([exe, str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_images(pdf: bytes, pages: int = 2, dpi: int = 96) -> tuple[list[bytes], int]:
    """JPEG images of the first ``pages`` pages of a PDF given as bytes, and its page count.

    JPEG, not PNG: pdftoppm's PNG compression costs ten times the drawing (0.5 s against
    0.05 s for a page), and such an image lives only on a screen.
    """
    exe = find_tool("pdftoppm")
    if not exe:
        raise ToolMissing(install_hint("pdftoppm"))
    with tempfile.TemporaryDirectory(prefix="vanban-img-") as tmp:
        src = Path(tmp) / "p.pdf"
        src.write_bytes(pdf)
        subprocess.run([exe, "-jpeg", "-jpegopt", "quality=85", "-r", str(dpi), "-f", "1", "-l", str(pages), str(src),
                        str(Path(tmp) / "page")], check=True, capture_output=True, timeout=60)
        images = [p.read_bytes() for p in sorted(Path(tmp).glob("page-*.jpg"))]
        return images, page_count(src)


def preview(pdf: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int = 1, dpi: int = 60) -> Path:
    """Page ``page`` of ``pdf`` as a PNG image."""
    exe = find_tool("pdftoppm")
    if not exe:
        raise ToolMissing(install_hint("pdftoppm"))
    pages = page_count(pdf)
    if not 1 <= page <= pages:
        raise PdfError(_("the document has {pages} page(s); there is no page {page}").format(pages=pages, page=page))
    return _png(exe, pdf, png, page, dpi)


def _png(exe: str, pdf: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int, dpi: int) -> Path:
    from vanban.deliver.files import write_atomic
    from vanban.deliver.png import ppm_to_png
    ppm = subprocess.run([exe, "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf)],
                         check=True, capture_output=True).stdout
    return write_atomic(Path(png), ppm_to_png(ppm))


def docx_preview(docx: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int = 1, dpi: int = 60,
                 converter=None) -> Path:
    """Page ``page`` of a .docx as a PNG, through a warm LibreOffice (the shared one by default):
    what a page that previews as a clerk types calls."""
    from vanban.deliver.converter import shared
    exe = find_tool("pdftoppm")
    if not exe:
        raise ToolMissing(install_hint("pdftoppm"))
    conv = converter or shared()
    with tempfile.TemporaryDirectory(prefix="vanban-png-") as tmp:
        # LibreOffice exports that page alone (and fails on a page the document lacks).
        made = conv.to_pdf(docx, Path(tmp) / "page.pdf", pages=str(page))
        count = conv.last_page_count
        if count is not None and not 1 <= page <= count:
            raise PdfError(_("the document has {pages} page(s); there is no page {page}").format(pages=count, page=page))
        return _png(exe, made, png, 1, dpi)
