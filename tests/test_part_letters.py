"""Parts lettered A., B., C. above a report's Roman sections ("A. KẾT QUẢ", "B. NHIỆM VỤ"): the marker
read and written, printed by ``kieu_muc: A``, imported back as it was lettered (a biên bản's A.–D.
came back renumbered III., IV.), and judged by check, where I., II. start again under each letter."""
from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.decree.markers import marker, read_marker
from vanban.model.loader import load_text

REPORT = """loai: bao_cao
co_quan: {ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}
so: 5
ngay: 2024-03-08
trich_yeu: Kết quả công tác năm 2023
ky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Lò Văn Phương}
noi_nhan: [UBND tỉnh]
kieu_muc: A
noi_dung:
  - tieu_de: KẾT QUẢ THỰC HIỆN NĂM 2023
    kieu_muc: I
    muc:
      - tieu_de: Kinh tế
        muc: [Tăng trưởng đạt 7 %.]
      - tieu_de: Xã hội
        muc: [Giảm nghèo 3 %.]
  - tieu_de: NHIỆM VỤ NĂM 2024
    kieu_muc: I
    muc:
      - tieu_de: Kinh tế
        muc: [Tăng trưởng 8 %.]
  - tieu_de: KIẾN NGHỊ
    muc: [Đề nghị tỉnh hỗ trợ kinh phí.]
"""


@pytest.mark.parametrize("text, style, index", [
    ("A. KẾT QUẢ", "A", 1), ("B. NHIỆM VỤ", "A", 2),
    # one Roman letter no section reaches is a part's capital
    ("C. KIẾN NGHỊ", "A", 3), ("D. ĐỀ XUẤT", "A", 4), ("L. X", "I", 50),
    # the Roman numerals a section does reach stay Roman
    ("I. MỤC ĐÍCH", "I", 1), ("V. TỔ CHỨC", "I", 5), ("IV. KINH PHÍ", "I", 4),
])
def test_a_part_letter_is_read(text, style, index):
    m = read_marker(text)
    assert (m.style, m.index) == (style, index)


def test_a_part_letter_is_written():
    assert [marker("A", k) for k in (1, 2, 3, 4)] == ["A.", "B.", "C.", "D."]


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_a_report_in_parts_prints_its_letters_and_roman_sections_under_each():
    texts = _texts(vanban.render_bytes(load_text(REPORT)))
    heads = [t for t in texts if t[:2] in ("A.", "B.", "C.") or t.startswith(("I.", "II."))]
    assert heads == ["A. KẾT QUẢ THỰC HIỆN NĂM 2023", "I. KINH TẾ", "II. XÃ HỘI", "B. NHIỆM VỤ NĂM 2024",
                     "I. KINH TẾ", "C. KIẾN NGHỊ"]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_report_in_parts_is_imported_as_lettered(door, tmp_path):
    from doors.test_import_words_kept import _imported
    src = tmp_path / "bc.docx"
    src.write_bytes(vanban.render_bytes(load_text(REPORT)))
    doc, _comments = _imported(door, src, tmp_path)
    assert doc.kieu_muc == "A" and [n.kieu_muc for n in doc.noi_dung[:2]] == ["I", "I"]
    assert _texts(vanban.render_bytes(doc)) == _texts(src.read_bytes())      # printed again as it was


@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_passes_parts_and_names_a_skipped_letter(door, tmp_path):
    good = tmp_path / "bc.docx"
    good.write_bytes(vanban.render_bytes(load_text(REPORT)))
    bad = tmp_path / "sai.docx"
    d = docx.Document(str(good))
    for p in d.paragraphs:
        if p.text.startswith("C. "):
            p.runs[0].text = p.runs[0].text.replace("C.", "D.", 1)
    d.save(str(bad))
    if door == "library":
        def failed(path):
            return {(r.rule, r.expected, r.found) for r in vanban.check_file(path).results if r.status == "fail"}
        assert not any(rule == "noi_dung.numbering" for rule, *_ in failed(good))
        assert ("noi_dung.numbering", "C", "D") in failed(bad)
    else:
        assert CliRunner().invoke(main, ["check", str(good)]).exit_code == 0
        result = CliRunner().invoke(main, ["check", str(bad)])
        assert result.exit_code != 0 and "noi_dung.numbering" in result.output, result.output


def test_the_editor_offers_parts():
    from vanban.model.jsonschema import json_schema
    [choice] = [o for o in json_schema()["properties"]["kieu_muc"]["anyOf"] if "enum" in o]
    assert dict(zip(choice["enum"], choice["enumDescriptions"]))["A"] == "A. B. C."
