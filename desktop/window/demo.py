"""The one seam between the app and the bundled mock SSO: started for a demo (`--demo`,
or from the welcome) in a process of its own, and inside the app by the self-test.
Nothing else in the product imports mock_backend, so the client could be built without
it. Its heavy parts are imported where used: `--demo` imports this module first thing."""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.paths import demo_backend_dir
from desktop.mock_backend import spawned

if TYPE_CHECKING:
    from desktop.mock_backend.server import RunningMock
    from desktop.ui.context import AppContext

log = logging.getLogger(__name__)

__all__ = ["DemoProcess", "sample_certificate", "start_demo_backend", "start_mock", "use_demo"]

#: Seconds a demo server may take to listen: its process imports a web stack first.
START_TIMEOUT_S = 60.0


class DemoProcess:
    """The mock, with its demo accounts, served from a process of its own (on the other
    core, while the window is built), keeping its data in `folder`. On its first start
    it makes this installation's TEST issuer, which the test trust profile then trusts.
    It stops when stopped, and on its own once this process is gone."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(
            target=spawned.serve, args=(folder, theirs), name="estelam-demo", daemon=True
        )
        self._process.start()
        theirs.close()
        self.url = ""  # once listening

    def wait(self, timeout: float = START_TIMEOUT_S) -> DemoProcess:
        """Block until it listens (call it off the GUI thread); RuntimeError if it could
        not start."""
        try:
            if not self._pipe.poll(timeout):
                raise RuntimeError("the demo server did not start in time")
            said, text = self._pipe.recv()
        except EOFError:
            said, text = spawned.FAILED, "its process ended"
        if said != spawned.LISTENING:
            self.stop()
            raise RuntimeError(f"the demo server did not start: {text}")
        self.url = text
        log.info("demo server started at %s", self.url)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._pipe.close()  # the process stops once it reads the end of the pipe
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout)


def start_demo_backend() -> DemoProcess:
    """Serve the demo mock on a free loopback port from a process of its own; returns
    once it listens (blocks: call it off the GUI thread)."""
    return DemoProcess(demo_backend_dir()).wait()


def start_mock(folder: Path) -> RunningMock:
    """The mock with its demo accounts, in this process, keeping its data in `folder`."""
    from desktop.mock_backend.config import MockConfig
    from desktop.mock_backend.server import start_in_thread

    return start_in_thread(MockConfig(data_dir=folder, demo=True))


def use_demo(ctx: AppContext, url: str) -> None:
    """Make a demo server started after start-up the context's, as `--demo` does at start:
    its certificates are checked under the TEST authority unless the clerk chose a profile.
    The test profile is read again either way: the demo may have just made its root."""
    from desktop.core.certificates import TEST
    from desktop.ui.context import DemoServer

    ctx.demo = DemoServer(url)
    if ctx.proof.profile == TEST or not ctx.prefs.trust_profile_chosen:
        ctx.proof.set_profile(TEST)


def sample_certificate(national_id: str) -> bytes:
    """A certificate PDF as the mock issues one, signed by a throwaway issuer that nothing
    trusts (the self-test draws it)."""
    from desktop.mock_backend.certificates.issuer import make_certificate
    from desktop.mock_backend.certificates.keys import make_keys

    keys, _root_key = make_keys()
    return make_certificate(national_id, keys=keys)[1]
