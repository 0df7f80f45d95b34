"""Importing real documents (.docx, PDF, scans, legacy formats) into vanban's model.

``import_file(path)`` reads the file with the reading layer's readers into a
:class:`~vanban.reading.page.Page`, then :func:`~vanban.ingest.document.from_page`
places what the page says into a :class:`~vanban.model.VanBan`. Formats Word
wrote before .docx (.doc, .rtf) and .odt are first converted to .docx by a
``to_docx`` function the caller passes (LibreOffice, from the delivery layer).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional, Union

from lxml import etree

import vanban.i18n as i18n
from vanban.decree import signature_stamp
from vanban.ingest.document import Imported, Unsupported, from_page
from vanban.model import InputError, Problem
from vanban.model.messages import reason
from vanban.reading import word
from vanban.reading.lines import page_of
from vanban.reading.package import regular

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`

OFFICE_FORMATS = (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx", ".wps")
FORMATS = (".docx", ".pdf") + OFFICE_FORMATS


def read_page(path: Union[str, os.PathLike], to_docx: Optional[Callable[[Path], bytes]] = None, ocr=None):
    """What the page of ``path`` says, by the file's format (a scan read within ``ocr``, a
    :class:`vanban.reading.ocr.Limits`); raises :class:`InputError` with one clear line for every
    way the file cannot be read (never a reader's own exception)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError([Problem(str(path), None, "", _("cannot import a {suffix} file; give .docx, .doc, .odt, "
                                                         ".rtf or .pdf").format(suffix=suffix or "extension-less"))])
    regular(path)
    if suffix == ".pdf":
        from vanban.reading import pdf_text
        return _guarded(str(path), lambda: pdf_text.read(path, ocr_limits=ocr))
    if suffix in OFFICE_FORMATS:
        if to_docx is None:
            raise InputError([Problem(str(path), None, "", _("a {suffix} file must be converted to .docx first "
                                                             "(LibreOffice)").format(suffix=suffix))])
        data = to_docx(path)
        return read_docx_bytes(data, str(path))
    return _guarded(str(path), lambda: page_of(word.read(path, str(path))))


def read_docx_bytes(data: bytes, name: str = "<docx>"):
    """A .docx given as bytes, as a page (read by :mod:`vanban.reading.word`, bounded by its Package)."""
    return _guarded(name, lambda: page_of(word.read(data, name)))


def _guarded(name: str, read: Callable):
    """``read()``, with every way a reader can fail on a hostile or broken file said in one line."""
    from vanban.reading.pdf_text import PdfUnreadable
    try:
        return read()
    except (InputError, Unsupported):
        raise
    except PdfUnreadable as exc:
        raise InputError([Problem(name, None, "", _("not a PDF that can be read: {why}").format(why=exc))]) from None
    except (MemoryError, RecursionError, OSError) as exc:
        raise InputError([Problem(name, None, "", reason(exc) or "")]) from None
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise InputError([Problem(name, None, "", _("the file is damaged: {why}").format(
            why=str(exc)[:200] or _("unreadable content")))]) from None


def import_file(path: Union[str, os.PathLike], to_docx: Optional[Callable[[Path], bytes]] = None,
                ocr=None, strict: bool = False) -> Imported:
    """The document model of a .docx, .pdf (or, with ``to_docx``, .doc/.odt/.rtf) file; a scan is
    read within ``ocr`` (:class:`vanban.reading.ocr.Limits`, default its defaults). A field that
    breaks a rule of the model is kept as a comment and named in ``repairs``; ``strict`` refuses."""
    page = read_page(path, to_docx, ocr)
    imported = _guarded(str(path), lambda: from_page(page, str(path), strict))
    imported.warnings[:0] = page.warnings + [signature_stamp.describe(s) for s in page.stamps]
    return imported


__all__ = ["import_file", "read_page", "read_docx_bytes", "from_page", "Imported", "Unsupported", "FORMATS"]
