"""``vanban register export --format edxml -o DIR``: one edXML message per issued document.

The register entry (number, code, date, body, subject, signer, recipients) is mapped to
:func:`vanban.deliver.edxml.write_message`; the attached file is the signed PDF when the
entry has one, else the .docx. The OrganId is the body's (``vanban register body --organ-id``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from vanban.model import KINDS, Loai
from vanban.deliver.edxml import write_message
from vanban.deliver.files import check_outputs, write_atomic

_TYPES = {".pdf": "application/pdf",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def entry_meta(entry, organ_id: Optional[str]) -> dict:
    """The message's metadata for one register entry."""
    return {"so": f"{entry.number:02d}", "ky_hieu": entry.code, "ngay": entry.issued_on.isoformat(),
            "loai": entry.kind, "ten_loai": KINDS[Loai(entry.kind)].name, "trich_yeu": entry.subject,
            "nguoi_ky": entry.signer, "chuc_vu": entry.signer_title, "noi_nhan": list(entry.recipients),
            "from": {"OrganId": organ_id or "", "OrganName": entry.body_name},
            "to": [{"OrganName": name} for name in entry.recipients]}


def export_edxml(register, folder: Union[str, os.PathLike], year: Optional[int] = None,
                 body: Optional[str] = None) -> list[Path]:
    """One ``.edxml`` per issued entry of ``year`` in ``folder``; an entry whose file is gone is skipped."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in register.entries(year=year, body=body):
        if entry.state != "issued":
            continue
        attached = entry.pdf_path if entry.pdf_path and Path(entry.pdf_path).is_file() else entry.docx_path
        if not attached or not Path(attached).is_file():
            continue
        org = register.body(entry.body)
        blob = Path(attached).read_bytes()
        data = write_message(entry_meta(entry, org.organ_id if org else None), blob, Path(attached).name,
                             _TYPES.get(Path(attached).suffix.lower(), "application/octet-stream"))
        target = folder / f"{entry.year}-{entry.number:02d}-{entry.id}.edxml"
        check_outputs([target], register.db.files())
        written.append(write_atomic(target, data))
    return written
