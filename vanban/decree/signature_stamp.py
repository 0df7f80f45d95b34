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
           ("title", ("Chức vụ",)),
           ("copy", ("SAO Y",)))
_LABEL = re.compile(r"^(%s)\s*:\s*(.*)$" % "|".join(re.escape(w) for _f, ws in _LABELS for w in ws), re.I)
#: A certified copy's stamp (bản sao điện tử): "SAO Y" alone, its agency under it, then the time; or
#: the three on one line, parted by ";" ("SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; Thời gian ký: …").
_COPY = re.compile(r"^SAO Y(?:\s*;\s*(.*))?$")
_FIELD = {w.lower(): f for f, ws in _LABELS for w in ws}
#: A time as stamps print it: 12.03.2024 09:15:22 +07:00, 12/03/2024, 2024-03-12T09:15:22, 09:15.
_DATE = r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
_TIME = re.compile(rf"{_DATE}|\d{{1,2}}:\d{{2}}(?!\d)")
#: A date with its hour: a line "Thời gian ký: …" saying this is a stamp by itself.
_FULL_TIME = re.compile(rf"(?:{_DATE})[ T]+\d{{1,2}}:\d{{2}}")


@dataclass(frozen=True)
class SignatureStamp:
    """What a stamp says; ``time`` as printed ("12.03.2024 09:15:22 +07:00"); ``page`` 1-based."""
    signer: str = ""
    agency: str = ""
    email: str = ""
    time: str = ""
    title: str = ""
    copy: str = ""          # a certified copy's stamp ("SAO Y"): the agency that made the copy
    lines: tuple[str, ...] = ()
    page: int = 1


def stamp_field(text: str) -> Optional[tuple[str, str]]:
    """(field, value) of a labelled stamp line: ``"Ký bởi: Sở GD&ĐT"`` → ``("signer", "Sở GD&ĐT")``;
    None for any other line, or a label whose value is not what the label says (a time without a
    date or an hour, an e-mail without @, an empty signer)."""
    text = unicodedata.normalize("NFC", text).strip()
    copy = _COPY.match(text)
    if copy:
        return "copy", copy.group(1) or ""
    m = _LABEL.match(text)
    if m is None:
        return None
    field, value = _FIELD[m.group(1).lower()], m.group(2).strip()
    # A label alone may have its value on the line under it ("Thời gian ký:" | "12.03.2024 …").
    if value and ((field == "time" and not _TIME.search(value)) or (field == "email" and "@" not in value)):
        return None
    return field, value


def _pieces(text: str) -> list[str]:
    """A line as the stamp's lines it holds: a copy's stamp may be typed on one line, parted by ";"."""
    copy = _COPY.match(unicodedata.normalize("NFC", text).strip())
    if copy and copy.group(1):
        return ["SAO Y", *(p.strip() for p in copy.group(1).split(";") if p.strip())]
    return [text]


def read_stamp(texts: Sequence[str]) -> Optional[SignatureStamp]:
    """The stamp the lines ``texts`` (top to bottom) begin with, or None when they are no stamp; its
    ``lines`` are those it holds (a line under a time or an e-mail is not its). Two
    labelled lines at least, one naming the signer or the date; or a time given to the second
    ("Thời gian ký: 07/10/2025 20:43:19 +07:00")."""
    values: dict[str, str] = {}
    last, labelled, used = None, 0, len(texts)
    for k, line in enumerate(texts):
        for text in _pieces(line):
            found = stamp_field(text)
            if found is not None:
                last, labelled = found[0], labelled + 1
                values[last] = f"{values[last]} {found[1]}" if last in values else found[1]   # "Ngày ký" + "Giờ ký"
            elif last is not None and "time" not in values and _FULL_TIME.search(text):
                # The time under a label OCR misread ("Giờ 22/09/2025 14:38:43", its "ký:" lost).
                last = "time"
                values[last] = text[_FULL_TIME.search(text).start():]
            elif last in ("time", "email") and values[last]:
                used = k        # a time or an address does not wrap: what follows is no part of the stamp
                break
            elif last is not None and text.strip():
                values[last] = f"{values[last]} {text.strip()}"      # a wrapped value, or the value under its label
            else:
                return None
        if used < len(texts):
            break
    values = {k: v.strip() for k, v in values.items()}
    time = values.get("time", "")
    if not (_FULL_TIME.search(time) or (labelled >= 2 and (values.get("signer") or re.search(_DATE, time)))):
        return None
    return SignatureStamp(lines=tuple(texts[:used]), **values)


def describe(stamp: SignatureStamp) -> str:
    """One line for a person: who signed, when, and that the stamp's lines are not the text."""
    who = stamp.signer or stamp.agency or stamp.copy or stamp.email or "?"
    if stamp.time:
        return _("digitally signed by {who} at {time} (the signature's stamp on page {page}, kept out of the "
                 "document's text)").format(who=who, time=stamp.time, page=stamp.page)
    return _("digitally signed by {who} (the signature's stamp on page {page}, kept out of the document's "
             "text)").format(who=who, page=stamp.page)


__all__ = ["SignatureStamp", "stamp_field", "read_stamp", "describe"]
