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
import multiprocessing
import multiprocessing.connection
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
    prepare: Callable[[], None] | None,
    handler: Callable[..., Any],
    args: tuple[Any, ...],
) -> None:
    """The child: capped, prepared, then one request in and one outcome out, until the
    pipe closes. An exception is an outcome too, handed to the parent to raise."""
    limit_this_process(memory_bytes)
    if prepare is not None:
        prepare()
    conn.send("ready")
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
    runs in the child before it says it is ready (heavy imports), so that the first
    request's time limit covers only its own work. A child that runs over its time or
    dies is killed, and ProcessDied raised; the Worker is then spent.
    """

    def __init__(
        self,
        handler: Callable[..., Any],
        *args: Any,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        prepare: Callable[[], None] | None = None,
        name: str = "estelam-worker",
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve,
            args=(child, memory_bytes, prepare, handler, args),
            name=name,
            daemon=True,
        )
        self._process.start()
        child.close()  # the child holds the only other end: its death closes the pipe
        if self._receive(start_timeout_s, "start") != "ready":
            self.kill()
            raise ProcessDied("did not start")

    def call(self, request: Any, timeout_s: float) -> Any:
        """The handler's result for `request`; its exception raised here again."""
        try:
            self._conn.send(request)
        except OSError:
            self.kill()
            raise ProcessDied("ran out of memory or crashed") from None
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
            raise ProcessDied(f"did not start within {timeout_s:g} s")
        raise ProcessDied(f"took longer than {timeout_s:g} s and was stopped")

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)


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
