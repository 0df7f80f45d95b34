"""A safe copy of a .docx for LibreOffice: nothing fetched, nothing run, nothing that hangs it.

A .docx is a zip of XML parts, and some of what those parts may say makes
LibreOffice reach outside the file while it converts: an image or OLE object
whose relationship is ``TargetMode="External"`` (``file:///home/…/secret.png``,
``http://…``), an INCLUDETEXT / INCLUDEPICTURE / LINK / DDE field, an attached
template with linked styles, an ``altChunk`` of HTML, a mail-merge data source.
Others make it hang or fill the disk: a page size of ``"abc"`` or ``-5``, a part
that inflates to gigabytes. :func:`sanitize` reads the package with bounded
sizes and a hardened XML parser and writes a copy without any of these; it is
called on every file before LibreOffice sees it.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import Optional, Union

from vanban.i18n import _
from vanban.reading.package import MEDIA_LIMIT, PARSER, Package, UnreadableDocument

PathLike = Union[str, os.PathLike]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = f"{{{W}}}"

#: Fields that only compute from the document itself; every other field (INCLUDETEXT,
#: INCLUDEPICTURE, LINK, DDE, DDEAUTO, IMPORT, DATABASE, RD …) is neutralised.
SAFE_FIELDS = frozenset("""PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME CREATEDATE SAVEDATE PRINTDATE REF PAGEREF
    NOTEREF STYLEREF SEQ TOC TC TOA TA INDEX XE HYPERLINK MERGEFIELD MERGEREC MERGESEQ NEXT NEXTIF IF SET ASK
    FILLIN QUOTE SYMBOL EQ ADVANCE LISTNUM AUTONUM AUTONUMLGL AUTONUMOUT BIDIOUTLINE TITLE SUBJECT AUTHOR
    KEYWORDS COMMENTS DOCPROPERTY NUMWORDS NUMCHARS FORMTEXT FORMCHECKBOX FORMDROPDOWN BARCODE
    DISPLAYBARCODE""".split())
#: Hyperlinks stay clickable in the PDF when they are ordinary web or mail addresses.
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.I)
#: Elements that pull content from elsewhere, dropped whole.
_DROP = {f"{_w}{name}" for name in ("altChunk", "attachedTemplate", "linkStyles", "mailMerge", "subDoc")}

#: Twips values LibreOffice lays pages out with: (element, attribute) → (lowest, highest).
_TWIPS = 31680  # 22 inches, the largest page Word allows
_BOUNDS = {
    **{("pgMar", a): (-_TWIPS, _TWIPS) for a in ("top", "bottom", "left", "right", "header", "footer", "gutter")},
    ("cols", "num"): (1, 45), ("cols", "space"): (0, _TWIPS),
    **{("ind", a): (-_TWIPS, _TWIPS) for a in ("left", "right", "start", "end", "hanging", "firstLine")},
    **{("spacing", a): (-_TWIPS, _TWIPS) for a in ("before", "after", "line")},
    ("sz", "val"): (1, 3276), ("szCs", "val"): (1, 3276), ("tab", "pos"): (-_TWIPS, _TWIPS),
    ("gridCol", "w"): (0, _TWIPS), ("tblW", "w"): (0, 5 * _TWIPS), ("tcW", "w"): (0, 5 * _TWIPS),
    ("trHeight", "val"): (0, _TWIPS), ("pgNumType", "start"): (0, 99999),
}
_NUMBER = re.compile(r"^\s*-?\d{1,9}(\.\d{1,6})?\s*$")  # no 400-digit "numbers"


class UnsafeDocument(ValueError):
    """The file cannot be made safe (or is no .docx at all); the message says why."""


def _read_parts(data: bytes, name: str) -> list[tuple[str, Union[bytes, object]]]:
    """Every part: XML ones parsed by the reader's hardened parser, the others as bytes; sizes
    bounded before anything is inflated (:class:`vanban.reading.package.Package`)."""
    try:
        package = Package(data, name)
        return [(part, package.xml(part) if part.lower().endswith((".xml", ".rels")) else package.blob(part))
                for part in package.parts()]
    except UnreadableDocument as exc:
        raise UnsafeDocument("; ".join(p.message for p in exc.problems)) from None


def _clean_rels(root) -> None:
    for rel in list(root):
        if rel.get("TargetMode", "").lower() != "external":
            continue
        if rel.get("Type", "").endswith("/hyperlink") and _SAFE_LINK.match(rel.get("Target", "").strip()):
            continue
        # An image, OLE object, template, frame or file link that would be fetched: gone.
        root.remove(rel)


def _field_code(parts: list[str]) -> str:
    words = "".join(parts).split()
    return words[0].upper().lstrip("\\") if words else ""


def _neutralise_fields(root) -> None:
    for fld in list(root.iter(f"{_w}fldSimple")):
        if _field_code([fld.get(f"{_w}instr", "")]) not in SAFE_FIELDS:
            parent = fld.getparent()
            at = parent.index(fld)
            for child in reversed(list(fld)):  # keep the last shown result as plain runs
                parent.insert(at, child)
            parent.remove(fld)
    stack: list[list] = []
    for el in root.iter(f"{_w}fldChar", f"{_w}instrText", f"{_w}fldData"):
        if el.tag == f"{_w}fldChar":
            kind = el.get(f"{_w}fldCharType")
            if kind == "begin":
                stack.append([[], []])
            elif kind == "end" and stack:
                texts, elements = stack.pop()
                if _field_code(texts) not in SAFE_FIELDS:
                    for e in elements:
                        e.text = ""
        elif stack:
            stack[-1][0].append(el.text or "")
            stack[-1][1].append(el)


#: The same bounds by element: tag → [(attribute, lowest, highest)].
_BOUNDS_BY_TAG: dict[str, list[tuple[str, int, int]]] = {}
for (_owner, _attr), (_lo, _hi) in _BOUNDS.items():
    _BOUNDS_BY_TAG.setdefault(f"{_w}{_owner}", []).append((f"{_w}{_attr}", _lo, _hi))


def _bound_values(root) -> None:
    for el in root.iter(*_BOUNDS_BY_TAG):
        for key, lo, hi in _BOUNDS_BY_TAG[el.tag]:
            value = el.get(key)
            if value is None:
                continue
            if not _NUMBER.match(value):
                del el.attrib[key]  # LibreOffice's default instead of a value it chokes on
            else:
                el.set(key, str(min(hi, max(lo, round(float(value))))))


#: A4 portrait and the decree's margins (20/20/30/15 mm), for a section whose page makes no sense.
_A4 = {"w": 11906, "h": 16838}
_MARGINS = {"top": 1134, "bottom": 1134, "left": 1701, "right": 850, "header": 720, "footer": 720, "gutter": 0}


def _twips(value: Optional[str]) -> Optional[int]:
    return round(float(value)) if value is not None and _NUMBER.match(value) else None


def _sane_pages(root) -> None:
    """Every section's page between one and 22 inches, with room for text inside its margins;
    anything else (``w:w="abc"``, ``w:h="-5"``) becomes A4 with the decree's margins."""
    for sect in root.iter(f"{_w}sectPr"):
        size, margins = sect.find(f"{_w}pgSz"), sect.find(f"{_w}pgMar")
        dims = {}
        if size is not None:
            for side, default in _A4.items():
                value = _twips(size.get(f"{_w}{side}"))
                dims[side] = value if value is not None and 1440 <= value <= _TWIPS else default
                size.set(f"{_w}{side}", str(dims[side]))
        if margins is None:
            continue
        w, h = dims.get("w", _A4["w"]), dims.get("h", _A4["h"])
        m = {k: _twips(margins.get(f"{_w}{k}")) for k in _MARGINS}
        unreadable = any(v is None and margins.get(f"{_w}{k}") is not None for k, v in m.items())
        across = abs(m["left"] or 0) + abs(m["right"] or 0)
        down = abs(m["top"] or 0) + abs(m["bottom"] or 0)
        if unreadable or across > w - 720 or down > h - 720:  # less than half an inch left for text
            for k, v in _MARGINS.items():
                margins.set(f"{_w}{k}", str(v))


