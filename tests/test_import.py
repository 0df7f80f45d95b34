"""vanban import from .docx: every seed and every kind × profile comes back as the same document."""
from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL

import vanban
from vanban.cli import main
from vanban.ingest import from_page, import_file
from vanban.ingest.compare import canonical, differences, words_in_order
from vanban.model import Loai, Mau, load_file
from vanban.ingest import read_docx_bytes

from conftest import DATA, FIRST_CELLS, SEEDS
from support.human_docs import build as human_doc
from support.import_examples import example


def _page(document):
    buf = io.BytesIO()
    document.save(buf)
    return read_docx_bytes(buf.getvalue())


def _import(doc: vanban.VanBan):
    return from_page(read_docx_bytes(vanban.render_bytes(doc)), "<rendered>")


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_round_trip_gives_the_same_model(name):
    original = vanban.load(DATA / name)
    imported = _import(original)
    assert differences(original, imported.doc) == []
    assert imported.unplaced == [] and imported.warnings == []


@pytest.mark.parametrize("draft", [0, 1], ids=["issued", "draft"])
@pytest.mark.parametrize("kind,profile", FIRST_CELLS)
def test_every_kind_and_profile_round_trips(kind, profile, draft):
    original = vanban.load(example(kind, profile, draft))
    imported = _import(original).doc
    assert differences(original, imported) == []
    # The parts the comparison normalises nothing in: exactly equal.
    assert imported.noi_dung == original.noi_dung and imported.chu_thich == original.chu_thich
    assert (imported.so, imported.ngay, imported.code, imported.loai, imported.mau) == \
        (original.so, original.ngay, original.code, original.loai, original.mau)


def test_what_the_importer_recognises_in_a_decision():
    doc = _import(vanban.load(example(Loai.quyet_dinh, Mau.nha_nuoc))).doc
    assert doc.tham_quyen == "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert doc.can_cu == ["Căn cứ Luật Giáo dục ngày 14/6/2019;", "Xét đề nghị của Chánh Văn phòng."]
    assert doc.noi_dung[0].tieu_de == "Ban hành kèm theo Quyết định này Quy chế làm việc."
    assert doc.noi_dung[1] == "Quyết định có hiệu lực từ ngày ký[^1]."
    assert (doc.ky.tl, doc.ky.chuc_vu, doc.ky.ho_ten) == ("GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Trần Đức Cường")


def test_numbering_styles_inline_marks_and_draft_blanks():
    original = vanban.load(example(Loai.ke_hoach, Mau.cong_doan, 1))
    doc = _import(original).doc
    assert doc.so is None and doc.ngay.ngay is None and doc.ngay.thang == 11
    assert doc.ky.ho_ten is None and doc.ky.tl == "GIÁM ĐỐC"
    assert _import(vanban.load(example(Loai.quyet_dinh, Mau.cong_doan, 1))).doc.ky.q == "GIÁM ĐỐC"
    tasks = doc.noi_dung[1]
    assert tasks.muc[1].kieu_muc == "a" and tasks.muc[1].muc == ["Xây dựng kế hoạch.", "Báo cáo kết quả."]
    assert tasks.muc[0].muc[0].muc[4] == "Sơ kết, tổng kết."          # 1.1. → a) … đ) counted through
    assert "**cán bộ, đoàn viên**" in doc.noi_dung[0].muc[0].doan[0]
    assert doc.noi_dung[0].muc[1].doan == ["- Bám sát *thực tiễn* địa phương;", "- Bảo đảm tiến độ."]
    assert doc.dau_ket and doc.ket_thuc == ["Trên đây là nội dung, đề nghị các đơn vị triển khai thực hiện."]


@pytest.mark.parametrize("variant", ["letter", "plan", "memo"])
def test_a_document_typed_by_hand_in_word(variant):
    document, _ = human_doc(variant)
    doc = from_page(_page(document), variant).doc
    assert doc.co_quan.chu_quan == ["UBND TỈNH LAI CHÂU"] and doc.so == 5
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2024, 2, 8)
    assert doc.ky.ho_ten == "Nguyễn Văn An" and doc.luu == ["VT", "GDTrH"]
    assert doc.noi_nhan == ["Như trên", "Giám đốc Sở (để b/c)"]
    if variant == "plan":
        assert doc.loai is Loai.ke_hoach and doc.ky.tm == "ỦY BAN NHÂN DÂN" and doc.ky.kt == "CHỦ TỊCH"
        assert [n.tieu_de for n in doc.noi_dung] == ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]
        assert doc.noi_dung[0].muc[1].kieu_muc == "a" and len(doc.noi_dung[0].muc[1].muc) == 5
    else:
        assert doc.loai is Loai.cong_van and doc.code == "SGDĐT-GDTrH"
        assert doc.trich_yeu == "triển khai công tác năm học 2024 - 2025"
        assert len(doc.noi_dung) == 2 and doc.dau_ket
        assert doc.kinh_gui == (["Ủy ban nhân dân tỉnh Lai Châu"] if variant == "memo"
                                else ["Phòng GD&ĐT các huyện, thành phố", "Các trường THPT trực thuộc"])


def _with_extras(tmp_path):
    """A hand-made letter with a signature note and a table in the body: things the model has no place for."""
    document, h = human_doc("letter")
    sign = document.tables[-1].rows[0].cells[1]
    note = sign.paragraphs[-2]
    note.add_run("(Đã ký)")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Trường THPT số 1", "25 lớp"
    h["body"][-1]._p.addnext(table._tbl)
    path = tmp_path / "extras.docx"
    document.save(path)
    return path


