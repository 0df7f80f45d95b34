"""Finding the decree's elements in a document, whoever made it.

A conformance check needs to know which line is the national name, the number line, the date
line, the Nơi nhận … In a file made in Word none of them carries a vanban style, so they are
found by what they say and where they stand: the same way a clerk reads a page. A Word user
lays the header out as a table, as tabbed lines, or as lines broken with Shift+Enter; each
line (a paragraph split at its line breaks, a tabbed header line split at its tabs) is one
:class:`Located`, with the runs it is made of. From a YAML file the same facts come from the
model, located by YAML line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from vanban.decree import vn
from vanban.decree.layout import QUOC_HIEU
from vanban.model.page import NOI_NHAN, page_of
from vanban.model.schema import KINDS, Loai, VanBan
from vanban.reading.word import Para, Run, WordDocument

TITLES = {k.title: loai for loai, k in KINDS.items() if k.title}
#: Type names of appendix III and their abbreviations, for documents of kinds vanban does not write.
TYPE_ABBR = {"NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
             "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH",
             "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr",
             "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
             "GIẤY ỦY QUYỀN": "GUQ", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB"}
_MOTTO_RE = re.compile(r"^độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc$", re.I)
_NUMBER_RE = re.compile(r"^Số\b", re.I)
_PLACE_DATE = re.compile(r"^[^\d/,]+,\s*ngày\b", re.I)
_DATE_RE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.I)
_AUTHORITY_RE = re.compile(rf"^({'|'.join(k.upper() for k in vn.AUTHORITY_KEYS)})\.\s*")
_DASH = ("-", "–", "+", "•")
_PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
_GAP = re.compile(r"[ \t]*\t[ \t]*| {3,}")   # a header typed with runs of spaces between its two columns
RULE_TEXT = re.compile(r"^[_\-–—‒=]{3,}$")   # a line drawn with typed underscores or dashes
_HEADER_SCAN = 40   # the header block is within the first lines
TABBED = 1_000_000  # table number given to a header laid out with tabs


@dataclass
class Located:
    """A piece of the document and where a person finds it."""
    text: str
    where: str
    para: Optional[Para] = None
    runs: list = field(default_factory=list)
    pos: Optional[tuple] = None
    cont: bool = False          # a line after a line break: not the paragraph's first line


@dataclass
class Facts:
    """The elements of one document, each found or None."""
    source: str                                  # "docx" or "yaml"
    kind: Optional[Loai] = None
    type_abbr: Optional[str] = None
    out_of_scope: Optional[str] = None           # why the decree's rules do not apply
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


def norm(text: str) -> str:
    """Text compared loosely: NFC, single spaces, no surrounding blanks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _same_qh(text: str) -> bool:
    return norm(text).upper().replace("HOÀ", "HÒA") == QUOC_HIEU


def _where(p: Para, text: str) -> str:
    return f"paragraph {p.index + 1} «{text[:60]}{'…' if len(text) > 60 else ''}»"


def _split(runs: list, sep: str) -> list[list]:
    """Runs cut at every ``sep`` character: one list of runs per piece."""
    pieces: list[list] = [[]]
    for r in runs:
        chunks = r.text.split(sep)
        for k, chunk in enumerate(chunks):
            if k:
                pieces.append([])
            if chunk:
                pieces[-1].append(Run(chunk, r.fmt))
    return pieces


def _header_like(text: str) -> bool:
    return bool(text) and (text.isupper() or _same_qh(text) or bool(_MOTTO_RE.match(text))
                           or bool(_DATE_RE.search(text)) or bool(_NUMBER_RE.match(text)))


def _cells(runs: list, text: str) -> list[list]:
    """The runs cut where a tab or a run of spaces separates two pieces of text (spaces may be
    spread over several runs, as Word writes them)."""
    bounds, start = [], 0
    for m in _GAP.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    out: list[list] = []
    for lo, hi in bounds:
        piece, at = [], 0
        for r in runs:
            a, b = max(lo, at), min(hi, at + len(r.text))
            if a < b:
                piece.append(Run(r.text[a - at:b - at], r.fmt))
            at += len(r.text)
        out.append(piece)
    return out


def _columns(filled: list) -> list:
    """A tabbed line's two columns: the left one ends where the right-hand element (national name,
    motto, date, signature title) begins, so "Số:   /UBND-NC   Lâm Đồng, ngày …" splits before the date."""
    cut = next((k for k in range(1, len(filled)) if _right_like(filled[k][0])), 1)
    join = lambda part: (norm(" ".join(t for t, _ in part)), [r for _, c in part for r in c])  # noqa: E731
    return [join(filled[:cut]), join(filled[cut:])]


def _right_like(text: str) -> bool:
    return _same_qh(text) or bool(_MOTTO_RE.match(text)) or bool(_PLACE_DATE.match(text)) or \
        (text.isupper() and "/" not in text and not _NUMBER_RE.match(text))


