"""The trust roots of a profile as a clerk or the support desk compares them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from .trust import TrustProfile


@dataclass(frozen=True)
class RootInfo:
    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str  # upper-case hex in colon-separated pairs, as openssl and browsers show it


def fingerprint(cert: x509.Certificate) -> str:
    digest = cert.fingerprint(hashes.SHA256())
    return ":".join(f"{byte:02X}" for byte in digest)


def describe(cert: x509.Certificate) -> RootInfo:
    return RootInfo(
        subject=cert.subject.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=fingerprint(cert),
    )


def profile_roots(name: str) -> list[RootInfo]:
    """The roots a shipped profile trusts (reads the shipped files on first use)."""
    return [describe(cert) for cert in TrustProfile.named(name).roots]
