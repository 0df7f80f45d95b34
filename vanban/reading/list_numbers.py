"""The numbers Word prints before paragraphs it numbers itself (``w:numPr``), read from numbering.xml.

A clerk who clicks Word's numbering button types no "1." or "a)": the paragraph carries a list
(``numId``) and a level (``ilvl``), and numbering.xml says what each level prints: its format
(``numFmt``: decimal, lowerLetter, upperRoman …, or a bullet), its text (``lvlText`` "%1.", "%2)",
"%1.%2."), its start value, and a list instance's ``startOverride``. Counting as Word counts
(one counter per level of a list definition, the levels below reset by an item above them)
gives the number Word shows, so the importer sees the body's real numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.decree import vn
from vanban.reading.styles import W, int_attr

_PLACE = re.compile(r"%([1-9])")
_DASHES = ("-", "–", "+")
MAX_LEVELS = 9


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _letters(n: int, upper: bool) -> str:
    # Word's letters run a … z, then aa … zz.
    q, r = divmod(max(n, 1) - 1, 26)
    c = chr(ord("a") + r) * (q + 1)
    return c.upper() if upper else c


def formatted(n: int, fmt: str) -> str:
    """A counter as a level's ``numFmt`` prints it."""
    if fmt in ("upperRoman", "lowerRoman"):
        text = vn.roman(n) if n > 0 else str(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Lists:
    """The list definitions of one document, and the counters of the paragraphs read so far."""

    def __init__(self, numbering) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}     # numId → (abstractNumId, start overrides)
        if numbering is None:
            return
        for a in numbering.iter(W + "abstractNum"):
            levels = {}
            for lvl in a.iter(W + "lvl"):
                get = lambda tag, d: (lvl.find(W + tag).get(W + "val", d) if lvl.find(W + tag) is not None  # noqa: E731
                                      else d)
                levels[int_attr(lvl.get(W + "ilvl"), 0)] = Level(get("numFmt", "decimal"), get("lvlText", ""),
                                                                 int_attr(get("start", "1"), 1))
            self.abstract[a.get(W + "abstractNumId", "")] = levels
        for num in numbering.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {}
            for o in num.iter(W + "lvlOverride"):
                so = o.find(W + "startOverride")
                if so is not None:
                    overrides[int_attr(o.get(W + "ilvl"), 0)] = int_attr(so.get(W + "val"), 1)
            if ref is not None:
                self.nums[num.get(W + "numId", "")] = (ref.get(W + "val", ""), overrides)
        self.counters: dict[str, list[Optional[int]]] = {}
        self.started: set[str] = set()

    def label(self, num_id: Optional[str], ilvl: int) -> str:
        """The number the next paragraph of list ``num_id`` at level ``ilvl`` shows ("2.", "b)",
        "-" for a bullet, "" for none); counts it."""
        if num_id in (None, "0") or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        ilvl = max(0, min(MAX_LEVELS - 1, ilvl))
        counts = self.counters.setdefault(abstract_id, [None] * MAX_LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for k, v in overrides.items():
                if 0 <= k < MAX_LEVELS:
                    counts[k] = v - 1
        level = levels.get(ilvl, Level())
        now = counts[ilvl]
        counts[ilvl] = level.start if now is None else now + 1
        for k in range(ilvl + 1, MAX_LEVELS):
            counts[k] = None
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            mark = level.text.strip()
            return mark if mark in _DASHES else "-"
        return _PLACE.sub(lambda m: self._part(levels, counts, int(m.group(1)) - 1), level.text).strip()

    @staticmethod
    def _part(levels: dict[int, Level], counts: list, k: int) -> str:
        level = levels.get(k, Level())
        return formatted(level.start if counts[k] is None else counts[k], level.fmt)


def labels(paragraphs: list, numbering) -> dict[int, str]:
    """Each numbered paragraph's index → the number Word prints before it."""
    lists = Lists(numbering)
    out = {}
    for p in paragraphs:
        num = p.props.get("num") or p.sheet.para_props(p.props).get("num")
        if num and num[0] not in (None, "0"):
            text = lists.label(num[0], num[1] or 0)
            if text:
                out[p.index] = text
    return out
