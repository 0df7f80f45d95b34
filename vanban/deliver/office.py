"""Older office formats (.doc, .rtf, .odt …) to .docx through LibreOffice, for import."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from vanban.deliver.pdf import PdfError, soffice
from vanban.i18n import _


def to_docx(path: Path, timeout: float = 60.0) -> bytes:
    """The .docx LibreOffice makes of ``path``, as bytes; :class:`PdfError` when it cannot."""
    exe = soffice()
    tmp = Path(tempfile.mkdtemp(prefix="vanban-import-"))
    try:
        link = tmp / f"in{path.suffix.lower()}"
        link.symlink_to(Path(path).resolve())
        proc = subprocess.Popen([exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                                 "--norestore", "--nologo", "--nodefault", "--convert-to", "docx:MS Word 2007 XML",
                                 "--outdir", str(tmp / "out"), str(link)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            err = proc.communicate(timeout=timeout)[1]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)     # soffice and the helpers it started
            proc.wait()
            raise PdfError(_("{file}: LibreOffice timed out converting it to .docx").format(file=path)) from None
        out = tmp / "out" / "in.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfError(_("{file}: LibreOffice could not convert it to .docx {why}").format(
                file=path, why=err.decode("utf-8", "replace").strip()[-200:]).strip())
        return out.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
