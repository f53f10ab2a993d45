"""Work a hostile file could crash, run in a process of its own.

Some parsers are native code that can abort the whole interpreter on a crafted file
(calamine asks for hundreds of gigabytes and aborts), and a hostile PDF can find a slow
path in a checker. In a child process such a file costs the child, not the clerk's
window: the child's address space is capped (POSIX RLIMIT_AS; on Windows only the time
limit applies), a child that runs over its time is killed, and the parent gets
`ProcessDied` saying which. The spreadsheet importer and the certificate verifier both
use the `Worker` here. Children are started with "spawn", never "fork": the app runs Qt
and asyncio threads that a forked child would inherit broken.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import multiprocessing.connection
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 2 * 1024**3
START_TIMEOUT_S = 60.0


class ProcessDied(RuntimeError):
    """The child ran out of memory or time, or crashed; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def limit_this_process(memory_bytes: int | None) -> None:
    """Cap the address space (POSIX) and never write a core dump; a no-op on Windows."""
    try:
        import resource

        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass  # Windows, or a hard limit already lower: the timeout still applies


def _serve(
    conn: multiprocessing.connection.Connection,
    memory_bytes: int | None,
    prepare: Callable[[], None] | str | None,
) -> None:
    """The child: capped, prepared, then told its handler, then one request in and one
    outcome out, until the pipe closes. An exception is an outcome too, handed to the
    parent to raise."""
    limit_this_process(memory_bytes)
    if isinstance(prepare, str):  # "module:function", imported here only
        module, _, name = prepare.partition(":")
        getattr(importlib.import_module(module), name)()
    elif prepare is not None:
        prepare()
    conn.send("ready")
    try:
        handler, args = conn.recv()
    except (EOFError, OSError):
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[str, Any] = ("ok", handler(request, *args))
        except Exception as exc:
            outcome = ("error", exc)
        conn.send(outcome)


class Worker:
    """A child process that answers `call(request)` with `handler(request, *args)`.

    `handler`, its arguments, requests, results and exceptions must pickle. `prepare`
    (a function, or "module:function" so that the parent need not import it) runs in the
    child before it says it is ready (heavy imports), so that the first request's time
    limit covers only its own work. A child that runs over its time or dies is killed,
    and ProcessDied raised; the Worker is then spent.

    Without a handler the child starts and prepares at once but waits for `bind`: work
    whose handler's arguments are not known yet (they come from files the parent is still
    reading) need not wait for the child's start.
    """

    def __init__(
        self,
        handler: Callable[..., Any] | None,
        *args: Any,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        prepare: Callable[[], None] | str | None = None,
        name: str = "estelam-worker",
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve,
            args=(child, memory_bytes, prepare),
            name=name,
            daemon=True,
        )
        self.memory_bytes = memory_bytes
        self.prepare = prepare
        self._start_timeout_s = start_timeout_s
        self._started = time.monotonic()
        self._ready = False
        self._process.start()
        child.close()  # the child holds the only other end: its death closes the pipe
        if handler is not None:
            self.bind(handler, *args)
            self.wait_ready()

    def bind(self, handler: Callable[..., Any], *args: Any) -> None:
        """Give a worker started without a handler its handler and arguments (once)."""
        try:
            self._conn.send((handler, args))
        except OSError:
            self.kill()
            raise ProcessDied("ran out of memory or crashed") from None

    def wait_ready(self) -> None:
        """Wait until the child is prepared: ProcessDied if it did not start within its
        start time (counted from its start)."""
        if self._ready:
            return
        left = self._start_timeout_s - (time.monotonic() - self._started)
        if self._receive(left, "start") != "ready":
            self.kill()
            raise ProcessDied("did not start")
        self._ready = True

    def call(self, request: Any, timeout_s: float) -> Any:
        """The handler's result for `request`; its exception raised here again."""
        self.send(request)
        return self.receive(timeout_s)

    def send(self, request: Any) -> None:
        """Hand the child a request; it takes requests in turn, so a caller may send the
        next before the last is answered and the child never waits for it."""
        self.wait_ready()
        try:
            self._conn.send(request)
        except OSError:
            self.kill()
            raise ProcessDied("ran out of memory or crashed") from None

    def receive(self, timeout_s: float) -> Any:
        """The outcome of the oldest request not yet answered, which has `timeout_s` from
        now (its time limit, when the request before it has just been answered)."""
        status, value = self._receive(timeout_s, "work")
        if status == "error":
            raise value
        return value

    def _receive(self, timeout_s: float, stage: str) -> Any:
        try:
            if self._conn.poll(max(0.0, timeout_s)):
                return self._conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise ProcessDied("ran out of memory or crashed") from None
        self.kill()
        if stage == "start":
            raise ProcessDied(f"did not start within {self._start_timeout_s:g} s")
        raise ProcessDied(f"took longer than {timeout_s:g} s and was stopped")

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)


_spares: list[Worker] = []
_spares_lock = threading.Lock()


def start_spare(
    prepare: str, memory_bytes: int | None = DEFAULT_MEMORY_BYTES, name: str = "estelam-worker"
) -> Worker:
    """Start a worker without a handler now, for the first `take_spare` with the same
    `prepare` and memory: its start and imports then run while this process does its own
    (on another core), not after. A spare nobody takes dies with this process."""
    worker = Worker(None, memory_bytes=memory_bytes, prepare=prepare, name=name)
    with _spares_lock:
        _spares.append(worker)
    return worker


def take_spare(prepare: str, memory_bytes: int | None) -> Worker | None:
    """A spare worker started by `start_spare` with this `prepare` and memory, or None."""
    with _spares_lock:
        for worker in _spares:
            if worker.prepare == prepare and worker.memory_bytes == memory_bytes:
                _spares.remove(worker)
                return worker
    return None


def _apply(call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> Any:
    fn, args, kwargs = call
    return fn(*args, **kwargs)


def run_isolated(
    fn: Callable[..., T],
    *args: Any,
    timeout_s: float = 120.0,
    memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
    **kwargs: Any,
) -> T:
    """`fn(*args, **kwargs)` in a fresh process, started and finished within `timeout_s`;
    its exceptions are raised here again. `fn`, its arguments, its result and its
    exceptions must pickle."""
    deadline = time.monotonic() + timeout_s
    worker = Worker(_apply, memory_bytes=memory_bytes, start_timeout_s=timeout_s)
    try:
        left = deadline - time.monotonic()
        try:
            result: T = worker.call((fn, args, kwargs), left)
        except ProcessDied as died:
            if died.reason.startswith("took longer"):
                raise ProcessDied(f"took longer than {timeout_s:g} s and was stopped") from None
            raise
        return result
    finally:
        worker.kill()
