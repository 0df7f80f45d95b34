"""The text a digital signature's stamp prints on a page, read back: who signed, and when.

Signing software used by Vietnamese offices (the CA's plug-ins, the văn thư's tools) prints beside
the signature, or in the corner of page 1 for the agency's own signature, a small box of labelled
lines::

    Ký bởi: Sở Giáo dục và Đào tạo          (or "Người ký:")
    Email: sgddt@laichau.gov.vn
    Cơ quan: Tỉnh Lai Châu                  (or "Tổ chức:", "Đơn vị:")
    Thời gian ký: 12.03.2024 09:15:22 +07:00 (or "Ngày ký:" and "Giờ ký:", "Ký ngày:")

It is the signature's appearance, not the document's text. A box is read only when at least two of
its lines are labelled and one of them names the signer or the time: "Email: …" or "Cơ quan: …"
alone is text a letter may carry. A line without a label continues the value above it (a long
agency's name wraps in a narrow box). Pure functions on the lines' texts; :mod:`vanban.reading`
finds the box on the page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Sequence

from vanban.i18n import _

#: (field, the labels that name it) — a label is followed by ":".
_LABELS = (("signer", ("Ký bởi", "Được ký bởi", "Người ký")),
           ("time", ("Thời gian ký", "Ngày ký", "Giờ ký", "Ký ngày", "Ngày giờ ký")),
           ("agency", ("Cơ quan", "Tổ chức", "Đơn vị")),
           ("email", ("Email", "E-mail", "Thư điện tử")),
           ("title", ("Chức vụ",)))
_LABEL = re.compile(r"^(%s)\s*:\s*(.*)$" % "|".join(re.escape(w) for _f, ws in _LABELS for w in ws), re.I)
_FIELD = {w.lower(): f for f, ws in _LABELS for w in ws}
#: A time as stamps print it: 12.03.2024 09:15:22 +07:00, 12/03/2024, 2024-03-12T09:15:22, 09:15.
_TIME = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\b\d{1,2}:\d{2}\b")


@dataclass(frozen=True)
class SignatureStamp:
    """What a stamp says; ``time`` as printed ("12.03.2024 09:15:22 +07:00"); ``page`` 1-based."""
    signer: str = ""
    agency: str = ""
    email: str = ""
    time: str = ""
    title: str = ""
    lines: tuple[str, ...] = ()
    page: int = 1


def stamp_field(text: str) -> Optional[tuple[str, str]]:
    """(field, value) of a labelled stamp line: ``"Ký bởi: Sở GD&ĐT"`` → ``("signer", "Sở GD&ĐT")``;
    None for any other line, or a label whose value is not what the label says (a time without a
    date or an hour, an e-mail without @, an empty signer)."""
    m = _LABEL.match(unicodedata.normalize("NFC", text).strip())
    if m is None:
        return None
    field, value = _FIELD[m.group(1).lower()], m.group(2).strip()
    if (field == "time" and not _TIME.search(value)) or (field == "email" and "@" not in value) or not value:
        return None
    return field, value


def read_stamp(texts: Sequence[str]) -> Optional[SignatureStamp]:
    """The stamp whose lines are ``texts`` (top to bottom), or None when they are no stamp."""
    values: dict[str, str] = {}
    last, labelled = None, 0
    for text in texts:
        found = stamp_field(text)
        if found is not None:
            last, labelled = found[0], labelled + 1
            values[last] = f"{values[last]} {found[1]}" if last in values else found[1]   # "Ngày ký" + "Giờ ký"
        elif last is not None and text.strip():
            values[last] += " " + text.strip()      # a wrapped value
        else:
            return None
    if labelled < 2 or not ({"signer", "time"} & values.keys()):
        return None
    return SignatureStamp(lines=tuple(texts), **values)


def describe(stamp: SignatureStamp) -> str:
    """One line for a person: who signed, when, and that the stamp's lines are not the text."""
    who = stamp.signer or stamp.agency or stamp.email or "?"
    if stamp.time:
        return _("digitally signed by {who} at {time} (the signature's stamp on page {page}, kept out of the "
                 "document's text)").format(who=who, time=stamp.time, page=stamp.page)
    return _("digitally signed by {who} (the signature's stamp on page {page}, kept out of the document's "
             "text)").format(who=who, page=stamp.page)


__all__ = ["SignatureStamp", "stamp_field", "read_stamp", "describe"]
