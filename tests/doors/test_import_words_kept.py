"""Words of other offices' documents that import used to lose (issue 25, measured word by word
with ``benchmarks/tables_roundtrip.py --diff`` and ``benchmarks/others.py --diff``), each layout
built as a real .docx with python-docx the way the failing documents lay it out, imported, rendered
again, and every word of the part that failed found back in the same order.

Door matrix (guarantee x door), each cell one parametrized case below:

=========================================================================  =======  ===  ===
guarantee                                                                  library  CLI  web
=========================================================================  =======  ===  ===
an appendix's paragraphs between and after its tables come back in order      x      x    -
the issuer the "Kèm theo … của …" line names is the one composed again        x      x    -
an appendix's paragraph after its last numbered section comes back, after     x      x    -
"Về việc …" under a công văn's number is its subject (V/v); every word back    x      x    -
"Kính gửi:" alone on its row: the recipients on the row under it, in order    x      x    -
a date line with mail-merge fields: the place kept, the date blank            x      x    -
the three letter layouts together                                             x      x    -
=========================================================================  =======  ===  ===
(-: the web imports a .docx only as the parent of the derive page, whose letters and plans carry
neither the parent's appendices nor its header; the web's import of a parent is the library call.)
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL, WD_BREAK

import vanban
from support.office_layouts import document, para
from test_import_layouts import _words
from vanban.cli import main
from vanban.deliver import documents
from vanban.reading import word

ATTACHED = "(Kèm theo Kế hoạch số 05/KH-SGDĐT ngày 08/02/2024 của Sở Giáo dục và Đào tạo tỉnh Lai Châu)"
GRID = [["STT", "Tên hàng hóa", "Đơn vị tính", "Số lượng"],
        ["1", "Bàn học sinh", "Chiếc", "40"],
        ["2", "Ghế học sinh", "Chiếc", "80"],
        ["3", "Bảng chống lóa", "Chiếc", "2"]]
NOTES = ["* Ghi chú: Nếu không có dịch vụ liên quan thì xoá bảng này.", "Ấn định danh sách có: 3 người."]
SECTIONS = [("I. NỘI DUNG MUA SẮM", True), ("1. Mua bàn ghế cho các lớp học.", False),
            ("2. Mua bảng chống lóa cho phòng học bộ môn.", False)]
AFTER_SECTIONS = "Các đơn vị gửi đề xuất về Sở trước ngày 20/5/2024."
MERGE_DATE = "Lai Châu, ngày {{NGAY_KY}} tháng {{THANG_KY}} năm {{NAM_KY}}"


def _table(d, grid):
    t = d.add_table(rows=len(grid), cols=len(grid[0]))
    t.style = "Table Grid"
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            para(t.rows[r].cells[c], text, bold=r == 0, size=13)


def _plan_with_appendix(sectioned: bool) -> bytes:
    """A kế hoạch (the layouts of support.office_layouts) with an appendix after the signature:
    its title, the Kèm theo line, then a table and the notes under it (the bidding forms of a
    provincial hospital), or numbered sections and a paragraph after the last."""
    data, _exp = document("ke_hoach")
    d = docx.Document(io.BytesIO(data))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(d, "PHỤ LỤC", bold=True)     # one appendix: no number
    para(d, "DANH SÁCH HÀNG HÓA MUA SẮM", bold=True)
    para(d, ATTACHED, italic=True)
    if sectioned:
        for text, bold in SECTIONS:
            para(d, text, bold=bold, align=AL.JUSTIFY)
        para(d, AFTER_SECTIONS, align=AL.JUSTIFY)
    else:
        _table(d, GRID)
        for text in NOTES:
            para(d, text, italic=text.startswith("*"), align=AL.LEFT)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


#: Layouts of a hospital's letters to the social insurance office, one switch each: the subject
#: written out "Về việc …" under the number, "Kính gửi:" alone on its row of a table with the
#: recipients on the row under it, the date line of a mail-merge template.
LETTERS = {"subject_written_out": dict(vv="Về việc"), "kinh_gui_on_its_own_row": dict(kinh_gui="rows"),
           "date_with_merge_fields": dict(date=MERGE_DATE),
           "all_three": dict(vv="Về việc", kinh_gui="rows", date=MERGE_DATE)}


def _imported(door: str, path: Path, tmp: Path):
    """The model the door imports, and the YAML's comments (what it could not place)."""
    if door == "library":
        imported = documents.import_any(path)
        return imported.doc, " ".join(t for _k, t in imported.unplaced)
    out = tmp / "out.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code in (0, 3), result.output
    text = out.read_text(encoding="utf-8")
    return vanban.load(out), " ".join(line[1:] for line in text.splitlines() if line.startswith("#")
                                      and "vanban" not in line)


