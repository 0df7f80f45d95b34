"""Per-body settings: the OrganId (appendix VI) and the kinds numbered in a series of their own.

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

#: A 13-character organisation code, as 000.00.00.H29.
ORGAN_ID = re.compile(r"^[0-9A-Z.]{13}$")


class _Document(BaseModel):
    """Any file with a ``co_quan`` block: a document or a body file."""
    model_config = ConfigDict(extra="ignore")
    co_quan: CoQuan


def body_of(file: Path) -> IssuingBody:
    """The issuing body named under ``co_quan`` in a document or body file."""
    co_quan = load_model(file, _Document).co_quan
    name = " ".join(co_quan.ten)
    return IssuingBody(body_key(co_quan.viet_tat, name), co_quan.viet_tat, name)


def update_body(register: Register, file: Path, organ_id: Optional[str], separate: Iterable[str]) -> IssuingBody:
    found = body_of(file)
    body = register.body(found.key) or found
    problems = []
    if organ_id is not None:
        organ_id = organ_id.strip().upper()
        if not ORGAN_ID.match(organ_id):
            problems.append(Problem(str(file), None, "--organ-id", _(
                "{value}: an organisation code has 13 characters, digits, capitals and dots (000.00.00.H29)"
            ).format(value=organ_id)))
        body.organ_id = organ_id
    kinds = [k.strip() for value in separate for k in value.split(",") if k.strip()]
    if kinds:
        unknown = [k for k in kinds if k != "none" and k not in Loai.__members__]
        if unknown:
            problems.append(Problem(str(file), None, "--separate", _("{value}: not a kind; choose from {kinds}").format(
                value=unknown[0], kinds=", ".join(Loai.__members__))))
        body.separate = tuple(k for k in kinds if k != "none")
    if problems:
        raise InputError(problems)
    register.set_body(body)
    return body


def describe(body: IssuingBody) -> str:
    parts = [_("OrganId {id}").format(id=body.organ_id) if body.organ_id else _("no OrganId"),
             _("own series for {kinds}").format(kinds=", ".join(body.separate)) if body.separate
             else _("one series for every kind")]
    return f"{body.key}: " + "; ".join(parts)
