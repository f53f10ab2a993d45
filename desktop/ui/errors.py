"""Every failure as one sentence a clerk can act on, plus a detail for the support desk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.api_client import errors as api
from desktop.core import national_id
from desktop.core.secrets import StoreStatus

_CTX = "Errors"

# Most specific class first: the first isinstance match wins.
_SENTENCES: list[tuple[type[BaseException], str]] = [
    (api.InvalidCredentials, QT_TRANSLATE_NOOP("Errors", "The username or password is wrong.")),
    (
        api.AccountLocked,
        QT_TRANSLATE_NOOP(
            "Errors", "This account is locked after too many wrong passwords. Try again later."
        ),
    ),
    (
        api.OtpInvalid,
        QT_TRANSLATE_NOOP("Errors", "The one-time code is wrong. Check the SMS and try again."),
    ),
    (
        api.OtpExpired,
        QT_TRANSLATE_NOOP("Errors", "The one-time code has expired. Go back and sign in again."),
    ),
    (
        api.ChallengeLocked,
        QT_TRANSLATE_NOOP("Errors", "Too many wrong codes. Go back and sign in again."),
    ),
    (
        api.ChallengeUnknown,
        QT_TRANSLATE_NOOP("Errors", "This sign-in attempt is no longer valid. Sign in again."),
    ),
    (
        api.SessionExpired,
        QT_TRANSLATE_NOOP("Errors", "Your session has ended. Please sign in again."),
    ),
    (api.AuthError, QT_TRANSLATE_NOOP("Errors", "The server did not accept your sign-in.")),
    (
        api.Forbidden,
        QT_TRANSLATE_NOOP("Errors", "Your agency's agreement does not allow this action."),
    ),
    (
        api.QuotaExhausted,
        QT_TRANSLATE_NOOP("Errors", "Your agency's daily inquiry quota is used up."),
    ),
    (
        api.RateLimited,
        QT_TRANSLATE_NOOP("Errors", "The server is busy with your agency's requests. Try again."),
    ),
    (
        api.InvalidNationalIdError,
        QT_TRANSLATE_NOOP("Errors", "The server rejected this national ID."),
    ),
    (
        api.CaseReferenceRequired,
        QT_TRANSLATE_NOOP("Errors", "Enter the case reference this inquiry is made for."),
    ),
    (api.ValidationFailed, QT_TRANSLATE_NOOP("Errors", "The server rejected the request.")),
    (
        api.ServerError,
        QT_TRANSLATE_NOOP("Errors", "The SSO service had a problem. Try again in a moment."),
    ),
    (
        api.Timeout,
        QT_TRANSLATE_NOOP("Errors", "The SSO service did not answer in time. Try again."),
    ),
    (
        api.ConnectionFailed,
        QT_TRANSLATE_NOOP(
            "Errors", "Cannot reach the SSO service. Check the network or the server address."
        ),
    ),
    (api.ApiError, QT_TRANSLATE_NOOP("Errors", "The SSO service refused the request.")),
]

_ID_REASONS = {
    national_id.Invalid.EMPTY: QT_TRANSLATE_NOOP("Errors", "Enter a national ID."),
    national_id.Invalid.NOT_DIGITS: QT_TRANSLATE_NOOP("Errors", "A national ID has digits only."),
    national_id.Invalid.SCIENTIFIC: QT_TRANSLATE_NOOP(
        "Errors", "The ID was turned into scientific notation and lost digits."
    ),
    national_id.Invalid.LENGTH: QT_TRANSLATE_NOOP("Errors", "A national ID has 10 digits."),
    national_id.Invalid.REPEATED: QT_TRANSLATE_NOOP(
        "Errors", "A national ID cannot repeat one digit."
    ),
    national_id.Invalid.CHECKSUM: QT_TRANSLATE_NOOP(
        "Errors", "This national ID is not valid (its check digit does not match)."
    ),
}

_STORE = {
    StoreStatus.UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Errors",
        "No system keyring is available: you will stay signed in only until the app closes.",
    ),
    StoreStatus.LOCKED: QT_TRANSLATE_NOOP(
        "Errors",
        "The system keyring is locked: you will stay signed in only until the app closes.",
    ),
}


@dataclass(frozen=True)
class ErrorText:
    sentence: str
    detail: str


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def id_reason(reason: national_id.Invalid) -> str:
    return _tr(_ID_REASONS[reason])


def store_warning(status: StoreStatus) -> str | None:
    text = _STORE.get(status)
    return _tr(text) if text else None


def describe(error: BaseException) -> ErrorText:
    if isinstance(error, national_id.InvalidNationalId):
        return ErrorText(id_reason(error.reason), error.reason.value)
    detail = _detail(error)
    for cls, sentence in _SENTENCES:
        if isinstance(error, cls):
            return ErrorText(_tr(sentence), detail)
    fallback = QCoreApplication.translate(
        "Errors", "Something went wrong. The details below help the support desk."
    )
    return ErrorText(fallback, detail)


def _detail(error: BaseException) -> str:
    if isinstance(error, api.ApiError):
        parts = [f"HTTP {error.status}", error.problem_type or ""]
        if error.detail:
            parts.append(error.detail)
        return " · ".join(p for p in parts if p)
    return f"{type(error).__name__}: {error}"
