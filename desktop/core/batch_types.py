"""What a bulk run reports: its progress as it goes, and how it ended and why."""

from __future__ import annotations

import dataclasses
import enum

from desktop.api_client import EstelamError
from desktop.core.jobs import JobState, JobSummary
from desktop.core.storage import StorageError


class StopReason(enum.StrEnum):
    """Why a job was left paused (stored as the job's reason; never a sentence)."""

    QUOTA_EXHAUSTED = "quota-exhausted"
    SESSION_EXPIRED = "session-expired"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate-limited"  # the server asked for a wait too long to sit out
    SERVER_UNAVAILABLE = "server-unavailable"  # no answer for GIVE_UP_AFTER seconds
    STORAGE = "storage"  # the data folder refused a write (full, read-only)
    FAILED_ROWS = "failed-rows"  # everything was sent; some rows failed
    PAUSED = "paused"  # the clerk paused it
    STOPPED = "stopped"  # the app stopped it (closing); resumable
    INTERRUPTED = "interrupted"  # the run was cancelled from outside or hit a bug


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    done: int  # valid rows with an outcome: answered + failed
    total: int  # valid rows in the job
    answered: int
    failed: int
    rate_per_s: float  # rows finished per second of this run (paused time left out)
    eta_s: float | None  # None until there is a rate to go by
    # Seconds the run has been waiting for the server to answer again; None while it answers.
    waiting_s: float | None = None


@dataclasses.dataclass(frozen=True)
class RunOutcome:
    state: JobState
    reason: StopReason | None
    summary: JobSummary
    # The error that stopped the run (quota, session, disk...), for the clerk's sentence.
    error: EstelamError | StorageError | None = None
