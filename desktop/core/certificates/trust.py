"""Trust profiles: which roots a certificate's signer must chain to.

- ``test``: the mock's TEST root shipped in ``resources/trust/sso-test-root.pem``, and
  the signer certificate beside it (needed to check a scanned QR, which carries no
  certificate).
- ``production``: roots and signers from ``resources/trust/production/``. None exists
  yet, so this profile trusts nothing; the TEST root is refused there even if copied
  in, so a certificate issued by the mock is never plainly VALID under it.

A signer certificate is kept only if it was issued by a root of the same profile and
may sign documents.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from desktop.core.paths import resource_path

from .qr import key_id

TEST = "test"
PRODUCTION = "production"
PROFILES = (TEST, PRODUCTION)
TEST_ORGANIZATION_MARK = "TEST ONLY"


@dataclass(frozen=True)
class TrustProfile:
    name: str
    roots: tuple[x509.Certificate, ...]
    signers: tuple[x509.Certificate, ...] = ()
    _asn1_roots: tuple[asn1_x509.Certificate, ...] = field(default=(), repr=False)

    @classmethod
    def build(
        cls,
        name: str,
        roots: list[x509.Certificate],
        signers: list[x509.Certificate] | None = None,
    ) -> TrustProfile:
        if name != TEST:
            roots = [r for r in roots if not _is_test_cert(r)]
        accepted = tuple(s for s in signers or () if any(_issued_by(s, r) for r in roots))
        der = serialization.Encoding.DER
        asn1 = tuple(asn1_x509.Certificate.load(r.public_bytes(der)) for r in roots)
        return cls(name=name, roots=tuple(roots), signers=accepted, _asn1_roots=asn1)

    @classmethod
    def named(cls, name: str) -> TrustProfile:
        if name not in PROFILES:
            raise ValueError(f"unknown trust profile {name!r}; one of {', '.join(PROFILES)}")
        return _shipped(name)

    @property
    def pyhanko_roots(self) -> list[asn1_x509.Certificate]:
        """The roots for pyHanko: always a list, never None (None would mean the OS's)."""
        return list(self._asn1_roots)

    def signer_for(self, kid: str, at: dt.datetime) -> x509.Certificate | None:
        """The profile's signer with this QR key id, valid at ``at``."""
        for cert in self.signers:
            if (
                key_id(cert.public_key()) == kid  # type: ignore[arg-type]
                and cert.not_valid_before_utc <= at <= cert.not_valid_after_utc
            ):
                return cert
        return None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # cryptography's certificates do not pickle; worker processes get PEM.
        pem = serialization.Encoding.PEM
        return (
            _rebuild,
            (
                self.name,
                [r.public_bytes(pem) for r in self.roots],
                [s.public_bytes(pem) for s in self.signers],
            ),
        )


def _rebuild(name: str, roots: list[bytes], signers: list[bytes]) -> TrustProfile:
    return TrustProfile.build(
        name,
        [x509.load_pem_x509_certificate(p) for p in roots],
        [x509.load_pem_x509_certificate(p) for p in signers],
    )


def _is_test_cert(cert: x509.Certificate) -> bool:
    orgs = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return any(TEST_ORGANIZATION_MARK in str(o.value) for o in orgs)


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.digital_signature or usage.content_commitment)


def load_pem_certs(path: Path) -> list[x509.Certificate]:
    return list(x509.load_pem_x509_certificates(path.read_bytes()))


@functools.cache
def _shipped(name: str) -> TrustProfile:
    folder = resource_path("trust")
    if name == TEST:
        roots = load_pem_certs(folder / "sso-test-root.pem")
        signers = load_pem_certs(folder / "sso-test-signer.pem")
    else:
        roots, signers = [], []
        prod = folder / PRODUCTION
        for pem in sorted(prod.glob("*.pem")) if prod.is_dir() else []:
            certs = load_pem_certs(pem)
            for cert in certs:
                (roots if cert.issuer == cert.subject else signers).append(cert)
    return TrustProfile.build(name, roots, signers)
