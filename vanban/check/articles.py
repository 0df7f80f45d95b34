"""The article marker of a quyết định: "Điều 1." is printed bold (Decree 30, appendix I).

A separate module so the rule can be read on its own; ``rules`` imports it at
its end, which registers the rule after the layout rules.
"""
from __future__ import annotations

import re

from vanban.check.rules import expect, need, rule
from vanban.reading.facts import Facts, Located

_ARTICLE = re.compile(r"^\s*Điều\s+\d+\s*\.")


def marker_bold(loc: Located) -> bool:
    """Whether every letter of the paragraph's leading "Điều N." is bold as Word shows it."""
    want = _ARTICLE.match(loc.text)
    covered = 0
    for r in loc.runs:
        if covered >= want.end():
            break
        if r.text.strip() and not r.fmt.bold:
            return False
        covered += len(r.text)
    return True


@rule("dieu.format", "'Điều 1.' and its number bold", "layout")
def _articles(f: Facts, _document):
    for b in need([b for b in f.body if _ARTICLE.match(b.text)]):
        expect(marker_bold(b), b, "“Điều …” bold", "not bold")
