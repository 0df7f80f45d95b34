"""WordprocessingML fragments: paragraphs, runs, rules and footnotes as XML text.

The templates keep the styles; this module only emits paragraphs that refer
to them by style id, plus the few direct properties that depend on the
content (the length of a rule, the indent that centres the Kính gửi block).
All user text passes through :func:`text` and is therefore escaped.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from vanban.decree.lengths import twips
from vanban.model.inline import Run



def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (xml.sax.saxutils' escape, without the import of
    urllib, http and ssl it drags in: a twentieth of a second at every render)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# XML 1.0 forbids most control characters; a stray one from a copy-paste
# would make Word refuse the whole file.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: str) -> str:
    """User text without characters XML cannot carry."""
    return _ILLEGAL.sub("", value)




class Raw:
    """Ready XML for a docxtpl ``{{p …}}`` or ``{{r …}}`` tag; jinja does not escape it."""

    def __init__(self, xml: str = ""):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__

    def __add__(self, other: "Raw") -> "Raw":
        return Raw(self.xml + other.xml)

    def __bool__(self) -> bool:
        return bool(self.xml)


def text(value: str) -> str:
    """A ``<w:t>`` element (tabs become ``<w:tab/>``)."""
    parts = clean(value).split("\t")
    return "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts if p or len(parts) == 1)


def run(r: Run, footnote_ids: Optional[dict[str, int]] = None, rstyle: Optional[str] = None) -> str:
    """One ``<w:r>``; a footnote reference becomes Word's own reference mark."""
    if r.footnote is not None:
        fid = (footnote_ids or {})[r.footnote]
        return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'
    props = (f'<w:rStyle w:val="{rstyle}"/>' if rstyle else "") + ("<w:b/><w:bCs/>" if r.bold else "") \
        + ("<w:i/><w:iCs/>" if r.italic else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{text(r.text)}</w:r>"


def paragraph(style: str, runs: Iterable[Run], footnote_ids: Optional[dict[str, int]] = None,
              keep_next: bool = False, ind: Optional[dict[str, int]] = None,
              border_bottom: bool = False, prefix: str = "", before_pt: Optional[float] = None) -> str:
    """A ``<w:p>`` in a template style, with only the properties content decides."""
    ppr = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if border_bottom:
        ppr += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    if before_pt is not None:
        ppr += f'<w:spacing w:before="{round(before_pt * 20)}"/>'
    if ind:
        ppr += "<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in ind.items()) + "/>"
    return f"<w:p><w:pPr>{ppr}</w:pPr>{prefix}{''.join(run(r, footnote_ids) for r in runs)}</w:p>"


def rule(style: str, length_mm: float, box_mm: float) -> str:
    """A short solid horizontal line of ``length_mm``, centred in a box ``box_mm`` wide.

    Drawn as the bottom border of an empty paragraph whose indents leave exactly
    the line's length: it stays put when the text above changes, prints the same
    in Word and LibreOffice, and is easy to find for a conformance check.
    """
    side = max(0.0, (box_mm - length_mm) / 2)
    return paragraph(style, [], ind={"left": twips(side), "right": twips(side)}, border_bottom=True)


#: The namespaces Word declares on the root of every part it writes. Readers such
#: as docx2python look up the ``r:`` and ``w14:`` prefixes on every part, so a
#: part declaring only ``w:`` makes them fail.
WORD_NAMESPACES = {
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w": W_NS,
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
ROOT_NAMESPACES = " ".join(f'xmlns:{k}="{v}"' for k, v in WORD_NAMESPACES.items()) + ' mc:Ignorable="w14 wp14"'

FOOTNOTES_EMPTY = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {ROOT_NAMESPACES}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def footnotes_part(notes: list[tuple[int, list[list[Run]]]]) -> bytes:
    """The ``word/footnotes.xml`` part: the two separators and each note's paragraphs."""
    body = []
    for fid, paragraphs in notes:
        paras = []
        for k, runs in enumerate(paragraphs):
            mark = ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                    '<w:r><w:t xml:space="preserve"> </w:t></w:r>') if k == 0 else ""
            paras.append(paragraph("FootnoteText", runs, prefix=mark))
        body.append(f'<w:footnote w:id="{fid}">{"".join(paras)}</w:footnote>')
    return FOOTNOTES_EMPTY.replace("</w:footnotes>", "".join(body) + "</w:footnotes>").encode("utf-8")