def lines_of(doc: WordDocument) -> list[Located]:
    """Every line of the body in reading order; lines laid out in two columns with tabs or spaces
    (a header, a Nơi nhận beside the signature) split into columns of a table of their own."""
    out: list[Located] = []
    row, block, in_block = 0, TABBED, False
    for p in doc.paragraphs:
        split_here = False
        for k, runs in enumerate(_split(p.runs, "\n")):
            text = "".join(r.text for r in runs)
            cols = _cells(runs, text) if "\t" in text or "   " in text else [runs]
            texts = [norm("".join(r.text for r in c)) for c in cols]
            two = p.pos is None and sum(1 for t in texts if t) >= 2
            if two and (in_block or texts[0].startswith("Nơi nhận") or
                        (p.index < _HEADER_SCAN and (_header_like(texts[0]) or
                                                     _header_like(" ".join(t for t in texts[1:] if t))))):
                if not in_block:
                    block, row = block + 1, 0
                in_block = split_here = True
                filled = [(t, c) for t, c in zip(texts, cols) if t]
                for col, (t, c) in enumerate(_columns(filled)):
                    out.append(Located(t, _where(p, t), p, c, (block, row, col), k > 0))
                row += 1
                continue
            t = norm(text)
            out.append(Located(t, _where(p, t), p, runs, p.pos, k > 0))
        if not split_here and p.text.strip():
            in_block = False
    return out


def _first(loc, pred, rng) -> Optional[int]:
    return next((k for k in rng if pred(loc[k].text)), None)


def from_docx(document: WordDocument) -> Facts:
    """Locate the elements of a .docx by their text and position."""
    f = Facts("docx")
    loc = lines_of(document)
    n = len(loc)
    pos = [x.pos for x in loc]
    head = range(min(_HEADER_SCAN, n))
    first = lambda pred, rng=head: _first(loc, pred, rng)  # noqa: E731
    if first(lambda t: t.upper() == _PARTY) is not None:
        f.out_of_scope = "a Party document (ĐẢNG CỘNG SẢN VIỆT NAM): it follows the Party's own rules, not Decree 30"
        return f
    qh = first(_same_qh)
    mt = first(lambda t: bool(_MOTTO_RE.match(t)))
    no = first(lambda t: bool(_NUMBER_RE.match(t)) and "/" in t)
    dt = first(lambda t: bool(_DATE_RE.search(t)))
    if qh is None and mt is None and no is None and dt is None:
        f.out_of_scope = "no national name, number or date: not an administrative document of Decree 30"
        return f
    f.quoc_hieu = loc[qh] if qh is not None else None
    f.tieu_ngu = loc[mt] if mt is not None else None
    f.number = loc[no] if no is not None else None
    f.date = loc[dt] if dt is not None else None
    vv = first(lambda t: t.startswith("V/v"))
    f.vv = loc[vv] if vv is not None else None
    f.agency = _agency(loc, qh, mt, no, dt)

    last_header = max([k for k in (qh, mt, no, dt, vv) if k is not None] or [-1])
    while last_header + 1 < n and pos[last_header + 1] is not None and pos[last_header] is not None \
            and pos[last_header + 1][0] == pos[last_header][0]:
        last_header += 1
    start = last_header + 1
    nonempty = [k for k in range(start, n) if loc[k].text][:6]
    ti = next((k for k in nonempty if loc[k].text in TYPE_ABBR or loc[k].text in TITLES), None)
    if ti is not None:
        f.title = loc[ti]
        f.kind = TITLES.get(loc[ti].text)
        f.type_abbr = TYPE_ABBR.get(loc[ti].text)
        k = ti + 1
        while k < n and loc[k].text and loc[k].para.fmt.alignment == "center" \
                and not loc[k].text.startswith("Kính gửi") and pos[k] is None:
            f.subject.append(loc[k])
            k += 1
        start = k
    elif f.vv is not None:
        f.kind = Loai.cong_van
    start = _kinh_gui(f, loc, start)

    nn = first(lambda t: t.startswith("Nơi nhận"), range(start, n))
    end, signature = _signature(f, loc, nn, start)
    f.body = [loc[k] for k in range(start, end) if pos[k] is None and loc[k].text and id(loc[k]) not in signature]
    return f


