"""What the page prints: every string of a document, decided once.

This is where the decree's writing rules meet the content: upper case for
agency names and part headings, the number and date lines, the numbering of
the body, the punctuation of lists, the end mark ``./.``. The renderer turns a
:class:`Printed` into WordprocessingML; ``check`` reads the same record to judge a
YAML file by what it would print. Layout (sizes, indents, rules) is not here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from vanban.decree import party, vn
from vanban.model import inline, numbering
from vanban.model.inline import Run
from vanban.model.schema import Loai, VanBan
from vanban.model.tables import BangNode, is_table
from vanban.model.attached import attached_line

END_MARK = "./."
KINH_GUI = "Kính gửi:"
NOI_NHAN = "Nơi nhận:"
DECIDES = "QUYẾT ĐỊNH:"

#: The role of a heading by the numbering style of its level.
_HEADING_ROLE = {"A": "heading1", "I": "heading1", "dieu": "heading2", "1": "heading2", "1.1": "heading3"}


@dataclass
class PrintedPara:
    """One paragraph of the body: its role (``body``, ``center``, ``chapter``, ``heading1``…``heading3``) and runs."""
    role: str
    runs: list[Run]
    keep_next: bool = False

    @property
    def text(self) -> str:
        return inline.plain_of(self.runs)


@dataclass
class PrintedCell:
    """A table cell as printed: its place on the grid, its spans and runs."""
    row: int
    col: int
    cols: int
    rows: int
    runs: list[Run]


@dataclass
class PrintedTable:
    """A table of the body: caption, heading rows and rows of cells, relative widths (None: chosen)."""
    caption: list[Run]
    heading: list[list[PrintedCell]]
    rows: list[list[PrintedCell]]
    width: int
    weights: Optional[list[float]]
    numbered: bool
    role: str = "table"
    keep_next: bool = False

    @property
    def runs(self) -> list[Run]:
        """Every run of the table in reading order (footnotes are numbered in this order)."""
        return self.caption + [r for row in self.heading + self.rows for c in row for r in c.runs]

    @property
    def text(self) -> str:
        # A table is no paragraph: rules that read the body's paragraphs see nothing in it.
        return ""


@dataclass
class PrintedAppendix:
    """An appendix: "Phụ lục I", its name in capitals, the "(Kèm theo …)" line, and its body."""
    label: str
    name: str
    attached_to: str
    landscape: bool
    body: list


@dataclass
class Footnote:
    """A footnote with the number Word shows, in the order of first citation."""
    number: int
    key: str
    paragraphs: list[list[Run]]


@dataclass
class Printed:
    """Every string the document prints, in the decree's form."""
    co_quan_chu_quan: list[str]          # superior agency lines, upper case
    co_quan_ten: list[str]               # issuing agency lines, upper case
    so_ky_hieu: str                      # "Số: 244/LĐLĐ"
    ngay_thang: str                      # "Lai Châu, ngày 08 tháng 12 năm 2023"
    ten_loai: Optional[str]              # "KẾ HOẠCH"; None for a công văn
    trich_yeu: str                       # "V/v …" for a công văn
    tham_quyen: str                      # authority line of a quyết định
    kinh_gui: list[str]                  # "Kính gửi: X." or the label and "- A;" … "- Z."
    body: list[PrintedPara]
    footnotes: list[Footnote]
    noi_nhan: list[str]                  # "- …;" entries, the last "- Lưu: VT, ….",
    quyen_han: list[str]                 # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    chuc_vu: str
    ho_ten: str
    footnote_ids: dict[str, int] = field(default_factory=dict)
    appendices: list[PrintedAppendix] = field(default_factory=list)
    # The left signer of a two-signature kind (biên bản's thư ký, a contract's bên A); empty otherwise.
    quyen_han_trai: list[str] = field(default_factory=list)
    chuc_vu_trai: str = ""
    ho_ten_trai: str = ""
    # Further parties (``ky_them``), each {"quyen_han": [...], "chuc_vu": ..., "ho_ten": ...}, in reading order.
    ky_them: list[dict] = field(default_factory=list)
    lien_tich: bool = False      # a joint document: every signer in the rows over Nơi nhận


def runs_of(text: str, italic: bool = False) -> list[Run]:
    runs = inline.parse(text)
    if italic:
        runs = [Run(r.text, r.bold, True, r.footnote) for r in runs]
    return runs


