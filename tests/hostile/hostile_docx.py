"""Hostile .docx files, built from a real rendered letter: each adds one thing LibreOffice
must not do (fetch, include, hang) or one way the package itself is broken."""
from __future__ import annotations

import io
import zipfile

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
OLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"
TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                        "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def base_docx() -> bytes:
    """A real công văn rendered by vanban."""
    import vanban
    from conftest import minimal
    return vanban.render_bytes(vanban.load(minimal()))


def edit(data: bytes, parts: dict[str, "callable | bytes"]) -> bytes:
    """``data`` with parts replaced: a callable gets the old bytes (or b"") and returns the new."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            body = src.read(name)
            if name in parts:
                new = parts[name]
                body = new(body) if callable(new) else new
            dst.writestr(name, body)
        for name, new in parts.items():
            if name not in names:
                dst.writestr(name, new(b"") if callable(new) else new)
    return out.getvalue()


def _before_sectpr(paragraphs: str):
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        at = text.rindex("<w:sectPr")
        return (text[:at] + paragraphs + text[at:]).encode("utf-8")
    return change


def _add_rels(rels: list[tuple[str, str, str]]):
    def change(xml: bytes) -> bytes:
        extra = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}" TargetMode="External"/>'
                        for i, t, target in rels)
        return xml.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    return change


def field(instr: str, shown: str = "field result") -> str:
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def linked_picture(rid: str, n: int) -> str:
    """An inline picture whose bits are not in the file: ``<a:blip r:link=…>``."""
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="914400" cy="914400"/>'
        f'<wp:docPr id="{900 + n}" name="Picture {n}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{900 + n}" name="p{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def leaky(secret_text_path: str, secret_png_path: str, url: str) -> bytes:
    """A letter that, converted naively, includes a local text file, a local picture and
    pictures from ``url`` (a server that records requests)."""
    paras = (field(f'INCLUDETEXT "{secret_text_path}"', "included text goes here")
             + field(f'INCLUDEPICTURE "{url}/includepicture.png" \\\\d', "picture")
             + field(f'LINK Word.Document.12 "{secret_text_path}" "" \\\\a \\\\t', "link")
             + f'<w:p><w:fldSimple w:instr=\' INCLUDETEXT "{secret_text_path}" \'><w:r><w:t>simple</w:t></w:r></w:fldSimple></w:p>'
             + linked_picture("rIdLeak1", 1) + linked_picture("rIdLeak2", 2))
    data = edit(base_docx(), {
        "word/document.xml": _before_sectpr(paras),
        "word/_rels/document.xml.rels": _add_rels([
            ("rIdLeak1", IMAGE, f"file://{secret_png_path}"),
            ("rIdLeak2", IMAGE, f"{url}/linked-image.png"),
            ("rIdLeak3", OLE, f"{url}/ole.bin"),
        ]),
        "word/settings.xml": lambda xml: xml.replace(
            b"</w:settings>", b'<w:attachedTemplate r:id="rIdTpl" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            b"<w:linkStyles/></w:settings>"),
        "word/_rels/settings.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS_NS}">'
            f'<Relationship Id="rIdTpl" Type="{TEMPLATE}" Target="{url}/template.dotx" TargetMode="External"/>'
            "</Relationships>").encode(),
    })
    return data


def page_size(w: str, h: str) -> bytes:
    """A letter whose section says ``<w:pgSz w:w=… w:h=…/>``."""
    import re

    def change(xml: bytes) -> bytes:
        return re.sub(rb"<w:pgSz [^>]*/>", f'<w:pgSz w:w="{w}" w:h="{h}"/>'.encode(), xml)
    return edit(base_docx(), {"word/document.xml": change})


def zip_bomb(inflated_mb: int = 200) -> bytes:
    """A valid letter plus one part of zeros that inflates to ``inflated_mb`` MB."""
    out = io.BytesIO(base_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/media/bomb.bin", "w", force_zip64=True) as fh:
            chunk = bytes(2 ** 20)
            for _ in range(inflated_mb):
                fh.write(chunk)
    return out.getvalue()


def ole_container(encrypted: bool) -> bytes:
    """The first bytes of an OLE compound file: an old .doc, or a password-protected .docx."""
    head = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
    return head + ("EncryptedPackage".encode("utf-16-le") if encrypted else b"WordDocument".ljust(64, b"\0"))


def template_with(expression: str) -> bytes:
    """vanban's own công văn template with ``{{ trich_yeu }}`` replaced by ``expression``."""
    from pathlib import Path
    source = (Path(__file__).resolve().parents[2] / "templates" / "cong_van_nha_nuoc.docx").read_bytes()

    def change(xml: bytes) -> bytes:
        assert b"{{ trich_yeu }}" in xml
        return xml.replace(b"{{ trich_yeu }}", expression.encode("utf-8"))
    return edit(source, {"word/document.xml": change})


def xxe(target: str) -> bytes:
    """A letter whose document part declares an external entity reading ``target``."""
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        head_end = text.index("?>") + 2
        text = (text[:head_end] + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
                + text[head_end:])
        at = text.rindex("<w:sectPr")
        return (text[:at] + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>" + text[at:]).encode("utf-8")
    return edit(base_docx(), {"word/document.xml": change})


def laughs() -> bytes:
    """A letter whose document part is an XML "billion laughs"."""
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{k} "{("&a" + str(k - 1) + ";") * 10}">' for k in range(1, 10))
        head_end = text.index("?>") + 2
        text = text[:head_end] + f"<!DOCTYPE w:document [{ents}]>" + text[head_end:]
        at = text.rindex("<w:sectPr")
        return (text[:at] + "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>" + text[at:]).encode("utf-8")
    return edit(base_docx(), {"word/document.xml": change})


def malformed() -> bytes:
    return edit(base_docx(), {"word/document.xml": lambda xml: xml[: len(xml) // 2]})
