"""The TEST issuer of a test run: made once per run by the mock's own code, never
committed. Every mock a test starts signs with it, and each test's data directory holds
it as the demo's root, so the `test` trust profile trusts it as it would a demo's."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from desktop.core.certificates import TrustProfile
from desktop.mock_backend.certificates import keys
from desktop.mock_backend.certificates.keys import IssuerKeys


@functools.cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="estelam-test-issuer-"))
    atexit.register(shutil.rmtree, folder, True)
    keys.issuer_keys(folder)  # made here, as a mock makes its own on first start
    return folder


@functools.cache
def issuer() -> IssuerKeys:
    """The run's TEST root, signer and signing key."""
    return keys.issuer_keys(_folder())


def root_pem() -> Path:
    """The run's `trust/test-root.pem`, for `--trust-root`."""
    return _folder() / keys.TRUST_FOLDER / keys.ROOT_CERT


def trusted() -> TrustProfile:
    """The test profile, trusting the run's issuer."""
    return TrustProfile.named("test", [root_pem()])


def install(data_dir: Path) -> None:
    """Give a mock's data directory (or the demo's) the run's issuer, before it starts."""
    target = data_dir / keys.TRUST_FOLDER
    if not target.exists():
        shutil.copytree(_folder() / keys.TRUST_FOLDER, target)
