"""Build the docxtpl templates in ``templates/`` from :mod:`vanban.layout`.

Each template is an ordinary Word file: named paragraph styles carry every
size, weight and slant, the header is a borderless two-column table, and the
text that varies is a docxtpl tag. A person can open one in Word, change a
style, and save it under another name; ``vanban render --template`` uses it.

``python scripts/build_templates.py`` rewrites all of them.
"""
from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass
from typing import Optional

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from vanban.decree.metrics import text_width_mm
from vanban.rendering import ooxml
from vanban.decree import party
from vanban.decree.layout import DEFAULT, QUOC_HIEU, TIEU_NGU, Layout, out_of_range
from vanban.model.schema import KINDS, Loai, Mau

FONT = "Times New Roman"
_EPOCH = _dt.datetime(2020, 3, 5)   # Decree 30/2020/NĐ-CP was signed on 5 March 2020
C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


@dataclass(frozen=True)
class StyleSpec:
    name: str
    size_attr: str
    bold: bool = False
    italic: bool = False
    align: object = C
    before: float = 0
    indent: bool = False          # body first-line indent
    keep_next: bool = False
    line: Optional[float] = None  # line spacing multiple; None = single
    underline: bool = False

    @property
    def id(self) -> str:
        return self.name.replace(" ", "")


def _styles(lay: Layout, is_party: bool = False) -> dict[str, StyleSpec]:
    s = lay.paragraph_space
    specs = [
        StyleSpec("VB Quoc Hieu", "quoc_hieu", bold=True, keep_next=True),
        StyleSpec("VB Tieu Ngu", "tieu_ngu", bold=True, keep_next=True),
        StyleSpec("VB Co Quan Chu Quan", "co_quan", keep_next=True),
        StyleSpec("VB Co Quan", "co_quan", bold=True, keep_next=True),
        StyleSpec("VB Rule", "co_quan", keep_next=True),
        StyleSpec("VB So", "so", before=s),
        StyleSpec("VB Ngay", "ngay", italic=True, before=s),
        # HD 36 prints a Party công văn's subject in italics.
        StyleSpec("VB Trich Yeu CV", "vv", italic=is_party, before=s),
        StyleSpec("VB Ten Loai", "ten_loai", bold=True, before=3 * s, keep_next=True),
        StyleSpec("VB Trich Yeu", "trich_yeu", bold=True, keep_next=True),
        StyleSpec("VB Tham Quyen", "trich_yeu", bold=True, before=2 * s, keep_next=True),
        StyleSpec("VB Kinh Gui", "kinh_gui", align=L),
        StyleSpec("VB Body", "body", align=J, before=s, indent=True, line=lay.line_spacing),
        StyleSpec("VB Body Center", "body", bold=True, before=s, line=lay.line_spacing, keep_next=True),
        StyleSpec("VB Heading 1", "body", bold=True, align=J, before=s, indent=True,
                  line=lay.line_spacing, keep_next=True),
        StyleSpec("VB Heading 2", "body", bold=True, align=J, before=s, indent=True,
                  line=lay.line_spacing, keep_next=True),
        StyleSpec("VB Heading 3", "body", bold=True, align=J, before=s, indent=True,
                  line=lay.line_spacing, keep_next=True),
        # The decree's "Nơi nhận:" is bold italic; the Party's is upright and underlined (HD 36 §II.9).
        StyleSpec("VB Noi Nhan", "noi_nhan", bold=not is_party, italic=not is_party, underline=is_party, align=L),
        StyleSpec("VB Noi Nhan Item", "noi_nhan_item", align=L),
        StyleSpec("VB Chu Ky", "chu_ky", bold=True, before=0),
        StyleSpec("VB Ho Ten", "chu_ky", bold=True, before=lay.signature_gap),
        StyleSpec("VB Page Number", "page_number"),
    ]
    return {sp.name: sp for sp in specs}


STYLES = _styles(DEFAULT)


def style_id(name: str) -> str:
    """The style id vanban's generated paragraphs refer to."""
    return STYLES[name].id


def _fonts_xml() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _set_defaults(document, lay: Layout) -> None:
    # Theme fonts in the defaults would make every unstyled run Calibri in a
    # Word that honours the theme; name the font outright instead.
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    sz = int(lay.sizes.body * 2)
    styles.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{_fonts_xml()}'
        f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(lay.sizes.body)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.element.rPr.rFonts.set(qn("w:cs"), FONT)


