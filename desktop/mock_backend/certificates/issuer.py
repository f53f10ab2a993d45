"""Issuing, redeeming and revoking certificates, in the mock's SQLite file.

Codes handed to the individual:

- tracking code: 12 digits, shown as ``YYYY-NNNN-NNNC`` — the Jalali year of issue,
  seven random digits and a Luhn check digit, so a mistyped code is refused before it
  costs a password attempt. Dashes and spaces are ignored on input.
- usage password: 8 characters from ``ABCDEFGHJKMNPQRSTUVWXYZ23456789`` (no 0/O, 1/I/L
  look-alikes); compared case-insensitively; stored as an scrypt hash only.

Five wrong usage passwords lock the code for good (``code-locked``, told only to the
right password); the individual obtains a new certificate. An unknown code and a wrong
password are answered alike (``usage-password-invalid``), so codes cannot be
enumerated. A code may be redeemed again after success (by the same or another agency);
every redemption is recorded.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

import jdatetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from .. import clock
from ..accounts import hash_password, new_throttle, token_digest, too_many_attempts
from ..config import MockConfig
from ..national_id import invalid_reason
from ..population import person_for
from ..problems import PROBLEMS, ProblemError
from ..store import Store
from .keys import IssuerKeys, issuer_keys

MAX_WRONG_PASSWORDS = 5
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 8
INDIVIDUAL_DEMO_PASSWORD = "demo-pass"
CRL_LIFETIME = dt.timedelta(days=7)

# Registered with the mock's problem table; never rename a slug.
CERTIFICATE_PROBLEMS: dict[str, tuple[int, str]] = {
    # No longer sent: an unknown code is answered as usage-password-invalid.
    "code-unknown": (404, "Unknown tracking code"),
    "code-locked": (423, "Tracking code locked"),
    "usage-password-invalid": (403, "Wrong tracking code or usage password"),
    "certificate-expired": (410, "Certificate expired"),
    "certificate-revoked": (410, "Certificate revoked"),
}
for _slug, _entry in CERTIFICATE_PROBLEMS.items():
    PROBLEMS.setdefault(_slug, _entry)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS cert_certificates (
        serial TEXT PRIMARY KEY, national_id TEXT NOT NULL,
        tracking_code TEXT NOT NULL UNIQUE, password_salt BLOB NOT NULL,
        password_hash BLOB NOT NULL, claims TEXT NOT NULL, pdf BLOB NOT NULL,
        issued_at REAL NOT NULL, expires_at REAL NOT NULL,
        wrong_passwords INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS cert_redemptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, serial TEXT NOT NULL,
        agency_id TEXT NOT NULL, username TEXT NOT NULL, redeemed_at REAL NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cert_revocations (
        serial TEXT PRIMARY KEY, revoked_at REAL NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cert_individual_tokens (
        token_hash TEXT PRIMARY KEY, national_id TEXT NOT NULL, expires_at REAL NOT NULL
    )""",
)


@dataclass(frozen=True)
class Issued:
    serial: str
    tracking_code: str  # 12 digits, no dashes
    usage_password: str
    issued_at: float
    expires_at: float
    pdf: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "serial": self.serial,
            "tracking_code": format_tracking_code(self.tracking_code),
            "usage_password": self.usage_password,
            "issued_at": clock.iso_utc(self.issued_at),
            "expires_at": clock.iso_utc(self.expires_at),
        }


def luhn_digit(digits: str) -> str:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def new_tracking_code(now: float) -> str:
    year = jdatetime.date.fromgregorian(date=dt.datetime.fromtimestamp(now, clock.TEHRAN).date())
    body = f"{year.year:04d}{secrets.randbelow(10**7):07d}"
    return body + luhn_digit(body)


def format_tracking_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalize_tracking_code(raw: str) -> str | None:
    """12 digits with a valid check digit, or None."""
    code = raw.replace("-", "").replace(" ", "")
    if len(code) != 12 or not (code.isascii() and code.isdigit()):
        return None
    return code if luhn_digit(code[:11]) == code[11] else None


def new_usage_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def new_serial() -> str:
    # 16 digits, never starting with 0, so it is also a positive CRL serial number.
    return str(10**15 + secrets.randbelow(9 * 10**15))


DEFAULT_VALIDITY = dt.timedelta(days=30)


