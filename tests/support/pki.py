"""Certificates the signing tests make, and a real SoftHSM2 token they start.

A test CA issues the signer's certificate; a .p12 holds the signer's key and certificate (with
the CA), as a commercial CA delivers one. The token is SoftHSM2 (Debian package softhsm2) in a
temporary folder: the key pair is generated on the token, the CA certifies its public key and the
certificate is stored beside it, as on a CA's USB token. Nothing is mocked.
"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SOFTHSM_LIBS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
PIN, SO_PIN, TOKEN, KEY = "1234", "5678", "vanban-test", "ky-so"


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass
class Ca:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self, path: Path) -> Path:
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def issue(self, cn: str, public_key, serial: int) -> x509.Certificate:
        now = datetime.datetime.now(datetime.timezone.utc)
        return (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(self.cert.subject)
                .public_key(public_key).serial_number(serial)
                .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
                .sign(self.key, hashes.SHA256()))


def make_ca(cn: str = "Vanban Test CA") -> Ca:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return Ca(key, cert)


def make_p12(ca: Ca, cn: str, password: str, path: Path, serial: int = 0x4D2) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = ca.issue(cn, key.public_key(), serial)
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"signer", key, cert, [ca.cert],
                                                           serialization.BestAvailableEncryption(password.encode())))
    return path


def softhsm_lib() -> Optional[str]:
    return next((p for p in SOFTHSM_LIBS if Path(p).is_file()), None)


def start_token(folder: Path, ca: Ca, cn: str, serial: int = 0x99) -> str:
    """A SoftHSM2 token in ``folder`` (SOFTHSM2_CONF points there) with a key generated on it and its
    certificate from ``ca``; the module's path."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    lib = softhsm_lib()
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run([shutil.which("softhsm2-util") or "softhsm2-util", "--init-token", "--free", "--label", TOKEN,
                    "--pin", PIN, "--so-pin", SO_PIN], check=True, capture_output=True)
    token = pkcs11.lib(lib).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        pub, _priv = session.generate_keypair(KeyType.RSA, 2048, label=KEY, id=b"\x01", store=True)
        numbers = rsa.RSAPublicNumbers(int.from_bytes(pub[Attribute.PUBLIC_EXPONENT], "big"),
                                       int.from_bytes(pub[Attribute.MODULUS], "big"))
        cert = ca.issue(cn, numbers.public_key(), serial)
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: KEY, Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})
    return lib


def token_in_child(folder: Path, cn: str) -> dict:
    """A SoftHSM2 token started by a child Python in ``folder`` (a PKCS#11 module is loaded once per
    process, so each test that needs its own token starts it apart), and the environment a
    ``python -m vanban`` child needs to reach it."""
    import sys
    tests = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tests.parent), str(tests)]),
               SOFTHSM2_CONF=str(folder / "softhsm2.conf"))
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from support import pki; "
                    "pki.start_token(Path(sys.argv[1]), pki.make_ca(), sys.argv[2])", str(folder), cn],
                   env=env, check=True, capture_output=True)
    return env
