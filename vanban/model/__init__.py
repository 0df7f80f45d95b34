"""What a document says: the schema, YAML loading with located errors, inline emphasis,
the body's numbering, what the page prints, and YAML output.

The names below are imported on first use (PEP 562): a command that only reports an input
problem (:mod:`vanban.model.problems`) does not load pydantic and the schema.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name → the module of this package that defines it.
_WHERE = {**dict.fromkeys(["InputError", "Problem"], "problems"),
          **dict.fromkeys(["load_dict", "load_file", "load_model", "load_text"], "loader"),
          **dict.fromkeys(["KINDS", "KindInfo", "ChuKy", "CoQuan", "Loai", "Mau", "Muc", "NgayThang", "VanBan"],
                          "schema")}

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from vanban.model.loader import load_dict, load_file, load_model, load_text
    from vanban.model.problems import InputError, Problem
    from vanban.model.schema import KINDS, ChuKy, CoQuan, KindInfo, Loai, Mau, Muc, NgayThang, VanBan


def __getattr__(name: str) -> Any:
    if name not in _WHERE:      # a submodule (`from vanban.model import schema`) is imported by Python
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["InputError", "Problem", "load_dict", "load_file", "load_model", "load_text",
           "KINDS", "KindInfo", "ChuKy", "CoQuan", "Loai", "Mau", "Muc", "NgayThang", "VanBan"]
