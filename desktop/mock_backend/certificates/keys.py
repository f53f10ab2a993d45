"""The mock issuer's keys: a TEST root CA and the SSO certificate-signing key under it.

Both are ECDSA P-256: small signatures keep the QR payload short enough to print
legibly. Each mock makes its own on first start, in ``DATA_DIR/trust/``, and keeps
them: a certificate issued today still verifies after a restart. No key is shipped,
so nobody else holds one:

- ``test-root.pem`` — the TEST root's certificate, then the signing certificate it
  issued (a scanned QR names its signer but cannot carry it). This is what a client
  is told to trust (``estelam-desk verify --profile test --trust-root PEM``);
- ``test-root.key.pem``, ``test-signer.key.pem`` — the private keys, readable by
  their owner only (0600 in a 0700 folder).

Delete the folder for a new pair; certificates issued before then stop verifying.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TRUST_FOLDER = "trust"
ROOT_CERT = "test-root.pem"
ROOT_KEY = "test-root.key.pem"
SIGNER_KEY = "test-signer.key.pem"

TEST_ORG = "TEST ONLY — not the Social Security Organization"
ROOT_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
        x509.NameAttribute(NameOID.COMMON_NAME, "Estelam Mock SSO TEST Root"),
    ]
)
SIGNER_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
        x509.NameAttribute(NameOID.COMMON_NAME, "Estelam Mock SSO TEST Certificate Signer"),
    ]
)
# The document-signing extended key usage (RFC 9336).
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class IssuerKeys:
    root_cert: x509.Certificate
    signer_cert: x509.Certificate
    signer_key: ec.EllipticCurvePrivateKey

    @property
    def root_pem(self) -> bytes:
        return self.root_cert.public_bytes(serialization.Encoding.PEM)

    @property
    def signer_pem(self) -> bytes:
        return self.signer_cert.public_bytes(serialization.Encoding.PEM)


def issuer_keys(data_dir: Path) -> IssuerKeys:
    """The mock's root and signer in ``data_dir/trust/``, made there on first use."""
    folder = Path(data_dir) / TRUST_FOLDER
    if not (folder / ROOT_CERT).is_file():
        _write_keys(folder)
    root, signer = x509.load_pem_x509_certificates((folder / ROOT_CERT).read_bytes())[:2]
    key = serialization.load_pem_private_key((folder / SIGNER_KEY).read_bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the signing key must be ECDSA")
    return IssuerKeys(root, signer, key)


def _write_keys(folder: Path) -> None:
    keys, root_key = make_keys()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    pkcs8 = serialization.PrivateFormat.PKCS8
    for name, key in ((ROOT_KEY, root_key), (SIGNER_KEY, keys.signer_key)):
        pem = key.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())
        _write_private(folder / name, pem)
    # The certificates last, renamed into place: their file says the pair is complete.
    partial = folder / f"{ROOT_CERT}.part"
    partial.write_bytes(keys.root_pem + keys.signer_pem)
    partial.replace(folder / ROOT_CERT)


def _write_private(path: Path, data: bytes) -> None:
    """Created readable by its owner only, never through a link planted in its place."""
    path.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def make_keys(
    now: dt.datetime | None = None,
    *,
    root_name: x509.Name = ROOT_NAME,
    signer_name: x509.Name = SIGNER_NAME,
) -> tuple[IssuerKeys, ec.EllipticCurvePrivateKey]:
    """A fresh root and signer (also used by tests to play an untrusted issuer)."""
    now = now or dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    signer_key = ec.generate_private_key(ec.SECP256R1())
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer = (
        x509.CertificateBuilder()
        .subject_name(signer_name)
        .issuer_name(root_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=15 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return IssuerKeys(root, signer, signer_key), root_key


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    # The signer also signs the revocation list, hence crl_sign on both.
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
