"""Every Word layout ``check``'s tests build also IMPORTS with nothing lost (issue 19).

Import and check read a .docx with one reader (:mod:`vanban.reading.word`). For each layout a
Word user makes (content controls, smart tags, text boxes, nested tables, merged cells, headers
laid out with tabs or spaces, legacy fonts), the words of the source — read here from the raw
XML, not through vanban's reader — must all come back: in the document the imported model
renders, or in the blocks import could not place (which the YAML keeps as comments).
"""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

import vanban
from vanban.ingest import from_page, read_docx_bytes
from vanban.reading import word

from support import human_docs
from test_check_word import NS, replace_table, run, set_content

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _smart_tag(d, h):
    set_content(h["qh"], run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT ", 13, True) +
                '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="country-region">'
                + run("NAM", 13, True) + "</w:smartTag>")


def _line_break_header(d, h):
    set_content(h["qh"], run(human_docs.QH, 13, True) + "<w:r><w:br/></w:r>" + run(human_docs.MOTTO, 14, True))
    h["motto"]._p.getparent().remove(h["motto"]._p)


def _tabbed_header(d, h):
    lines = [(run("UBND TỈNH LAI CHÂU", 13) + "<w:r><w:tab/><w:tab/></w:r>" + run(human_docs.QH, 13, True)),
             (run("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 13, True) + "<w:r><w:tab/></w:r>" + run(human_docs.MOTTO, 14, True)),
             run("Số: 05/SGDĐT-GDTrH", 13) + "<w:r><w:tab/><w:tab/></w:r>" + run("Lai Châu, ngày 08 tháng 02 năm 2024"),
             run("V/v triển khai công tác năm học 2024 - 2025", 12)]
    replace_table(d.tables[0]._tbl, lines)


def _spaces_throughout(d, h):
    table, sign = d.tables[0]._tbl, d.tables[1]._tbl
    header = [run("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 13, True) + run("          ") + run(human_docs.QH, 13, True),
              run("            ") + '<w:r><w:tab/></w:r>' + run("                 ") + run(human_docs.MOTTO, 14, True),
              run("Số:", 13) + run("       ") + run("/SGDĐT-GDTrH", 13) + run("        ")
              + run("Lai Châu, ngày      tháng 02 năm 2024")]
    replace_table(table, header)
    closing = [run("Nơi nhận:", 12, True) + '<w:r><w:tab/></w:r>' + run("      KT. GIÁM ĐỐC", bold=True),
               run("- Như trên;", 11) + run("                  ") + run("PHÓ GIÁM ĐỐC", bold=True),
               run("- Lưu: VT, GDTrH.", 11)]
    replace_table(sign, closing)


def _merged_cells(d, h):
    t = d.tables[0]
    t.cell(1, 0).merge(t.cell(1, 1))         # the number and the date in one wide cell


def _content_controls(d, h):
    """Body paragraphs inside a body-level content control (w:sdt), a run inside an inline one."""
    for p in h["body"][1:3]:
        sdt = parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="Nội dung"/></w:sdtPr><w:sdtContent/></w:sdt>')
        p._p.addprevious(sdt)
        sdt.find(qn("w:sdtContent")).append(p._p)
    set_content(h["kinh_gui"][1], '<w:sdt><w:sdtContent>' + run("- Phòng GD&amp;ĐT các huyện, thành phố;")
                + '</w:sdtContent></w:sdt>')


def _text_box(d, h):
    box = (f'<w:r {NS} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p>'
           + run("DỰ THẢO LẦN HAI") + '</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>' + run("DỰ THẢO LẦN HAI") +
           '</w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    h["body"][0]._p.append(parse_xml(box))


def _nested_noi_nhan(d, h):
    """Nơi nhận in a table nested in the signature table's left cell, as Word users often lay it out."""
    left = d.tables[1].rows[0].cells[0]
    inner = left.add_table(rows=1, cols=1)
    for p in [h["noi_nhan"]] + h["entries"]:
        inner.cell(0, 0)._tc.append(p._p)
    for p in inner.cell(0, 0).paragraphs:
        if not p.text:
            p._p.getparent().remove(p._p)
            break


def _field_in_content_control(d, h):
    set_content(h["body"][2], '<w:sdt><w:sdtContent>' + run("2. Báo cáo kết quả về Sở trước ngày ")
                + '<w:fldSimple w:instr=" DATE "><w:r><w:t>20/5/2024</w:t></w:r></w:fldSimple>'
                + run(".") + '</w:sdtContent></w:sdt>')


LAYOUTS = {"plain": None, "smart_tag": _smart_tag, "line_break_header": _line_break_header,
           "tabbed_header": _tabbed_header, "spaces_throughout": _spaces_throughout,
           "merged_cells": _merged_cells, "content_controls": _content_controls, "text_box": _text_box,
           "nested_table": _nested_noi_nhan, "field_in_content_control": _field_in_content_control}


def _bytes(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _words(text: str) -> list[str]:
    return [w for w in (re.sub(r"^[^\w&]+|[^\w&]+$", "", t).casefold() for t in text.split()) if w]


def source_words(data: bytes) -> set[str]:
    """The words Word shows, from document.xml directly: each paragraph's own w:t (tabs and breaks
    are spaces); deleted text and the VML fallback of a shape (Word shows the Choice) left out."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out: set[str] = set()
    for p in root.iter(W + "p"):
        parts = []
        for el in p.iter(W + "t", W + "tab", W + "br"):
            anc = el.getparent()
            hidden = False
            while anc is not None and anc is not p:
                if anc.tag in (W + "p", W + "del", MC + "Fallback"):
                    hidden = True
                    break
                anc = anc.getparent()
            if not hidden:
                parts.append(el.text or "" if el.tag == W + "t" else " ")
        out.update(_words("".join(parts)))
    return out


def imported_words(data: bytes) -> tuple[set[str], object]:
    imported = from_page(read_docx_bytes(data, "layout.docx"), "layout.docx")
    rendered = word.read(vanban.render_bytes(imported.doc))
    text = " ".join(p.text for p in rendered.paragraphs) + " " + " ".join(t for _k, t in imported.unplaced)
    return set(_words(text)), imported


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_word_of_a_layout_check_reads_comes_back_from_import(layout):
    d, h = human_docs.build("letter")
    if LAYOUTS[layout]:
        LAYOUTS[layout](d, h)
    data = _bytes(d)
    got, imported = imported_words(data)
    lost = source_words(data) - got
    assert not lost, (layout, sorted(lost), imported.unplaced)
    doc = imported.doc
    spaces = layout == "spaces_throughout"      # a draft: no number, no signer's name
    assert doc.so == (None if spaces else 5)
    assert doc.ky.ho_ten == (None if spaces else "Nguyễn Văn An") and doc.ky.kt == "GIÁM ĐỐC", doc.ky
    assert doc.luu == ["VT", "GDTrH"], (doc.noi_nhan, doc.luu)


def test_a_merged_cell_is_imported_once():
    d, h = human_docs.build("letter")
    _merged_cells(d, h)
    page = read_docx_bytes(_bytes(d))
    assert sum("Số: 05" in b.text for b in page.blocks) == 1


def test_a_text_box_is_imported_once_and_kept():
    d, h = human_docs.build("letter")
    _text_box(d, h)
    imported = from_page(read_docx_bytes(_bytes(d)), "box.docx")
    kept = [t for _k, t in imported.unplaced if "DỰ THẢO LẦN HAI" in t]
    assert len(kept) == 1, imported.unplaced


def test_a_legacy_font_is_converted_for_check_and_import_alike():
    """TCVN3 text under .VnTime: import and check both see Unicode (one reader converts it)."""
    from vanban import check
    d, h = human_docs.build("letter")
    tcvn3 = "Tæ chøc qu¸n triÖt"          # "Tổ chức quán triệt" typed in TCVN3
    set_content(h["body"][1], run("1. " + tcvn3, font=".VnTime") + run(" nhiệm vụ năm học."))
    data = _bytes(d)
    assert any("1. Tổ chức quán triệt nhiệm vụ năm học." == p.text for p in word.read(data).paragraphs)
    imported = from_page(read_docx_bytes(data), "legacy.docx")
    assert "Tổ chức quán triệt nhiệm vụ năm học." in str(imported.data["noi_dung"])
    rep = check.check_docx(data, "legacy.docx")
    # The run still says .VnTime: the layout rule sees the font, the content rules see the letters.
    assert any(r.rule == "font.times_new_roman" and r.status == check.FAIL for r in rep.results)
