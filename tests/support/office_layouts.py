"""Documents laid out the way offices outside the project lay them out (issue 20), as real .docx.

One builder, :func:`document`, with one switch per layout a real office uses: the type name and
the subject on one line or split over lines in either case, an agency name over three lines, a
header table with an empty column, ``V/v:`` with a colon, Kính gửi in a table cell, Nơi nhận and
the signature in separate tables or typed with tabs, the closing block inside the last body
paragraph (line breaks), items numbered by Word (``w:numPr`` and numbering.xml) instead of typed
markers, and half-filled dates and numbers. Everything is set on runs and paragraphs with
python-docx plus raw XML, as a person's Word writes it; nothing of vanban's.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

TNR = "Times New Roman"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
W_NS = nsdecls("w")

#: Word's numbering formats per level of a list, by kind: (numFmt, lvlText).
LETTER_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("bullet", "-"))
PLAN_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-"))

#: (level, text, heading?) of the body, the markers typed or left to Word.
LETTER_BODY = [(0, "Tổ chức quán triệt nhiệm vụ năm học đến toàn thể cán bộ, giáo viên.", False),
               (1, "Các trường xây dựng kế hoạch chi tiết.", False),
               (1, "Các phòng chuyên môn theo dõi việc triển khai.", False),
               (2, "Báo cáo tiến độ hằng tháng.", False),
               (0, "Báo cáo kết quả về Sở trước ngày 20/5/2024.", False)]
PLAN_BODY = [(0, "MỤC ĐÍCH, YÊU CẦU", True), (1, "Mục đích", True), (None, "Nâng cao kỹ năng thực hành cho sinh viên.", False),
             (1, "Yêu cầu", True), (2, "Bảo đảm tiến độ.", False), (2, "Bảo đảm an toàn.", False),
             (0, "TỔ CHỨC THỰC HIỆN", True), (1, "Các khoa triển khai thực hiện.", False),
             (2, "Lập danh sách sinh viên.", False), (3, "Gửi về phòng Đào tạo.", False)]
LETTER_MARKS = ["1.", "a)", "b)", "-", "2."]
PLAN_MARKS = ["I.", "1.", None, "2.", "a)", "b)", "II.", "1.", "a)", "-"]


@dataclass
class Expected:
    """What the import must find."""
    loai: str
    code: str
    trich_yeu: str
    kinh_gui: list = field(default_factory=list)
    noi_nhan: list = field(default_factory=lambda: ["Như trên", "Giám đốc Sở (để b/c)"])
    luu: list = field(default_factory=lambda: ["VT", "GDTrH"])
    kt: str = "GIÁM ĐỐC"
    chuc_vu: str = "PHÓ GIÁM ĐỐC"
    ho_ten: str = "Nguyễn Văn An"
    agency: list = field(default_factory=list)
    chu_quan: list = field(default_factory=list)


def _run_xml(text: str, bold=False, italic=False, size=14) -> str:
    props = f'<w:rFonts w:ascii="{TNR}" w:hAnsi="{TNR}"/>' + ("<w:b/>" if bold else "") + \
        ("<w:i/>" if italic else "") + f'<w:sz w:val="{size * 2}"/>'
    out = []
    for k, piece in enumerate(text.split("\n")):
        if k:
            out.append("<w:r><w:br/></w:r>")
        for j, part in enumerate(piece.split("\t")):
            if j:
                out.append("<w:r><w:tab/></w:r>")
            if part:
                out.append(f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def para(container, text: str, bold=False, italic=False, align=AL.CENTER, size=14, num=None):
    """A paragraph typed into ``container`` (a fresh cell's empty paragraph is used first); ``\\n``
    is a line break (Shift+Enter), ``\\t`` a tab; ``num``: (numId, level) Word numbers it with."""
    ps = container.paragraphs
    fresh_cell = getattr(container, "_tc", None) is not None and len(ps) == 1 and not ps[0].runs \
        and not ps[0].text
    p = ps[0] if fresh_cell else container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    if num is not None:
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'))
    for el in parse_xml(f"<w:p {W_NS}>{_run_xml(text, bold, italic, size)}</w:p>"):
        p._p.append(el)
    return p


def add_numbering(d, levels, num_id: int = 90, start: int = 1) -> int:
    """A list definition in numbering.xml (abstractNum + num) with the given formats; its numId."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="{start if k == 0 else 1}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr></w:lvl>'
        for k, (fmt, text) in enumerate(levels))
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{num_id}">'
                                  f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def _header(d, agency, number, date, vv, empty_column):
    cols = 3 if empty_column else 2
    t = d.add_table(rows=2, cols=cols)
    left_col, right_col = 0, cols - 1
    for r in range(2):
        for c in range(cols):
            t.rows[r].cells[c].width = Mm(10 if empty_column and c == 1 else 75)
    left, right = t.rows[0].cells[left_col], t.rows[0].cells[right_col]
    for k, line in enumerate(agency):
        para(left, line, bold=k > 0 or len(agency) == 1, size=13)
    para(right, QH, bold=True, size=13)
    para(right, MOTTO, bold=True)
    left, right = t.rows[1].cells[left_col], t.rows[1].cells[right_col]
    para(left, number, size=13)
    if vv:
        para(left, vv, size=12)
    para(right, date, italic=True)


