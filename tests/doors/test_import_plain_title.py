"""A biên bản typed with no formatting at all under the national name (corpus work5, a Sở's software
handover record): no agency, no number line, the motto misspelt ("Độc lâp"), a rule typed as
"----- o0o -----", and the title and its subject in plain capitals, neither bold nor centred. It was
refused ("nothing to read it as"); through the library and ``vanban import`` it is now a biên bản
whose subject is both capital lines, the missing parts named in warnings. A plain title of a kind
vanban does not make is still refused, naming it.
"""
from __future__ import annotations

import io

import docx
import pytest
import yaml
from click.testing import CliRunner

from vanban.cli import main
from vanban.ingest import from_page, read_docx_bytes
from vanban.model import InputError
from vanban.reading import locate


def plain(title: str = "BIÊN BẢN LÀM VIỆC") -> bytes:
    d = docx.Document()
    for text in ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lâp – Tự do – Hạnh phúc", "----- o0o -----", title,
                 "TỔNG HỢP TÌNH HÌNH TRIỂN KHAI, ĐÀO TẠO HƯỚNG DẪN SỬ DỤNG",
                 "Hôm nay ngày… tháng… năm 2022, tại hội trường Sở Nội vụ tỉnh Quảng Bình. Chúng tôi gồm:",
                 "1. Sở Nội vụ tỉnh Quảng Bình (Bên A)", "2. Công ty TNHH Phát triển phần mềm Cuộc Sống (Bên B)",
                 "Hai bên thống nhất các nội dung đã hoàn thành."):
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_the_library_reads_a_plain_biên_bản_under_the_national_name():
    got = from_page(read_docx_bytes(plain()), "bb.docx")
    assert got.doc.loai.value == "bien_ban"
    assert got.doc.trich_yeu == "LÀM VIỆC TỔNG HỢP TÌNH HÌNH TRIỂN KHAI, ĐÀO TẠO HƯỚNG DẪN SỬ DỤNG"
    assert got.doc.so is None
    assert got.doc.mo_dau[0].startswith("Hôm nay ngày"), "the motto and the rule are the header's, not the opening's"
    assert any("Số:" in w for w in got.warnings)


def test_vanban_import_writes_it_with_warnings(tmp_path):
    src = tmp_path / "bb.docx"
    src.write_bytes(plain())
    out = tmp_path / "bb.yaml"
    result = CliRunner().invoke(main, ["import", str(src), "-o", str(out)])
    assert result.exit_code == 3, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["loai"] == "bien_ban" and data["trich_yeu"].startswith("LÀM VIỆC TỔNG HỢP")


def test_a_plain_title_of_a_kind_vanban_does_not_make_is_still_refused_by_name():
    with pytest.raises(InputError) as err:
        from_page(read_docx_bytes(plain("ĐƠN YÊU CẦU KHÔNG HOÀ GIẢI")), "don.docx")
    assert "ĐƠN YÊU CẦU KHÔNG HOÀ GIẢI" in str(err.value)


@pytest.mark.parametrize("text,rule", [("----- o0o -----", True), ("---***---", True), ("-----", True),
                                       ("____", True), ("-o-", False), ("1---2", False), ("Tự do", False)])
def test_a_typed_rule_may_carry_an_ornament(text, rule):
    assert locate.is_rule_text(text) is rule
