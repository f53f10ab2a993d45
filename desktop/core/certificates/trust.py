"""Trust profiles: which roots a certificate's signer must chain to.

- ``test``: no root is shipped for it, so nobody holds its key but whoever made it. It
  trusts the TEST root this installation's demo mock made on its first start (see
  ``paths.demo_trust_root``), and any PEM file named explicitly (``--trust-root``, e.g.
  a separately started mock's ``DATA_DIR/trust/test-root.pem``). Such a file holds the
  root and the signer it issued (needed to check a scanned QR, which carries no
  certificate).
- ``production``: roots and signers from ``resources/trust/production/``. None exists
  yet, so this profile trusts nothing; a TEST root is refused there even if copied
  in, so a certificate issued by a mock is never plainly VALID under it.

A signer certificate is kept only if it was issued by a root of the same profile and
may sign documents.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from desktop.core.paths import demo_trust_root, resource_path

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
    def named(cls, name: str, trust_roots: Sequence[Path] = ()) -> TrustProfile:
        """A profile by name; `trust_roots` are PEM files of roots (and the signers they
        issued) the test profile trusts besides the demo's. ValueError for an unknown
        profile, for roots given to another profile or for a file that holds no
        certificate; OSError when a file cannot be read."""
        if name not in PROFILES:
            raise ValueError(f"unknown trust profile {name!r}; one of {', '.join(PROFILES)}")
        if name != TEST:
            if trust_roots:
                raise ValueError(f"the {name!r} profile trusts only its own roots")
            return _production()
        demo = demo_trust_root()
        certs = [cert for pem in trust_roots for cert in load_pem_certs(Path(pem))]
        if demo.is_file():
            certs += load_pem_certs(demo)
        return _split(TEST, certs)

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
    """Every certificate in a PEM file; ValueError when it holds none."""
    try:
        return list(x509.load_pem_x509_certificates(path.read_bytes()))
    except ValueError:
        raise ValueError(f"{path} holds no PEM certificate") from None


def _split(name: str, certs: list[x509.Certificate]) -> TrustProfile:
    """Self-issued certificates are roots; the others are signers, kept if a root issued them."""
    roots = [cert for cert in certs if cert.issuer == cert.subject]
    signers = [cert for cert in certs if cert.issuer != cert.subject]
    return TrustProfile.build(name, roots, signers)


@functools.cache
def _production() -> TrustProfile:
    prod = resource_path("trust", PRODUCTION)
    pems = sorted(prod.glob("*.pem")) if prod.is_dir() else []
    return _split(PRODUCTION, [cert for pem in pems for cert in load_pem_certs(pem)])
