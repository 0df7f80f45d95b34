"""The list page's logic as small pure functions (the CLI may use them too): search that finds
"Kế hoạch" when she types "ke hoach", filters by kind / state / year, and the sort orders.

They work on :class:`vanban.web.folder.Listed` rows and know nothing of Flask.
"""
from __future__ import annotations

from typing import Iterable, Optional

from vanban.decree import vn

#: The sort orders the page offers: by file name, newest change first, by kind (then name).
SORTS = ("ten", "sua", "loai")
#: States a document can be filtered on.
STATES = ("du_thao", "da_cap")
def fold(text: str) -> str:
    """``text`` lower-cased with its Vietnamese diacritics taken off (U+0111 d-stroke read as d), spaces collapsed:
    what she types and what is stored compare alike with or without diacritics."""
    return " ".join(vn.strip_marks(text).casefold().split())


def matches(entry, query: str) -> bool:
    """Whether every word of ``query`` occurs in the file name, the subject, the number or the kind
    (``ke_hoach`` read as "ke hoach")."""
    words = fold(query).split()
    hay = fold(" ".join((entry.name, entry.subject or "", entry.number or "", (entry.kind or "").replace("_", " "))))
    return all(w in hay for w in words)


def keep(entry, kind: str = "", state: str = "", year: Optional[int] = None) -> bool:
    """Whether ``entry`` passes the filters (an empty filter passes everything)."""
    if kind and entry.kind != kind:
        return False
    if state == "du_thao" and not entry.draft or state == "da_cap" and entry.draft:
        return False
    return not (year and entry.year != year)


def ordered(entries: Iterable, sort: str = "ten") -> list:
    """``entries`` in the order chosen: ``ten`` (name), ``sua`` (last modified first), ``loai``."""
    entries = list(entries)
    by_name = sorted(entries, key=lambda e: fold(e.name))
    if sort == "sua":
        return sorted(by_name, key=lambda e: -e.modified)
    if sort == "loai":
        return sorted(by_name, key=lambda e: (e.kind == "", e.kind))
    return by_name


def select(entries: Iterable, query: str = "", kind: str = "", state: str = "", year: Optional[int] = None,
           sort: str = "ten") -> list:
    """The rows the page shows: searched, filtered, sorted."""
    return ordered((e for e in entries if matches(e, query) and keep(e, kind, state, year)), sort)


def years(entries: Iterable) -> list[int]:
    """The years the documents are dated, newest first (the year filter's choices)."""
    return sorted({e.year for e in entries if e.year}, reverse=True)


__all__ = ["fold", "matches", "keep", "ordered", "select", "years", "SORTS", "STATES"]
