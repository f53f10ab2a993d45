"""Certificate verdicts and checks in the clerk's words, with the banner colour of each."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core.certificates import Outcome, RevocationState, Verdict, Verification
from desktop.core.certificates.trust import TEST
from desktop.ui.i18n import localize_digits

_CTX = "Verdicts"

_VERDICTS = {
    Verdict.VALID: QT_TRANSLATE_NOOP("Verdicts", "Genuine: every check passed."),
    Verdict.TAMPERED: QT_TRANSLATE_NOOP(
        "Verdicts", "Not genuine: the document was changed after the SSO signed it."
    ),
    Verdict.UNTRUSTED_SIGNER: QT_TRANSLATE_NOOP(
        "Verdicts", "Not genuine: it was not signed by a trusted SSO authority."
    ),
    Verdict.EXPIRED: QT_TRANSLATE_NOOP(
        "Verdicts", "Expired: ask the person for a new certificate."
    ),
    Verdict.REVOKED: QT_TRANSLATE_NOOP("Verdicts", "Revoked: the SSO has withdrawn it."),
    Verdict.CLAIMS_MISMATCH: QT_TRANSLATE_NOOP(
        "Verdicts", "Not genuine: the QR code and the document disagree."
    ),
    Verdict.NOT_A_CERTIFICATE: QT_TRANSLATE_NOOP(
        "Verdicts", "This is not an SSO insurance-status certificate."
    ),
    Verdict.UNREADABLE: QT_TRANSLATE_NOOP("Verdicts", "The file cannot be read."),
    Verdict.REVOCATION_STALE: QT_TRANSLATE_NOOP(
        "Verdicts",
        "Probably genuine, but the revocation list is too old to rule out a withdrawal.",
    ),
    Verdict.INDETERMINATE: QT_TRANSLATE_NOOP(
        "Verdicts", "Could not be established: some checks could not be made."
    ),
}

_CHECKS = {
    "readable": QT_TRANSLATE_NOOP("Verdicts", "The file can be read"),
    "recognised": QT_TRANSLATE_NOOP("Verdicts", "It is an SSO certificate"),
    "signature_intact": QT_TRANSLATE_NOOP("Verdicts", "The signature is intact"),
    "covers_whole_file": QT_TRANSLATE_NOOP("Verdicts", "The signature covers the whole file"),
    "no_changes_after_signing": QT_TRANSLATE_NOOP("Verdicts", "Nothing was added after signing"),
    "signer_trusted": QT_TRANSLATE_NOOP("Verdicts", "The signer is a trusted SSO authority"),
    "claims_present": QT_TRANSLATE_NOOP("Verdicts", "The machine-readable claims are present"),
    "no_active_content": QT_TRANSLATE_NOOP("Verdicts", "No scripts or active content"),
    "qr_signature": QT_TRANSLATE_NOOP("Verdicts", "The QR code's signature is valid"),
    "qr_matches_claims": QT_TRANSLATE_NOOP("Verdicts", "The QR code matches the document"),
    "page_qr_matches": QT_TRANSLATE_NOOP("Verdicts", "The printed QR code matches"),
    "not_revoked": QT_TRANSLATE_NOOP("Verdicts", "Not revoked"),
    "not_expired": QT_TRANSLATE_NOOP("Verdicts", "Not expired"),
    "revocation_fresh": QT_TRANSLATE_NOOP("Verdicts", "The revocation list is recent"),
}

_OUTCOME_MARKS = {
    Outcome.PASS: "✓",
    Outcome.FAIL: "✗",
    Outcome.UNKNOWN: "?",
    Outcome.SKIPPED: "–",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def banner_kind(verdict: Verdict) -> str:
    """Green for VALID, amber where something could not be established, red otherwise."""
    if verdict is Verdict.VALID:
        return "success"
    return "warning" if verdict.is_amber else "error"


def verdict_text(verdict: Verdict) -> str:
    return _tr(_VERDICTS[verdict])


def check_text(name: str) -> str:
    source = _CHECKS.get(name)
    return _tr(source) if source else name


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