def _numbered(mark: str, runs: list[Run], bold_mark: bool) -> list[Run]:
    if not mark:
        return runs
    bold = bold_mark or bool(runs and runs[0].bold and not runs[0].footnote)
    return [Run(mark + " ", bold=bold)] + runs


def table(node: BangNode) -> PrintedTable:
    """A table as printed: every cell's runs at its place on the grid."""
    t = node.bang
    cells = lambda rows: [[PrintedCell(c.row, c.col, c.cols, c.rows, runs_of(c.text)) for c in row]  # noqa: E731
                          for row in rows]
    return PrintedTable(runs_of(t.ten) if t.ten else [], cells(t.heading_cells()), cells(t.body_cells()),
                        t.width, t.rong, t.so_thu_tu)


def _item(text_or_table) -> "PrintedPara | PrintedTable":
    return table(text_or_table) if is_table(text_or_table) else PrintedPara("body", runs_of(text_or_table))


def chapter(mark: str, name: Optional[str]) -> list[PrintedPara]:
    """A chapter's heading: "Chương I" on its own line, its name in capitals under it, both bold
    and centred (the drafting rules of legal documents print a chapter so)."""
    lines = [PrintedPara("chapter", [Run(mark, bold=True)], keep_next=True)]
    if name:
        lines.append(PrintedPara("chapter", [Run(r.text, True, r.italic, r.footnote)
                                             for r in runs_of(vn.upper_vi(name))], keep_next=True))
    return lines


def sections(nodes: list, scheme: tuple, italic_first: bool = False) -> list:
    """The paragraphs and tables of a body of sections, numbered per ``scheme``."""
    out: list = []
    for n in numbering.walk(nodes, scheme, tables=True):
        node = n.node
        if is_table(node):
            out.append(table(node))
        elif n.style == "chuong" and not n.end:
            named = node if isinstance(node, str) else node.tieu_de
            out += chapter(n.marker, named)
            out += [] if isinstance(node, str) else [_item(t) for t in node.doan]
        elif isinstance(node, str):
            # The decree prints "Điều" and its number bold whether or not the article has a title.
            out.append(PrintedPara("body", _numbered(n.marker, runs_of(node), bold_mark=n.style == "dieu")))
        elif n.end:
            out += [_item(t) for t in node.sau]
        else:
            items = list(node.doan)
            if node.tieu_de is not None:
                title = vn.upper_vi(node.tieu_de) if n.style == "I" else node.tieu_de
                out.append(PrintedPara(_HEADING_ROLE.get(n.style, "heading3"), _numbered(n.marker, runs_of(title), True)))
            elif items and isinstance(items[0], str):
                out.append(PrintedPara("body", _numbered(n.marker, runs_of(items.pop(0)), bold_mark=n.style == "dieu")))
            out += [_item(t) for t in items]
    return out


def body_paragraphs(doc: VanBan) -> list:
    """Every paragraph (and table) between the header block and the signature, in order."""
    is_decision = doc.loai is Loai.quyet_dinh
    out: list = [PrintedPara("body", runs_of(t, italic=is_decision)) for t in doc.can_cu]
    out += [PrintedPara("body", runs_of(t)) for t in doc.mo_dau]
    if is_decision and doc.noi_dung:
        out.append(PrintedPara("center", [Run(DECIDES, bold=True)]))
    out += sections(doc.noi_dung, doc.scheme)
    out += [PrintedPara("body", runs_of(t)) for t in doc.ket_thuc]
    last = next((p for p in reversed(out) if isinstance(p, PrintedPara)), None) if out else None
    if last is not None and last is out[-1]:
        if doc.dau_ket and not last.text.rstrip().endswith(END_MARK):
            last.runs = _strip_final_period(last.runs) + [Run(END_MARK)]
        # The last paragraph travels with the signature block to its page.
        last.keep_next = True
    return out


def _strip_final_period(runs: list[Run]) -> list[Run]:
    runs = list(runs)
    for i in range(len(runs) - 1, -1, -1):
        if runs[i].footnote:
            continue
        t = runs[i].text.rstrip()
        if t.endswith("."):
            runs[i] = Run(t[:-1], runs[i].bold, runs[i].italic)
        break
    return runs


def kinh_gui_lines(recipients: list[str]) -> list[str]:
    """The printed Kính gửi: ``["Kính gửi: X."]`` for one recipient, else the label and ``- A;`` … ``- Z.``."""
    names = [inline.plain(vn.strip_end_punct(r)) for r in recipients]
    if len(names) == 1:
        return [f"{KINH_GUI} {names[0]}."]
    return [KINH_GUI] + vn.list_entries(names) if names else []


