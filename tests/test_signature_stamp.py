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
    ("Thời gian ký:", ("time", "")),            # its value on the line under it
    ("Ký bởi:", ("signer", "")),
    ("SAO Y", ("copy", "")), ("SAO Y; CÔNG AN TỈNH; Thời gian ký: 2025-08-20T15:14:49+07:00",
                              ("copy", "CÔNG AN TỈNH; Thời gian ký: 2025-08-20T15:14:49+07:00")),
    ("Giờ ký: 09:15", ("time", "09:15")),
    ("EMAIL: vp@laichau.gov.vn", ("email", "vp@laichau.gov.vn")),
    ("Cơ quan: Tỉnh Lai Châu", ("agency", "Tỉnh Lai Châu")),
    # Not a stamp's line: a time without a date or an hour, an address without @, no value, running text.
    ("Thời gian ký: theo quy định", None), ("Email: chưa có", None),
    ("Thời gian: 08 giờ 00 ngày 15/3/2024", None), ("Cơ quan chủ trì: Sở Tài chính", None),
    ("Căn cứ Ngày ký: 12/03/2024", None),
])
def test_a_stamp_line_is_a_label_and_the_value_it_names(text, want):
    assert stamp_field(text) == want


@pytest.mark.parametrize("lines, want", [
    # As real signed PDFs of a province's offices carry them (benchmarks/corpus, vbai/).
    (["Ký bởi: ỦY BAN", "NHÂN DÂN TỈNH", "LÂM ĐỒNG", "Cơ quan: ỦY BAN", "NHÂN DÂN TỈNH", "LÂM ĐỒNG", "Thời gian ký:"],
     dict(signer="ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", agency="ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")),
    (["SAO Y", "Bộ Công an", "Thời gian ký: 2025-09-16T14:37:50+07:00"],
     dict(copy="Bộ Công an", time="2025-09-16T14:37:50+07:00")),
    (["SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; Thời gian ký: 2025-08-20T15:14:49+07:00"],
     dict(copy="CÔNG AN TỈNH LÂM ĐỒNG", time="2025-08-20T15:14:49+07:00")),
    (["Thời gian ký: 07/10/2025 20:43:19 +07:00"], dict(time="07/10/2025 20:43:19 +07:00")),
    (["Ký bởi: UBND tỉnh Lâm Đồng", "Giờ ký: 30/09/2025 17:58:22"],
     dict(signer="UBND tỉnh Lâm Đồng", time="30/09/2025 17:58:22")),
    (["Thời gian ký:", "12.03.2024 09:15:22 +07:00"], dict(time="12.03.2024 09:15:22 +07:00")),
    # As OCR read them: the label of the time lost, an hour's digits parted by a space.
    (["Ký bởi: UBND tỉnh Lâm Đồng", "Giờ 22/09/2025 14:38:43"],
     dict(signer="UBND tỉnh Lâm Đồng", time="22/09/2025 14:38:43")),
    (["SAO Y; CÔNG AN TỈNH LÂM ĐÔNG; Thời gian ký: 2025-09-19T15: 1 1:21+07:00"],
     dict(copy="CÔNG AN TỈNH LÂM ĐÔNG", time="2025-09-19T15: 1 1:21+07:00")),
])
def test_real_stamps_read(lines, want):
    assert read_stamp(lines) == SignatureStamp(lines=tuple(lines), **want)


def test_a_stamp_reads_who_signed_when_with_a_wrapped_value_and_a_split_time():
    lines = ["Người ký: Hoàng Văn Trinh", "Cơ quan: Liên đoàn Lao động", "tỉnh Lai Châu",
             "Ngày ký: 12/03/2024", "Giờ ký: 09:15:22"]
    assert read_stamp(lines) == SignatureStamp(signer="Hoàng Văn Trinh", agency="Liên đoàn Lao động tỉnh Lai Châu",
                                               time="12/03/2024 09:15:22", lines=tuple(lines))


def test_a_line_under_the_time_is_not_the_stamps():
    # In the signature block: the signer's name printed under the stamp stays the document's.
    stamp = read_stamp(["Người ký: Hoàng Văn Trinh", "Thời gian ký: 12/03/2024 09:15", "Hoàng Văn Trinh"])
    assert stamp.lines == ("Người ký: Hoàng Văn Trinh", "Thời gian ký: 12/03/2024 09:15")
    assert stamp.time == "12/03/2024 09:15"


@pytest.mark.parametrize("lines", [
    ["Email: vp@laichau.gov.vn", "Cơ quan: Tỉnh Lai Châu"],          # a letter's contact lines: no signer, no time
    ["Ký bởi: Sở Giáo dục và Đào tạo"],                                # one line is no box
    ["Thời gian ký: 12/03/2024"],                                      # ... unless it gives a date and an hour
    ["SAO Y", "Bộ Công an"],
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
