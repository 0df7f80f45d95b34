"""Delivering documents: files written whole or not at all, batches on every core, PDF through
LibreOffice, and the render → PDF → manifest pipeline in one call (:func:`deliver`)."""
from vanban.deliver.batch import Job, Outcome, render_batch, write_manifest
from vanban.deliver.files import render_file, write_atomic
from vanban.deliver.pipeline import add_pdfs, deliver

__all__ = ["Job", "Outcome", "render_batch", "write_manifest", "render_file", "write_atomic", "deliver",
           "add_pdfs"]
