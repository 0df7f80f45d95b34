"""The edXML envelope signed (XML-DSig, enveloped), and the signature checked.

QCVN 102:2016 carries the sender's signature over the message in the envelope's header, as the
national axis' sample message does (a ``Signature`` after ``TraceHeaderList``: Reference URI "",
the enveloped-signature transform, exclusive canonicalisation, an X509 certificate in KeyInfo).
vanban signs with RSA-SHA256 and SHA-256 digests (the sample's SHA-1 is broken), by the same keys
as the PDFs (:mod:`.keys`: a .p12 or a token, which signs the canonical SignedInfo itself), so the
URI "" covers the whole message: the metadata AND the attached PDF. Canonicalisation is lxml's
exclusive C14N (the W3C algorithm); verification recomputes the digest over the message without its
signature and checks the signature with the certificate it carries (who signed: never "trusted").
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Optional

from vanban.i18n import _
from vanban.sign import SignError

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = DS + "enveloped-signature"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
EDXML = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


@dataclass
class Checked:
    """A message's signature: whether the message is as signed, and who signed it."""
    intact: bool
    subject: str = ""
    serial: str = ""


def _parse(data: bytes):
    from lxml import etree
    if b"<!doctype" in data.lower():
        raise SignError(_("the message declares a DOCTYPE or entities, which edXML never needs"))
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError:
        raise SignError(_("the message is not well-formed XML")) from None


def _c14n(node) -> bytes:
    from lxml import etree
    return etree.tostring(node, method="c14n", exclusive=True, with_comments=False)


def _el(parent, tag: str, text: Optional[str] = None, **attrs):
    from lxml import etree
    el = etree.SubElement(parent, f"{{{DS}}}{tag}", nsmap={"ds": DS}, **attrs)
    if text is not None:
        el.text = text
    return el


def _header(root):
    header = root.find(f"{{{EDXML}}}edXMLEnvelope/{{{EDXML}}}edXMLHeader")
    if header is None:
        raise SignError(_("the message is not an edXML envelope"))
    return header


def sign_message(data: bytes, signer) -> bytes:
    """``data`` (an edXML message) with an enveloped XML-DSig by ``signer`` (a :mod:`.keys` signer)."""
    import asyncio
    root = _parse(data)
    header = _header(root)
    if header.find(f"{{{DS}}}Signature") is not None:
        raise SignError(_("the message is signed already"))
    digest = base64.b64encode(hashlib.sha256(_c14n(root)).digest()).decode("ascii")
    sig = _el(header, "Signature")
    info = _el(sig, "SignedInfo")
    _el(info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _el(info, "SignatureMethod", Algorithm=RSA_SHA256)
    ref = _el(info, "Reference", URI="")
    transforms = _el(ref, "Transforms")
    _el(transforms, "Transform", Algorithm=ENVELOPED)
    _el(transforms, "Transform", Algorithm=EXC_C14N)
    _el(ref, "DigestMethod", Algorithm=SHA256)
    _el(ref, "DigestValue", digest)
    try:
        raw = asyncio.run(signer.async_sign_raw(_c14n(info), "sha256"))
    except SignError:
        raise
    except Exception as exc:        # the token refused, the key is not RSA …
        raise SignError(_("could not be signed: {why}").format(why=exc or type(exc).__name__)) from None
    _el(sig, "SignatureValue", base64.b64encode(raw).decode("ascii"))
    x509 = _el(_el(sig, "KeyInfo"), "X509Data")
    _el(x509, "X509Certificate", base64.b64encode(signer.signing_cert.dump()).decode("ascii"))
    from lxml import etree
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def check_message(data: bytes) -> Optional[Checked]:
    """The message's XML-DSig checked (None when it has none): the digest of the message without its
    signature, and the signature over SignedInfo by the certificate it carries."""
    from asn1crypto import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.x509 import load_der_x509_certificate
    root = _parse(data)
    sig = _header(root).find(f"{{{DS}}}Signature")
    if sig is None:
        return None
    try:
        info = sig.find(f"{{{DS}}}SignedInfo")
        wanted = info.findtext(f"{{{DS}}}Reference/{{{DS}}}DigestValue")
        value = base64.b64decode(sig.findtext(f"{{{DS}}}SignatureValue"))
        der = base64.b64decode(sig.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate"))
        cert = x509.Certificate.load(der)
        subject, serial = cert.subject.human_friendly, format(cert.serial_number, "X")
        signed_info = _c14n(info)
        sig.getparent().remove(sig)                 # the enveloped-signature transform
        intact = base64.b64encode(hashlib.sha256(_c14n(root)).digest()).decode("ascii") == wanted
        load_der_x509_certificate(der).public_key().verify(value, signed_info, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return Checked(False, subject, serial)
    except (AttributeError, TypeError, ValueError) as exc:
        raise SignError(_("the message's signature cannot be read: {why}").format(why=exc)) from None
    return Checked(intact, subject, serial)


__all__ = ["Checked", "sign_message", "check_message"]