def _agency(loc, qh, mt, no, dt) -> list[Located]:
    """The agency lines: above the number in its column, or upper-case lines above it."""
    anchor = no
    if anchor is None:
        if qh is None or loc[qh].pos is None:
            return []
        table, row, col = loc[qh].pos
        return [x for x in loc[:_HEADER_SCAN] if x.pos is not None and x.pos[0] == table and x.pos[2] != col and x.text and x.text.isupper() and not RULE_TEXT.match(x.text.replace(" ", ""))]
    skip = {qh, mt, dt} | {k for k in range(anchor) if RULE_TEXT.match(loc[k].text.replace(" ", ""))
                           or loc[k].text.upper().startswith("DỰ THẢO")}
    pos = loc[anchor].pos
    if pos is not None:
        table, _, col = pos
        # Tabbed header lines broken by a line with one column are still one header.
        same = (lambda t: t > TABBED) if table > TABBED else (lambda t: t == table)
        return [loc[k] for k in range(anchor) if k not in skip and loc[k].text and loc[k].pos is not None
                and same(loc[k].pos[0]) and loc[k].pos[2] == col and not _MOTTO_RE.match(loc[k].text)]
    return [loc[k] for k in range(anchor) if k not in skip and loc[k].text and loc[k].text.isupper()]


def _kinh_gui(f: Facts, loc: list, start: int) -> int:
    """The Kính gửi line and the recipients under it (or beside it, in a table); returns where the body starts."""
    n = len(loc)
    kg = _first(loc, lambda t: t.startswith("Kính gửi"), range(min(n, start + 12)))
    if kg is None:
        return start
    f.kinh_gui.append(loc[kg])
    label_rest = loc[kg].text.split(":", 1)[1].strip() if ":" in loc[kg].text else loc[kg].text[8:].strip()
    k = kg + 1
    pos = loc[kg].pos
    if not label_rest and pos is not None:
        # "Kính gửi:" in one cell, the recipients in the next cell of the same row.
        while k < n and loc[k].pos is not None and loc[k].pos[:2] == pos[:2]:
            if loc[k].text:
                f.kinh_gui.append(loc[k])
            k += 1
        return max(start, k)
    if label_rest.startswith(_DASH) and not label_rest.endswith(";"):
        return max(start, k)
    while k < n and loc[k].text.startswith(_DASH) and not re.match(r"^[-–+•]\s*Căn cứ", loc[k].text):
        f.kinh_gui.append(loc[k])
        k += 1
        if loc[k - 1].text.endswith("."):
            break
    return max(start, k)


def _merge(entries: list[Located]) -> list[Located]:
    """Nơi nhận entries: a line not starting with a dash continues the entry above (Word wrapped it)."""
    out: list[Located] = []
    for e in entries:
        if out and not e.text.startswith(_DASH) and not out[-1].text.endswith((";", ".")) and not e.text.isupper():
            prev = out[-1]
            out[-1] = Located(f"{prev.text} {e.text}", prev.where, prev.para, prev.runs + e.runs, prev.pos)
        elif e.text.startswith(_DASH) or not out:
            out.append(e)
    return out


def _signature(f: Facts, loc: list, nn: Optional[int], start: int):
    """Nơi nhận, its entries and the signature block; returns (end of body, signature line ids)."""
    n = len(loc)
    pos = [x.pos for x in loc]
    if nn is None:
        return n, set()
    f.noi_nhan_label = loc[nn]
    if pos[nn] is not None:
        # Side by side in a table: Nơi nhận in one column, the signature in another.
        table, _, col = pos[nn]
        in_table = [k for k in range(n) if pos[k] is not None and pos[k][0] == table and loc[k].text]
        entries = [loc[k] for k in in_table if k > nn and pos[k][2] == col]
        k = max(in_table) + 1
        while k < n and pos[k] is None and (not loc[k].text or loc[k].text.startswith(_DASH)):
            if loc[k].text:     # the list goes on under the two columns ("- Lưu: VT." on its own line)
                entries.append(loc[k])
            k += 1
        f.noi_nhan = _merge(entries)
        sig = [loc[k] for k in in_table if pos[k][2] != col]
        end = min(in_table + [nn])
    else:
        k = nn + 1
        entries = []
        while k < n and pos[k] is None and (loc[k].text.startswith(_DASH) or not loc[k].text or
                                             (entries and not entries[-1].text.endswith((";", ".")))):
            if loc[k].text:
                entries.append(loc[k])
            k += 1
        f.noi_nhan = _merge(entries)
        sig = [loc[j] for j in list(range(start, nn)) + list(range(k, n)) if loc[j].text and pos[j] is None]
        first_auth = next((i for i, x in enumerate(sig) if _AUTHORITY_RE.match(x.text)), None)
        sig = sig[first_auth:] if first_auth is not None else []
        end = nn
    f.authority = [x for x in sig if _AUTHORITY_RE.match(x.text)]
    rest = [x for x in sig if not _AUTHORITY_RE.match(x.text)]
    if rest:
        f.signer_title = rest[0]
        f.signer_name = rest[-1] if len(rest) > 1 else None
    return end, {id(x) for x in sig}


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
        f.type_abbr = TYPE_ABBR.get(page.ten_loai)
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
