"""What a verification says: the verdicts, the checks in precedence order, and the run
that records them (the first failure in order names the verdict; see ``verify``)."""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from .revocation import RevocationData
from .trust import TrustProfile

log = logging.getLogger(__name__)


class Verdict(enum.StrEnum):
    VALID = "VALID"
    TAMPERED = "TAMPERED"
    UNTRUSTED_SIGNER = "UNTRUSTED_SIGNER"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    CLAIMS_MISMATCH = "CLAIMS_MISMATCH"
    NOT_A_CERTIFICATE = "NOT_A_CERTIFICATE"
    UNREADABLE = "UNREADABLE"
    # Amber: nothing is wrong with the certificate, but revocation is not established.
    REVOCATION_STALE = "REVOCATION_STALE"
    INDETERMINATE = "INDETERMINATE"

    @property
    def is_amber(self) -> bool:
        return self in (Verdict.REVOCATION_STALE, Verdict.INDETERMINATE)


class CheckOutcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # could not be established
    SKIPPED = "skipped"  # not run: an earlier check already decided


# (check, verdict when it fails), in precedence order.
PDF_CHECKS: tuple[tuple[str, Verdict], ...] = (
    ("readable", Verdict.UNREADABLE),
    ("recognised", Verdict.NOT_A_CERTIFICATE),
    ("signature_intact", Verdict.TAMPERED),
    ("covers_whole_file", Verdict.TAMPERED),
    ("no_changes_after_signing", Verdict.TAMPERED),
    ("signer_trusted", Verdict.UNTRUSTED_SIGNER),
    ("claims_present", Verdict.NOT_A_CERTIFICATE),
    ("no_active_content", Verdict.NOT_A_CERTIFICATE),
    ("qr_signature", Verdict.TAMPERED),
    ("qr_matches_claims", Verdict.CLAIMS_MISMATCH),
    ("page_qr_matches", Verdict.CLAIMS_MISMATCH),
    ("not_revoked", Verdict.REVOKED),
    ("not_expired", Verdict.EXPIRED),
    ("revocation_fresh", Verdict.REVOCATION_STALE),
)
IMAGE_CHECKS: tuple[tuple[str, Verdict], ...] = (
    ("readable", Verdict.UNREADABLE),
    ("recognised", Verdict.NOT_A_CERTIFICATE),
    ("signer_trusted", Verdict.UNTRUSTED_SIGNER),
    ("qr_signature", Verdict.TAMPERED),
    ("not_revoked", Verdict.REVOKED),
    ("not_expired", Verdict.EXPIRED),
    ("revocation_fresh", Verdict.REVOCATION_STALE),
)
_FAIL_VERDICT = {name: verdict for name, verdict in PDF_CHECKS + IMAGE_CHECKS}


@dataclass(frozen=True)
class Check:
    name: str
    outcome: CheckOutcome
    detail: str = ""


@dataclass(frozen=True)
class RevocationState:
    """How old the revocation data behind a verdict is (all None when there was none)."""

    available: bool
    this_update: dt.datetime | None = None
    next_update: dt.datetime | None = None
    fetched_at: dt.datetime | None = None
    age_seconds: float | None = None
    fresh: bool = False

    @classmethod
    def of(
        cls, data: RevocationData | None, now: dt.datetime, max_age: dt.timedelta
    ) -> RevocationState:
        if data is None:
            return cls(available=False)
        return cls(
            available=True,
            this_update=data.this_update,
            next_update=data.next_update,
            fetched_at=data.fetched_at,
            age_seconds=data.age(now).total_seconds(),
            fresh=data.is_fresh(now, max_age),
        )


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    profile: str
    kind: str  # "pdf", "image" or "unknown"
    checks: tuple[Check, ...]
    revocation: RevocationState
    checked_at: dt.datetime
    claims: Mapping[str, Any] | None = None
    source: str | None = None  # the path, when verified from a file

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def deciding(self) -> Check | None:
        """The check that decided the verdict: its failure, or the first left open (None
        when VALID)."""
        for c in self.checks:
            if c.outcome is CheckOutcome.FAIL and _FAIL_VERDICT.get(c.name) is self.verdict:
                return c
        return next((c for c in self.checks if c.outcome is CheckOutcome.UNKNOWN), None)

    @property
    def reason(self) -> str:
        """The detail of the check that decided the verdict ("" when VALID)."""
        deciding = self.deciding
        return deciding.detail if deciding else ""

    def to_json(self) -> dict[str, Any]:
        rev = self.revocation
        return {
            "path": self.source,
            "verdict": str(self.verdict),
            "reason": self.reason,
            "profile": self.profile,
            "kind": self.kind,
            "checked_at": iso(self.checked_at),
            "checks": [
                {"name": c.name, "outcome": str(c.outcome), "detail": c.detail} for c in self.checks
            ],
            "revocation": {
                "available": rev.available,
                "this_update": iso(rev.this_update),
                "next_update": iso(rev.next_update),
                "fetched_at": iso(rev.fetched_at),
                "age_seconds": rev.age_seconds,
                "fresh": rev.fresh,
            },
            "claims": dict(self.claims) if self.claims is not None else None,
        }


def iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Stop(Exception):
    """An earlier check decided; the rest are skipped."""


@dataclass
class Run:
    order: tuple[tuple[str, Verdict], ...]
    trust: TrustProfile
    revocations: RevocationData | None
    now: dt.datetime
    max_age: dt.timedelta
    kind: str
    checks: dict[str, Check] = field(default_factory=dict)
    claims: Mapping[str, Any] | None = None

    def passed(self, name: str, detail: str = "") -> None:
        self.checks[name] = Check(name, CheckOutcome.PASS, detail)

    def failed(self, name: str, detail: str) -> None:
        self.checks[name] = Check(name, CheckOutcome.FAIL, detail)

    def stop(self, name: str, detail: str) -> NoReturn:
        """Record a failure that decides the verdict on its own; skip the rest."""
        self.failed(name, detail)
        raise Stop

    def unknown(self, name: str, detail: str) -> None:
        self.checks[name] = Check(name, CheckOutcome.UNKNOWN, detail)

    def guarded(self, checks: Callable[[], None], what: str) -> Verification:
        """The result of running ``checks`` on a ``what`` ("file", "image"); never
        raises for any input."""
        try:
            checks()
        except Stop:
            pass
        except MemoryError:
            self.failed("readable", f"the {what} needs too much memory to read")
        except RecursionError:
            self.failed("readable", f"the {what}'s structure is nested too deeply")
        except Exception as exc:  # hostile input must give a verdict, not a crash
            log.debug("checking a %s failed", what, exc_info=True)
            self.failed("readable", short(f"the {what} could not be read", exc))
        return self.result()

    def result(self) -> Verification:
        ordered = tuple(
            self.checks.get(name, Check(name, CheckOutcome.SKIPPED)) for name, _ in self.order
        )
        verdict = Verdict.VALID
        for check, (_, on_fail) in zip(ordered, self.order, strict=True):
            if check.outcome is CheckOutcome.FAIL:
                verdict = on_fail
                break
        else:
            if any(c.outcome is CheckOutcome.UNKNOWN for c in ordered):
                verdict = Verdict.INDETERMINATE
        return Verification(
            verdict=verdict,
            profile=self.trust.name,
            kind=self.kind,
            checks=ordered,
            revocation=RevocationState.of(self.revocations, self.now, self.max_age),
            checked_at=self.now,
            claims=self.claims,
        )

    # the checks every kind ends with -------------------------------------------------

    def status_checks(self, serial: str, expires: dt.datetime) -> None:
        rev = self.revocations
        if rev is None:
            self.unknown("not_revoked", "no revocation list is available")
            self.unknown("revocation_fresh", "no revocation list is available")
        else:
            if rev.is_revoked(serial):
                self.failed("not_revoked", f"serial {serial} is on the revocation list")
            else:
                self.passed("not_revoked", f"serial {serial} is not on the revocation list")
            age = _days(rev.age(self.now))
            if rev.is_fresh(self.now, self.max_age):
                self.passed("revocation_fresh", f"the list is {age} old")
            else:
                self.failed(
                    "revocation_fresh",
                    f"the list is {age} old (issued {iso(rev.this_update)}); "
                    "update it to rule out recent revocations",
                )
        if self.now < expires:
            self.passed("not_expired", f"valid until {iso(expires)}")
        else:
            self.failed("not_expired", f"expired at {iso(expires)}")


def _days(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} hours" if abs(hours) < 48 else f"{hours / 24:.1f} days"


def aware_now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def short(what: str, exc: BaseException) -> str:
    return f"{what} ({type(exc).__name__}: {exc})"[:300]