def test_what_cannot_be_placed_is_kept_as_a_comment_and_named(tmp_path):
    path = _with_extras(tmp_path)
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "#   (Đã ký)" in text and "#   Trường THPT số 1" in text and "#   25 lớp" in text
    assert "not placed" in result.stderr and "«(Đã ký)»" in result.stderr and "«25 lớp»" in result.stderr
    # The YAML stays valid and says the rest of the document.
    doc = load_file(tmp_path / "out.yaml")
    assert doc.ky.ho_ten == "Nguyễn Văn An" and len(doc.noi_dung) == 2
    lines = text.splitlines()
    assert lines.index("#   (Đã ký)") > lines.index("ky:")


def test_import_many_files_into_a_folder_and_bad_ones_exit_2(tmp_path):
    good = tmp_path / "244.docx"
    vanban.render(vanban.load(DATA / "lai-chau-ldld-244-2024.yaml"), good)
    party, _ = human_doc("letter")
    party.tables[0].rows[0].cells[1].paragraphs[0].runs[0].text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    party.save(tmp_path / "party.docx")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(good), str(tmp_path / "party.docx"), str(tmp_path / "notes.txt"),
                                       str(tmp_path / "missing.docx"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    # A Party document is imported since issue 22 (mau: dang); the .txt and the missing file are not.
    assert "Party" not in result.stderr and "cannot import a .txt" in result.stderr and "no such file" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["244.yaml", "party.yaml"]
    assert load_file(tmp_path / "out" / "party.yaml").mau.value == "dang"
    assert canonical(load_file(tmp_path / "out" / "244.yaml")) == canonical(vanban.load(DATA / "lai-chau-ldld-244-2024.yaml"))


def test_a_kind_vanban_does_not_have_is_refused_by_name(tmp_path):
    document, h = human_doc("plan")
    h["title"].runs[0].text = "ĐIỀU LỆ"      # a nghị quyết is a kind since issue 22; a charter is not
    document.save(tmp_path / "dl.docx")
    with pytest.raises(ValueError, match="ĐIỀU LỆ is not a kind"):
        import_file(tmp_path / "dl.docx")


def test_words_in_order_measures_loss():
    original = vanban.load(DATA / "lai-chau-ldld-244-2024.yaml")
    shorter = original.model_copy(update={"ket_thuc": []})
    assert words_in_order(original, original) == 1.0
    assert 0.9 < words_in_order(original, shorter) < 1.0


def test_the_title_of_a_paragraph_typed_centred_in_word_is_the_subject():
    document, h = human_doc("plan")
    p = h["subject"]
    assert p.alignment == AL.CENTER
    doc = from_page(_page(document), "plan").doc
    assert doc.trich_yeu == "Triển khai công tác năm học 2024 - 2025"


def test_a_header_laid_out_with_tabs(tmp_path):
    d = docx.Document()
    for left, right, bold in (("UBND TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
                              ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Độc lập - Tự do - Hạnh phúc", True),
                              ("Số: 12/SGDĐT-VP", "Lai Châu, ngày 05 tháng 3 năm 2024", False)):
        p = d.add_paragraph()
        p.add_run(left).bold = bold
        p.add_run("\t\t")
        p.add_run(right).bold = True
    d.add_paragraph("V/v tổng kết năm học")
    d.add_paragraph("Kính gửi: Các trường trung học phổ thông.").alignment = AL.CENTER
    d.add_paragraph("1. Báo cáo kết quả năm học.")
    d.add_paragraph("2. Gửi về Sở trước ngày 20/5/2024.")
    sign = d.add_table(rows=1, cols=2).rows[0].cells
    sign[0].text = "Nơi nhận:"
    sign[0].add_paragraph("- Như trên;")
    sign[0].add_paragraph("- Lưu: VT, VP.")
    sign[1].text = "GIÁM ĐỐC"
    sign[1].add_paragraph("Nguyễn Văn An")
    d.save(tmp_path / "tabs.docx")
    doc = import_file(tmp_path / "tabs.docx").doc
    assert doc.co_quan.chu_quan == ["UBND TỈNH LAI CHÂU"] and doc.co_quan.ten == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert (doc.so, doc.code, doc.ngay.ngay, doc.co_quan.dia_danh) == (12, "SGDĐT-VP", 5, "Lai Châu")
    assert doc.trich_yeu == "tổng kết năm học" and doc.kinh_gui == ["Các trường trung học phổ thông"]
    assert doc.noi_dung == ["Báo cáo kết quả năm học.", "Gửi về Sở trước ngày 20/5/2024."]
    assert (doc.ky.chuc_vu, doc.ky.ho_ten, doc.luu) == ("GIÁM ĐỐC", "Nguyễn Văn An", ["VT", "VP"])


def test_a_digit_raised_inside_a_footnote_stays_text():
    from vanban.reading.page import Block, Page, Span
    header = [Block([Span(t)], (0, 0, c)) for t, c in (("UBND TỈNH LAI CHÂU", 0), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1),
                                                       ("Số: 05/UBND-VX", 0), ("Lai Châu, ngày 08 tháng 02 năm 2024", 1))]
    body = [Block([Span("1. Thực hiện Nghị quyết"), Span("", note="1"), Span(".")]),
            Block([Span("Nơi nhận:")], (1, 0, 0)), Block([Span("- Lưu: VT.")], (1, 0, 0)),
            Block([Span("CHỦ TỊCH", bold=True)], (1, 0, 1))]
    page = Page(header + body, {"1": [[Span("Nghị quyết số 12 ngày 05/01/2024 (điểm a khoản "), Span("", note="2"),
                                      Span(")")]]})
    doc = from_page(page, "<page>").doc
    assert doc.chu_thich == {"1": ["Nghị quyết số 12 ngày 05/01/2024 (điểm a khoản 2)"]}
    vanban.render_bytes(doc)
