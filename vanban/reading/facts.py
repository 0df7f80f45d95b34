"""Finding the decree's elements in a document, whoever made it.

A conformance check needs to know which line is the national name, the number line, the date
line, the Nơi nhận … In a file made in Word none of them carries a vanban style, so they are
found by what they say and where they stand (:mod:`.locate`, the locator ``import`` uses too)
on the document's lines (:mod:`.lines`). From a YAML file the same facts come from the model,
located by YAML line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from vanban.decree.kinds import PARTY_BY_TITLE
from vanban.decree.type_names import ABBREVIATIONS, abbreviation
from vanban.model.printed import NOI_NHAN, printed
from vanban.model.schema import KINDS, Loai, VanBan
from vanban.reading import locate
from vanban.reading.lines import Located, lines_of
from vanban.reading.locate import RULE_TEXT, TABBED
from vanban.reading.page import norm
from vanban.reading.parties import parties, signed
from vanban.reading.where import Where
from vanban.reading.word import Para, WordDocument

__all__ = ["Facts", "Located", "from_docx", "from_lines", "from_model", "norm", "TABBED", "RULE_TEXT", "TITLES", "ABBREVIATIONS"]

TITLES = {k.title: loai for loai, k in KINDS.items() if k.title}


@dataclass
class Facts:
    """The elements of one document, each found or None."""
    source: str                                  # "docx" or "yaml"
    kind: Optional[Loai] = None
    type_abbr: Optional[str] = None
    out_of_scope: Optional[str] = None           # why the decree's rules do not apply
    party: bool = False                          # a Party document: HD 36's rules, not the decree's
    star: Optional[Located] = None               # the Party's "*" under the issuing body
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
    # The left signer of a biên bản or a contract (thư ký, bên A): above Nơi nhận in its column.
    left_authority: list[Located] = field(default_factory=list)
    left_signer_title: Optional[Located] = None
    left_signer_name: Optional[Located] = None
    #: Further parties side by side (a biên bản's third, fourth …): (authority lines, title, name) each.
    more_signers: list = field(default_factory=list)


def _where(p: Para, text: str) -> Where:
    return Where.paragraph_of(p.index, text)


def from_docx(document: WordDocument) -> Facts:
    """Locate the elements of a .docx by their text and position."""
    return from_lines(lines_of(document, lambda p, t: _where(p, t)), "docx",
                      lambda x: x.para is not None and x.para.fmt.alignment == "center")


def from_lines(loc: list, source: str, centred) -> Facts:
    """Locate the elements on a document's lines (a .docx's, or the blocks of a PDF's page as
    :class:`Located`); ``centred(line)`` says whether a line is centred (a subject under the title)."""
    f = Facts(source)
    n = len(loc)
    pos = [x.pos for x in loc]
    h = locate.header(loc)
    qh, mt, no, dt, vv = h.quoc_hieu, h.tieu_ngu, h.number, h.date, h.vv
    if h.party is not None and qh is None:
        # A Party document (HD 36): its title stands where the national name would.
        f.party, qh = True, h.party
    if qh is None and mt is None and no is None and dt is None:
        f.out_of_scope = "no national name, number or date: not an administrative document of Decree 30"
        return f
    f.quoc_hieu = loc[qh] if qh is not None else None
    f.tieu_ngu = loc[mt] if mt is not None else None
    f.number = loc[no] if no is not None else None
    f.date = loc[dt] if dt is not None else None
    f.vv = loc[vv] if vv is not None else None
    f.agency = [loc[k] for k in locate.agency(loc, h)]
    if f.party:
        _party_header(f, loc, no)

    start = locate.end_of_table(loc, max(h.found or [-1])) + 1 if h.found else 0
    ti = locate.title_line(loc, start)
    if ti is not None:
        name = locate.title(loc[ti].text)
        f.kind = TITLES.get(name)
        f.type_abbr = PARTY_BY_TITLE.get(name) if f.party else abbreviation(name)
        # The same title line as import's; the decree's rules for a type name and its trích yếu
        # apply to appendix III's types, not to a charter, an annex, a law or a phiếu trình.
        f.title = loc[ti] if f.type_abbr or f.kind else None
        k = ti + 1
        while f.title is not None and k < n and loc[k].text and not RULE_TEXT.match(loc[k].text.replace(" ", "")) \
                and centred(loc[k]) \
                and not locate.is_kinh_gui(loc[k].text) and not locate.is_chapter(loc[k].text) and pos[k] is None:
            f.subject.append(loc[k])
            k += 1
        start = k
    elif f.vv is not None:
        f.kind = Loai.cong_van
    start = _kinh_gui(f, loc, start)

    nn = locate.noi_nhan_line(loc, start)
    end, signature = _signature(f, loc, nn, start)
    f.body = [loc[k] for k in range(start, end) if pos[k] is None and loc[k].text and id(loc[k]) not in signature]
    return f


def _party_header(f: Facts, loc: list, no: Optional[int]) -> None:
    """The star under the issuing body, and a Party công văn's subject: the line under the number in
    its cell (HD 36 prints it without "V/v")."""
    last = f.agency[-1] if f.agency else None
    k0 = next((k for k, x in enumerate(loc) if x is last), None)
    if k0 is not None:
        f.star = next((loc[k] for k in range(k0 + 1, min(k0 + 3, len(loc))) if loc[k].text.strip() == "*"), None)
    if f.vv is None and no is not None and loc[no].cell is not None:
        # The next line of the number's column, past the other column's lines read in between (a PDF).
        k = no + 1
        while k < len(loc) and loc[k].cell is not None and (loc[k].cell != loc[no].cell or not loc[k].text):
            k += 1
        if k < len(loc) and loc[k].cell == loc[no].cell and not locate.is_date_line(loc[k].text):
            f.vv = loc[k]


def _kinh_gui(f: Facts, loc: list, start: int) -> int:
    """The Kính gửi line and the recipients under it (or beside it, in a table); returns where the body starts."""
    kg = locate.kinh_gui_line(loc, 0, start + 12)
    if kg is None:
        return start
    entries, end = locate.recipients(loc, kg)
    f.kinh_gui = [loc[kg]] + [_joined([loc[j] for j in e]) for e in entries if e != [kg]]
    return max(start, end)


def _joined(parts: list[Located]) -> Located:
    """Lines of one entry (Word wrapped it) as one located entry."""
    first = parts[0]
    if len(parts) == 1:
        return first
    return Located(" ".join(x.text for x in parts), first.where, first.para, [r for x in parts for r in x.runs],
                   first.pos)


def _signature(f: Facts, loc: list, nn: Optional[int], start: int):
    """Nơi nhận, its entries and the signature block; returns (end of body, signature line ids)."""
    n = len(loc)
    pos = [x.pos for x in loc]
    two = f.kind is not None and KINDS[f.kind].signatures == 2
    found = parties(loc, start)      # several parties, or the heads of a joint document's agencies
    if not two and not signed(loc, found):
        found = []
    if nn is None:
        return (min(found[0]), _parties(f, loc, found)) if found else (n, set())
    f.noi_nhan_label = loc[nn]
    groups, k = locate.noi_nhan_entries(loc, nn)
    f.noi_nhan = [_joined([loc[j] for j in g]) for g in groups]
    if pos[nn] is not None:
        # Side by side in a table: Nơi nhận in one column, the signature in another.
        table = pos[nn][0]
        sig = [loc[j] for j in locate.beside(loc, nn) if loc[j].text]
        left = [loc[j] for j in locate.above(loc, nn) if loc[j].text] if two else []
        f.left_authority, f.left_signer_title, f.left_signer_name = _block(left)
        sig += left
        end = min([j for j in range(n) if pos[j] is not None and pos[j][0] == table and loc[j].text] + [nn])
    else:
        sig = [loc[j] for j in list(range(start, nn)) + list(range(k, n)) if loc[j].text and pos[j] is None]
        first_auth = next((i for i, x in enumerate(sig) if locate.authority(x.text)), None)
        sig = sig[first_auth:] if first_auth is not None else []
        end = nn
    right = [x for x in sig if not any(x is y for y in [f.left_signer_title, f.left_signer_name, *f.left_authority])]
    f.authority, f.signer_title, f.signer_name = _block(right)
    if found:
        return min(end, min(found[0])), {id(x) for x in sig} | _parties(f, loc, found)
    return end, {id(x) for x in sig}


def _parties(f: Facts, loc: list, found: list[list[int]]) -> set:
    """Each party of a signature layout table as its own block: the first the left signer, the
    second the right, the rest further signers; the ids of their lines."""
    blocks = [_block([loc[j] for j in g]) for g in found]
    (f.left_authority, f.left_signer_title, f.left_signer_name), (f.authority, f.signer_title, f.signer_name) = blocks[:2]
    f.more_signers = blocks[2:]
    return {id(loc[j]) for g in found for j in g}


def _block(sig: list) -> tuple[list, Optional[Located], Optional[Located]]:
    """A signature block's lines as (authority lines, title, name)."""
    rest = [x for x in sig if not locate.authority(x.text)]
    return ([x for x in sig if locate.authority(x.text)], rest[0] if rest else None,
            rest[-1] if len(rest) > 1 else None)


