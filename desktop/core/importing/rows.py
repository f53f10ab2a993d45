"""Turning the data rows of a table into ImportedRows, and counting them."""

from __future__ import annotations

from collections import Counter

from desktop.core.importing.model import DUPLICATE, ImportedRow, RowStatus, Summary
from desktop.core.national_id import Invalid, InvalidNationalId, normalize

_VALID, _INVALID, _DUPLICATE, _EMPTY = (
    RowStatus.VALID,
    RowStatus.INVALID,
    RowStatus.DUPLICATE,
    RowStatus.EMPTY,
)


def build_rows(
    rows: list[list[str]], start: int, column: int, case_column: int | None
) -> tuple[list[ImportedRow], list[ImportedRow], Summary]:
    """Normalise and validate the ID of each row from `start` (0-based) on: every row,
    the rejected ones (invalid and duplicate) among them, and the counts.

    The rejected rows are gathered here, on the import's thread, because the preview
    lists them on the window's: picking them out of 200,000 rows there held it ~50 ms.

    The second and later rows with the same ID are duplicates of the first; a row with
    nothing in it at all is empty, one with other values but no ID is invalid.
    """
    out: list[ImportedRow] = []
    add = out.append  # a local name: this loop runs once per row of the file
    rejected: list[ImportedRow] = []
    reject = rejected.append
    first_row: dict[str, int] = {}
    seen = first_row.setdefault
    reasons: Counter[str] = Counter()
    case = None
    for number, cells in enumerate(rows[start:], start + 1):
        raw = cells[column]  # tables are rectangular: every row has every column
        if case_column is not None:
            case = cells[case_column].strip() or None
        try:
            national_id = normalize(raw, pad=True)
        except InvalidNationalId as exc:
            if exc.reason is Invalid.EMPTY and not any(cell.strip() for cell in cells):
                add(ImportedRow(number, raw, None, _EMPTY, None, None, case, cells))
            else:
                reasons[exc.reason.value] += 1
                row = ImportedRow(number, raw, None, _INVALID, exc.reason.value, None, case, cells)
                add(row)
                reject(row)
            continue
        first = seen(national_id, number)
        if first == number:
            add(ImportedRow(number, raw, national_id, _VALID, None, None, case, cells))
        else:
            reasons[DUPLICATE] += 1
            row = ImportedRow(number, raw, national_id, _DUPLICATE, DUPLICATE, first, case, cells)
            add(row)
            reject(row)
    invalid = sum(n for reason, n in reasons.items() if reason != DUPLICATE)
    duplicate = reasons[DUPLICATE]
    valid = len(first_row)  # one valid row per distinct ID
    empty = len(out) - valid - invalid - duplicate
    return out, rejected, Summary(valid, invalid, duplicate, empty, dict(reasons))
