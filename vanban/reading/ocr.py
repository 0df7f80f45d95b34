"""Scanned pages read by Tesseract with its Vietnamese data, within bounds.

Each page without a text layer is rasterised at 300 dpi by poppler's
``pdftoppm`` and read by the ``tesseract`` program (``-l vie``, TSV output:
every word with its box). Word boxes are scaled back to PDF points so that
the same geometry as the text layer rebuilds the columns and paragraphs.
OCR knows no fonts: bold and italic are not recovered, and a word's size is
taken from the height of its line.

A page costs seconds, so the work is bounded (:class:`Limits`): at most
``max_pages`` pages go to Tesseract and all of them within ``timeout``
seconds; past either the first pages are kept and a warning says what was
not read. A blank page (no object at all, or nothing dark when drawn at 36
dpi in-process) never reaches Tesseract. A progress bar shows on a terminal.
Tesseract's own layout analysis may join the two columns of the header (agency | national name)
or of the closing (Nơi nhận | signature) into one line and misread it: those zones are read a
second time, each column cropped at the gap between them (:func:`column_gap`) and read alone.
The page images live in ``vanban-ocr-<pid>-*`` folders removed on every exit
(an error, Ctrl-C, SIGTERM); those of a process killed outright are removed
by the next run.
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union

from vanban.i18n import N_, _
from vanban.reading import ocr_cells, ocr_tables
from vanban.reading.geometry import Word
from vanban.reading.ocr_columns import column_gap, header_zone, two_columns, zones  # noqa: F401 (ocr.header_zone)
from vanban.reading.page import lookalikes
from vanban.tools import find as find_tool, install_hint, remove_stale as _remove_stale

DPI = 300
#: Scanned pages read by Tesseract at most, by default: a letter, a plan or a decision with its
#: annexes. Past it the first pages are read (the header, the number, the date are there).
MAX_PAGES = 50
#: Seconds the OCR of one file may take, by default (a page takes 2-5 s on one core).
TIMEOUT = 600.0
BLANK_DPI = 36
#: At most one pixel in this many may be dark on a blank page (scanner specks vanish at 36 dpi).
_BLANK_RATIO = 20000
_DARK = bytes(1 if v < 200 else 0 for v in range(256))
_PREFIX = "vanban-ocr-"
INSTALL_HINT = N_("Tesseract with its Vietnamese data is needed to read scanned pages. On Debian or Ubuntu: "
                  "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils")


class OcrError(RuntimeError):
    """A scanned page could not be read; the message says why (and how to install what is missing)."""


@dataclass(frozen=True)
class Limits:
    """How much OCR one file may cost."""
    max_pages: int = MAX_PAGES        # pages sent to Tesseract (blank pages are not counted)
    timeout: float = TIMEOUT          # seconds for all of them
    progress: Optional[bool] = None   # a progress bar on stderr; None: when stderr is a terminal


class _Undrawn(OcrError):
    """A page pdftoppm could not draw (a damaged page): that page is left out, not the document."""


@dataclass
class OcrResult:
    """Words by page (0-based, PDF points), and what was skipped."""
    words: dict[int, list[Word]] = field(default_factory=dict)
    rules: dict[int, list] = field(default_factory=dict)     # a page's table borders (:mod:`.ocr_tables`)
    blank: list[int] = field(default_factory=list)
    not_read: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def tools() -> tuple[str, str]:
    """``(tesseract, pdftoppm)`` executables, or :class:`OcrError` saying how to install them."""
    # Where the Windows and macOS installers put them too, not only on PATH.
    tess, ppm = find_tool("tesseract"), find_tool("pdftoppm")
    if not tess:
        raise OcrError(install_hint("tesseract"))
    if not ppm:
        raise OcrError(install_hint("pdftoppm"))
    langs = subprocess.run([tess, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    if "vie" not in langs:
        raise OcrError(_(INSTALL_HINT))
    return tess, ppm


def words_from_tsv(tsv: str, scale: float) -> list[Word]:
    """Words of Tesseract's TSV output, boxes scaled by ``scale`` (pixels → points)."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple, list[dict]] = {}
    for r in rows:
        if r.get("level") == "5" and (r.get("text") or "").strip() and float(r.get("conf") or -1) >= 0:
            lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(r)
    out = []
    for words in lines.values():
        height = sorted(int(w["height"]) for w in words)[len(words) // 2] * scale
        for w in words:
            x, y, wd, ht = (int(w[k]) * scale for k in ("left", "top", "width", "height"))
            # Tesseract reads Đ as the Icelandic Eth now and then, and one Đ now and then as both
            # ("LĐÐLĐ"): an Eth beside a Đ is that Đ read twice (no Vietnamese word has an Eth).
            text = lookalikes(re.sub("ĐÐ|ÐĐ", "Đ", re.sub("đð|ðđ", "đ", w["text"].strip())))
            size = round(height * 1.4)
            if text.isdigit() and len(text) <= 2 and ht < 0.65 * height:
                size = round(size * 0.6)        # a raised footnote mark, half the line's height
            mark = re.match(r"^(.*\w)(['’‘`])([.,;:]?)$", text)
            if mark:
                # Vietnamese has no apostrophe: after a word it is a raised footnote digit misread.
                cut = x + wd * len(mark.group(1)) / len(text)
                out.append(Word(mark.group(1), x, cut, y, y + ht, size))
                out.append(Word(mark.group(2), cut, cut + 1, y, y + ht * 0.5, round(size * 0.6)))
                if mark.group(3):
                    out.append(Word(mark.group(3), cut + 1, x + wd, y, y + ht, size))
                continue
            out.append(Word(text, x, x + wd, y, y + ht, size, conf=float(w["conf"])))
    return out


def read_image(png: Union[str, os.PathLike], scale: float = 72 / DPI, timeout: Optional[float] = None,
               tesseract: Optional[str] = None, psm: int = 3) -> list[Word]:
    """The words of one page image (``psm``: Tesseract's page segmentation, 3 a whole page, 4 one
    column); :class:`OcrError` saying why Tesseract could not read it."""
    tess = tesseract or tools()[0]
    # One thread: Tesseract's OpenMP threads on a shared machine make a page 8 times slower.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        run = subprocess.run([tess, str(png), "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(DPI), "tsv"],
                             capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OcrError(_("Tesseract took longer than {n} s on one page").format(n=round(timeout or 0))) from None
    if run.returncode != 0:
        why = " ".join(run.stderr.split())[-200:] or _("exit status {n}").format(n=run.returncode)
        raise OcrError(_("Tesseract could not read the page image: {why}").format(why=why))
    return words_from_tsv(run.stdout, scale)


def is_blank(page) -> bool:
    """Whether a PDFium page shows nothing: no object at all, or (drawn at 36 dpi, in-process, a
    hundredth of a Tesseract run) almost no pixel darker than light grey."""
    if next(iter(page.get_objects(max_depth=1)), None) is None:
        return True
    bitmap = page.render(scale=BLANK_DPI / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    pixels = b"".join(data[y * stride:y * stride + width] for y in range(height))   # without row padding
    return pixels.translate(_DARK).count(1) <= width * height // _BLANK_RATIO




def remove_stale(folder: Optional[Path] = None) -> list[Path]:
    """Remove the page-image folders of OCR runs whose process is gone (killed outright); the removed."""
    return _remove_stale(Path(folder or tempfile.gettempdir()), _PREFIX)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A folder for page images named by this process, removed however the work ends: SIGTERM is
    turned into an exit (in the main thread, when nobody else handles it) so the removal runs."""
    remove_stale()
    tmp = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    old = None
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        old = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield tmp
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)
        shutil.rmtree(tmp, ignore_errors=True)


def _bar(total: int, show: Optional[bool]):
    if not (sys.stderr.isatty() if show is None else show):
        return contextlib.nullcontext(None)
    from tqdm import tqdm
    return tqdm(total=total, unit=_("page"), desc=_("OCR"), file=sys.stderr, leave=False)


def _rasterise(ppm: str, pdf: Union[str, os.PathLike], k: int, prefix: Path, timeout: float) -> Path:
    try:
        # Grey PGM, not PNG: numpy reads it as it is for the table borders (:mod:`.ocr_tables`).
        run = subprocess.run([ppm, "-r", str(DPI), "-gray", "-f", str(k + 1), "-l", str(k + 1),
                              "-singlefile", str(pdf), str(prefix)], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OcrError(_("pdftoppm took longer than {n} s on page {page}").format(n=round(timeout), page=k + 1)) from None
    png = prefix.with_suffix(".pgm")
    if run.returncode != 0 or not png.is_file():
        why = " ".join(run.stderr.decode("utf-8", "replace").split())[-200:]
        raise _Undrawn(_("pdftoppm could not draw page {page}: {why}").format(page=k + 1, why=why))
    return png


def cores() -> int:
    """Tesseracts run at once: one per core this process may use (``taskset`` counts)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # pragma: no cover - not Linux
        return os.cpu_count() or 1


def read(pdf: Union[str, os.PathLike], pages: list[int], limits: Optional[Limits] = None) -> OcrResult:
    """OCR of the given pages (0-based) of a PDF within ``limits``: words in PDF points, by page.
    Pages are read in parallel, one Tesseract per core (each on one thread); the result is in page
    order, and the progress bar moves as each page is done."""
    import pypdfium2 as pdfium
    limits = limits or Limits()
    tess, ppm = tools()
    result = OcrResult()
    deadline = time.monotonic() + limits.timeout
    document = pdfium.PdfDocument(str(pdf))
    try:
        # Blank pages and sizes first, in this thread: PDFium is not thread-safe, and its look is cheap.
        todo: dict[int, tuple[int, tuple[float, float]]] = {}     # position in ``pages`` → page, size
        for n, k in enumerate(pages):
            if len(todo) >= limits.max_pages or time.monotonic() >= deadline:
                result.not_read = pages[n:]
                break
            if is_blank(document[k]):
                result.blank.append(k)
            else:
                todo[n] = (k, document[k].get_size())
    finally:
        document.close()
    with scratch() as tmp, _bar(len(pages), limits.progress) as bar:
        if bar is not None:
            bar.update(len(result.blank))
        source = _drawable(ppm, pdf, [k for k, _size in todo.values()], tmp)
        read_one = lambda n: _read_page(ppm, tess, source, *todo[n], tmp / str(n), deadline)  # noqa: E731
        words, late = _in_parallel(read_one, list(todo), bar)
    undrawn = []
    for n, (k, _size) in todo.items():      # page order, and nothing after the first page the time limit cut
        if n in late:
            result.not_read = pages[n:]
            result.blank = [b for b in result.blank if pages.index(b) < n]
            break
        if isinstance(words[n], OcrError):
            undrawn.append(words[n])
            continue
        result.words[k], result.rules[k] = words[n]
    if undrawn and not result.words and not result.not_read:
        raise undrawn[0]            # no page at all could be drawn: nothing to import
    result.warnings += [_("{error}; the page was left out").format(error=e) for e in undrawn]
    if result.not_read:
        result.warnings.append(_not_read_warning(result, len(pages), limits))
        if not result.words:        # the time ran out before a page was read: nothing to import
            raise OcrError(result.warnings[-1])
    return result


def _drawable(ppm: str, pdf, pages: list[int], tmp: Path):
    """``pdf``, or a copy PDFium wrote anew when poppler cannot open it. A PDF saved by a web
    tool with a broken cross-reference table opens in PDFium (which read its pages above) but
    not in pdftoppm, which refused every page; PDFium's copy has a clean one. The probe is the
    first page drawn at 4 dpi (milliseconds)."""
    if not pages:
        return pdf
    try:
        probe = subprocess.run([ppm, "-r", "4", "-gray", "-f", str(pages[0] + 1), "-l", str(pages[0] + 1),
                                "-singlefile", str(pdf), str(tmp / "probe")], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return pdf                  # slow, not broken: the page's own bound applies
    if probe.returncode == 0:
        return pdf
    import pypdfium2 as pdfium
    copy = tmp / "rewritten.pdf"
    document = pdfium.PdfDocument(str(pdf))
    try:
        document.save(str(copy))
    finally:
        document.close()
    return copy


def _read_page(ppm: str, tess: str, pdf, k: int, size: tuple[float, float], prefix: Path,
               deadline: float) -> Optional[tuple[list[Word], list]]:
    """The words of page ``k`` (its images named ``prefix``…) and its tables' borders
    (:mod:`.ocr_tables`: both straightened when it has a table); None when the time limit comes first."""
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    try:
        png = _rasterise(ppm, pdf, k, prefix.with_name(f"p{prefix.name}"), left)
        image = ocr_tables.read_pgm(png)
        if image.shape[1] < size[0] * DPI / 144:    # a page too large to allocate: "Bogus memory allocation
            raise ValueError                        # size", a 1×1 image and exit 0
    except _Undrawn as exc:
        return exc                  # one page poppler cannot draw: left out, said (:func:`read`)
    except ValueError:
        return _Undrawn(_("pdftoppm could not draw page {page}: {why}").format(
            page=k + 1, why=_("it drew no image (the page may be too large)")))
    try:
        found = ocr_tables.find(image, DPI)
        if found.table:     # borders painted out: Tesseract reads them as "|" and across them
            image = ocr_tables.paint_out(image, found)
            ocr_tables.write_pgm(png, image)
        words = read_image(png, timeout=max(1.0, deadline - time.monotonic()), tesseract=tess)
        if found.table:     # the cells read again on their own (:mod:`.ocr_cells`)
            words = ocr_cells.with_cells(words, image, found, DPI, lambda sheet: _read_sheet(sheet, png, tess, deadline))
        png.unlink()
        crop = _cropper(ppm, tess, pdf, k, prefix.with_name(f"c{prefix.name}"), deadline)
        words = two_columns(words, k == 0, size[0], size[1], crop)
        return (ocr_tables.straighten(words, found.angle), found.rules) if found.table else (words, [])
    except OcrError as exc:
        if time.monotonic() >= deadline:
            return None             # the time limit fell inside this page
        raise OcrError(_("page {page}: {error}").format(page=k + 1, error=exc)) from None


def _read_sheet(sheet, png: Path, tess: str, deadline: float) -> list[Word]:
    """The words of an image made here (a scanned table's cells stacked), in its own points."""
    ocr_tables.write_pgm(png, sheet)
    return read_image(png, timeout=max(1.0, deadline - time.monotonic()), tesseract=tess, psm=6)


def _in_parallel(read_one, todo: list[int], bar) -> tuple[dict[int, tuple], set[int]]:
    """``read_one(n)`` for every page on :func:`cores` threads (each waits on its own Tesseract):
    the words by page and the pages the time limit cut. A page that fails stops the others."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
    words: dict[int, tuple] = {}
    late: set[int] = set()
    if not todo:
        return words, late
    pool = ThreadPoolExecutor(max_workers=min(cores(), len(todo)), thread_name_prefix="vanban-ocr")
    try:
        futures = {pool.submit(read_one, k): k for k in todo}
        for future in futures:
            future.add_done_callback(lambda _f: bar.update(1) if bar is not None else None)
        done, _pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in done:
            if future.exception() is not None:
                raise future.exception()    # type: ignore[misc]
        for future in futures:
            found = future.result()         # the first page that failed raises here
            if found is None:
                late.add(futures[future])
            else:
                words[futures[future]] = found
    finally:
        pool.shutdown(wait=True, cancel_futures=True)   # pages not begun are dropped; the rest end by the deadline
    return words, late


def _cropper(ppm: str, tess: str, pdf, k: int, prefix: Path, deadline: float):
    """``crop(x, y, w, h)``: that area of page ``k`` drawn by pdftoppm and read by Tesseract as one
    column, its words placed on the page (points)."""
    scale = DPI / 72

    def crop(x: float, y: float, w: float, h: float) -> list[Word]:
        left = max(1.0, deadline - time.monotonic())
        png = prefix.with_suffix(".png")
        box = [str(round(v * scale)) for v in (x, y, w, h)]
        run = subprocess.run([ppm, "-r", str(DPI), "-gray", "-png", "-f", str(k + 1), "-l", str(k + 1),
                              "-x", box[0], "-y", box[1], "-W", box[2], "-H", box[3], "-singlefile", str(pdf),
                              str(prefix)], capture_output=True, timeout=left)
        if run.returncode != 0 or not png.is_file():
            return []
        found = read_image(png, timeout=left, tesseract=tess, psm=4)
        png.unlink()
        return [Word(v.text, v.x0 + x, v.x1 + x, v.top + y, v.bottom + y, v.size, conf=v.conf) for v in found]
    return crop


def _not_read_warning(result: OcrResult, total: int, limits: Limits) -> str:
    first = result.not_read[0] + 1
    if len(result.words) >= limits.max_pages:
        return _("only the first {limit} scanned pages were read (the page limit); {rest} more scanned page(s) "
                 "from page {first} on were not read: give --max-pages {total} to read them all").format(
            limit=limits.max_pages, rest=len(result.not_read), first=first, total=total)
    return _("OCR stopped at the time limit of {seconds} s; {rest} scanned page(s) from page {first} on were not "
             "read: give a longer --ocr-timeout to read them all").format(
        seconds=f"{limits.timeout:g}", rest=len(result.not_read), first=first)


__all__ = ["read", "read_image", "words_from_tsv", "column_gap", "zones", "is_blank", "tools", "scratch", "remove_stale", "Limits",
           "OcrResult", "OcrError", "MAX_PAGES", "TIMEOUT", "DPI", "INSTALL_HINT"]
