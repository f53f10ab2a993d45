"""Work a hostile file could crash, run in a process of its own.

Some parsers are native code that can abort the whole interpreter on a crafted file
(calamine asks for hundreds of gigabytes and aborts), and a hostile PDF can find a slow
path in a checker. In a child process such a file costs the child, not the clerk's
window: the child's address space is capped (POSIX RLIMIT_AS; on Windows only the time
limit applies), a child that runs over its time is killed, and the parent gets
`ProcessDied` saying which. The spreadsheet importer and the certificate verifier both
use the `Worker` here.

A child is a fresh interpreter (never a fork: the app runs Qt and asyncio threads that a
forked child would inherit broken) that speaks pickles over its standard input and
output; a frozen build starts itself with CHILD_FLAG. Not multiprocessing's "spawn": it
also starts a resource tracker process on POSIX (12 MB, for semaphores the workers do
not use) and has the child import the parent's main module.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import IO, Any, TypeVar

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 2 * 1024**3
START_TIMEOUT_S = 60.0
#: The argument a frozen build is started with to be a worker (see desktop.app).
CHILD_FLAG = "--isolated-worker"


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


_HEADER = struct.Struct("!Q")


def _write(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    """The next value; EOFError when the other side has gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def serve_child() -> int:
    """The child: capped, prepared, then told its handler, then one request in and one
    outcome out, until its input closes. An exception is an outcome too, handed to the
    parent to raise. Requests come from what was standard input and outcomes go where
    standard output went; the work itself reads nothing and prints to standard error,
    so it cannot break the exchange."""
    inbox = os.fdopen(os.dup(0), "rb")
    outbox = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    try:
        os.dup2(sys.stderr.fileno(), 1)
    except (AttributeError, OSError, ValueError):  # no standard error (a windowed build)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        memory_bytes, prepare = _read(inbox)
        limit_this_process(memory_bytes)
        if isinstance(prepare, str):  # "module:function", imported here only
            module, _, name = prepare.partition(":")
            getattr(importlib.import_module(module), name)()
        elif prepare is not None:
            prepare()
        _write(outbox, "ready")
        handler, args = _read(inbox)
        while True:
            request = _read(inbox)
            try:
                outcome: tuple[str, Any] = ("ok", handler(request, *args))
            except Exception as exc:
                outcome = ("error", exc)
            _write(outbox, outcome)
    except (EOFError, OSError):  # the parent has gone or let this worker go
        return 0


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    # The parent's import path, as it is now (a test's or a tool's additions too).
    code = f"import sys; sys.path[:] = {sys.path!r}; import {__name__} as i; i.serve_child()"
    return [sys.executable, "-c", code]


_EOF = object()
_live: weakref.WeakSet[Worker] = weakref.WeakSet()


@atexit.register
def _kill_live() -> None:
    """A worker lives no longer than the process that started it."""
    for worker in list(_live):
        worker.kill()


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
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        self.memory_bytes = memory_bytes
        self.prepare = prepare
        self._start_timeout_s = start_timeout_s
        self._started = time.monotonic()
        self._ready = False
        self._process = subprocess.Popen(
            _command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Windows: no console window flashing up for a worker of the windowed app.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._to_child: IO[bytes] = self._process.stdin
        # Read on a thread of its own: waiting for an outcome with a time limit is then a
        # queue's get, on every platform.
        self._from_child: queue.SimpleQueue[Any] = queue.SimpleQueue()
        threading.Thread(target=self._collect, args=(self._process.stdout,), daemon=True).start()
        _live.add(self)
        self._send((memory_bytes, prepare))
        if handler is not None:
            self.bind(handler, *args)
            self.wait_ready()

    def _collect(self, stream: IO[bytes]) -> None:
        try:
            while True:
                self._from_child.put(_read(stream))
        except Exception:  # gone, or an outcome that cannot be read: the child is spent
            self._from_child.put(_EOF)
        finally:
            stream.close()

    def _send(self, value: Any) -> None:
        try:
            _write(self._to_child, value)
        except (OSError, ValueError):  # a closed pipe: the child is gone
            self.kill()
            raise ProcessDied("ran out of memory or crashed") from None

    def bind(self, handler: Callable[..., Any], *args: Any) -> None:
        """Give a worker started without a handler its handler and arguments (once)."""
        self._send((handler, args))

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
        self._send(request)

    def receive(self, timeout_s: float) -> Any:
        """The outcome of the oldest request not yet answered, which has `timeout_s` from
        now (its time limit, when the request before it has just been answered)."""
        status, value = self._receive(timeout_s, "work")
        if status == "error":
            raise value
        return value

    def _receive(self, timeout_s: float, stage: str) -> Any:
        try:
            value = self._from_child.get(timeout=max(0.0, timeout_s))
        except queue.Empty:
            self.kill()
            if stage == "start":
                raise ProcessDied(f"did not start within {self._start_timeout_s:g} s") from None
            raise ProcessDied(f"took longer than {timeout_s:g} s and was stopped") from None
        if value is _EOF:
            self.kill()
            raise ProcessDied("ran out of memory or crashed")
        return value

    def kill(self) -> None:
        _live.discard(self)
        with contextlib.suppress(OSError):
            self._to_child.close()
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(5)


_spares: list[Worker] = []
_spares_lock = threading.Lock()


def start_spare(prepare: str, memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> Worker:
    """Start a worker without a handler now, for the first `take_spare` with the same
    `prepare` and memory: its start and imports then run while this process does its own
    (on another core), not after. A spare nobody takes dies with this process."""
    worker = Worker(None, memory_bytes=memory_bytes, prepare=prepare)
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
