"""A quyết định in chapters comes back in chapters: its own body ("QUYẾT ĐỊNH:" typed with or without
its colon, or left out, then "Chương I", its name, "Điều 1. …"), and the regulation it issues after
its signature ("Điều 1. Ban hành kèm theo Quyết định này Quy chế …"), whose own articles stay as
they were. Chapters before the first article were kept as plain opening text; an attached
regulation of a decision lost "Chương I" to a comment and kept "CHƯƠNG II" as a paragraph.

The .docx files are built here with python-docx, typed as an office types them (the chapters from
:mod:`support.chapter_cases`).

Door matrix (guarantee x door), each cell one parametrized case below:

==========================================================================  =======  ===  ===
guarantee                                                                   library  CLI  web
==========================================================================  =======  ===  ===
a decision's own body in chapters: kieu_muc chuong, chapters and articles      x      x    x
  (3 ways of typing "QUYẾT ĐỊNH:" each)
the same, rendered by vanban and read back from its PDF                        x      x    -
a decision issuing a regulation in chapters: its articles unchanged,           x      x    x
  the regulation an appendix in chapters (.docx and PDF)
==========================================================================  =======  ===  ===
(web: the derive page imports the decision as a parent; the follow-up letter carries the article
chosen by its path, "II.3" (Chương II, Điều 3) only when chapters were read, "1" for the decision's
own Điều 1; the derived letter carries none of a parent's appendices. -: the web takes the .docx
and the PDF alike through the same library call, the PDF's case is the library's.)
"""
from __future__ import annotations

import io
import shutil

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL, WD_BREAK

import vanban
from support import chapter_cases as cc, derive_page
from support.office_layouts import MOTTO, QH, para
from vanban.cli import main
from vanban.deliver import documents
from vanban.model import printed

#: (chapter name, [article titles]) as :mod:`support.chapter_cases` types them.
WANT = [(name, [t.split(". ", 1)[1] for t, _x in arts]) for _l, name, arts in cc.CHAPTERS]
ARTICLES = [("Điều 1.", "Ban hành kèm theo Quyết định này Quy chế làm việc của Sở."),
            ("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký."),
            ("Điều 3.", "Chánh Văn phòng Sở và các đơn vị chịu trách nhiệm thi hành Quyết định này./.")]
BODY = {"co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ DÀO SAN"], "viet_tat": "UBND", "dia_danh": "Dào San"},
        "ky": {"tm": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}, "ten_goi": "UBND xã Dào San",
        "cap_duoi": ["Các thôn, bản"]}


def _header(d, title: bool = True) -> None:
    t = d.add_table(rows=2 if title else 1, cols=2)
    para(t.rows[0].cells[0], "UBND TỈNH LAI CHÂU", size=13)
    para(t.rows[0].cells[0], "SỞ GIÁO DỤC VÀ ĐÀO TẠO", bold=True, size=13)
    para(t.rows[0].cells[1], QH, bold=True, size=13)
    para(t.rows[0].cells[1], MOTTO, bold=True)
    if title:
        para(t.rows[1].cells[0], "Số: 12/QĐ-SGDĐT", size=13)
        para(t.rows[1].cells[1], "Lai Châu, ngày 08 tháng 02 năm 2024", italic=True)


