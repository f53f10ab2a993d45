"""The one way the GUI runs network work: an asyncio loop on its own thread.

A view hands a coroutine to `AsyncBridge.run`; the returned `BackgroundJob` reports back
through Qt signals that are always delivered on the GUI thread.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

log = logging.getLogger(__name__)


class BackgroundJob(QObject):
    """A coroutine running on the bridge's loop."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    progress = Signal(object)  # whatever the coroutine reports, in order
    finished = Signal()  # after succeeded or failed, or after cancel

    def __init__(self, relay: _Relay, parent: QObject) -> None:
        super().__init__(parent)
        self._relay = relay
        self._future: concurrent.futures.Future[Any] | None = None

    def report(self, payload: object) -> None:
        """Called from any thread; `progress` is emitted on the GUI thread."""
        self._relay.post(self, payload)

    def cancel(self) -> None:
        if self._future is not None:
            self._future.cancel()


class _Relay(QObject):
    """Hands finished jobs from the loop thread to the GUI thread.

    The loop thread only appends to a deque and posts a bare event (both thread-safe);
    every Python object is touched on the GUI thread alone. Emitting a Qt signal with
    Python arguments from a non-Qt thread corrupts reference counts under load.
    """

    _EVENT = QEvent.Type(QEvent.registerEventType())

    _DONE = object()

    def __init__(self) -> None:
        super().__init__()
        self._queue: collections.deque[tuple[BackgroundJob, object]] = collections.deque()

    def post(self, job: BackgroundJob, payload: object = _DONE) -> None:
        self._queue.append((job, payload))
        QCoreApplication.postEvent(self, QEvent(self._EVENT))

    def event(self, event: QEvent) -> bool:
        if event.type() != self._EVENT:
            return super().event(event)
        while self._queue:
            job, payload = self._queue.popleft()
            if payload is self._DONE:
                self._deliver(job)
            else:
                job.progress.emit(payload)
        return True

    @staticmethod
    def _deliver(job: BackgroundJob) -> None:
        future = job._future
        assert future is not None
        try:
            if future.cancelled():
                pass
            elif (error := future.exception()) is not None:
                job.failed.emit(error)
            else:
                job.succeeded.emit(future.result())
        finally:
            job.finished.emit()
            job.deleteLater()


class AsyncBridge(QObject):
    """Owns the asyncio loop thread; start once, stop (and join) on quit."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loop = asyncio.new_event_loop()
        # The pool behind asyncio.to_thread, owned here so that stop() can drop what is
        # queued and join the threads; the loop's own default pool would outlive it.
        self._workers = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="bridge-worker")
        self._loop.set_default_executor(self._workers)
        self._thread = threading.Thread(target=self._run_loop, name="asyncio", daemon=True)
        self._relay = _Relay()
        self._thread.start()

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    @property
    def stopped(self) -> bool:
        """True once `stop` has ended the loop: nothing more can run."""
        return self._loop.is_closed()

    def run(
        self,
        work: Coroutine[Any, Any, Any]
        | Callable[[Callable[[object], None]], Coroutine[Any, Any, Any]],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> BackgroundJob:
        """Run a coroutine, or `work(report)` for one that reports progress as it goes."""
        job = BackgroundJob(self._relay, self)
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_error is not None:
            job.failed.connect(on_error)
        if on_progress is not None:
            job.progress.connect(on_progress)
        coro = work if asyncio.iscoroutine(work) else work(job.report)
        if self.stopped:
            coro.close()  # never started, so no "was never awaited" warning
            raise RuntimeError("background work has stopped: the app is closing")
        job._future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        job._future.add_done_callback(lambda _f: self._relay.post(job))
        return job

    def call(self, coro: Coroutine[Any, Any, Any], timeout: float = 5.0) -> Any:
        """Wait for a coroutine; only for shutdown paths where waiting is the point."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel what is still running, drop the worker threads' queued calls, join the
        workers (each `timeout` at most), then stop the loop and join its thread."""
        if not self._thread.is_alive():
            return

        async def _cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self.call(_cancel_all(), timeout)
        finally:
            # A call already running in a worker cannot be interrupted: wait for it, with
            # the loop still running so that its result is delivered and dropped.
            self._workers.shutdown(wait=False, cancel_futures=True)
            joiner = threading.Thread(target=self._workers.shutdown, name="bridge-join")
            joiner.start()
            joiner.join(timeout)
            if joiner.is_alive():
                log.warning("background work still running after %.0f s at shutdown", timeout)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._loop.close()
