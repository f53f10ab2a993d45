"""Importing the national IDs of a bulk status inquiry from a clerk's file or clipboard.

    result = load("list.xlsx")                 # find the sheet and the ID column
    result = load("list.csv", column="C")      # or name it: header text, letter, index
    result = from_text(pasted)                 # a column copied from a spreadsheet
    result = import_list(path_or_Pasted)       # either, as a bulk inquiry takes its list

Every row of the file keeps its own row number and cells; `result.summary` counts what
the batch will inquire about. A file that cannot be imported raises SpreadsheetError,
whose `code` says why; Ambiguous carries the candidate columns to offer the clerk.
Qt-free, and meant to run off the GUI thread.
"""

from __future__ import annotations

import dataclasses
from os import PathLike
from pathlib import Path

from desktop.core.collector import paused_collection
from desktop.core.importing import detect
from desktop.core.importing.errors import Ambiguous, ErrorCode, SpreadsheetError, TooManyRows
from desktop.core.importing.labels import column_letter
from desktop.core.importing.model import (
    DUPLICATE,
    Candidate,
    ImportedRow,
    ImportResult,
    RowStatus,
    Summary,
)
from desktop.core.importing.readers import open_source
from desktop.core.importing.rows import build_rows
from desktop.core.importing.source import MAX_CELLS, Contents, NeedsIsolation, Source
from desktop.core.importing.text import text_source
from desktop.core.importing.workbooks import open_contents
from desktop.core.isolation import ProcessDied, run_isolated

__all__ = [
    "DUPLICATE",
    "MAX_CELLS",
    "MAX_DATA_ROWS",
    "Ambiguous",
    "Candidate",
    "ErrorCode",
    "ImportResult",
    "ImportedRow",
    "Pasted",
    "RowStatus",
    "SpreadsheetError",
    "Summary",
    "TooManyRows",
    "from_text",
    "import_list",
    "load",
]

#: Data rows one import accepts; a larger batch is split by the clerk.
MAX_DATA_ROWS = 200_000


def load(
    path: str | PathLike[str],
    *,
    sheet: str | int | None = None,
    column: str | int | None = None,
    case_column: str | int | None = None,
    max_rows: int = MAX_DATA_ROWS,
) -> ImportResult:
    """Import an xlsx, xlsb, xls, ods, CSV or tab-separated file.

    `sheet` is a name or 1-based position (ignored for text files, which have one
    table); `column` and `case_column` a header text, a letter ("C") or a 1-based index.
    Without `sheet`/`column` they are detected. The file is read once: `sha256` of the
    result is the digest of the bytes imported.
    """
    try:
        return _load_here(Path(path), sheet, column, case_column, max_rows)
    except NeedsIsolation as exc:
        contents = exc.contents
    # The parser is native code that a crafted file can make allocate without bound and
    # abort the interpreter: what cannot be bounded beforehand is read in a process of
    # its own, under a memory and time limit, from the bytes already read here.
    try:
        return run_isolated(_load_here, contents, sheet, column, case_column, max_rows)
    except ProcessDied as exc:
        raise SpreadsheetError(
            ErrorCode.CORRUPT,
            f"{Path(path).name} could not be read: its reader {exc.reason}. The file is "
            "damaged, or has cells far outside its list.",
            reader=exc.reason,
        ) from None


def _load_here(
    opened: Path | Contents,
    sheet: str | int | None,
    column: str | int | None,
    case_column: str | int | None,
    max_rows: int,
) -> ImportResult:
    """The import of a file, or (in a process of its own) of a spreadsheet's bytes."""
    # The rows imported live on in the preview until the job is made.
    with paused_collection(keep=True):
        if isinstance(opened, Path):
            source = open_source(opened, max_rows)
        else:
            source = open_contents(opened, max_rows, isolated=True)
        try:
            return _import(source, sheet, column, case_column, max_rows)
        finally:
            source.close()


def from_text(
    text: str,
    *,
    column: str | int | None = None,
    case_column: str | int | None = None,
    max_rows: int = MAX_DATA_ROWS,
) -> ImportResult:
    """Import pasted text: one column of IDs, or cells copied from a spreadsheet."""
    # The rows imported live on in the preview until the job is made.
    with paused_collection(keep=True):
        source = text_source(text, max_rows)
        if column is None and source.table(None).width == 1:
            column = 1  # a pasted column is the ID column, whatever it holds
        return _import(source, None, column, case_column, max_rows)


@dataclasses.dataclass(frozen=True, slots=True)
class Pasted:
    """IDs the clerk pasted, in place of a file."""

    text: str


def import_list(
    source: str | PathLike[str] | Pasted,
    *,
    sheet: str | int | None = None,
    column: str | int | None = None,
    case_column: str | int | None = None,
) -> ImportResult:
    """The clerk's list from a file or pasted text, its ID column found or as named;
    SpreadsheetError when it cannot be imported as it is. The file is read once: the
    result's `sha256`, of the bytes imported, is the list's identity when its job is
    claimed. Blocking work: call it off the GUI thread."""
    if isinstance(source, Pasted):
        return from_text(source.text, column=column, case_column=case_column)
    return load(source, sheet=sheet, column=column, case_column=case_column)


def _import(
    source: Source,
    sheet: str | int | None,
    column: str | int | None,
    case_column: str | int | None,
    max_rows: int,
) -> ImportResult:
    names = [source.find_sheet(sheet)] if sheet is not None else source.sheet_names()
    tables = [t for t in map(source.table, names) if t.rows]
    if not tables:
        raise SpreadsheetError(ErrorCode.EMPTY_FILE, "There are no rows to import.")
    if column is not None:
        chosen, candidates = detect.named_column(tables, column)
    else:
        chosen, candidates = detect.find_id_column(tables)
    table = next(t for t in tables if t.name == chosen.sheet)
    start = chosen.header_row or 0  # 1-based header row = 0-based index of the first data row
    if len(table.rows) - start > max_rows:
        raise TooManyRows(max_rows, table.name)
    case_index = None
    if case_column is not None:
        case_index = detect.case_column(table, case_column, chosen.header_row)
    rows, rejected, summary = build_rows(table.rows, start, chosen.column_index, case_index)
    headers = table.rows[chosen.header_row - 1] if chosen.header_row else []
    case_name = None
    if case_index is not None:
        case_name = (headers[case_index].strip() if headers else "") or column_letter(case_index)
    return ImportResult(
        sheet=chosen.sheet,
        column=chosen.column,
        column_index=chosen.column_index,
        header_row=chosen.header_row,
        headers=list(headers),
        rows=rows,
        rejected=rejected,
        summary=summary,
        candidates=candidates,
        case_column=case_name,
        format=source.format,
        sha256=source.sha256,
        encoding=source.encoding,
        separator=source.separator,
    )
