"""Chapters (``kieu_muc: chuong``): the marker's grammar both ways, the numbering walk that runs the
articles on across chapters, what the page prints, and an appendix in chapters."""
from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL

import vanban
from vanban.decree.kinds import ARTICLES, PLAN, with_top
from vanban.decree.markers import marker, parse_marker, read_marker
from vanban.model import numbering, printed
from conftest import minimal


@pytest.mark.parametrize("text, index", [("Chương I", 1), ("CHƯƠNG II", 2), ("Chương 3", 3), ("Chương IV.", 4),
                                         ("Chương V. QUY ĐỊNH CHUNG", 5), ("Chương XII", 12)])
def test_a_chapter_line_is_read(text, index):
    assert parse_marker(text) == ("chuong", index)


@pytest.mark.parametrize("text", ["Chương trình hành động số 49-CTr/TU", "Chương IIII", "chương I của Luật",
                                  "Chương I quy định"])
def test_running_text_is_no_chapter(text):
    m = read_marker(text)
    assert m is None or m.style != "chuong" or m.index == 0


def test_the_chapter_marker_is_written_in_roman_numerals_and_read_back():
    assert [marker("chuong", k) for k in (1, 2, 4, 9)] == ["Chương I", "Chương II", "Chương IV", "Chương IX"]
    assert all(parse_marker(marker("chuong", k)) == ("chuong", k) for k in range(1, 40))
    m = read_marker("Chương I. QUY ĐỊNH CHUNG")
    assert "Chương I. QUY ĐỊNH CHUNG"[m.end:] == "QUY ĐỊNH CHUNG"


def test_chapters_hold_articles_whatever_the_kind_numbers_by():
    assert with_top(ARTICLES, "chuong") == ("chuong", "dieu", "1", "a", "-")
    assert with_top(PLAN, "chuong") == ("chuong", "dieu", "1", "a", "-")
    assert with_top(PLAN, "1") == ("1",) + PLAN[1:] and with_top(PLAN, None) == PLAN


CHAPTERS = [{"tieu_de": "Quy định chung", "muc": [{"tieu_de": "Phạm vi", "muc": ["Khoản một.", "Khoản hai."]},
                                                  {"tieu_de": "Đối tượng", "doan": ["Cán bộ."]}]},
            {"tieu_de": "Tổ chức thực hiện", "muc": [{"tieu_de": "Hiệu lực", "doan": ["Từ ngày ký."]},
                                                     "Điều khoản không tên."]}]


def _regulation(**over):
    return minimal(**{"loai": "quy_che", "kieu_muc": "chuong", "noi_dung": CHAPTERS, **over})


def test_articles_are_numbered_on_across_chapters_and_their_clauses_from_1():
    doc = vanban.VanBan.model_validate(_regulation())
    got = [(n.marker, n.path) for n in numbering.walk(doc.noi_dung, doc.scheme) if not n.end]
    assert got == [("Chương I", "I"), ("Điều 1.", "I.1"), ("1.", "I.1.1"), ("2.", "I.1.2"), ("Điều 2.", "I.2"),
                   ("Chương II", "II"), ("Điều 3.", "II.3"), ("Điều 4.", "II.4")]


def test_a_chapter_prints_on_two_centred_lines_its_name_in_capitals():
    doc = vanban.VanBan.model_validate(_regulation())
    body = [(p.role, p.text) for p in printed.sections(doc.noi_dung, doc.scheme)]
    assert body[:2] == [("chapter", "Chương I"), ("chapter", "QUY ĐỊNH CHUNG")]
    assert ("chapter", "Chương II") in body and ("body", "Điều 4. Điều khoản không tên.") in body
    assert all(r.bold for p in printed.sections(doc.noi_dung, doc.scheme) if p.role == "chapter" for r in p.runs)


def test_an_appendix_in_chapters_numbers_its_own_articles_from_1():
    data = _regulation(kieu_muc=None, loai="quyet_dinh", noi_dung=["Ban hành kèm theo Quyết định này Quy chế."])
    data["phu_luc"] = [{"ten": "Quy chế làm việc", "kieu_muc": "chuong", "noi_dung": CHAPTERS}]
    rendered = docx.Document(io.BytesIO(vanban.render_bytes(vanban.VanBan.model_validate(data))))
    paras = [p for p in rendered.paragraphs if p.text.strip()]
    text = [p.text for p in paras]
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy chế." in text
    k = text.index("Chương I")
    assert text[k + 1] == "QUY ĐỊNH CHUNG" and paras[k].style.paragraph_format.alignment == AL.CENTER
    assert [t.split(".")[0] for t in text[k:] if t.startswith("Điều ")] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]


def test_chapters_under_a_section_are_refused_with_one_line_saying_where():
    with pytest.raises(vanban.InputError) as err:
        vanban.load(minimal(noi_dung=[{"tieu_de": "Mục", "kieu_muc": "chuong", "muc": ["Một."]}]))
    assert "noi_dung[1].kieu_muc" in str(err.value) and "top level only" in str(err.value)