def decision(word: str = "QUYẾT ĐỊNH:", own: bool = True) -> bytes:
    """A Sở's quyết định: its own body in chapters (``own``), or three articles issuing a regulation
    in chapters attached after the signature; ``word``: the line before the body ("" for none)."""
    d = docx.Document()
    _header(d)
    for line in ("QUYẾT ĐỊNH", "Ban hành Quy chế làm việc", "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"):
        para(d, line, bold=True)
    para(d, "Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;", italic=True, align=AL.JUSTIFY)
    para(d, "Theo đề nghị của Chánh Văn phòng Sở.", italic=True, align=AL.JUSTIFY)
    if word:
        para(d, word, bold=True)
    if own:
        cc.body(d)
    else:
        for number, text in ARTICLES:
            p = para(d, number + " ", bold=True, align=AL.JUSTIFY)
            p.add_run(text)
    cc.closing(d, ("- Như Điều 3;", "- Lưu: VT."), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Nguyễn Văn An"))
    if not own:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _header(d, title=False)
        para(d, "QUY CHẾ", bold=True)
        para(d, "Làm việc của Sở Giáo dục và Đào tạo", bold=True)
        para(d, "(Ban hành kèm theo Quyết định số 12/QĐ-SGDĐT ngày 08/02/2024 của Giám đốc Sở Giáo dục "
                "và Đào tạo)", italic=True)
        cc.body(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _import(door: str, path, tmp):
    if door == "library":
        return documents.import_any(path).doc
    out = tmp / f"{path.stem}-{path.suffix[1:]}.yaml"
    r = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert r.exit_code in (0, 3), r.output
    return vanban.load(out)


def _follow_up(path, task: str, tmp) -> list:
    """The web's derive page, given the decision as parent and one task by its path: the letter's body."""
    return derive_page.follow_up(path, BODY, task, tmp)["noi_dung"]


def _tree(nodes) -> list:
    return [(c.tieu_de, [a.tieu_de for a in c.muc]) for c in nodes]


@pytest.mark.parametrize("word", ["QUYẾT ĐỊNH:", "QUYẾT ĐỊNH", ""], ids=["colon", "no-colon", "none"])
@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_decision_whose_body_is_in_chapters_comes_back_in_chapters(door, word, tmp_path):
    path = tmp_path / "qd.docx"
    path.write_bytes(decision(word))
    if door == "web":
        # Chương II's Điều 3 has the path II.3 only in chapters (as text it would be article 3's "3").
        assert _follow_up(path, "II.3", tmp_path) == ["Các ủy viên Ban Chấp hành có trách nhiệm thi hành Quy chế này."]
        return
    doc = _import(door, path, tmp_path)
    assert doc.kieu_muc == "chuong" and _tree(doc.noi_dung) == WANT
    assert not doc.mo_dau and [p for p in doc.can_cu] == ["Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;",
                                                          "Theo đề nghị của Chánh Văn phòng Sở."]
    body = [p.text for p in printed.body_paragraphs(doc)]
    assert body[body.index("QUYẾT ĐỊNH:") + 1:] == [t.replace("CHƯƠNG", "Chương") for t in cc.words()]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_decision_in_chapters_comes_back_from_its_pdf(door, tmp_path):
    from vanban.deliver import pdf
    typed = tmp_path / "typed.docx"
    typed.write_bytes(decision())
    original = documents.import_any(typed).doc
    path = tmp_path / "qd.docx"
    path.write_bytes(vanban.render_bytes(original))
    [outcome] = pdf.convert([path])
    assert outcome.status == "ok", outcome
    back = _import(door, path.with_suffix(".pdf"), tmp_path)
    assert back.kieu_muc == "chuong" and _tree(back.noi_dung) == _tree(original.noi_dung)
    assert [p.text for p in printed.body_paragraphs(back)] == [p.text for p in printed.body_paragraphs(original)]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_decision_issuing_a_regulation_keeps_its_articles_and_the_regulation_its_chapters(door, suffix, tmp_path):
    path = tmp_path / "qd-ban-hanh.docx"
    path.write_bytes(decision(own=False))
    if suffix == ".pdf":
        if not shutil.which("soffice"):
            pytest.skip("LibreOffice not installed")
        from vanban.deliver import pdf
        rendered = tmp_path / "qd-ban-hanh-vanban.docx"
        rendered.write_bytes(vanban.render_bytes(documents.import_any(path).doc))
        [outcome] = pdf.convert([rendered])
        assert outcome.status == "ok", outcome
        path = rendered.with_suffix(".pdf")
    if door == "web":
        assert _follow_up(path, "1", tmp_path) == [ARTICLES[0][1]]
        return
    doc = _import(door, path, tmp_path)
    assert doc.kieu_muc is None
    assert doc.noi_dung == [text.replace("./.", ".") for _n, text in ARTICLES] and doc.dau_ket
    [regulation] = doc.phu_luc
    assert regulation.kieu_muc == "chuong" and _tree(regulation.noi_dung) == WANT
    [annex] = printed.appendices(doc)
    assert [p.text for p in annex.body] == [t.replace("CHƯƠNG", "Chương") for t in cc.words()]
