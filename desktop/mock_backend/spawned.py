"""The mock served from a process of its own, for a program that starts it and goes on
with its work (the app's demo): the process says over a pipe where it listens, and stops
once the pipe closes, its parent done with it or gone."""

from __future__ import annotations

import contextlib
import os
from multiprocessing.connection import Connection
from pathlib import Path

#: What the process sends once: ("listening", url) or ("failed", why).
LISTENING, FAILED = "listening", "failed"

#: How much lower than the window the server's process runs (Unix niceness).
NICENESS = 10


def serve(data_dir: Path, pipe: Connection) -> None:
    """Serve the mock with its demo accounts on a free loopback port until `pipe` closes
    (the target of a spawned process: this module imports only what a spawn needs)."""
    if hasattr(os, "nice"):
        # Its start is second to the window's: on a busy machine the window draws first
        # and the server takes the time left; with a core to spare this changes nothing.
        os.nice(NICENESS)
    from .config import MockConfig
    from .server import start_in_thread

    try:
        mock = start_in_thread(MockConfig(data_dir=data_dir, demo=True))
    except Exception as exc:  # the parent shows it; a traceback here would go nowhere
        pipe.send((FAILED, f"{type(exc).__name__}: {exc}"))
        return
    pipe.send((LISTENING, mock.url))
    with contextlib.suppress(EOFError):
        pipe.recv()  # nothing is ever sent: this waits for the parent to close its end
    mock.stop()
