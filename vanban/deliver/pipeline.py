"""Render → PDF → manifest: what ``vanban render --pdf --manifest`` does, as one call.

A script that renders a folder of YAML files, wants the PDFs and a manifest,
and needs to know which documents failed calls :func:`deliver` and gets one
:class:`~vanban.deliver.batch.Outcome` per document.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional, Union

from vanban.deliver.batch import Job, Outcome, render_batch, write_manifest
from vanban.deliver.pdf import ONE_SHOT_UP_TO, PdfError, convert, soffice

PathLike = Union[str, os.PathLike]


def add_pdfs(outcomes: list[Outcome], workers: Optional[int] = None, converter=None) -> list[Outcome]:
    """Convert every rendered .docx (through ``converter`` when given) and note each PDF in its outcome."""
    rendered = [o for o in outcomes if o.status == "ok"]
    for o, p in zip(rendered, convert([o.output for o in rendered], workers=workers, converter=converter)):
        if p.status == "ok":
            # Named as the .docx was (relative stays relative), not as the converter resolved it.
            o.pdf = str(Path(o.output).with_name(Path(p.output).name))
        else:
            o.status, o.error = "error", f"PDF: {p.error}"
    return outcomes


def deliver(jobs: Iterable[Job], *, pdf: bool = False, manifest: Optional[PathLike] = None,
            workers: Optional[int] = None, template: Optional[PathLike] = None,
            template_dir: Optional[PathLike] = None, progress: Optional[bool] = None) -> list[Outcome]:
    """Render every job (in parallel), add the PDFs when asked, write the manifest when named.

    Bad documents are reported in their outcome and never stop the others.
    LibreOffice missing raises :class:`~vanban.deliver.pdf.ToolMissing` before
    anything is rendered.
    """
    conv = None
    if pdf:
        soffice()
        from vanban.deliver import service
        # The user's service, kept (one this call starts boots while the documents render);
        # else LibreOffice for this batch.
        conv = service.connect(wait=False)
        if conv is None and (not hasattr(jobs, "__len__") or len(jobs) > ONE_SHOT_UP_TO):  # type: ignore[arg-type]
            conv = _launch(workers)
    try:
        outcomes = render_batch(jobs, workers=workers, template=template, template_dir=template_dir,
                                progress=progress)
        if pdf:
            add_pdfs(outcomes, workers, conv)
    finally:
        if conv is not None:
            conv.close()
    if manifest:
        write_manifest(outcomes, Path(manifest))
    return outcomes


def _launch(workers: Optional[int]):
    """Warm LibreOffice processes set starting before the rendering, so that they boot meanwhile;
    None where they cannot be (convert then falls back to one soffice call per share)."""
    from vanban.deliver.converter import Converter, running_shared
    if running_shared() is not None:
        return None  # convert uses the process's own
    try:
        return Converter(max(1, workers or os.cpu_count() or 1)).launch()
    except PdfError:
        return None


__all__ = ["deliver", "add_pdfs"]