def subject_line(doc: VanBan) -> str:
    """The trích yếu as printed; a công văn's begins with ``V/v`` (a Party công văn's does not: HD 36
    prints its subject bare, in italics)."""
    subject = inline.plain(doc.trich_yeu or "")
    if doc.loai is Loai.cong_van and subject and not subject.startswith("V/v") and not party.is_party(doc.mau.value):
        subject = f"V/v {subject}"
    return subject


def noi_nhan_lines(doc: VanBan) -> list[str]:
    """The Nơi nhận entries: ``- A;`` … ``- Lưu: VT, VP.``; a Party document's ``- A,`` … ``- Lưu Văn phòng.``"""
    entries = [inline.plain(e) for e in doc.noi_nhan]
    if party.is_party(doc.mau.value):
        return party.noi_nhan_entries(entries, doc.luu)
    return vn.list_entries(entries + [f"Lưu: {', '.join(doc.luu)}"])


def appendices(doc: VanBan) -> list[PrintedAppendix]:
    """The appendices as printed: "Phụ lục I", "Phụ lục II" … (a single one is "Phụ lục", as the
    decree numbers appendices only when there are two or more), each with the "(Kèm theo …)" line.
    A Party document numbers them in Arabic figures, "Phụ lục 1", "Phụ lục 2" (HD 36 §4.5)."""
    many = len(doc.phu_luc) > 1
    numeral = str if party.is_party(doc.mau.value) else vn.roman
    return [PrintedAppendix(f"Phụ lục {numeral(k)}" if many else "Phụ lục", vn.upper_vi(inline.plain(a.ten)),
                            attached_line(doc), a.ngang, sections(a.noi_dung, doc.appendix_scheme(a)))
            for k, a in enumerate(doc.phu_luc, start=1)]


def printed(doc: VanBan) -> Printed:
    """What ``doc`` prints."""
    body = body_paragraphs(doc)
    annexes = appendices(doc)
    order: list[str] = []
    for p in body + [p for a in annexes for p in a.body]:
        order += [r.footnote for r in p.runs if r.footnote and r.footnote not in order]
    ids = {key: n for n, key in enumerate(order, start=1)}
    notes = [Footnote(ids[key], key, [runs_of(t) for t in doc.chu_thich[key]]) for key in order]
    date = doc.ngay
    is_party = party.is_party(doc.mau.value)
    return Printed(
        co_quan_chu_quan=[vn.upper_vi(t) for t in doc.co_quan.chu_quan or []],
        co_quan_ten=[vn.upper_vi(t) for t in doc.co_quan.ten],
        so_ky_hieu=party.so_ky_hieu(doc.so, doc.code) if is_party else vn.so_ky_hieu(doc.so, doc.code),
        ngay_thang=vn.date_line(doc.co_quan.dia_danh, date.nam, date.thang, date.ngay),
        ten_loai=doc.kind.title,
        trich_yeu=subject_line(doc),
        tham_quyen=vn.upper_vi(doc.tham_quyen) if doc.tham_quyen else "",
        kinh_gui=kinh_gui_lines(doc.kinh_gui or []),
        body=body,
        footnotes=notes,
        noi_nhan=noi_nhan_lines(doc),
        **_signer(doc.ky, is_party, ""),
        **(_signer(doc.ky_ben_trai, is_party, "_trai") if doc.ky_ben_trai else {}),
        footnote_ids=ids,
        appendices=annexes,
        ky_them=[_signer(k, is_party, "") for k in doc.ky_them],
        lien_tich=doc.lien_tich and doc.kind.signatures < 2,
    )


def _signer(ky, is_party: bool, suffix: str) -> dict:
    """The printed lines of one signature block, keyed ``quyen_han``/``chuc_vu``/``ho_ten`` + ``suffix``."""
    return {"quyen_han" + suffix: [party.authority_line(k, v) for k, v in ky.authorities()] if is_party
            else ky.authority_lines(),
            "chuc_vu" + suffix: vn.upper_vi(ky.chuc_vu),
            "ho_ten" + suffix: vn.name_case(ky.ho_ten) if ky.ho_ten else ""}


__all__ = ["Printed", "PrintedPara", "PrintedTable", "PrintedCell", "PrintedAppendix", "Footnote", "table", "sections",
           "appendices", "printed", "body_paragraphs", "kinh_gui_lines", "subject_line",
           "runs_of", "END_MARK", "KINH_GUI", "NOI_NHAN"]
