"""The issuer's revocation list, checked and cached for offline verification.

The issuer publishes an X.509 CRL (``GET /api/v1/trust/crl``) signed by its
certificate-signing key; its revoked serial numbers are certificate serials. A list
is accepted only if a signer (or root) of the active trust profile signed it.

The cache is one SQLite table in the per-user data directory, one row per trust
profile: the DER list as received, its thisUpdate/nextUpdate and when it was fetched.
A list older than the cached one (by thisUpdate) is refused, so a replayed old list
cannot un-revoke a certificate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.core.files import private_file
from desktop.core.paths import user_data_dir

from .trust import TrustProfile

MAX_CRL_BYTES = 8 * 1024 * 1024
# Older than this (since the issuer made it), the list may miss recent revocations.
DEFAULT_MAX_AGE = dt.timedelta(days=7)
CACHE_FILE = "trust-cache.sqlite3"


class RevocationError(ValueError):
    """The data is not a revocation list this profile can trust."""


@dataclass(frozen=True)
class RevocationData:
    serials: frozenset[str]
    this_update: dt.datetime
    next_update: dt.datetime | None
    fetched_at: dt.datetime
    issuer: str
    der: bytes

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.this_update

    def is_fresh(self, now: dt.datetime, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> bool:
        if self.next_update is not None and now > self.next_update:
            return False
        return self.age(now) <= max_age

    def is_revoked(self, serial: str) -> bool:
        return serial in self.serials


def load_crl(
    data: bytes, trust: TrustProfile, fetched_at: dt.datetime | None = None
) -> RevocationData:
    """Parse a DER or PEM CRL and check its signature; raises RevocationError."""
    if len(data) > MAX_CRL_BYTES:
        raise RevocationError("the revocation list is too large")
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            crl = x509.load_pem_x509_crl(data)
        else:
            crl = x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise RevocationError(f"not a revocation list: {exc}") from exc
    candidates = [*trust.signers, *trust.roots]
    signer = next((c for c in candidates if c.subject == crl.issuer and _signed_by(crl, c)), None)
    if signer is None:
        raise RevocationError(
            f"the revocation list is not signed by a signer of the {trust.name!r} profile"
        )
    serials = frozenset(str(entry.serial_number) for entry in crl)
    return RevocationData(
        serials=serials,
        this_update=crl.last_update_utc,
        next_update=crl.next_update_utc,
        fetched_at=fetched_at or dt.datetime.now(dt.UTC),
        issuer=crl.issuer.rfc4514_string(),
        der=crl.public_bytes(Encoding.DER),
    )


def _signed_by(crl: x509.CertificateRevocationList, cert: x509.Certificate) -> bool:
    try:
        return crl.is_signature_valid(cert.public_key())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


class RevocationCache:
    """The cached list per trust profile, in ``trust-cache.sqlite3``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / CACHE_FILE

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        private_file(self.path)
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS revocation_lists (profile TEXT PRIMARY KEY, "
                "crl BLOB NOT NULL, this_update REAL NOT NULL, next_update REAL, "
                "fetched_at REAL NOT NULL)"
            )
            with conn:  # one transaction, committed on success
                yield conn
        finally:
            conn.close()

    def store(
        self, data: bytes, trust: TrustProfile, fetched_at: dt.datetime | None = None
    ) -> RevocationData:
        """Check and keep a freshly fetched list; returns what is now cached."""
        fresh = load_crl(data, trust, fetched_at)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT this_update FROM revocation_lists WHERE profile = ?", (trust.name,)
            ).fetchone()
            if row is not None and fresh.this_update.timestamp() < row[0]:
                raise RevocationError("the list is older than the one already cached")
            conn.execute(
                "INSERT OR REPLACE INTO revocation_lists VALUES (?, ?, ?, ?, ?)",
                (
                    trust.name,
                    fresh.der,
                    fresh.this_update.timestamp(),
                    fresh.next_update.timestamp() if fresh.next_update else None,
                    fresh.fetched_at.timestamp(),
                ),
            )
        return fresh

    def load(self, trust: TrustProfile) -> RevocationData | None:
        """The cached list for this profile, checked again; None if there is none."""
        if not self.path.exists():
            return None
        with self._connect() as conn:
            row = conn.execute(
                "SELECT crl, fetched_at FROM revocation_lists WHERE profile = ?", (trust.name,)
            ).fetchone()
        if row is None:
            return None
        fetched = dt.datetime.fromtimestamp(row[1], dt.UTC)
        # Re-checked on load: the file is writable by anything running as the user.
        return load_crl(bytes(row[0]), trust, fetched)
