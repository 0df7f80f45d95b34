"""Opening a .docx safely: the zip's parts bounded before they are inflated, XML parsed without
entities, network or huge trees, and every way a file is not a readable .docx named plainly.

A .docx is a zip of XML parts. A hostile one can inflate 1 MB into gigabytes, declare entities
that expand, or point at the network; a careless one is a renamed .doc, an encrypted file (an
OLE compound file that Word opens after asking for a password), empty, or truncated. Each gets
its own message, so a clerk knows what to do with it.
"""
from __future__ import annotations

import io
import os
import posixpath
import stat
import zipfile
from pathlib import Path
from typing import Optional, Union

from lxml import etree

from vanban.i18n import _
from vanban.model.loader import InputError, Problem

#: No single part of a real document comes near this (a 1,000-page body is ~20 MB of XML).
PART_LIMIT = 64 * 1024 * 1024
#: Nor the parts read together.
TOTAL_LIMIT = 160 * 1024 * 1024
#: Everything in the zip together, images included.
MEDIA_LIMIT = 512 * 1024 * 1024
#: A part past this size that compresses more than BOMB_RATIO : 1 is not content (text compresses ~10 : 1).
BOMB_FLOOR = 16 * 1024 * 1024
BOMB_RATIO = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_SCAN = 8 * 1024 * 1024    # the stream directory of an OLE file sits well within this

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                         dtd_validation=False, remove_comments=True, remove_pis=True)

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAIN_DOC = R_NS + "/officeDocument"


class UnreadableDocument(InputError):
    """The file is not a .docx that can be read; the message says which way."""

    def __init__(self, file: str, message: str):
        super().__init__([Problem(file, None, "", message)])


def regular(path: Union[str, os.PathLike], name: str = "") -> None:
    """Refuse, before anything opens it, a path that is not a regular file: a folder, a FIFO
    (opening one named ``x.docx`` waits forever for a writer), a device or a socket."""
    name = name or str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError([Problem(name, None, "", _("no such file"))]) from None
    except OSError as exc:
        raise InputError([Problem(name, None, "", exc.strerror or _("cannot be read"))]) from None
    if stat.S_ISDIR(mode):
        raise InputError([Problem(name, None, "", _("is a folder, not a document file"))])
    if not stat.S_ISREG(mode):
        raise InputError([Problem(name, None, "", _("not a regular file (a pipe, a device or a socket); "
                                                    "give a document file"))])


def _name(source) -> str:
    return "" if isinstance(source, (bytes, bytearray)) else str(source)


