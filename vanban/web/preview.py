"""Page images of the document as it will print, fast enough to follow typing.

The real pipeline: the model rendered to .docx, converted to PDF by
LibreOffice, the first pages drawn by poppler's ``pdftoppm`` — all of it
deliver's (:mod:`vanban.deliver.lo_jail`, :func:`vanban.deliver.pdf.page_images`),
each step a separate process under a timeout and a memory cap. The converter is
the warm one of :mod:`vanban.deliver.converter` when LibreOffice's Python bridge
is installed (a LibreOffice kept running); otherwise one LibreOffice per preview.
Results are cached by the document's content, so going back to an earlier
state, or two tabs showing the same text, converts nothing; one conversion
runs at a time and a request superseded while it waited is answered from the
newest result instead of queueing more work.
"""
from __future__ import annotations

import collections
import hashlib
import json
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from vanban.deliver.pdf import ToolMissing, page_images
from vanban.model.schema import VanBan
from vanban.rendering.renderer import render_bytes

PAGES = 2          # the first pages are what a clerk checks while typing
DPI = 96          # sharp on the page pane, which shows about 600 px of the 794


@dataclass
class Pages:
    """One preview: JPEG images of the first pages and the page count of the PDF."""
    key: str
    images: list[bytes]
    total: int
    pdf: bytes


def content_key(doc: VanBan) -> str:
    """Equal for two models that print the same."""
    blob = json.dumps(doc.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


class Superseded(Exception):
    """A newer preview of the same editor arrived while this one waited: not worth converting."""


class PathConverter:
    """Bytes in, bytes out over a converter of files: the warm one of :mod:`vanban.deliver.converter`
    (a LibreOffice kept running, restarted when it dies or hangs) or, without LibreOffice's Python
    bridge, :class:`vanban.deliver.lo_jail.OneShot`. This process owns it and closes it with the server."""

    def __init__(self, converter):
        self.inner = converter
        self.tmp = Path(tempfile.mkdtemp(prefix="vanban-web-"))

    def to_pdf(self, docx: bytes) -> bytes:
        work = Path(tempfile.mkdtemp(dir=self.tmp))
        try:
            src, pdf = work / "preview.docx", work / "preview.pdf"
            src.write_bytes(docx)
            return Path(self.inner.to_pdf(src, pdf)).read_bytes()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def start(self) -> "PathConverter":
        """Start LibreOffice now rather than at the first preview."""
        self.inner.start()
        return self

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def make_converter() -> PathConverter:
    """Over the warm converter when LibreOffice's Python bridge is installed, else over one
    LibreOffice per preview; both in deliver's jail, which sanitizes the .docx first."""
    from vanban.deliver import converter as warm, lo_jail, service
    client = service.connect()      # the user's converter service, shared with the command line
    if client is not None:
        return PathConverter(client)
    try:
        warm.uno_python()
    except ToolMissing:
        return PathConverter(lo_jail.OneShot().start())
    # LibreOffice grows ~0.4 MB a conversion (benchmarks/web.py); past 512 MB it is restarted
    # between two previews, so a day of typing stays within a fixed footprint.
    return PathConverter(warm.Converter(1, warm_up=True, memory_mb=512))


class Previewer:
    """Cached previews, one conversion at a time."""

    def __init__(self, converter_factory: Callable = make_converter, size: int = 24):
        self._factory = converter_factory
        self._converter = None
        self._cache: collections.OrderedDict[str, Pages] = collections.OrderedDict()
        self._size = size
        self._lock = threading.Lock()          # guards the converter: one conversion at a time
        self._cache_lock = threading.Lock()
        self._latest: collections.OrderedDict[str, int] = collections.OrderedDict()   # editor tab → newest ticket
        self._tickets = 0
        self.conversions = 0

    def cached(self, key: str) -> Optional[Pages]:
        with self._cache_lock:
            found = self._cache.get(key)
            if found:
                self._cache.move_to_end(key)
            return found

    def _remember(self, pages: Pages) -> None:
        with self._cache_lock:
            self._cache[pages.key] = pages
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def pdf_of(self, doc: VanBan) -> bytes:
        return self.pages(doc).pdf

    def every_page(self, doc: VanBan) -> Pages:
        """Images of EVERY page of ``doc`` (the list page's preview): the PDF is the editor's preview
        PDF, made once by the same converter; only the drawing of the further pages is added."""
        first = self.pages(doc)
        if first.total <= len(first.images):
            return first
        key = first.key + "-all"
        found = self.cached(key)
        if found:
            return found
        images, total = page_images(first.pdf, first.total, DPI)
        pages = Pages(key, images, total, first.pdf)
        self._remember(pages)
        return pages

    def pages(self, doc: VanBan, stream: str = "") -> Pages:
        """The preview of ``doc``. With ``stream`` (one editor tab), a request overtaken by a
        newer one of the same stream while it waited raises :class:`Superseded` instead of
        converting a text the clerk has already changed."""
        key = content_key(doc)
        found = self.cached(key)
        if found:
            return found
        ticket = self._ticket(stream)
        docx = render_bytes(doc)
        with self._lock:
            found = self.cached(key)          # made while this request waited
            if found:
                return found
            if stream and self._latest.get(stream) != ticket:
                raise Superseded(stream)
            if self._converter is None:
                self._converter = self._factory()
            pdf = self._converter.to_pdf(docx)
            self.conversions += 1
        images, total = page_images(pdf, PAGES, DPI)
        pages = Pages(key, images, total, pdf)
        self._remember(pages)
        return pages

    def _ticket(self, stream: str) -> int:
        with self._cache_lock:
            self._tickets += 1
            if stream:
                self._latest[stream] = self._tickets
                self._latest.move_to_end(stream)
                while len(self._latest) > 256:
                    self._latest.popitem(last=False)
            return self._tickets

    def warm_up(self) -> None:
        """Start the converter now (in a thread), so the clerk's first preview does not wait for it."""
        def start():
            with self._lock:
                if self._converter is None:
                    self._converter = self._factory().start()
        threading.Thread(target=start, name="vanban-warm-up", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            if self._converter is not None:
                self._converter.close()
                self._converter = None
