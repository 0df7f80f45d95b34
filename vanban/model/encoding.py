"""What text an input file holds: UTF-8, UTF-16, or an old Vietnamese encoding named in the refusal.

Clerks' files come from Excel (a UTF-8 byte-order mark), Notepad (UTF-16) and twenty years of
Vietnamese code pages (Windows-1258, TCVN3). The first two are read; the others are refused
with the name of the encoding, so the clerk knows what to convert, instead of "not UTF-8".
"""
from __future__ import annotations

import codecs
from typing import Optional

from vanban.i18n import _

#: Largest input file read: a units file for every commune of the country is about 1 MB.
MAX_INPUT_BYTES = 10 * 1024 * 1024


class NotText(ValueError):
    """The bytes are not text vanban reads; ``line`` (or None) and ``message`` say where and why."""

    def __init__(self, line: Optional[int], message: str):
        super().__init__(message)
        self.line, self.message = line, message


def read_text(path: str) -> str:
    """A text file's contents (see :func:`decode`), at most :data:`MAX_INPUT_BYTES` of it.
    OSError as open() raises it; :class:`NotText` for a file that is too large or not text."""
    with open(path, "rb") as fh:
        raw = fh.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise NotText(None, _("too large for an input file (more than {n} MB)").format(n=MAX_INPUT_BYTES // 2 ** 20))
    return decode(raw)


def decode(raw: bytes) -> str:
    """Text from the bytes of an input file: UTF-8 (a byte-order mark from Excel or Notepad dropped),
    or UTF-16 (with its mark, or told by its zero bytes); :class:`NotText` names an old Vietnamese
    encoding when the bytes look like one."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        try:
            return raw.decode("utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                              else "utf-16-le" if raw[1:2] == b"\0" else "utf-16-be").lstrip("\ufeff")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        legacy = legacy_encoding(raw)
        if legacy:
            msg = _("not UTF-8 text: it looks like {encoding}; save it as UTF-8 (Unicode) and try again").format(
                encoding=legacy)
        else:
            msg = _("not UTF-8 text (byte 0x{byte:02X} at position {pos}); save it as UTF-8").format(
                byte=raw[exc.start], pos=exc.start)
        raise NotText(line, msg) from None


def _looks_utf16(raw: bytes) -> bool:
    # Text without a mark: every other byte is zero.
    sample = raw[:2000]
    return len(sample) >= 4 and (sample[1::2].count(0) > 0.4 * len(sample) / 2 or
                                 sample[0::2].count(0) > 0.4 * len(sample) / 2)


#: Windows-1258 writes tones as combining marks after the vowel; these are their bytes.
_CP1258_TONES = frozenset(b"\xcc\xec\xde\xd2\xf2")
_VOWELS = frozenset(b"aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd")


def legacy_encoding(raw: bytes) -> Optional[str]:
    """The old Vietnamese encoding ``raw`` seems to be in, or None."""
    tones = sum(1 for a, b in zip(raw, raw[1:]) if b in _CP1258_TONES and a in _VOWELS)
    high = [b for b in raw if b >= 0x80]
    if tones and tones * 4 >= len(high) * 0.5:
        return "Windows-1258 (CP1258)"
    # TCVN3 puts ă â ê ô ơ ư đ and the tones of a at 0xA8–0xBF, where Latin-1 has only rare symbols.
    if high and sum(1 for b in high if 0xA8 <= b <= 0xBF) >= 0.3 * len(high) and \
            sum(1 for b in high if 0xA1 <= b <= 0xFE) >= 0.8 * len(high):
        return "TCVN3 (ABC, the .VnTime fonts)"
    return None
