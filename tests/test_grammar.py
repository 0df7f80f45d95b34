"""Each element's grammar, printed by vanban and read back by ``check`` and ``import`` with the
same parser (vanban.decree): round trips, and the inputs on which check and import used to disagree."""
from __future__ import annotations

import io

import pytest

import vanban
from vanban import check
from vanban.decree import vn
from vanban.decree.markers import BULLETS, marker, parse_marker, read_marker
from vanban.decree.type_names import TYPE_NAMES, parse_type_name
from vanban.ingest import body, from_page, read_docx_bytes
from vanban.model import load_dict

from conftest import minimal
from support import human_docs
from test_check_word import run, set_content


@pytest.mark.parametrize("style", ["I", "1", "a", "dieu"])
def test_every_marker_reads_back(style):
    for i in range(1, 61):
        assert parse_marker(marker(style, i)) == (style, i), marker(style, i)
        assert parse_marker(marker(style, i) + " Nội dung") == (style, i)


def test_part_letters_read_back_but_those_that_are_roman_numerals():
    for i in range(1, 27):
        if marker("A", i)[0] not in "IVXLM":
            assert parse_marker(marker("A", i) + " NỘI DUNG") == ("A", i), marker("A", i)


def test_decimal_sub_items_read_back_with_their_parent():
    for parent in ("1", "2", "12", "3.4"):
        for i in range(1, 61):
            m = read_marker(marker("1.1", i, parent) + " Nội dung")
            assert (m.style, m.index, m.parent) == ("1.1", i, parent)
            assert body.marker(marker("1.1", i, parent) + " x")[0] == "1.1" + "." * parent.count(".")


@pytest.mark.parametrize("style", BULLETS)
def test_bullets_read_back_as_bullets(style):
    # A bullet prints no number: its index is not on the page, so it reads back as 0.
    assert parse_marker(marker(style, 7) + " Nội dung") == (style, 0)


def test_the_letter_sequence_after_y_is_doubled_both_ways():
    assert [vn.letter(i) for i in (5, 23, 24, 28, 46, 47)] == ["đ", "y", "aa", "đđ", "yy", "aaa"]
    assert all(vn.letter_index(vn.letter(i)) == i for i in range(1, 100))
    assert vn.letter_index("ab") == 0 and vn.letter_index("f") == 0


def test_thirty_lettered_items_printed_by_vanban_pass_its_own_check():
    """``vn.letter(24) == "aa"`` was printed by render and then failed by check's numbering rule."""
    items = [f"Việc thứ {i}." for i in range(1, 31)]
    doc = load_dict(minimal(noi_dung=[{"tieu_de": "Nhiệm vụ", "kieu_muc": "a", "muc": items}]))
    report = check.check_docx(vanban.render_bytes(doc), "thirty.docx")
    texts = [p.text for p in vanban.reading.word.read(vanban.render_bytes(doc)).paragraphs]
    assert any(t.startswith("aa) Việc thứ 24.") for t in texts) and any(t.startswith("đđ) ") for t in texts)
    assert [r.status for r in report.results if r.rule == "noi_dung.numbering"] == [check.PASS], \
        check.format_text(report)
    imported = from_page(read_docx_bytes(vanban.render_bytes(doc)), "thirty.docx").doc
    assert len(imported.noi_dung[0].muc) == 30


@pytest.mark.parametrize("text, expected", [
    ("1: Mục đích", None), ("IV: Tổ chức", None), ("2020. Năm bản lề", None),
    ("Điều 2 - Hiệu lực", ("dieu", 2)), ("Điều 3: Trách nhiệm", ("dieu", 3)), ("Điều 4. Thi hành", ("dieu", 4)),
    ("1.Mục đích", ("1", 1)), ("a)Bảo đảm", None), ("f) Bảo đảm", ("a", 0)), ("IIII. Sai", ("I", 0)),
])
def test_the_marker_grammar_that_check_and_import_disagreed_on(text, expected):
    assert parse_marker(text) == expected
    # import's body builder takes exactly the numbered markers of the same grammar.
    got = body.marker(text)
    assert (got is not None) == (expected is not None), got


@pytest.mark.parametrize("number, code", [(None, "UBND-VX"), (1, "KH-UBND"), (5, "LĐLĐ"), (244, "LĐLĐ"),
                                          (1178, "QĐ-BTP"), (12, "2024/QĐ-UBND")])
