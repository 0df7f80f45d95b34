"""The signer's key: a .p12 file or a PKCS#11 token. The private key never leaves either.

A .p12's password and a token's PIN are given by the caller (the command line reads them from
``VANBAN_P12_PASSWORD`` or a prompt, never from an argument) and are never logged or echoed.
A token signs inside itself: pyHanko's PKCS#11 signer sends it the digest and gets the
signature back. Both are opened as context managers: a token's session is closed whatever happens.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, Optional, Union

from vanban.i18n import _
from vanban.sign import SignError


def quiet() -> None:
    """pyHanko logs its failures with tracebacks; a person sees vanban's one line instead."""
    import logging
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        log = logging.getLogger(name)
        log.addHandler(logging.NullHandler())
        log.propagate = False


@contextlib.contextmanager
def pkcs12(path: Union[str, os.PathLike], password: str) -> Iterator[object]:
    """A signer from a .p12/.pfx file (its key, certificate and the chain it carries)."""
    from pyhanko.sign import signers
    quiet()
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignError(_("{file}: cannot be read: {why}").format(file=path, why=exc.strerror or exc)) from None
    try:
        from cryptography.hazmat.primitives.serialization import pkcs12 as p12
        p12.load_key_and_certificates(data, password.encode("utf-8"))
    except ValueError:
        raise SignError(_("{file}: wrong password, or not a PKCS#12 file").format(file=path)) from None
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=password.encode("utf-8"))
    if signer is None or signer.signing_cert is None:
        raise SignError(_("{file}: no key and certificate in it").format(file=path))
    yield signer


@contextlib.contextmanager
def pkcs11(lib: Union[str, os.PathLike], token_label: str, pin: str, key_label: Optional[str] = None) -> Iterator[object]:
    """A signer on a PKCS#11 token (``lib``: the token's module, e.g. a CA's ``.so``); the key
    labelled ``key_label`` (default: the token's only key) and its certificate on the token."""
    from pkcs11 import ObjectClass, PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11
    quiet()
    if not Path(lib).is_file():
        raise SignError(_("{file}: no such PKCS#11 module").format(file=lib))
    try:
        session = p11.open_pkcs11_session(str(lib), token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except (PKCS11Error, OSError, RuntimeError) as exc:
        raise SignError(_("token {label}: cannot be opened (wrong PIN, or no such token): {why}")
                        .format(label=token_label, why=type(exc).__name__ if not str(exc) else exc)) from None
    except Exception as exc:        # pyHanko's PKCS11Error wrapper (no token with that label)
        raise SignError(_("token {label}: cannot be opened (wrong PIN, or no such token): {why}")
                        .format(label=token_label, why=exc)) from None
    try:
        if key_label is None:
            keys = list(session.get_objects({_attr("CLASS"): ObjectClass.PRIVATE_KEY}))
            if len(keys) != 1:
                raise SignError(_("token {label}: {n} keys on it; name one with --key-label")
                                .format(label=token_label, n=len(keys)))
            key_label = keys[0].label
        certs = list(session.get_objects({_attr("CLASS"): ObjectClass.CERTIFICATE, _attr("LABEL"): key_label}))
        if not certs:
            raise SignError(_("token {label}: no certificate labelled {key}").format(label=token_label, key=key_label))
        yield p11.PKCS11Signer(session, key_label=key_label, cert_label=key_label)
    finally:
        session.close()


def _attr(name: str):
    from pkcs11 import Attribute
    return getattr(Attribute, name)


__all__ = ["pkcs12", "pkcs11", "quiet"]
