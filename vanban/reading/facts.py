"""Finding the decree's elements in a document, whoever made it.

A conformance check needs to know which paragraph is the national name, the
number line, the date line, the Nơi nhận … In a file made in Word none of them
carries a vanban style, so they are found by what they say and where they
stand: the same way a clerk reads a page. From a YAML file the same facts
come from the model, located by YAML line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from docx.document import Document
from docx.text.paragraph import Paragraph

from vanban.reading import docxread
from vanban.model.page import NOI_NHAN, page_of
from vanban.decree import vn
from vanban.decree.layout import QUOC_HIEU
from vanban.model.schema import KINDS, Loai, VanBan

TITLES = {k.title: loai for loai, k in KINDS.items() if k.title}
_MOTTO_RE = re.compile(r"^độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc$", re.I)
_NUMBER_RE = re.compile(r"^Số\b", re.I)
_DATE_RE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.I)
_AUTHORITY_RE = re.compile(rf"^({'|'.join(k.upper() for k in vn.AUTHORITY_KEYS)})\.\s*")
_HEADER_SCAN = 30   # the header block is within the first paragraphs


@dataclass
class Located:
    """A piece of the document and where a person finds it."""
    text: str
    where: str
    para: Optional[Paragraph] = None


@dataclass
class Facts:
    """The elements of one document, each found or None."""
    source: str                                  # "docx" or "yaml"
    kind: Optional[Loai] = None
    quoc_hieu: Optional[Located] = None
    tieu_ngu: Optional[Located] = None
    agency: list[Located] = field(default_factory=list)
    number: Optional[Located] = None
    date: Optional[Located] = None
    vv: Optional[Located] = None
    title: Optional[Located] = None
    subject: list[Located] = field(default_factory=list)
    kinh_gui: list[Located] = field(default_factory=list)
    body: list[Located] = field(default_factory=list)
    noi_nhan_label: Optional[Located] = None
    noi_nhan: list[Located] = field(default_factory=list)
    authority: list[Located] = field(default_factory=list)
    signer_title: Optional[Located] = None
    signer_name: Optional[Located] = None
    header_cells: dict = field(default_factory=dict)   # (row, col) of number line → its cell paragraphs


def norm(text: str) -> str:
    """Text compared loosely: NFC, single spaces, no surrounding blanks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _same_qh(text: str) -> bool:
    t = norm(text).upper().replace("HOÀ", "HÒA")
    return t == QUOC_HIEU


def _where(k: int, p: Paragraph) -> str:
    t = norm(p.text)
    return f"paragraph {k + 1} «{t[:60]}{'…' if len(t) > 60 else ''}»"


