"""The numbering markers of a body: printed by :func:`marker`, read back by :func:`parse_marker`.

``Chương I`` ``I.`` ``1.`` ``1.1.`` ``a)`` ``Điều 1.`` and the bullets ``-`` ``+``, as Decree 30 appendix I and
the drafting rules of legal documents print them. One grammar for both directions, so what vanban
prints, what ``check`` judges and what ``import`` rebuilds cannot disagree:

* a separator is the printed one — ``1.`` not ``1:`` (``"1: …"`` and ``"IV: …"`` are running text);
* an Arabic number has at most three digits (``"2020. …"`` begins with a year, not item 2020);
* an article is ``Điều`` and its number followed by ``.``, ``:``, ``-`` or ``–`` (it is an article
  whatever the punctuation: its number counts for the numbering rule, and import places it);
* a letter is one of the decree's sequence, doubled past ``y`` (:func:`vanban.decree.vn.letter`);
* a chapter is ``Chương`` (or ``CHƯƠNG``) and a Roman or Arabic number, alone on its line or followed
  by ``.``, ``:``, ``-`` and its name ("Chương trình …" is running text); vanban writes ``Chương I``.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from vanban.decree import vn

#: The numbered styles (each a level's scheme entry) and the bullets, which print no number.
NUMBERED = ("chuong", "I", "1", "1.1", "a", "dieu")
BULLETS = ("-", "+")
_DECIMAL = ("1", "1.1")

_RULES = (
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d{1,3})(?:\s*[.:\-–]\s*|\s*$)")),
    ("dieu", re.compile(r"^Điều\s+(\d{1,3})\s*(?:[.:\-–]|$)")),
    ("I", re.compile(r"^([IVXLCDM]+)\.(?:\s|$)")),
    ("1.1", re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)(?:\.?(?:\s|$)|\.(?=[^\W\d_]))")),
    ("1", re.compile(r"^(\d{1,3})(?:\.(?:\s|$)|\.(?=[^\W\d_]))")),
    ("a", re.compile(r"^([a-zđ]{1,3})\)(?:\s|$)")),
    ("-", re.compile(r"^([-–])(?:\s|$)")),
    ("+", re.compile(r"^(\+)(?:\s|$)")),
)


class Marker(NamedTuple):
    """A marker read from the start of a paragraph."""
    style: str          # chuong, I, 1, 1.1, a, dieu, -, +
    index: int          # 1-based; 0 for a value outside the sequence ("IIII.", "f)"); 0 for a bullet
    parent: str = ""    # the number path above a decimal sub-item: "2" in "2.3.", "2.3" in "2.3.1."
    value: str = ""     # as printed: "IV", "2.3", "đ", "-"
    end: int = 0        # where the paragraph's text after the marker starts


def marker(style: str, index: int, parent_number: str = "") -> str:
    """The printed marker of the ``index``-th (1-based) item in a numbering style.

    ``marker("I", 4)`` → ``"IV."``; ``marker("1.1", 3, "2")`` → ``"2.3."``;
    ``marker("a", 5)`` → ``"đ)"``; ``marker("dieu", 2)`` → ``"Điều 2."``; ``marker("chuong", 2)`` → ``"Chương II"``; ``"-"`` and ``"+"`` as they are.
    """
    if style == "chuong":
        return f"Chương {vn.roman(index)}"
    if style == "I":
        return f"{vn.roman(index)}."
    if style == "1":
        return f"{index}."
    if style == "1.1":
        return f"{parent_number}.{index}." if parent_number else f"{index}."
    if style == "a":
        return f"{vn.letter(index)})"
    if style == "dieu":
        return f"Điều {index}."
    if style in BULLETS:
        return style
    return ""


def read_marker(text: str) -> Optional[Marker]:
    """The marker a paragraph starts with, with where its text starts, or None."""
    for style, rx in _RULES:
        m = rx.match(text)
        if m is None:
            continue
        value = m.group(1)
        end = m.end()
        while end < len(text) and text[end] in " \t\u00a0":
            end += 1
        if style == "I" or (style == "chuong" and not value.isdigit()):
            return Marker(style, vn.roman_value(value), "", value, end)
        if style == "1.1":
            parent, _dot, last = value.rpartition(".")
            return Marker(style, int(last), parent, value, end)
        if style == "a":
            return Marker(style, vn.letter_index(value), "", value, end)
        if style in BULLETS:
            return Marker("-" if style == "-" else "+", 0, "", value, end)
        return Marker(style, int(value), "", value, end)
    return None


def parse_marker(text: str) -> Optional[tuple[str, int]]:
    """(style, index) of the marker ``text`` starts with: ``parse_marker(marker(s, i)) == (s, i)``."""
    m = read_marker(text)
    return None if m is None else (m.style, m.index)


__all__ = ["Marker", "marker", "read_marker", "parse_marker", "NUMBERED", "BULLETS"]
