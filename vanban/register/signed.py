"""The văn thư's step with the number from the register: ``vanban sign --van-thu --tu-so-dang-ky DB``.

A draft the leader signed with its number and day blank gets the next number of its series and
today's date from the register, through the calls ``issue`` makes (:meth:`Register.claim`,
:meth:`Register.series_for`, :meth:`Register.reserve`, :meth:`Register.complete`): the register's
facts are read from the PDF itself (the importer, as ``import`` reads it), the number and date are
written into the blanks and the agency signs (:mod:`vanban.sign.vanthu`, through the caller's
``stamp``), and the stamped PDF is recorded with its SHA-256.

Crash order as in :mod:`.issuing`: everything that can refuse the PDF (no blank, a printed month
not today's, an unreadable file) is asked BEFORE a number is taken; the number and its reserved row
are committed; the stamped PDF is written whole; only then is the row issued. A run stopped after
the reservation (a token that did not answer) leaves a reserved row, and running the step again on
the same file finishes it with the same number: no number is lost, none is given twice.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

from vanban.deliver.files import check_outputs, write_atomic
from vanban.i18n import _
from vanban.model.loader import InputError, Problem
from vanban.register.store import RESERVED, AlreadyIssued, Register, RegisterEntry

PathLike = Union[str, os.PathLike]
#: ``stamp(pdf_bytes, number, date) -> bytes``: the văn thư's step, by the caller's key.
Stamp = Callable[[bytes, int, _dt.date], bytes]


@dataclass
class IssuedPdf:
    """What the step did: the register's row and the stamped PDF."""
    entry: RegisterEntry
    pdf_path: Path
    resumed: bool = False


def pdf_facts(pdf: Path, name: str):
    """The register's view of a signed draft, read from the PDF as ``import`` reads it."""
    from vanban.deliver.documents import import_any
    from vanban.register.issuing import facts_of
    return facts_of(import_any(pdf, name).doc)


def issue_signed(src: PathLike, out: PathLike, register: Register, stamp: Stamp, day: Optional[_dt.date] = None,
                 series: Optional[str] = None, check: Optional[Callable[[bytes, _dt.date], None]] = None) -> IssuedPdf:
    """Number and date the signed draft ``src`` from ``register``, stamp it into ``out``, record it.

    ``check(pdf, date)`` raises when the PDF cannot take ``date`` (asked before the number is taken);
    :class:`AlreadyIssued` when the file was issued before, the register's own errors as they are."""
    src, out = Path(src), Path(out)
    check_outputs([out], [src, *register.db.files()])
    where = str(src.resolve())
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(src), None, "", exc.strerror or str(exc))]) from None
    with register.claim(where):
        known = register.live(where)
        pending = next((e for e in known if e.state == RESERVED), None)
        if pending is None and known:
            raise AlreadyIssued(Problem(str(src), None, "so", _(
                "already issued as số {number}; a signed document keeps its number").format(
                number=known[0].so_ky_hieu)), known[0].so_ky_hieu)
        if pending is not None:
            entry = pending
        else:
            when = day or _dt.date.today()
            if check is not None:
                check(data, when)
            facts = pdf_facts(src, str(src))
            entry = register.reserve(facts, when, register.series_for(facts, series), where,
                                     seen={e.id for e in known})
        stamped = stamp(data, entry.number, entry.issued_on)
        write_atomic(out, stamped)
        entry = register.complete(entry.id, "", hashlib.sha256(stamped).hexdigest(), str(out.resolve()))
    return IssuedPdf(entry, out, pending is not None)


__all__ = ["IssuedPdf", "issue_signed", "pdf_facts"]