def test_number_lines_read_back(number, code):
    line = vn.parse_number_line(vn.so_ky_hieu(number, code))
    assert (line.number, line.code) == (number, code)


@pytest.mark.parametrize("text", ["Số:      /UBND-VX", "Số: ____/UBND-VX", "Số: …/UBND-VX", "Số: ....../UBND-VX",
                                  "Số /UBND-VX", "SỐ: __ /UBND-VX."])
def test_blank_number_lines_are_drafts(text):
    line = vn.parse_number_line(text)
    assert (line.number, line.code, line.extra) == (None, "UBND-VX", "")


@pytest.mark.parametrize("year, month, day", [(2023, 12, 8), (2024, 2, 29), (2024, 1, 1), (2026, None, None),
                                              (2024, 11, None), (None, None, None)])
def test_date_lines_read_back(year, month, day):
    line = vn.parse_date_line(vn.date_line("Lai Châu", year, month, day))
    assert (line.place, line.year, line.month, line.day) == ("Lai Châu", year, month, day)


@pytest.mark.parametrize("text, parts", [
    ("Hà Nội, ngày ___ tháng 02 năm 2024", (None, 2, 2024)),
    ("Lâm Đồng, ngày … tháng … năm 2026", (None, None, 2026)),
    ("Lai Châu, ngày 8 tháng 12 năm 2023", (8, 12, 2023)),
    ("Thành phố Hồ Chí Minh, ngày....tháng.....năm 2025", (None, None, 2025)),
])
def test_blank_date_lines(text, parts):
    line = vn.parse_date_line(text)
    assert (line.day, line.month, line.year) == parts


@pytest.mark.parametrize("text, parts, unread", [
    ("Khánh Hòa, ngày ,ÌÔ tháng 5năm 2019", (None, 5, 2019), ",ÌÔ"),     # a scan's OCR of a stamped day
    ("Hà Nội, ngày l| tháng 02 năm 2024", (None, 2, 2024), "l|"),
    ("Hà Nội, ngày 16 tháng 5 năm 2019", (16, 5, 2019), ""),
])
def test_a_date_line_whose_day_a_scan_could_not_read(text, parts, unread):
    line = vn.parse_date_line(text)
    assert (line.day, line.month, line.year, line.day_unread) == (*parts, unread)


def test_a_word_where_the_day_stands_is_no_date_line():
    assert vn.parse_date_line("Hà Nội, ngày hôm qua tháng 5 năm 2019") is None


def test_type_names_read_back():
    for name in TYPE_NAMES:
        assert parse_type_name(name) == name
        assert parse_type_name(name.lower()) == name
    assert parse_type_name("Kế hoạch triển khai") is None


def _draft() -> bytes:
    d, h = human_docs.build("letter")
    set_content(h["number"], run("Số: ____/SGDĐT-GDTrH", 13))
    set_content(h["date"], run("Lai Châu, ngày ___ tháng 02 năm 2024"))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_draft_with_underscores_reads_the_same_to_check_and_import():
    """"Số: ____/UBND-VX" and "ngày ___ tháng 02" parsed differently by check and import."""
    data = _draft()
    doc = from_page(read_docx_bytes(data), "draft.docx").doc
    assert doc.so is None and doc.code == "SGDĐT-GDTrH"
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2024, 2, None)
    report = check.check_docx(data, "draft.docx")
    for rule in ("so.leading_zero", "ky_hieu.abbreviation", "ngay.leading_zero", "ngay.place"):
        assert [r.status for r in report.results if r.rule == rule] == [check.PASS], (rule, check.format_text(report))


def test_check_and_import_locate_the_same_header_lines():
    """One locator: the lines check's Facts names are the blocks import places."""
    from vanban.reading import locate, word
    from vanban.reading.facts import from_docx
    from vanban.reading.lines import page_of
    data = _draft()
    document = word.read(data)
    facts = from_docx(document)
    page = page_of(document)
    h = locate.header(page.blocks)
    assert page.blocks[h.number].text == facts.number.text == "Số: ____/SGDĐT-GDTrH"
    assert page.blocks[h.date].text == facts.date.text
    assert page.blocks[h.quoc_hieu].text == facts.quoc_hieu.text
    assert page.blocks[h.tieu_ngu].text == facts.tieu_ngu.text
    assert page.blocks[h.number].source is facts.number.para      # each block keeps its paragraph
