"""Every failure as one sentence a clerk can act on, plus a detail for the support desk."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication

from desktop.core import errors as core_errors
from desktop.core import national_id, sentences, wording
from desktop.core.secrets import StoreStatus

# lupdate finds texts by this name; core's marker is typed as returning str, Qt's is not
from desktop.core.sentences import QT_TRANSLATE_NOOP
from desktop.core.storage import StorageError, StorageProblem
from desktop.ui import fmt
from desktop.ui.i18n import localize_digits

if TYPE_CHECKING:
    from desktop.core.importing import ErrorCode as ImportCode
    from desktop.core.importing import SpreadsheetError
    from desktop.core.redeem import InvalidRedeemInput

_CTX = "Errors"

# Where a remedy names a control of the window, the window says it (after the core's sentence).
_REMEDY: list[tuple[type[BaseException], str]] = [
    (
        core_errors.UntrustedServer,
        QT_TRANSLATE_NOOP(
            "Errors",
            "If your agency's network inspects secure connections, add its CA certificate "
            "in Settings.",
        ),
    ),
    (core_errors.ProxyFailed, QT_TRANSLATE_NOOP("Errors", "Check the proxy in Settings.")),
]


@functools.cache
def _import_texts() -> dict[ImportCode, str]:
    # Imported when a spreadsheet first fails: the first window needs no importer.
    from desktop.core.importing import ErrorCode as ImportCode

    return {
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


def _import_sentence(error: SpreadsheetError) -> str:
    from desktop.core.importing import MAX_CELLS, ErrorCode
    from desktop.core.importing.labels import column_letter

    details = error.details
    if error.code is ErrorCode.TOO_LARGE and "columns" in details:
        text = QCoreApplication.translate(
            "Errors",
            "The sheet reaches column %1 and row %2: more cells than an import takes "
            "(at most %3). Delete the cells far outside the list and try again.",
        )
        return (
            text.replace("%1", column_letter(details["columns"] - 1))
            .replace("%2", fmt.count(details["rows"]))
            .replace("%3", fmt.count(MAX_CELLS))
        )
    if error.code is ErrorCode.CORRUPT and "reader" in details:
        return QCoreApplication.translate(
            "Errors",
            "The spreadsheet could not be read within the memory and time allowed: it is "
            "damaged, or has cells far outside its list. Save it again from its program, "
            "keeping only the list, and retry.",
        )
    return _tr(_import_texts()[error.code])


def id_reason(reason: national_id.Invalid) -> str:
    return fmt.word(wording.ID_REASON, reason)


def store_warning(status: StoreStatus) -> str | None:
    text = _STORE.get(status)
    return _tr(text) if text else None


def row_reason(reason: str | None, duplicate_of: int | None = None) -> str:
    """Why an imported row will not be inquired about."""
    from desktop.core.importing import DUPLICATE

    if reason == DUPLICATE:
        text = QCoreApplication.translate("Errors", "The same ID as row %1.")
        return text.replace("%1", localize_digits(str(duplicate_of or "?")))
    if reason is None:
        return ""
    try:
        return id_reason(national_id.Invalid(reason))
    except ValueError:
        return reason


def _redeem_input(error: InvalidRedeemInput) -> str:
    from desktop.core.redeem import Field, Reason

    if error.field is Field.TRACKING_CODE:
        if error.reason is Reason.EMPTY:
            return QCoreApplication.translate("Errors", "Enter the tracking code.")
        return QCoreApplication.translate(
            "Errors", "This tracking code is mistyped: it has 12 digits, the last a check digit."
        )
    if error.reason is Reason.EMPTY:
        return QCoreApplication.translate("Errors", "Enter the usage password.")
    return QCoreApplication.translate("Errors", "A usage password has 8 Latin letters and digits.")


def _is_a(error: BaseException, module: str, name: str) -> bool:
    """isinstance, for a class of a module the window loads only when it is used: until
    it is loaded, no error of that class can exist (and loading it only to ask would
    cost the first window the certificate, redeem and spreadsheet stacks)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(error, getattr(loaded, name))


def describe(error: BaseException) -> ErrorText:
    if isinstance(error, national_id.InvalidNationalId):
        return ErrorText(id_reason(error.reason), error.reason.value)
    if _is_a(error, "desktop.core.redeem", "InvalidRedeemInput"):
        return ErrorText(_redeem_input(cast("InvalidRedeemInput", error)), str(error))
    if _is_a(error, "desktop.core.certificates.revocation", "RevocationError"):
        text = QCoreApplication.translate(
            "Errors",
            "The revocation list could not be verified for the trust in use; it was not kept.",
        )
        return ErrorText(text, str(error))
    if isinstance(error, StorageError):
        return ErrorText(_tr(_STORAGE[error.problem]), f"{error.problem.value}: {error.folder}")
    if _is_a(error, "desktop.core.importing.errors", "SpreadsheetError"):
        spreadsheet = cast("SpreadsheetError", error)
        return ErrorText(
            _import_sentence(spreadsheet), f"{spreadsheet.code.value}: {spreadsheet.message}"
        )
    found = sentences.sentence(error)
    if found is not None:
        return ErrorText(_sentence(found, error), _detail(error))
    fallback = QCoreApplication.translate(
        "Errors", "Something went wrong. The details below help the support desk."
    )
    return ErrorText(fallback, _detail(error))


def _sentence(found: sentences.Sentence, error: BaseException) -> str:
    text = QCoreApplication.translate(sentences.CONTEXT, found.text)
    if found.value is not None:
        text = text.replace("%1", localize_digits(found.value))
    remedy = next((_tr(r) for cls, r in _REMEDY if isinstance(error, cls)), "")
    return f"{text} {remedy}" if remedy else text


def _detail(error: BaseException) -> str:
    if isinstance(error, core_errors.ApiError):
        parts = [f"HTTP {error.status}", error.problem_type or ""]
        if error.detail:
            parts.append(error.detail)
        return " · ".join(p for p in parts if p)
    return f"{type(error).__name__}: {error}"
