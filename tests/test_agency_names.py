"""An agency's name in running text, as Decree 30's appendix II capitalises it (vanban.decree.agency_names):
the "(Kèm theo … của …)" line of an appendix and the citations of derive print it."""
from __future__ import annotations

import pytest

from vanban.decree.agency_names import is_abbreviation, running_name
from vanban.model import load_text
from vanban.model.attached import attached_line

CASES = [
    # kind of body, then its field or function, each phrase opening in capitals
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
    ("BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ", "Bệnh viện Đa khoa tỉnh Phú Thọ"),
    ("TRUNG TÂM Y TẾ HUYỆN PHONG THỔ", "Trung tâm Y tế huyện Phong Thổ"),
    ("PHÒNG ĐÀO TẠO", "Phòng Đào tạo"),
    # the union's and the Party's bodies
    ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "Liên đoàn Lao động tỉnh Lai Châu"),
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Tổng Liên đoàn Lao động Việt Nam"),
    ("BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH", "Ban Thường vụ Liên đoàn Lao động tỉnh"),
    ("BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ", "Ban Chấp hành Công đoàn ngành Y tế"),
    ("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT HÒA THÀNH", "Công đoàn cơ sở Trường THPT Hòa Thành"),
    ("ĐẢNG ỦY XÃ BÌNH LƯ", "Đảng ủy xã Bình Lư"),
    ("TỈNH ỦY LAI CHÂU", "Tỉnh ủy Lai Châu"),
    # administrative bodies: the kind in lower case after its first word, the place in capitals
    ("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "Ủy ban nhân dân tỉnh Lai Châu"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU", "Hội đồng nhân dân tỉnh Lai Châu"),
    ("UBND HUYỆN PHONG THỔ", "UBND huyện Phong Thổ"),
    ("LĐLĐ TỈNH LAI CHÂU", "LĐLĐ tỉnh Lai Châu"),
    ("PHÒNG GD&ĐT HUYỆN TAM ĐƯỜNG", "Phòng GD&ĐT huyện Tam Đường"),
    ("THANH TRA SỞ Y TẾ", "Thanh tra Sở Y tế"),
    # proper names after an abbreviation and around a hyphen
    ("BỆNH VIỆN ĐK ĐỒNG NAI", "Bệnh viện ĐK Đồng Nai"),
    ("TRƯỜNG ĐẠI HỌC CÔNG NGHỆ THÔNG TIN VÀ TRUYỀN THÔNG VIỆT - HÀN",
     "Trường Đại học Công nghệ thông tin và Truyền thông Việt - Hàn"),
]


@pytest.mark.parametrize("printed,running", CASES)
def test_a_name_in_capitals_reads_in_running_text_as_appendix_ii_writes_it(printed, running):
    assert running_name(printed) == running


@pytest.mark.parametrize("word,abbr", [("UBND", True), ("THPT", True), ("GD&ĐT", True), ("P.", True),
                                       ("ĐK", True), ("SỞ", False), ("Y", False), ("TẾ", False)])
def test_an_abbreviation_is_a_word_that_is_no_syllable(word, abbr):
    assert is_abbreviation(word) is abbr


def test_an_appendix_of_the_union_names_it_as_its_charter_does():
    doc = load_text("loai: ke_hoach\nmau: cong_doan\nso: 12\nngay: 2026-12-05\ntrich_yeu: Tổ chức Tháng Công nhân\n"
                    "co_quan: {chu_quan: [TỔNG LĐLĐ VIỆT NAM], ten: [LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU], "
                    "viet_tat: LĐLĐ, dia_danh: Lai Châu}\n"
                    "ky: {tm: BAN THƯỜNG VỤ, chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn A}\nnoi_dung: [Một.]\n"
                    "phu_luc:\n  - ten: Phân công\n    noi_dung: [Hai.]\n")
    assert attached_line(doc) == "(Kèm theo Kế hoạch số 12/KH-LĐLĐ ngày 05/12/2026 của Liên đoàn Lao động tỉnh Lai Châu)"
