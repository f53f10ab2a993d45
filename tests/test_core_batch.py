"""BatchRunner against the real mock SSO (a subprocess): answers, limits, failures, control."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from desktop.api_client import QuotaExhausted, RetryPolicy, SessionExpired, TokenPair
from desktop.core.batch import BatchRunner, Progress, StopReason
from desktop.core.jobs import JobRow, JobState, JobStore, RowState
from tests.batch_fixtures import (
    FAST_RETRY,
    free_port,
    mixed_list,
    mock_stats,
    new_job,
    signed_in_client,
)
from tests.conftest import DEMO_USER, MockProcess

StartMock = Callable[..., MockProcess]


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    with JobStore(tmp_path / "jobs.sqlite3") as s:
        yield s


def test_every_row_answered_once_with_coalesced_updates(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    mock = start_mock(latency_ms=20)
    source, good = mixed_list(tmp_path / "list.csv", 120)
    job = new_job(store, source, mock.url)
    progress: list[tuple[float, Progress]] = []
    batches: list[list[int]] = []

    async def scenario() -> None:
        client = await signed_in_client(mock.url)
        runner = BatchRunner(
            client,
            store,
            job.id,
            chunk_size=25,
            concurrency=3,
            on_progress=lambda p: progress.append((time.monotonic(), p)),
            on_rows=lambda rows: batches.append([r.row for r in rows]),
            progress_interval=0.05,
        )
        outcome = await runner.run()
        assert (outcome.state, outcome.reason, outcome.error) == (JobState.DONE, None, None)
        assert outcome.summary.answered == 120 and outcome.summary.complete
        # Run again: nothing is left to send.
        again = await BatchRunner(client, store, job.id).run()
        assert again.state is JobState.DONE and again.summary == outcome.summary
        await client.aclose()

    asyncio.run(scenario())
    stats = mock_stats(mock.url)
    assert (stats["inquiries_answered"], stats["inquiries_replayed"]) == (120, 0)
    assert store.job(job.id).state is JobState.DONE
    rows = {r.row: r for r in store.rows(job.id)}
    assert all(rows[n].answer.national_id == good[n - 2] for n in range(2, 122))
    # The table hears of rows a batch at a time, each row once.
    assert all(0 < len(b) <= 25 for b in batches) and len(batches) == 5
    assert sorted(r for b in batches for r in b) == list(range(2, 122))
    # Progress: counts only grow, end complete, at most one report per interval
    # (the last is sent at the end whatever the interval).
    reports = [p for _, p in progress]
    assert reports[-1].done == reports[-1].total == reports[-1].answered == 120
    assert reports[-1].failed == 0 and reports[-1].eta_s == 0 and reports[-1].rate_per_s > 0
    assert [p.done for p in reports] == sorted(p.done for p in reports)
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(progress[:-1])]
    assert all(gap >= 0.045 for gap in gaps), gaps


def test_a_tight_rate_limit_is_waited_out_without_hammering(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    mock = start_mock(rate_limit=2, rate_burst=2)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 24)[0], mock.url)

    async def scenario() -> float:
        client = await signed_in_client(mock.url)
        started = time.monotonic()
        outcome = await BatchRunner(client, store, job.id, chunk_size=4, concurrency=4).run()
        elapsed = time.monotonic() - started
        assert outcome.state is JobState.DONE, outcome
        await client.aclose()
        return elapsed

    elapsed = asyncio.run(scenario())
    stats = mock_stats(mock.url)
    assert stats["inquiries_answered"] == 24
    # Six requests, four at a time, two a second allowed: some are refused, and each
    # refusal is waited out (Retry-After), so refusals stay few: at most one per worker
    # per second. (Each request waits its own Retry-After, so with a burst smaller than
    # the workers the run goes at about the burst per second.)
    assert 1 <= stats["rate_limited"] <= 4 * (elapsed + 1)
    assert elapsed >= 1.0


def test_the_access_token_is_refreshed_mid_run(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    mock = start_mock(access_ttl=1, latency_ms=250)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 30)[0], mock.url)
    tokens: list[TokenPair] = []

    async def scenario() -> None:
        client = await signed_in_client(mock.url, on_tokens=tokens.append)
        outcome = await BatchRunner(client, store, job.id, chunk_size=5, concurrency=1).run()
        assert outcome.state is JobState.DONE, outcome
        await client.aclose()

    asyncio.run(scenario())
    assert len(tokens) >= 2  # the sign-in, then at least one refresh during the run
    assert mock_stats(mock.url)["inquiries_answered"] == 30


def test_transient_server_errors_are_retried_and_never_charged_twice(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    # Seeded: the first draw (the sign-in) fails, so a failure is met on every run.
    mock = start_mock(fail_rate=0.3, fault_seed=1)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 60)[0], mock.url)
    patient = RetryPolicy(max_retries=20, base_delay=0.01, max_delay=0.02)

    async def scenario() -> None:
        # Signing in may meet an injected failure too; the retry policy covers
        # the idempotent calls only, so try the sign-in until it goes through.
        for _ in range(50):
            try:
                client = await signed_in_client(mock.url, retry_policy=FAST_RETRY)
                break
            except Exception:
                continue
        outcome = await BatchRunner(client, store, job.id, chunk_size=10, retry=patient).run()
        assert outcome.state is JobState.DONE, outcome
        await client.aclose()

    asyncio.run(scenario())
    stats = mock_stats(mock.url)
    assert stats["failures_injected"] > 0
    assert stats["inquiries_answered"] == 60


def test_a_server_failing_too_long_pauses_the_job_and_resuming_answers_every_row(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    port, data_dir = free_port(), tmp_path / "mock"
    healthy = start_mock(data_dir=data_dir, port=port)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 12)[0], healthy.url)

    async def scenario() -> None:
        client = await signed_in_client(healthy.url, retry_policy=FAST_RETRY)
        healthy.stop()
        failing = start_mock(data_dir=data_dir, port=port, fail_rate=1.0)
        outcome = await BatchRunner(
            client, store, job.id, chunk_size=5, retry=FAST_RETRY, give_up_after=0.5
        ).run()
        assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.SERVER_UNAVAILABLE)
        # Not the rows' fault: none failed, all wait for the server.
        assert (outcome.summary.pending, outcome.summary.failed) == (12, 0)
        failing.stop()

        start_mock(data_dir=data_dir, port=port)
        outcome = await BatchRunner(client, store, job.id, chunk_size=5).run()
        assert outcome.state is JobState.DONE and outcome.summary.answered == 12
        await client.aclose()

    asyncio.run(scenario())
    rows = [r for r in store.rows(job.id) if r.state is not RowState.SKIPPED]
    assert all(r.attempts == 1 and r.error_code is None for r in rows)
    assert mock_stats(f"http://127.0.0.1:{port}")["inquiries_answered"] == 12


def test_quota_used_up_mid_run_pauses_the_job_with_rows_pending(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    mock = start_mock(quota=30)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 50)[0], mock.url)

    async def scenario() -> None:
        client = await signed_in_client(mock.url)
        outcome = await BatchRunner(client, store, job.id, chunk_size=10, concurrency=2).run()
        assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.QUOTA_EXHAUSTED)
        assert isinstance(outcome.error, QuotaExhausted)
        assert (outcome.summary.answered, outcome.summary.pending) == (30, 20)
        assert outcome.summary.failed == 0
        await client.aclose()

    asyncio.run(scenario())
    job = store.job(job.id)
    assert (job.state, job.reason) == (JobState.PAUSED, "quota-exhausted")
    assert store.find_resumable(sha256=job.source_sha256) == job
    assert mock_stats(mock.url)["inquiries_answered"] == 30


def test_a_session_ended_mid_run_pauses_the_job(
    start_mock: StartMock, store: JobStore, tmp_path: Path
) -> None:
    mock = start_mock(latency_ms=50)
    job = new_job(store, mixed_list(tmp_path / "list.csv", 30)[0], mock.url)

    def end_sessions(_: list[JobRow]) -> None:
        httpx.post(f"{mock.url}/_mock/users/{DEMO_USER}/end-sessions", timeout=10)

    async def scenario() -> None:
        client = await signed_in_client(mock.url)
        runner = BatchRunner(
            client, store, job.id, chunk_size=5, concurrency=1, on_rows=end_sessions
        )
        outcome = await runner.run()
        assert (outcome.state, outcome.reason) == (JobState.PAUSED, StopReason.SESSION_EXPIRED)
        assert isinstance(outcome.error, SessionExpired)
        # The first batch, and the second if it reached the server before the session
        # ended (it is sent while the first is written); the rest wait, none failed.
        assert outcome.summary.answered in (5, 10) and outcome.summary.failed == 0
        assert outcome.summary.answered + outcome.summary.pending == 30
        await client.aclose()

    asyncio.run(scenario())
    assert store.job(job.id).reason == "session-expired"


def test_pause_resume_and_cancel(start_mock: StartMock, store: JobStore, tmp_path: Path) -> None:
    mock = start_mock(latency_ms=50)
    source = mixed_list(tmp_path / "list.csv", 80)[0]
    paused_job, cancelled_job = new_job(store, source, mock.url), new_job(store, source, mock.url)

    async def scenario() -> None:
        client = await signed_in_client(mock.url)
        seen: dict[str, object] = {}

        def pause_once(_: list[JobRow]) -> None:
            if "paused" not in seen:
                runner.pause()
                seen["paused"] = store.job(paused_job.id).state
                asyncio.get_running_loop().call_later(0.6, check_and_resume)

        def check_and_resume() -> None:
            seen["server"] = mock_stats(mock.url)["inquiries_answered"]
            seen["stored"] = store.summary(paused_job.id).answered
            runner.resume()

        runner = BatchRunner(client, store, paused_job.id, chunk_size=5, on_rows=pause_once)
        outcome = await runner.run()
        assert outcome.state is JobState.DONE and outcome.summary.answered == 80
        assert seen["paused"] is JobState.PAUSED
        # While paused only the batches already sent were answered (at most four in
        # flight and four more being written, of five rows each), and each was recorded.
        assert seen["server"] == seen["stored"] <= 40

        before = mock_stats(mock.url)["inquiries_answered"]
        cancelling = BatchRunner(
            client,
            store,
            cancelled_job.id,
            chunk_size=5,
            concurrency=2,
            on_rows=lambda _: cancelling.cancel(),
        )
        outcome = await cancelling.run()
        assert (outcome.state, outcome.reason) == (JobState.CANCELLED, None)
        # The batches already sent (at most two in flight and two more being written)
        # are still recorded; nothing more was sent.
        answered = outcome.summary.answered
        assert 5 <= answered <= 20 and outcome.summary.pending == 80 - answered
        assert mock_stats(mock.url)["inquiries_answered"] - before == answered
        await client.aclose()

    asyncio.run(scenario())
    assert store.job(cancelled_job.id).state is JobState.CANCELLED
    assert store.job(paused_job.id).state is JobState.DONE
