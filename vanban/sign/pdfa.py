"""PDF/A-2b after signing and stamping: what vanban can check here, and what it cannot.

veraPDF, the reference validator, is a Java program: not in Debian, not on PyPI or npm (the PyPI
packages naming it expect it installed apart), so it does not run here. The signed and stamped PDF
is an incremental update over LibreOffice's PDF/A-2b, and the updates are vanban's (the field, the
văn thư's annotations, the signatures' appearances): these are the rules of ISO 19005-2 such updates
can break, read with pyHanko's reader:

- the identification: XMP metadata with ``pdfaid:part`` 2 and ``pdfaid:conformance`` B (6.6.4);
- an output intent ``GTS_PDFA1`` with its ICC profile (6.2.3);
- no encryption (6.1.3);
- every font used by the pages and by every annotation's appearance is embedded (6.2.11.4), Type 3
  fonts being their own glyphs;
- every annotation printable and visible (F: Print set, Hidden, Invisible, NoView clear), with a
  normal appearance stream when it has an area (6.3.2, 6.3.3).

Not checked (say so, never "valid"): colour spaces against the output intent, the XMP schemas'
validity, font programs' widths against the PDF's, transparency groups, and every other clause.
"""
from __future__ import annotations

import io
import re
from typing import Iterator

from vanban.i18n import N_, _

#: Annotation flags (ISO 32000 12.5.3).
INVISIBLE, HIDDEN, PRINT, NOVIEW = 1, 2, 4, 32
_PART = re.compile(rb"pdfaid:part(?:=\"|>)\s*2\b")
_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:=\"|>)\s*[Bb]\b")
#: What this module does not check, for reports.
NOT_CHECKED = (N_("colour spaces against the output intent"), N_("XMP schema validity"), N_("font widths"),
               N_("transparency groups"), N_("the other clauses of ISO 19005-2"))


def problems(pdf: bytes) -> list[str]:
    """What breaks PDF/A-2b in ``pdf`` among the rules above ([] when none does)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        root = reader.root
    except Exception as exc:        # pyHanko's PdfReadError: a damaged file
        return [_("not a PDF that can be read: {why}").format(why=exc)]
    found = []
    if "/Encrypt" in reader.trailer:
        found.append(_("encrypted"))
    xmp = root.get("/Metadata")
    data = xmp.get_object().data if xmp is not None else b""
    if not (_PART.search(data) and _CONFORMANCE.search(data)):
        found.append(_("no PDF/A-2b identification in the XMP metadata (pdfaid:part 2, conformance B)"))
    intents = [_obj(i) for i in _obj(root.get("/OutputIntents", []))]
    if not any(str(i.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        found.append(_("no PDF/A output intent with an ICC profile"))
    for page_no, page in enumerate(_pages(reader), start=1):
        found += [_("page {n}: font {font} not embedded").format(n=page_no, font=f)
                  for f in sorted(set(_unembedded(page.get("/Resources"), set())))]
        for annot in (_obj(a) for a in _obj(page.get("/Annots", [])) or []):
            found += [_("page {n}: annotation {name}: {why}").format(n=page_no, name=_name(annot), why=why)
                      for why in _annotation(annot)]
    return found


def _pages(reader) -> Iterator:
    count = int(reader.root["/Pages"]["/Count"])
    for k in range(count):
        yield reader.find_page_for_modification(k)[0].get_object()


def _name(annot) -> str:
    return str(annot.get("/NM") or annot.get("/T") or annot.get("/Subtype"))


def _annotation(annot) -> list[str]:
    out = []
    flags = int(annot.get("/F", 0))
    if not flags & PRINT or flags & (HIDDEN | INVISIBLE | NOVIEW):
        out.append(_("not printable and visible (flags {f})").format(f=flags))
    rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
    has_area = abs(rect[2] - rect[0]) > 0 and abs(rect[3] - rect[1]) > 0
    if str(annot.get("/Subtype")) not in ("/Popup", "/Link") and has_area:
        ap = annot.get("/AP")
        if ap is None or "/N" not in ap.get_object():
            out.append(_("no appearance stream"))
        else:
            normal = ap.get_object()["/N"].get_object()
            fonts = _unembedded(normal.get("/Resources"), set())
            out += [_("font {font} not embedded").format(font=f) for f in sorted(set(fonts))]
    return out


def _obj(value):
    """``value`` itself, an indirect reference followed."""
    return value.get_object() if hasattr(value, "get_object") else value


def _unembedded(resources, seen: set) -> list[str]:
    """The base fonts of ``resources`` (and of the form XObjects they use) that are not embedded."""
    if resources is None:
        return []
    resources = resources.get_object()
    out = []
    for font in (_obj(f) for f in _obj(resources.get("/Font") or {}).values()):
        if id(font) in seen:
            continue
        seen.add(id(font))
        if str(font.get("/Subtype")) == "/Type3":
            continue
        target = _obj(_obj(font["/DescendantFonts"])[0]) if "/DescendantFonts" in font else font
        desc = target.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            out.append(str(font.get("/BaseFont", "?")).lstrip("/"))
    for xobj in (_obj(x) for x in _obj(resources.get("/XObject") or {}).values()):
        if id(xobj) not in seen and str(xobj.get("/Subtype")) == "/Form":
            seen.add(id(xobj))
            out += _unembedded(xobj.get("/Resources"), seen)
    return out


__all__ = ["problems", "NOT_CHECKED"]
