"""Verifying files from outside in worker processes, with a time and memory limit.

pyHanko caps stream decoding and ``verify.py`` caps file and image sizes, but a
hostile PDF can still find a slow path (deep structures, pathological cross-reference
tables). A worker process is the one bound that always holds: each file gets
``timeout_s`` of wall time, the worker's address space is capped at ``memory_bytes``
(POSIX ``RLIMIT_AS``; on Windows only the timeout applies), and a worker that runs
over is killed and replaced. The verdict for such a file is UNREADABLE.

Workers are started with "spawn" (never "fork"): the app runs Qt and asyncio threads,
which a forked child would inherit in an undefined state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop.core.isolation import limit_this_process

from .revocation import DEFAULT_MAX_AGE, RevocationData
from .trust import TrustProfile
from .verify import Verification, unreadable, verify_bytes, verify_path

DEFAULT_TIMEOUT_S = 15.0
DEFAULT_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
START_TIMEOUT_S = 60.0


def _serve(
    conn: Connection,
    memory_bytes: int | None,
    trust: TrustProfile,
    revocations: RevocationData | None,
    max_age: dt.timedelta,
) -> None:
    """The worker's loop: one job in, one Verification out, until the pipe closes."""
    limit_this_process(memory_bytes)
    # pyHanko logs every failed path or odd file with a traceback; in a worker that is
    # noise on the parent's stderr, and the verdict's checks carry the reason.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    # Import the heavy parts now, so the first file's time limit covers only its check.
    import pyhanko.sign.validation  # noqa: F401
    import zxingcpp  # noqa: F401

    conn.send("ready")
    while True:
        try:
            op, arg, now = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if op == "path":
                result = verify_path(arg, trust, revocations, now, max_age=max_age)
            else:
                result = verify_bytes(arg, trust, revocations, now, max_age=max_age)
        except MemoryError:
            result = unreadable(arg if op == "path" else None, _OOM, trust, revocations, now)
        conn.send(result)


_OOM = "the check needed more memory than allowed"


class _Worker:
    def __init__(self, sandbox: SandboxedVerifier) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_serve,
            args=(child, sandbox.memory_bytes, sandbox.trust, sandbox.revocations, sandbox.max_age),
            name="estelam-verify",
            daemon=True,
        )
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(START_TIMEOUT_S) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise RuntimeError("the verification worker did not start")

    def run(self, job: tuple[str, Any, dt.datetime | None], timeout_s: float) -> Any:
        """The worker's answer; raises TimeoutError or EOFError (it died)."""
        self.conn.send(job)
        if not self.conn.poll(timeout_s):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


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
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.workers):
            self._idle.put(None)  # started on first use
        self._all: list[_Worker] = []
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
        with ThreadPoolExecutor(self.workers, thread_name_prefix="estelam-verify") as pool:
            yield from pool.map(lambda p: self.verify_path(p, now), paths)

    def _run(self, job: tuple[str, Any, dt.datetime | None], source: str | None) -> Verification:
        worker = self._idle.get()
        try:
            if worker is None:
                worker = self._start()
            try:
                return worker.run(job, self.timeout_s)
            except TimeoutError:
                detail = f"the check took longer than {self.timeout_s:g} s and was stopped"
            except (EOFError, OSError):
                detail = "the check ran out of memory or crashed"
            self._forget(worker)
            worker = None
            return unreadable(source, detail, self.trust, self.revocations, job[2])
        finally:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self)
        with self._lock:
            if self._closed:
                worker.kill()
                raise RuntimeError("the verifier is closed")
            self._all.append(worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
