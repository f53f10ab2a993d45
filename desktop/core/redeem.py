"""Redeeming a certificate by tracking code and usage password, and proving it offline:
the use-case the redeem screen and `estelam-desk redeem` both drive (redeem()).

The server's answer is never taken on trust. The PDF it returns is checked exactly as a
file from anywhere else would be: by the sandboxed verifier of the offline screen, under
the shipped trust profile, against the cached revocation list. The claims reported are
the ones the PDF proves, not the ones the server's JSON states.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import enum
import hashlib
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.api_client import EstelamError, Me, RedeemedCertificate
from desktop.core.audit import Actor, AuditLog, Kind, NewEntry, error_outcome, verification_entry
from desktop.core.certificates import (
    RevocationCache,
    RevocationData,
    RevocationError,
    SandboxedVerifier,
    TrustProfile,
    Verification,
)
from desktop.core.digits import to_latin_digits
from desktop.core.national_id import clean
from desktop.core.proof import Proof
from desktop.core.session import Session

log = logging.getLogger(__name__)

# A list fetched less than this long ago is used as it is; older, it is fetched again
# before a redeemed certificate is checked.
REFRESH_AFTER = dt.timedelta(hours=1)
TRACKING_CODE_DIGITS = 12
USAGE_PASSWORD_LENGTH = 8

# Spaces people type to group characters, and the invisible marks a copy from a
# Persian text brings along (ZWNJ, bidi controls).
_PASSWORD_NOISE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class Field(enum.StrEnum):
    TRACKING_CODE = "tracking_code"
    USAGE_PASSWORD = "usage_password"


class Reason(enum.StrEnum):
    """Why a typed code or password cannot be right; the values are stable codes."""

    EMPTY = "empty"
    CHARACTERS = "bad_characters"  # the code: not digits; the password: not Latin letters/digits
    LENGTH = "wrong_length"
    CHECK_DIGIT = "check_digit"


class InvalidRedeemInput(ValueError):
    """The tracking code or usage password as typed cannot be right; nothing was sent."""

    def __init__(self, field: Field, reason: Reason) -> None:
        # The typed value is not kept: a usage password is a secret.
        super().__init__(f"{field.value}: {reason.value}")
        self.field = field
        self.reason = reason


def luhn_ok(digits: str) -> bool:
    """The Luhn check over Latin digits, the last being the check digit."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def normalize_tracking_code(raw: str) -> str:
    """The code as "1405-1234-5674", from "۱۴۰۵-۱۲۳۴-۵۶۷۴", "1405 1234 5674" and the like.

    The code is the Jalali year, seven digits and a Luhn check digit: a mistyped digit
    is caught here, before it costs the person one of their usage-password attempts.
    """
    # The same noise as in national IDs: digit sets, spaces, dashes, invisible marks.
    code = clean(raw)
    if not code:
        raise InvalidRedeemInput(Field.TRACKING_CODE, Reason.EMPTY)
    if not (code.isascii() and code.isdigit()):
        raise InvalidRedeemInput(Field.TRACKING_CODE, Reason.CHARACTERS)
    if len(code) != TRACKING_CODE_DIGITS:
        raise InvalidRedeemInput(Field.TRACKING_CODE, Reason.LENGTH)
    if not luhn_ok(code):
        raise InvalidRedeemInput(Field.TRACKING_CODE, Reason.CHECK_DIGIT)
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalize_usage_password(raw: str) -> str:
    """Eight Latin letters or digits, upper-cased (the server ignores case)."""
    password = _PASSWORD_NOISE.sub("", to_latin_digits(raw)).upper()
    if not password:
        raise InvalidRedeemInput(Field.USAGE_PASSWORD, Reason.EMPTY)
    # Persian letters here mostly mean the keyboard was left in Persian.
    if not (password.isascii() and password.isalnum()):
        raise InvalidRedeemInput(Field.USAGE_PASSWORD, Reason.CHARACTERS)
    if len(password) != USAGE_PASSWORD_LENGTH:
        raise InvalidRedeemInput(Field.USAGE_PASSWORD, Reason.LENGTH)
    return password


def check_input(tracking_code_raw: str, usage_password: str) -> tuple[str, str]:
    """Both values normalised, or InvalidRedeemInput for the first that cannot be right."""
    return normalize_tracking_code(tracking_code_raw), normalize_usage_password(usage_password)


