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

from vanban.decree import vn
from vanban.model import inline, numbering
from vanban.model.inline import Run
from vanban.model.schema import Loai, VanBan

END_MARK = "./."
KINH_GUI = "Kính gửi:"
NOI_NHAN = "Nơi nhận:"
DECIDES = "QUYẾT ĐỊNH:"

#: The role of a heading by the numbering style of its level.
_HEADING_ROLE = {"I": "heading1", "dieu": "heading2", "1": "heading2", "1.1": "heading3"}


@dataclass
class PrintedPara:
    """One paragraph of the body: its role (``body``, ``center``, ``heading1``…``heading3``) and runs."""
    role: str
    runs: list[Run]
    keep_next: bool = False

    @property
    def text(self) -> str:
        return inline.plain_of(self.runs)


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


def body_paragraphs(doc: VanBan) -> list[PrintedPara]:
    """Every paragraph between the header block and the signature, in order."""
    is_decision = doc.loai is Loai.quyet_dinh
    out = [PrintedPara("body", runs_of(t, italic=is_decision)) for t in doc.can_cu]
    out += [PrintedPara("body", runs_of(t)) for t in doc.mo_dau]
    if is_decision and doc.noi_dung:
        out.append(PrintedPara("center", [Run(DECIDES, bold=True)]))
    for n in numbering.walk(doc.noi_dung, doc.kind.scheme):
        node = n.node
        if isinstance(node, str):
            # The decree prints "Điều" and its number bold whether or not the article has a title.
            out.append(PrintedPara("body", _numbered(n.marker, runs_of(node), bold_mark=n.style == "dieu")))
        elif n.end:
            out += [PrintedPara("body", runs_of(t)) for t in node.sau]
        else:
            paragraphs = list(node.doan)
            if node.tieu_de is not None:
                title = vn.upper_vi(node.tieu_de) if n.style == "I" else node.tieu_de
                out.append(PrintedPara(_HEADING_ROLE.get(n.style, "heading3"), _numbered(n.marker, runs_of(title), True)))
            elif paragraphs:
                out.append(PrintedPara("body", _numbered(n.marker, runs_of(paragraphs.pop(0)), bold_mark=n.style == "dieu")))
            out += [PrintedPara("body", runs_of(t)) for t in paragraphs]
    out += [PrintedPara("body", runs_of(t)) for t in doc.ket_thuc]
    if out:
        last = out[-1]
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
    """The trích yếu as printed; a công văn's begins with ``V/v``."""
    subject = inline.plain(doc.trich_yeu or "")
    if doc.loai is Loai.cong_van and subject and not subject.startswith("V/v"):
        subject = f"V/v {subject}"
    return subject


def printed(doc: VanBan) -> Printed:
    """What ``doc`` prints."""
    body = body_paragraphs(doc)
    order: list[str] = []
    for p in body:
        order += [r.footnote for r in p.runs if r.footnote and r.footnote not in order]
    ids = {key: n for n, key in enumerate(order, start=1)}
    notes = [Footnote(ids[key], key, [runs_of(t) for t in doc.chu_thich[key]]) for key in order]
    date = doc.ngay
    return Printed(
        co_quan_chu_quan=[vn.upper_vi(t) for t in doc.co_quan.chu_quan or []],
        co_quan_ten=[vn.upper_vi(t) for t in doc.co_quan.ten],
        so_ky_hieu=vn.so_ky_hieu(doc.so, doc.code),
        ngay_thang=vn.date_line(doc.co_quan.dia_danh, date.nam, date.thang, date.ngay),
        ten_loai=doc.kind.title,
        trich_yeu=subject_line(doc),
        tham_quyen=vn.upper_vi(doc.tham_quyen) if doc.tham_quyen else "",
        kinh_gui=kinh_gui_lines(doc.kinh_gui or []),
        body=body,
        footnotes=notes,
        noi_nhan=vn.list_entries([inline.plain(e) for e in doc.noi_nhan] + [f"Lưu: {', '.join(doc.luu)}"]),
        quyen_han=doc.ky.authority_lines(),
        chuc_vu=vn.upper_vi(doc.ky.chuc_vu),
        ho_ten=vn.name_case(doc.ky.ho_ten) if doc.ky.ho_ten else "",
        footnote_ids=ids,
    )


__all__ = ["Printed", "PrintedPara", "Footnote", "printed", "body_paragraphs", "kinh_gui_lines", "subject_line",
           "runs_of", "END_MARK", "KINH_GUI", "NOI_NHAN"]
