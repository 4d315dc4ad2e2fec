"""A test certificate authority made in the test (cryptography): a root, an organisation's
certificate and a person's, as PKCS#12 files or as keys on a SoftHSM2 token."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from evaluation._time import now

SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"
PASSPHRASE = b"mat-khau-thu"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


@dataclass
class TestCA:
    __test__ = False
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @classmethod
    def make(cls, name: str = "CA thử nghiệm Xếp loại") -> TestCA:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = _name(name, "Ban Cơ yếu thử nghiệm")
        start = now() - timedelta(days=400)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        return cls(key, cert)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def issue(self, public_key, common: str, organisation: str) -> x509.Certificate:
        # Valid well before and after the moment it is made: module fixtures are made at the
        # system date (CI moves it, .ci/run), the tests then sign on the day they pin.
        start = now() - timedelta(days=400)
        return (
            x509.CertificateBuilder()
            .subject_name(_name(common, organisation))
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=1500))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )

    def pkcs12(self, common: str, organisation: str) -> bytes:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = self.issue(key.public_key(), common, organisation)
        return pkcs12.serialize_key_and_certificates(
            common.encode(),
            key,
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(PASSPHRASE),
        )


@dataclass
class SoftToken:
    __test__ = False
    label: str
    pin: str
    key_label: str


def softhsm_token(
    ca: TestCA,
    directory: Path,
    common: str,
    organisation: str,
    label: str = "XepLoaiThu",
    key_label: str = "nguoi-ky",
) -> SoftToken:
    """A SoftHSM2 token in `directory` holding a key made on the token and its certificate.

    SOFTHSM2_CONF is read when the library initialises: a library an earlier test initialised
    is initialised again (no session may be open then)."""
    util = shutil.which("softhsm2-util")
    if util is None or not Path(SOFTHSM_LIBRARY).exists():
        pytest.fail("SoftHSM2 is not installed; run `make test` (it installs softhsm2)")
    (directory / "tokens").mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    token = SoftToken(label, "123456", key_label)
    subprocess.run(
        [
            util,
            "--init-token",
            "--free",
            "--label",
            token.label,
            "--pin",
            token.pin,
            "--so-pin",
            "654321",
        ],
        check=True,
        capture_output=True,
    )
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    lib = pkcs11.lib(SOFTHSM_LIBRARY)
    if lib.initialized:  # an earlier test's token directory: read the new one
        lib.reinitialize()
    with lib.get_token(token_label=token.label).open(rw=True, user_pin=token.pin) as session:
        public, _ = session.generate_keypair(
            KeyType.RSA, 2048, label=token.key_label, id=b"\x01", store=True
        )
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        )
        cert = ca.issue(numbers.public_key(), common, organisation)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: token.key_label,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.ISSUER: cert.issuer.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    return token


def server_files(ca: TestCA, directory: Path) -> tuple[Path, Path]:
    """A TLS certificate for 127.0.0.1 issued by `ca`, and its key, as PEM files."""
    import ipaddress

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = now() - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1", "CSDL quốc gia thử nghiệm"))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=800))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    cert_file, key_file = directory / "server.pem", directory / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def ca_file(ca: TestCA, directory: Path) -> Path:
    path = directory / "ca.pem"
    path.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    return path
