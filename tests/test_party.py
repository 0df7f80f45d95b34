"""The Party profile (mau: dang, issue 22): HD 36-HD/VPTW's layout in the .docx, check and import on
rendered Party documents, and every kind x profile from ``vanban new`` through render, check and import."""
from __future__ import annotations

import docx
import pytest

import vanban
from vanban.decree import party
from vanban.model.printed import printed
from vanban.model.schema import KINDS, Loai, Mau
from vanban.model.skeleton import skeleton
from vanban.rendering.template_builder import exists

from conftest import DATA

NQ = DATA / "dang-uy-nghi-quyet-2026.yaml"
CV = DATA / "dang-doan-cong-van-2026.yaml"


def _fmt(document, p):
    """(size pt, bold, italic, underline) of a paragraph as Word resolves it: run, then style chain."""
    def look(attr):
        for r in p.runs:
            v = getattr(r.font, attr)
            if v is not None:
                return v
        st = p.style
        while st is not None:
            v = getattr(st.font, attr)
            if v is not None:
                return v
            st = st.base_style
        return None
    size = look("size")
    return (size.pt if size else None, bool(look("bold")), bool(look("italic")), bool(look("underline")))


def _cells(d):
    return [[c for c in row.cells] for t in d.tables for row in t.rows]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("party")
    files = {}
    for name, src in (("nq", NQ), ("cv", CV)):
        files[name] = out / f"{name}.docx"
        vanban.render(vanban.load(src), files[name])
    return files


def test_party_header_as_hd36(rendered):
    d = docx.Document(rendered["nq"])
    (left, right), (num, date) = _cells(d)[:2]
    texts = [p.text for p in left.paragraphs if p.text]
    assert texts == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY CÁC CƠ QUAN", "TỈNH LAI CHÂU", "*"]
    assert [_fmt(d, p)[:3] for p in left.paragraphs if p.text] == [(14, False, False), (14, True, False),
                                                                    (14, True, False), (14, False, False)]
    title = right.paragraphs[0]
    assert title.text == party.TITLE and _fmt(d, title)[:2] == (15, True)
    assert "Độc lập" not in "".join(p.text for p in right.paragraphs)       # no motto
    assert right._tc.xml.count("<w:pBdr>") == 1                               # the rule under the title
    assert num.paragraphs[0].text == "Số 12-NQ/ĐU" and _fmt(d, num.paragraphs[0])[:3] == (14, False, False)
    assert date.paragraphs[0].text == "Lai Châu, ngày 09 tháng 3 năm 2026"
    assert _fmt(d, date.paragraphs[0])[:3] == (14, False, True)


def test_party_title_body_and_closing(rendered):
    d = docx.Document(rendered["nq"])
    body = [p for p in d.paragraphs if p.text]
    assert [p.text for p in body[:2]] == ["NGHỊ QUYẾT", "về lãnh đạo thực hiện nhiệm vụ chính trị năm 2026"]
    assert _fmt(d, body[0])[:2] == (16, True) and _fmt(d, body[1])[:2] == (14, True)
    heads = [p.text for p in body if p.text.startswith(("I.", "II.", "III."))]
    assert heads == ["I. MỤC TIÊU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"]   # I. 1., not Điều
    left, right = _cells(d)[-1]
    nn = [p for p in left.paragraphs if p.text]
    assert nn[0].text == "Nơi nhận:" and _fmt(d, nn[0]) == (14, False, False, True)
    assert [p.text for p in nn[1:]] == ["- Ban Thường vụ Tỉnh ủy (để b/c),", "- Các chi bộ, đảng bộ trực thuộc,",
                                        "- Lưu Văn phòng Đảng ủy."]
    assert {_fmt(d, p)[0] for p in nn[1:]} == {12}
    sig = [p.text for p in right.paragraphs if p.text]
    assert sig == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lò Văn Phương"]


def test_party_cong_van_subject_italic_without_vv(rendered):
    d = docx.Document(rendered["cv"])
    num = _cells(d)[1][0]
    subject = [p for p in num.paragraphs if p.text][1]
    assert subject.text == "Thực hiện Kết luận số 12-KL/TU của Ban Thường vụ Tỉnh ủy"
    assert _fmt(d, subject)[:3] == (12, False, True)
    assert num.paragraphs[0].text == "Số 45-CV/ĐĐ"


@pytest.mark.parametrize("name", ["nq", "cv"])
def test_check_passes_and_judges_a_party_document(rendered, name):
    report = vanban.check_file(rendered[name])
    assert report.ok, report.failed()
    assert not report.note                      # not "out of scope"
    judged = {r.rule for r in report.results if r.status == "pass"}
    assert {"so.leading_zero", "ky_hieu.abbreviation", "ky.authority", "noi_nhan.entries", "co_quan.rule"} <= judged


def test_check_finds_a_state_form_in_a_party_document(rendered, tmp_path):
    d = docx.Document(rendered["nq"])
    num = _cells(d)[1][0].paragraphs[0]
    for r in num.runs:
        r.text = ""
    num.runs[0].text = "Số: 12/NQ-ĐU"
    bad = tmp_path / "bad.docx"
    d.save(bad)
    assert "so.leading_zero" in vanban.check_file(bad).failed()


@pytest.mark.parametrize("name,src", [("nq", NQ), ("cv", CV)])
def test_import_of_a_party_document_round_trips(rendered, name, src):
    want, back = vanban.load(src), vanban.import_document(rendered[name])
    assert (back.loai, back.mau, back.so, back.code, back.trich_yeu) == (want.loai, want.mau, want.so, want.code,
                                                                          want.trich_yeu)
    assert back.ky == want.ky and back.noi_nhan == want.noi_nhan and back.luu == want.luu
    # Headings come back as printed (I. MỤC TIÊU): the same page, word for word.
    assert [p.text for p in printed(back).body] == [p.text for p in printed(want).body]


def test_party_model_refuses_state_forms():
    base = vanban.load(NQ).model_dump()
    with pytest.raises(Exception, match="T/M, K/T or T/L"):
        vanban.load({**base, "ky": {"tuq": "BÍ THƯ", "chuc_vu": "CHÁNH VĂN PHÒNG"}})
    with pytest.raises(Exception, match="not a kind"):
        vanban.load({**base, "loai": "hop_dong"})


CELLS = [(k, m) for k in Loai for m in Mau if exists(k, m)]


@pytest.mark.parametrize("kind,profile", CELLS, ids=[f"{k.value}-{m.value}" for k, m in CELLS])
def test_every_kind_and_profile_new_render_check_import(kind, profile, tmp_path):
    y = tmp_path / "doc.yaml"
    y.write_text(skeleton(kind, profile, schema=None).replace("# so: 12", "so: 12"), encoding="utf-8")
    doc = vanban.load(y)
    out = tmp_path / "doc.docx"
    vanban.render(doc, out)
    report = vanban.check_file(out)
    assert report.ok, report.failed()
    back = vanban.import_document(out)
    assert (back.loai, back.mau, back.code, back.so) == (doc.loai, doc.mau, doc.code, doc.so)
    title = KINDS[kind].title
    assert title is None or title in [p.text for p in docx.Document(out).paragraphs]


def test_kinds_counted():
    assert len(CELLS) == 79 and sum(1 for _k, m in CELLS if m is Mau.dang) == 21