def make_certificate(
    national_id: str,
    *,
    keys: IssuerKeys,
    now: float | None = None,
    validity: dt.timedelta = DEFAULT_VALIDITY,
    serial: str | None = None,
) -> tuple[dict[str, Any], bytes]:
    """Claims and the signed PDF for one person, without touching any store."""
    # Imported on the first certificate: the PDF and signing stack would take most of
    # the mock's start, and a demo signs in well before anyone asks for a certificate.
    from .document import build_claims, issue_pdf

    now = clock.now() if now is None else now
    issued = dt.datetime.fromtimestamp(int(now), dt.UTC)
    person = person_for(national_id, issued.astimezone(clock.TEHRAN).date())
    claims = build_claims(
        serial or new_serial(), national_id, person.status, person.fields, issued, validity, keys
    )
    return claims, issue_pdf(claims, keys)


class Issuer:
    def __init__(self, store: Store, config: MockConfig, keys: IssuerKeys | None = None) -> None:
        self.store = store
        self.config = config
        self.keys = keys or issuer_keys(config.data_dir)
        # Wrong usage passwords and unknown codes per clerk, across tracking codes.
        self.throttle = new_throttle(config)
        with store.tx() as conn:
            for statement in SCHEMA:
                conn.execute(statement)

    # the individual's side -----------------------------------------------------------

    def individual_login(self, national_id: str, password: str) -> dict[str, Any]:
        """Demo individuals: every checksum-valid national ID, password ``demo-pass``."""
        reason = invalid_reason(national_id)
        if reason is not None:
            raise ProblemError(
                "invalid-national-id", f"The national ID is not valid ({reason}).", reason=reason
            )
        if not hmac.compare_digest(password.encode(), INDIVIDUAL_DEMO_PASSWORD.encode()):
            raise ProblemError("invalid-credentials", "Wrong national ID or password.")
        token = secrets.token_urlsafe(32)
        with self.store.tx() as conn:
            conn.execute(
                "INSERT INTO cert_individual_tokens VALUES (?, ?, ?)",
                (token_digest(token), national_id, clock.now() + self.config.access_ttl_s),
            )
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.config.access_ttl_s,
        }

    def individual(self, token: str | None) -> str:
        """The national ID behind an individual's token."""
        if not token:
            raise ProblemError("token-invalid", "A Bearer access token is required.")
        row = self.store.one(
            "SELECT national_id, expires_at FROM cert_individual_tokens WHERE token_hash = ?",
            token_digest(token),
        )
        if row is None:
            raise ProblemError("token-invalid", "The access token is not valid.")
        if clock.now() >= row["expires_at"]:
            raise ProblemError("token-expired", "The access token has expired.")
        return str(row["national_id"])

    def issue(
        self,
        national_id: str,
        *,
        now: float | None = None,
        validity: dt.timedelta = DEFAULT_VALIDITY,
    ) -> Issued:
        now = clock.now() if now is None else now
        claims, pdf = make_certificate(national_id, keys=self.keys, now=now, validity=validity)
        password = new_usage_password()
        salt = secrets.token_bytes(16)
        digest = hash_password(password, salt)
        issued_at = float(int(now))
        expires_at = issued_at + int(validity.total_seconds())
        with self.store.tx() as conn:
            while True:
                code = new_tracking_code(now)
                try:
                    conn.execute(
                        "INSERT INTO cert_certificates (serial, national_id, tracking_code, "
                        "password_salt, password_hash, claims, pdf, issued_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            claims["serial"],
                            national_id,
                            code,
                            salt,
                            digest,
                            json.dumps(claims, ensure_ascii=False),
                            pdf,
                            issued_at,
                            expires_at,
                        ),
                    )
                    break
                except sqlite3.IntegrityError:
                    continue  # a tracking-code collision: draw another
        return Issued(claims["serial"], code, password, issued_at, expires_at, pdf)

    # the agency's side ---------------------------------------------------------------

    def redeem(
        self,
        tracking_code: str,
        usage_password: str,
        *,
        agency_id: str,
        username: str,
        now: float | None = None,
    ) -> dict[str, Any]:
        now = clock.now() if now is None else now
        guesses = f"usage:{username}"
        wait = self.throttle.wait(guesses)
        if wait:
            raise too_many_attempts(wait)
        code = normalize_tracking_code(tracking_code)
        row = None
        if code is not None:
            row = self.store.one("SELECT * FROM cert_certificates WHERE tracking_code = ?", code)
        # An unknown code and a wrong password get the same answer, after the same work
        # (the hash is computed either way): neither the answer nor its time may tell a
        # guesser that a code exists. Only the right password learns that a code is locked.
        digest = hash_password(
            usage_password.strip().upper(), row["password_salt"] if row else b"0" * 16
        )
        if row is None or not hmac.compare_digest(digest, row["password_hash"]):
            self.throttle.failed(guesses)
            if row is not None:
                with self.store.tx() as conn:
                    conn.execute(
                        "UPDATE cert_certificates SET wrong_passwords = wrong_passwords + 1, "
                        "locked = (wrong_passwords + 1 >= ?) OR locked WHERE serial = ?",
                        (MAX_WRONG_PASSWORDS, row["serial"]),
                    )
            raise ProblemError(
                "usage-password-invalid", "The tracking code or the usage password is wrong."
            )
        problem: ProblemError | None = None
        with self.store.tx() as conn:
            current = conn.execute(
                "SELECT locked FROM cert_certificates WHERE serial = ?", (row["serial"],)
            ).fetchone()
            if current["locked"]:
                problem = _code_locked()
            elif conn.execute(
                "SELECT 1 FROM cert_revocations WHERE serial = ?", (row["serial"],)
            ).fetchone():
                problem = ProblemError("certificate-revoked", "The certificate was revoked.")
            elif now >= row["expires_at"]:
                problem = ProblemError(
                    "certificate-expired",
                    "The certificate has expired; the person can obtain a new one.",
                    expired_at=clock.iso_utc(row["expires_at"]),
                )
            else:
                conn.execute(
                    "UPDATE cert_certificates SET wrong_passwords = 0 WHERE serial = ?",
                    (row["serial"],),
                )
                conn.execute(
                    "INSERT INTO cert_redemptions (serial, agency_id, username, redeemed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (row["serial"], agency_id, username, now),
                )
        if problem is not None:
            raise problem
        claims = json.loads(row["claims"])
        return {
            "serial": row["serial"],
            "tracking_code": format_tracking_code(row["tracking_code"]),
            "issued_at": clock.iso_utc(row["issued_at"]),
            "expires_at": clock.iso_utc(row["expires_at"]),
            "redeemed_at": clock.iso_utc(now),
            "claims": claims,
            "pdf": bytes(row["pdf"]),
        }

    def redemptions(self, serial: str) -> list[dict[str, Any]]:
        rows = self.store.all(
            "SELECT agency_id, username, redeemed_at FROM cert_redemptions WHERE serial = ? "
            "ORDER BY id",
            serial,
        )
        return [dict(r) for r in rows]

    # revocation ----------------------------------------------------------------------

    def revoke(self, serial: str, *, now: float | None = None) -> bool:
        """True if the serial is (now) revoked; False if no such certificate exists."""
        now = clock.now() if now is None else now
        with self.store.tx() as conn:
            exists = conn.execute(
                "SELECT 1 FROM cert_certificates WHERE serial = ?", (serial,)
            ).fetchone()
            if exists is None:
                return False
            conn.execute(
                "INSERT OR IGNORE INTO cert_revocations (serial, revoked_at) VALUES (?, ?)",
                (serial, now),
            )
        return True

    def crl(self, now: float | None = None) -> bytes:
        rows = self.store.all("SELECT serial, revoked_at FROM cert_revocations ORDER BY serial")
        return build_crl([(r["serial"], r["revoked_at"]) for r in rows], self.keys, now=now)


def _code_locked() -> ProblemError:
    return ProblemError(
        "code-locked", "Too many wrong usage passwords; this tracking code is locked."
    )


def build_crl(
    revoked: list[tuple[str, float]],
    keys: IssuerKeys,
    *,
    now: float | None = None,
    lifetime: dt.timedelta = CRL_LIFETIME,
) -> bytes:
    """A DER X.509 CRL signed by the certificate-signing key, listing document serials."""
    now = clock.now() if now is None else now
    this_update = dt.datetime.fromtimestamp(int(now), dt.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(keys.signer_cert.subject)
        .last_update(this_update)
        .next_update(this_update + lifetime)
        # Seconds since the epoch grow with every list the issuer makes.
        .add_extension(x509.CRLNumber(int(now)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(keys.signer_key.public_key()),
            critical=False,
        )
    )
    for serial, revoked_at in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(int(serial))
            .revocation_date(dt.datetime.fromtimestamp(int(revoked_at), dt.UTC))
            .build()
        )
    crl = builder.sign(keys.signer_key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)
