"""A regulation in chapters as an office types it in Word, standalone or attached to a decision.

"Chương I" on its own centred bold line, the chapter's name in capitals under it, then articles
"Điều 1. …" numbered on across the chapters (Chương II begins with Điều 3 here); the second chapter's
line typed in capitals ("CHƯƠNG II"), as offices do. ``articles``/``chapters`` break the numbering
for the check's tests.
"""
from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL, WD_BREAK
from docx.shared import Mm

from support.office_layouts import MOTTO, QH, document, para

CHAPTERS = [("Chương I", "QUY ĐỊNH CHUNG",
             [("Điều 1. Phạm vi điều chỉnh", "Quy chế này quy định chế độ làm việc của Ban Chấp hành."),
              ("Điều 2. Nguyên tắc làm việc", "Ban Chấp hành làm việc theo nguyên tắc tập trung dân chủ.")]),
            ("CHƯƠNG II", "TỔ CHỨC THỰC HIỆN",
             [("Điều 3. Trách nhiệm thi hành", "Các ủy viên Ban Chấp hành có trách nhiệm thi hành Quy chế này.")])]


def body(d, chapters=CHAPTERS, one_line: bool = False) -> None:
    """The chapters and their articles, typed into ``d``; ``one_line``: "Chương I. QUY ĐỊNH CHUNG"."""
    for line, name, articles in chapters:
        if one_line:
            para(d, f"{line}. {name}", bold=True)
        else:
            para(d, line, bold=True)
            para(d, name, bold=True)
        for title, text in articles:
            para(d, title, bold=True, align=AL.JUSTIFY)
            para(d, text, align=AL.JUSTIFY)


def renumbered(articles=(1, 2, 3), chapters=("I", "II")):
    """:data:`CHAPTERS` with other numbers: ``articles=(1, 2, 1)`` starts Chương II again at Điều 1."""
    nums = iter(articles)
    return [(f"Chương {c}", name, [(f"Điều {next(nums)}." + t.split(".", 1)[1], x) for t, x in arts])
            for c, (_l, name, arts) in zip(chapters, CHAPTERS)]


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def regulation(chapters=CHAPTERS, one_line: bool = False, before: tuple = ()) -> bytes:
    """A trade union's quy chế in chapters: header, title, chapters, Nơi nhận and signature;
    ``before``: paragraphs typed before the first chapter."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    t = d.add_table(rows=2, cols=2)
    para(t.rows[0].cells[0], "LĐLĐ TỈNH LAI CHÂU", size=13)
    para(t.rows[0].cells[0], "CÔNG ĐOÀN VIÊN CHỨC TỈNH", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    para(t.rows[1].cells[0], "Số: 12/QC-CĐVC", size=13)
    para(t.rows[1].cells[1], "Lai Châu, ngày 08 tháng 02 năm 2024", italic=True)
    para(d, "QUY CHẾ", bold=True)
    para(d, "Làm việc của Ban Chấp hành Công đoàn Viên chức tỉnh", bold=True)
    for text in before:
        para(d, text, align=AL.JUSTIFY)
    body(d, chapters, one_line)
    closing(d, ("- Ủy viên BCH;", "- Lưu: VT."), ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "", "", "Nguyễn Thị Hoa"))
    return _save(d)


def closing(d, entries, signature) -> None:
    """Nơi nhận (``entries``) beside the signature block (``signature``: its lines), in a table."""
    s = d.add_table(rows=1, cols=2)
    left, right = s.rows[0].cells
    para(left, "Nơi nhận:", bold=True, italic=True, align=AL.LEFT, size=12)
    for e in entries:
        para(left, e, align=AL.LEFT, size=11)
    for line in signature:
        para(right, line, bold=True)


ATTACHED = "(Ban hành kèm theo Kế hoạch số 05/KH-SGDĐT ngày 08/02/2024 của Sở Giáo dục và Đào tạo tỉnh Lai Châu)"


def plan_with_regulation() -> bytes:
    """A plan whose QUY CHẾ in chapters follows its signature, on a page of its own (its appendix)."""
    data, _exp = document("ke_hoach")
    d = docx.Document(io.BytesIO(data))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    t = d.add_table(rows=1, cols=2)
    para(t.rows[0].cells[0], "UBND TỈNH LAI CHÂU", size=13)
    para(t.rows[0].cells[0], "SỞ GIÁO DỤC VÀ ĐÀO TẠO", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    para(d, "QUY CHẾ", bold=True)
    para(d, "Phối hợp tổ chức thực tập tại các doanh nghiệp", bold=True)
    para(d, ATTACHED, italic=True)
    body(d)
    return _save(d)


def words(chapters=CHAPTERS) -> list[str]:
    """Every line of the chapters in reading order."""
    return [x for line, name, arts in chapters for x in (line, name, *(y for a in arts for y in a))]
