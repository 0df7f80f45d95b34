"""Older office formats (.doc, .rtf, .odt …) to .docx through LibreOffice, for import.

The file comes from anyone (an e-mail attachment), and only LibreOffice reads these formats, so
it is read in LibreOffice's jail (:mod:`vanban.deliver.lo_jail`): offline, links and remote
images never fetched, a throw-away profile, a timeout and a memory cap.
"""
from __future__ import annotations

from pathlib import Path

from vanban.deliver import lo_jail

#: LibreOffice's filter for .docx.
DOCX = "docx:MS Word 2007 XML"


def to_docx(path: Path, timeout: float = 60.0, memory_mb: int = lo_jail.MEMORY_MB) -> bytes:
    """The .docx LibreOffice makes of ``path``, as bytes; :class:`~vanban.deliver.lo_jail.PdfError` when it cannot.
    Through the user's converter service when it runs or can be started (:mod:`vanban.deliver.service`)."""
    from vanban.deliver import service
    client = service.connect()
    if client is not None:
        import tempfile
        with tempfile.TemporaryDirectory(prefix="vanban-office-") as tmp:
            out = Path(tmp) / "out.docx"
            try:
                client.export(path, out, DOCX, timeout=timeout)
            except lo_jail.PdfError as exc:     # the service names its copy: the user knows their file
                raise lo_jail.PdfError(str(exc).replace(str(Path(path).resolve()), str(path))) from None
            return out.read_bytes()
    return lo_jail.convert(Path(path), DOCX, timeout=timeout, memory_mb=memory_mb)
