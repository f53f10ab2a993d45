"""Certificate verdicts and checks in the clerk's words, with the banner colour of each."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from desktop.core import wording
from desktop.core.certificates import CheckOutcome, RevocationState, Verdict, Verification
from desktop.core.certificates.trust import TEST
from desktop.ui import fmt
from desktop.ui.i18n import localize_digits

_OUTCOME_MARKS = {
    CheckOutcome.PASS: "✓",
    CheckOutcome.FAIL: "✗",
    CheckOutcome.UNKNOWN: "?",
    CheckOutcome.SKIPPED: "–",
}


def banner_kind(verdict: Verdict) -> str:
    """Green for VALID, amber where something could not be established, red otherwise."""
    if verdict is Verdict.VALID:
        return "success"
    return "warning" if verdict.is_amber else "error"


def verdict_text(verdict: Verdict) -> str:
    return fmt.word(wording.VERDICT, verdict)


def verification_text(verification: Verification) -> str:
    """The verdict as the clerk reads it; a genuine scan's speaks for its QR code only."""
    return wording.verdict_words(verification.verdict, verification.kind).in_(fmt.language())


def reason_text(verification: Verification) -> str:
    """Why the verdict is what it is, in the clerk's language ("" when VALID). The
    check's own detail, English for the support desk, stays in the log and the report."""
    check = verification.deciding
    return fmt.words(wording.check_reason(check.name, check.outcome) if check else None)


def check_text(name: str) -> str:
    return fmt.word(wording.CHECK, name)


def check_line(verification: Verification, name: str) -> str:
    check = verification.check(name)
    mark = _OUTCOME_MARKS[check.outcome] if check else "–"
    return f"{mark}  {check_text(name)}"


def profile_text(profile: str) -> str:
    if profile == TEST:
        return QCoreApplication.translate(
            "Verdicts", "Trust: TEST authority (demo and testing only, never for real cases)"
        )
    return QCoreApplication.translate("Verdicts", "Trust: SSO production authority")


def revocation_text(state: RevocationState, now: dt.datetime | None = None) -> str:
    """How old the revocation data behind a verdict is, in words."""
    if not state.available or state.fetched_at is None:
        return QCoreApplication.translate(
            "Verdicts", "No revocation list: a withdrawn certificate cannot be recognised."
        )
    now = now or dt.datetime.now(dt.UTC)
    hours = max(0, int((now - state.fetched_at).total_seconds() // 3600))
    if hours < 1:
        text = QCoreApplication.translate(
            "Verdicts", "Revocation list updated less than an hour ago."
        )
    elif hours < 48:
        text = QCoreApplication.translate(
            "Verdicts", "Revocation list updated %1 hours ago."
        ).replace("%1", localize_digits(str(hours)))
    else:
        text = QCoreApplication.translate(
            "Verdicts", "Revocation list updated %1 days ago."
        ).replace("%1", localize_digits(str(hours // 24)))
    if not state.fresh:
        text += " " + QCoreApplication.translate(
            "Verdicts", "It is too old: update it while online."
        )
    return text
