"""Issuing a draft (cấp số): number, date, render, record.

Order matters for crashes: the number and its ``reserved`` row are committed
first; then the numbered YAML and the .docx are written, each whole or not at
all; only then is the row marked ``issued`` with the .docx's SHA-256. A run
killed anywhere leaves either nothing or a reserved row, and running ``issue``
again on the same file finishes it with the same number.

One issue of a file at a time: the run holds the file's claim (a lock the
register's server, or the kernel, lets go of when the run dies) from before it
reads the draft until its row is complete, so a second click on "Cấp số" waits
and then finds the draft numbered (:class:`AlreadyIssued`). The numbering
transaction checks it again: a row taken for the file since the run read it
refuses the number.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from vanban.decree import party, vn
from vanban.deliver.files import check_outputs, write_atomic
from vanban.i18n import _
from vanban.model import VanBan
from vanban.model.loader import InputError, Problem, load_dict, parse_yaml
from vanban.register.cells import clean_record, removal_warning
from vanban.register.stamp import stamp, stamp_round_trip
from vanban.register.store import RESERVED, AlreadyIssued, RegisterEntry, Recorded, Register, body_key, number_code
from vanban.rendering.renderer import render_bytes

PathLike = Union[str, os.PathLike]


@dataclass
class Issued:
    """What ``issue`` did."""
    entry: RegisterEntry
    yaml_path: Path
    docx_path: Path
    pdf_path: Optional[Path] = None
    resumed: bool = False          # an earlier, interrupted run had reserved the number
    warnings: list[str] = field(default_factory=list)


def facts_of(doc: VanBan) -> Recorded:
    """The register's view of a document."""
    name = " ".join(doc.co_quan.ten)
    recipients = []
    for item in doc.noi_nhan:
        # "Như Kính gửi" / "Như trên" stand for the addressees: the register names them.
        if vn.nfc(item).strip().rstrip(";.").lower() in ("như kính gửi", "như trên") and doc.kinh_gui:
            recipients += doc.kinh_gui
        else:
            recipients.append(item)
    if not doc.noi_nhan and doc.kinh_gui:
        recipients = list(doc.kinh_gui)
    return Recorded(body=body_key(doc.co_quan.viet_tat, name), abbr=doc.co_quan.viet_tat, body_name=name,
                 kind=doc.loai.value, code=doc.code, subject=doc.trich_yeu or "",
                 signer=doc.ky.ho_ten or "", signer_title=doc.ky.chuc_vu, recipients=recipients,
                 filed=list(doc.luu), party=party.is_party(doc.mau.value), congress=doc.dai_hoi)


def numbered_as(doc: VanBan) -> str:
    """The number the document carries, written as its profile writes it: ``05/LĐLĐ``, ``05-NQ/TU``."""
    return number_code(doc.so, doc.code, party.is_party(doc.mau.value))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", _("no such file"))]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), None, "", _("not UTF-8 text ({reason} at byte {start})").format(
            reason=exc.reason, start=exc.start))]) from None


def _load(text: str, file: str) -> tuple[VanBan, tuple[dict, dict]]:
    data, lines = parse_yaml(text, file)
    return load_dict(data, file, lines), (data, lines)


def _numbered(text: str, file: str, entry: RegisterEntry, parsed: tuple[dict, dict]) -> tuple[str, VanBan]:
    """The YAML with the entry's number and date, read back to be sure it says them."""
    for attempt in (stamp(text, entry.number, entry.issued_on, parsed, file),
                    stamp_round_trip(text, entry.number, entry.issued_on, file)):
        doc, _parsed = _load(attempt, file)
        if doc.so == entry.number and doc.ngay is not None and doc.ngay.date == entry.issued_on:
            return attempt, doc
    raise InputError([Problem(file, None, "so", _("cannot write the number into this file; "
                                                  "write so: and ngay: as plain values"))])


def issue_file(path: PathLike, register: Register, day: Optional[_dt.date] = None, pdf: bool = False,
               renumber: bool = False, series: Optional[str] = None,
               output: Optional[PathLike] = None) -> Issued:
    """Give the draft at ``path`` the next number of its series, date it ``day`` (today by
    default), write the numbered YAML back, render the .docx (and the PDF), record it.

    Raises :class:`AlreadyIssued` for a draft that has its number (or got one from another issue
    running at the same time), :class:`~vanban.register.RegisterBusy` when another clerk holds the
    register longer than its timeout, :class:`InputError` for a bad draft or output."""
    path = Path(path)
    docx_path = Path(output) if output else path.with_suffix(".docx")
    outputs = [docx_path, *([docx_path.with_suffix(".pdf")] if pdf else [])]
    check_outputs(outputs, [path, *register.db.files()])
    where = str(path.resolve())
    with register.claim(where):
        return _issue(path, where, register, day, pdf, renumber, series, docx_path)


def _issue(path: Path, where: str, register: Register, day: Optional[_dt.date], pdf: bool, renumber: bool,
           series: Optional[str], docx_path: Path) -> Issued:
    file = str(path)
    known = register.live(where)       # read before the draft: a row taken after it is refused below
    text = _read(path)
    doc, parsed = _load(text, file)
    lines = parsed[1]
    warnings: list[str] = []
    pending = next((e for e in known if e.state == RESERVED), None)
    resumed = pending is not None and (doc.so is None or doc.so == pending.number)
    if pending is not None and resumed:
        entry = pending
    else:
        if doc.so is not None and not renumber:
            raise AlreadyIssued(Problem(file, lines.get(("so",)), "so", _(
                "already numbered ({number}); an issued document keeps its number — "
                "use --renumber to give it a new one").format(number=numbered_as(doc))), numbered_as(doc))
        facts, removed = clean_record(facts_of(doc))
        warnings += [removal_warning(name, codes) for name, codes in removed.items()]
        if doc.so is not None:
            warnings.append(_("the old number {number} stays in the register; cancel it with "
                              "vanban register cancel {number} --reason …").format(
                number=numbered_as(doc)))
        try:
            entry = register.reserve(facts, day or _dt.date.today(), register.series_for(facts, series), where,
                                     seen={e.id for e in known})
        except AlreadyIssued as exc:
            raise AlreadyIssued(dataclasses.replace(exc.problems[0], file=file), exc.number) from None
    numbered_text, numbered = _numbered(text, file, entry, parsed)
    data = render_bytes(numbered)
    write_atomic(path, numbered_text.encode("utf-8"))
    write_atomic(docx_path, data)
    pdf_path = None
    if pdf:
        pdf_path, problem = _pdf(docx_path)
        if problem:
            warnings.append(_("no PDF: {error}").format(error=problem))
    entry = register.complete(entry.id, str(docx_path.resolve()), hashlib.sha256(data).hexdigest(),
                              str(pdf_path.resolve()) if pdf_path else None)
    for other, why in register.duplicates(entry):
        warnings.append(_("possible duplicate of {number} of {day} ({why}): {subject}").format(
            number=other.so_ky_hieu, day=vn.short_date(other.issued_on), why=why, subject=other.subject))
    if not numbered.ky.ho_ten:
        warnings.append(_("ky.ho_ten: the signer's name is blank"))
    return Issued(entry, path, docx_path, pdf_path, resumed, warnings)


def _pdf(docx_path: Path) -> tuple[Optional[Path], str]:
    """The PDF beside the .docx; a failed conversion does not undo the issued document."""
    from vanban.deliver.pdf import convert
    [outcome] = convert([docx_path], workers=1)
    if outcome.status != "ok":
        return None, outcome.error
    return Path(outcome.output), ""
