"""A bulk run's record in the audit trail: its start, every row's outcome, its end.

Blocking (each call is one transaction of the audit log): call it from a worker thread.
"""

from __future__ import annotations

from desktop.core.audit import Actor, AuditLog, Kind, NewEntry, inquiry_entry
from desktop.core.batch_types import StopReason
from desktop.core.jobs import JobState, PendingRow, RowResult


class RunAudit:
    def __init__(self, audit: AuditLog, actor: Actor, job_id: int) -> None:
        self._audit = audit
        self._actor = actor
        self._job_id = job_id
        self._rows: dict[int, PendingRow] = {}  # row -> what was asked

    def start(self, case_reference: str, pending: list[PendingRow]) -> None:
        self._rows = {r.row: r for r in pending}
        self._note(Kind.BATCH_START, case_reference, f"pending:{len(pending)}")

    def rows(self, results: list[RowResult]) -> None:
        """One batch's rows, in one transaction."""
        entries = []
        for r in results:
            asked = self._rows[r.row]
            entries.append(
                inquiry_entry(
                    self._actor,
                    Kind.BATCH_ROW,
                    asked.national_id,
                    asked.case_reference,
                    answer=r.answer,
                    outcome=f"error:{r.error_code}" if r.answer is None else "",
                    job=self._job_id,
                )
            )
        self._audit.record_many(entries)

    def finish(
        self, state: JobState, reason: StopReason | None, answered: int, failed: int
    ) -> None:
        outcome = f"{state.value}{f':{reason.value}' if reason else ''}"
        self._note(Kind.BATCH_FINISH, "", f"{outcome} answered:{answered} failed:{failed}")

    def _note(self, kind: Kind, case_reference: str, outcome: str) -> None:
        entry = NewEntry(
            kind,
            self._actor,
            case_reference,
            self._actor.purpose(kind),
            server_ref=f"job:{self._job_id}",
            outcome=outcome,
            job=self._job_id,
        )
        self._audit.record_many([entry])
