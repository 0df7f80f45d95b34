"""vanban: Vietnamese official documents from YAML, laid out per Decree 30/2020/NĐ-CP.

Typical use::

    import vanban
    doc = vanban.load("data/lai-chau-ldld-244-2024.yaml")
    vanban.render(doc, "output/244.docx")

``load`` accepts a path or a dict; ``render`` writes a file atomically;
``render_bytes`` returns the .docx as bytes. Bad input raises
:class:`InputError`, whose ``problems`` name the file, line and field.
"""
from __future__ import annotations

import os
from typing import Any, Union

from .loader import InputError, Problem, load_dict, load_file, load_text
from .model import ChuKy, CoQuan, Loai, Mau, Muc, NgayThang, VanBan
from .renderer import render, render_bytes

__version__ = "0.1.0"


def load(source: Union[str, os.PathLike, dict[str, Any]]) -> VanBan:
    """A document model from a YAML file path or from a dict of the same shape."""
    if isinstance(source, dict):
        return load_dict(source)
    return load_file(source)


__all__ = ["load", "load_file", "load_text", "load_dict", "render", "render_bytes",
           "InputError", "Problem", "VanBan", "CoQuan", "ChuKy", "Muc", "NgayThang",
           "Loai", "Mau", "__version__"]
