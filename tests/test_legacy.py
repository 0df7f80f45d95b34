"""TCVN3 (ABC) and VNI text back to Unicode, from the published tables."""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import docx
import pytest
from docx.shared import Pt

from vanban.decree import vn
from vanban.reading import legacy
from vanban.ingest import read_docx_bytes

#: Every Vietnamese letter with a diacritic, lower case: 12 vowels × 6 tones and đ.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]


def test_tcvn3_table_is_tcvn_5712_as_glibc_publishes_it():
    if not shutil.which("iconv"):
        pytest.skip("iconv not installed")
    raw = bytes(range(0xA1, 0x100))
    published = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True,
                               check=True).stdout.decode("utf-8")
    # glibc decomposes nothing here: one code point per byte.
    assert len(published) == len(raw)
    assert {chr(b): u for b, u in zip(raw, published)} == legacy.TCVN3


def test_tcvn3_covers_every_lower_case_letter_once():
    decoded = [u for u in legacy.TCVN3.values() if u.isalpha()]
    for letter in LETTERS:
        if letter in "aeiouy":
            continue                                    # plain ASCII letters keep their byte
        assert decoded.count(letter) == 1, letter


def _encode(text: str, table: dict[str, str]) -> str:
    inverse = {u: k for k, u in table.items()}
    out, i = [], 0
    while i < len(text):
        out.append(inverse.get(text[i], text[i]))
        i += 1
    return "".join(out)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_letter_round_trips(encoding):
    table = legacy.TCVN3 if encoding == "tcvn3" else legacy.VNI
    text = " ".join(LETTERS) + " " + " ".join(vn.upper_vi(x) for x in LETTERS)
    if encoding == "tcvn3":
        text = " ".join(LETTERS)                        # TCVN3 capitals are drawn by the …H fonts
    encoded = _encode(text, table)
    assert encoded != text
    assert legacy.convert(encoded, encoding) == text


@pytest.mark.parametrize("typed, encoding, unicode", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
    ("uû ban nh©n d©n tØnh lai ch©u", "tcvn3-upper", "UỶ BAN NHÂN DÂN TỈNH LAI CHÂU"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", "Độc lập - Tự do - Hạnh phúc"),
    ("ÑAÛNG COÄNG SAÛN VIEÄT NAM", "vni", "ĐẢNG CỘNG SẢN VIỆT NAM"),
])
def test_published_samples(typed, encoding, unicode):
    out = legacy.convert(typed, encoding)
    assert out == unicode and out == unicodedata.normalize("NFC", out)


def test_detection_by_characters_leaves_unicode_alone():
    assert legacy.detect("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "tcvn3"
    assert legacy.detect("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "vni"
    for text in ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Café crème brûlée", "Số: 05/KH-UBND", ""):
        assert legacy.detect(text) is None


def test_font_names():
    assert legacy.font_encoding(".VnTime") == "tcvn3" and legacy.font_encoding(".VnTimeH") == "tcvn3-upper"
    assert legacy.font_encoding("VNI-Times") == "vni" and legacy.font_encoding("Times New Roman") is None


def test_docx_runs_in_legacy_fonts_and_lying_fonts_read_as_unicode():
    d = docx.Document()
    for text, font in (("uû ban nh©n d©n", ".VnTimeH"), ("Céng hoµ x· héi", ".VnTime"),
                       ("Ñoäc laäp - Töï do", "VNI-Times"), ("Kinh göi: Së Gi¸o dôc", "Times New Roman")):
        r = d.add_paragraph().add_run(text)
        r.font.name, r.font.size = font, Pt(14)
    buf = io.BytesIO()
    d.save(buf)
    page = read_docx_bytes(buf.getvalue())
    assert [b.text for b in page.blocks] == ["UỶ BAN NHÂN DÂN", "Cộng hoà xã hội", "Độc lập - Tự do",
                                             "Kinh gửi: Sở Giáo dục"]


def test_a_pdf_text_layer_in_tcvn3_reads_as_unicode():
    from vanban.reading.geometry import PageWords, Word, build
    words = [Word(t, x, x + 25, 100, 114, 14) for t, x in (("Céng", 100), ("hoµ", 130), ("x·", 160), ("héi", 190))]
    assert [b.text for b in build([PageWords(595, 842, words)], "pdf").blocks] == ["Cộng hoà xã hội"]


def _soft_hyphened(doc, font: str, before: str, after: str) -> None:
    """A run ``before`` + Word's optional hyphen + ``after`` in ``font``, as Word saves a byte 0xAD."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    run = doc.add_paragraph().add_run(before)
    run.font.name = font
    run._r.append(OxmlElement("w:softHyphen"))
    tail = OxmlElement("w:t")
    tail.text = after
    run._r.append(tail)


def test_tcvn3_u_horn_saved_by_word_as_an_optional_hyphen_is_read_back():
    # A .doc typed in .VnTime: every "ư" (byte 0xAD) is Word's optional hyphen; LibreOffice turns it
    # into <w:softHyphen/> in the .docx, and vanban read "LỢNG" for "LƯỢNG" (a Party self-review).
    d = docx.Document()
    _soft_hyphened(d, ".VnTimeH", "L", "îNG")                  # LƯỢNG, capitals font
    _soft_hyphened(d, ".VnTime", "ng", "êi")                  # người
    _soft_hyphened(d, "Times New Roman", "ki", "ểm tra")      # a real optional hyphen: prints nothing
    buf = io.BytesIO()
    d.save(buf)
    texts = [b.text for b in read_docx_bytes(buf.getvalue()).blocks if b.text]
    assert texts[-3:] == ["LƯỢNG", "người", "kiểm tra"]
