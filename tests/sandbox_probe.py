"""A handler for a sandbox worker that says which modules the check loaded; kept apart
from the tests so that unpickling it in the worker imports nothing more."""

from __future__ import annotations

import os
import sys
from typing import Any

from desktop.core.certificates import RevocationData, TrustProfile, sandbox, verify_path

UNWANTED = ("aiohttp", "requests", "httpx", "pyhanko.sign.signers", "pyhanko.sign.timestamps")


def check_and_list(path: str, trust: TrustProfile, crl: RevocationData) -> tuple[Any, list[str]]:
    verdict = verify_path(path, trust, crl).verdict
    return verdict, sorted(m for m in sys.modules if m.startswith(UNWANTED))


def check_or_die(job: Any, *args: Any) -> Any:
    """The sandbox's check, except that the process exits on a file named dies.pdf."""
    if str(job[1]).endswith("dies.pdf"):
        os._exit(3)
    return sandbox._check(job, *args)
