"""From the model to the template context: every string the page prints.

This is where the decree's rules meet the content: upper case for agency
names and part headings, the number and date lines, the numbering of the
body derived from depth and kind, the punctuation of lists, the end mark.
The result is plain data (strings, lists, :class:`~vanban.ooxml.Raw` XML),
ready for any template that uses the same tag names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

from . import inline, ooxml, vn
from .inline import Run
from .layout import DEFAULT, Layout
from .metrics import text_width_mm
from .model import Loai, Node, VanBan
from .template_builder import style_id

END_MARK = "./."
KINH_GUI = "Kính gửi:"

_HEADING_STYLE = {"I": "VB Heading 1", "dieu": "VB Heading 2", "1": "VB Heading 2", "1.1": "VB Heading 3"}


@dataclass
class Para:
    """One body paragraph before it becomes XML."""
    style: str
    runs: list[Run]
    keep_next: bool = False


@dataclass
class Context:
    """What a template needs, plus the footnotes that go in their own part."""
    values: dict
    footnotes: list[tuple[int, list[list[Run]]]] = field(default_factory=list)
    paragraphs: list[Para] = field(default_factory=list)   # the body, before it became XML


def marker(style: str, index: int, parent_number: str = "") -> str:
    """The printed number of the ``index``-th (1-based) section in a numbering style.

    ``parent_number`` is the Arabic number path above it, for decimal numbers:
    ``marker("1.1", 3, "2")`` → ``"2.3."``.
    """
    if style == "I":
        return f"{vn.roman(index)}."
    if style == "1":
        return f"{index}."
    if style == "1.1":
        return f"{parent_number}.{index}." if parent_number else f"{index}."
    if style == "a":
        return f"{vn.letter(index)})"
    if style == "dieu":
        return f"Điều {index}."
    if style in ("-", "+"):
        return style
    return ""


def _number_path(style: str, index: int, parent_number: str) -> str:
    if style == "1":
        return str(index)
    if style == "1.1":
        return f"{parent_number}.{index}" if parent_number else str(index)
    return parent_number


def _runs(text: str, italic: bool = False) -> list[Run]:
    runs = inline.parse(text)
    if italic:
        runs = [Run(r.text, r.bold, True, r.footnote) for r in runs]
    return runs


def _numbered(mark: str, runs: list[Run], bold_mark: bool) -> list[Run]:
    if not mark:
        return runs
    bold = bold_mark or bool(runs and runs[0].bold and not runs[0].footnote)
    return [Run(mark + " ", bold=bold)] + runs


def body_paragraphs(doc: VanBan) -> list[Para]:
    """Every paragraph between the header block and the signature, in order."""
    scheme = doc.kind.scheme
    out: list[Para] = []
    is_decision = doc.loai is Loai.quyet_dinh
    out += [Para("VB Body", _runs(t, italic=is_decision)) for t in doc.can_cu]
    out += [Para("VB Body", _runs(t)) for t in doc.mo_dau]
    if is_decision and doc.noi_dung:
        out.append(Para("VB Body Center", [Run("QUYẾT ĐỊNH:", bold=True)]))

    def walk(nodes: list[Node], depth: int, style: Optional[str], parent_number: str) -> Iterator[Para]:
        style = style or (scheme[depth] if depth < len(scheme) else "-")
        for k, node in enumerate(nodes, start=1):
            mark = marker(style, k, parent_number)
            number = _number_path(style, k, parent_number)
            if isinstance(node, str):
                yield Para("VB Body", _numbered(mark, _runs(node), bold_mark=False))
                continue
            paragraphs = list(node.doan)
            if node.tieu_de is not None:
                title = vn.upper_vi(node.tieu_de) if style == "I" else node.tieu_de
                head_style = _HEADING_STYLE.get(style, "VB Heading 3")
                yield Para(head_style, _numbered(mark, _runs(title), bold_mark=True))
            elif paragraphs:
                yield Para("VB Body", _numbered(mark, _runs(paragraphs.pop(0)), bold_mark=False))
            for text in paragraphs:
                yield Para("VB Body", _runs(text))
            yield from walk(node.muc, depth + 1, node.kieu_muc, number)
            for text in node.sau:
                yield Para("VB Body", _runs(text))

    out += list(walk(doc.noi_dung, 0, None, ""))
    out += [Para("VB Body", _runs(t)) for t in doc.ket_thuc]
    if out:
        last = out[-1]
        if doc.dau_ket and not inline.plain_of(last.runs).rstrip().endswith(END_MARK):
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


def kinh_gui_xml(recipients: list[str], lay: Layout = DEFAULT) -> ooxml.Raw:
    """The Kính gửi block, centred, the dashes aligned under the text after the colon."""
    lines = kinh_gui_lines(recipients)
    if not lines:
        return ooxml.Raw()
    sid = style_id("VB Kinh Gui")
    size = lay.sizes.kinh_gui
    if len(lines) == 1:
        left = max(0.0, (lay.text_width - text_width_mm(lines[0], size)) / 2)
        return ooxml.Raw(ooxml.paragraph(sid, [Run(lines[0])], ind={"left": ooxml.twips(left)},
                                         before_pt=lay.block_space))
    entries = lines[1:]
    label = text_width_mm(KINH_GUI + "  ", size)
    widest = max(text_width_mm(e, size) for e in entries)
    block = min(lay.text_width, label + widest)
    left = (lay.text_width - block) / 2
    hang = {"left": ooxml.twips(left + label), "hanging": ooxml.twips(label)}
    first = ooxml.paragraph(sid, [Run(f"{KINH_GUI}\t{entries[0]}")], ind=hang, before_pt=lay.block_space)
    rest = [ooxml.paragraph(sid, [Run(e)], ind={"left": ooxml.twips(left + label)}) for e in entries[1:]]
    return ooxml.Raw(first + "".join(rest))


def build(doc: VanBan, lay: Layout = DEFAULT) -> Context:
    """The template context for ``doc``."""
    paras = body_paragraphs(doc)
    order: list[str] = []
    for p in paras:
        order += [r.footnote for r in p.runs if r.footnote and r.footnote not in order]
    ids = {key: n for n, key in enumerate(order, start=1)}
    footnotes = [(ids[key], [_runs(t) for t in doc.chu_thich[key]]) for key in order]
    body = "".join(ooxml.paragraph(style_id(p.style), p.runs, ids, keep_next=p.keep_next) for p in paras)

    co_quan_ten = [vn.upper_vi(t) for t in doc.co_quan.ten]
    subject = inline.plain(doc.trich_yeu or "")
    if doc.loai is Loai.cong_van and subject and not subject.startswith("V/v"):
        subject = f"V/v {subject}"
    date = doc.ngay
    entries = vn.list_entries([inline.plain(e) for e in doc.noi_nhan] + [f"Lưu: {', '.join(doc.luu)}"])
    values = {
        "co_quan_chu_quan": [vn.upper_vi(t) for t in doc.co_quan.chu_quan or []],
        "co_quan_ten": co_quan_ten,
        "rule_co_quan": ooxml.Raw(ooxml.rule(style_id("VB Rule"), lay.agency_rule_mm(co_quan_ten),
                                             lay.inner(lay.header_left))),
        "so_ky_hieu": vn.so_ky_hieu(doc.so, doc.code),
        "ngay_thang": vn.date_line(doc.co_quan.dia_danh, date.nam, date.thang, date.ngay),
        "trich_yeu": subject,
        "rule_trich_yeu": ooxml.Raw(ooxml.rule(style_id("VB Rule"), lay.subject_rule_mm(subject),
                                               lay.text_width)) if doc.kind.title else ooxml.Raw(),
        "tham_quyen": vn.upper_vi(doc.tham_quyen) if doc.tham_quyen else "",
        "kinh_gui": kinh_gui_xml(doc.kinh_gui or [], lay),
        "body": ooxml.Raw(body),
        "noi_nhan": entries,
        "quyen_han": doc.ky.authority_lines(),
        "chuc_vu": vn.upper_vi(doc.ky.chuc_vu),
        "ho_ten": vn.name_case(doc.ky.ho_ten) if doc.ky.ho_ten else "",
    }
    values = {k: _clean(v) for k, v in values.items()}
    return Context(values, footnotes, paras)


def _clean(value):
    if isinstance(value, str):
        return ooxml.clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
