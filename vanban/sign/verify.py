"""Who signed a PDF, whether the signed bytes are intact, what was added after, and whom to trust.

Each signature is read and checked by pyHanko: the digest over the signed byte range against the
signature (intact), the revisions after it compared with it (what came after: a later signature,
form filling, annotations, new content). The chain is checked against a trust list only when one
is given: without it the report says "not checked against a trust list", never "valid". Nothing is
fetched from the network (no OCSP, no CRL): a verdict never depends on what a server answers.
"""
from __future__ import annotations

import io
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from vanban.i18n import N_, _
from vanban.sign import SignError

#: What was added after a signature, in the words of the report (pyHanko's modification levels).
ADDED = {"NONE": "", "LTA_UPDATES": N_("validation data"), "FORM_FILLING": N_("form fill or a later signature"),
         "ANNOTATIONS": N_("annotations"), "OTHER": N_("new content"),
         "VAN_THU": N_("number/date/seal added (annotations)")}
#: The trust verdicts.
TRUSTED, UNTRUSTED, NOT_CHECKED = "trusted", "not trusted", "not checked"


@dataclass
class SignatureReport:
    """One signature of a PDF as verify reports it."""
    field: str
    subject: str
    issuer: str
    serial: str
    signing_time: str           # ISO 8601, as the signer's computer claimed it
    intact: bool                # the signed bytes are those the signature covers
    added_after: str            # "" or what was added after it (ADDED's values, untranslated)
    trust: str                  # TRUSTED, UNTRUSTED or NOT_CHECKED
    later_signatures: int = 0   # signatures added after this one

    @property
    def changed(self) -> bool:
        """Something other than later signatures (and validation data) was added after it."""
        return self.added_after not in ("", ADDED["LTA_UPDATES"], ADDED["VAN_THU"]) and not (
            self.added_after == ADDED["FORM_FILLING"] and self.later_signatures)


@dataclass
class FileReport:
    """A PDF's signatures, or why it could not be read."""
    file: str
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        """Readable, and every signature intact with nothing but later signatures after it."""
        return not self.error and all(s.intact and not s.changed for s in self.signatures)

    def as_dict(self) -> dict:
        return {"file": self.file, "error": self.error, "ok": self.ok,
                "signatures": [dict(asdict(s), changed=s.changed) for s in self.signatures]}