@dataclasses.dataclass(frozen=True)
class RedeemOutcome:
    certificate: RedeemedCertificate  # the server's answer, as it came
    verification: Verification  # the offline proof of certificate.pdf
    sha256: str  # of the PDF bytes, hex
    server_url: str
    # The revocation list the check used (None: there was none).
    revocations: RevocationData | None
    # The list was fetched (and cached) for this check. Whoever keeps a long-lived
    # verifier should reload it (Proof.reload()): until then each redeem is checked in
    # a one-off sandbox, a second slower.
    revocations_refreshed: bool
    # Why the list could not be fetched; the check then used the cached one, and the
    # verification says how old it is.
    refresh_error: EstelamError | RevocationError | None = None

    @property
    def pdf(self) -> bytes:
        return self.certificate.pdf

    @property
    def ok(self) -> bool:
        return self.verification.ok

    @property
    def claims(self) -> Mapping[str, Any]:
        """What the PDF itself states, never the server's JSON; empty when the PDF was
        refused before its claims could be read."""
        return self.verification.claims or {}

    @property
    def server_claims_match(self) -> bool:
        """The server's JSON repeats the PDF's embedded claims. A mismatch is worth a note
        to support, but changes nothing: the PDF's proof decides."""
        return dict(self.claims) == dict(self.certificate.claims)


async def sync_revocations(
    session: Session,
    cache: RevocationCache,
    trust: TrustProfile,
    *,
    now: dt.datetime | None = None,
) -> RevocationData:
    """Fetch the issuer's revocation list, check its signature and cache it.

    Raises the client's errors, or RevocationError when the list is not signed by the
    profile's issuer or is older than the cached one.
    """
    der = await session.client.crl()
    return await asyncio.to_thread(cache.store, der, trust, now)


async def redeem(
    session: Session,
    proof: Proof,
    tracking_code_raw: str,
    usage_password: str,
    *,
    audit: AuditLog | None = None,
) -> RedeemOutcome:
    """Redeem and prove under the proof's trust profile and revocation list (see
    redeem_and_verify); a list fetched on the way is taken up by the proof's next checks."""
    # The verifier reads the cached revocation list on first use: off the caller's loop.
    verifier = await asyncio.to_thread(proof.verifier)
    outcome = await redeem_and_verify(
        session,
        tracking_code_raw,
        usage_password,
        verifier=verifier,
        cache=proof.cache,
        trust=proof.trust,
        audit=audit,
    )
    if outcome.revocations_refreshed:
        await asyncio.to_thread(proof.reload)
    return outcome


def save_pdf(outcome: RedeemOutcome, path: str | Path) -> Path:
    """The certificate as it came, byte for byte (blocking)."""
    target = Path(path)
    target.write_bytes(outcome.pdf)
    return target


async def redeem_and_verify(
    session: Session,
    tracking_code_raw: str,
    usage_password: str,
    *,
    verifier: SandboxedVerifier,
    cache: RevocationCache,
    trust: TrustProfile,
    refresh_after: dt.timedelta = REFRESH_AFTER,
    now: dt.datetime | None = None,
    audit: AuditLog | None = None,
) -> RedeemOutcome:
    """Check the input, fetch the certificate, bring the revocation list up to date and
    verify the PDF offline.

    Raises InvalidRedeemInput before any request; the client's errors when the server
    refuses (RedeemRefused and its kinds, Forbidden without the redeem scope...). A
    revocation list that cannot be fetched does not fail the redeem: the certificate is
    in hand, and the verification states how old the list it used is.

    With an audit log, the redeem is recorded once its certificate is proven, or with
    the server's refusal (a wrong usage password is an attempt worth a record too).
    """
    if verifier.trust.name != trust.name:
        raise ValueError(f"the verifier checks under {verifier.trust.name!r}, not {trust.name!r}")
    tracking_code, password = check_input(tracking_code_raw, usage_password)
    actor = Actor.of(session.me) if audit is not None and session.me is not None else None
    try:
        certificate = await session.client.redeem(tracking_code, password)
    except EstelamError as refusal:
        log.warning("redeem refused: %s", type(refusal).__name__)
        if actor is not None and audit is not None:
            refused = NewEntry(
                Kind.REDEEM,
                actor,
                purpose=actor.purpose(Kind.REDEEM),
                outcome=error_outcome(refusal),
                details={"tracking_code": tracking_code},
            )
            await asyncio.to_thread(audit.record_many, [refused])
        raise
    moment = now or dt.datetime.now(dt.UTC)
    revocations, refreshed, refresh_error = await _current_revocations(
        session, cache, trust, refresh_after, moment, verifier.max_age
    )
    verification, digest = await asyncio.to_thread(
        _verify, verifier, revocations, certificate.pdf, now
    )
    log.info(
        "certificate %s redeemed: %s (revocation list %s)",
        certificate.serial,
        verification.verdict.value,
        "refreshed" if refreshed else type(refresh_error).__name__ if refresh_error else "cached",
    )
    if actor is not None and audit is not None:
        entry = verification_entry(
            actor,
            Kind.REDEEM,
            verification,
            details={"tracking_code": tracking_code, "pdf_sha256": digest},
        )
        await asyncio.to_thread(audit.record_many, [entry])
    return RedeemOutcome(
        certificate,
        verification,
        digest,
        session.client.server_url,
        revocations,
        refreshed,
        refresh_error,
    )


