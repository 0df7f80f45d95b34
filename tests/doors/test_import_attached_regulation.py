"""A regulation issued with a document, after its signature, comes back as its appendix (issue 25,
found on the fourth set of other offices' documents, benchmarks/corpus/others4.tsv: a city's
quyết định whose 2,400-word "QUY ĐỊNH" kept 15 % of its words after import and re-render).

The layout, built as a real .docx with python-docx the way that office typed it: after the
signature, the header table again (agency | national name), the name in bold over two lines of
which the second carries, after a line break (Shift+Enter) in the same paragraph, the line
"(Ban hành kèm theo Kế hoạch số … của …)"; then the regulation's numbered sections and a table.
Import used to find no appendix there (the "kèm theo" line was not a line of its own), so every
word after the signature was left as a comment and lost when rendered.

Door matrix (guarantee x door), each cell one parametrized case below:

=======================================================================  =======  ===  ===
guarantee                                                                library  CLI  web
=======================================================================  =======  ===  ===
the attached regulation is one appendix: its name, sections, table back     x      x    -
=======================================================================  =======  ===  ===
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
from support.office_layouts import MOTTO, QH, document, para
from support.table_cases import tables_of
from test_import_layouts import _words
from doors.test_import_words_kept import _imported, _in_order
from vanban.reading import word

NAME = ("QUY CHẾ", "Phối hợp tổ chức thực tập tại các doanh nghiệp",
        "trên địa bàn tỉnh Lai Châu")
ATTACHED = "(Ban hành kèm theo Kế hoạch số 05/KH-SGDĐT ngày 08/02/2024 của Sở Giáo dục và Đào tạo tỉnh Lai Châu)"
SECTIONS = [("I. QUY ĐỊNH CHUNG", True),
            ("1. Quy chế này quy định việc phối hợp giữa nhà trường và doanh nghiệp.", False),
            ("2. Các đơn vị thực hiện theo bảng phân công dưới đây.", False),
            ("II. PHÂN CÔNG THỰC HIỆN", True)]
GRID = [["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian"],
        ["1", "Lập danh sách học sinh thực tập", "Các trường THPT", "Tháng 3/2024"],
        ["2", "Liên hệ doanh nghiệp tiếp nhận", "Phòng GDTrH", "Tháng 4/2024"],
        ["3", "Tổng kết, báo cáo kết quả", "Văn phòng Sở", "Tháng 6/2024"]]


def _plan_with_regulation() -> bytes:
    data, _exp = document("ke_hoach")
    d = docx.Document(io.BytesIO(data))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    t = d.add_table(rows=1, cols=2)
    for c in range(2):
        t.rows[0].cells[c].width = Mm(80)
    para(t.rows[0].cells[0], "UBND TỈNH LAI CHÂU", size=13)
    para(t.rows[0].cells[0], "SỞ GIÁO DỤC VÀ ĐÀO TẠO", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    para(d, NAME[0], bold=True)
    para(d, NAME[1], bold=True)
    # The name's last line and the "kèm theo" line in one paragraph, after a line break.
    p = para(d, NAME[2], bold=True)
    p.add_run().add_break()
    p.add_run(ATTACHED).italic = True
    for text, bold in SECTIONS:
        para(d, text, bold=bold, align=AL.JUSTIFY)
    g = d.add_table(rows=len(GRID), cols=len(GRID[0]))
    g.style = "Table Grid"
    for r, row in enumerate(GRID):
        for c, text in enumerate(row):
            para(g.rows[r].cells[c], text, bold=r == 0, size=13)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_regulation_attached_after_the_signature_is_its_appendix(door, tmp_path):
    path = tmp_path / "plan-regulation.docx"
    path.write_bytes(_plan_with_regulation())
    doc, comments = _imported(door, path, tmp_path)
    assert len(doc.phu_luc) == 1, doc.phu_luc
    assert doc.phu_luc[0].ten == " ".join(NAME)
    for text, _bold in SECTIONS:
        assert text.split(" ", 1)[1].rstrip(".") not in comments, comments
    assert "kèm theo" not in comments.lower(), comments
    assert [(len(t.cot) + len(t.dong), t.width) for t in tables_of(doc)] == [(4, 4)]
    printed = " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs)
    got = _words(printed)
    # Every word of the regulation, in order (its name printed in capitals, as the decree asks).
    body = _words(" ".join([*(t for t, _b in SECTIONS), *(" ".join(row) for row in GRID)]))
    assert _in_order(body, got), printed[-1200:]
    assert _in_order(_words(" ".join(NAME).upper()), _words(printed.upper()))
    # The issuer as the "kèm theo" line names it, composed again in the appendix's line.
    assert doc.co_quan.ten_goi == "Sở Giáo dục và Đào tạo tỉnh Lai Châu"