def from_docx(document: Document) -> Facts:
    """Locate the elements of a .docx by their text and position."""
    f = Facts("docx")
    items = list(docxread.iter_block_paragraphs(document))
    loc = [Located(norm(p.text), _where(k, p), p) for k, (p, _) in enumerate(items)]
    pos = [pos for _, pos in items]
    head = range(min(_HEADER_SCAN, len(items)))

    def first(pred, rng=head) -> Optional[int]:
        return next((k for k in rng if pred(loc[k].text)), None)

    qh = first(_same_qh)
    mt = first(lambda t: bool(_MOTTO_RE.match(t)))
    no = first(lambda t: bool(_NUMBER_RE.match(t)) and "/" in t)
    dt = first(lambda t: bool(_DATE_RE.search(t)))
    f.quoc_hieu = loc[qh] if qh is not None else None
    f.tieu_ngu = loc[mt] if mt is not None else None
    f.number = loc[no] if no is not None else None
    f.date = loc[dt] if dt is not None else None
    vv = first(lambda t: t.startswith("V/v"))
    f.vv = loc[vv] if vv is not None else None

    if no is not None:
        skip = {qh, mt}
        if pos[no] is not None:
            table, row, col = pos[no]
            f.agency = [loc[k] for k in range(no) if k not in skip and loc[k].text and pos[k] is not None
                        and pos[k][0] == table and pos[k][2] == col]
        else:
            f.agency = [loc[k] for k in range(no) if k not in skip and loc[k].text and loc[k].text.isupper()]

    last_header = max([k for k in (qh, mt, no, dt, vv) if k is not None] or [-1])
    while last_header + 1 < len(items) and pos[last_header + 1] is not None and pos[last_header] is not None \
            and pos[last_header + 1][0] == pos[last_header][0]:
        last_header += 1
    start = last_header + 1
    ti = first(lambda t: t in TITLES, range(start, min(start + 6, len(items))))
    if ti is not None:
        f.title = loc[ti]
        f.kind = TITLES[loc[ti].text]
        k = ti + 1
        while k < len(items) and loc[k].text and docxread.para_format(items[k][0], document).alignment == "center" \
                and not loc[k].text.startswith("Kính gửi"):
            f.subject.append(loc[k])
            k += 1
        start = k
    elif f.vv is not None:
        f.kind = Loai.cong_van

    kg = first(lambda t: t.startswith("Kính gửi"), range(start, min(start + 8, len(items))))
    if kg is not None:
        f.kinh_gui.append(loc[kg])
        k = kg + 1
        while k < len(items) and loc[k].text.lstrip("\t ").startswith(("-", "–")):
            f.kinh_gui.append(loc[k])
            k += 1
        start = k

    nn = first(lambda t: t.startswith("Nơi nhận"), range(start, len(items)))
    end = nn if nn is not None else len(items)
    if nn is not None:
        f.noi_nhan_label = loc[nn]
        if pos[nn] is not None:
            # Side by side in a table: Nơi nhận in one column, the signature in another.
            table, _, col = pos[nn]
            in_table = [k for k in range(len(items)) if pos[k] is not None and pos[k][0] == table and loc[k].text]
            f.noi_nhan = [loc[k] for k in in_table if k > nn and pos[k][2] == col and loc[k].text.startswith(("-", "–"))]
            sig = [loc[k] for k in in_table if pos[k][2] != col]
            end = min(in_table + [nn])
        else:
            k = nn + 1
            while k < len(items) and (loc[k].text.startswith(("-", "–")) or not loc[k].text):
                if loc[k].text:
                    f.noi_nhan.append(loc[k])
                k += 1
            sig = [loc[j] for j in list(range(start, nn)) + list(range(k, len(items)))
                   if loc[j].text and pos[j] is None]
            first_auth = next((i for i, x in enumerate(sig) if _AUTHORITY_RE.match(x.text)), None)
            sig = sig[first_auth:] if first_auth is not None else []
        f.authority = [x for x in sig if _AUTHORITY_RE.match(x.text)]
        rest = [x for x in sig if not _AUTHORITY_RE.match(x.text)]
        if rest:
            f.signer_title = rest[0]
            f.signer_name = rest[-1] if len(rest) > 1 else None
        signature = {id(x) for x in sig}
    else:
        signature = set()
    f.body = [loc[k] for k in range(start, end) if pos[k] is None and loc[k].text and id(loc[k]) not in signature]
    return f


def from_model(doc: VanBan, lines: dict) -> Facts:
    """The facts of a YAML document: the strings vanban would print, located by YAML line."""
    page = page_of(doc)

    def at(*path) -> str:
        probe = tuple(path)
        while probe and probe not in lines:
            probe = probe[:-1]
        return f"line {lines[probe]} ({'.'.join(map(str, path))})" if probe else "the document"

    f = Facts("yaml", kind=doc.loai)
    f.number = Located(page.so_ky_hieu, at("ky_hieu") if doc.ky_hieu else at("so"))
    f.date = Located(page.ngay_thang, at("ngay"))
    if page.ten_loai:
        f.title = Located(page.ten_loai, at("loai"))
    f.kinh_gui = [Located(t, at("kinh_gui", i - 1) if i else at("kinh_gui")) for i, t in enumerate(page.kinh_gui)]
    f.noi_nhan_label = Located(NOI_NHAN, at("noi_nhan"))
    f.noi_nhan = [Located(e, at("noi_nhan", i) if i < len(doc.noi_nhan) else at("luu"))
                  for i, e in enumerate(page.noi_nhan)]
    f.authority = [Located(t, at("ky", k)) for t, (k, _) in zip(page.quyen_han, doc.ky.authorities())]
    f.signer_title = Located(page.chuc_vu, at("ky", "chuc_vu"))
    if page.ho_ten:
        f.signer_name = Located(page.ho_ten, at("ky", "ho_ten"))
    f.body = [Located(p.text, at("noi_dung")) for p in page.body]
    return f
