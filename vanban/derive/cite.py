"""Citing a document in running text: "Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh về …"."""
from __future__ import annotations

import re

from vanban.model import attached
from vanban.model.schema import Loai, VanBan

def _lower_first(text: str) -> str:
    # "Triển khai …" → "triển khai …", but leave "UBND …" and "Chương trình" (proper) alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower() and not text.startswith(("Chương trình", "Kế hoạch")):
        return text[0].lower() + text[1:]
    return text


def issuer(doc: VanBan, full: bool = False) -> str:
    """The issuing body in running text: short (``UBND tỉnh``) or full (``UBND tỉnh Lai Châu``)."""
    return attached.issuer(doc, short=not full)


def cite(doc: VanBan, full: bool = False, with_subject: bool = True) -> str:
    """The citation used in "Căn cứ …" and "Thực hiện …" sentences.

    ``Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh về …``; a number or
    day not yet given shows as ``…``, as a clerk would leave it to fill in.
    """
    out = f"{attached.reference(doc)} của {issuer(doc, full)}"
    if with_subject and doc.trich_yeu:
        subject = re.sub(r"^V/v\s+", "", doc.trich_yeu)
        if re.match(r"^(về|Về)\b", subject):
            out += " " + _lower_first(subject)
        else:
            link = "về việc" if doc.loai is Loai.cong_van else "về"
            out += f" {link} {_lower_first(subject)}"
    return out
