"""Each Vietnamese writing rule on its own."""
import datetime as dt

import pytest

from vanban.decree import vn


@pytest.mark.parametrize("args, expected", [
    (("Lai Châu", 2023, 12, 8), "Lai Châu, ngày 08 tháng 12 năm 2023"),
    (("Lai Châu", 2024, 5, 10), "Lai Châu, ngày 10 tháng 5 năm 2024"),
    (("Hà Nội", 2024, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2024"),
    (("Hà Nội", 2024, 2, 29), "Hà Nội, ngày 29 tháng 02 năm 2024"),
    (("Hà Nội", 2024, 3, 1), "Hà Nội, ngày 01 tháng 3 năm 2024"),
    (("Thành phố Hồ Chí Minh", 2020, 10, 31), "Thành phố Hồ Chí Minh, ngày 31 tháng 10 năm 2020"),
])
def test_date_line_leading_zero_rule(args, expected):
    assert vn.date_line(*args) == expected


def test_date_line_draft_blanks():
    assert vn.date_line("Lai Châu", 2023, 11) == "Lai Châu, ngày    tháng 11 năm 2023"
    assert vn.date_line("Lai Châu", 2024, 2) == "Lai Châu, ngày    tháng 02 năm 2024"
    assert vn.date_line("Lào Cai", 2023) == "Lào Cai, ngày    tháng    năm 2023"


def test_date_line_rejects_impossible_dates():
    with pytest.raises(ValueError):
        vn.date_line("Lai Châu", 2023, 2, 30)
    with pytest.raises(ValueError):
        vn.date_line("Lai Châu", 2023, None, 5)


@pytest.mark.parametrize("d, expected", [
    (dt.date(2023, 11, 27), "27/11/2023"), (dt.date(2024, 1, 5), "05/01/2024"),
    (dt.date(2024, 4, 22), "22/4/2024"), (dt.date(2022, 2, 3), "03/02/2022"),
])
def test_short_date_in_citations(d, expected):
    assert vn.short_date(d) == expected


def test_number_has_two_digits_and_draft_blank():
    assert vn.doc_number(5) == "05"
    assert vn.doc_number(244) == "244"
    assert vn.doc_number(None).strip() == ""
    with pytest.raises(ValueError):
        vn.doc_number(0)


@pytest.mark.parametrize("type_abbr, agency, unit, expected", [
    ("KH", "UBND", None, "KH-UBND"), ("KH", "UBND", "VX", "KH-UBND"),
    (None, "UBND", "VX", "UBND-VX"), (None, "UBND", "GDĐT", "UBND-GDĐT"),
    (None, "LĐLĐ", None, "LĐLĐ"), ("QĐ", "ubnd", None, "QĐ-UBND"), ("TTr", "SGDĐT", None, "TTr-SGDĐT"), ("CTr", "UBND", None, "CTr-UBND"),
])
def test_ky_hieu(type_abbr, agency, unit, expected):
    assert vn.ky_hieu(type_abbr, agency, unit) == expected


def test_number_line():
    assert vn.so_ky_hieu(244, "LĐLĐ") == "Số: 244/LĐLĐ"
    assert vn.so_ky_hieu(5, "KH-UBND") == "Số: 05/KH-UBND"
    assert vn.so_ky_hieu(None, "KH-UBND") == "Số:      /KH-UBND"


def test_letters_follow_vietnamese_sequence_with_d_bar():
    assert [vn.letter(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert vn.letter(23) == "y" and vn.letter(24) == "aa"
    assert "f" not in vn.LETTERS and "j" not in vn.LETTERS and "w" not in vn.LETTERS


def test_roman():
    assert [vn.roman(i) for i in (1, 4, 5, 9, 14, 40)] == ["I", "IV", "V", "IX", "XIV", "XL"]


def test_casing_keeps_diacritics():
    assert vn.upper_vi("ủy ban nhân dân tỉnh lai châu") == "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert vn.upper_vi("sở giáo dục và đào tạo") == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert vn.name_case("HOÀNG VĂN TRINH") == "Hoàng Văn Trinh"
    assert vn.name_case("đặng thị  ỷ") == "Đặng Thị Ỷ"


def test_nfc_composes_combining_marks():
    decomposed = "Vie\u0302\u0323t Nam"
    assert vn.nfc(decomposed) == "Việt Nam"
    assert vn.upper_vi(decomposed) == "VIỆT NAM"


def test_smart_quotes_pair_left_to_right():
    assert vn.smart_quotes('Chương trình "A" và "B"') == "Chương trình “A” và “B”"


def test_list_entries_punctuation():
    assert vn.list_entries(["UBND tỉnh;", "Lưu: VT, TgNc"]) == ["- UBND tỉnh;", "- Lưu: VT, TgNc."]


def test_strip_marks_takes_every_mark_off_and_reads_d_stroke_as_d():
    assert vn.strip_marks("Đoàn Kết, Liên đoàn Lao động tỉnh Lai Châu") == "Doan Ket, Lien doan Lao dong tinh Lai Chau"
    assert vn.strip_marks("e\u0301") == "e" and vn.strip_marks("") == ""
