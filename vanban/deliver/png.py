"""A page image as PNG, encoded here rather than by pdftoppm.

pdftoppm's own PNG output takes ten times as long as drawing the page (a
fifth of a second for an A4 page at 60 dpi, most of a preview's time); its
raw PPM output plus zlib here takes a hundredth.
"""
from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ppm_to_png(ppm: bytes, level: int = 6) -> bytes:
    """A binary PPM (P6, 8 bits, as pdftoppm writes it) as a PNG file."""
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; comments run to the end of their line
        while ppm[pos:pos + 1].isspace():
            pos += 1
        if ppm[pos:pos + 1] == b"#":
            pos = ppm.index(b"\n", pos) + 1
            continue
        end = pos
        while end < len(ppm) and not ppm[end:end + 1].isspace():
            end += 1
        fields.append(ppm[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maxval != 255:
        raise ValueError(f"not an 8-bit binary PPM ({magic!r}, maxval {maxval})")
    pixels = ppm[pos + 1:]
    stride = width * 3
    if len(pixels) < stride * height:
        raise ValueError("truncated PPM")
    # Filter type 0 (none) before each row, as PNG requires.
    raw = b"".join(b"\x00" + pixels[y * stride:(y + 1) * stride] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw, level))
            + _chunk(b"IEND", b""))
