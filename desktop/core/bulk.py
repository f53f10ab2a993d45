"""A bulk inquiry from a clerk's list to its export, as one use-case that the window and
the command line both drive, so they agree on every step:

    imported = import_list(source, sheet=..., column=..., case_column=...)  # or Pasted(text)
    bulk = BulkInquiry(store, audit=AuditLog())
    claimed = bulk.claim(Request(imported, source, case_reference, server_url, username))
    if claimed.found is not Found.FINISHED:     # a finished job's results are offered
        outcome = await bulk.run(client, actor, on_event=...)
    bulk.export(path, agency=..., clerk=...)
    bulk.release()

- One job per file content, case reference, sheet and column at a time, across
  processes and windows: `claim` takes that job's OS-level lock (it ends with the
  process, so a kill never leaves it stuck) before it finds or creates the job, so a
  second run can never make a second set of idempotency keys for the same rows. A second
  claim raises AlreadyRunning (the window says so), or waits (`claim_waiting`, the
  command line).
- The same list run again finds its job: unfinished, it goes on (and its failed rows are
  tried again); finished, its results are offered for export and nothing is sent, unless
  a new run is asked for explicitly (`new=True`).
- Nothing is sent that cannot be recorded: `run` checks the data folder has room first,
  and a write refused mid-run leaves the job paused (StopReason.STORAGE), resumable
  without charging again.

Qt-free. `claim`, `check_room`, `export` and `release` do I/O: call them off the GUI
thread. pause/resume/stop/cancel may be called from any thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import export as exporting
from desktop.core.audit import Actor, AuditLog
from desktop.core.batch import CHUNK_SIZE, PROGRESS_INTERVAL, BatchRunner, Progress, RunOutcome
from desktop.core.files import private_dir, private_file
from desktop.core.importing import ImportResult

# The use-case's first step, kept with the importer so a command that only imports a list
# (batch check) loads neither the job store nor the client.
from desktop.core.importing import Pasted as Pasted
from desktop.core.importing import import_list as import_list
from desktop.core.jobs import Found, Job, JobRow, JobStore, JobSummary, NotYours, Owner
from desktop.core.storage import ROW_BYTES, Busy, FileLock, check_room, guarded, job_lock

if TYPE_CHECKING:  # a hint only: httpx loads with the first connection
    from desktop.api_client import SsoClient


#: How often a waiting claim tries the lock again, in seconds.
WAIT_POLL = 0.25


class AlreadyRunning(Exception):
    """Another run of the same list (same content, case, sheet and column) is under way on
    this computer, in another window or command."""


@dataclasses.dataclass(frozen=True, slots=True)
class Request:
    """A list to run: its import, the file it came from (pasted text kept as a file, see
    keep_pasted), the case reference, and who asks of which server."""

    imported: ImportResult
    source: Path
    case_reference: str | None
    server_url: str
    username: str
    new: bool = False  # a new run even if the list's job has finished
    agency: str | None = None  # the clerk's, when known (signed in)


@dataclasses.dataclass(frozen=True, slots=True)
class Claimed:
    job: Job
    found: Found
    retried: int  # failed rows made pending again (a job picked up again)
    summary: JobSummary


@dataclasses.dataclass(frozen=True, slots=True)
class RowsChanged:
    """Rows a batch just answered or failed, as the job store now holds them."""

    rows: list[JobRow]


#: What a run reports as it goes.
Event = Progress | RowsChanged


class BulkInquiry:
    def __init__(
        self, store: JobStore, *, audit: AuditLog | None = None, job: Job | None = None
    ) -> None:
        """`job` for one already claimed or run (to export its results)."""
        self.store = store
        self.audit = audit
        self.folder = store.path.parent
        self.job = job
        self._lock: FileLock | None = None
        self._runner: BatchRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- the job ---------------------------------------------------------------------

    def claim(self, request: Request) -> Claimed:
        """Take the list's lock, then its job: the unfinished or finished one for this
        content, case, sheet and column, or a new one (always a new one with `new`). The
        content is the bytes imported, whatever the file holds by now."""
        imported = request.imported
        lock = job_lock(
            self.folder, imported.sha256, request.case_reference, imported.sheet, imported.column
        )
        return self._under(
            lock,
            lambda: self.store.job_for(
                imported,
                request.source,
                case_reference=request.case_reference,
                server_url=request.server_url,
                username=request.username,
                agency=request.agency,
                new=request.new,
            ),
        )

    async def claim_waiting(self, request: Request, on_wait: Callable[[], None]) -> Claimed:
        """claim(), waiting while another run of the same list holds it; `on_wait` is
        called once when the wait begins."""
        told = False
        while True:
            try:
                return await asyncio.to_thread(self.claim, request)
            except AlreadyRunning:
                if not told:
                    on_wait()
                    told = True
                await asyncio.sleep(WAIT_POLL)

    def claim_job(self, job: Job, owner: Owner) -> Claimed:
        """Take an existing job of `owner`'s again (resume it, or retry its failed rows);
        NotYours for another clerk's."""
        if not owner.owns(job):
            raise NotYours(f"job {job.id} belongs to another clerk")
        lock = job_lock(self.folder, job.source_sha256, job.case_reference, job.sheet, job.column)
        return self._under(lock, lambda: (self.store.job(job.id), Found.RESUMED))

    def _under(self, lock: FileLock, find: Callable[[], tuple[Job, Found]]) -> Claimed:
        """The job `find` gives, found with `lock` held (and kept held)."""
        self._take(lock)
        try:
            with guarded(self.folder):
                return self._claimed(*find())
        except BaseException:
            self.release()
            raise

    def _take(self, lock: FileLock) -> None:
        self.release()
        try:
            lock.acquire()
        except Busy:
            raise AlreadyRunning(str(lock.path)) from None
        self._lock = lock

    def _claimed(self, job: Job, found: Found) -> Claimed:
        # Picking a job up again is how a clerk says "try the failed rows again", in the
        # window as on the command line.
        retried = self.store.reset_failed(job.id) if found is Found.RESUMED else 0
        if retried:
            job = self.store.job(job.id)
        self.job = job
        return Claimed(job, found, retried, self.store.summary(job.id))

    def release(self) -> None:
        """Let another run of this list go ahead (also done by the process's end)."""
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()

    # -- the run ---------------------------------------------------------------------

    def pending(self) -> int:
        assert self.job is not None
        return self.store.summary(self.job.id).pending

    def check_room(self) -> None:
        """StorageError unless the data folder can record every row still to be sent."""
        need = self.pending() * ROW_BYTES
        check_room(self.folder, need)
        if self.audit is not None and self.audit.path.parent != self.folder:
            check_room(self.audit.path.parent, need)

    async def run(
        self,
        client: SsoClient,
        actor: Actor | None,
        *,
        on_event: Callable[[Event], None] | None = None,
        chunk_size: int = CHUNK_SIZE,
        progress_interval: float = PROGRESS_INTERVAL,
    ) -> RunOutcome:
        """Send the job's pending rows; StorageError, before anything is sent, when the
        data folder could not record them."""
        job = self.job
        assert job is not None and self._lock is not None, "claim() first"
        await asyncio.to_thread(self.check_room)
        report = on_event or (lambda _event: None)
        self._loop = asyncio.get_running_loop()
        self._runner = BatchRunner(
            client,
            self.store,
            job.id,
            chunk_size=chunk_size,
            on_progress=report,
            on_rows=lambda rows: report(RowsChanged(rows)),
            progress_interval=progress_interval,
            audit=self.audit,
            actor=actor,
        )
        try:
            return await self._runner.run()
        finally:
            self._runner = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def paused(self) -> bool:
        return self._runner is not None and self._runner.paused

    def pause(self) -> None:
        self._control("pause")

    def resume(self) -> None:
        self._control("resume")

    def stop(self) -> None:
        """Stop sending; the job stays resumable (closing the window)."""
        self._control("stop")

    def cancel(self) -> None:
        self._control("cancel")

    def _control(self, action: str) -> None:
        # The runner belongs to its loop's thread: control it there.
        runner, loop = self._runner, self._loop
        if runner is not None and loop is not None:
            loop.call_soon_threadsafe(getattr(runner, action))

    # -- the results -----------------------------------------------------------------

    def export(
        self,
        path: str | Path,
        *,
        agency: str = "",
        clerk: str = "",
        progress: exporting.ExportProgress | None = None,
    ) -> Path:
        assert self.job is not None
        return exporting.export(
            self.store, self.job.id, path, agency=agency, clerk=clerk, progress=progress
        )


def keep_pasted(text: str, folder: Path) -> Path:
    """Pasted IDs become a file of their own in `folder`, so their job can be found again
    and resumed like any other."""
    with guarded(folder):
        private_dir(folder)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        path = folder / f"pasted-{digest}.txt"
        if not path.exists():
            # The bytes import_list digested: the same list finds its job again.
            private_file(path).write_bytes(text.encode("utf-8"))
    return path
