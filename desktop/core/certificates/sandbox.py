"""Verifying files from outside in worker processes, with a time and memory limit.

pyHanko caps stream decoding and ``verify.py`` caps file and image sizes, but a
hostile PDF can still find a slow path (deep structures, pathological cross-reference
tables). A worker process (``desktop.core.isolation.Worker``) is the one bound that
always holds: each file gets ``timeout_s`` of wall time, the worker's address space is
capped at ``memory_bytes``, and a worker that runs over is killed and replaced. The
verdict for such a file is UNREADABLE.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import queue
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from desktop.core.isolation import DEFAULT_MEMORY_BYTES, ProcessDied, Worker, take_spare

from .revocation import DEFAULT_MAX_AGE, RevocationData
from .trust import TrustProfile
from .verify import Verification, unreadable, verify_bytes, verify_path

DEFAULT_TIMEOUT_S = 15.0

#: What a worker is sent: ("path", a path) or ("bytes", the file), and ``now`` (None:
#: the time of the check).
_Job = tuple[str, Any, dt.datetime | None]
#: Files a worker is sent ahead of its answers: the next is there when it finishes one.
_AHEAD = 2


#: What a worker runs before it takes a file, by name: a command may start a worker
#: (``isolation.start_spare``) before it has imported this package.
PREPARE = f"{__name__}:_prepare"


def _prepare() -> None:
    """In the worker, before it takes a file."""
    # pyHanko logs every failed path or odd file with a traceback; in a worker that is
    # noise on the parent's stderr, and the verdict's checks carry the reason.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    # Import the heavy parts now, so the first file's time limit covers only its check.
    _import_validation_only()
    import pyhanko.sign.validation  # noqa: F401
    import zxingcpp  # noqa: F401


def _import_validation_only() -> None:
    """Import ``pyhanko.sign.validation`` without ``pyhanko.sign``'s own __init__.

    That __init__ imports the signers, their timestamp client and so aiohttp, whose
    import builds TLS contexts: about half of a worker's start, for signing and network
    code a worker that only checks never runs. The submodules load as usual; only the
    names the package re-exports are missing, and nothing on the checking path uses them.
    Where that cannot be done (another layout of pyHanko), the whole package is imported.
    """
    if "pyhanko.sign" in sys.modules:
        return
    spec = importlib.util.find_spec("pyhanko.sign")
    if spec is None or not spec.submodule_search_locations:
        return
    import pyhanko

    sys.modules["pyhanko.sign"] = pyhanko.sign = importlib.util.module_from_spec(spec)
    try:
        import pyhanko.sign.validation
    except ImportError:
        for name in [
            m for m in sys.modules if m == "pyhanko.sign" or m.startswith("pyhanko.sign.")
        ]:
            del sys.modules[name]
        del pyhanko.sign


def _check(
    job: _Job,
    trust: TrustProfile,
    revocations: RevocationData | None,
    max_age: dt.timedelta,
) -> Verification:
    """In the worker: one file (a path or its bytes) to its Verification."""
    op, arg, now = job
    try:
        if op == "path":
            return verify_path(arg, trust, revocations, now, max_age=max_age)
        return verify_bytes(arg, trust, revocations, now, max_age=max_age)
    except MemoryError:
        return unreadable(arg if op == "path" else None, _OOM, trust, revocations, now)


_OOM = "the check needed more memory than allowed"


class SandboxedVerifier:
    """``verify_path``/``verify_bytes`` in worker processes, bounded in time and memory."""

    def __init__(
        self,
        trust: TrustProfile,
        revocations: RevocationData | None,
        *,
        workers: int = 1,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        max_age: dt.timedelta = DEFAULT_MAX_AGE,
    ) -> None:
        self.trust = trust
        self.revocations = revocations
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self.max_age = max_age
        self.workers = max(1, workers)
        self._idle: queue.Queue[Worker | None] = queue.Queue()
        for _ in range(self.workers):
            self._idle.put(None)  # started on first use
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> SandboxedVerifier:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()

    def verify_path(self, path: str | Path, now: dt.datetime | None = None) -> Verification:
        return self._run(("path", str(path), now), str(path))

    def verify_bytes(
        self, data: bytes, now: dt.datetime | None = None, source: str | None = None
    ) -> Verification:
        return self._run(("bytes", data, now), source)

    def verify_many(
        self, paths: Iterable[str | Path], now: dt.datetime | None = None
    ) -> Iterator[Verification]:
        """Results in the order of ``paths``, checked ``workers`` at a time."""
        for batch in self.verify_batches(paths, now):
            yield from batch

    def verify_batches(
        self,
        paths: Iterable[str | Path],
        now: dt.datetime | None = None,
        *,
        most: int = 16,
        fill: bool = True,
    ) -> Iterator[list[Verification]]:
        """The results of ``verify_many`` in lists of at most ``most``, in order. With
        ``fill`` each list waits for ``most`` results (the last may hold fewer). Without,
        a list holds the next result and those after it already checked: nothing waits
        for a file still being checked, and a caller that spends time on each list (an
        audit transaction) catches up with faster workers in longer lists."""
        jobs: list[_Job] = [("path", str(path), now) for path in paths]
        todo = deque(range(len(jobs)))
        answers: list[Future[Verification]] = [Future() for _ in jobs]
        stop = threading.Event()
        feeders = [
            threading.Thread(
                target=self._feed, args=(jobs, todo, answers, stop), name="estelam-verify"
            )
            for _ in range(min(self.workers, len(jobs)))
        ]
        for feeder in feeders:
            feeder.start()
        pending = deque(answers)
        try:
            while pending:
                batch = [pending.popleft().result()]
                while pending and len(batch) < most and (fill or pending[0].done()):
                    batch.append(pending.popleft().result())
                yield batch
        finally:  # a caller that stops early leaves no file to be checked
            stop.set()
            for feeder in feeders:
                feeder.join()

    def _feed(
        self,
        jobs: list[_Job],
        todo: deque[int],
        answers: list[Future[Verification]],
        stop: threading.Event,
    ) -> None:
        """One worker's share of ``verify_batches``: files taken in turn from ``todo``,
        the next one sent before the last is answered (the worker never waits for this
        process between two files); each still has ``timeout_s`` of its own."""
        worker = self._idle.get()
        sent: deque[int] = deque()

        def spent(dead: Worker, culprit: int, died: ProcessDied) -> None:
            # The file a worker died on is UNREADABLE; those it had not begun go back.
            self._forget(dead)
            answers[culprit].set_result(self._failed(jobs[culprit], jobs[culprit][1], died))
            todo.extendleft(reversed(sent))
            sent.clear()

        try:
            while True:
                while len(sent) < _AHEAD and not stop.is_set():
                    try:
                        index = todo.popleft()
                    except IndexError:
                        break
                    if worker is None:
                        try:
                            worker = self._start()
                        except Exception as exc:  # no worker: fail what is left
                            todo.appendleft(index)
                            while todo:
                                answers[todo.popleft()].set_exception(exc)
                            return
                    try:
                        worker.send(jobs[index])
                    except ProcessDied as died:
                        if sent:  # it died on the file before this one
                            todo.appendleft(index)
                            index = sent.popleft()
                        spent(worker, index, died)
                        worker = None
                        continue
                    sent.append(index)
                if not sent or worker is None:
                    return
                index = sent.popleft()
                try:
                    answers[index].set_result(self._answer(worker, jobs[index], jobs[index][1]))
                except ProcessDied as died:
                    spent(worker, index, died)
                    worker = None
        finally:
            self._idle.put(worker)

    def _run(self, job: _Job, source: str | None) -> Verification:
        worker = self._idle.get()
        try:
            if worker is None:
                worker = self._start()
            try:
                worker.send(job)
                return self._answer(worker, job, source)
            except ProcessDied as died:  # the worker is spent: a fresh one takes the next
                self._forget(worker)
                worker = None
                return self._failed(job, source, died)
        finally:
            self._idle.put(worker)

    def _answer(self, worker: Worker, job: _Job, source: str | None) -> Verification:
        """The worker's verdict on the file it was sent first; ProcessDied when it died
        on it or ran out of time (it is then killed)."""
        try:
            result: Verification = worker.receive(self.timeout_s)
            return result
        except ProcessDied:
            raise
        except Exception as exc:  # the check itself failed on this file; no verdict
            return self._failed(job, source, exc)

    def _failed(self, job: _Job, source: str | None, error: Exception) -> Verification:
        if isinstance(error, ProcessDied):
            detail = f"the check {error.reason}"
        else:
            detail = f"the check failed ({type(error).__name__}: {error})"
        return unreadable(source, detail, self.trust, self.revocations, job[2])

    def _start(self) -> Worker:
        worker = take_spare(PREPARE, self.memory_bytes) or Worker(
            None, memory_bytes=self.memory_bytes, prepare=PREPARE
        )
        worker.bind(_check, self.trust, self.revocations, self.max_age)
        worker.wait_ready()
        with self._lock:
            if self._closed:
                worker.kill()
                raise RuntimeError("the verifier is closed")
            self._all.append(worker)
        return worker

    def _forget(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
