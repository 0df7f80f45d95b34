"""Where the signature goes on a PDF's page, from the words' boxes.

Appendix I of Decree 30 puts the signer's signature (and the image of a digital signature)
between the authority and title lines (``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH``) and the
signer's name, centred on them. The PDF is read as ``check`` reads it
(:mod:`vanban.reading.pdf_text`, the locator of :mod:`vanban.reading.facts`); the boxes of
the title's and the name's printed lines give the rectangle. An attachment (a file that is an
appendix, "PHỤ LỤC" at its head, with no signature of its own) takes the agency's signature
at the top right of its first page, as the decree describes for attachments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from vanban.decree import vn
from vanban.i18n import _
from vanban.sign import SignError

#: Space kept between the field and the lines above and below it (points).
GAP = 3.0
#: The narrowest field a signature image fits in (points; ~4 cm).
MIN_WIDTH = 113.0
#: An attachment's field: its size (points) and its distance from the page's top and right edge.
APPENDIX_BOX = (150.0, 60.0)
APPENDIX_MARGIN = 30.0

_APPENDIX = re.compile(r"^PH[ỤU]\s*L[ỤU]C\b", re.I)


@dataclass(frozen=True)
class Place:
    """A signature field: its page (0-based), its rectangle in PDF points (x0, y0, x1, y1, origin
    at the bottom left as a PDF counts) and the name it is given."""
    page: int
    box: tuple[float, float, float, float]
    name: str
    appendix: bool = False
    #: The other fields of the same PDF: the left signer's of a kind with two signatures.
    others: tuple = ()


@dataclass(frozen=True)
class LineBox:
    """A printed line's box, top-left origin as the reader gives it."""
    page: int
    x0: float
    x1: float
    top: float
    bottom: float


def field_name(signer: str) -> str:
    """A form field's name after the signer: letters without marks (any PDF reader shows it), no
    dots (a dot separates a field's parent from its child)."""
    plain = vn.strip_marks(signer)
    plain = re.sub(r"[^A-Za-z0-9 _-]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip() or "Signature"


def between(title: LineBox, name: LineBox, page_height: float) -> tuple[float, float, float, float]:
    """The rectangle between the title's last line and the name's first, centred on both (PDF points)."""
    centre = ((title.x0 + title.x1) / 2 + (name.x0 + name.x1) / 2) / 2
    half = max(MIN_WIDTH, title.x1 - title.x0, name.x1 - name.x0) / 2
    top, bottom = title.bottom + GAP, name.top - GAP
    return (round(centre - half, 2), round(page_height - bottom, 2), round(centre + half, 2), round(page_height - top, 2))


def top_right(width: float, height: float) -> tuple[float, float, float, float]:
    """An attachment's field at the top right of its page (PDF points)."""
    w, h = APPENDIX_BOX
    x1, y1 = width - APPENDIX_MARGIN, height - APPENDIX_MARGIN
    return (x1 - w, y1 - h, x1, y1)


def _box(block) -> Optional[LineBox]:
    lines = block.lines
    if not lines:
        return None
    return LineBox(lines[0].page, min(ln.x0 for ln in lines), max(ln.x1 for ln in lines),
                   min(ln.top for ln in lines), max(w.bottom for ln in lines for w in ln.words))


@dataclass
class Layout:
    """A PDF read for placing: the located facts, each located line's block, the pages' words."""
    facts: object
    blocks: dict
    pages: list


def read_layout(pdf: Union[str, Path], name: str = "") -> Layout:
    """``pdf`` read with positions and its elements located, as ``check`` reads a PDF."""
    from vanban.check.pdf import located
    from vanban.reading import pdf_text
    from vanban.reading.facts import from_lines
    try:
        page, pages = pdf_text.read_pages(pdf, ocr_pages=False)
    except pdf_text.PdfUnreadable as exc:
        raise SignError(_("{file}: not a PDF that can be read: {why}").format(file=name or pdf, why=exc)) from None
    lines = located(page, False)
    align = {id(x): b.align for x, b in zip(lines, page.blocks)}
    facts = from_lines(lines, "pdf", lambda x: align.get(id(x)) == "center")
    lay = Layout(facts, {id(x): b for x, b in zip(lines, page.blocks)}, pages)
    lay.page = page
    return lay


def _between_block(lay: Layout, title_line, name_line, signer: Optional[str]) -> Optional[Place]:
    """The field between a signature block's title and name, when both are printed on one page."""
    if title_line is None or name_line is None:
        return None
    title, signed = _box(lay.blocks[id(title_line)]), _box(lay.blocks[id(name_line)])
    if title and signed and title.page == signed.page and title.bottom < signed.top:
        return Place(signed.page, between(title, signed, lay.pages[signed.page].height),
                     field_name(signer or name_line.text))
    return None


def find(pdf: Union[str, Path], signer: Optional[str] = None, name: str = "") -> Place:
    """Where the signature field goes on ``pdf``: between the title and the signer's name (with, in
    ``others``, the left signer's of a biên bản, hợp đồng, bản ghi nhớ or bản thỏa thuận), or the
    top right of an attachment's first page; :class:`SignError` (naming ``name``, default ``pdf``)
    when the PDF shows neither."""
    name = name or str(pdf)
    lay = read_layout(pdf, name)
    facts, page, pages = lay.facts, lay.page, lay.pages
    main = _between_block(lay, facts.signer_title, facts.signer_name, signer)
    if main is not None:
        blocks = [(facts.left_signer_title, facts.left_signer_name)] + \
            [(title, signer_name) for _authority, title, signer_name in facts.more_signers]
        others, names = [], {main.name}
        for title, signer_name in blocks:      # the left signer's, then further parties' (ky_them)
            one = _between_block(lay, title, signer_name, None)
            if one is not None and one.name in names:     # two signers of one name: two fields still
                one = Place(one.page, one.box, f"{one.name} {len(names) + 1}")
            if one is not None:
                names.add(one.name)
                others.append(one)
        return Place(main.page, main.box, main.name, others=tuple(others))
    if page.blocks and _APPENDIX.match(page.blocks[0].text) and pages:
        return Place(0, top_right(pages[0].width, pages[0].height), field_name(signer or "Phu luc"), appendix=True)
    raise SignError(_("{file}: no signature block found (the signer's title and name under the text), "
                      "nor an appendix's heading").format(file=name))


__all__ = ["Place", "LineBox", "Layout", "read_layout", "field_name", "between", "top_right", "find"]
