"""The article marker of a quyết định: "Điều 1." is printed bold (Decree 30, appendix I).

A separate module so the rule can be read on its own; ``rules`` imports it at
its end, which registers the rule after the layout rules.
"""
from __future__ import annotations

from typing import Optional

from vanban.check.framework import expect, need, rule
from vanban.decree.markers import Marker, read_marker
from vanban.reading.facts import Facts, Located


def _article(text: str) -> Optional[Marker]:
    """The "Điều N." an article opens with (the decree's marker grammar), or None."""
    m = read_marker(text.lstrip())
    return m if m is not None and m.style == "dieu" else None


def marker_bold(loc: Located) -> bool:
    """Whether every letter of the paragraph's leading "Điều N." is bold as Word shows it."""
    body = loc.text.lstrip()
    span = len(loc.text) - len(body) + len(body[:_article(loc.text).end].rstrip())   # "Điều 1." and what leads it
    covered = 0
    for r in loc.runs:
        if covered >= span:
            break
        if r.text.strip() and not r.fmt.bold:
            return False
        covered += len(r.text)
    return True


@rule("dieu.format", "'Điều 1.' and its number bold", "layout")
def _articles(f: Facts, _document):
    for b in need([b for b in f.body if _article(b.text)]):
        expect(marker_bold(b), b, "“Điều …” bold", "not bold")