def _add_styles(document, lay: Layout, is_party: bool = False) -> None:
    for spec in _styles(lay, is_party).values():
        st = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = document.styles["Normal"]
        st.quick_style = True
        st.font.name = FONT
        st.font.size = Pt(getattr(lay.sizes, spec.size_attr))
        st.font.bold = spec.bold
        st.font.italic = spec.italic
        if spec.underline:
            st.font.underline = True
        pf = st.paragraph_format
        pf.alignment = spec.align
        pf.space_before = Pt(spec.before)
        pf.space_after = Pt(0)
        pf.widow_control = True
        if spec.indent:
            pf.first_line_indent = Mm(lay.first_line_indent)
        if spec.keep_next:
            pf.keep_with_next = True
        if spec.line:
            pf.line_spacing = spec.line
        else:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if spec.name == "VB Rule":
            # An empty paragraph that only carries a border: keep it thin.
            st.font.size = Pt(2)
    fn_text = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    fn_text.base_style = document.styles["Normal"]
    fn_text.font.size = Pt(lay.sizes.footnote)
    fn_text.paragraph_format.alignment = J
    fn_text.paragraph_format.first_line_indent = Mm(lay.first_line_indent)
    fn_ref = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    fn_ref.font.superscript = True
    fn_text.element.set(qn("w:styleId"), "FootnoteText")
    fn_ref.element.set(qn("w:styleId"), "FootnoteReference")


def _page(document, lay: Layout) -> None:
    sec = document.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(lay.page_width), Mm(lay.page_height)
    sec.top_margin, sec.bottom_margin = Mm(lay.margin_top), Mm(lay.margin_bottom)
    sec.left_margin, sec.right_margin = Mm(lay.margin_left), Mm(lay.margin_right)
    sec.header_distance = Mm(lay.header_distance)
    sec.footer_distance = Mm(lay.header_distance)
    # Page numbers from page 2 on: page 1 gets its own, empty, header.
    sec.different_first_page_header_footer = True
    p = sec.header.paragraphs[0]
    p.style = document.styles["VB Page Number"]
    p._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'))
    sec.first_page_header.paragraphs[0].style = document.styles["VB Page Number"]


#: The elements of w:settings that the schema puts after w:footnotePr, in order.
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                      "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                      "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def add_footnotes_part(document) -> None:
    """Give a python-docx document an empty footnotes part.

    Files made by python-docx have none, and Word expects the two separator
    notes to exist before any real note is added.
    """
    main = document.part
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                ooxml.FOOTNOTES_EMPTY.encode("utf-8"), main.package)
    main.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    # ECMA-376 fixes the order of the settings; footnotePr goes before the first of these.
    later = [qn(f"w:{t}") for t in _AFTER_FOOTNOTE_PR]
    successor = next((child for child in settings if child.tag in later), None)
    if successor is not None:
        successor.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


def _table(document, widths_mm: list[float], indent_mm: float = 0.0, top_pt: float = 0.0):
    table = document.add_table(rows=0, cols=len(widths_mm))
    tblPr = table._tbl.tblPr
    # Word rejects table properties out of schema order, so write them afresh:
    # tblW, tblInd, tblLayout, tblCellMar, tblLook.
    for child in list(tblPr):
        tblPr.remove(child)
    props = f'<w:tblW w:w="{ooxml.twips(sum(widths_mm))}" w:type="dxa"/>'
    if indent_mm:
        props += f'<w:tblInd w:w="{ooxml.twips(indent_mm)}" w:type="dxa"/>'
    props += '<w:tblLayout w:type="fixed"/>'
    if top_pt:
        props += f'<w:tblCellMar><w:top w:w="{round(top_pt * 20)}" w:type="dxa"/></w:tblCellMar>'
    props += ('<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
              ' w:noHBand="1" w:noVBand="1"/>')
    tblPr.extend(parse_xml(f'<w:tblPr {nsdecls("w")}>{props}</w:tblPr>'))
    for k, col in enumerate(table.columns):
        col.width = Mm(widths_mm[k])
    return table


def _row(table, widths_mm: list[float]):
    row = table.add_row()
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for k, cell in enumerate(row.cells):
        cell.width = Mm(widths_mm[k])
    return row.cells


def _para(cell_or_doc, style: str, text: str = "", first: bool = False):
    if first:
        p = cell_or_doc.paragraphs[0]
        p.text = text
    else:
        p = cell_or_doc.add_paragraph(text)
    p.style = style
    return p


def _loop(cell, var: str, style: str, item: str = "l", first: bool = False) -> None:
    """A docxtpl paragraph loop: one paragraph in ``style`` per item of ``var``."""
    _para(cell, style, f"{{%p for {item} in {var} %}}", first=first)
    _para(cell, style, f"{{{{ {item} }}}}")
    _para(cell, style, "{%p endfor %}")


def _signer(cell, suffix: str) -> None:
    """One signature block in ``cell``: authority lines, title, name (fields ending ``suffix``)."""
    _loop(cell, "quyen_han" + suffix, "VB Chu Ky", first=True)
    _para(cell, "VB Chu Ky", "{{ chuc_vu%s }}" % suffix)
    _para(cell, "VB Ho Ten", "{{ ho_ten%s }}" % suffix)


