"""vanban.deliver.sanitize on its own: what it removes, and that it leaves a real document alone."""
from __future__ import annotations

import io
import zipfile

import pytest

import hostile_docx as hd
from vanban.deliver.sanitize import UnsafeDocument, sanitize

HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_a_vanban_letter_keeps_its_text_page_and_margins():
    import docx
    original = hd.base_docx()
    safe = sanitize(original)
    before, after = docx.Document(io.BytesIO(original)), docx.Document(io.BytesIO(safe))
    assert [p.text for p in before.paragraphs] == [p.text for p in after.paragraphs]
    s0, s1 = before.sections[0], after.sections[0]
    assert (s0.page_width, s0.page_height, s0.left_margin, s0.right_margin, s0.top_margin) == \
           (s1.page_width, s1.page_height, s1.left_margin, s1.right_margin, s1.top_margin)
    assert set(parts(original)) == set(parts(safe))


def test_web_links_stay_other_external_targets_go():
    rels = [("rIdWeb", HYPERLINK, "https://vanban.example/x"), ("rIdMail", HYPERLINK, "mailto:a@b.c"),
            ("rIdFile", HYPERLINK, "file:///etc/passwd"), ("rIdSmb", hd.IMAGE, "\\\\server\\share\\x.png")]
    data = hd.edit(hd.base_docx(), {"word/_rels/document.xml.rels": hd._add_rels(rels)})
    out = parts(sanitize(data))["word/_rels/document.xml.rels"]
    assert b"rIdWeb" in out and b"rIdMail" in out and b"rIdFile" not in out and b"rIdSmb" not in out


def test_safe_fields_stay_and_fetching_fields_are_emptied():
    paras = (hd.field("PAGE", "1") + hd.field('INCLUDETEXT "/etc/passwd"') + hd.field('DDEAUTO c:\\\\x "y"')
             + '<w:p><w:fldSimple w:instr=" IMPORT http://x/y.png "><w:r><w:t>kept result</w:t></w:r></w:fldSimple></w:p>')
    data = hd.edit(hd.base_docx(), {"word/document.xml": hd._before_sectpr(paras)})
    xml = parts(sanitize(data))["word/document.xml"]
    assert b" PAGE " in xml and b"INCLUDETEXT" not in xml and b"DDEAUTO" not in xml and b"IMPORT" not in xml
    assert b"kept result" in xml and b"fldSimple" not in xml


@pytest.mark.parametrize("w, h, want", [("abc", "-5", (11906, 16838)), ("16838", "11906", (16838, 11906)),
                                        ("12", "99999999", (11906, 16838))])
def test_page_size_made_sane(w, h, want):
    xml = parts(sanitize(hd.page_size(w, h)))["word/document.xml"].decode()
    assert f'w:w="{want[0]}"' in xml and f'w:h="{want[1]}"' in xml


def test_margins_wider_than_the_page_reset_to_the_decrees():
    import re

    def change(xml: bytes) -> bytes:
        return re.sub(rb"<w:pgMar [^>]*/>", b'<w:pgMar w:top="1134" w:bottom="1134" w:left="9000" w:right="9000" '
                                            b'w:header="0" w:footer="0" w:gutter="0"/>', xml)
    xml = parts(sanitize(hd.edit(hd.base_docx(), {"word/document.xml": change})))["word/document.xml"].decode()
    assert 'w:left="1701"' in xml and 'w:right="850"' in xml


def test_bomb_refused_from_its_declared_size_without_inflating():
    import resource
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(UnsafeDocument, match="zip bomb"):
        sanitize(hd.zip_bomb(100))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024
