"""Finding the sheet, the header row and the national-ID column.

A header that names a national ID decides; without one, the column where most values
are valid IDs does. When two columns (or sheets) are equally plausible, or the only
evidence is weak, the clerk is asked (Ambiguous) rather than a guess made.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.importing.errors import Ambiguous, ErrorCode, SpreadsheetError
from desktop.core.importing.labels import PARTIAL, column_ref, header_key, id_header_match
from desktop.core.importing.model import Candidate
from desktop.core.importing.source import HEADER_SCAN_ROWS, Table
from desktop.core.national_id import Invalid, InvalidNationalId, clean, normalize

#: Data rows sampled to judge a column's content.
SAMPLE_ROWS = 1000
#: The share of valid IDs that makes a column's content convincing on its own.
STRONG = 0.5
_SHOWN = 3
# Values that are meant as national IDs even though they fail a check.
_ID_LIKE_FAILURES = frozenset({Invalid.CHECKSUM, Invalid.REPEATED, Invalid.SCIENTIFIC})


@dataclass(frozen=True, slots=True)
class _Found:
    candidate: Candidate
    id_like: float  # share of sampled values that are IDs, valid or mistyped
    filled: int  # non-empty sampled values

    @property
    def strong(self) -> bool:
        return self.candidate.valid_share >= STRONG


def find_id_column(tables: list[Table]) -> tuple[Candidate, tuple[Candidate, ...]]:
    """The ID column and the other columns that were weighed (chosen first)."""
    found = [f for table in tables for f in _candidates(table)]
    if not found:
        raise SpreadsheetError(
            ErrorCode.NO_ID_COLUMN, "No column holds national IDs; name the column to use."
        )
    found.sort(key=lambda f: (_rank(f), f.candidate.valid_share), reverse=True)
    top = [f for f in found if _rank(f) == _rank(found[0])]
    best = top[0]
    if len(top) == 1 and (
        best.candidate.header_match
        or best.strong
        # Mistyped IDs alone in a file of one column: there is no other column to mean.
        or (len(found) == 1 and best.id_like >= STRONG and _single_column(tables, best))
    ):
        return best.candidate, _others(found)
    raise Ambiguous(tuple(f.candidate for f in top))


def named_column(tables: list[Table], spec: str | int) -> tuple[Candidate, tuple[Candidate, ...]]:
    """The column the clerk named (header text, letter or 1-based index), and, when
    several sheets have one by that name, the others."""
    found = [f for table in tables if (f := _named(table, spec, several=len(tables) > 1))]
    if not found:
        raise SpreadsheetError(
            ErrorCode.COLUMN_NOT_FOUND, f"There is no column {spec!r}.", column=str(spec)
        )
    if len(found) == 1:
        return found[0].candidate, ()
    found.sort(key=lambda f: f.candidate.valid_share, reverse=True)
    convincing = [f for f in found if f.strong]
    if len(convincing) == 1:
        return convincing[0].candidate, _others(found)
    raise Ambiguous(tuple(f.candidate for f in (convincing or found)))


def case_column(table: Table, spec: str | int, header_row: int | None) -> int:
    """The 0-based index of the case-reference column the clerk named."""
    rows = table.rows
    if header_row is not None:
        # Prefer the ID column's header row; the same words may appear in a title.
        hit = _by_header(rows[header_row - 1 : header_row], spec)
        if hit is not None:
            return hit[0]
    hit = _by_header(rows[:HEADER_SCAN_ROWS], spec)
    if hit is not None:
        return hit[0]
    index = column_ref(spec)
    if index is not None and index < table.width:
        return index
    raise SpreadsheetError(
        ErrorCode.COLUMN_NOT_FOUND,
        f"There is no case reference column {spec!r}.",
        column=str(spec),
        which="case_column",
    )


# ----------------------------------------------------------------------------- ranking


def _rank(found: _Found) -> tuple[int, bool]:
    # A header that names the column beats content; among equal headers, content decides.
    return found.candidate.header_match, found.strong


def _others(found: list[_Found]) -> tuple[Candidate, ...]:
    return tuple(f.candidate for f in found) if len(found) > 1 else ()


def _single_column(tables: list[Table], found: _Found) -> bool:
    """True when the candidate's table has nothing in any other column: a pasted list."""
    table = next(t for t in tables if t.name == found.candidate.sheet)
    col = found.candidate.column_index
    return all(not cell.strip() for row in table.rows for c, cell in enumerate(row) if c != col)


