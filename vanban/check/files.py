"""Which of check's readers a file goes to: by its extension (YAML, .pdf, else .docx)."""
from __future__ import annotations

from pathlib import Path
from typing import Union

from vanban.check.pdf import check_pdf
from vanban.check.report import Report, check_docx, check_yaml
from vanban.reading.package import regular


def check_file(path: Union[str, Path], ocr_limits=None) -> Report:
    """Check a .yaml, .docx or .pdf file; raises InputError when it cannot be read (a folder, a FIFO
    or a device is refused before it is opened: opening a FIFO named x.docx would wait forever).
    ``ocr_limits`` (:class:`vanban.reading.ocr.Limits`) bound the OCR of a scanned PDF."""
    path = Path(path)
    regular(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return check_yaml(path)
    if path.suffix.lower() == ".pdf":
        return check_pdf(path, str(path), ocr_limits)
    return check_docx(path, str(path))


__all__ = ["check_file"]
