"""From what the page prints (:class:`~vanban.model.printed.Printed`) to the template's values.

The strings are decided in the model layer; this module adds only what
depends on layout: the paragraph styles, the short rules sized from the text
they underline, the Kính gửi block aligned under its colon, and the body as
ready WordprocessingML. Every template tag is a field of :class:`Printed` or one
of :data:`LAYOUT_TAGS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from vanban.decree import party
from vanban.decree.layout import DEFAULT, Layout
from vanban.decree.metrics import text_width_mm
from vanban.model.inline import Run
from vanban.model.printed import KINH_GUI, Printed, printed
from vanban.model.schema import VanBan
from vanban.rendering import appendices, ooxml
from vanban.rendering.template_builder import style_id

#: Paragraph style of each body role.
ROLE_STYLE = {"body": "VB Body", "center": "VB Body Center", "chapter": "VB Body Center", "heading1": "VB Heading 1",
              "heading2": "VB Heading 2", "heading3": "VB Heading 3"}

#: Tags whose value is layout (XML) rather than a field of the page.
LAYOUT_TAGS = ("rule_co_quan", "rule_trich_yeu", "kinh_gui", "body", "ky_them", "ky_lien_tich")

#: Page fields the templates print as text (the rest are XML, or not in the template).
_TEXT_FIELDS = ("co_quan_chu_quan", "co_quan_ten", "so_ky_hieu", "ngay_thang", "trich_yeu", "tham_quyen",
                "noi_nhan", "quyen_han", "chuc_vu", "ho_ten", "quyen_han_trai", "chuc_vu_trai", "ho_ten_trai")


@dataclass
class Context:
    """The template's values, and the page they came from (its footnotes go in their own part)."""
    values: dict[str, Any]
    page: Printed
    appendices: list = field(default_factory=list)   # (landscape, xml) of each appendix, in order


def kinh_gui_xml(lines: list[str], lay: Layout = DEFAULT) -> ooxml.Raw:
    """The Kính gửi block, centred, the dashes aligned under the text after the colon."""
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


#: Space over a further row of signers: the name of the row above is not run into the next titles.
ROW_GAP_PT = 12


def signer_rows(signers: list[dict], widths_mm: list[float], first_gap: bool = True) -> str:
    """Further parties' signature blocks as rows of the signature table, two to a row in reading
    order, in the signer styles of the first row; a last one alone spans the row, centred.
    ``first_gap``: the first of these rows follows another row of signers (:data:`ROW_GAP_PT` over it)."""
    rows = []
    for k in range(0, len(signers), 2):
        pair = signers[k:k + 2]
        spans = [widths_mm] if len(pair) == 1 else [[w] for w in widths_mm]
        gap = ROW_GAP_PT if (k or first_gap) else None
        cells = "".join(_signer_cell(s, span, gap) for s, span in zip(pair, spans))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return "".join(rows)


def _joint(page: Printed) -> list[dict]:
    """Every signer of a joint document (liên tịch) in reading order: the left, the right, the rest."""
    if not page.lien_tich:
        return []
    left = {"quyen_han": page.quyen_han_trai, "chuc_vu": page.chuc_vu_trai, "ho_ten": page.ho_ten_trai}
    right = {"quyen_han": page.quyen_han, "chuc_vu": page.chuc_vu, "ho_ten": page.ho_ten}
    return [left, right, *page.ky_them]


def _signer_cell(signer: dict, widths_mm: list[float], gap: Optional[float] = None) -> str:
    span = f'<w:gridSpan w:val="{len(widths_mm)}"/>' if len(widths_mm) > 1 else ""
    titles = [*signer["quyen_han"], signer["chuc_vu"]]
    lines = [ooxml.paragraph(style_id("VB Chu Ky"), [Run(t)], keep_next=True, before_pt=gap if not n else None)
             for n, t in enumerate(titles)]
    lines.append(ooxml.paragraph(style_id("VB Ho Ten"), [Run(signer["ho_ten"])], keep_next=True))
    return (f'<w:tc><w:tcPr><w:tcW w:w="{ooxml.twips(sum(widths_mm))}" w:type="dxa"/>{span}</w:tcPr>'
            f'{"".join(lines)}</w:tc>')


def from_page(page: Printed, lay: Layout = DEFAULT) -> Context:
    """The template values for a page."""
    style_of = lambda role: style_id(ROLE_STYLE[role])  # noqa: E731
    body = appendices.body_xml(page.body, page.footnote_ids, lay.text_width, style_of)
    values: dict[str, Any] = {name: _clean(getattr(page, name)) for name in _TEXT_FIELDS}
    values.update({
        "rule_co_quan": ooxml.Raw(ooxml.rule(style_id("VB Rule"), lay.agency_rule_mm(page.co_quan_ten),
                                             lay.inner(lay.header_left))),
        "rule_trich_yeu": ooxml.Raw(ooxml.rule(style_id("VB Rule"), lay.subject_rule_mm(page.trich_yeu),
                                               lay.text_width)) if page.ten_loai else ooxml.Raw(),
        "kinh_gui": kinh_gui_xml([ooxml.clean(t) for t in page.kinh_gui], lay),
        "body": ooxml.Raw(body),
        "ky_them": ooxml.Raw(signer_rows(page.ky_them, [lay.sign_left, lay.sign_right])),
        "ky_lien_tich": ooxml.Raw(signer_rows(_joint(page), [lay.sign_left, lay.sign_right], first_gap=False)),
    })
    if page.lien_tich:
        values["ho_ten"] = ""       # the right signer stands in the rows above, not beside Nơi nhận
    annexes = [(a.landscape, appendices.appendix_xml(a, page.footnote_ids, style_of, lay)) for a in page.appendices]
    return Context(values, page, annexes)


def build(doc: VanBan, lay: Optional[Layout] = None) -> Context:
    """The template context for ``doc``, laid out by its profile's rules unless ``lay`` is given."""
    return from_page(printed(doc), lay or party.LAYOUTS[doc.mau.value])


def footnotes(page: Printed) -> list[tuple[int, list[list[Run]]]]:
    """The footnotes as the footnotes part wants them: (number, paragraphs of runs)."""
    return [(n.number, n.paragraphs) for n in page.footnotes]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return ooxml.clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


__all__ = ["Context", "build", "from_page", "signer_rows", "kinh_gui_xml", "footnotes", "ROLE_STYLE", "LAYOUT_TAGS"]
