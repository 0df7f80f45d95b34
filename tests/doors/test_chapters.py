"""Chapters (``kieu_muc: chuong``): a regulation's "Chương I" and its name, articles numbered on
across chapters, through every door.

Door matrix (guarantee x door), each cell one parametrized case below:

=========================================================================  =======  ===  ===
guarantee                                                                  library  CLI  web
=========================================================================  =======  ===  ===
render: "Chương I" and the name centred, bold, 14 pt; Điều 1 … 5 run on       x      x    x
import: a typed regulation in chapters comes back as kieu_muc: chuong          x      x    -
import: a regulation in chapters attached after the signature (appendix)      x      x    -
import: the rendered example comes back equal, section for section           x      x    -
import, check: the example's PDF comes back in chapters and passes            x      x    -
import: chapter lines after "1.", "2." stay text; the import goes through      x      x    -
check: articles run on across chapters, chapters I, II pass                   x      x    -
check: an article count started again, a chapter skipped, are findings        x      x    -
edit: a document in chapters opens and saves unchanged; choice offered        -      -    x
=========================================================================  =======  ===  ===
The typed regulation is imported in two layouts (the name on the line under "Chương I", or
"Chương I. NAME" on one line).
(-: the web imports a .docx only as the parent of the derive page and checks through the editor's
review, which :func:`vanban.web.editing.review` builds on the library's rules; no CLI edits.)
"""
from __future__ import annotations

import io
import json
import shutil

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL

import vanban
from conftest import DATA
from support import chapter_cases as cc
from support.rendered_by import rendered
from vanban.cli import main
from vanban.deliver import documents, pdf
from vanban.model import printed

EXAMPLE = DATA / "cong-doan-quy-che-lam-viec-bch.yaml"
CHAPTERS = [("Chương I", "QUY ĐỊNH CHUNG"), ("Chương II", "CHẾ ĐỘ LÀM VIỆC")]
ARTICLES = ["Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", "Điều 2. Nguyên tắc làm việc",
            "Điều 3. Nhiệm vụ của Ban Chấp hành", "Điều 4. Hội nghị Ban Chấp hành", "Điều 5. Tổ chức thực hiện"]


def _size(p) -> float:
    """The size a paragraph's first run prints at: its own, else its style's (or the style's base)."""
    run = p.runs[0]
    style = p.style
    size = run.font.size
    while size is None and style is not None:
        size, style = style.font.size, style.base_style
    return size.pt if size else 0


def _bold(p) -> bool:
    run = p.runs[0]
    return run.bold if run.bold is not None else bool(p.style.font.bold)


def _alignment(p):
    return p.alignment if p.alignment is not None else p.style.paragraph_format.alignment


def _assert_chapters_printed(data: bytes) -> None:
    paras = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    text = [p.text for p in paras]
    at = []
    for line, name in CHAPTERS:
        k = text.index(line)
        assert text[k + 1] == name, text[k:k + 2]
        for p in (paras[k], paras[k + 1]):
            assert _alignment(p) == AL.CENTER and _bold(p) and _size(p) == 14, (p.text, _alignment(p), _size(p))
        at.append(k)
    arts = [text.index(a) for a in ARTICLES]
    assert arts == sorted(arts)
    # Điều 1–3 under Chương I, Điều 4 and 5 under Chương II: the numbers run on.
    assert at[0] < arts[0] and arts[2] < at[1] < arts[3]
    assert [t.split(".")[0] for t in text if t.startswith("Điều ")] == [f"Điều {k}" for k in range(1, 6)]
    assert all(_bold(paras[k]) for k in arts)


@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_chapters_print_centred_bold_and_articles_run_on(door, tmp_path):
    _assert_chapters_printed(rendered(door, EXAMPLE, tmp_path))


def _import(door, path, tmp):
    if door == "library":
        return documents.import_any(path).doc
    out = tmp / (path.stem + ".yaml")
    r = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert r.exit_code in (0, 3), r.output
    return vanban.load(out)


def _tree(nodes) -> list:
    """(chapter name, [article titles]) of a body in chapters."""
    return [(c.tieu_de, [a.tieu_de for a in c.muc]) for c in nodes]


WANT = [(name, [t.split(". ", 1)[1] for t, _x in arts]) for _l, name, arts in cc.CHAPTERS]


@pytest.mark.parametrize("one_line", [False, True], ids=["name-below", "one-line"])
@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_typed_regulation_in_chapters_comes_back_in_chapters(door, one_line, tmp_path):
    path = tmp_path / "quy-che.docx"
    path.write_bytes(cc.regulation(one_line=one_line))
    doc = _import(door, path, tmp_path)
    assert doc.kieu_muc == "chuong" and _tree(doc.noi_dung) == WANT
    lines = [p.text for p in printed.body_paragraphs(doc)]
    assert lines == [t.replace("CHƯƠNG", "Chương") for t in cc.words()]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_regulation_in_chapters_after_the_signature_is_an_appendix_in_chapters(door, tmp_path):
    path = tmp_path / "plan-regulation.docx"
    path.write_bytes(cc.plan_with_regulation())
    doc = _import(door, path, tmp_path)
    [appendix] = doc.phu_luc
    assert appendix.kieu_muc == "chuong" and _tree(appendix.noi_dung) == WANT
    [annex] = printed.appendices(doc)
    assert [p.text for p in annex.body] == [t.replace("CHƯƠNG", "Chương") for t in cc.words()]


