"""The running text between the header and the signature, back into the model's body.

Each paragraph's numbering marker says its level's style (``I.`` ``1.``
``1.1.`` ``a)`` ``Điều 1.``); a level is the same style seen again, a new style
opens a level under the last section. A section whose paragraph is wholly
bold (or in a heading style) is a heading (``tieu_de``); otherwise it is a
numbered paragraph. Unnumbered paragraphs and dash items belong to the last
section; before the first number they are the căn cứ and opening; after the
last, the closing formula is recognised by its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from vanban.decree.kinds import with_top
from vanban.decree.markers import NUMBERED, read_marker
from vanban.i18n import N_, _
from vanban.model import KINDS, Loai
from vanban.reading.page import Block
from vanban.ingest.text import drop_prefix, markup

_CAN_CU = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Xét|Trên cơ sở)\b")
_CLOSING = re.compile(r"^(Trên đây|Căn cứ nội dung|Trong quá trình|Nhận được)|nghiêm túc (triển khai )?thực hiện"
                      r"|\./\.\s*$")
_DECISION_WORD = re.compile(r"^QUYẾT ĐỊNH\s*(:?)$")
END_MARK = "./."
_UNNUMBERED = N_("the articles after 'QUYẾT ĐỊNH:' have no number that can be read (Điều 1. …); "
                 "their paragraphs are kept as they are, unnumbered")


def marker(text: str) -> Optional[tuple[str, str, int]]:
    """(style, value, length) of the numbering marker a paragraph starts with, or None: the decree's
    grammar (:func:`vanban.decree.markers.read_marker`), a bullet not being a number; a decimal
    sub-item's style says its depth ("1.1", "1.1." …)."""
    m = read_marker(text)
    if m is None or m.style not in NUMBERED:
        return None
    style = "1.1" + "." * m.parent.count(".") if m.style == "1.1" else m.style
    return style, m.value, m.end


@dataclass
class _Node:
    heading: Optional[str] = None
    doan: list[str] = field(default_factory=list)
    muc: list["_Node"] = field(default_factory=list)
    style: Optional[str] = None        # style of the sub-sections
    numbered: bool = False             # a numbered paragraph (not a heading)
    chapter: bool = False              # a "Chương I" line whose name is the paragraph after it
    table: Optional[dict] = None       # a table before the numbered body (it takes no number)
    plain: bool = False                # a paragraph after such a table, kept in its place

    def to_model(self) -> Union[str, dict]:
        if self.table is not None:
            return {"bang": self.table}
        if self.heading is None and len(self.doan) == 1 and not self.muc:
            return self.doan[0]
        out: dict = {}
        if self.heading is not None:
            out["tieu_de"] = self.heading
        if self.doan:
            out["doan"] = list(self.doan)
        if self.muc:
            out["muc"] = [n.to_model() for n in self.muc]
        return out


@dataclass
class Body:
    """What the body builder found."""
    can_cu: list[str] = field(default_factory=list)
    mo_dau: list[str] = field(default_factory=list)
    noi_dung: list = field(default_factory=list)
    ket_thuc: list[str] = field(default_factory=list)
    dau_ket: bool = False
    kieu_muc: Optional[str] = None      # the top level's style when it is not the scheme's (kept, not renumbered)
    warnings: list[str] = field(default_factory=list)


def _scheme_style(scheme: tuple, depth: int) -> str:
    return scheme[depth] if depth < len(scheme) else "-"


def _base(style: str) -> str:
    return "1.1" if style.startswith("1.1") else style


