"""Signing in a child process with a time bound: a token that hangs never hangs the command.

A PKCS#11 module is a vendor's C library: a token pulled out mid-session, a driver waiting for a
PIN pad or a card reader that stops answering blocks its caller inside C, where no Python timeout
reaches. The key is therefore opened, and the document signed, in a child Python
(:func:`vanban.deliver.bounded.run_bounded`, the one runner for bounded work): at the time bound
the child is killed with all it started, and the caller gets one line (:class:`SignError`) and
nothing written. The .p12's password or the token's PIN goes to the child pickled on its stdin,
never on its command line nor into a log; the key itself never leaves the .p12 or the token.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union

from vanban.i18n import _
from vanban.sign import SignError

#: Seconds a signature may take (opening the token and asking for its signature included).
TIMEOUT = 120.0
#: The child's address space (MB): pyHanko, the fonts and a token's module fit well within it.
MEMORY_MB = 2048


@dataclass(frozen=True)
class Key:
    """How the child opens the signer's key: a .p12 file and its password, or a PKCS#11 token
    (its module ``lib``, its label, the PIN, the key's label). Secrets never show in its repr."""
    p12: Optional[str] = None
    password: str = field(default="", repr=False)
    lib: Optional[str] = None
    token_label: str = ""
    pin: str = field(default="", repr=False)
    key_label: Optional[str] = None

    @contextlib.contextmanager
    def open(self) -> Iterator[object]:
        """The signer (:mod:`.keys`), its token session closed whatever happens."""
        from vanban.sign import keys
        opened = (keys.pkcs12(self.p12, self.password) if self.p12 is not None
                  else keys.pkcs11(self.lib, self.token_label, self.pin, self.key_label))
        with opened as signer:
            yield signer


def _sign(key: Key, pdf: bytes, fieldname: Optional[str], image: Optional[str], name: str) -> bytes:
    from vanban.sign.signing import sign_bytes
    with key.open() as signer:
        return sign_bytes(pdf, signer, fieldname, image, name)


def _stamp(key: Key, pdf: bytes, number: int, date: _dt.date, seal: str, name: str) -> bytes:
    from vanban.sign.vanthu import stamp_bytes
    with key.open() as signer:
        return stamp_bytes(pdf, signer, number, date, seal, name)


def _sign_xml(key: Key, data: bytes) -> bytes:
    from vanban.sign.xmldsig import sign_message
    with key.open() as signer:
        return sign_message(data, signer)


def _bounded(work, key: Key, args: tuple, name: str, timeout: float) -> bytes:
    from vanban.deliver.bounded import WorkFailed, WorkLimit, run_bounded
    try:
        return run_bounded(work, key, *args, timeout=timeout, memory_mb=MEMORY_MB)
    except WorkLimit as exc:
        raise SignError(_("{file}: not signed: {why} (is the token plugged in and answering?)")
                        .format(file=name, why=exc)) from None
    except WorkFailed as exc:
        raise SignError(_("{file}: could not be signed: {why}").format(file=name, why=exc)) from None


def sign_bytes(key: Key, pdf: bytes, fieldname: Optional[str] = None, image: Optional[Union[str, os.PathLike]] = None,
               name: str = "", timeout: float = TIMEOUT) -> bytes:
    """:func:`vanban.sign.signing.sign_bytes` in a child process, stopped after ``timeout`` seconds."""
    return _bounded(_sign, key, (pdf, fieldname, str(image) if image else None, name), name, timeout)


def stamp_bytes(key: Key, pdf: bytes, number: int, date: _dt.date, seal: Union[str, os.PathLike], name: str = "",
                timeout: float = TIMEOUT) -> bytes:
    """:func:`vanban.sign.vanthu.stamp_bytes` (the văn thư's step) in a child process, stopped after ``timeout`` s."""
    return _bounded(_stamp, key, (pdf, number, date, str(seal), name), name, timeout)


def sign_message_file(key: Key, src: Union[str, os.PathLike], out: Union[str, os.PathLike],
                      timeout: float = TIMEOUT) -> Path:
    """The edXML message ``src`` with the sender's XML-DSig (:mod:`.xmldsig`) into ``out``, in a bounded child."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    return write_atomic(Path(out), _bounded(_sign_xml, key, (_read(src),), str(src), timeout))


def _read(src: Path) -> bytes:
    try:
        return src.read_bytes()
    except OSError as exc:
        raise SignError(_("{file}: cannot be read: {why}").format(file=src, why=exc.strerror or exc)) from None


def sign_file(key: Key, src: Union[str, os.PathLike], out: Union[str, os.PathLike], fieldname: Optional[str] = None,
              image: Optional[Union[str, os.PathLike]] = None, timeout: float = TIMEOUT) -> Path:
    """Sign the PDF ``src`` into ``out`` (whole or not at all) in a bounded child process."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    return write_atomic(Path(out), sign_bytes(key, _read(src), fieldname, image, str(src), timeout))


def stamp_file(key: Key, src: Union[str, os.PathLike], out: Union[str, os.PathLike], number: int, date: _dt.date,
               seal: Union[str, os.PathLike], timeout: float = TIMEOUT) -> Path:
    """The văn thư's step on ``src`` into ``out`` (whole or not at all) in a bounded child process."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    return write_atomic(Path(out), stamp_bytes(key, _read(src), number, date, seal, str(src), timeout))


__all__ = ["Key", "TIMEOUT", "sign_bytes", "stamp_bytes", "sign_file", "stamp_file", "sign_message_file"]