def _ole_message(source) -> str:
    """What an OLE compound file is: an encrypted .docx carries an EncryptedPackage stream."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source[:OLE_SCAN])
    else:
        with open(source, "rb") as fh:
            data = fh.read(OLE_SCAN)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _("the document is encrypted (protected by a password); open it in Word, remove the password "
                 "(File → Info → Protect Document) and save it again")
    return _("this is a Word 97–2003 .doc, not a .docx; open it in Word and save it as .docx")


def _head(source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source[:8])
    with open(source, "rb") as fh:
        return fh.read(8)


class Package:
    """The parts of one .docx, read on demand, each bounded and parsed safely."""

    def __init__(self, source: Union[str, Path, bytes], name: str = ""):
        self.name = name or _name(source)
        if not isinstance(source, (bytes, bytearray)):
            regular(source, self.name)
        head = _head(source)
        if not head:
            raise UnreadableDocument(self.name, _("the file is empty"))
        if head == OLE_MAGIC:
            raise UnreadableDocument(self.name, _ole_message(source))
        if head[:2] != b"PK":
            raise UnreadableDocument(self.name, _("not a .docx (no zip signature): is it a .doc, .rtf or PDF renamed?"))
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else str(source))
            self._info = {i.filename: i for i in self._zip.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableDocument(self.name, _("the .docx (zip) is damaged or truncated: {why}").format(why=exc))
        self._refuse_bombs()
        self._read_total = 0
        self._rels: dict[str, dict[str, tuple[str, str, str]]] = {}
        main = next((t for _id, (kind, t, _m) in self.rels("").items() if kind == MAIN_DOC), None)
        if main is None or main not in self._info:
            main = "word/document.xml" if "word/document.xml" in self._info else None
        if main is None:
            raise UnreadableDocument(self.name, _("no Word document inside this zip (no word/document.xml)"))
        self.main = main

    def _refuse_bombs(self) -> None:
        """Refuse on the zip's own directory, before inflating anything: a part that would inflate
        past the limits, or far more than any real content compresses (images are compressed already)."""
        total = 0
        for info in self._info.values():
            total += info.file_size
            ratio_bomb = info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * max(1, info.compress_size)
            if info.file_size > MEDIA_LIMIT or ratio_bomb or total > MEDIA_LIMIT:
                raise UnreadableDocument(self.name, _(
                    "part {part} would inflate from {packed} KB to {size} MB: a zip bomb, or not a real document; "
                    "refused").format(part=info.filename, packed=info.compress_size // 1024,
                                      size=info.file_size // (1024 * 1024)))

    def has(self, part: str) -> bool:
        return part in self._info

    def parts(self) -> list[str]:
        """Every part's name, in the zip's order."""
        return list(self._info)

    def blob(self, part: str) -> bytes:
        """A part's bytes, refused before inflating when it (or all parts read) would pass the limits."""
        info = self._info[part]
        if info.file_size > PART_LIMIT or self._read_total + info.file_size > TOTAL_LIMIT:
            raise UnreadableDocument(self.name, _(
                "part {part} inflates to {size} MB, past the {limit} MB limit (a zip bomb, or not a real "
                "document)").format(part=part, size=info.file_size // (1024 * 1024), limit=PART_LIMIT // (1024 * 1024)))
        self._read_total += info.file_size
        try:
            with self._zip.open(info) as fh:
                # The header's size can lie; never read past what it declared.
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise UnreadableDocument(self.name, _("the file is damaged: part {part} cannot be unpacked ({why})").format(part=part, why=exc))
        if len(data) > info.file_size:
            raise UnreadableDocument(self.name, _("part {part} is larger than its zip header says").format(part=part))
        return data

    def xml(self, part: str) -> Optional[etree._Element]:
        """A part parsed with the hardened parser, or None when absent."""
        if part not in self._info:
            return None
        try:
            root = etree.fromstring(self.blob(part), PARSER)
        except etree.XMLSyntaxError as exc:
            line, column = getattr(exc, "position", None) or (exc.lineno, 0)
            raise UnreadableDocument(self.name, _("the file is damaged: part {part} is not well-formed XML "
                                                  "(line {line}, column {column})").format(part=part, line=line,
                                                                                         column=column))
        if root.getroottree().docinfo.doctype:
            # Office never writes one; a DOCTYPE is how entity bombs and external entities come in.
            raise UnreadableDocument(self.name, _("part {part} declares a DOCTYPE, which no Word document has "
                                                  "(entities are refused)").format(part=part))
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationship id -> (type, target part, target mode) of ``part`` ("" for the package)."""
        if part in self._rels:
            return self._rels[part]
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out = {}
        root = self.xml(rels_name)
        for rel in (root.iter(PKG_REL) if root is not None else ()):
            target, mode = rel.get("Target", ""), rel.get("TargetMode", "Internal")
            if mode != "External":
                target = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                            else posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        self._rels[part] = out
        return out

    def related(self, part: str, kind_suffix: str) -> Optional[str]:
        """The first internal part ``part`` relates to by a type ending in ``kind_suffix``."""
        return next((t for kind, t, mode in self.rels(part).values()
                     if kind.endswith(kind_suffix) and mode != "External" and t in self._info), None)
