"""Digital signatures' stamps found among a PDF's printed lines, and taken out of them.

A signed PDF often carries the signature's appearance in its text layer: a small box of labelled
lines ("Ký bởi: …", "Thời gian ký: …") in the corner of page 1 or beside the signature
(:mod:`vanban.decree.signature_stamp` reads what they say). Left among the lines, the box became a
comment above the header, or was read into the header's columns. Here a box is the labelled line
and the lines under it in the same column and the same small print, close enough to be its next
lines; when they read as a stamp they leave the page's lines (and the words check measures) and the
stamp is kept for import's warnings and check's report.
"""
from __future__ import annotations

from dataclasses import replace

from vanban.decree.signature_stamp import SignatureStamp, read_stamp, stamp_field

#: The next line of a box starts within this many font sizes under the line above it.
_LEADING = 2.2


def _same_box(box: list, ln) -> bool:
    """``ln`` is the next line of the box: under its last line, in its print size (as OCR measures it:
    within a quarter), overlapping its column."""
    last = box[-1]
    left, right = min(x.x0 for x in box), max(x.x1 for x in box)
    return (ln.page == last.page and 0 < ln.top - last.top <= _LEADING * last.size
            and abs(ln.size - last.size) <= max(1.0, 0.25 * last.size) and ln.x0 < right + last.size and ln.x1 > left - last.size)


def split(lines: list, pages: list) -> tuple[list, list[SignatureStamp]]:
    """(the lines that are not a stamp's, the stamps read) of printed lines
    (:class:`vanban.reading.geometry.Line`: words, page, x0, x1, top, size, text); the stamps' words
    leave ``pages`` (:class:`~vanban.reading.geometry.PageWords`) too: check measures the header and
    the margins without them."""
    order = sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0))
    taken: set[int] = set()
    stamps: list[SignatureStamp] = []
    for ln in order:
        if id(ln) in taken or stamp_field(ln.text) is None:
            continue
        box = [ln]
        for other in order:
            if id(other) not in taken and other is not ln and _same_box(box, other):
                box.append(other)
        stamp = read_stamp([x.text for x in box])
        if stamp is None:
            continue
        taken.update(id(x) for x in box[:len(stamp.lines)])     # the signer's name under it is not its
        stamps.append(replace(stamp, page=ln.page + 1))
    gone = {id(w) for ln in lines if id(ln) in taken for w in ln.words}
    for pw in pages:
        pw.words = [w for w in pw.words if id(w) not in gone]
    return [ln for ln in lines if id(ln) not in taken], stamps


__all__ = ["split"]
