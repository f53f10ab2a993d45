"""What a bulk inquiry's job is made of, as the job store hands it out: the job, its
rows and what became of them, who owns it, and the counts a summary gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from desktop.api_client import StatusResult
from desktop.core.importing import RowStatus


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


class AnyValue(enum.Enum):
    ANY = "any"


#: For find_resumable: match whatever value the job has.
ANY = AnyValue.ANY


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
        return outcome_of(self.state, self.status, self.import_status)


def outcome_of(state: str, status: str | None, import_status: str) -> Outcome:
    """What a row came to, from its state, its answer's status and its import status (as
    the store keeps them, or as their enums)."""
    if state == RowState.ANSWERED and status is not None:
        return Outcome(status)
    if state == RowState.SKIPPED:
        return Outcome(import_status)
    return Outcome(state)  # pending or failed


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
