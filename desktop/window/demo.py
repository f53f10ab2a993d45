"""The one seam between the app and the bundled mock SSO: started inside the app for a
demo (`--demo`, or from the welcome) and by the self-test. Nothing else in the product
imports mock_backend, so the client could be built without it."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.core.certificates import TEST
from desktop.core.paths import demo_backend_dir
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.mock_backend.certificates.keys import make_keys
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.server import RunningMock, start_in_thread
from desktop.ui.context import AppContext, DemoServer

log = logging.getLogger(__name__)

__all__ = ["RunningMock", "sample_certificate", "start_demo_backend", "start_mock", "use_demo"]


def start_demo_backend() -> RunningMock:
    """Serve the mock, with its demo accounts, on a free loopback port (blocks until it
    listens: call it off the GUI thread once the window is up). On its first start it
    makes this installation's TEST issuer, which the test trust profile then trusts."""
    folder = demo_backend_dir()
    folder.mkdir(parents=True, exist_ok=True)
    mock = start_mock(folder)
    log.info("demo server started at %s", mock.url)
    return mock


def start_mock(folder: Path) -> RunningMock:
    """The mock with its demo accounts, keeping its data in `folder`."""
    return start_in_thread(MockConfig(data_dir=folder, demo=True))


def use_demo(ctx: AppContext, url: str) -> None:
    """Make a demo server started after start-up the context's, as `--demo` does at start:
    its certificates are checked under the TEST authority unless the clerk chose a profile.
    The test profile is read again either way: the demo may have just made its root."""
    ctx.demo = DemoServer(url)
    if ctx.proof.profile == TEST or not ctx.prefs.trust_profile_chosen:
        ctx.proof.set_profile(TEST)


def sample_certificate(national_id: str) -> bytes:
    """A certificate PDF as the mock issues one, signed by a throwaway issuer that nothing
    trusts (the self-test draws it)."""
    keys, _root_key = make_keys()
    return make_certificate(national_id, keys=keys)[1]
