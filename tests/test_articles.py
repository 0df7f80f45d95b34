"""'Điều 1.' of a quyết định is bold, whether or not the article has a heading; check sees it in any .docx."""
import io

import docx
import pytest

import vanban
from vanban.check import check_docx

DECISION = {"loai": "quyet_dinh", "co_quan": {"ten": "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "viet_tat": "UBND",
                                               "dia_danh": "Lai Châu"},
            "trich_yeu": "phê duyệt Kế hoạch", "tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
            "noi_dung": ["Phê duyệt Kế hoạch kèm theo Quyết định này.",
                         {"tieu_de": "Tổ chức thực hiện", "doan": ["Giao Sở Giáo dục chủ trì."]},
                         {"doan": ["Quyết định này có hiệu lực kể từ ngày ký."]}],
            "ky": {"tm": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}}


def _articles(document):
    return [p for p in document.paragraphs if p.text.startswith("Điều ")]


def test_every_article_marker_is_bold():
    document = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(DECISION))))
    articles = _articles(document)
    assert [p.text.split(".")[0] for p in articles] == ["Điều 1", "Điều 2", "Điều 3"]
    for p in articles:
        assert p.runs[0].text.startswith("Điều ") and p.runs[0].bold, p.text
    # A plain-string article keeps its text regular after the bold marker.
    assert articles[0].runs[1].text == "Phê duyệt Kế hoạch kèm theo Quyết định này." and not articles[0].runs[1].bold


def _report(document):
    buf = io.BytesIO()
    document.save(buf)
    return {r.rule: r for r in check_docx(buf.getvalue(), "qd.docx").results}


def test_check_passes_bold_and_flags_regular_article_marker():
    document = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(DECISION))))
    assert _report(document)["dieu.format"].status == "pass"
    _articles(document)[0].runs[0].bold = False
    result = _report(document)["dieu.format"]
    assert result.status == "fail" and "Điều 1." in str(result.where) and result.found == "not bold"


@pytest.mark.parametrize("loai", ["cong_van", "ke_hoach"])
def test_rule_does_not_apply_without_articles(loai):
    data = dict(DECISION, loai=loai, tham_quyen=None)
    document = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(data))))
    assert _report(document)["dieu.format"].status == "n/a"
