"""Bold and italic spans that end (or start) in punctuation touching a letter come back as emphasis,
never as printed stars (found in a real tờ trình: "*… nhà thầu:{{TEN_NHA_THAU}}*Quá trình …")."""
from __future__ import annotations

import io

import docx

import vanban
from support.human_docs import build as human_doc
from vanban.ingest import from_page, read_docx_bytes
from vanban.ingest.text import markup
from vanban.model import inline
from vanban.reading.page import Span


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(r.text, r.italic) for r in inline.parse(text)]


def test_a_span_ending_in_a_bracket_before_a_letter_closes_its_stars():
    text = markup([Span("Nhận xét nhà thầu:{{TEN}}", False, True), Span("Quá trình công khai.", False, False)],
                  str)
    assert "*" not in "".join(t for t, _ in _runs(text))
    assert _runs(text) == [("Nhận xét nhà thầu:{{TEN", True), ("}}Quá trình công khai.", False)]


def test_a_span_starting_with_a_bracket_after_a_letter_opens_its_stars():
    text = markup([Span("Gói thầu", False, False), Span("(tên gói) đã duyệt", True, False)], str)
    assert "*" not in "".join(t for t, _ in _runs(text))
    assert [r.bold for r in inline.parse(text)] == [False, True]
    assert "".join(r.text for r in inline.parse(text)) == "Gói thầu(tên gói) đã duyệt"


def test_the_re_rendered_document_prints_no_stars():
    document, h = human_doc("letter")
    p = h["body"][1]
    for r in p.runs:
        r.text = ""
    first = p.add_run("Nhận xét nhà thầu:{{TEN}}")
    first.italic = True
    p.add_run("Quá trình tổ chức công khai.")
    buf = io.BytesIO()
    document.save(buf)
    doc = from_page(read_docx_bytes(buf.getvalue()), "letter.docx").doc
    out = docx.Document(io.BytesIO(vanban.render_bytes(doc)))
    para = next(q for q in out.paragraphs if "Quá trình tổ chức" in q.text)
    assert "*" not in para.text and "Nhận xét nhà thầu:{{TEN}}Quá trình tổ chức công khai." in para.text
    assert [r.italic for r in para.runs if "Nhận xét" in r.text] == [True]
