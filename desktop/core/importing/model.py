"""What an import hands back: the rows as the clerk's file has them, and a summary."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop.core.importing.labels import column_letter


class RowStatus(enum.StrEnum):
    VALID = "valid"
    INVALID = "invalid"  # `reason` holds a national_id.Invalid code
    DUPLICATE = "duplicate"  # `duplicate_of` is the row where the ID first appears
    EMPTY = "empty"  # nothing in the row at all; skipped


#: The reason code of a duplicate row; invalid rows use the codes of national_id.Invalid.
DUPLICATE = "duplicate"


class ImportedRow(NamedTuple):
    """One row of the clerk's file. Immutable; a NamedTuple rather than a frozen
    dataclass because an import builds a hundred thousand of them, at half the cost."""

    row: int  # 1-based, as the spreadsheet program numbers it
    raw: str  # the ID cell as text
    national_id: str | None  # normalised; set for valid and duplicate rows
    status: RowStatus
    reason: str | None
    duplicate_of: int | None
    case_reference: str | None
    cells: list[str]  # the whole row as text, so results line up with the clerk's file


@dataclass(frozen=True, slots=True)
class Summary:
    valid: int
    invalid: int
    duplicate: int
    empty: int
    #: Rejected rows (invalid and duplicate) counted by reason code.
    reasons: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.valid + self.invalid + self.duplicate + self.empty

    @property
    def quota(self) -> int:
        """Inquiries the batch will use: one per valid row."""
        return self.valid


@dataclass(frozen=True, slots=True)
class Candidate:
    """A column that could hold the national IDs."""

    sheet: str | None  # None for CSV, text and the clipboard
    column_index: int  # 0-based
    header: str | None  # the column's header text, when it has one
    header_row: int | None  # 1-based
    #: 2 when the header names a national ID outright ("کد ملی", "NationalCode"), 1 when
    #: it mentions one ("کد ملی پدر"), 0 when the column was found by its content.
    header_match: int
    valid_share: float  # of the sampled non-empty cells, the share that are valid IDs
    sample: tuple[str, ...]  # the first few values, for the clerk to recognise

    @property
    def letter(self) -> str:
        return column_letter(self.column_index)

    @property
    def column(self) -> str:
        return self.header or self.letter

    def describe(self) -> str:
        where = f"sheet {self.sheet!r} " if self.sheet is not None else ""
        named = f" ({self.header})" if self.header else ""
        return f"{where}column {self.letter}{named}"


@dataclass(frozen=True)
class ImportResult:
    sheet: str | None  # None for CSV, text and the clipboard
    column: str  # the ID column's header, or its letter when it has none
    column_index: int  # 0-based
    header_row: int | None  # 1-based; rows above it (titles) are not imported
    headers: list[str]  # the header row's cells; empty when there is no header row
    rows: list[ImportedRow]
    rejected: list[ImportedRow]  # invalid and duplicate rows, each with its reason
    summary: Summary
    #: The columns detection weighed, the chosen one first; empty when there was no
    #: choice to make (one plausible column, or the column was named explicitly).
    candidates: tuple[Candidate, ...]
    case_column: str | None
    format: str  # xlsx, xlsb, xls, ods, csv or text
    #: Of the bytes imported (pasted text: its UTF-8): with the case, sheet and column,
    #: it finds the list's job again.
    sha256: str
    encoding: str | None = None  # text sources only
    separator: str | None = None  # text sources only; None for a single column

    @property
    def letter(self) -> str:
        """The ID column's letter, as the spreadsheet program shows it."""
        return column_letter(self.column_index)

    @property
    def valid_rows(self) -> list[ImportedRow]:
        """The rows the batch will inquire about, in file order."""
        return [r for r in self.rows if r.status is RowStatus.VALID]
