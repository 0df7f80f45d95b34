"""The signature stamp's lines read (vanban.decree.signature_stamp): what is a stamp, what is not."""
from __future__ import annotations

import pytest

from vanban.decree.signature_stamp import SignatureStamp, describe, read_stamp, stamp_field
from vanban.i18n import set_language


@pytest.mark.parametrize("text, want", [
    ("Ký bởi: Sở Giáo dục và Đào tạo", ("signer", "Sở Giáo dục và Đào tạo")),
    ("Người ký:Nguyễn Văn A", ("signer", "Nguyễn Văn A")),
    ("Thời gian ký: 12.03.2024 09:15:22 +07:00", ("time", "12.03.2024 09:15:22 +07:00")),
    ("Ngày ký: 2024-03-12", ("time", "2024-03-12")),
    ("Giờ ký: 09:15", ("time", "09:15")),
    ("EMAIL: vp@laichau.gov.vn", ("email", "vp@laichau.gov.vn")),
    ("Cơ quan: Tỉnh Lai Châu", ("agency", "Tỉnh Lai Châu")),
    # Not a stamp's line: a time without a date or an hour, an address without @, no value, running text.
    ("Thời gian ký: theo quy định", None), ("Email: chưa có", None), ("Ký bởi:", None),
    ("Thời gian: 08 giờ 00 ngày 15/3/2024", None), ("Cơ quan chủ trì: Sở Tài chính", None),
    ("Căn cứ Ngày ký: 12/03/2024", None),
])
def test_a_stamp_line_is_a_label_and_the_value_it_names(text, want):
    assert stamp_field(text) == want


def test_a_stamp_reads_who_signed_when_with_a_wrapped_value_and_a_split_time():
    lines = ["Người ký: Hoàng Văn Trinh", "Cơ quan: Liên đoàn Lao động", "tỉnh Lai Châu",
             "Ngày ký: 12/03/2024", "Giờ ký: 09:15:22"]
    assert read_stamp(lines) == SignatureStamp(signer="Hoàng Văn Trinh", agency="Liên đoàn Lao động tỉnh Lai Châu",
                                               time="12/03/2024 09:15:22", lines=tuple(lines))


@pytest.mark.parametrize("lines", [
    ["Email: vp@laichau.gov.vn", "Cơ quan: Tỉnh Lai Châu"],          # a letter's contact lines: no signer, no time
    ["Ký bởi: Sở Giáo dục và Đào tạo"],                                # one line is no box
    ["UBND TỈNH LAI CHÂU", "Ký bởi: Sở Tài chính", "Thời gian ký: 12/03/2024"],   # a box starts with a label
])
def test_what_is_no_stamp(lines):
    assert read_stamp(lines) is None


def test_the_line_said_names_the_signer_the_time_and_the_page_in_vietnamese():
    set_language("vi")
    try:
        line = describe(SignatureStamp(signer="Sở Tài chính", time="12.03.2024 09:15:22 +07:00", page=1))
        assert line == ("ký số bởi Sở Tài chính, thời gian ký 12.03.2024 09:15:22 +07:00 "
                        "(dấu chữ ký số ở trang 1, không tính vào nội dung văn bản)")
        assert describe(SignatureStamp(agency="Tỉnh Lai Châu", page=2)).startswith("ký số bởi Tỉnh Lai Châu (dấu")
    finally:
        set_language(None)
