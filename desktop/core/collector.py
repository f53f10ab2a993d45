"""Building many objects at once without the cyclic garbage collector walking them.

Every few hundred allocations the collector walks the young objects, and every so often
all of them, holding the interpreter the whole time: while a worker thread builds a few
hundred thousand rows, each full walk held the window still for 20-50 ms. Rows hold no
reference cycles, so the walks free nothing; reference counting frees the rows.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# Pauses overlap (an import in one thread, an export in another): the collector is off
# from the first one's start to the last one's end, and then as it was before.
_lock = threading.Lock()
_pauses = 0
_keeping = 0  # of the pauses under way, those that freeze what they built at their end
_was_enabled = True


@contextlib.contextmanager
def paused_collection(keep: bool = False) -> Iterator[None]:
    """Pause the cyclic collector while the block builds objects.

    keep: what the block builds lives on (a table's rows, a run's queue), so it is moved
    out of the collector's reach at the end (gc.freeze): otherwise the first walk after
    the pause meets all of it at once (50 ms at 200,000 rows). The young generations
    are collected first, so that garbage cycles made before the block are freed rather
    than frozen for good.
    """
    global _pauses, _keeping, _was_enabled
    if keep:
        _collect_young()
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
        _keeping += keep
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            _keeping -= keep
            if keep:
                gc.freeze()
            if _pauses == 0 and _was_enabled:
                gc.enable()


def keep_survivors() -> None:
    """Collect the young generations and move what survives them (objects that live on,
    such as rows a table just took) out of the collector's reach."""
    if _collect_young():
        gc.freeze()


def _collect_young() -> bool:
    """Collect the young generations, unless a pause that keeps what it builds is under
    way in another thread: that walk would meet everything the pause has built so far
    (30 ms at 100,000 rows), and the pause freezes it all at its end anyway. One that
    keeps nothing (an export, whose rows are freed as they are written) neither holds
    much for the walk nor freezes anything, so the walk and the freeze are done now."""
    with _lock:
        if _keeping:
            return False
    gc.collect(1)
    return True
