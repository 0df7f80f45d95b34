"""Rendered documents carry only the styles they can use, and every style they name is there."""
from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

import vanban
from vanban.rendering.slim import slim_styles

from conftest import DATA, SEEDS


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_style_named_is_defined_and_the_unused_are_gone(name):
    data = vanban.render_bytes(vanban.load(DATA / name))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    assert "word/stylesWithEffects.xml" not in parts
    assert not any(b"stylesWithEffects" in v for k, v in parts.items() if k.endswith((".rels", ".xml")))
    styles = parts["word/styles.xml"]
    defined = set(re.findall(rb'w:styleId="([^"]+)"', styles))
    named = set()
    for part in parts.values():
        named |= set(re.findall(rb'<w:(?:pStyle|rStyle|tblStyle|basedOn|next|link) w:val="([^"]+)"', part))
    assert named <= defined, named - defined
    assert len(defined) < 60, "python-docx's 188 built-in styles are not carried along"
    assert len(styles) < 60_000
    # Word's view of the document: the body style still has the decree's size.
    body = docx.Document(io.BytesIO(data)).styles["VB Body"]
    assert body.font.size.pt in (13, 14) and body.base_style is not None


def test_styles_kept_through_based_on_and_defaults():
    styles = (b'<w:styles xmlns:w="w">'
              b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              b'<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/></w:style>'
              b'<w:style w:type="paragraph" w:styleId="Used"><w:basedOn w:val="Base"/><w:next w:val="After"/></w:style>'
              b'<w:style w:type="paragraph" w:styleId="After"/>'
              b'<w:style w:type="paragraph" w:styleId="After2"></w:style>'
              b'<w:style w:type="character" w:styleId="Unused"><w:name w:val="Unused"/></w:style>'
              b'<w:style w:type="character" w:styleId="VBMark"><w:name w:val="VB Mark"/></w:style>'
              b'</w:styles>')
    out = slim_styles(styles, [b'<w:p><w:pPr><w:pStyle w:val="Used"/></w:pPr></w:p>'])
    kept = re.findall(rb'w:styleId="([^"]+)"', out)
    assert kept == [b"Normal", b"Base", b"Used", b"After", b"VBMark"]
