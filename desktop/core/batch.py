"""Running a bulk status inquiry: a job's pending rows sent in batches, answers kept.

    runner = BatchRunner(session.client, store, job.id, on_progress=..., on_rows=...)
    outcome = await runner.run()        # pause(), resume(), stop(), cancel() meanwhile

Rows go out in chunks (one batch request each) with a few requests in flight. Every
answer is written to the job store as its batch returns, one transaction per batch, so a
crash loses at most the batches in flight or being written, and those are answered again
free of charge (each row's idempotency key was fixed when the job was created). A batch's
rows are counted only once written. The next batch goes out while the last one is being
written (at most as many writes waiting as requests in flight): the server is kept busy
rather than left idle while this side writes.

What can go wrong, and what the runner does:
- a batch request fails in passing (connection refused or dropped, timeout, 5xx): the
  client retries it; if it still fails, the server is taken to be away: the rows stay
  pending, progress says the run is waiting for the server, and the runner resends the
  same rows with the same keys (capped exponential backoff with jitter, or the server's
  Retry-After) until an answer comes. Only when no request has been answered for
  `give_up_after` seconds is the job left paused (reason "server-unavailable");
- rate-limited: the client waits out Retry-After; when that is not enough the runner
  holds every worker until the server's named time, so nothing hammers the server;
- the daily quota is used up, or the session ends (its refresh fails), or the MoU does
  not allow inquiries: nothing more is sent, unanswered rows stay pending and the job is
  left paused with the reason, to be resumed later;
- an item's own problem (an ID the server refuses, a reused key): that row fails;
- the data folder refuses a write (full, read-only): nothing more is sent, the answers
  not recorded stay pending with their keys, and the job is left paused ("storage"):
  resumed once there is room, the server answers them from its record, free of charge.

Qt-free; runs on one asyncio loop, one run per runner (its writer thread ends with the
run). Call pause/resume/stop/cancel on that loop's thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from desktop.api_client import (
    ApiError,
    AuthError,
    BatchInquiryItem,
    BatchItemResult,
    EstelamError,
    Forbidden,
    QuotaExhausted,
    RateLimited,
    RetryPolicy,
)
from desktop.api_client.retry import is_retryable
from desktop.core.audit import Actor, AuditLog
from desktop.core.batch_audit import RunAudit
from desktop.core.batch_types import Progress, RunOutcome, StopReason
from desktop.core.jobs import JobRow, JobState, JobStore, JobSummary, PendingRow, RowResult
from desktop.core.storage import StorageError, guarded, storage_error

if TYPE_CHECKING:  # a hint only: httpx loads with the first connection
    from desktop.api_client import SsoClient

# The run's vocabulary is handed out here too: its callers import it from here.
__all__ = [
    "CHUNK_SIZE",
    "CONCURRENCY",
    "GIVE_UP_AFTER",
    "PROGRESS_INTERVAL",
    "BatchRunner",
    "Progress",
    "RunOutcome",
    "StopReason",
]

log = logging.getLogger(__name__)

#: Rows per batch request (the server takes at most 500).
CHUNK_SIZE = 250
#: Batch requests in flight at once.
CONCURRENCY = 4
#: Shortest time between two progress reports, in seconds.
PROGRESS_INTERVAL = 0.1
#: The runner's own backoff between resends of a batch the server did not answer, and
#: its retries of an item that failed in passing.
DEFAULT_RETRY = RetryPolicy(max_retries=3, base_delay=1.0, max_delay=30.0)
#: Seconds without any answer from the server before the job is left paused.
GIVE_UP_AFTER = 10 * 60.0


_Stop = EstelamError | StorageError
ProgressCallback = Callable[[Progress], None]
# The rows a batch just changed, as the store now holds them, in file order.
RowsCallback = Callable[[list[JobRow]], None]


@dataclasses.dataclass
class _Chunk:
    rows: list[PendingRow]
    attempt: int = 0  # retries of these rows after an item failed in passing
    resends: int = 0  # resends of this chunk while the server was away (for the backoff)


class BatchRunner:
    def __init__(
        self,
        client: SsoClient,
        store: JobStore,
        job_id: int,
        *,
        chunk_size: int = CHUNK_SIZE,
        concurrency: int = CONCURRENCY,
        retry: RetryPolicy = DEFAULT_RETRY,
        give_up_after: float = GIVE_UP_AFTER,
        on_progress: ProgressCallback | None = None,
        on_rows: RowsCallback | None = None,
        progress_interval: float = PROGRESS_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        audit: AuditLog | None = None,
        actor: Actor | None = None,
    ) -> None:
        """With `audit` and `actor`, the run's start and finish and every row's outcome are
        recorded, each batch's rows in one transaction."""
        if not 1 <= chunk_size <= 500:
            raise ValueError("chunk_size must be between 1 and 500")
        self.client = client
        self.store = store
        self.job_id = job_id
        self.chunk_size = chunk_size
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.give_up_after = give_up_after
        self.on_progress = on_progress
        self.on_rows = on_rows
        self.progress_interval = progress_interval
        self._clock = clock
        self._audit = None
        if audit is not None and actor is not None:
            self._audit = RunAudit(audit, actor, job_id)
        self._queue: deque[_Chunk] = deque()
        self._attempts: dict[int, int] = {}  # row -> requests made for it in this run
        self._running = asyncio.Event()  # cleared while paused
        self._halt = asyncio.Event()  # set once nothing more may be sent
        self._halted: tuple[JobState, StopReason | None, _Stop | None] | None = None
        self._not_before = 0.0  # the server's rate limit: no request before this
        self._away_since: float | None = None  # when the server stopped answering
        self._total = self._answered = self._failed = self._done_at_start = 0
        self._active = 0.0  # seconds of running (not paused) time before _since
        self._since: float | None = None
        self._last_report = float("-inf")
        self._report_later: asyncio.TimerHandle | None = None
        # Writes of answered batches under way (see _write_later), and room for more.
        self._writes: list[asyncio.Task[None]] = []
        self._write_room = asyncio.Semaphore(self.concurrency)
        # They are made one at a time, on a thread of their own: the job store and the
        # audit trail each take one writer at a time anyway, and writes in several threads
        # mostly took turns at the interpreter, with each other and with a window's thread.
        self._writer = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"batch-{job_id}-writer"
        )

    # -- control -----------------------------------------------------------------------

    def pause(self) -> None:
        """Send nothing new until resume(); batches in flight are still recorded."""
        if self._halted is not None or not self._running.is_set():
            return
        self._running.clear()
        self._mark_active(False)
        self.store.set_state(self.job_id, JobState.PAUSED, StopReason.PAUSED)
        log.info(
            "job %s paused at %d answered, %d failed", self.job_id, self._answered, self._failed
        )

    def resume(self) -> None:
        if self._halted is not None or self._running.is_set():
            return
        self.store.set_state(self.job_id, JobState.RUNNING)
        self._mark_active(True)
        self._running.set()
        log.info("job %s resumed", self.job_id)

    def stop(self) -> None:
        """Stop sending and leave the job paused, to be resumed later (e.g. on closing)."""
        self._stop(JobState.PAUSED, StopReason.STOPPED)

    def cancel(self) -> None:
        """Stop sending for good; answers already on their way are still recorded."""
        self._stop(JobState.CANCELLED, None)

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    # -- running -----------------------------------------------------------------------

    async def run(self) -> RunOutcome:
        """Send every pending row; returns when the job is done, stopped or paused for a
        reason (quota, session). Failed rows are not resent: reset_failed() first."""
        store, job_id = self.store, self.job_id
        # Before anything is sent: a folder that refuses these writes raises StorageError.
        with guarded(store.path.parent):
            pending = await asyncio.to_thread(store.pending_rows, job_id)
            summary = await asyncio.to_thread(store.summary, job_id)
            if self._audit is not None:
                job = await asyncio.to_thread(store.job, job_id)
                await asyncio.to_thread(self._audit.start, job.case_reference or "", pending)
            await asyncio.to_thread(store.set_state, job_id, JobState.RUNNING)
        self._total = summary.valid
        self._answered, self._failed = summary.answered, summary.failed
        self._done_at_start = self._answered + self._failed
        for start in range(0, len(pending), self.chunk_size):
            self._queue.append(_Chunk(pending[start : start + self.chunk_size]))
        log.info(
            "job %s started: %d rows to send, %d of %d already answered",
            job_id,
            len(pending),
            self._answered,
            self._total,
        )
        self._running.set()
        self._mark_active(True)
        self._report(force=True)
        workers = [
            asyncio.create_task(self._worker(), name=f"batch-{job_id}-{n}")
            for n in range(min(self.concurrency, len(self._queue)))
        ]
        try:
            await asyncio.gather(*workers)
            await asyncio.gather(*self._writes)
        except BaseException:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, *self._writes, return_exceptions=True)
            # Left resumable: whatever was answered is already stored.
            self._settle_state(JobState.PAUSED, StopReason.INTERRUPTED)
            raise
        finally:
            self._writer.shutdown(wait=False)  # its writes are over (gathered above)
            self._mark_active(False)
            if self._report_later is not None:
                self._report_later.cancel()
        summary = await asyncio.to_thread(store.summary, job_id)
        state, reason, error = self._final(summary)
        await asyncio.to_thread(self._settle_state, state, reason)
        log.info(
            "job %s %s%s: %d answered, %d failed, %d waiting of %d%s",
            job_id,
            state.value,
            f" ({reason.value})" if reason else "",
            summary.answered,
            summary.failed,
            summary.pending,
            summary.valid,
            f"; {type(error).__name__}" if error else "",
        )
        self._report(force=True)
        return RunOutcome(state, reason, summary, error)

    def _settle_state(self, state: JobState, reason: StopReason | None) -> None:
        """The job's state and the run's end, recorded if the disk still lets us: a job
        left "running" by a full disk is picked up again like a paused one."""
        try:
            self.store.set_state(self.job_id, state, reason)
            if self._audit is not None:
                self._audit.finish(state, reason, self._answered, self._failed)
        except (sqlite3.Error, OSError) as error:
            if storage_error(error, self.store.path.parent) is None:
                raise
            log.warning("job %s: its end could not be recorded: %s", self.job_id, error)

    def _final(self, summary: JobSummary) -> tuple[JobState, StopReason | None, _Stop | None]:
        if summary.complete:
            # Even if stopped or cancelled at the very end: every row has its answer.
            return JobState.DONE, None, None
        if self._halted is not None:
            return self._halted
        # Everything was sent; what is left failed (or, if the store was changed under
        # us, is pending): resumable after "retry failed rows".
        return JobState.PAUSED, StopReason.FAILED_ROWS, None

    async def _worker(self) -> None:
        while self._queue and not self._halt.is_set():
            await self._running.wait()
            if self._halt.is_set() or not self._queue:
                return
            await self._send(self._queue.popleft())

    async def _send(self, chunk: _Chunk) -> None:
        """Send one chunk until it is answered, given up on, or the run halts."""
        while True:
            await self._running.wait()  # a paused job resends nothing either
            await self._wait_for_rate_limit()
            if self._halt.is_set():
                return  # its rows stay pending
            items = [
                BatchInquiryItem(r.national_id, r.case_reference, None, r.idempotency_key)
                for r in chunk.rows
            ]
            for r in chunk.rows:
                self._attempts[r.row] = self._attempts.get(r.row, 0) + 1
            try:
                answers = await self.client.inquire_batch(items)
            except EstelamError as error:
                delay = await self._settle(chunk, error)
                if delay is None:
                    return
                await self._wait(delay)
                continue
            self._server_back()
            await self._record(chunk, answers)
            return

    async def _settle(self, chunk: _Chunk, error: EstelamError) -> float | None:
        """What a failed batch request means: seconds to wait before resending it, or
        None when it is settled (its rows failed, or the run halted)."""
        if isinstance(error, QuotaExhausted):
            self._stop(JobState.PAUSED, StopReason.QUOTA_EXHAUSTED, error)
            return None
        if isinstance(error, AuthError):
            # The client refreshes on its own; an AuthError here means the session is over.
            self._stop(JobState.PAUSED, StopReason.SESSION_EXPIRED, error)
            return None
        if isinstance(error, Forbidden):
            self._stop(JobState.PAUSED, StopReason.FORBIDDEN, error)
            return None
        if isinstance(error, RateLimited):
            # Not the rows' fault: no attempt is counted, and every worker waits.
            wait = error.retry_after if error.retry_after is not None else self.retry.backoff(0)
            if wait > self.retry.max_retry_after:
                self._stop(JobState.PAUSED, StopReason.RATE_LIMITED, error)
                return None
            self._not_before = max(self._not_before, self._clock() + wait)
            return 0.0
        if is_retryable(error):
            return self._server_away(chunk, error)
        # Refused as sent (a malformed answer, a request the server will not take):
        # resending the same rows would meet the same answer.
        log.warning("batch of %d rows failed: %r", len(chunk.rows), error)
        code, detail = _error_code(error)
        await self._write_later(
            [
                RowResult.failed(r.row, code, detail, self._attempts.pop(r.row, 1))
                for r in chunk.rows
            ]
        )
        return None

    def _server_away(self, chunk: _Chunk, error: EstelamError) -> float | None:
        """The server did not answer (network, timeout, 5xx): wait and resend the same
        rows with the same keys, or give up once it has been away too long."""
        now = self._clock()
        first = self._away_since is None
        if self._away_since is None:
            self._away_since = now
        self._report(force=first)  # and again now and then, as the wait goes on
        away = now - self._away_since
        if away >= self.give_up_after:
            log.warning("no answer from the server for %.0f s: %r", away, error)
            self._stop(JobState.PAUSED, StopReason.SERVER_UNAVAILABLE, error)
            return None
        named = error.retry_after if isinstance(error, ApiError) else None
        if named is not None and named <= self.retry.max_retry_after:
            delay = named
        else:
            # Capped: past a few resends the backoff is max_delay whatever the count.
            delay = self.retry.backoff(min(chunk.resends, 16))
        chunk.resends += 1
        log.info(
            "batch of %d rows not answered (%r); resend in %.1f s", len(chunk.rows), error, delay
        )
        return min(delay, self.give_up_after - away)

    def _server_back(self) -> None:
        if self._away_since is not None:
            self._away_since = None
            self._report(force=True)

    async def _record(self, chunk: _Chunk, answers: Sequence[BatchItemResult]) -> None:
        results: list[RowResult] = []
        retry_rows: list[PendingRow] = []
        quota: QuotaExhausted | None = None
        for row, answer in zip(chunk.rows, answers, strict=True):
            if answer.result is not None:
                results.append(
                    RowResult.answered(row.row, answer.result, self._attempts.pop(row.row, 1))
                )
                continue
            error = answer.error
            assert error is not None
            if isinstance(error, QuotaExhausted):
                quota = error  # stays pending, for tomorrow
                self._attempts.pop(row.row, None)
            elif is_retryable(error) and self.retry.delay(chunk.attempt, error) is not None:
                retry_rows.append(row)
            else:
                code, detail = _error_code(error)
                results.append(
                    RowResult.failed(row.row, code, detail, self._attempts.pop(row.row, 1))
                )
        if retry_rows:
            self._queue.append(_Chunk(retry_rows, chunk.attempt + 1))
        if quota is not None:
            self._stop(JobState.PAUSED, StopReason.QUOTA_EXHAUSTED, quota)
        await self._write_later(results)

    async def _write_later(self, results: list[RowResult]) -> None:
        """Have `results` written while the caller goes on sending; waits while as many
        writes as requests in flight are still under way."""
        if not results:
            return
        await self._write_room.acquire()
        self._writes.append(asyncio.create_task(self._write(results)))

    async def _write(self, results: list[RowResult]) -> None:
        try:
            await self._store_results(results)
        except BaseException:
            # Nothing more is sent that could not be written: run() raises this.
            self._stop(JobState.PAUSED, StopReason.INTERRUPTED)
            raise
        finally:
            self._write_room.release()

    async def _store_results(self, results: list[RowResult]) -> None:
        try:
            loop = asyncio.get_running_loop()
            changed = await loop.run_in_executor(self._writer, self._keep, results)
        except (sqlite3.Error, OSError) as error:
            refused = storage_error(error, self.store.path.parent)
            if refused is None:
                raise
            # The rows stay pending with their keys: asked again once there is room,
            # the server answers them from its record without charging again.
            log.warning("job %s: %d answers not recorded: %s", self.job_id, len(results), error)
            for r in results:
                self._attempts.pop(r.row, None)
            self._stop(JobState.PAUSED, StopReason.STORAGE, refused)
            return
        answered = sum(1 for r in results if r.answer is not None)
        self._answered += answered
        self._failed += len(results) - answered
        if self.on_rows is not None:
            self.on_rows(changed)
        self._report()

    def _keep(self, results: list[RowResult]) -> list[JobRow]:
        """In the writer's thread: the answers to the audit trail, then to the job store. In
        that order a row the store holds answered always has its audit record; if the
        store's write fails after the audit's, the row is asked again free of charge and
        recorded twice rather than never."""
        if self._audit is not None:
            self._audit.rows(results)
        if self.on_rows is None:
            self.store.record_results(self.job_id, results)
            return []
        # Read back here, in the writer's thread, so the table is handed whole rows.
        return self.store.record_and_read(self.job_id, results)

    # -- waiting -----------------------------------------------------------------------

    async def _wait(self, seconds: float) -> None:
        """Sleep, but wake at once when the run halts."""
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._halt.wait(), seconds)

    async def _wait_for_rate_limit(self) -> None:
        while (left := self._not_before - self._clock()) > 0 and not self._halt.is_set():
            await self._wait(left)

    def _stop(self, state: JobState, reason: StopReason | None, error: _Stop | None = None) -> None:
        if self._halted is None:
            self._halted = (state, reason, error)
        self._halt.set()
        self._running.set()  # paused workers wake up to leave

    # -- progress ----------------------------------------------------------------------

    def _mark_active(self, active: bool) -> None:
        now = self._clock()
        if self._since is not None:
            self._active += now - self._since
        self._since = now if active else None

    def progress(self) -> Progress:
        active = self._active + (self._clock() - self._since if self._since is not None else 0)
        done = self._answered + self._failed
        rate = (done - self._done_at_start) / active if active > 0 else 0.0
        eta = (self._total - done) / rate if rate > 0 else None
        away = None if self._away_since is None else self._clock() - self._away_since
        return Progress(done, self._total, self._answered, self._failed, rate, eta, away)

    def _report(self, force: bool = False) -> None:
        """At most one report per interval; a report held back is sent when it ends."""
        if self.on_progress is None:
            return
        now = self._clock()
        wait = self._last_report + self.progress_interval - now
        if force or wait <= 0:
            if self._report_later is not None:
                self._report_later.cancel()
                self._report_later = None
            self._last_report = now
            self.on_progress(self.progress())
        elif self._report_later is None:
            self._report_later = asyncio.get_running_loop().call_later(wait, self._late_report)

    def _late_report(self) -> None:
        self._report_later = None
        self._report()


def _error_code(error: EstelamError) -> tuple[str, str]:
    """A stable code and the server's own detail for a failed row (no sentence: the
    window and the exports word it in the clerk's language)."""
    if isinstance(error, ApiError):
        return error.slug or f"http-{error.status}", error.detail
    return type(error).__name__, str(error)
