"""The mock issuer's keys: a TEST root CA and the SSO certificate-signing key under it.

Both are ECDSA P-256: small signatures keep the QR payload short enough to print
legibly. They are generated once and committed, so a certificate issued today still
verifies after a restart or on another machine:

- ``resources/trust/sso-test-root.pem`` — the TEST root the app trusts in its
  "test" profile;
- ``resources/trust/sso-test-signer.pem`` — the signing certificate, shipped with the
  app so a scanned QR can be checked offline without the PDF that would carry it;
- ``test_keys/`` beside this module — the private keys and a copy of both
  certificates, so the mock is self-contained. Test-only: never a real authority.

``python -m desktop.mock_backend.certificates.keys --regenerate`` makes a new pair;
every certificate issued before then stops verifying. It is never run by the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEYS_DIR = Path(__file__).resolve().parent / "test_keys"
TRUST_DIR = Path(__file__).resolve().parents[3] / "resources" / "trust"

ROOT_CERT = "sso-test-root.pem"
SIGNER_CERT = "sso-test-signer.pem"
ROOT_KEY = "sso-test-root.key.pem"
SIGNER_KEY = "sso-test-signer.key.pem"

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


@functools.cache
def load_keys(keys_dir: Path = KEYS_DIR) -> IssuerKeys:
    """The committed test keys (read once per process)."""
    root = x509.load_pem_x509_certificate((keys_dir / ROOT_CERT).read_bytes())
    signer = x509.load_pem_x509_certificate((keys_dir / SIGNER_CERT).read_bytes())
    key = serialization.load_pem_private_key((keys_dir / SIGNER_KEY).read_bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the signing key must be ECDSA")
    return IssuerKeys(root, signer, key)


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


def regenerate(keys_dir: Path = KEYS_DIR, trust_dir: Path = TRUST_DIR) -> None:
    """Write a new test root and signer; the old certificates stop verifying."""
    keys, root_key = make_keys()
    keys_dir.mkdir(parents=True, exist_ok=True)
    trust_dir.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    for folder in (keys_dir, trust_dir):
        (folder / ROOT_CERT).write_bytes(keys.root_pem)
        (folder / SIGNER_CERT).write_bytes(keys.signer_pem)
    for name, key in ((ROOT_KEY, root_key), (SIGNER_KEY, keys.signer_key)):
        (keys_dir / name).write_bytes(
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
    load_keys.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="replace the committed test keys")
    args = parser.parse_args(argv)
    if not args.regenerate:
        parser.print_help()
        return 2
    regenerate()
    print(f"wrote {KEYS_DIR} and {TRUST_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
