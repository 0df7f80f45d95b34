"""Inline emphasis written naturally in YAML text.

``**đậm**`` is bold, ``*nghiêng*`` italic, ``[^1]`` cites footnote ``1`` of the
``chu_thich`` mapping, and straight double quotes become “…”. A backslash
keeps the next character literal (``\\*``). Nothing else in user text has a
meaning: ``{{ }}``, ``&`` and ``<`` are plain characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.decree.vn import nfc, smart_quotes


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting, or a footnote reference."""
    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: Optional[str] = None   # key in ``chu_thich`` when this run is a reference mark


_TOKEN = re.compile(r"\\(.)|(\*\*)|(\*)|\[\^([^\]\s]+)\]", re.S)


def parse(text: str) -> list[Run]:
    """Split text into runs. Unclosed markers simply close at the end of the text."""
    text = smart_quotes(nfc(text))
    runs: list[Run] = []
    bold = italic = False
    buf: list[str] = []

    def flush():
        if buf:
            runs.append(Run("".join(buf), bold, italic))
            buf.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        escaped, strong, emph, note = m.groups()
        if escaped is not None:
            buf.append(escaped)
        elif strong:
            flush()
            bold = not bold
        elif emph:
            flush()
            italic = not italic
        else:
            flush()
            runs.append(Run(footnote=note))
    buf.append(text[pos:])
    flush()
    return [r for r in runs if r.text or r.footnote]


def plain_of(runs: list[Run]) -> str:
    """The text of runs, without footnote references."""
    return "".join(r.text for r in runs)


def plain(text: str) -> str:
    """The text a reader sees, without markers or footnote references."""
    return plain_of(parse(text))


def footnote_keys(text: str) -> list[str]:
    """Footnote keys cited in the text, in order."""
    if "[^" not in text:  # most paragraphs cite nothing; every model validation asks of every one
        return []
    return [r.footnote for r in parse(text) if r.footnote]
