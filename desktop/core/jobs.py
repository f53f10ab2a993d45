"""The bulk inquiry's job store: every row of the clerk's file and what became of it.

SQLite in the per-user data directory. A job is created once from an import; each row
gets its idempotency key then, and keeps it, so a resumed or retried job never makes the
server charge twice. Answers are written one transaction per batch request.

Durability: the database runs in WAL mode with synchronous=FULL. In WAL mode a commit
has written its frames to the log file before it returns, so even synchronous=NORMAL
survives a killed process (kill -9): the frames are in the operating system's cache and
reach the disk without us. FULL adds an fsync of the log per commit, which also survives
a power cut or an OS crash. With one commit per batch of hundreds of rows that costs a
few milliseconds per batch, and an answer lost after the server charged for it is worth
more: after the server's 24-hour idempotency window it could only be bought again.

Qt-free and thread-safe: one connection behind a lock, so the runner may write from a
worker thread while the window reads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from desktop.api_client import StatusResult
from desktop.core.files import private_file
from desktop.core.importing import ImportResult, RowStatus
from desktop.core.paths import user_data_dir
from desktop.core.storage import guarded, write_transaction

DB_NAME = "jobs.sqlite3"
SCHEMA_VERSION = 2
# Rows read per query when streaming a job's rows (keeps a 100k-row export's memory flat).
_PAGE = 2000

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,              -- Unix time; retention of personal data counts from it
    source_path TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,        -- of the bytes imported: finds the job for a file again
    sheet TEXT,                         -- NULL for CSV and pasted text
    id_column TEXT NOT NULL,
    id_column_index INTEGER NOT NULL,   -- 0-based, in the file's rows
    headers TEXT NOT NULL,              -- JSON list of the header row's cells
    case_reference TEXT,                -- NULL when every row names its own
    server_url TEXT NOT NULL,
    username TEXT NOT NULL,
    agency TEXT,                        -- the clerk's agency; NULL when not known (a command)
    state TEXT NOT NULL
        CHECK (state IN ('ready', 'running', 'paused', 'done', 'cancelled')),
    state_reason TEXT                   -- why it is paused: a stable code, not a sentence
);
CREATE INDEX IF NOT EXISTS jobs_by_source ON jobs (source_sha256, state);
CREATE TABLE IF NOT EXISTS job_rows (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row INTEGER NOT NULL,               -- 1-based, as the spreadsheet program numbers it
    raw TEXT NOT NULL,
    national_id TEXT,
    import_status TEXT NOT NULL,        -- valid | invalid | duplicate | empty
    import_reason TEXT,
    duplicate_of INTEGER,
    cells TEXT NOT NULL,                -- JSON list: the whole row as the file has it
    case_reference TEXT,
    idempotency_key TEXT,               -- set once at creation for valid rows, never changed
    state TEXT NOT NULL CHECK (state IN ('pending', 'answered', 'failed', 'skipped')),
    status TEXT,                        -- the answer's status, for counting without JSON
    result TEXT,                        -- the StatusResult JSON
    error_code TEXT,                    -- problem slug or error class; never a sentence
    error_detail TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    answered_at REAL,
    PRIMARY KEY (job_id, row)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS job_rows_by_state ON job_rows (job_id, state);
"""


