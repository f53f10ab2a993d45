"""Why a file could not be imported: one exception tree with stable codes.

The UI and the CLI turn `code` (and `details`) into a sentence in the clerk's language;
the English message is for logs and the command line.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.importing.model import Candidate


class ErrorCode(enum.StrEnum):
    FILE_NOT_FOUND = "file_not_found"
    UNREADABLE = "unreadable"  # the operating system refused to read it
    EMPTY_FILE = "empty_file"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"  # details["kind"]: pdf, png, docx, html...
    CORRUPT = "corrupt"
    PASSWORD_PROTECTED = "password_protected"
    BINARY_JUNK = "binary_junk"  # a text file with NUL bytes or undecodable bytes
    TOO_LARGE = "too_large"  # bytes, before any row is counted
    TOO_MANY_ROWS = "too_many_rows"
    SHEET_NOT_FOUND = "sheet_not_found"
    COLUMN_NOT_FOUND = "column_not_found"
    NO_ID_COLUMN = "no_id_column"
    AMBIGUOUS = "ambiguous"


class SpreadsheetError(Exception):
    """A file that cannot be imported as it is; `code` says why."""

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details: Mapping[str, Any] = details

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the reader's own process for .xls files: it must pickle, and the
        # subclasses' __init__ take other arguments than Exception.args holds.
        return (_restore, (type(self), self.message, self.__dict__.copy()))


def _restore(cls: type[SpreadsheetError], message: str, state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class TooManyRows(SpreadsheetError):
    def __init__(self, limit: int, sheet: str | None, last_row: int | None = None) -> None:
        where = f"Sheet {sheet!r}" if sheet else "The file"
        # A stray cell far down makes a short list look long: say how far it reaches.
        reach = f" (it reaches row {last_row:,})" if last_row else ""
        super().__init__(
            ErrorCode.TOO_MANY_ROWS,
            f"{where} has more than {limit:,} rows{reach}; split it into smaller files or "
            "delete the unused rows.",
            limit=limit,
            sheet=sheet,
            last_row=last_row,
        )
        self.limit = limit
        self.sheet = sheet


class Ambiguous(SpreadsheetError):
    """More than one column (or sheet) could hold the national IDs; ask the clerk."""

    def __init__(self, candidates: tuple[Candidate, ...]) -> None:
        names = ", ".join(c.describe() for c in candidates)
        super().__init__(
            ErrorCode.AMBIGUOUS,
            f"More than one column could hold the national IDs ({names}); choose one.",
            candidates=candidates,
        )
        self.candidates = candidates
