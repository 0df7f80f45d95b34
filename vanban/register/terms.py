"""A Party body's committee terms (nhiệm kỳ cấp ủy), within which its documents are numbered.

HD 36-HD/VPTW §II.1.3.1: a Party committee's documents are numbered "from 01 for each
kind of document within one committee term"; the term runs from the day after the
congress closes to the day the next congress closes (from the opening of the new
committee's first conference when that meets during the congress). So a term is
known by its first day, a date the clerk gives (``vanban register body FILE
--nhiem-ky 2025-10-16``); the register keeps every start it was given, oldest first,
so a document dated in an earlier term still gets that term's number.

The statute's term is five years; a term's label runs to the next term's start
year, or five years on while it is the current one (``2025 – 2030``).
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional, Sequence

from vanban.i18n import _

#: Years of a committee term (Điều lệ Đảng, art. 13 ff.: đại hội … năm năm một lần).
TERM_YEARS = 5


def parse_start(text: str) -> str:
    """The ISO date of a term's first day written ``2025-10-16`` or ``16/10/2025``;
    ValueError with the message to show for anything else (a bare year is refused:
    numbers issued before the congress in that year belong to the old term)."""
    from vanban.decree.vn import parse_typed_date
    raw = (text or "").strip()
    try:
        return _dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    parts = parse_typed_date(raw)
    if parts is not None and None not in parts:
        try:
            return _dt.date(*parts).isoformat()
        except ValueError:
            pass
    raise ValueError(_("{value}: give the term's first day (the day after the congress closed), "
                       "e.g. 2025-10-16 or 16/10/2025").format(value=text))


def parse_starts(stored: str) -> tuple[str, ...]:
    """The starts kept in ``body.term_start``, oldest first."""
    return tuple(sorted(s for s in stored.split(",") if s))


def term_of(starts: Sequence[str], day: _dt.date) -> Optional[str]:
    """The start of the term ``day`` falls in: the latest start on or before it; None before the first."""
    found = [s for s in starts if s <= day.isoformat()]
    return max(found) if found else None


def label(starts: Sequence[str], start: str) -> str:
    """``2025 – 2030``: the term's first year, and the next term's (five years on for the last)."""
    first = int(start[:4])
    later = sorted(s for s in starts if s > start)
    return f"{first} – {int(later[0][:4]) if later else first + TERM_YEARS}"


def shown(start: str) -> str:
    """A start as the clerk reads it: ``16/10/2025``."""
    return _dt.date.fromisoformat(start).strftime("%d/%m/%Y")