class JobState(enum.StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


# A job in one of these states can be picked up again.
UNFINISHED = (JobState.READY, JobState.RUNNING, JobState.PAUSED)


class Found(enum.StrEnum):
    """What job_for found for a list."""

    NEW = "new"  # no job yet (or a new run was asked for): created, keys and all
    RESUMED = "resumed"  # an unfinished job: its pending rows go on with their keys
    FINISHED = "finished"  # a job that answered every row: its results are there to export


class RowState(enum.StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    FAILED = "failed"
    SKIPPED = "skipped"  # invalid, duplicate or empty in the file: never sent


class Outcome(enum.StrEnum):
    """What a row came to, as the results table and the exports show it."""

    INSURED_ACTIVE = "insured_active"
    INSURED_INACTIVE = "insured_inactive"
    PENSIONER = "pensioner"
    DEPENDENT_OF_INSURED = "dependent_of_insured"
    DEPENDENT_OF_PENSIONER = "dependent_of_pensioner"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    FAILED = "failed"
    PENDING = "pending"


class _Any(enum.Enum):
    ANY = "any"


#: For find_resumable: match whatever value the job has.
ANY = _Any.ANY


@dataclasses.dataclass(frozen=True, slots=True)
class Owner:
    """The clerk a job belongs to: their username and their agency.

    A job is reached only by its owner: the clerk signed in under the same username, of
    the same agency. An agency not known on either side (a job made by a command before
    it signed in) does not stand in the way.
    """

    username: str
    agency: str | None = None

    @classmethod
    def of(cls, me: Any) -> Owner:
        """The signed-in clerk (api_client.Me)."""
        return cls(me.username, me.agency.id)

    def owns(self, job: Job) -> bool:
        return job.username == self.username and (
            job.agency is None or self.agency is None or job.agency == self.agency
        )

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE clause (and its parameters) that `owns` is in SQL."""
        return (
            "username = ? AND (agency IS NULL OR ? IS NULL OR agency = ?)",
            [self.username, self.agency, self.agency],
        )


class NotYours(PermissionError):
    """A job was asked for by a clerk it does not belong to."""


@dataclasses.dataclass(frozen=True)
class Job:
    id: int
    created: dt.datetime  # aware, UTC
    source_path: str
    source_name: str
    source_sha256: str
    sheet: str | None
    column: str
    column_index: int  # 0-based
    headers: tuple[str, ...]
    case_reference: str | None
    server_url: str
    username: str
    state: JobState
    reason: str | None
    agency: str | None = None

    @property
    def finished(self) -> bool:
        return self.state not in UNFINISHED


@dataclasses.dataclass(frozen=True, slots=True)
class PendingRow:
    """A row still to be asked about, with everything the request needs."""

    row: int
    national_id: str
    case_reference: str
    idempotency_key: str


@dataclasses.dataclass(frozen=True, slots=True)
class RowResult:
    """The final outcome of one row in a run: its answer, or why it failed."""

    row: int
    answer: StatusResult | None = None  # as the client parsed it; stored as its JSON
    error_code: str | None = None
    error_detail: str | None = None
    attempts: int = 1  # requests made for this row in this run

    @classmethod
    def answered(cls, row: int, answer: StatusResult, attempts: int = 1) -> RowResult:
        return cls(row, answer, attempts=attempts)

    @classmethod
    def failed(cls, row: int, code: str, detail: str = "", attempts: int = 1) -> RowResult:
        return cls(row, None, code, detail, attempts)


@dataclasses.dataclass(frozen=True, slots=True)
class JobRow:
    """One row of the clerk's file and what became of it."""

    row: int
    raw: str
    national_id: str | None
    import_status: RowStatus
    import_reason: str | None
    duplicate_of: int | None
    cells: list[str]
    case_reference: str | None
    state: RowState
    status: str | None
    # Parsed once, as the row is read: the table and the exports take it as it is.
    answer: StatusResult | None
    error_code: str | None
    error_detail: str | None
    attempts: int
    answered_at: dt.datetime | None

    @property
    def outcome(self) -> Outcome:
        if self.state is RowState.ANSWERED and self.status is not None:
            return Outcome(self.status)
        if self.state is RowState.SKIPPED:
            return Outcome(self.import_status.value)
        return Outcome(self.state.value)  # pending or failed


@dataclasses.dataclass(frozen=True, slots=True)
class JobSummary:
    """Rows counted by outcome; dependents of insured people and of pensioners together."""

    insured_active: int = 0
    insured_inactive: int = 0
    pensioner: int = 0
    dependents: int = 0
    not_found: int = 0
    invalid: int = 0
    duplicate: int = 0
    empty: int = 0
    failed: int = 0
    pending: int = 0

    @property
    def answered(self) -> int:
        return (
            self.insured_active
            + self.insured_inactive
            + self.pensioner
            + self.dependents
            + self.not_found
        )

    @property
    def valid(self) -> int:
        """Rows that are (or were) to be sent."""
        return self.answered + self.failed + self.pending

    @property
    def total(self) -> int:
        return self.valid + self.invalid + self.duplicate + self.empty

    @property
    def complete(self) -> bool:
        """Every valid row has its answer."""
        return self.answered == self.valid


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
            self._open()

    def _open(self) -> None:
        # isolation_level=None: transactions are opened explicitly in _tx().
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # see the module's docstring
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA busy_timeout=5000")
        # Deleted rows are overwritten with zeros, not just unlinked: a purged national ID
        # must not be recoverable from free pages or the log.
        self._conn.execute("PRAGMA secure_delete=ON")
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._conn.close()
            raise RuntimeError(f"{self.path} was written by a newer version of the app")
        self._conn.executescript(SCHEMA)
        columns = {c["name"] for c in self._conn.execute("PRAGMA table_info(jobs)")}
        if "agency" not in columns:  # written by version 1: its jobs' agency is not known
            self._conn.execute("ALTER TABLE jobs ADD COLUMN agency TEXT")
        self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

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
                        json.dumps(r.cells, ensure_ascii=False),
                        r.case_reference or case_reference,
                        str(uuid.uuid4()) if r.status is RowStatus.VALID else None,
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
        case_reference: str | _Any | None = ANY,
        sheet: str | _Any | None = ANY,
        column: str | _Any = ANY,
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
        with self._lock:
            rows = self._conn.execute(
                "SELECT row, national_id, case_reference, idempotency_key FROM job_rows "
                f"WHERE job_id = ? AND state IN ({', '.join('?' * len(states))}) ORDER BY row",
                (job_id, *states),
            ).fetchall()
        return [PendingRow(r[0], r[1], r[2] or "", r[3]) for r in rows]

    def record_results(self, job_id: int, results: Iterable[RowResult]) -> int:
        """Write one batch's outcomes in one transaction; returns the rows changed.

        An answered row is never overwritten: an answer that arrives late (after the row
        was given up on, or twice) cannot replace or lose one already kept.
        """
        answered: list[tuple[Any, ...]] = []
        failed: list[tuple[Any, ...]] = []
        now = time.time()
        for r in results:
            if r.answer is not None:
                answered.append(
                    (
                        r.answer.status.value,
                        json.dumps(r.answer.to_json(), ensure_ascii=False),
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
        return changed

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

    def rows(self, job_id: int) -> Iterator[JobRow]:
        """Every row in file order, read a page at a time (the lock is not held between
        pages, so a running batch can keep writing)."""
        after = 0
        while True:
            with self._lock:
                page = self._conn.execute(
                    "SELECT * FROM job_rows WHERE job_id = ? AND row > ? ORDER BY row LIMIT ?",
                    (job_id, after, _PAGE),
                ).fetchall()
            if not page:
                return
            yield from map(_job_row, page)
            after = page[-1]["row"]

    def widest_row(self, job_id: int) -> int:
        """The most cells any row of the job has."""
        with self._lock:
            row = self._conn.execute(
                "SELECT max(json_array_length(cells)) FROM job_rows WHERE job_id = ?", (job_id,)
            ).fetchone()
        return int(row[0] or 0)

    def get_rows(self, job_id: int, numbers: Sequence[int]) -> list[JobRow]:
        """The given rows (e.g. those a batch just answered), in file order."""
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
            found.extend(map(_job_row, page))
        return found


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


def _job_row(row: sqlite3.Row) -> JobRow:
    result = row["result"]
    answered_at = row["answered_at"]
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
        answer=None if result is None else StatusResult.from_json(json.loads(result)),
        error_code=row["error_code"],
        error_detail=row["error_detail"],
        attempts=row["attempts"],
        answered_at=None if answered_at is None else dt.datetime.fromtimestamp(answered_at, dt.UTC),
    )
