"""Work a hostile file could crash, run in a process of its own.

Some parsers are native code that can abort the whole interpreter on a crafted file
(calamine on a damaged .xls asks for hundreds of gigabytes and aborts). In a child
process such a file costs the child, not the clerk's window: the parent gets
`ProcessDied` and says the file is damaged. Children are started with "spawn", never
"fork": the app runs Qt and asyncio threads that a forked child would inherit broken.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 2 * 1024**3


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


def _child(
    conn: multiprocessing.connection.Connection,
    memory_bytes: int | None,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    limit_this_process(memory_bytes)
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except Exception as exc:  # handed to the parent, which raises it again
        outcome = ("error", exc)
    conn.send(outcome)
    conn.close()


def run_isolated(
    fn: Callable[..., T],
    *args: Any,
    timeout_s: float = 120.0,
    memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
    **kwargs: Any,
) -> T:
    """`fn(*args, **kwargs)` in a fresh process; its exceptions are raised here again.

    `fn`, its arguments, its result and its exceptions must pickle.
    """
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, memory_bytes, fn, args, kwargs), daemon=True)
    process.start()
    sender.close()  # the child holds the only writer: its death closes the pipe
    try:
        if not receiver.poll(timeout_s):
            raise ProcessDied(f"took longer than {timeout_s:g} s and was stopped")
        try:
            status, value = receiver.recv()
        except EOFError:
            raise ProcessDied("ran out of memory or crashed") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "error":
        raise value
    return value
