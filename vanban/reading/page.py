"""What a page says, whatever file it came from.

Every reader (.docx, PDF text layer, OCR) produces the same thing: blocks of
text in reading order, each a paragraph as a person sees it, with its inline
bold and italic, its footnote marks, and where it stands. Where it stands is
given as a table cell ``(table, row, column)`` for the two-column parts of a
page (the header, the Nơi nhận / signature row): a PDF reader assigns those
cells from positions, a .docx reader takes them from the real table.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

Cell = tuple[int, int, int]

#: The "Nơi nhận:" label, also as OCR reads it without its diacritics ("Noi nhan") or typed in capitals.
#: A capital N and the label's end (a colon, a dash, the line's end): a wrapped body line may start
#: "nơi nhận vào trang đầu sổ …" (a Party guidance), which is no closing.
NOI_NHAN = re.compile(r"^N(?:[ơo][iì]\s*nh[ậaâ]n|[ƠO][IÌ]\s*NH[ẬAÂ]N)\b(?=\s*(?:[:;.,\-–]|$))")


@dataclass(frozen=True)
class Span:
    """A stretch of text with one formatting, or a footnote mark (``note`` set, text empty)."""
    text: str
    bold: bool = False
    italic: bool = False
    note: Optional[str] = None


@dataclass
class Block:
    """One paragraph as the page shows it."""
    spans: list[Span]
    cell: Optional[Cell] = None       # None: running text outside the two-column parts
    style: str = ""                   # the source's style name, when it has one
    align: Optional[str] = None       # "left", "center", "right", "both"
    indent: bool = False              # starts further right than the text column (first-line indent)
    source: Optional[object] = field(default=None, repr=False, compare=False)   # the .docx paragraph (word.Para)
    outer: Optional[Cell] = None      # the top-level table's cell, for a block of a nested table
    #: The printed lines of a block read from a PDF (:class:`vanban.reading.geometry.Line`: words with
    #: their boxes, fonts and sizes), for check's layout rules; empty for a .docx.
    lines: list = field(default_factory=list, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The plain text, spaces collapsed, without footnote marks."""
        return clean("".join(s.text for s in self.spans))

    @property
    def bold(self) -> bool:
        """Every visible character bold."""
        shown = [s for s in self.spans if s.text.strip()]
        return bool(shown) and all(s.bold for s in shown)

    @property
    def italic(self) -> bool:
        shown = [s for s in self.spans if s.text.strip()]
        return bool(shown) and all(s.italic for s in shown)


@dataclass
class Page:
    """A whole document as read: its blocks and its footnotes (id → paragraphs of spans)."""
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, list[list[Span]]] = field(default_factory=dict)
    source: str = ""                  # "docx", "pdf", "ocr"
    warnings: list[str] = field(default_factory=list)   # what the reader could not read (OCR limits)
    #: The tables whose cells the blocks name, by number (:class:`vanban.reading.tables.Grid`), and
    #: the blocks on landscape pages: what import needs to give back tables and appendices.
    tables: dict = field(default_factory=dict)
    landscape: set = field(default_factory=set)
    #: Digital signatures' stamps read off a PDF's pages and kept out of its blocks
    #: (:class:`vanban.decree.signature_stamp.SignatureStamp`: who signed, when).
    stamps: list = field(default_factory=list)


def lookalikes(text: str) -> str:
    """Letters that only look Vietnamese as Vietnamese: the Icelandic Ð/ð some fonts and OCR give for Đ/đ."""
    return text.replace("Ð", "Đ").replace("ð", "đ")


def clean(text: str) -> str:
    """NFC, tabs and runs of spaces as one space, no surrounding blanks."""
    return re.sub(r"[ \t\u00a0]+", " ", unicodedata.normalize("NFC", text)).strip()


def norm(text: str) -> str:
    """Text compared loosely: NFC, single spaces (line breaks too), no surrounding blanks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def merge(spans: list[Span]) -> list[Span]:
    """Neighbouring spans of the same formatting joined (readers split text at arbitrary points)."""
    out: list[Span] = []
    for s in spans:
        if out and s.note is None and out[-1].note is None and (out[-1].bold, out[-1].italic) == (s.bold, s.italic):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic)
        elif s.text or s.note:
            out.append(s)
    return out
