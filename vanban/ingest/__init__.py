"""Importing real documents (.docx, PDF, scans, legacy formats) into vanban's model.

``import_file(path)`` reads the file with the reading layer's readers into a
:class:`~vanban.reading.page.Page`, then :func:`~vanban.ingest.document.from_page`
places what the page says into a :class:`~vanban.model.VanBan`. Formats Word
wrote before .docx (.doc, .rtf) and .odt are first converted to .docx by a
``to_docx`` function the caller passes (LibreOffice, from the delivery layer).
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Callable, Optional, Union

import vanban.i18n as i18n
from vanban.ingest.document import Imported, Unsupported, from_page
from vanban.model import InputError, Problem

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`

OFFICE_FORMATS = (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx", ".wps")
FORMATS = (".docx", ".pdf") + OFFICE_FORMATS


def read_page(path: Union[str, os.PathLike], to_docx: Optional[Callable[[Path], bytes]] = None, ocr=None):
    """What the page of ``path`` says, by the file's format; ``ocr``: :class:`vanban.reading.ocr.Limits`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([Problem(str(path), None, "", _("no such file"))])
    if suffix == ".pdf":
        from vanban.reading import pdf
        return pdf.read(path, ocr_limits=ocr)
    if suffix in OFFICE_FORMATS:
        if to_docx is None:
            raise InputError([Problem(str(path), None, "", _("a {suffix} file must be converted to .docx first "
                                                             "(LibreOffice)").format(suffix=suffix))])
        data = to_docx(path)
    elif suffix == ".docx":
        data = path.read_bytes()
    else:
        raise InputError([Problem(str(path), None, "", _("cannot import a {suffix} file; give .docx, .doc, .odt, "
                                                         ".rtf or .pdf").format(suffix=suffix or "extension-less"))])
    return read_docx_bytes(data, str(path))


def read_docx_bytes(data: bytes, name: str = "<docx>"):
    """A .docx given as bytes, as a page."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from vanban.reading import docxpage
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError([Problem(name, None, "", _("cannot read as .docx ({error})").format(error=exc))]) from None
    return docxpage.read(document)


def import_file(path: Union[str, os.PathLike], to_docx: Optional[Callable[[Path], bytes]] = None,
                ocr=None) -> Imported:
    """The document model of a .docx, .pdf (or, with ``to_docx``, .doc/.odt/.rtf) file; a scan is
    read within ``ocr`` (:class:`vanban.reading.ocr.Limits`, default its defaults)."""
    page = read_page(path, to_docx, ocr)
    imported = from_page(page, str(path))
    imported.warnings[:0] = page.warnings
    return imported


__all__ = ["import_file", "read_page", "read_docx_bytes", "from_page", "Imported", "Unsupported", "FORMATS"]
