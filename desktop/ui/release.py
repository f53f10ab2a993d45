"""Letting go of a large list of results without stalling the window."""

from __future__ import annotations

import threading
from typing import Any

#: Items freed at a time: a few milliseconds' work, after which another thread (the
#: window's) may take the interpreter.
SLICE = 256


def release(items: list[Any]) -> None:
    """Empty `items`, a list nobody else uses, freeing what only it kept alive.

    Two hundred thousand answered rows are millions of objects, and freeing them is one
    uninterruptible step that holds the interpreter for a second or more, on whichever
    thread drops the last reference. Emptied a slice at a time on a thread of its own,
    the window gets its turn between slices.
    """
    if len(items) <= SLICE:
        items.clear()
        return
    threading.Thread(target=_drain, args=(items,), name="release", daemon=True).start()


def _drain(items: list[Any]) -> None:
    while items:
        del items[-SLICE:]
