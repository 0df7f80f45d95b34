"""Signing: a PDF made ready for a digital signature, signed, and verified.

The decree's documents travel as signed PDFs: the signer signs with a token (PKCS#11) or a
.p12 file, the văn thư adds the number and date. This layer sits above delivery (the PDF/A
comes from the one LibreOffice runner, :mod:`vanban.deliver.lo_jail`) and below the register:

- :mod:`.place` finds where appendix I puts the signature on the PDF's page (between the
  authority/title lines and the signer's name), from the words' boxes;
- :mod:`.prepare` makes the PDF/A-2b and adds the empty signature field there (pyHanko);
- :mod:`.keys` opens a .p12 file or a PKCS#11 token (the key never leaves either);
- :mod:`.signing` signs the prepared field (PAdES baseline B);
- :mod:`.verify` says who signed, whether the signed bytes are intact and what came after.
"""
from __future__ import annotations


class SignError(ValueError):
    """Signing or verifying cannot be done; ``str()`` is one line for a person, in their language."""


__all__ = ["SignError"]