def load_certificates(paths: Iterable[Union[str, os.PathLike]]) -> list:
    """Trusted root certificates from PEM or DER files (a PEM file may hold many)."""
    from asn1crypto import pem, x509
    out = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            blobs = [der for _t, _h, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            out += [x509.Certificate.load(der) for der in blobs]
            for cert in out:
                cert.native    # parse now: a bad file fails here, not inside validation
        except (OSError, ValueError, TypeError) as exc:
            raise SignError(_("{file}: not a certificate file (PEM or DER): {why}").format(
                file=path, why=getattr(exc, "strerror", None) or exc)) from None
    return out


def _one(sig, trust: Optional[list], later: int) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    context = ValidationContext(trust_roots=trust or [], allow_fetching=False)
    status = validate_pdf_signature(sig, context)
    cert = status.signing_cert
    when = status.signer_reported_dt
    level = status.modification_level.name if status.modification_level is not None else "OTHER"
    coverage = status.coverage.name if status.coverage is not None else ""
    added = "" if coverage == "ENTIRE_FILE" else ADDED.get(level, ADDED["OTHER"]) or ADDED["OTHER"]
    trust_word = NOT_CHECKED if trust is None else (TRUSTED if status.trusted else UNTRUSTED)
    return SignatureReport(
        field=sig.field_name or "", subject=cert.subject.human_friendly if cert else "",
        issuer=cert.issuer.human_friendly if cert else "", serial=format(cert.serial_number, "X") if cert else "",
        signing_time=when.isoformat() if when else "", intact=bool(status.intact and status.valid),
        added_after=added, trust=trust_word, later_signatures=later)


def verify_bytes(pdf: bytes, name: str, trust: Optional[list] = None) -> FileReport:
    """The report of one PDF given as bytes; ``trust``: root certificates (None: not checked)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from vanban.sign.keys import quiet
    quiet()
    try:
        sigs = list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except Exception as exc:        # pyHanko's PdfReadError and the like: not a PDF it can read
        return FileReport(name, error=_("not a PDF that can be read: {why}").format(why=exc or type(exc).__name__))
    out = FileReport(name)
    for k, sig in enumerate(sigs):
        try:
            out.signatures.append(_one(sig, trust, len(sigs) - k - 1))
            if k + 1 < len(sigs) and out.signatures[-1].added_after and van_thu_step(sig, sigs[k + 1]):
                out.signatures[-1].added_after = ADDED["VAN_THU"]
        except Exception as exc:    # a signature so damaged pyHanko cannot even start on it
            out.signatures.append(SignatureReport(sig.field_name or "", "", "", "", "", False, ADDED["OTHER"],
                                                  NOT_CHECKED if trust is None else UNTRUSTED, len(sigs) - k - 1))
            out.error = out.error or _("a signature cannot be read: {why}").format(why=exc or type(exc).__name__)
    return out


def _annots(resolver, root) -> tuple[list, list]:
    """Each page's annotation dictionaries and content stream bytes at one revision."""
    annots, contents = [], []
    for page in _pages(resolver(root["/Pages"].reference) if hasattr(root["/Pages"], "reference") else root["/Pages"]):
        annots.append([a.get_object() for a in (page.get("/Annots") or [])])
        c = page.get("/Contents")
        c = c.get_object() if c is not None else None
        contents.append(b"".join(x.get_object().data for x in c) if isinstance(c, list) else (c.data if c else b""))
    return annots, contents


def _pages(node) -> list:
    node = node.get_object()
    if node.get("/Type") == "/Page":
        return [node]
    return [p for kid in node["/Kids"] for p in _pages(kid)]


def van_thu_step(sig, after) -> bool:
    """What came between ``sig`` and the next signature ``after`` is the văn thư's step: the page
    contents unchanged, and the only new annotations the văn thư's number and date (FreeText named
    by :mod:`.vanthu`) and the next signature's widget (which ``after`` covers)."""
    from vanban.sign.vanthu import PREFIX
    reader = sig.reader
    try:
        before = reader.get_historical_resolver(sig.signed_revision)
        later = reader.get_historical_resolver(after.signed_revision)
        old_annots, old_contents = _annots(before, before.root)
        new_annots, new_contents = _annots(later, later.root)
    except Exception:       # an odd structure: not recognised as the văn thư's step
        return False
    if old_contents != new_contents or len(old_annots) != len(new_annots):
        return False
    for old, new in zip(old_annots, new_annots):
        if len(new) < len(old):
            return False
        for a in new[len(old):]:
            nm = str(a.get("/NM", ""))
            if not ((a.get("/Subtype") == "/FreeText" and nm.startswith(PREFIX))
                    or (a.get("/Subtype") == "/Widget" and a.get("/FT") == "/Sig"
                        and str(a.get("/T", "")) == (after.field_name or ""))):
                return False
    return True


def verify_file(path: Union[str, os.PathLike], trust: Optional[list] = None) -> FileReport:
    """The report of one PDF file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileReport(str(path), error=_("cannot be read: {why}").format(why=exc.strerror or exc))
    return verify_bytes(data, str(path), trust)


def describe(sig: SignatureReport) -> list[str]:
    """A signature's report as lines a person reads, in their language."""
    trust = {TRUSTED: _("chain reaches a trusted root"), UNTRUSTED: _("chain does NOT reach a trusted root"),
             NOT_CHECKED: _("not checked against a trust list")}[sig.trust]
    lines = [_("signature {field}: signed by {subject}").format(field=sig.field, subject=sig.subject),
             _("  issuer: {issuer}; serial: {serial}").format(issuer=sig.issuer, serial=sig.serial),
             _("  signing time: {time}").format(time=sig.signing_time or "?"),
             "  " + (_("signed bytes intact") if sig.intact else _("BROKEN: the signed bytes were changed")),
             "  " + trust]
    if sig.added_after:
        what = _(sig.added_after)
        if sig.added_after == ADDED["VAN_THU"]:
            lines.append("  " + _("changed after signing, the văn thư's step: {what}").format(what=what))
        else:
            lines.append("  " + (_("added after signing: {what}").format(what=what) if sig.changed
                                 else _("signed again after: {what}").format(what=what)))
    return lines


def signers(report: FileReport) -> list[str]:
    """``Who (time)`` for each signature: what import and check say of a signed PDF."""
    return [f"{s.subject} ({s.signing_time})" + ("" if s.intact else " — " + _("BROKEN")) for s in report.signatures]


__all__ = ["SignatureReport", "FileReport", "load_certificates", "verify_bytes", "verify_file", "describe",
           "signers", "ADDED", "TRUSTED", "UNTRUSTED", "NOT_CHECKED"]
