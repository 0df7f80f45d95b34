"""Every kind and profile renders with its title block, code, numbering and signature."""
import io

import docx
import pytest

import vanban
from support import docxread
from vanban.model.schema import KINDS, Loai, Mau

from conftest import CELLS, minimal


def render(data):
    return docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(data))))


@pytest.mark.parametrize("kind,profile", CELLS)
def test_kind_and_profile(kind, profile):
    body = [{"tieu_de": "Mục đích, yêu cầu", "muc": [{"tieu_de": "Mục đích", "doan": ["Nội dung."]}]}]
    data = minimal(loai=kind.value, mau=profile.value, noi_dung=body, trich_yeu="Về việc thử")
    document = render(data)
    texts = [p.text for p in docxread.paragraphs(document)]
    info = KINDS[kind]
    if profile is Mau.dang:
        # HD 36: "Số 05-NQ/SGDĐT", a công văn's "CV", its subject without V/v.
        assert f"Số 05-{info.party_abbr}/SGDĐT" in texts and "Về việc thử" in texts
    elif info.title:
        assert info.title in texts and "Về việc thử" in texts
        assert (f"Số: 05/{info.abbr}-SGDĐT" if info.abbr else "Số: 05/SGDĐT") in texts
    else:
        assert "V/v Về việc thử" in texts and "Số: 05/SGDĐT" in texts
    if info.title:
        assert info.title in texts
    first = info.scheme_for(profile.value)[0]
    expected = {"I": "I. MỤC ĐÍCH, YÊU CẦU", "1": "1. Mục đích, yêu cầu", "dieu": "Điều 1. Mục đích, yêu cầu"}[first]
    assert expected in texts


def test_decision_layout():
    data = minimal(loai="quyet_dinh", trich_yeu="Về việc ban hành Quy chế", tham_quyen="Giám đốc Sở Giáo dục và Đào tạo",
                   kinh_gui=None, can_cu=["Căn cứ Luật Giáo dục;"],
                   noi_dung=[{"tieu_de": "Ban hành kèm theo Quyết định này Quy chế.", "muc": ["Phạm vi.", "Đối tượng."]},
                             "Quyết định có hiệu lực từ ngày ký."])
    document = render(data)
    paras = docxread.paragraphs(document)
    texts = [p.text for p in paras]
    i = texts.index("QUYẾT ĐỊNH")
    assert texts[i + 1] == "Về việc ban hành Quy chế"
    assert "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO" in texts
    cc = paras[texts.index("Căn cứ Luật Giáo dục;")]
    assert all(docxread.run_format(r, cc, document).italic for r in cc.runs)
    assert texts.index("QUYẾT ĐỊNH:") < texts.index("Điều 1. Ban hành kèm theo Quyết định này Quy chế.")
    assert "1. Phạm vi." in texts and "Điều 2. Quyết định có hiệu lực từ ngày ký." in texts


def test_numbering_derived_from_depth_and_overrides():
    body = [{"tieu_de": "Nhiệm vụ", "muc": [
        {"tieu_de": "Mục tiêu cụ thể", "muc": [{"tieu_de": "Trẻ em", "muc": ["x", "y", "z", "t", "u", "v"]}]},
        {"tieu_de": "Đề nghị LĐLĐ tỉnh:", "kieu_muc": "a", "muc": ["p", "q"]}]}]
    document = render(minimal(loai="ke_hoach", noi_dung=body, trich_yeu="KH"))
    texts = [p.text for p in docxread.paragraphs(document)]
    for t in ["I. NHIỆM VỤ", "1. Mục tiêu cụ thể", "1.1. Trẻ em", "a) x", "đ) u", "e) v",
              "2. Đề nghị LĐLĐ tỉnh:", "a) p", "b) q"]:
        assert t in texts, t


def test_single_recipient_on_the_label_line():
    texts = [p.text for p in docxread.paragraphs(render(minimal(kinh_gui=["Ủy ban nhân dân tỉnh;"])))]
    assert "Kính gửi: Ủy ban nhân dân tỉnh." in texts


def test_draft_shows_blanks():
    data = minimal(so=None, ngay="2023-11")
    data["ky"]["ho_ten"] = None
    texts = [p.text for p in docxread.paragraphs(render(data))]
    assert "Số:      /SGDĐT" in texts
    assert "Lai Châu, ngày    tháng 11 năm 2023" in texts


def test_end_mark_appended_once():
    texts = [p.text for p in docxread.paragraphs(render(minimal(ket_thuc=["Đề nghị thực hiện."], dau_ket=True)))]
    assert "Đề nghị thực hiện./." in texts
    texts = [p.text for p in docxread.paragraphs(render(minimal(ket_thuc=["Đề nghị thực hiện./."], dau_ket=True)))]
    assert "Đề nghị thực hiện./." in texts


def test_bold_lead_in_makes_the_number_bold():
    document = render(minimal(noi_dung=["**Về chính trị:** phấn đấu đạt 70%."]))
    p = next(p for p in docxread.paragraphs(document) if p.text.startswith("1. Về chính trị:"))
    assert docxread.run_format(p.runs[0], p, document).bold
    assert not docxread.run_format(p.runs[-1], p, document).bold
