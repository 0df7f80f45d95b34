"""Spans of a page back into the model's inline text: ``**bold**``, ``*italic*``, ``[^1]``."""
from __future__ import annotations

import re
from typing import Callable

from vanban.reading.page import Span, clean

_ESCAPE = re.compile(r"([\\*]|\[(?=\^))")


def escape(text: str) -> str:
    """Literal text that :mod:`vanban.inline` reads back unchanged."""
    return _ESCAPE.sub(r"\\\1", text)


def drop_prefix(spans: list[Span], count: int) -> list[Span]:
    """Spans without their first ``count`` visible characters (a numbering marker), leading blanks too."""
    out, left = [], count
    for s in spans:
        if s.note is not None or left <= 0:
            out.append(s)
            continue
        if len(s.text) <= left:
            left -= len(s.text)
            continue
        out.append(Span(s.text[left:], s.bold, s.italic))
        left = 0
    while out and out[0].note is None and not out[0].text.strip():
        out.pop(0)
    if out and out[0].note is None:
        out[0] = Span(out[0].text.lstrip(), out[0].bold, out[0].italic)
    return out


def markup(spans: list[Span], note_key: Callable[[str], str], plain_bold: bool = False,
           plain_italic: bool = False) -> str:
    """Inline text for spans. ``plain_bold``/``plain_italic``: that formatting belongs to the
    paragraph (a heading, a quyết định's căn cứ), so it is not written as markers."""
    out: list = []      # a footnote mark, or [lead, mark, body, trail] of one span
    for s in spans:
        if s.note is not None:
            out.append(f"[^{note_key(s.note)}]")
            continue
        text = escape(s.text)
        body = text.strip(" \t")
        if not body:
            out.append(text)
            continue
        lead, trail = text[:len(text) - len(text.lstrip(" \t"))], text[len(text.rstrip(" \t")):]
        mark = ("**" if s.bold and not plain_bold else "") + ("*" if s.italic and not plain_italic else "")
        if not any(c.isalnum() for c in body):
            # A bold "(" alone: "**(**" is no emphasis to the YAML's inline rules (a star beside a
            # bracket), it would print its stars; the bold of a lone mark is not worth that.
            mark = ""
        out.append([lead, mark, body, trail])
    _outside_marks(out)
    return clean("".join(p if isinstance(p, str) else f"{p[0]}{p[1]}{p[2]}{p[1][::-1]}{p[3]}" for p in out))


def _edge(piece, first: bool) -> str:
    text = piece if isinstance(piece, str) else "".join(piece) if not piece[1] else piece[1]
    return (text[:1] if first else text[-1:]) or " "


def _outside_marks(pieces: list) -> None:
    """Punctuation at the edge of a bold or italic span moved out of its stars where a letter touches
    it: "*thầu:{{TÊN}}*Quá" is no emphasis to the YAML's inline rules (a star after a bracket and
    before a letter cannot close) and would print its stars; "*thầu:{{TÊN*}}Quá" closes."""
    for k, p in enumerate(pieces):
        if isinstance(p, str) or not p[1]:
            continue
        lead, mark, body, trail = p
        core = body.rstrip(_PUNCT)
        if not trail and k + 1 < len(pieces) and _edge(pieces[k + 1], True).isalnum() and \
                core != body and any(c.isalnum() for c in core):
            body, trail = core, body[len(core):]
        core = body.lstrip(_PUNCT)
        if not lead and k and _edge(pieces[k - 1], False).isalnum() and core != body and \
                any(c.isalnum() for c in core):
            body, lead = core, body[:len(body) - len(core)]
        pieces[k] = [lead, mark, body, trail]


#: Characters a star beside them cannot close or open against a letter (Markdown's flanking rule).
_PUNCT = "{}()[]<>“”‘’\"'.,:;!?-–…/\\%&#@$^_|~=+`"