def _sections(doc) -> list:
    return [(p.role, p.text) for p in printed.sections(doc.noi_dung, doc.scheme)]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_the_rendered_example_comes_back_section_for_section(door, tmp_path):
    original = vanban.load(EXAMPLE)
    path = tmp_path / "qc.docx"
    path.write_bytes(vanban.render_bytes(original))
    back = _import(door, path, tmp_path)
    assert back.kieu_muc == "chuong"
    assert _sections(back) == _sections(original)
    assert [c.tieu_de for c in back.noi_dung] == [vn_upper(c.tieu_de) for c in original.noi_dung]


def vn_upper(text: str) -> str:
    from vanban.decree.vn import upper_vi
    return upper_vi(text)


def _check(door, path):
    """(passed, the numbering rule's findings: "expected found" of each)."""
    if door == "library":
        report = vanban.check_file(path)
        results = [(r.rule, r.status, r.expected, r.found) for r in report.results]
        ok = report.ok
    else:
        r = CliRunner().invoke(main, ["--lang", "en", "check", "--format", "json", str(path)])
        assert r.exit_code in (0, 1), r.output
        [report] = json.loads(r.output)
        results = [(x["rule"], x["status"], x["expected"], x["found"]) for x in report["results"]]
        ok = r.exit_code == 0
    found = [f"{e} {f}" for rule, status, e, f in results if rule == "noi_dung.numbering" and status == "fail"]
    return ok, " | ".join(found)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
@pytest.mark.parametrize("door", ["library", "cli"])
def test_the_example_as_pdf_comes_back_in_chapters_and_passes_check(door, tmp_path):
    # A PDF has no styles: the chapters are read from the text layer's lines alone.
    path = tmp_path / "qc.docx"
    path.write_bytes(vanban.render_bytes(vanban.load(EXAMPLE)))
    [outcome] = pdf.convert([path])
    assert outcome.status == "ok", outcome
    back = _import(door, path.with_suffix(".pdf"), tmp_path)
    assert back.kieu_muc == "chuong" and _sections(back) == _sections(vanban.load(EXAMPLE))
    _ok, found = _check(door, path.with_suffix(".pdf"))   # the numbering rule (a PDF is judged on more)
    assert found == "", found


@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_passes_articles_run_on_across_chapters(door, tmp_path):
    rendered = tmp_path / "qc.docx"
    rendered.write_bytes(vanban.render_bytes(vanban.load(EXAMPLE)))
    for path in (EXAMPLE, rendered):
        ok, found = _check(door, path)
        assert ok and found == "", (path, found)


@pytest.mark.parametrize("door", ["library", "cli"])
@pytest.mark.parametrize("articles, chapters, want", [((1, 2, 1), ("I", "II"), "3 1"),
                                                      ((1, 2, 3), ("I", "III"), "Chương II Chương III")])
def test_check_finds_a_count_started_again_or_a_chapter_skipped(door, articles, chapters, want, tmp_path):
    path = tmp_path / "typed.docx"
    path.write_bytes(cc.regulation(cc.renumbered(articles, chapters)))
    ok, found = _check(door, path)
    assert not ok and want in found, found
    good = tmp_path / "good.docx"
    good.write_bytes(cc.regulation())
    assert _check(door, good)[1] == ""


@pytest.fixture
def vietnamese():
    """The web speaks the clerk's language (the suite runs in English)."""
    from vanban.i18n import set_language
    set_language("vi")
    yield
    set_language(None)


def test_the_editor_offers_chapters_and_saves_a_document_in_chapters_unchanged(tmp_path, vietnamese):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, boot, csrf, post_json
    from vanban.web import create_app
    text = EXAMPLE.read_text(encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    (served / "qc.yaml").write_text(text, encoding="utf-8")
    with create_app(served, previewer=NoPreview()).test_client() as client:
        booted = boot(client, "qc.yaml")
        assert booted["data"]["kieu_muc"] == "chuong"
        assert booted["form"]["numbering"]["chuong"] == "Chương I, II … (chương gồm các điều)"
        r = post_json(client, "/api/save/qc.yaml", {"data": booted["data"], "version": booted["version"]}, csrf(client))
        assert r.status_code == 200, r.get_data(as_text=True)[:400]
        assert (served / "qc.yaml").read_text(encoding="utf-8") == text
        r = post_json(client, "/api/review", booted["data"], csrf(client))
        assert r.status_code == 200
        marks = r.get_json()["markers"]     # what the editor shows beside each section
        assert marks["noi_dung.1"] == "Chương II" and marks["noi_dung.1.muc.0"] == "Điều 4."


@pytest.mark.parametrize("door", ["library", "cli"])
def test_chapters_after_numbered_paragraphs_stay_text_and_the_import_goes_through(door, tmp_path):
    # Chapters number a body's top level only: after "1." … they cannot be one, and a model with a
    # chapter under a section is refused. The import must not be: the lines are kept as text.
    path = tmp_path / "mixed.docx"
    path.write_bytes(cc.regulation(before=("1. Quy chế gồm hai chương sau đây.", "2. Hiệu lực từ ngày ký.")))
    doc = _import(door, path, tmp_path)
    assert doc.kieu_muc != "chuong"
    words = [p.text for p in printed.body_paragraphs(doc)]
    assert any(t.endswith("Chương I") or t == "Chương I" for t in words), words
    assert any("Trách nhiệm thi hành" in t for t in words), words