def build(blocks: list[Block], loai: Loai, note_key, scheme: Optional[tuple] = None,
          decision: Optional[bool] = None) -> Body:
    """The body of a document of kind ``loai`` from its running-text blocks, numbered by ``scheme``
    (the kind's own unless given: a Party nghị quyết is numbered I. 1., a state one by articles).
    ``decision``: the body opens with "QUYẾT ĐỊNH:" (a quyết định's own body, not its appendix's)."""
    scheme = scheme or KINDS[loai].scheme
    is_decision = loai is Loai.quyet_dinh if decision is None else decision
    out = Body()
    root = _Node()
    stack: list[tuple[_Node, Optional[str]]] = [(root, None)]   # (parent, style of its children)
    started = False
    tail: list[tuple[_Node, int]] = []      # unnumbered paragraphs since the last number: (owner, index in doan)
    last_numbered: Optional[_Node] = None
    for b in blocks:
        if getattr(b, "bang", None) is not None:     # a table (:class:`vanban.ingest.tables.TableBlock`)
            if started or any(n.table is None and not n.plain for n in root.muc):
                owner = stack[-1][0].muc[-1] if stack[-1][0].muc else stack[-1][0]
                owner.doan.append({"bang": b.bang})
                tail = []      # what leads into a table ("… các nội dung sau:") is no closing
            else:
                root.muc.append(_Node(table=b.bang))
            continue
        text = b.text
        if not text:
            continue
        word = _DECISION_WORD.match(text) if is_decision else None
        if word and (word.group(1) or (not started and out.can_cu)):    # without its colon too, after the căn cứ
            started = _numbers_begin(root, out)
            continue
        mk = marker(text)
        if mk is not None and mk[0] == "chuong" and stack[0][1] not in (None, "chuong"):
            mk = None   # under sections numbered otherwise a chapter line stays text: chapters are a top level
        # A decision's articles start its body, or its chapters: a decision may hold its regulation itself.
        if mk is None or (is_decision and not started and mk[0] not in ("dieu", "chuong")):
            plain = markup(b.spans, note_key, plain_italic=is_decision and not started)
            if not started and all(n.table is not None or n.plain for n in root.muc):
                if root.muc:   # after a table: in its place (the opening, mo_dau, prints before it)
                    root.muc.append(_Node(doan=[plain], plain=True))
                elif _CAN_CU.match(plain) and not out.mo_dau:
                    out.can_cu.append(plain)
                else:
                    out.mo_dau.append(plain)
                continue
            if not root.muc:
                # After "QUYẾT ĐỊNH:" and before any article read as one (an "Điều" whose number is
                # a blank or misread): a paragraph of its own, never a paragraph of the root, which
                # the model does not hold.
                out.warnings.append(_(_UNNUMBERED))
                root.muc.append(_Node(doan=[]))
            owner = stack[-1][0].muc[-1] if stack[-1][0].muc else stack[-1][0]
            if owner.chapter and owner.heading is None and not owner.doan:
                owner.heading = markup(b.spans, note_key, plain_bold=True)    # the chapter's name
                continue
            owner.doan.append(plain)
            tail.append((owner, len(owner.doan) - 1))
            continue
        started = started or _numbers_begin(root, out)
        style, _value, length = mk
        spans = drop_prefix(b.spans, length)
        heading = b.style.startswith("VB Heading") or (not b.style.startswith("VB ") and _all_bold(spans))
        content = markup(spans, note_key, plain_bold=heading)
        if style == "chuong":
            # "Chương I" alone on its line is named by the next paragraph; "Chương I. NAME" names itself.
            node = _Node(heading=markup(spans, note_key, plain_bold=True) or None, chapter=True)
        else:
            node = _Node(heading=content) if heading else _Node(doan=[content], numbered=True)
        level = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == style), None)
        if level is not None:
            del stack[level + 1:]
        elif stack[-1][1] is None:
            stack[0] = (root, style)
            if _base(style) != scheme[0]:
                out.kieu_muc = _base(style)     # printed as the source numbered it (VanBan.kieu_muc)
                scheme = with_top(scheme, out.kieu_muc)     # chapters hold articles
        else:
            parent = stack[-1][0].muc[-1]
            stack.append((parent, style))
            if _base(style) != _scheme_style(scheme, len(stack) - 1):
                parent.style = _base(style)
        stack[-1][0].muc.append(node)
        tail = []
        last_numbered = node
    if out.kieu_muc != "chuong":    # a regulation's last article keeps its words: it has no closing
        _split_closing(out, root, tail, last_numbered)
    out.noi_dung = [n.to_model() for n in root.muc]
    _attach_styles(out.noi_dung, root)
    return _end_mark(out)


