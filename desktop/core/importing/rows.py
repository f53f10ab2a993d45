"""Turning the data rows of a table into ImportedRows, and counting them."""

from __future__ import annotations

from collections import Counter

from desktop.core.importing.model import DUPLICATE, ImportedRow, RowStatus, Summary
from desktop.core.national_id import Invalid, InvalidNationalId, normalize


def build_rows(
    rows: list[list[str]], start: int, column: int, case_column: int | None
) -> tuple[list[ImportedRow], Summary]:
    """Normalise and validate the ID of each row from `start` (0-based) on.

    The second and later rows with the same ID are duplicates of the first; a row with
    nothing in it at all is empty, one with other values but no ID is invalid.
    """
    out: list[ImportedRow] = []
    first_row: dict[str, int] = {}
    reasons: Counter[str] = Counter()
    valid = invalid = duplicate = empty = 0
    for index in range(start, len(rows)):
        cells = rows[index]
        number = index + 1
        raw = cells[column] if column < len(cells) else ""
        case = (cells[case_column].strip() or None) if case_column is not None else None
        try:
            national_id = normalize(raw, pad=True)
        except InvalidNationalId as exc:
            if exc.reason is Invalid.EMPTY and not any(cell.strip() for cell in cells):
                empty += 1
                out.append(ImportedRow(number, raw, None, RowStatus.EMPTY, None, None, case, cells))
                continue
            invalid += 1
            reasons[exc.reason.value] += 1
            out.append(
                ImportedRow(
                    number, raw, None, RowStatus.INVALID, exc.reason.value, None, case, cells
                )
            )
            continue
        first = first_row.setdefault(national_id, number)
        if first != number:
            duplicate += 1
            reasons[DUPLICATE] += 1
            out.append(
                ImportedRow(
                    number, raw, national_id, RowStatus.DUPLICATE, DUPLICATE, first, case, cells
                )
            )
        else:
            valid += 1
            out.append(
                ImportedRow(number, raw, national_id, RowStatus.VALID, None, None, case, cells)
            )
    return out, Summary(valid, invalid, duplicate, empty, dict(reasons))
