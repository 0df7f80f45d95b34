"""Scanned pages read by Tesseract with its Vietnamese data.

Each page without a text layer is rasterised at 300 dpi by poppler's
``pdftoppm`` and read by the ``tesseract`` program (``-l vie``, TSV output:
every word with its box). Word boxes are scaled back to PDF points so that
the same geometry as the text layer rebuilds the columns and paragraphs.
OCR knows no fonts: bold and italic are not recovered, and a word's size is
taken from the height of its line.
"""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Union

from vanban.reading.geometry import PageWords, Word
from vanban.i18n import N_, _
from vanban.tools import find as find_tool, install_hint
from vanban.reading.page import lookalikes

DPI = 300
INSTALL_HINT = N_("Tesseract with its Vietnamese data is needed to read scanned pages. On Debian or Ubuntu: "
                   "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils")


class OcrError(RuntimeError):
    """A scanned page could not be read; the message says why (and how to install what is missing)."""


def tools() -> tuple[str, str]:
    """``(tesseract, pdftoppm)`` executables, or :class:`OcrError` saying how to install them."""
    # Where the Windows and macOS installers put them too, not only on PATH.
    tess, ppm = find_tool("tesseract"), find_tool("pdftoppm")
    if not tess:
        raise OcrError(install_hint("tesseract"))
    if not ppm:
        raise OcrError(install_hint("pdftoppm"))
    langs = subprocess.run([tess, "--list-langs"], capture_output=True, text=True).stdout.split()
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
            # Tesseract reads Đ as the Icelandic Eth now and then.
            text = lookalikes(w["text"].strip())
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
            out.append(Word(text, x, x + wd, y, y + ht, size))
    return out


def read_image(png: Union[str, os.PathLike], scale: float = 72 / DPI) -> list[Word]:
    """The words of one page image."""
    tess, _ = tools()
    # One thread: Tesseract's OpenMP threads on a shared machine make a page 8 times slower.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    run = subprocess.run([tess, str(png), "stdout", "-l", "vie", "--psm", "3", "tsv"],
                         capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise OcrError(_("tesseract failed: {why}").format(why=run.stderr.strip()[-200:]))
    return words_from_tsv(run.stdout, scale)


def read_pages(pdf: Union[str, os.PathLike], pages: list[int], sizes: list[PageWords]) -> dict[int, list[Word]]:
    """OCR of the given pages (0-based) of a PDF: words in PDF points, by page."""
    _, ppm = tools()
    out = {}
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        for k in pages:
            prefix = Path(tmp) / f"p{k}"
            subprocess.run([ppm, "-r", str(DPI), "-gray", "-png", "-f", str(k + 1), "-l", str(k + 1),
                            "-singlefile", str(pdf), str(prefix)], check=True, capture_output=True)
            out[k] = read_image(prefix.with_suffix(".png"))
    return out
