"""What a document says: the schema, YAML loading with located errors, inline emphasis,
the body's numbering, what the page prints, and YAML output.

The names below are imported on first use (PEP 562): a command that only reports an input
problem (:mod:`vanban.model.problems`) does not load pydantic and the schema.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from vanban.tools import lazy_names

#: Public name → the module of this package that defines it.
_WHERE = {**dict.fromkeys(["InputError", "Problem"], "problems"),
          **dict.fromkeys(["load_dict", "load_file", "load_model", "load_text"], "loader"),
          **dict.fromkeys(["KINDS", "KindInfo", "ChuKy", "CoQuan", "Loai", "Mau", "Muc", "NgayThang", "VanBan"],
                          "schema")}

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from vanban.model.loader import load_dict, load_file, load_model, load_text
    from vanban.model.problems import InputError, Problem
    from vanban.model.schema import KINDS, ChuKy, CoQuan, KindInfo, Loai, Mau, Muc, NgayThang, VanBan


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = ["InputError", "Problem", "load_dict", "load_file", "load_model", "load_text",
           "KINDS", "KindInfo", "ChuKy", "CoQuan", "Loai", "Mau", "Muc", "NgayThang", "VanBan"]
