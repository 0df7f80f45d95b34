"""Files that attack the LibreOffice runner and the bounds (issue 19), and a server that records requests.

- :func:`linked_odt` / :func:`html_doc`: an .odt whose image is linked (not embedded) and an
  HTML page named .doc with an ``<img src=…>``: opening either in a LibreOffice that may fetch
  makes a request to ``url`` (a tracking beacon, a request to an internal host);
- :class:`Beacon`: an HTTP server on 127.0.0.1 (random port) that records every request;
- :func:`zip_bomb_docx`: a 1 MB .docx whose document.xml inflates to 1 GB;
- :func:`blank_pdf`: a PDF of ``n`` "scanned" pages, each drawing the same white image (a few
  hundred bytes for thousands of pages), no text layer.
"""
from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path

_ODT_CONTENT = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2"><office:body><office:text>
<text:p>ỦY BAN NHÂN DÂN TỈNH LAI CHÂU</text:p>
<text:p><draw:frame draw:name="i1" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm"><draw:image
 xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
<text:p>Kính gửi: Sở Nội vụ</text:p>
</office:text></office:body></office:document-content>'''

_MANIFEST = '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>'''


def linked_odt(path: Path, url: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", _ODT_CONTENT.format(url=url), zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
    return path


def linked_odt_into(path: Path, url: str) -> Path:
    """A real .odt (LibreOffice's) with a paragraph holding an image linked to ``url`` added first."""
    frame = (f'<text:p><draw:frame draw:name="beacon" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
             f'<draw:image xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
             f'</draw:frame></text:p>')
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: (i, src.read(i.filename)) for i in src.infolist()}
    info, content = parts["content.xml"]
    text = content.decode("utf-8")
    at = text.index("<office:text")
    at = text.index(">", at) + 1
    parts["content.xml"] = (info, (text[:at] + frame + text[at:]).encode("utf-8"))
    with zipfile.ZipFile(path, "w") as dst:
        for name, (item, body) in parts.items():
            dst.writestr(item, body)
    return path


def html_doc(path: Path, url: str) -> Path:
    path.write_text(f'<html><body><p>ỦY BAN NHÂN DÂN TỈNH LAI CHÂU</p><img src="{url}"><p>Kính gửi: Sở Nội vụ</p>'
                    f'</body></html>', encoding="utf-8")
    return path


class Beacon:
    """An HTTP server on 127.0.0.1 at a random port, recording the path of every request."""

    def __init__(self):
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                seen.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.end_headers()
            do_GET = do_HEAD = do_POST = do_OPTIONS = do_PROPFIND = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def zip_bomb_docx(path: Path, base: bytes, size: int = 1 << 30) -> Path:
    """``base`` (a real .docx) with its document.xml replaced by one run of ``size`` letters."""
    src = zipfile.ZipFile(io.BytesIO(base))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                z.writestr(item, src.read(item.filename))
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                     b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"A" * (1 << 24)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def blank_pdf(path: Path, n: int) -> Path:
    """``n`` A4 pages, each drawing one shared 1×1 white grey image over the page: a scan of white paper."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Length 1 >>\nstream\n\xff\nendstream",
               b"<< /Length 31 >>\nstream\nq 595 0 0 842 0 0 cm /Im Do Q\nendstream"]
    kids = []
    for _ in range(n):
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                       b"/Resources << /XObject << /Im 3 0 R >> >> >>")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % n
    return write_pdf(path, objects)


def broken_xref_scan(path: Path, jpeg: bytes, size: tuple[int, int]) -> Path:
    """A one-page scan (``jpeg``, ``size`` pixels, drawn over an A4 page) as a web tool saves it:
    PDF 1.7, its catalog in a compressed object stream, its cross-reference a stream, and
    ``startxref`` pointing past the end. PDFium repairs it; poppler refuses every page ("Couldn't
    find trailer dictionary"), as it did a university's regulation downloaded from its site."""
    import struct
    inner = [(2, b"<< /Type /Catalog /Pages 3 0 R >>"), (3, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")]
    head, body = b"", b""
    for num, data in inner:
        head += b"%d %d " % (num, len(body))
        body += data + b" "
    draw = b"q 595 0 0 842 0 0 cm /Im Do Q"
    objects = {
        1: b"<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n" % (len(head), len(head + body)) + head + body
           + b"\nendstream",
        4: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
           b"/Resources << /XObject << /Im 6 0 R >> >> >>",
        5: b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
        6: b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
           b"/Filter /DCTDecode /Length %d >>\nstream\n" % (size[0], size[1], len(jpeg)) + jpeg + b"\nendstream"}
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num, data in objects.items():
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + data + b"\nendobj\n")
    xref = out.tell()
    rows = [(0, 0, 65535), (1, offsets[1], 0), (2, 1, 0), (2, 1, 1), (1, offsets[4], 0), (1, offsets[5], 0),
            (1, offsets[6], 0), (1, xref, 0)]
    table = b"".join(bytes([t]) + struct.pack(">IH", a, b) for t, a, b in rows)
    out.write(b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(table)
              + table + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % (xref + 999_999))
    path.write_bytes(out.getvalue())
    return path


def scan_with_a_giant_page(path: Path, jpeg: bytes, size: tuple[int, int], giant_pt: int = 20_000) -> Path:
    """Two pages drawing the same grey scan: an A4 one, then one ``giant_pt`` points square, which
    pdftoppm at 300 dpi cannot allocate ("Bogus memory allocation size": an empty image, exit 0)."""
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
             b"/Filter /DCTDecode /Length %d >>\nstream\n" % (size[0], size[1], len(jpeg)) + jpeg + b"\nendstream")
    pages = [(595, 842), (giant_pt, giant_pt)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>", image]
    for w, h in pages:
        draw = b"q %d 0 0 %d 0 0 cm /Im Do Q" % (w, h)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im 3 0 R >> >> >>" % (w, h, len(objects) + 2))
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
    return write_pdf(path, objects)


def write_pdf(path: Path, objects: list[bytes]) -> Path:
    """``objects`` (numbered from 1, the catalog first) as a PDF 1.4 with a classic xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path