# ------------------------------------------------------------------------- candidates


def _candidates(table: Table) -> list[_Found]:
    rows = table.rows
    header = _id_header(rows)
    if header is not None:
        # Every column the header row names as an ID; the ranking prefers exact names.
        row, matches = header
        return [_judge(table, col, row) for col in matches]
    found = []
    for col in range(table.width):
        judged = _judge(table, col, _header_above_ids(rows, col))
        if judged.filled and (judged.candidate.valid_share > 0 or judged.id_like >= STRONG):
            found.append(judged)
    return found


def _named(table: Table, spec: str | int, *, several: bool) -> _Found | None:
    rows = table.rows
    hit = _by_header(rows[:HEADER_SCAN_ROWS], spec)
    if hit is not None:
        col, row = hit
        return _judge(table, col, row)
    ref = column_ref(spec)
    if ref is None or ref >= table.width:
        return None
    header = _id_header(rows)
    judged = _judge(table, ref, header[0] if header else _header_above_ids(rows, ref))
    # Column C exists in every sheet; with several sheets only one with values counts.
    return judged if judged.filled or not several else None


def _judge(table: Table, col: int, header_row: int | None) -> _Found:
    """Sample the column's values below its header."""
    rows = table.rows
    start = 0 if header_row is None else header_row + 1
    valid = id_like = filled = 0
    sample: list[str] = []
    for row in rows[start : start + SAMPLE_ROWS]:
        value = row[col] if col < len(row) else ""
        if not value.strip():
            continue
        filled += 1
        if len(sample) < _SHOWN:
            sample.append(value)
        try:
            normalize(value, pad=True)
        except InvalidNationalId as exc:
            id_like += exc.reason in _ID_LIKE_FAILURES
        else:
            valid += 1
            id_like += 1
    header = rows[header_row][col].strip() if header_row is not None else ""
    candidate = Candidate(
        sheet=table.name,
        column_index=col,
        header=header or None,
        header_row=None if header_row is None else header_row + 1,
        header_match=id_header_match(header),
        valid_share=valid / filled if filled else 0.0,
        sample=tuple(sample),
    )
    return _Found(candidate, id_like / filled if filled else 0.0, filled)


# ------------------------------------------------------------------------------ headers


def _id_header(rows: list[list[str]]) -> tuple[int, dict[int, int]] | None:
    """The 0-based header row and its columns that name a national ID, by strength.

    Of the top rows, the one with the strongest such header wins; a row with other
    filled cells beats a lone cell, which is more likely a title ("لیست کد ملی افراد").
    """
    best: tuple[tuple[int, bool], int, dict[int, int]] | None = None
    several_columns = bool(rows) and len(rows[0]) > 1
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matches = {c: m for c, cell in enumerate(row) if (m := id_header_match(cell))}
        if not matches:
            continue
        strength = max(matches.values())
        alone = sum(1 for cell in row if cell.strip()) == 1
        if alone and strength == PARTIAL and several_columns:
            continue  # a title that mentions IDs, above a table of several columns
        key = (strength, not alone)
        if best is None or key > best[0]:
            best = (key, r, matches)
    return (best[1], best[2]) if best else None


def _by_header(rows: list[list[str]], spec: str | int) -> tuple[int, int] | None:
    """(column, row) of the first cell whose text is `spec`, spelled either way."""
    if not isinstance(spec, str):
        return None
    key = header_key(spec)
    if not key:
        return None
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell and header_key(cell) == key:
                return c, r
    return None


def _header_above_ids(rows: list[list[str]], col: int) -> int | None:
    """Without a national-ID header: the nearest row above the first ID in the column
    that holds no number (rows with numbers above the first ID are data)."""
    scan = min(len(rows), HEADER_SCAN_ROWS + 1)
    first = next((r for r in range(scan) if col < len(rows[r]) and _id_like(rows[r][col])), None)
    if first is None:
        return None
    for r in range(first - 1, -1, -1):
        cells = [cell for cell in rows[r] if cell.strip()]
        if cells and not any(clean(cell).isdigit() for cell in cells):
            return r
    return None


def _id_like(value: str) -> bool:
    if not value.strip():
        return False
    try:
        normalize(value, pad=True)
    except InvalidNationalId as exc:
        return exc.reason in _ID_LIKE_FAILURES
    return True
