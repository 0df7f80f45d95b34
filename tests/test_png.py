"""PNG encoding of pdftoppm's raw pages: a file any reader decodes to the same pixels."""
from __future__ import annotations

import struct
import zlib

import pytest

from vanban.deliver.png import ppm_to_png


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        out.append((kind, data))
        pos += 12 + length
    return out


def test_pixels_survive_with_a_row_filter_byte_each():
    pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90])  # 3 x 2
    png = ppm_to_png(b"P6\n# pdftoppm\n3 2\n255\n" + pixels)
    parts = chunks(png)
    assert [k for k, _ in parts] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", parts[0][1]) == (3, 2, 8, 2, 0, 0, 0)
    assert zlib.decompress(parts[1][1]) == b"\x00" + pixels[:9] + b"\x00" + pixels[9:]


@pytest.mark.parametrize("bad", [b"P5\n1 1\n255\n\x00", b"P6\n1 1\n65535\n\x00\x00", b"P6\n2 2\n255\n\x00"])
def test_anything_else_is_refused(bad):
    with pytest.raises(ValueError):
        ppm_to_png(bad)
