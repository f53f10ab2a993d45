"""Every failure as one sentence a clerk can act on, plus a detail for the support desk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.api_client import errors as api
from desktop.core import national_id, wording
from desktop.core.certificates import RevocationError
from desktop.core.importing import DUPLICATE, SpreadsheetError
from desktop.core.importing import ErrorCode as ImportCode
from desktop.core.redeem import Field as RedeemField
from desktop.core.redeem import InvalidRedeemInput
from desktop.core.redeem import Reason as RedeemReason
from desktop.core.secrets import StoreStatus
from desktop.core.storage import StorageError, StorageProblem
from desktop.ui import fmt
from desktop.ui.i18n import localize_digits

_CTX = "Errors"

# Most specific class first: the first isinstance match wins.
_SENTENCES: list[tuple[type[BaseException], str]] = [
    (
        api.CodeUnknown,
        QT_TRANSLATE_NOOP("Errors", "There is no certificate with this tracking code."),
    ),
    (
        api.CodeLocked,
        QT_TRANSLATE_NOOP(
            "Errors",
            "This tracking code is locked after too many wrong usage passwords. "
            "The person must obtain a new certificate.",
        ),
    ),
    (
        api.CertificateExpired,
        QT_TRANSLATE_NOOP(
            "Errors", "This certificate has expired. The person must obtain a new one."
        ),
    ),
    (
        api.CertificateRevoked,
        QT_TRANSLATE_NOOP("Errors", "The SSO has revoked this certificate."),
    ),
    (
        api.RedeemRefused,
        QT_TRANSLATE_NOOP("Errors", "The SSO refused to hand over this certificate."),
    ),
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
        api.UntrustedServer,
        QT_TRANSLATE_NOOP(
            "Errors",
            "The server's certificate is not trusted, so nothing was sent. If your agency's "
            "network inspects secure connections, add its CA certificate in Settings.",
        ),
    ),
    (
        api.ProxyFailed,
        QT_TRANSLATE_NOOP(
            "Errors", "The proxy could not forward the connection. Check the proxy in Settings."
        ),
    ),
    (
        api.InsecureServerAddress,
        QT_TRANSLATE_NOOP(
            "Errors",
            "Plain http:// is allowed only to this computer. Use the server's https:// address.",
        ),
    ),
    (
        api.ConnectionFailed,
        QT_TRANSLATE_NOOP(
            "Errors", "Cannot reach the SSO service. Check the network or the server address."
        ),
    ),
    (api.ApiError, QT_TRANSLATE_NOOP("Errors", "The SSO service refused the request.")),
]

_IMPORT = {
    ImportCode.FILE_NOT_FOUND: QT_TRANSLATE_NOOP("Errors", "The file no longer exists."),
    ImportCode.UNREADABLE: QT_TRANSLATE_NOOP(
        "Errors", "The file cannot be read. Check that it is not open elsewhere."
    ),
    ImportCode.EMPTY_FILE: QT_TRANSLATE_NOOP("Errors", "The file is empty."),
    ImportCode.NOT_A_SPREADSHEET: QT_TRANSLATE_NOOP(
        "Errors", "This is not a spreadsheet. Use an xlsx, xls, ods, csv or text file."
    ),
    ImportCode.CORRUPT: QT_TRANSLATE_NOOP(
        "Errors", "The spreadsheet is damaged. Save it again from its program and retry."
    ),
    ImportCode.PASSWORD_PROTECTED: QT_TRANSLATE_NOOP(
        "Errors", "The spreadsheet is protected with a password. Save a copy without it."
    ),
    ImportCode.BINARY_JUNK: QT_TRANSLATE_NOOP(
        "Errors", "The file holds data that is not text. Save it again as CSV or xlsx."
    ),
    ImportCode.TOO_LARGE: QT_TRANSLATE_NOOP("Errors", "The file is too large to import."),
    ImportCode.TOO_MANY_ROWS: QT_TRANSLATE_NOOP(
        "Errors", "The sheet has more rows than one batch takes. Split it into smaller files."
    ),
    ImportCode.SHEET_NOT_FOUND: QT_TRANSLATE_NOOP("Errors", "There is no such sheet."),
    ImportCode.COLUMN_NOT_FOUND: QT_TRANSLATE_NOOP("Errors", "There is no such column."),
    ImportCode.NO_ID_COLUMN: QT_TRANSLATE_NOOP(
        "Errors", "No column of national IDs was found. Choose the column yourself."
    ),
    ImportCode.AMBIGUOUS: QT_TRANSLATE_NOOP(
        "Errors", "More than one column could hold the national IDs. Choose one."
    ),
}

_STORAGE = {
    StorageProblem.READ_ONLY: QT_TRANSLATE_NOOP(
        "Errors",
        "The app's data folder cannot be written (it is read-only), so nothing more was "
        "sent. What was answered is kept; make the folder writable, then try again.",
    ),
    StorageProblem.FULL: QT_TRANSLATE_NOOP(
        "Errors",
        "The disk holding the app's data is full, so nothing more was sent. What was "
        "answered is kept; free some space, then try again: nothing is charged twice.",
    ),
    StorageProblem.UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Errors",
        "The app's data folder cannot be opened, so nothing was sent. Check the disk, "
        "then try again.",
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
    return fmt.word(wording.ID_REASON, reason)


def store_warning(status: StoreStatus) -> str | None:
    text = _STORE.get(status)
    return _tr(text) if text else None


def row_reason(reason: str | None, duplicate_of: int | None = None) -> str:
    """Why an imported row will not be inquired about."""
    if reason == DUPLICATE:
        text = QCoreApplication.translate("Errors", "The same ID as row %1.")
        return text.replace("%1", localize_digits(str(duplicate_of or "?")))
    try:
        return id_reason(national_id.Invalid(reason))
    except ValueError:
        return reason or ""


def _redeem_input(error: InvalidRedeemInput) -> str:
    if error.field is RedeemField.TRACKING_CODE:
        if error.reason is RedeemReason.EMPTY:
            return QCoreApplication.translate("Errors", "Enter the tracking code.")
        return QCoreApplication.translate(
            "Errors", "This tracking code is mistyped: it has 12 digits, the last a check digit."
        )
    if error.reason is RedeemReason.EMPTY:
        return QCoreApplication.translate("Errors", "Enter the usage password.")
    return QCoreApplication.translate("Errors", "A usage password has 8 Latin letters and digits.")


def describe(error: BaseException) -> ErrorText:
    if isinstance(error, national_id.InvalidNationalId):
        return ErrorText(id_reason(error.reason), error.reason.value)
    if isinstance(error, InvalidRedeemInput):
        return ErrorText(_redeem_input(error), str(error))
    if isinstance(error, RevocationError):
        text = QCoreApplication.translate(
            "Errors",
            "The revocation list could not be verified for the trust in use; it was not kept.",
        )
        return ErrorText(text, str(error))
    if isinstance(error, api.UsagePasswordInvalid):
        text = QCoreApplication.translate(
            "Errors", "The usage password is wrong. Tries left before the code locks: %1."
        )
        left = "?" if error.attempts_left is None else str(error.attempts_left)
        return ErrorText(text.replace("%1", localize_digits(left)), _detail(error))
    if isinstance(error, api.TooManyAttempts):
        text = QCoreApplication.translate(
            "Errors", "Too many failed attempts. Wait %1 seconds, then try again."
        )
        wait = "?" if error.retry_after is None else str(round(error.retry_after))
        return ErrorText(text.replace("%1", localize_digits(wait)), _detail(error))
    if isinstance(error, api.InvalidNetworkSetting):
        if error.setting == "proxy":
            text = QCoreApplication.translate(
                "Errors", "The proxy address is not valid. Write it as http://host:port."
            )
        else:
            text = QCoreApplication.translate(
                "Errors", "This file cannot be used as a CA bundle: choose a PEM certificate file."
            )
        return ErrorText(text, str(error))
    if isinstance(error, StorageError):
        return ErrorText(_tr(_STORAGE[error.problem]), f"{error.problem.value}: {error.folder}")
    if isinstance(error, SpreadsheetError):
        return ErrorText(_tr(_IMPORT[error.code]), f"{error.code.value}: {error.message}")
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
