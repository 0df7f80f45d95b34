"""Inline emphasis written naturally in YAML text.

``**đậm**`` is bold, ``*nghiêng*`` italic, ``[^1]`` cites footnote ``1`` of the
``chu_thich`` mapping, and straight double quotes become “…”. A backslash
keeps the next character literal (``\\*``). As in Markdown, only a closed
pair of stars is emphasis: a lone star ("Đơn vị (*)", "7*7") prints as typed. Nothing else in user text has a
meaning: ``{{ }}``, ``&`` and ``<`` are plain characters.
"""
from __future__ import annotations

import re
import unicodedata
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


_TOKEN = re.compile(r"\\(.)|(\*+)|\[\^([^\]\s]+)\]", re.S)
_OPENING = "([{“‘"
_CLOSING = ")]}”’"


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _flanks(prev: str, nxt: str) -> tuple[bool, bool]:
    """Whether a run of stars between ``prev`` and ``nxt`` may open and may close emphasis.

    Markdown's flanking rules, made stricter where a clerk's text needs it: a
    star right after an opening bracket cannot close and one right before a
    closing bracket cannot open, so "(*)" is a footnote star, not emphasis; a
    star between two digits is multiplication ("7*7").
    """
    if prev.isdigit() and nxt.isdigit():
        return False, False
    ws_prev, ws_next = prev.isspace(), nxt.isspace()
    left = not ws_next and (not _is_punct(nxt) or ws_prev or _is_punct(prev))
    right = not ws_prev and (not _is_punct(prev) or ws_next or _is_punct(nxt))
    return left and nxt not in _CLOSING, right and prev not in _OPENING


@dataclass
class _Delim:
    stars: int
    can_open: bool
    can_close: bool
    left: int = 0
    closes: list = None     # "b"/"i" ended by this run, inner first
    opens: list = None      # "b"/"i" started by this run, inner first


def _tokens(text: str) -> list:
    """Text pieces, footnote keys (tuples) and star runs (:class:`_Delim`), in order."""
    out: list = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        escaped, stars, note = m.groups()
        if escaped is not None:
            out.append(escaped)
        elif note is not None:
            out.append((note,))
        else:
            prev = text[m.start() - 1] if m.start() else " "
            nxt = text[m.end()] if m.end() < len(text) else " "
            can_open, can_close = _flanks(prev, nxt) if len(stars) <= 3 else (False, False)
            out.append(_Delim(len(stars), can_open, can_close, len(stars), [], []))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _pair(tokens: list) -> None:
    """Match closing star runs with the nearest opening run, as Markdown does."""
    openers: list[_Delim] = []
    for tok in tokens:
        if not isinstance(tok, _Delim):
            continue
        while tok.can_close and tok.left:
            k = next((k for k in range(len(openers) - 1, -1, -1) if openers[k].left), None)
            if k is None:
                break
            opener = openers[k]
            use = 2 if opener.left >= 2 and tok.left >= 2 else 1
            kind = "b" if use == 2 else "i"
            opener.left -= use
            tok.left -= use
            opener.opens.append(kind)
            tok.closes.append(kind)
            # Runs between a matched pair can no longer open anything after it.
            del openers[k + 1:]
            if not opener.left:
                del openers[k]
        if tok.can_open and tok.left:
            openers.append(tok)


def parse(text: str) -> list[Run]:
    """Split text into runs. Only a closed pair of stars is emphasis; a lone star is text."""
    tokens = _tokens(smart_quotes(nfc(text)))
    _pair(tokens)
    runs: list[Run] = []
    depth = {"b": 0, "i": 0}
    buf: list[str] = []

    def flush():
        if buf:
            runs.append(Run("".join(buf), depth["b"] > 0, depth["i"] > 0))
            buf.clear()

    for tok in tokens:
        if isinstance(tok, str):
            buf.append(tok)
        elif isinstance(tok, tuple):
            flush()
            runs.append(Run(footnote=tok[0]))
        else:
            if tok.closes:
                flush()
                for kind in tok.closes:
                    depth[kind] -= 1
            buf.append("*" * tok.left)
            if tok.opens:
                flush()
                for kind in reversed(tok.opens):
                    depth[kind] += 1
    flush()
    return _merge([r for r in runs if r.text or r.footnote])


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and not r.footnote and not out[-1].footnote and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    return out


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
