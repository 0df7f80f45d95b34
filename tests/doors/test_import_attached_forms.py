"""Forms attached after a công văn's signature, each under a header of its own, come back as its
appendices (issue 25, found on the sixth set of other offices' documents, benchmarks/corpus/others6.tsv:
a university's công văn whose two attached forms, "GIẤY ĐĂNG KÝ …" and "TÓM TẮT …" with a table,
kept 63 % of the words after import and re-render: everything after the Nơi nhận was a comment).

The layout, built as a real .docx with python-docx the way that office typed it: after the
signature, a page break; the first form's header as a table (school | Quốc hiệu and motto), its name
in bold capitals over two lines, then its paragraphs; the second form's header typed as two
paragraphs (school and Quốc hiệu on one line, the unit's blank and the motto on the next), its name,
its paragraphs and a 3-column table. No "Phụ lục" title and no "(Kèm theo …)" line: only the
repeated Quốc hiệu tells that a new paper begins.

Door matrix (guarantee x door), each cell one parametrized case below:

==========================================================================  =======  ===  ===
guarantee                                                                   library  CLI  web
==========================================================================  =======  ===  ===
each attached form is one appendix: its name, its paragraphs, its table        x      x    -
==========================================================================  =======  ===  ===
(-: the web imports a .docx only as the parent of the derive page, whose plans carry none of the
parent's appendices; the web's import of a parent is the library call.)
"""
from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL, WD_BREAK
from docx.shared import Mm

import vanban
from support.office_layouts import MOTTO, QH, document, grid_table, para, saved
from support.table_cases import tables_of
from test_import_layouts import _words
from doors.test_import_words_kept import _imported, _in_order
from vanban.reading import word

FORM1 = ("GIẤY ĐĂNG KÝ BÁO CÁO", "CHUYÊN ĐỀ TIỂU LUẬN TỔNG QUAN")
FORM1_BODY = ["Kính gửi: Khoa Sau đại học", "Tôi tên là nghiên cứu sinh khóa 2012 chuyên ngành Hóa học.",
              "Nay tôi đề nghị cho đăng ký báo cáo chuyên đề với các nội dung sau."]
FORM2 = ("TÓM TẮT QUÁ TRÌNH THỰC HIỆN", "CHUYÊN ĐỀ CỦA NGHIÊN CỨU SINH")
FORM2_BODY = ["Họ và tên nghiên cứu sinh: Nguyễn Văn An", "Người hướng dẫn chuyên đề: Trần Thị Bình"]
GRID = [["Các nội dung chính", "Thời gian thực hiện", "Nơi thực hiện"],
        ["Tổng quan tài liệu", "Tháng 3/2013", "Phòng thí nghiệm"],
        ["Thực nghiệm và báo cáo", "Tháng 6/2013", "Khoa Khoa học"]]


def _letter_with_forms() -> bytes:
    data, _exp = document("cong_van")
    d = docx.Document(io.BytesIO(data))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    t = d.add_table(rows=1, cols=2)
    for c in range(2):
        t.rows[0].cells[c].width = Mm(80)
    para(t.rows[0].cells[0], "TRƯỜNG ĐẠI HỌC CẦN THƠ", size=13)
    para(t.rows[0].cells[0], "KHOA KHOA HỌC", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    for line in FORM1:
        para(d, line, bold=True)
    for text in FORM1_BODY:
        para(d, text, align=AL.JUSTIFY)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # The second header typed as paragraphs, agency and Quốc hiệu on one line.
    para(d, f"TRƯỜNG ĐẠI HỌC CẦN THƠ        {QH}", size=13)
    para(d, f"KHOA KHOA HỌC        {MOTTO}", bold=True, size=13)
    for line in FORM2:
        para(d, line, bold=True)
    for text in FORM2_BODY:
        para(d, text, align=AL.JUSTIFY)
    grid_table(d, GRID)
    return saved(d)


@pytest.mark.parametrize("door", ["library", "cli"])
def test_forms_attached_after_the_signature_are_its_appendices(door, tmp_path):
    path = tmp_path / "letter-forms.docx"
    path.write_bytes(_letter_with_forms())
    doc, comments = _imported(door, path, tmp_path)
    assert [a.ten for a in doc.phu_luc] == [" ".join(FORM1), " ".join(FORM2)], doc.phu_luc
    for text in FORM1_BODY + FORM2_BODY:
        assert text not in comments, comments
    assert [(len(t.cot) + len(t.dong), t.width) for t in tables_of(doc)] == [(3, 3)]
    printed = " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs)
    got = _words(printed)
    # Every word of both forms' bodies, and the table row by row, in order.
    body = _words(" ".join([*FORM1_BODY, *FORM2_BODY, *(" ".join(row) for row in GRID)]))
    assert _in_order(body, got), printed[-1200:]
    assert _in_order(_words(" ".join(FORM1 + FORM2).upper()), _words(printed.upper()))


def test_a_letter_without_forms_has_no_appendix(tmp_path):
    """The document's own header (its Quốc hiệu) never opens an appendix."""
    data, _exp = document("cong_van")
    path = tmp_path / "letter.docx"
    path.write_bytes(data)
    doc, _comments = _imported("library", path, tmp_path)
    assert doc.phu_luc == []
