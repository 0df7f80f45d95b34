"""A scanned decision whose day and signature the OCR could not read, with its guidance attached
after Nơi nhận, comes back as a quyết định with the guidance as its appendix (issue 25, found on the
sixth set of other offices' documents, benchmarks/corpus/others6.tsv: a university's quyết định
ban hành hướng dẫn, page 1 a scan, kept 87 % of its words, 29 % once its date line was read).

Two readings failed on it, each general: the date line "Khánh Hòa, ngày ,ÌÔ tháng 5 năm 2019" (the
OCR of a stamped day) was no date line, so the header ended early and the decision's title,
grounds and articles were lost; and with no signing authority and no name read, the signature was
taken from the first capitals after Nơi nhận, which were the guidance's name "HƯỚNG DẪN", so the
guidance was the signature's and not an appendix.

Built as a real .docx with python-docx the way the page was read: header table, title, grounds,
articles, Nơi nhận alone in a table (the signature column lost), then the guidance's name, its
"(Ban hành kèm theo …)" line and its numbered sections.

Door matrix (guarantee x door), each cell one parametrized case below:

=========================================================================  =======  ===  ===
guarantee                                                                  library  CLI  web
=========================================================================  =======  ===  ===
an unreadable day leaves the day blank (a warning), the kind and body kept    x      x    -
the guidance after Nơi nhận is the appendix, not the signature                x      x    -
=========================================================================  =======  ===  ===
(-: the web imports a .docx only as the parent of the derive page; that is the library call.)
"""
from __future__ import annotations


import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.shared import Mm

import vanban
from support.office_layouts import MOTTO, QH, para, saved
from test_import_layouts import _words
from doors.test_import_words_kept import _imported, _in_order
from vanban.model import Loai
from vanban.reading import word

BODY = ["Căn cứ Quyết định số 70/2014/QĐ-TTg ngày 10/12/2014 của Thủ tướng Chính phủ về Điều lệ trường đại học;",
        "Xét đề nghị của Trưởng phòng Đào tạo Đại học.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Hướng dẫn thực hiện công tác tốt nghiệp.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."]
GUIDE = ["I. Các hình thức trong công tác tốt nghiệp",
         "1. Sinh viên thực hiện đồ án hoặc khóa luận tốt nghiệp.",
         "2. Sinh viên học các học phần thay thế.",
         "II. Tổ chức thực hiện",
         "1. Các khoa tổ chức cho sinh viên đăng ký đề tài."]


def _scanned_decision() -> bytes:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            t.rows[r].cells[c].width = Mm(80)
    para(t.rows[0].cells[0], "BỘ GIÁO DỤC VÀ ĐÀO TẠO", size=13)
    para(t.rows[0].cells[0], "TRƯỜNG ĐẠI HỌC NHA TRANG", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    para(t.rows[1].cells[0], "Số: 506/QĐ-ĐHNT", size=13)
    para(t.rows[1].cells[1], "Khánh Hòa, ngày ,ÌÔ tháng 5 năm 2019", italic=True)
    para(d, "QUYẾT ĐỊNH", bold=True)
    para(d, "Về việc ban hành Hướng dẫn thực hiện công tác tốt nghiệp", bold=True)
    para(d, "HIỆU TRƯỞNG TRƯỜNG ĐẠI HỌC NHA TRANG", bold=True)
    for text in BODY:
        para(d, text, bold=text == "QUYẾT ĐỊNH:", align=AL.CENTER if text == "QUYẾT ĐỊNH:" else AL.JUSTIFY)
    nn = d.add_table(rows=1, cols=1)
    para(nn.rows[0].cells[0], "Nơi nhận:", bold=True, italic=True, size=12, align=AL.LEFT)
    para(nn.rows[0].cells[0], "- Các đơn vị liên quan;", size=11, align=AL.LEFT)
    para(nn.rows[0].cells[0], "- Lưu: VT, ĐTĐH.", size=11, align=AL.LEFT)
    para(d, "HƯỚNG DẪN", bold=True)
    para(d, "(Ban hành kèm theo Quyết định số 506/QĐ-ĐHNT ngày 16 tháng 5 năm 2019", italic=True)
    para(d, "của Hiệu trưởng Trường Đại học Nha Trang)", italic=True)
    for text in GUIDE:
        para(d, text, bold=text[:2] in ("I.", "II"), align=AL.JUSTIFY)
    return saved(d)


@pytest.mark.parametrize("door", ["library", "cli"])
def test_an_unreadable_day_leaves_it_blank_and_keeps_the_decision(door, tmp_path):
    path = tmp_path / "qd-scan.docx"
    path.write_bytes(_scanned_decision())
    doc, comments = _imported(door, path, tmp_path)
    assert doc.loai is Loai.quyet_dinh
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2019, 5, None)
    assert "Điều lệ trường đại học" not in comments, comments
    if door == "library":
        from vanban.deliver import documents
        warnings = documents.import_any(path).warnings
        assert any(",ÌÔ" in w for w in warnings), warnings


@pytest.mark.parametrize("door", ["library", "cli"])
def test_the_guidance_after_noi_nhan_is_the_appendix_not_the_signature(door, tmp_path):
    path = tmp_path / "qd-scan.docx"
    path.write_bytes(_scanned_decision())
    doc, comments = _imported(door, path, tmp_path)
    assert [a.ten for a in doc.phu_luc] == ["HƯỚNG DẪN"], doc.phu_luc
    assert "HƯỚNG DẪN" not in (doc.ky.chuc_vu or "")
    for text in GUIDE:
        assert text.split(" ", 1)[1] not in comments, comments
    printed = " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs)
    assert _in_order(_words(" ".join(GUIDE)), _words(printed)), printed[-1000:]
