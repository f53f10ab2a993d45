"""BatchRunner's decisions, against a scripted client: what is retried, waited, failed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from desktop.api_client import (
    BatchInquiryItem,
    BatchItemResult,
    EstelamError,
    Forbidden,
    RateLimited,
    RetryPolicy,
    ServerError,
    StatusResult,
    ValidationFailed,
)
from desktop.core.batch import BatchRunner, StopReason
from desktop.core.jobs import JobState, JobStore, RowState
from tests.api_fakes import STATUS_JSON
from tests.batch_fixtures import mixed_list, new_job

FAST = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.002, max_retry_after=5)

Script = Callable[[list[BatchInquiryItem], int], list[BatchItemResult] | EstelamError]


class ScriptedClient:
    """Answers inquire_batch as `script(items, call_number)` says; records the calls."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.calls: list[tuple[float, list[str]]] = []

    async def inquire_batch(self, items: Sequence[BatchInquiryItem]) -> list[BatchItemResult]:
        self.calls.append((time.monotonic(), [i.national_id for i in items]))
        call = len(self.calls)
        await asyncio.sleep(0)  # let the other workers send theirs meanwhile
        outcome = self.script(list(items), call)
        if isinstance(outcome, EstelamError):
            raise outcome
        return outcome


def answered(items: list[BatchInquiryItem]) -> list[BatchItemResult]:
    return [
        BatchItemResult(
            i.idempotency_key,
            StatusResult.from_json({**STATUS_JSON, "national_id": i.national_id}),
            None,
        )
        for i in items
    ]


def problem(cls: type[EstelamError], slug: str, status: int, **kw: Any) -> EstelamError:
    return cls(status, f"urn:estelam:problem:{slug}", slug, f"detail of {slug}", **kw)


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    with JobStore(tmp_path / "jobs.sqlite3") as s:
        yield s


def run(client: ScriptedClient, store: JobStore, job_id: int, **kwargs: Any):
    kwargs.setdefault("retry", FAST)
    runner = BatchRunner(client, store, job_id, **kwargs)  # type: ignore[arg-type]
    return asyncio.run(runner.run())


def test_a_rate_limit_the_client_could_not_wait_out_holds_every_worker(
    store: JobStore, tmp_path: Path
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 8)[0])

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        if call == 1:
            return problem(RateLimited, "rate-limited", 429, retry_after=0.3)
        return answered(items)

    client = ScriptedClient(script)
    outcome = run(client, store, job.id, chunk_size=2, concurrency=4)
    assert outcome.state is JobState.DONE
    refused_at = client.calls[0][0]
    # The three other workers had sent theirs already; nothing else went out until the
    # named time had passed.
    later = [t for t, _ in client.calls[4:]]
    assert later and min(later) >= refused_at + 0.29
    # The refusal does not bring the rows nearer to being given up on (they were sent
    # again, not failed); their attempts still count every request made for them.
    rows = [r for r in store.rows(job.id) if r.state is RowState.ANSWERED]
    assert sorted(r.attempts for r in rows) == [1] * 6 + [2] * 2


def test_a_wait_too_long_to_sit_out_pauses_the_job(store: JobStore, tmp_path: Path) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 4)[0])
    client = ScriptedClient(
        lambda items, call: problem(RateLimited, "rate-limited", 429, retry_after=3600)
    )
    outcome = run(client, store, job.id)
    assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.RATE_LIMITED)
    assert outcome.summary.pending == 4 and len(client.calls) == 1


def test_refused_requests_fail_their_rows_at_once_and_forbidden_pauses(
    store: JobStore, tmp_path: Path
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 4)[0])
    client = ScriptedClient(lambda items, call: problem(ValidationFailed, "validation-error", 422))
    outcome = run(client, store, job.id, chunk_size=2)
    assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.FAILED_ROWS)
    assert len(client.calls) == 2  # one per chunk: nothing to gain from resending
    failed = [r for r in store.rows(job.id) if r.state is RowState.FAILED]
    assert [(r.error_code, r.error_detail) for r in failed] == [
        ("validation-error", "detail of validation-error")
    ] * 4

    store.reset_failed(job.id)
    client = ScriptedClient(lambda items, call: problem(Forbidden, "forbidden-scope", 403))
    outcome = run(client, store, job.id)
    assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.FORBIDDEN)
    assert outcome.summary.pending == 4 and outcome.summary.failed == 0


def test_an_item_failing_in_passing_is_sent_again_alone(store: JobStore, tmp_path: Path) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 3)[0])

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        results = answered(items)
        if call == 1:  # the second item meets a server error of its own
            busy = problem(ServerError, "server-error", 503)
            results[1] = BatchItemResult(items[1].idempotency_key, None, busy)  # type: ignore[arg-type]
        return results

    client = ScriptedClient(script)
    outcome = run(client, store, job.id)
    assert outcome.state is JobState.DONE
    assert [len(ids) for _, ids in client.calls] == [3, 1]
    assert client.calls[1][1] == client.calls[0][1][1:2]


def test_a_transient_failure_is_retried_then_the_rows_fail(store: JobStore, tmp_path: Path) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 2)[0])
    client = ScriptedClient(lambda items, call: problem(ServerError, "server-error", 503))
    outcome = run(client, store, job.id)
    assert outcome.summary.failed == 2
    assert len(client.calls) == 3  # the first try and FAST's two retries
    assert {r.attempts for r in store.rows(job.id) if r.state is RowState.FAILED} == {3}


def test_every_row_is_audited_once_with_its_final_outcome(store: JobStore, tmp_path: Path) -> None:
    from desktop.core.audit import Actor, AuditLog, Kind

    source, good = mixed_list(tmp_path / "l.csv", 5)
    job = new_job(store, source)

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        results = answered(items)
        for n, item in enumerate(items):
            if item.national_id == good[1]:  # refused for good
                refused = problem(ValidationFailed, "invalid-national-id", 422)
                results[n] = BatchItemResult(item.idempotency_key, None, refused)  # type: ignore[arg-type]
            elif item.national_id == good[2] and call == 1:  # fails in passing, then answered
                busy = problem(ServerError, "server-error", 503)
                results[n] = BatchItemResult(item.idempotency_key, None, busy)  # type: ignore[arg-type]
        return results

    with AuditLog(tmp_path / "audit.sqlite3") as log:
        actor = Actor("demo.clerk", "AG-1001", "MOU-1")
        outcome = run(ScriptedClient(script), store, job.id, audit=log, actor=actor)
        entries = list(reversed(log.search()))
        assert log.verify().ok
    assert outcome.summary.failed == 1
    assert [e.kind for e in entries] == [Kind.BATCH_START, *[Kind.BATCH_ROW] * 5, Kind.BATCH_FINISH]
    rows = {e.national_id: e for e in entries if e.kind is Kind.BATCH_ROW}
    assert set(rows) == set(good)
    assert rows[good[1]].outcome == "error:invalid-national-id" and not rows[good[1]].server_ref
    assert rows[good[2]].outcome == STATUS_JSON["status"]
    assert {e.job for e in entries} == {job.id}
    assert entries[0].outcome == "pending:5" and entries[0].case_reference == job.case_reference
    assert entries[-1].outcome == "paused:failed-rows answered:4 failed:1"
