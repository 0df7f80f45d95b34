"""What the register's text may hold, and how it is written into a spreadsheet cell.

Control characters: a trích yếu pasted from another program can carry a bell
(U+0007) or an escape (U+001B). XML 1.0 cannot hold them (the xml export would
be malformed, the xlsx not written at all) and on paper they print as nothing,
so they are removed, with a warning, before a row reaches the register
(:func:`clean_facts`) and again on export for rows stored before that
(:func:`clean_entry`). Tab and line breaks stay; a carriage return becomes a
line break.

Formulas: a spreadsheet evaluates a cell that starts with ``= + - @`` (or a tab
or carriage return): a signer named ``=HYPERLINK("http://…","Bấm")`` would be a
live link in the clerk's Calc. In an xlsx such a cell is written as text with
a quote prefix (:func:`formula_like`); in a CSV it gets a leading single
quote, OWASP's rule for CSV injection (:func:`csv_cell`), which Excel and Calc
show and do not evaluate.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from vanban.i18n import _

# C0 controls but tab and line feed, DEL and C1, lone surrogates, and the two non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The document's field each register column comes from, to name it in a warning.
FIELDS = {"subject": "trich_yeu", "signer": "ky.ho_ten", "signer_title": "ky.chuc_vu", "recipients": "noi_nhan",
          "filed": "luu", "body": "co_quan", "body_name": "co_quan.ten", "abbr": "co_quan.viet_tat", "code": "so",
          "reason": "--reason"}

T = TypeVar("T")


def plain(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters, and the code points removed (``U+0007`` …)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})
    return (_CONTROL.sub("", text), removed) if removed else (text, [])


def clean_record(record: T) -> tuple[T, dict[str, list[str]]]:
    """A copy of the dataclass ``record`` whose text fields (and lists of text) are :func:`plain`,
    and, by field name, what was removed from each."""
    changes: dict[str, Any] = {}
    removed: dict[str, list[str]] = {}
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, str):
            new, gone = plain(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            pairs = [plain(v) for v in value]
            new, gone = [p[0] for p in pairs], sorted({c for p in pairs for c in p[1]})
        else:
            continue
        if gone:
            changes[f.name], removed[f.name] = new, gone
        elif new != value:
            changes[f.name] = new
    return (dataclasses.replace(record, **changes) if changes else record), removed  # type: ignore[type-var]


def removal_warning(field: str, codes: list[str]) -> str:
    return _("{field}: control characters removed ({codes}): they cannot be kept in the register").format(
        field=FIELDS.get(field, field), codes=", ".join(codes))


def formula_like(text: str) -> bool:
    """Would a spreadsheet evaluate ``text`` typed into a cell?"""
    return text.startswith(FORMULA_START)


def csv_cell(text: str) -> str:
    """``text`` for a CSV cell: a leading ``'`` when a spreadsheet would take it for a formula."""
    return "'" + text if formula_like(text) else text
