"""PDF through LibreOffice, and PNG previews of a page through poppler.

Starting LibreOffice costs most of a second; converting a document once it
runs costs a tenth of that. So a batch is split into one share per core and
each share goes to a single ``soffice --convert-to pdf`` call over all its
files, with a profile of its own in a temporary folder. Every process is
killed and every temporary file removed on success, on error and on Ctrl-C.
"""
from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from vanban.tools import find as find_tool, install_hint
from vanban.deliver.files import write_atomic
from vanban.i18n import _


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
    """The LibreOffice executable (on PATH or where its installer puts it), or :class:`ToolMissing`."""
    found = find_tool("soffice")
    if found:
        return found
    raise ToolMissing(install_hint("soffice"))


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
    import zipfile
    if not path.is_file():
        return _("no such file")
    try:
        with zipfile.ZipFile(path) as z:
            if "word/document.xml" not in z.namelist():
                return _("not a Word document (no word/document.xml)")
    except zipfile.BadZipFile:
        return _("not a .docx file (not a zip package); open it in Word and save it as .docx")
    return None


def _collect(files: list[Path], groups: list[list[int]], procs: list[subprocess.Popen], tmp: Path,
             timeout_per_file: float, progress: Optional[Callable[[PdfOutcome], None]]) -> dict[int, PdfOutcome]:
    """Watch the LibreOffice processes; put each PDF beside its .docx as soon as it is complete.

    A process converts its share in order, so a PDF is complete once the next
    one has appeared or the process has ended.
    """
    done: dict[int, PdfOutcome] = {}
    deadlines = [time.monotonic() + 30 + timeout_per_file * len(group) for group in groups]
    timed_out: set[int] = set()
    while True:
        running = False
        for g, (proc, group) in enumerate(zip(procs, groups)):
            ended = proc.poll() is not None
            if not ended and time.monotonic() > deadlines[g]:
                _kill([proc])
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
                    why = _("LibreOffice timed out") if g in timed_out else \
                        (tmp / f"err{g}").read_bytes().decode("utf-8", "replace").strip()[-200:]
                    done[i] = PdfOutcome(str(files[i]), "", "error", _("{file}: LibreOffice did not convert it {detail}")
                                         .format(file=files[i], detail=why).strip())
                if progress:
                    progress(done[i])
        if not running:
            return done
        time.sleep(0.1)


def convert(docx_files: Iterable[Union[str, os.PathLike]], workers: Optional[int] = None,
            timeout_per_file: float = 20.0,
            progress: Optional[Callable[[PdfOutcome], None]] = None) -> list[PdfOutcome]:
    """Convert .docx files to PDF beside each one; one LibreOffice process per share of the files.

    Each PDF is put in place as soon as it is finished, and ``progress`` is told,
    so a run stopped by Ctrl-C keeps the PDFs already made.
    """
    given = [Path(f) for f in docx_files]
    reasons = {f: _not_docx(f) for f in given}
    rejected = [PdfOutcome(str(f), "", "error", f"{f}: {why}") for f, why in reasons.items() if why]
    files = [f for f in given if not reasons[f]]
    if not files:
        return rejected
    exe = soffice()
    shares = max(1, min(workers or os.cpu_count() or 1, math.ceil(len(files) / 4)))
    groups = [list(range(len(files)))[k::shares] for k in range(shares)]
    tmp = Path(tempfile.mkdtemp(prefix="vanban-pdf-"))
    # LibreOffice's own temporary folders (lu*.tmp) and pipes go under tmp too, and go with it.
    (tmp / "tmp").mkdir()
    env = dict(os.environ, TMPDIR=str(tmp / "tmp"), TMP=str(tmp / "tmp"), TEMP=str(tmp / "tmp"))
    procs: list[subprocess.Popen] = []
    try:
        for g, group in enumerate(groups):
            inbox = tmp / f"in{g}"
            inbox.mkdir()
            names = []
            for i in group:
                # Numbered copies: two inputs may share a file name in different folders.
                link = inbox / f"{i}.docx"
                link.symlink_to(files[i].resolve())
                names.append(str(link))
            with open(tmp / f"err{g}", "wb") as err:
                procs.append(subprocess.Popen(
                    [exe, f"-env:UserInstallation={(tmp / f'profile{g}').as_uri()}", "--headless", "--norestore",
                     "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(tmp / f"out{g}"), *names],
                    stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, env=env))
        done = _collect(files, groups, procs, tmp, timeout_per_file, progress)
        order = {str(f): k for k, f in enumerate(given)}
        return sorted(list(done.values()) + rejected, key=lambda o: order[o.input])
    finally:
        _kill(procs)
        shutil.rmtree(tmp, ignore_errors=True)


def page_count(pdf: Union[str, os.PathLike]) -> int:
    """Pages in a PDF (poppler's pdfinfo)."""
    exe = find_tool("pdfinfo")
    if not exe:
        raise ToolMissing(install_hint("pdfinfo"))
    info = subprocess.run([exe, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def preview(pdf: Union[str, os.PathLike], png: Union[str, os.PathLike], page: int = 1, dpi: int = 60) -> Path:
    """Page ``page`` of ``pdf`` as a PNG image."""
    exe = find_tool("pdftoppm")
    if not exe:
        raise ToolMissing(install_hint("pdftoppm"))
    pages = page_count(pdf)
    if not 1 <= page <= pages:
        raise PdfError(_("the document has {pages} page(s); there is no page {page}").format(pages=pages, page=page))
    png = Path(png)
    with tempfile.TemporaryDirectory(prefix="vanban-png-") as tmp:
        prefix = Path(tmp) / "page"
        subprocess.run([exe, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(prefix)], check=True, capture_output=True)
        write_atomic(png, prefix.with_suffix(".png").read_bytes())
    return png
