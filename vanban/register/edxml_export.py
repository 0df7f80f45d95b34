"""``vanban register export --format edxml -o DIR``: one edXML message per issued document.

The register entry (number, code, date, body, subject, signer, recipients) is mapped to
:func:`vanban.deliver.edxml.write_message`; the attached file is the signed PDF when the
entry has one, else the .docx (:func:`write_entry`, also what ``vanban issue --edxml`` writes). The OrganId is the body's (``vanban register body --organ-id``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from vanban.model import KINDS, Loai
from vanban.deliver.edxml import type_code, write_message
from vanban.deliver.files import check_outputs, write_atomic

_TYPES = {".pdf": "application/pdf",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def entry_meta(entry, organ_id: Optional[str]) -> dict:
    """The message's metadata for one register entry."""
    return {"so": f"{entry.number:02d}", "ky_hieu": entry.code, "ngay": entry.issued_on.isoformat(),
            "loai": type_code(entry.kind), "ten_loai": KINDS[Loai(entry.kind)].name, "trich_yeu": entry.subject,
            "nguoi_ky": entry.signer, "chuc_vu": entry.signer_title, "noi_nhan": list(entry.recipients),
            "from": {"OrganId": organ_id or "", "OrganName": entry.body_name},
            "to": [{"OrganName": name} for name in entry.recipients]}


def attached_file(entry) -> Optional[Path]:
    """The file a message carries: the entry's (signed) PDF when it is there, else its .docx."""
    for path in (entry.pdf_path, entry.docx_path):
        if path and Path(path).is_file():
            return Path(path)
    return None


def write_entry(register, entry, target: Union[str, os.PathLike], protect: tuple = ()) -> Path:
    """The edXML message of one issued ``entry`` written to ``target`` (whole or not at all): the one
    writer ``register export --format edxml`` and ``issue --edxml`` share. Never over the register's
    database nor ``protect``; :class:`ValueError`'s subclass InputError when the entry has no file."""
    data = message_of(register, entry, str(target))
    check_outputs([Path(target)], [*register.db.files(), *protect])
    return write_atomic(Path(target), data)


def message_name(entry) -> str:
    """The file name of ``entry``'s message, the same in the export's folder and in a web download."""
    return f"{entry.year}-{entry.number:02d}-{entry.id}.edxml"


def message_of(register, entry, where: str = "") -> bytes:
    """The edXML message of one issued ``entry``, as bytes: what a file written by :func:`write_entry`
    and the web's download hold. InputError naming ``where`` when the entry has no file to carry."""
    from vanban.i18n import _
    from vanban.model.loader import InputError, Problem
    attached = attached_file(entry)
    if attached is None:
        raise InputError([Problem(where or entry.so_ky_hieu, None, "", _("no file of {number} to attach").format(
            number=entry.so_ky_hieu))])
    org = register.body(entry.body)
    return write_message(entry_meta(entry, org.organ_id if org else None), attached.read_bytes(), attached.name,
                         _TYPES.get(attached.suffix.lower(), "application/octet-stream"))


def export_edxml(register, folder: Union[str, os.PathLike], year: Optional[int] = None,
                 body: Optional[str] = None, term: Optional[str] = None) -> list[Path]:
    """One ``.edxml`` per issued entry of ``year`` (or of the Party term begun on ``term``) in
    ``folder``; an entry whose file is gone is skipped."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_entry(register, entry, folder / message_name(entry))
            for entry in register.entries(year=year, body=body, term=term)
            if entry.state == "issued" and attached_file(entry) is not None]
