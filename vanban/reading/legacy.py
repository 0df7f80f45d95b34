"""Vietnamese typed in the legacy 8-bit fonts, back to Unicode.

Before Unicode, Vietnamese offices typed in fonts that draw Vietnamese
letters at the places of Latin-1 characters. Word stores what was typed, so a
.docx from those years holds "Céng hoµ" where the page shows "Cộng hoà":

* TCVN3 (ABC): one byte per letter, TCVN 5712:1993 (VN3). Fonts ``.VnTime``,
  ``.VnArial`` …; the ``…H`` fonts (``.VnTimeH``) draw capitals for the same
  codes, so their text is upper-cased after conversion.
* VNI: a base letter followed by a byte for the diacritics (``a`` + ``ø`` = à,
  ``a`` + ``â`` = â, ``a`` + ``à`` = ầ), fonts ``VNI-Times`` …

The TCVN3 table is TCVN 5712:1993's (the upper half, as in glibc's
``TCVN5712-1``); the VNI table is built from VNI's composition rules, row by row
as VNI publishes them (base, sắc, huyền, hỏi, ngã, nặng). A run is converted
when its font is a legacy one, or when its characters show the pattern of one
while the font name says otherwise (a document re-fonted to Times New Roman
without converting). The result is NFC.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Optional

# TCVN 5712:1993 VN3, bytes 0xA1-0xFF (Latin-1 code points as Word stores them).
_TCVN3_UPPER_HALF = (
    "ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ")
TCVN3: dict[str, str] = {chr(0xA1 + i): u for i, u in enumerate(_TCVN3_UPPER_HALF)}
#: Byte 0xAD, "ư" in TCVN3, is Latin-1's soft hyphen: Word keeps it as ``w:softHyphen``, an optional
#: hyphen that prints nothing, so a .doc typed in .VnTime loses every "ư" unless it is read back.
SOFT_HYPHEN = "\xad"

# VNI: rows of (base, sắc, huyền, hỏi, ngã, nặng) as VNI writes them, upper case;
# lower case is the same bytes lower-cased.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VNI_TONE_BYTES = ("", "Ù", "Ø", "Û", "Õ", "Ï")
_VNI_TABLE = [
    # (Unicode base letter, VNI spelling of the base, VNI tone bytes or None for the usual ones)
    ("A", "A", None), ("Â", "AÂ", ("AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ")),
    ("Ă", "AÊ", ("AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË")),
    ("E", "E", None), ("Ê", "EÂ", ("EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ")),
    ("O", "O", None), ("Ô", "OÂ", ("OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ")),
    ("Ơ", "Ô", None), ("U", "U", None), ("Ư", "Ö", None),
    ("I", "I", ("I", "Í", "Ì", "Æ", "Ó", "Ò")),
    ("Y", "Y", ("Y", "YÙ", "YØ", "YÛ", "YÕ", "Î")),
]


def _vni_table() -> dict[str, str]:
    out: dict[str, str] = {"Ñ": "Đ", "ñ": "đ"}
    for base, spelling, row in _VNI_TABLE:
        forms = row or tuple(spelling + b for b in _VNI_TONE_BYTES)
        for tone, vni in zip(_TONES, forms):
            uni = unicodedata.normalize("NFC", base + tone)
            if vni != uni:
                out[vni] = uni
                out[vni.lower()] = uni.lower()
    return out


VNI: dict[str, str] = _vni_table()


@functools.lru_cache(maxsize=1)
def _vni_re() -> "re.Pattern[str]":
    # Compiled at the first VNI text, not at import: this alternation of every VNI sequence takes
    # tens of milliseconds, which every command that imports the reader (render too) would pay.
    return re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))

# Characters that mean nothing in Vietnamese Unicode text but are letters in a legacy font.
_TCVN3_ONLY = set("¨©ª«¬®µ¶·¸¹»¼½¾")     # bytes VNI never uses
_TCVN3_MARKS = _TCVN3_ONLY | set("ÇÈÉËÌÎÏÐÑÒÓÔÕÖ×ØÞßåæçëîïñôö÷øûüþ")
_VNI_MARKS = re.compile(r"[aeoyAEOY][ùøûõïÙØÛÕÏ]|[aeoAEO][âÂ][^\W\d_]?|[ñÑöÖ]|[aA][êÊ]|[aeAE][åäÅÄ]")


def font_encoding(font: Optional[str]) -> Optional[str]:
    """``"tcvn3"``, ``"tcvn3-upper"``, ``"vni"`` or None, from a font name."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn") or name.startswith("abc"):
        return "tcvn3-upper" if name.endswith("h") else "tcvn3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    return None


def detect(text: str) -> Optional[str]:
    """The legacy encoding text is in, judged by its characters alone, or None for Unicode text."""
    if any(0x100 <= ord(c) <= 0x1EFF for c in text):
        return None          # real Vietnamese letters: already Unicode
    vni = len(_VNI_MARKS.findall(text))
    only = sum(c in _TCVN3_ONLY for c in text)
    if only and only * 3 >= vni:
        return "tcvn3"
    if vni >= 2:
        return "vni"
    if sum(c in _TCVN3_MARKS for c in text) >= 2:
        return "tcvn3"
    return None


def convert(text: str, encoding: str) -> str:
    """Legacy text in ``encoding`` (see :func:`font_encoding`) as NFC Unicode."""
    if encoding == "vni":
        out = _vni_re().sub(lambda m: VNI[m.group(0)], text)
    else:
        out = "".join(TCVN3.get(c, c) for c in text)
        if encoding == "tcvn3-upper":
            out = out.upper()
    return unicodedata.normalize("NFC", out)


def to_unicode(text: str, font: Optional[str] = None) -> str:
    """A run's text as Unicode: converted when its font is a legacy one, unchanged otherwise."""
    enc = font_encoding(font)
    return convert(text, enc) if enc else text
