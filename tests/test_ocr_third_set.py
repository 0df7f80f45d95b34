"""Reading faults shown by the third set of other offices' documents (issue 20, benchmarks/corpus/others3.tsv):
each with a small page built here, never the corpus files."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from vanban.reading import ocr, ocr_columns, vocabulary
from vanban.model import load_text
from vanban.reading.geometry import Word
from vanban.rendering.renderer import render_bytes


def _row(texts_x: list[tuple[str, float, float]], top: float) -> list[Word]:
    return [Word(t, x0, x1, top, top + 12, 13, conf=90) for t, x0, x1 in texts_x]


# A scanned Sở's header: the rule under "SỞ Y TẾ" is read as "¬" 47 pt wide, lying across the gap
# between the agency's column and the national name's (found on a Sở Y tế's scans).
HEADER = (_row([("UBND", 92, 125), ("TỈNH", 131, 162), ("GIANG", 200, 243), ("CỘNG", 257, 298), ("HÒA", 302, 331),
                 ("XÃ", 335, 353), ("HỘI", 358, 381), ("CHỦ", 386, 415), ("NGHĨA", 417, 461)], 56)
          + _row([("SỞ", 134, 159), ("Y", 161, 170), ("TẾ", 175, 191), ("Độc", 305, 333), ("lập", 335, 355),
                 ("Tự", 367, 388), ("do", 392, 417), ("Hạnh", 424, 452)], 80)
          + _row([("¬", 241, 288), ("—", 360, 366)], 88)
          + _row([("Số:", 114, 136), ("/SYT-TCCB", 163, 228), ("Kiên", 294, 321), ("Giang,", 325, 361),
                 ("ngày", 367, 394), ("tháng", 419, 450)], 108))


def test_a_rule_read_as_a_sign_does_not_close_the_gap_between_the_header_columns():
    gap = ocr.column_gap(HEADER, 595)
    assert gap is not None and 243 < gap < 257


def test_the_header_zone_reaches_the_number_line_below_a_rule():
    top, bottom = ocr.header_zone(HEADER, 842, 595)
    assert top < 56 and bottom >= 120          # the number and date row is read in columns too


def test_a_word_across_the_gap_still_closes_it():
    words = HEADER + _row([("Kính", 150, 180), ("gửi:", 184, 204), ("các", 210, 400)], 140)
    assert ocr.column_gap(words, 595) is None


def _header_row(conf: float) -> list[Word]:
    return [Word("Số:", 80, 100, 80, 92, 13, conf=conf), Word("3588/QĐ-BGDĐT", 104, 200, 80, 92, 13, conf=conf),
            Word("Hà", 320, 335, 80, 92, 13, conf=conf)]


def test_the_columns_read_apart_are_kept_when_tesseract_is_a_little_less_sure_of_them():
    # The whole page's reading interleaves the columns' lines; its confidence does not show it.
    apart = lambda x, y, w, h: [Word("Số" if x == 0 else "Hà", x + 1, x + 9, y + 4, y + 14, 13, conf=75)]  # noqa: E731
    first = _header_row(78)
    assert [w.text for w in ocr_columns.read_columns(first, (70, 100), 595, apart)] == ["Số", "Hà"]


def test_the_first_reading_is_kept_when_the_columns_read_apart_are_far_worse():
    worse = lambda x, y, w, h: [Word("kh", x + 1, x + 9, y + 4, y + 14, 13, conf=55)]  # noqa: E731
    first = _header_row(78)
    assert ocr_columns.read_columns(first, (70, 100), 595, worse) == first


@pytest.mark.parametrize("read, fixed", [
    (["só;4#12", "/SYT-TCCB"], ["Số: 4#12", "/SYT-TCCB"]),     # the colon read as a semicolon, glued
    (["Só;", "05/KH"], ["Số:", "05/KH"]),
    (["Kinh", "gửi;", "Sở", "Y", "tế"], ["Kính", "gửi:", "Sở", "Y", "tế"]),
    (["`", "só;4#12", "/SYT-TCCB"], ["", "Số: 4#12", "/SYT-TCCB"]),  # a speck before the label: left empty
    (["Lưu;", "VT"], ["Lưu;", "VT"]),                          # not a label: left as read
    (["-", "Lưu:", "VT"], ["-", "Lưu:", "VT"]),
])
def test_a_label_whose_colon_ocr_read_as_a_semicolon_is_put_right(read, fixed):
    assert vocabulary.correct_label(read) == fixed


def test_a_table_without_headings_whose_first_cell_is_merged_down_renders():
    # An imported PDF's table (a social-insurance decision's annex) had no heading row and a first
    # cell covering three rows: rendering it crashed ("the merge covers 3 rows but only 1 …").
    doc = load_text("""loai: ke_hoach
co_quan: {ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}
ngay: 2024-03
trich_yeu: Thử bảng
ky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}
noi_dung:
  - bang:
      dong: [[{noi_dung: Nhóm 1, gop_dong: 3}, Mục a], [Mục b], [Mục c]]
""")
    with zipfile.ZipFile(io.BytesIO(render_bytes(doc))) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    table = [t for t in body.iter("{%s}tbl" % ns["w"]) if "Nhóm 1" in "".join(t.itertext())][0]
    rows = table.findall("w:tr", ns)
    assert len(rows) == 3 and [len(r.findall("w:tc", ns)) for r in rows] == [2, 2, 2]
    assert len(table.findall(".//w:vMerge", ns)) == 3           # the first column merged down its three rows
    assert "".join(rows[2].itertext()).endswith("Mục c")


@pytest.mark.parametrize("read, fixed", [
    (["CỘNG", "HÒA", "XÃHỘI", "CHỦNGHĨA", "VIỆT", "NAM"], ["CỘNG", "HÒA", "XÃ HỘI", "CHỦ NGHĨA", "VIỆT", "NAM"]),
    (["CỘNG", "HOÀ", "XÃHỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"], ["CỘNG", "HÒA", "XÃ HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"]),
    (["ỦYBAN", "NHÂN", "DÂN"], ["ỦY BAN", "NHÂN", "DÂN"]),
    (["TỈNH", "KIÊNGIANG"], ["TỈNH", "KIÊNGIANG"]),                   # a place's name is no phrase of the decree
])
def test_the_national_name_whose_short_words_ocr_glued_is_put_right(read, fixed):
    assert vocabulary.correct(read) == fixed


def test_a_dash_glued_before_the_number_label_goes():
    assert vocabulary.correct_label(["-Số:", "506/4", "/QĐ-SYT"]) == ["Số:", "506/4", "/QĐ-SYT"]


def test_a_speck_before_the_number_label_leaves_the_line_without_repeating_a_word():
    from vanban.reading.geometry import Line, PageWords, _fixed_words
    words = [Word("`", 100, 104, 100, 112, 13, conf=40), Word("só;4#12", 108, 150, 100, 112, 13, conf=60),
             Word("/SYT-TCCB", 154, 220, 100, 112, 13, conf=90)]
    line = Line(words=words, page=0)
    _fixed_words([PageWords(width=595, height=842, words=words, ocr=True)], [line])
    assert line.text == "Số: 4#12 /SYT-TCCB"
