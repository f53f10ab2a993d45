"""The first thing `estelam-desk verify` does, before its own imports: start a sandbox
worker. The worker's imports (pyHanko, cryptography) are most of a one-file run; started
first, they run beside the command's own imports on another core instead of after them.
Imports nothing of the command or of the checker (see ``desktop.core.isolation``)."""

from __future__ import annotations

from collections.abc import Sequence

#: ``desktop.core.certificates.sandbox.PREPARE``, named here so as not to import it.
SANDBOX_PREPARE = "desktop.core.certificates.sandbox:_prepare"


def start_worker(argv: Sequence[str]) -> None:
    """Start the worker the command's first file will take; `argv` follows `verify`.
    Help asked for checks nothing."""
    if "-h" in argv or "--help" in argv:
        return
    from desktop.core.isolation import start_spare

    start_spare(SANDBOX_PREPARE)
