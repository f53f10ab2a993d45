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
    ConnectionFailed,
    EstelamError,
    Forbidden,
    InvalidNationalIdError,
    RateLimited,
    RetryPolicy,
    ServerError,
    StatusResult,
    Timeout,
    ValidationFailed,
)
from desktop.core.batch import BatchRunner, Progress, StopReason
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


@pytest.mark.parametrize(
    "error",
    [
        ConnectionFailed("POST /inquiries/batch: ConnectError: connection refused"),
        ConnectionFailed("POST /inquiries/batch: RemoteProtocolError: server disconnected"),
        Timeout("POST /inquiries/batch: no answer in time (ReadTimeout)"),
        problem(ServerError, "server-error", 503),
        problem(ServerError, "server-error", 502),
    ],
    ids=["refused", "dropped", "timeout", "503", "502"],
)
def test_a_server_that_does_not_answer_is_waited_for_with_the_same_keys(
    store: JobStore, tmp_path: Path, error: EstelamError
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 4)[0])
    keys: list[list[str]] = []

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        keys.append([i.idempotency_key for i in items])
        return error if call <= 6 else answered(items)  # well past FAST's two retries

    reports: list[Progress] = []
    client = ScriptedClient(script)
    outcome = run(client, store, job.id, concurrency=1, on_progress=reports.append)
    assert outcome.state is JobState.DONE and outcome.summary.failed == 0
    assert len(keys) == 7 and all(k == keys[0] for k in keys)  # resent as it was
    waiting = [p.waiting_s for p in reports]
    assert any(w is not None for w in waiting) and waiting[-1] is None
    assert [r.attempts for r in store.rows(job.id) if r.state is RowState.ANSWERED] == [7] * 4


def test_a_server_away_too_long_leaves_the_job_paused_with_rows_pending(
    store: JobStore, tmp_path: Path
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 4)[0])
    refused = ConnectionFailed("POST /inquiries/batch: ConnectError: connection refused")
    client = ScriptedClient(lambda items, call: refused)
    started = time.monotonic()
    outcome = run(client, store, job.id, chunk_size=2, give_up_after=0.3)
    assert 0.3 <= time.monotonic() - started < 2
    assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.SERVER_UNAVAILABLE)
    assert outcome.error is refused
    assert (outcome.summary.pending, outcome.summary.failed) == (4, 0)
    assert len(client.calls) > 4  # both chunks were resent, not given up on
    assert store.job(job.id).reason == "server-unavailable"


def test_a_named_wait_after_a_server_error_is_honoured(store: JobStore, tmp_path: Path) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 2)[0])

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        if call == 1:
            return problem(ServerError, "server-error", 503, retry_after=0.4)
        return answered(items)

    client = ScriptedClient(script)
    assert run(client, store, job.id).state is JobState.DONE
    assert client.calls[1][0] - client.calls[0][0] >= 0.39


def test_a_refused_item_fails_alone_while_the_others_are_answered(
    store: JobStore, tmp_path: Path
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 3)[0])

    def script(items: list[BatchInquiryItem], call: int) -> Any:
        results = answered(items)
        bad = problem(InvalidNationalIdError, "invalid-national-id", 422)
        results[0] = BatchItemResult(items[0].idempotency_key, None, bad)  # type: ignore[arg-type]
        return results

    client = ScriptedClient(script)
    outcome = run(client, store, job.id)
    assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.FAILED_ROWS)
    assert (outcome.summary.answered, outcome.summary.failed) == (2, 1)
    assert len(client.calls) == 1  # a permanent answer is not asked again
    [failed] = [r for r in store.rows(job.id) if r.state is RowState.FAILED]
    assert failed.error_code == "invalid-national-id"


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


def test_the_next_batch_goes_out_while_the_last_is_written(
    store: JobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 15)[0])
    written: list[float] = []
    record = store.record_results

    def slow_record(job_id: int, results: Any) -> int:
        time.sleep(0.2)  # a slow disk
        changed = record(job_id, results)
        written.append(time.monotonic())
        return changed

    monkeypatch.setattr(store, "record_results", slow_record)
    counted: list[tuple[int, int]] = []

    def on_progress(progress: Progress) -> None:
        counted.append((progress.answered, store.summary(job.id).answered))

    client = ScriptedClient(lambda items, call: answered(items))
    outcome = run(client, store, job.id, chunk_size=5, concurrency=1, on_progress=on_progress)
    assert outcome.state is JobState.DONE and outcome.summary.answered == 15
    assert len(client.calls) == len(written) == 3
    # One request in flight: the second went out while the first batch was written, the
    # third only once that write ended (no more writes waiting than requests in flight).
    assert client.calls[1][0] < written[0] <= client.calls[2][0]
    # A row is counted only once the store holds it.
    assert counted and all(shown <= held for shown, held in counted)


def test_an_answer_is_kept_as_the_one_text_the_audit_trail_digests(
    store: JobStore, tmp_path: Path
) -> None:
    import hashlib
    import json
    import sqlite3

    from desktop.core.audit import Actor, AuditLog, canonical

    job = new_job(store, mixed_list(tmp_path / "l.csv", 4)[0])
    client = ScriptedClient(lambda items, call: answered(items))
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        run(client, store, job.id, audit=log, actor=Actor("demo.clerk", "AG-1001", "MOU-1"))
        assert log.verify().ok
        with sqlite3.connect(log.path) as conn:
            audited = {
                nid: (text, digest)
                for nid, text, digest in conn.execute(
                    "SELECT d.national_id, d.answer, r.result_digest FROM details d "
                    "JOIN records r ON r.seq = d.seq WHERE r.kind = 'batch-row'"
                )
            }
    with sqlite3.connect(store.path) as conn:
        kept = dict(
            conn.execute("SELECT national_id, result FROM job_rows WHERE state = 'answered'")
        )
    assert len(kept) == 4 and set(kept) == set(audited)
    for national_id, text in kept.items():
        answer = StatusResult.from_json(json.loads(text))
        assert answer.national_id == national_id
        assert text.encode() == canonical(answer.to_json())
        assert audited[national_id] == (text, hashlib.sha256(text.encode()).hexdigest())


def test_a_write_that_fails_unexpectedly_stops_the_sending_and_is_raised(
    store: JobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = new_job(store, mixed_list(tmp_path / "l.csv", 40)[0])

    def broken(job_id: int, results: Any) -> int:
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(store, "record_results", broken)
    client = ScriptedClient(lambda items, call: answered(items))
    with pytest.raises(RuntimeError, match="a bug in the writer"):
        run(client, store, job.id, chunk_size=5, concurrency=1)
    # The batch whose write failed and the one sent meanwhile; not the other six.
    assert len(client.calls) <= 2
    assert (store.job(job.id).state, store.job(job.id).reason) == (JobState.PAUSED, "interrupted")
    assert store.summary(job.id).pending == 40
