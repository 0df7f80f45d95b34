"""Delivering documents: files written whole or not at all, batches on every core, PDF through
LibreOffice, and the render → PDF → manifest pipeline in one call (:func:`deliver`).

The names below are imported on first use (PEP 562): a command that only talks to the converter
service (``vanban pdf``, the service's own process) must not pay for the model and the templates
(pydantic, python-docx, Jinja) that rendering needs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from vanban.tools import lazy_names

#: Public name → the module of this package that defines it.
_WHERE = {"Job": "batch", "Outcome": "batch", "render_batch": "batch", "write_manifest": "batch",
          "render_file": "files", "write_atomic": "files", "deliver": "pipeline", "add_pdfs": "pipeline"}

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from vanban.deliver.batch import Job, Outcome, render_batch, write_manifest
    from vanban.deliver.files import render_file, write_atomic
    from vanban.deliver.pipeline import add_pdfs, deliver


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = ["Job", "Outcome", "render_batch", "write_manifest", "render_file", "write_atomic", "deliver",
           "add_pdfs"]
