"""The bulk inquiry's job store: every row of the clerk's file and what became of it.

SQLite in the per-user data directory. A job is created once from an import; each row
gets its idempotency key then, and keeps it, so a resumed or retried job never makes the
server charge twice. Answers are written one transaction per batch request.

The database file, its schema and its durability: job_db.

Qt-free and thread-safe: one connection behind a lock, so the runner may write from a
worker thread while the window reads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from desktop.api_client import StatusResult
from desktop.core import job_db
from desktop.core.collector import paused_collection
from desktop.core.files import private_file
from desktop.core.importing import ImportResult, RowStatus
from desktop.core.job_types import (
    ANY,
    UNFINISHED,
    AnyValue,
    Found,
    Job,
    JobRow,
    JobState,
    JobSummary,
    NotYours,
    Outcome,
    Owner,
    PendingRow,
    RowResult,
    RowState,
    outcome_of,
)
from desktop.core.paths import user_data_dir
from desktop.core.storage import guarded, write_transaction

# The store hands out the job's types: its callers import them from here.
__all__ = [
    "ANY",
    "DB_NAME",
    "EXPORT_ANSWER",
    "EXPORT_FIELDS",
    "UNFINISHED",
    "Found",
    "Job",
    "JobRow",
    "JobState",
    "JobStore",
    "JobSummary",
    "NotYours",
    "Outcome",
    "Owner",
    "PendingRow",
    "RowResult",
    "RowState",
    "default_path",
    "idempotency_keys",
    "outcome_of",
]

DB_NAME = "jobs.sqlite3"
# Rows read per query when streaming a job's rows (keeps a 100k-row export's memory flat).
_PAGE = 2000

#: What export_rows() gives of each row: the row's own columns, then one JSON text, the
#: array [cells, answer]: the row's cells and its answer's EXPORT_ANSWER fields, in an
#: array (null when it has none).
EXPORT_FIELDS = (
    "row", "national_id", "import_status", "import_reason", "duplicate_of",
    "case_reference", "state", "status", "error_code", "cells_and_answer",
)  # fmt: skip
#: The answer's fields export_rows() gives (dotted: a field of a nested object).
EXPORT_ANSWER = (
    "inquiry_id", "national_id", "first_name", "last_name", "father_name", "birth_date",
    "gender", "insurance_number", "insurance_kind", "last_contribution_month",
    "total_record.years", "total_record.months", "total_record.days", "workshop.name",
    "workshop.id", "branch.name", "branch.code", "pension_kind", "as_of",
)  # fmt: skip
# SQLite (before 3.45) parses an answer's JSON again for each json_extract(): one call
# with every path parses it once (a hundred thousand rows read in 0.5 s, not 0.8 s), and
# the cells ride along in the same text, for one parse in Python.
_EXPORT_SELECT = (
    ", ".join(EXPORT_FIELDS[:-1])
    + ", '[' || cells || ',' || coalesce(json_extract(result, "
    + ", ".join(f"'$.{name}'" for name in EXPORT_ANSWER)
    + "), 'null') || ']'"
)


def default_path() -> Path:
    return user_data_dir() / DB_NAME


class JobStore:
    def __init__(self, path: str | PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._lock = threading.RLock()
        # A folder that cannot be written says so in words (StorageError), not as a
        # database error.
        with guarded(self.path.parent):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            private_file(self.path)
            self._conn = job_db.connect(self.path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, write_transaction(self._conn) as conn:
            yield conn

    # -- jobs --------------------------------------------------------------------------

    def create_job(
        self,
        imported: ImportResult,
        source: str | PathLike[str],
        *,
        case_reference: str | None,
        server_url: str,
        username: str,
        agency: str | None = None,
    ) -> Job:
        """A new job holding every row of the import; valid rows get their keys now."""
        source_path = Path(source).resolve()
        now = time.time()
        with self._tx() as conn:
            job_id = conn.execute(
                "INSERT INTO jobs (created, source_path, source_name, source_sha256, sheet, "
                "id_column, id_column_index, headers, case_reference, server_url, username, "
                "agency, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    str(source_path),
                    source_path.name,
                    imported.sha256,
                    imported.sheet,
                    imported.column,
                    imported.column_index,
                    json.dumps(imported.headers, ensure_ascii=False),
                    case_reference,
                    server_url,
                    username,
                    agency,
                    JobState.READY.value,
                ),
            ).lastrowid
            keys = idempotency_keys(imported.summary.valid)  # one per valid row
            conn.executemany(
                "INSERT INTO job_rows (job_id, row, raw, national_id, import_status, "
                "import_reason, duplicate_of, cells, case_reference, idempotency_key, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        job_id,
                        r.row,
                        r.raw,
                        r.national_id,
                        r.status.value,
                        r.reason,
                        r.duplicate_of,
                        _cells_json(r.cells),
                        r.case_reference or case_reference,
                        next(keys) if r.status is RowStatus.VALID else None,
                        (
                            RowState.PENDING if r.status is RowStatus.VALID else RowState.SKIPPED
                        ).value,
                    )
                    for r in imported.rows
                ),
            )
        assert job_id is not None
        return self.job(job_id)

    def job_for(
        self,
        imported: ImportResult,
        source: str | PathLike[str],
        *,
        case_reference: str | None,
        server_url: str,
        username: str,
        agency: str | None = None,
        new: bool = False,
    ) -> tuple[Job, Found]:
        """The clerk's job for this file's content, case, sheet and column: the newest
        unfinished or finished one (running the same file twice must not ask twice), or a
        new one when there is none or `new` asks for a new run. Another clerk's job for
        the same list is never picked up: its answers are theirs."""
        if not new:
            found = self.find_resumable(
                owner=Owner(username, agency),
                sha256=imported.sha256,
                case_reference=case_reference,
                sheet=imported.sheet,
                column=imported.column,
                states=(*UNFINISHED, JobState.DONE),
            )
            if found is not None:
                return found, Found.FINISHED if found.finished else Found.RESUMED
        job = self.create_job(
            imported,
            source,
            case_reference=case_reference,
            server_url=server_url,
            username=username,
            agency=agency,
        )
        return job, Found.NEW

    def job(self, job_id: int) -> Job:
        with self._lock:
            row = self._conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(f"no job {job_id}")
        return _job(row)

    def jobs(self, owner: Owner | None = None) -> list[Job]:
        """Every job (of `owner` only, when given), newest first."""
        where, params = owner.sql() if owner is not None else ("1", [])
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM jobs WHERE {where} ORDER BY id DESC", params
            ).fetchall()
        return [_job(r) for r in rows]

    def find_resumable(
        self,
        *,
        owner: Owner | None = None,
        sha256: str | None = None,
        path: str | PathLike[str] | None = None,
        case_reference: str | AnyValue | None = ANY,
        sheet: str | AnyValue | None = ANY,
        column: str | AnyValue = ANY,
        states: Sequence[JobState] = UNFINISHED,
    ) -> Job | None:
        """The newest job in one of `states` (unfinished ones by default) for a file's
        content (or its path) that matches the given case reference, sheet and column (and
        belongs to `owner`, when given); None when there is none."""
        if sha256 is None and path is None:
            raise ValueError("find_resumable needs sha256 or path")
        sql = [f"SELECT * FROM jobs WHERE state IN ({', '.join('?' * len(states))})"]
        params: list[Any] = [s.value for s in states]
        if owner is not None:
            where, owned = owner.sql()
            sql.append(f"AND {where}")
            params += owned
        for name, value in (
            ("source_sha256", sha256),
            ("source_path", None if path is None else str(Path(path).resolve())),
        ):
            if value is not None:
                sql.append(f"AND {name} = ?")
                params.append(value)
        for name, wanted in (
            ("case_reference", case_reference),
            ("sheet", sheet),
            ("id_column", column),
        ):
            if wanted is not ANY:
                sql.append(f"AND {name} IS ?")
                params.append(wanted)
        sql.append("ORDER BY id DESC LIMIT 1")
        with self._lock:
            row = self._conn.execute(" ".join(sql), params).fetchone()
        return None if row is None else _job(row)

    def set_state(self, job_id: int, state: JobState, reason: str | None = None) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET state = ?, state_reason = ? WHERE id = ?",
                (state.value, reason, job_id),
            )

    def delete_job(self, job_id: int) -> None:
        """The job and all its rows (personal data) are gone."""
        with self._tx() as conn:
            conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def purge(self, before: dt.datetime | None, keep: Collection[int] = ()) -> int:
        """Delete the jobs created before `before` (every job when None), with their rows,
        except those in `keep` (a run in progress); returns how many jobs went.

        Age alone decides: an unfinished job past retention goes too. The file is then
        compacted and its log emptied, so nothing of the removed rows stays on disk.
        """
        sql = "DELETE FROM jobs WHERE 1"
        params: list[Any] = []
        if before is not None:
            sql += " AND created < ?"
            params.append(before.timestamp())
        if keep:
            sql += f" AND id NOT IN ({', '.join('?' * len(keep))})"
            params.extend(keep)
        with self._tx() as conn:
            removed = conn.execute(sql, params).rowcount
        if removed:
            with self._lock:
                self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    # -- rows --------------------------------------------------------------------------

    def pending_rows(self, job_id: int, include_failed: bool = False) -> list[PendingRow]:
        """Rows still to be sent, in file order (failed ones too when asked)."""
        states = [RowState.PENDING.value]
        if include_failed:
            states.append(RowState.FAILED.value)
        # The rows live as long as the run that sends them.
        with paused_collection(keep=True):
            with self._lock:
                cursor = self._conn.cursor()
                cursor.row_factory = None
                rows = cursor.execute(
                    "SELECT row, national_id, case_reference, idempotency_key FROM job_rows "
                    f"WHERE job_id = ? AND state IN ({', '.join('?' * len(states))}) "
                    "ORDER BY row",
                    (job_id, *states),
                ).fetchall()
            return [PendingRow(r[0], r[1], r[2] or "", r[3]) for r in rows]

    def record_results(self, job_id: int, results: Iterable[RowResult]) -> int:
        """Write one batch's outcomes in one transaction; returns the rows changed.

        An answered row is never overwritten: an answer that arrives late (after the row
        was given up on, or twice) cannot replace or lose one already kept.
        """
        return self._record(job_id, results)[0]

    def record_and_read(self, job_id: int, results: Sequence[RowResult]) -> list[JobRow]:
        """record_results(), then the rows it was given as the store now holds them, in
        file order. An answer just written is handed back as it was given, not parsed
        again from its JSON (that parse cost as much as the rest of the write)."""
        written = self._record(job_id, results)[1]
        return self.get_rows(job_id, [r.row for r in results], written)

    def _record(
        self, job_id: int, results: Iterable[RowResult]
    ) -> tuple[int, dict[int, tuple[str, StatusResult]]]:
        """The rows changed, and each answer written: row -> (its JSON, the answer)."""
        written: dict[int, tuple[str, StatusResult]] = {}
        answered: list[tuple[Any, ...]] = []
        failed: list[tuple[Any, ...]] = []
        now = time.time()
        for r in results:
            if r.answer is not None:
                text = r.answer.json_text
                written[r.row] = (text, r.answer)
                answered.append(
                    (
                        r.answer.status.value,
                        text,
                        r.attempts,
                        now,
                        job_id,
                        r.row,
                    )
                )
            else:
                failed.append((r.error_code, r.error_detail, r.attempts, job_id, r.row))
        with self._tx() as conn:
            changed = conn.executemany(
                "UPDATE job_rows SET state = 'answered', status = ?, result = ?, "
                "error_code = NULL, error_detail = NULL, attempts = attempts + ?, "
                "answered_at = ? WHERE job_id = ? AND row = ? AND state IN ('pending', 'failed')",
                answered,
            ).rowcount
            changed += conn.executemany(
                "UPDATE job_rows SET state = 'failed', error_code = ?, error_detail = ?, "
                "attempts = attempts + ? WHERE job_id = ? AND row = ? AND state = 'pending'",
                failed,
            ).rowcount
        return changed, written

    def reset_failed(self, job_id: int) -> int:
        """Make failed rows pending again ("retry failed rows"); returns how many."""
        with self._tx() as conn:
            return conn.execute(
                "UPDATE job_rows SET state = 'pending' WHERE job_id = ? AND state = 'failed'",
                (job_id,),
            ).rowcount

    def summary(self, job_id: int) -> JobSummary:
        with self._lock:
            groups = self._conn.execute(
                "SELECT state, status, import_status, count(*) FROM job_rows WHERE job_id = ? "
                "GROUP BY state, status, import_status",
                (job_id,),
            ).fetchall()
        counts: dict[str, int] = {}
        for state, status, import_status, n in groups:
            if state == RowState.ANSWERED:
                key = "dependents" if status.startswith("dependent_of_") else status
            elif state == RowState.SKIPPED:
                key = import_status
            else:
                key = state
            counts[key] = counts.get(key, 0) + n
        return JobSummary(**counts)

    def row_count(self, job_id: int) -> int:
        """How many rows the job has (counted in its index: a summary reads every row)."""
        with self._lock:
            return int(
                self._conn.execute(
                    "SELECT count(*) FROM job_rows WHERE job_id = ?", (job_id,)
                ).fetchone()[0]
            )

    def rows(self, job_id: int) -> list[JobRow]:
        """Every row in file order, e.g. for a table, which keeps them."""
        with paused_collection(keep=True):
            return [_job_row(row) for page in self._pages(job_id, "row, *") for row in page]

    def export_rows(self, job_id: int) -> Iterator[tuple[Any, ...]]:
        """Every row in file order as a tuple of EXPORT_FIELDS, its answer's fields taken
        out of the answer's JSON by SQLite: an export needs no StatusResult, and parsing a
        hundred thousand whole answers in Python took longer than writing the file."""
        for page in self._pages(job_id, _EXPORT_SELECT, tuples=True):
            yield from page

    def _pages(self, job_id: int, columns: str, tuples: bool = False) -> Iterator[list[Any]]:
        """The job's rows in file order, `columns` of each (the row number first), a page
        at a time, as sqlite3.Row or as plain tuples (the lock is not held between pages,
        so a running batch can keep writing)."""
        after = 0
        while True:
            with self._lock:
                cursor = self._conn.cursor()
                if tuples:
                    cursor.row_factory = None
                page = cursor.execute(
                    f"SELECT {columns} FROM job_rows WHERE job_id = ? AND row > ? "
                    "ORDER BY row LIMIT ?",
                    (job_id, after, _PAGE),
                ).fetchall()
            if not page:
                return
            yield page
            after = page[-1][0]

    def widest_row(self, job_id: int) -> int:
        """The most cells any row of the job has."""
        with self._lock:
            row = self._conn.execute(
                "SELECT max(json_array_length(cells)) FROM job_rows WHERE job_id = ?", (job_id,)
            ).fetchone()
        return int(row[0] or 0)

    def get_rows(
        self,
        job_id: int,
        numbers: Sequence[int],
        known: Mapping[int, tuple[str, StatusResult]] | None = None,
    ) -> list[JobRow]:
        """The given rows (e.g. those a batch just answered), in file order; `known`:
        answers already parsed, each taken for its row while the row still holds its JSON."""
        found: list[JobRow] = []
        numbers = sorted(set(numbers))
        # SQLite limits bound parameters per statement; stay well below it.
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            with self._lock:
                page = self._conn.execute(
                    f"SELECT * FROM job_rows WHERE job_id = ? AND row IN "
                    f"({', '.join('?' * len(chunk))}) ORDER BY row",
                    (job_id, *chunk),
                ).fetchall()
            found.extend(_job_row(row, known) for row in page)
        return found


#: A row's cells as JSON, by one encoder made once: json.dumps given a keyword argument
#: makes an encoder per call, a fifth of the time of each.
_cells_json = json.JSONEncoder(ensure_ascii=False).encode

#: A random nibble as the top one of a version 4 UUID's variant byte (binary 10xx).
_VARIANT = str.maketrans("0123456789abcdef", "89ab89ab89ab89ab")


def idempotency_keys(count: int) -> Iterator[str]:
    """`count` random (version 4) UUIDs as text, each what str(uuid.UUID(bytes=b,
    version=4)) gives for its 16 bytes, from one read of the system's random source:
    a uuid4() per row read 16 bytes at a time and built an object, 0.29 s of a
    100,000-row job's making, against 0.11 s."""
    h = os.urandom(16 * count).hex()
    for i in range(0, 32 * count, 32):
        yield (
            f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-4{h[i + 13 : i + 16]}-"
            f"{h[i + 16].translate(_VARIANT)}{h[i + 17 : i + 20]}-{h[i + 20 : i + 32]}"
        )


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        created=dt.datetime.fromtimestamp(row["created"], dt.UTC),
        source_path=row["source_path"],
        source_name=row["source_name"],
        source_sha256=row["source_sha256"],
        sheet=row["sheet"],
        column=row["id_column"],
        column_index=row["id_column_index"],
        headers=tuple(json.loads(row["headers"])),
        case_reference=row["case_reference"],
        server_url=row["server_url"],
        username=row["username"],
        state=JobState(row["state"]),
        reason=row["state_reason"],
        agency=row["agency"],
    )


def _job_row(
    row: sqlite3.Row, known: Mapping[int, tuple[str, StatusResult]] | None = None
) -> JobRow:
    result = row["result"]
    answered_at = row["answered_at"]
    answer = None
    if result is not None:
        text, given = (known or {}).get(row["row"], (None, None))
        # The given answer only if it is the one kept (an earlier answer is never replaced).
        answer = given if text == result else StatusResult.from_json(json.loads(result))
    return JobRow(
        row=row["row"],
        raw=row["raw"],
        national_id=row["national_id"],
        import_status=RowStatus(row["import_status"]),
        import_reason=row["import_reason"],
        duplicate_of=row["duplicate_of"],
        cells=json.loads(row["cells"]),
        case_reference=row["case_reference"],
        state=RowState(row["state"]),
        status=row["status"],
        answer=answer,
        error_code=row["error_code"],
        error_detail=row["error_detail"],
        attempts=row["attempts"],
        answered_at=None if answered_at is None else dt.datetime.fromtimestamp(answered_at, dt.UTC),
    )