def from_model(doc: VanBan, lines: dict) -> Facts:
    """The facts of a YAML document: the strings vanban would print, located by YAML line."""
    page = printed(doc)

    def at(*path) -> Where:
        probe = tuple(path)
        while probe and probe not in lines:
            probe = probe[:-1]
        dotted = ".".join(map(str, path))
        return Where(line=lines[probe], path=dotted) if probe else Where(path=dotted, place="the document")

    f = Facts("yaml", kind=doc.loai, party=doc.mau.value == "dang")
    f.number = Located(page.so_ky_hieu, at("ky_hieu") if doc.ky_hieu else at("so"))
    f.date = Located(page.ngay_thang, at("ngay"))
    if page.ten_loai:
        f.title = Located(page.ten_loai, at("loai"))
        f.type_abbr = PARTY_BY_TITLE.get(page.ten_loai) if f.party else abbreviation(page.ten_loai)
    elif f.party and page.trich_yeu:
        f.vv = Located(page.trich_yeu, at("trich_yeu"))
    if doc.trich_yeu:   # the subject, for the rule of the parts a kind requires
        f.subject = [Located(page.trich_yeu, at("trich_yeu"))]
    f.kinh_gui = [Located(t, at("kinh_gui", i - 1) if i else at("kinh_gui")) for i, t in enumerate(page.kinh_gui)]
    f.noi_nhan_label = Located(NOI_NHAN, at("noi_nhan"))
    f.noi_nhan = [Located(e, at("noi_nhan", i) if i < len(doc.noi_nhan) else at("luu"))
                  for i, e in enumerate(page.noi_nhan)]
    f.authority = [Located(t, at("ky", k)) for t, (k, _) in zip(page.quyen_han, doc.ky.authorities())]
    f.signer_title = Located(page.chuc_vu, at("ky", "chuc_vu"))
    if page.ho_ten:
        f.signer_name = Located(page.ho_ten, at("ky", "ho_ten"))
    if doc.ky_ben_trai:
        f.left_authority = [Located(t, at("ky_ben_trai", k))
                            for t, (k, _) in zip(page.quyen_han_trai, doc.ky_ben_trai.authorities())]
        f.left_signer_title = Located(page.chuc_vu_trai, at("ky_ben_trai", "chuc_vu"))
        if page.ho_ten_trai:
            f.left_signer_name = Located(page.ho_ten_trai, at("ky_ben_trai", "ho_ten"))
    f.more_signers = [([Located(t, at("ky_them", i, k)) for t, (k, _) in zip(p["quyen_han"], ky.authorities())],
                       Located(p["chuc_vu"], at("ky_them", i, "chuc_vu")),
                       Located(p["ho_ten"], at("ky_them", i, "ho_ten")) if p["ho_ten"] else None)
                      for i, (p, ky) in enumerate(zip(page.ky_them, doc.ky_them))]
    f.body = [Located(p.text, at("noi_dung")) for p in page.body]
    return f
