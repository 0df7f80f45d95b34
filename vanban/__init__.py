"""vanban: Vietnamese official documents from YAML, laid out per Decree 30/2020/NĐ-CP.

Typical use::

    import vanban
    doc = vanban.load("data/lai-chau-ldld-244-2024.yaml")
    vanban.render(doc, "output/244.docx")
    report = vanban.check_file("output/244.docx")

``load`` accepts a path or a dict; ``render`` writes a file atomically;
``render_bytes`` returns the .docx as bytes. Bad input raises
:class:`InputError`, whose ``problems`` name the file, line and field. The
stages are subpackages, each importing only from those below it:
:mod:`vanban.decree` → :mod:`vanban.model` → :mod:`vanban.reading` →
:mod:`vanban.rendering`, :mod:`vanban.check`, :mod:`vanban.derive`, :mod:`vanban.ingest` →
:mod:`vanban.deliver` → :mod:`vanban.cli`.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

if TYPE_CHECKING:
    from vanban import check, deliver, derive
    from vanban.check import Report
    from vanban.model import (ChuKy, CoQuan, InputError, Loai, Mau, Muc, NgayThang, Problem, VanBan, load_dict,
                              load_file, load_text)

#: Names of the model layer offered here, imported on first use: `vanban --version` need not load pydantic.
_MODEL = ("ChuKy", "CoQuan", "InputError", "Loai", "Mau", "Muc", "NgayThang", "Problem", "VanBan", "load_dict",
          "load_file", "load_text")

__version__ = "0.2.0"

PathLike = Union[str, "os.PathLike[str]"]


def load(source: Union[PathLike, dict[str, Any]]) -> VanBan:
    """A document model from a YAML file path or from a dict of the same shape."""
    from vanban.model import load_dict, load_file
    if isinstance(source, dict):
        return load_dict(source)
    return load_file(source)


def render_bytes(doc: VanBan, template: Optional[PathLike] = None, template_dir: Optional[PathLike] = None) -> bytes:
    """The .docx for ``doc``, as bytes."""
    from vanban.rendering.renderer import render_bytes as _render_bytes
    return _render_bytes(doc, template, template_dir)


def render(doc: VanBan, path: PathLike, template: Optional[PathLike] = None,
           template_dir: Optional[PathLike] = None) -> Path:
    """Render ``doc`` to the .docx file ``path`` (written whole or not at all); returns the path."""
    from vanban.deliver.files import render_file
    return render_file(doc, path, template, template_dir)


def check_file(path: PathLike) -> "Report":
    """Decree 30 conformance of a .yaml or .docx file."""
    from vanban.check import check_file as _check_file
    return _check_file(path)


def import_document(path: PathLike) -> VanBan:
    """The model of a real document (.docx, .doc, .odt, .rtf, .pdf, scanned PDF); raises
    :class:`InputError` when it cannot be imported. What it could not place is in
    ``vanban.deliver.documents.import_any(path).unplaced``."""
    from vanban.deliver.documents import import_any
    return import_any(path).doc


_SUBPACKAGES = ("check", "deliver", "derive", "decree", "ingest", "model", "reading", "rendering")


def __getattr__(name: str) -> Any:
    # Subpackages load on first use, so `vanban validate` does not pay for LibreOffice or docx code.
    if name in _SUBPACKAGES:
        return importlib.import_module(f"vanban.{name}")
    if name in _MODEL:
        return getattr(importlib.import_module("vanban.model"), name)
    raise AttributeError(f"module 'vanban' has no attribute {name!r}")


__all__ = ["load", "load_file", "load_text", "load_dict", "render", "render_bytes", "check_file", "import_document",
           "InputError", "Problem", "VanBan", "CoQuan", "ChuKy", "Muc", "NgayThang", "Loai", "Mau",
           "check", "derive", "deliver", "__version__"]