def _kinh_gui(d, how: str, names: list[str]):
    entries = [f"- {n};" if k < len(names) - 1 else f"- {n}." for k, n in enumerate(names)]
    if how == "paragraphs":
        para(d, "Kính gửi:")
        for e in entries:
            para(d, e)
    elif how == "cell":          # "Kính gửi:" in one cell, the recipients in the cell beside it
        t = d.add_table(rows=1, cols=2)
        para(t.rows[0].cells[0], "Kính gửi:", align=AL.RIGHT)
        for e in entries:
            para(t.rows[0].cells[1], e, align=AL.LEFT)
    elif how == "rows":          # "Kính gửi:" alone on its row, the recipients on the row under it
        t = d.add_table(rows=2, cols=2)
        para(t.rows[0].cells[0], "Kính gửi:", align=AL.RIGHT)
        for e in entries:
            para(t.rows[1].cells[1], e, align=AL.LEFT)
    elif how == "one_cell":      # the label and the list in one cell
        t = d.add_table(rows=1, cols=1)
        para(t.rows[0].cells[0], "Kính gửi:")
        for e in entries:
            para(t.rows[0].cells[0], e)


def _closing(d, how: str, authority: str, title: str, name: str, entries: list[str], last_body=None):
    label = "Nơi nhận:"
    if how == "table":
        t = d.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        para(left, label, bold=True, italic=True, align=AL.LEFT, size=12)
        for e in entries:
            para(left, e, align=AL.LEFT, size=11)
        for line in (authority, title, "", "", name):
            para(right, line, bold=True)
    elif how == "separate_tables":   # Nơi nhận in a one-column table, the signature in another
        t = d.add_table(rows=1, cols=1)
        para(t.rows[0].cells[0], label, bold=True, italic=True, align=AL.LEFT, size=12)
        for e in entries:
            para(t.rows[0].cells[0], e, align=AL.LEFT, size=11)
        s = d.add_table(rows=1, cols=2)
        for line in (authority, title, "", "", name):
            para(s.rows[0].cells[1], line, bold=True)
    elif how == "tabs":
        lines = [f"{label}\t\t\t{authority}", f"{entries[0]}\t\t\t{title}"] + entries[1:] + ["", f"\t\t\t\t{name}"]
        for line in lines:
            para(d, line, align=AL.LEFT, size=12)
    elif how == "in_last_paragraph":   # Shift+Enter after the last sentence, the columns typed with tabs
        lines = [f"{label}\t\t\t{authority}", f"{entries[0]}\t\t\t{title}"] + entries[1:] + ["", f"\t\t\t\t{name}"]
        for r in list(parse_xml(f"<w:p {W_NS}>{_run_xml(chr(10) + chr(10).join(lines), size=12)}</w:p>")):
            last_body._p.append(r)


def grid_table(d, rows: list[list[str]]):
    """A data table drawn with lines ("Table Grid"), its first row in bold, as offices type one."""
    g = d.add_table(rows=len(rows), cols=len(rows[0]))
    g.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            para(g.rows[r].cells[c], text, bold=r == 0, size=13)
    return g


def saved(d) -> bytes:
    """The bytes of a python-docx document."""
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def document(kind: str = "cong_van", *, title: str = "split", agency=("UBND TỈNH LAI CHÂU", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
             empty_column: bool = False, vv: str = "V/v", kinh_gui: str = "paragraphs", closing: str = "table",
             numbering: str = "typed", number: str = "", date: str = "Lai Châu, ngày 08 tháng 02 năm 2024",
             start: int = 1) -> tuple[bytes, Expected]:
    """A .docx of ``kind`` (cong_van or ke_hoach) in the layout the switches say, and what it says."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    plan = kind == "ke_hoach"
    code = "KH-SGDĐT" if plan else "SGDĐT-GDTrH"
    number = number or f"Số: 05/{code}"
    subject = "Triển khai thực tập doanh nghiệp năm 2026" if plan else "triển khai công tác năm học 2024 - 2025"
    _header(d, list(agency), number, date, None if plan else f"{vv} {subject}", empty_column)
    if plan:
        upper = subject.upper()
        lines = {"split": ["KẾ HOẠCH", subject], "one_line": [f"KẾ HOẠCH {upper}"],
                 "split_upper": ["KẾ HOẠCH", "TRIỂN KHAI THỰC TẬP DOANH NGHIỆP", "NĂM 2026"],
                 "title_line_continued": ["KẾ HOẠCH TRIỂN KHAI THỰC TẬP", "DOANH NGHIỆP NĂM 2026"]}[title]
        for text in lines:
            para(d, text, bold=True)
        expected_subject = subject if title == "split" else upper
    else:
        expected_subject = subject
    names = ["Phòng GD&ĐT các huyện, thành phố", "Các trường THPT trực thuộc"]
    if not plan:
        _kinh_gui(d, kinh_gui, names)
    para(d, "Căn cứ Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh, Sở hướng dẫn như sau:", align=AL.JUSTIFY)
    body, marks, levels = (PLAN_BODY, PLAN_MARKS, PLAN_LEVELS) if plan else (LETTER_BODY, LETTER_MARKS, LETTER_LEVELS)
    num_id = add_numbering(d, levels, start=start) if numbering == "numPr" else None
    for (level, text, heading), mark in zip(body, marks):
        if level is None or num_id is None:
            para(d, f"{mark} {text}" if mark else text, bold=heading, align=AL.JUSTIFY)
        else:
            para(d, text, bold=heading, align=AL.JUSTIFY, num=(num_id, level))
    last = para(d, "Sở Giáo dục và Đào tạo đề nghị các đơn vị nghiêm túc thực hiện./.", align=AL.JUSTIFY)
    entries = ["- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, GDTrH."]
    _closing(d, closing, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An", entries, last)
    buf = io.BytesIO()
    d.save(buf)
    superior = [a for k, a in enumerate(agency) if k == 0 and len(agency) > 1]
    return buf.getvalue(), Expected(kind, code, expected_subject, [] if plan else names,
                                    agency=list(agency[len(superior):]), chu_quan=superior)