def build(kind: Loai, profile: Mau, lay: Optional[Layout] = None) -> bytes:
    """One template as .docx bytes; a layout outside its rules' ranges (the decree's, or the Party's
    for ``dang``) is refused."""
    is_party = party.is_party(profile.value)
    lay = lay or party.LAYOUTS[profile.value]
    wrong = out_of_range(lay, party.RANGES_OF[profile.value])
    if wrong:
        raise ValueError("layout outside its rules' ranges: " + "; ".join(wrong))
    info = KINDS[kind]
    document = docx.Document()
    _set_defaults(document, lay)
    _add_styles(document, lay, is_party)
    _page(document, lay)
    add_footnotes_part(document)
    core = document.core_properties
    core.title, core.author = "", "vanban"
    core.comments = f"vanban template: {kind.value}, profile {profile.value}"
    core.created = core.modified = _EPOCH
    core.last_modified_by, core.revision = "vanban", 1

    widths = [lay.header_left, lay.header_right]
    head = _table(document, widths, lay.header_indent)
    left, right = _row(head, widths)
    _loop(left, "co_quan_chu_quan", "VB Co Quan Chu Quan", first=True)
    _loop(left, "co_quan_ten", "VB Co Quan")
    if is_party:
        # HD 36: a star under the issuing body instead of the decree's rule; the title with a rule
        # as long as itself, and no motto.
        _para(left, "VB Co Quan Chu Quan", party.STAR)
        _para(right, "VB Quoc Hieu", party.TITLE, first=True)
        rule_mm = text_width_mm(party.TITLE, lay.sizes.quoc_hieu, bold=True)
    else:
        _para(left, "VB Rule", "{{p rule_co_quan }}")
        _para(right, "VB Quoc Hieu", QUOC_HIEU, first=True)
        _para(right, "VB Tieu Ngu", TIEU_NGU)
        rule_mm = lay.motto_rule_mm()
    # The motto (or the Party's title) never changes, so its rule is fixed in the template.
    right._tc.append(parse_xml(ooxml.rule(style_id("VB Rule"), rule_mm, lay.inner(lay.header_right))
                               .replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))
    left, right = _row(head, widths)
    _para(left, "VB So", "{{ so_ky_hieu }}", first=True)
    if info.title is None:
        _para(left, "VB Trich Yeu CV", "{{ trich_yeu }}")
    _para(right, "VB Ngay", "{{ ngay_thang }}", first=True)

    if info.title is not None:
        _para(document, "VB Ten Loai", info.title)
        _para(document, "VB Trich Yeu", "{{ trich_yeu }}")
        _para(document, "VB Rule", "{{p rule_trich_yeu }}")
        if info.decides:
            _para(document, "VB Tham Quyen", "{%p if tham_quyen %}")
            _para(document, "VB Tham Quyen", "{{ tham_quyen }}")
            _para(document, "VB Tham Quyen", "{%p endif %}")
    _para(document, "VB Kinh Gui", "{{p kinh_gui }}")
    _para(document, "VB Body", "{{p body }}")

    widths = [lay.sign_left, lay.sign_right]
    sign = _table(document, widths, top_pt=lay.block_space)
    cells = []
    if info.signatures == 2:
        # Two signers side by side (the left: a biên bản's thư ký, bên A), Nơi nhận under them on the left.
        left, right = _row(sign, widths)
        _signer(left, "_trai")
        _signer(right, "")
        cells += [left, right]
        # Further parties (a biên bản's third, fourth …): whole rows of the same widths, two to a row.
        _para(_row(sign, widths)[0], "VB Chu Ky", "{{tr ky_them }}", first=True)
    else:
        # A joint document (liên tịch) prints its signers here, side by side over Nơi nhận.
        _para(_row(sign, widths)[0], "VB Chu Ky", "{{tr ky_lien_tich }}", first=True)
    left, right = _row(sign, widths)
    _para(left, "VB Noi Nhan", "Nơi nhận:", first=True)
    _loop(left, "noi_nhan", "VB Noi Nhan Item", item="e")
    if info.signatures != 2:
        _para(right, "VB Chu Ky", "{%p if not ky_lien_tich %}", first=True)
        _loop(right, "quyen_han", "VB Chu Ky")
        _para(right, "VB Chu Ky", "{{ chuc_vu }}")
        _para(right, "VB Chu Ky", "{%p endif %}")
        _para(right, "VB Ho Ten", "{{ ho_ten }}")     # kept (empty) on a joint document: a cell needs a paragraph
    cells += [left, right]
    for cell in cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True

    buf = io.BytesIO()
    document.save(buf)
    return _reproducible(buf.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same bytes for the same template: fixed time stamps, parts in name order.

    A rebuilt template must leave ``git status`` clean unless its content changed.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        # [Content_Types].xml first, as Word writes it; the rest in name order.
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def exists(kind: Loai, profile: Mau) -> bool:
    """Whether ``profile`` issues ``kind`` (a chi bộ issues no hợp đồng, an UBND no kết luận)."""
    return profile.value in KINDS[kind].profiles


def template_name(kind: Loai, profile: Mau) -> str:
    """File name of the bundled template for a kind and profile."""
    return f"{kind.value}_{profile.value}.docx"
