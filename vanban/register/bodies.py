"""Per-body settings: the OrganId (appendix VI), the kinds numbered in a series of their own, and
a Party body's committee terms (``--nhiem-ky``, ``--nhiem-ky-moi``: see :mod:`.terms`).

Kept in the register's database, not in a file on each workstation, so that every
clerk numbering from a shared server follows the same series.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict

from vanban.i18n import _
from vanban.model import CoQuan, Loai
from vanban.model.loader import InputError, Problem, load_model
from vanban.register.store import IssuingBody, Register, body_key
from vanban.register.terms import label, parse_start, shown

#: A 13-character organisation code, as 000.00.00.H29.
ORGAN_ID = re.compile(r"^[0-9A-Z.]{13}$")


class _Document(BaseModel):
    """Any file with a ``co_quan`` block: a document or a body file."""
    model_config = ConfigDict(extra="ignore")
    co_quan: CoQuan


def body_of(file: Path) -> IssuingBody:
    """The issuing body named under ``co_quan`` in a document or body file."""
    return issuing_body(load_model(file, _Document).co_quan)


def issuing_body(co_quan: CoQuan) -> IssuingBody:
    """The register's body for an agency's header (the web's 'Cơ quan của tôi' names it so too)."""
    name = " ".join(co_quan.ten)
    return IssuingBody(body_key(co_quan.viet_tat, name), co_quan.viet_tat, name)


def update_body(register: Register, file: Path, organ_id: Optional[str], separate: Iterable[str],
                term: Optional[str] = None, new_term: Optional[str] = None) -> IssuingBody:
    """Change the settings of the body of ``file``. ``term``: the first day of its current committee
    term (makes it a Party body; corrects the start while no number was given in that term);
    ``new_term``: a new term begins that day, and every kind is numbered from 01 again."""
    return update_found(register, body_of(file), str(file), organ_id, separate, term, new_term)


def update_found(register: Register, found: IssuingBody, where: str, organ_id: Optional[str] = None,
                 separate: Iterable[str] = (), term: Optional[str] = None,
                 new_term: Optional[str] = None) -> IssuingBody:
    """:func:`update_body` for a body already known (the CLI reads it from a file, the web from her
    agency's settings); ``where`` names it in the problems."""
    body = register.body(found.key) or found
    problems = []
    for option, value, begin in (("--nhiem-ky", term, False), ("--nhiem-ky-moi", new_term, True)):
        if value is not None:
            message = _set_term(register, body, value, begin)
            if message:
                problems.append(Problem(where, None, option, message))
    if organ_id is not None:
        organ_id = organ_id.strip().upper()
        if not ORGAN_ID.match(organ_id):
            problems.append(Problem(where, None, "--organ-id", _(
                "{value}: an organisation code has 13 characters, digits, capitals and dots (000.00.00.H29)"
            ).format(value=organ_id)))
        body.organ_id = organ_id
    kinds = [k.strip() for value in separate for k in value.split(",") if k.strip()]
    if kinds:
        unknown = [k for k in kinds if k != "none" and k not in Loai.__members__]
        if unknown:
            problems.append(Problem(where, None, "--separate", _("{value}: not a kind; choose from {kinds}").format(
                value=unknown[0], kinds=", ".join(Loai.__members__))))
        body.separate = tuple(k for k in kinds if k != "none")
    if problems:
        raise InputError(problems)
    register.set_body(body)
    return body


def _set_term(register: Register, body: IssuingBody, value: str, begin: bool) -> str:
    """Set (``begin``: add) a term start on ``body``; the problem to say, or ''."""
    try:
        start = parse_start(value)
    except ValueError as exc:
        return str(exc)
    terms = list(body.terms)
    if begin and terms:
        if start <= terms[-1]:
            return _("{day}: a new term begins after the current one (from {start})").format(
                day=shown(start), start=shown(terms[-1]))
        terms.append(start)
    elif terms and start != terms[-1]:
        if register.entries(body=body.key, term=terms[-1]):
            return _("numbers were given in the term from {start}: it cannot start on another day; "
                     "a new term is begun with --nhiem-ky-moi").format(start=shown(terms[-1]))
        terms[-1] = start
    elif not terms:
        terms = [start]
    body.terms = tuple(terms)
    return ""


def describe(body: IssuingBody) -> str:
    if body.party:
        return f"{body.key}: " + "; ".join([
            _("OrganId {id}").format(id=body.organ_id) if body.organ_id else _("no OrganId"),
            _("Party body: each kind numbered from 01 in the term {term} (from {start})").format(
                term=label(body.terms, body.terms[-1]), start=shown(body.terms[-1]))])
    parts = [_("OrganId {id}").format(id=body.organ_id) if body.organ_id else _("no OrganId"),
             _("own series for {kinds}").format(kinds=", ".join(body.separate)) if body.separate
             else _("one series for every kind")]
    return f"{body.key}: " + "; ".join(parts)