def _rendered_words(doc) -> list[str]:
    """The words of the document rendered again, in reading order (tables row by row)."""
    return _words(" ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs))


def _in_order(part: list[str], whole: list[str]) -> bool:
    """``part`` is a subsequence of ``whole``: every word, in the same order."""
    it = iter(whole)
    return all(w in it for w in part)


def _first_out_of_order(part: list[str], whole: list[str]) -> list[str]:
    it = iter(whole)
    return next((part[k:k + 8] for k, w in enumerate(part) if w not in it), [])


@pytest.mark.parametrize("door", ["library", "cli"])
def test_an_appendix_keeps_its_notes_under_the_table_and_its_kem_theo_line(door, tmp_path):
    path = tmp_path / "plan-appendix.docx"
    path.write_bytes(_plan_with_appendix(sectioned=False))
    doc, comments = _imported(door, path, tmp_path)
    assert len(doc.phu_luc) == 1 and doc.phu_luc[0].ten == "DANH SÁCH HÀNG HÓA MUA SẮM"
    for note in NOTES:
        assert note.strip(".") not in comments, comments
    got = _rendered_words(doc)
    appendix = _words(" ".join(["Phụ lục", "DANH SÁCH HÀNG HÓA MUA SẮM", ATTACHED,
                                *(" ".join(row) for row in GRID), *NOTES]))
    assert _in_order(appendix, got), _first_out_of_order(appendix, got)
    # The issuer as the Kèm theo line names it: composed again word for word.
    assert doc.co_quan.ten_goi == "Sở Giáo dục và Đào tạo tỉnh Lai Châu"
    assert ATTACHED in " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs)


@pytest.mark.parametrize("door", ["library", "cli"])
def test_an_appendix_keeps_the_paragraph_after_its_last_section(door, tmp_path):
    path = tmp_path / "plan-appendix-sections.docx"
    path.write_bytes(_plan_with_appendix(sectioned=True))
    doc, comments = _imported(door, path, tmp_path)
    assert AFTER_SECTIONS.rstrip(".") not in comments, comments
    got = _rendered_words(doc)
    appendix = _words(" ".join([t for t, _b in SECTIONS] + [AFTER_SECTIONS]))
    assert _in_order(appendix, got), _first_out_of_order(appendix, got)
    # The sections keep their numbers: the paragraph after them takes none.
    texts = [p.text for p in word.read(vanban.render_bytes(doc)).paragraphs]
    at = texts.index(AFTER_SECTIONS)
    assert texts[at - 3:at] == ["I. NỘI DUNG MUA SẮM", "1. Mua bàn ghế cho các lớp học.",
                                "2. Mua bảng chống lóa cho phòng học bộ môn."], texts[at - 4:at + 1]


@pytest.mark.parametrize("layout", sorted(LETTERS))
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_letter_keeps_its_subject_recipients_and_place(door, layout, tmp_path):
    kw = LETTERS[layout]
    path = tmp_path / f"{layout}.docx"
    path.write_bytes(document(**kw)[0])
    doc, comments = _imported(door, path, tmp_path)
    assert doc.trich_yeu == "triển khai công tác năm học 2024 - 2025"
    assert doc.kinh_gui == ["Phòng GD&ĐT các huyện, thành phố", "Các trường THPT trực thuộc"]
    assert doc.co_quan.dia_danh == "Lai Châu"
    if "date" in kw:      # the fields are blanks of a draft
        assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (None, None, None)
    assert "Kính gửi" not in comments and "Về việc" not in comments and "Lai Châu, ngày" not in comments, comments
    got = _rendered_words(doc)
    src = docx.Document(io.BytesIO(path.read_bytes()))
    text = " ".join(p.text for t in src.tables for c in t._cells for p in c.paragraphs) + " " + \
        " ".join(p.text for p in src.paragraphs)
    source = [w for w in _words(re.sub(r"\{\{\w+\}\}", " ", text)) if w not in ("về", "việc")]
    # Every word comes back (the merge fields print as blanks, "Về việc" as the decree's "V/v").
    assert not set(source) - set(got), sorted(set(source) - set(got))
    # The recipients in order after the label.
    kg = _words("Kính gửi: - Phòng GD&ĐT các huyện, thành phố; - Các trường THPT trực thuộc.")
    assert _in_order(kg, got), _first_out_of_order(kg, got)