def _clean_xml(name: str, root) -> bytes:
    from lxml import etree
    if name.endswith(".rels"):
        _clean_rels(root)
    elif root.tag.startswith(_w):
        for el in list(root.iter(*_DROP)):
            el.getparent().remove(el)
        _neutralise_fields(root)
        _bound_values(root)
        _sane_pages(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_svg(body: bytes) -> bytes:
    from lxml import etree
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError:
        raise UnsafeDocument(_("an SVG image is not well-formed XML")) from None
    for el in root.iter():
        for attr in [a for a in el.attrib if a.endswith("href")]:
            if not el.get(attr, "").startswith(("#", "data:")):
                del el.attrib[attr]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def sanitize(source: Union[PathLike, bytes]) -> bytes:
    """The bytes of a safe copy of the .docx ``source`` (a path or the file's bytes).

    Raises :class:`UnsafeDocument` with a reason for a file that is no .docx,
    is encrypted or an old .doc, inflates past the size limits, or has a part
    that is not XML.
    """
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), ""
    else:
        with open(source, "rb") as fh:
            data, name = fh.read(MEDIA_LIMIT + 1), os.fspath(source)
    if len(data) > MEDIA_LIMIT:
        raise UnsafeDocument(_("the file is larger than {mb} MB").format(mb=MEDIA_LIMIT // 2 ** 20))
    out = io.BytesIO()
    # Stored, not compressed: the copy is private and short-lived, so compressing it would only
    # cost time here and again in LibreOffice.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for part, body in _read_parts(data, name):
            if not isinstance(body, bytes):
                body = _clean_xml(part, body)
            elif part.lower().endswith(".svg"):
                body = _clean_svg(body)
            z.writestr(part, body)
    return out.getvalue()


def sanitize_file(source: PathLike, target: PathLike) -> Path:
    """Write the safe copy of ``source`` to ``target`` (a private working file, not the user's);
    :class:`UnsafeDocument` when it cannot be made."""
    target = Path(target)
    target.write_bytes(sanitize(source))
    return target


def safe_copy(source: PathLike, target: PathLike) -> Optional[str]:
    """Write the safe copy of ``source`` to ``target``; the reason when it cannot be made, else None."""
    try:
        sanitize_file(source, target)
    except UnsafeDocument as exc:
        return str(exc)
    except FileNotFoundError:
        return _("no such file")
    except IsADirectoryError:
        return _("a folder, not a .docx file")
    return None


__all__ = ["sanitize", "sanitize_file", "safe_copy", "UnsafeDocument", "SAFE_FIELDS"]