def _all_bold(spans) -> bool:
    shown = [s for s in spans if s.note is None and s.text.strip()]
    return bool(shown) and all(s.bold for s in shown)


def _attach_styles(models: list, node: _Node) -> None:
    for model, child in zip(models, node.muc):
        if isinstance(model, dict):
            if child.style:
                model["kieu_muc"] = child.style
            _attach_styles(model.get("muc", []), child)


def _numbers_begin(root: _Node, out: Body) -> bool:
    """The numbered body begins: paragraphs kept beside the tables above it go to the opening, as
    before there were any (the model has no unnumbered paragraph among numbered ones). True."""
    out.mo_dau += [n.doan[0] for n in root.muc if n.plain]
    root.muc[:] = [n for n in root.muc if not n.plain]
    return True


def _split_closing(out: Body, root: _Node, tail: list, last: Optional[_Node]) -> None:
    """Move the closing paragraphs from the last section to ``ket_thuc``."""
    if any(n.plain for n in root.muc):
        # A body of tables and paragraphs, unnumbered: what follows the last table closes it; what
        # stands between tables stays there, printed without a number.
        k = len(root.muc)
        while k > 0 and root.muc[k - 1].plain:
            k -= 1
        out.ket_thuc = [n.doan[0] for n in root.muc[k:]]
        del root.muc[k:]
        if any(n.plain for n in root.muc):
            out.kieu_muc = "none"
        return
    if all(n.table is not None for n in root.muc):
        # No numbered body: the paragraphs after the opening that read as a closing.
        start = next((i for i, t in enumerate(out.mo_dau) if _CLOSING.search(t)), None)
        if start is not None and start > 0:
            out.ket_thuc, out.mo_dau = out.mo_dau[start:], out.mo_dau[:start]
        return
    texts = [owner.doan[i] for owner, i in tail]
    plain = [not t.startswith(("-", "+", "–")) for t in texts]
    start = len(texts)
    while start > 0 and plain[start - 1]:
        start -= 1
    if last is not None and last.numbered and tail and tail[0][0] is last:
        cut = start
    else:
        cut = next((i for i in range(start, len(texts)) if _CLOSING.search(texts[i])), len(texts))
    for owner, i in reversed(tail[cut:]):
        del owner.doan[i]
    out.ket_thuc = texts[cut:]
    root.muc[:] = [n for n in root.muc if n.heading is not None or n.doan or n.muc]


def _end_mark(out: Body) -> Body:
    """``./.`` at the very end becomes ``dau_ket``; the period it replaced comes back."""
    found = (out.ket_thuc, len(out.ket_thuc) - 1) if out.ket_thuc else None
    if found is None:
        found = _last_in_tree(out.noi_dung) or ((out.mo_dau, len(out.mo_dau) - 1) if out.mo_dau else None)
    if found is None:
        return out
    holder, i = found
    text = holder[i] if isinstance(holder[i], str) else None
    if text is not None and text.rstrip().endswith(END_MARK):
        # The renderer drops a final period before ./.; it comes back after a word or number.
        kept = text.rstrip()[:-len(END_MARK)].rstrip()
        holder[i] = kept + "." if kept[-1:].isalnum() else kept
        out.dau_ket = True
    return out


def _last_in_tree(nodes: list):
    if not nodes:
        return None
    last = nodes[-1]
    if isinstance(last, str):
        return nodes, len(nodes) - 1
    found = _last_in_tree(last.get("muc", []))
    if found:
        return found
    if last.get("doan"):
        return last["doan"], len(last["doan"]) - 1
    return None


__all__ = ["build", "marker", "Body"]