async def reverify(
    outcome: RedeemOutcome,
    *,
    verifier: SandboxedVerifier,
    cache: RevocationCache,
    trust: TrustProfile,
    now: dt.datetime | None = None,
) -> RedeemOutcome:
    """Check a redeemed certificate again with the cached revocation list, e.g. after
    sync_revocations while it is still on screen."""
    try:
        revocations = await asyncio.to_thread(cache.load, trust)
    except RevocationError:
        revocations = None  # a damaged cache counts as none: revocation is not established
    verification, _ = await asyncio.to_thread(_verify, verifier, revocations, outcome.pdf, now)
    return dataclasses.replace(
        outcome,
        verification=verification,
        revocations=revocations,
        revocations_refreshed=False,
        refresh_error=None,
    )


def write_report(
    outcome: RedeemOutcome, me: Me | None, path: str | Path, *, created: dt.datetime | None = None
) -> int:
    """Write the verification report of a redeemed certificate; returns its page count.

    Blocking (fonts, shaping, the file): run it in a worker thread.
    """
    # Imported here: fpdf2 and its fonts are not needed until a report is asked for.
    from desktop.core.reports import VerificationReportMeta, verification_report_pdf

    meta = VerificationReportMeta(
        clerk=me.full_name if me else "",
        agency=me.agency.name if me else "",
        sha256=outcome.sha256,
        created=created or dt.datetime.now(dt.UTC),
        username=me.username if me else "",
        agency_id=me.agency.id if me else "",
        tracking_code=outcome.certificate.tracking_code,
        source=f"redeemed by tracking code from {outcome.server_url}",
    )
    return verification_report_pdf(outcome.verification, meta, path)


async def _current_revocations(
    session: Session,
    cache: RevocationCache,
    trust: TrustProfile,
    refresh_after: dt.timedelta,
    now: dt.datetime,
    max_age: dt.timedelta,
) -> tuple[RevocationData | None, bool, EstelamError | RevocationError | None]:
    try:
        cached = await asyncio.to_thread(cache.load, trust)
    except RevocationError:
        # The cache file was changed behind our back; a fresh list replaces it.
        log.warning("the cached revocation list does not verify; fetching it again")
        cached = None
    if (
        cached is not None
        and now - cached.fetched_at < refresh_after
        and cached.is_fresh(now, max_age)
    ):
        return cached, False, None
    try:
        fresh = await sync_revocations(session, cache, trust, now=now)
    except (EstelamError, RevocationError) as exc:
        log.warning("could not update the revocation list: %s", type(exc).__name__)
        return cached, False, exc
    return fresh, True, None


def _same_list(a: RevocationData | None, b: RevocationData | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.der == b.der


def _verify(
    verifier: SandboxedVerifier,
    revocations: RevocationData | None,
    pdf: bytes,
    now: dt.datetime | None,
) -> tuple[Verification, str]:
    """Runs in a worker thread: the sandbox call blocks until its process answers."""
    digest = hashlib.sha256(pdf).hexdigest()
    if _same_list(verifier.revocations, revocations):
        return verifier.verify_bytes(pdf, now), digest
    # The verifier's workers were started with other revocation data and cannot take
    # new data, so this certificate is checked in a one-off sandbox with the same limits.
    with SandboxedVerifier(
        verifier.trust,
        revocations,
        timeout_s=verifier.timeout_s,
        memory_bytes=verifier.memory_bytes,
        max_age=verifier.max_age,
    ) as once:
        return once.verify_bytes(pdf, now), digest
