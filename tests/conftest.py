"""Shared fixtures: the mock SSO backend started as a real subprocess on a loopback port.

Kept free of Qt imports so API-only test runs never load Qt.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 30.0
LISTENING = "Estelam mock SSO listening on "
DEMO_USER = "demo.clerk"
DEMO_USER2 = "demo.clerk2"
DEMO_PASSWORD = "demo-pass"


@dataclass
class MockProcess:
    """A running `python -m desktop.mock_backend`; `.url` has no trailing slash."""

    url: str
    data_dir: Path
    process: subprocess.Popen[str] = field(repr=False)
    stderr_path: Path = field(repr=False)

    def stop(self) -> None:
        """Terminate (SIGTERM) and wait; kill if it does not stop in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def _flags(options: dict[str, Any]) -> list[str]:
    flags: list[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            flags.append(flag)
        elif value is not False and value is not None:
            flags += [flag, str(value)]
    return flags


def launch_mock(data_dir: Path, *, own_issuer: bool = False, **options: Any) -> MockProcess:
    """Start the mock on a free port and wait for its listening line.

    Options become flags: `fail_rate=1.0` -> `--fail-rate 1.0`, `demo=True` -> `--demo`.
    Test endpoints are on and latency is 0 unless given otherwise. The mock signs with
    the run's TEST issuer (tests/issuer_fixtures.py), unless `own_issuer` lets it make
    its own on first start.
    """
    from tests import issuer_fixtures

    options = {"test_endpoints": True, "latency_ms": 0, **options}
    data_dir.mkdir(parents=True, exist_ok=True)
    if not own_issuer:
        issuer_fixtures.install(data_dir)
    # One log per start: a restart on the same data dir keeps the earlier log.
    stderr_path = data_dir / f"mock-stderr-{time.monotonic_ns()}.log"
    cmd = [
        sys.executable,
        "-m",
        "desktop.mock_backend",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--data-dir",
        str(data_dir),
        *_flags(options),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    with stderr_path.open("w", encoding="utf-8") as err:
        # stderr goes to a file: the mock logs every SMS there and a full pipe would stall it.
        process = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
        )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: lines.put(process.stdout.readline() if process.stdout else ""),
        daemon=True,
    ).start()
    mock = MockProcess("", data_dir, process, stderr_path)
    try:
        line = lines.get(timeout=START_TIMEOUT_S)
    except queue.Empty:
        line = ""
    if not line.startswith(LISTENING):
        mock.stop()
        raise RuntimeError(
            f"the mock did not start (exit {process.returncode}); stdout {line!r}; "
            f"stderr:\n{mock.stderr()}"
        )
    mock.url = line[len(LISTENING) :].strip()
    return mock


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """One mock for the whole session (test endpoints on, no latency, default limits)."""
    mock = launch_mock(tmp_path_factory.mktemp("mock-sso"))
    yield mock
    mock.stop()


@pytest.fixture
def start_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., MockProcess]]:
    """Factory for a mock with other knobs: `start_mock(fail_rate=1.0, quota=3)`.

    `data_dir=` reuses a directory (to restart on the same state); every mock started
    here is stopped at teardown.
    """
    started: list[MockProcess] = []

    def start(data_dir: Path | None = None, **options: Any) -> MockProcess:
        """`own_issuer=True`: the mock makes its own TEST issuer (see launch_mock)."""
        mock = launch_mock(data_dir or tmp_path_factory.mktemp("mock-sso"), **options)
        started.append(mock)
        return mock

    yield start
    for mock in started:
        mock.stop()


def read_otp_code(url: str, username: str) -> str:
    """The newest one-time code the mock "sent" to `username` (needs test endpoints)."""
    response = httpx.get(f"{url}/_mock/outbox", params={"username": username}, timeout=10)
    response.raise_for_status()
    messages = response.json()["messages"]
    if not messages:
        raise LookupError(f"no code was sent to {username}")
    return str(messages[-1]["code"])


@pytest.fixture
def read_otp() -> Callable[[str, str], str]:
    """`read_otp(url, username) -> code`."""
    return read_otp_code


def sign_in_tokens(url: str, username: str = DEMO_USER, password: str = DEMO_PASSWORD) -> dict:
    """Password and one-time code against a mock; returns the TokenPair JSON."""
    with httpx.Client(base_url=url, timeout=10) as client:
        login = client.post("/api/v1/auth/login", json={"username": username, "password": password})
        login.raise_for_status()
        challenge_id = login.json()["challenge_id"]
        tokens = client.post(
            "/api/v1/auth/otp",
            json={"challenge_id": challenge_id, "code": read_otp_code(url, username)},
        )
        tokens.raise_for_status()
        return tokens.json()


@pytest.fixture
def sign_in() -> Callable[..., dict]:
    """`sign_in(url, username="demo.clerk", password="demo-pass") -> TokenPair JSON`."""
    return sign_in_tokens


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test's per-user data (the log included) in its own folder, never the home
    directory; a log a command opened is closed after the test. The folder holds the
    run's TEST issuer as the demo's, as if the demo had run on this installation."""
    import logging

    from desktop.core import logs
    from tests import issuer_fixtures

    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "user-data"))
    issuer_fixtures.install(tmp_path / "user-data" / "demo-backend")
    root_level = logging.getLogger().level
    yield
    logs.teardown()
    logging.getLogger().setLevel(root_level)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Where a real keyring is promised (CI sets ESTELAM_REQUIRE_KEYRING), a keyring
    test that would skip fails instead, so a broken Secret Service cannot pass unseen."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("ESTELAM_REQUIRE_KEYRING")
        and item.get_closest_marker("keyring") is not None
    ):
        report.outcome = "failed"
        report.longrepr = (
            f"keyring test skipped, but a Secret Service is required: {report.longrepr}"
        )


# -- the window -------------------------------------------------------------------
# Qt is imported inside the fixtures so API-only runs never load it.


@pytest.fixture
def keyring_service() -> str:
    """A keyring service of the test's own, so no real entry is ever touched."""
    return f"Estelam Desk test {uuid.uuid4().hex[:8]}"


@pytest.fixture
def open_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_service: str):
    """`open_window()` builds a window as the app does at start; all are closed after."""
    from PySide6.QtWidgets import QApplication

    from desktop.core.secrets import SecretStore
    from desktop.core.session import Session
    from desktop.window.app import build

    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "user-data"))
    contexts = []

    def open_():
        session = Session(SecretStore(service=keyring_service))
        window, ctx = build(QApplication.instance(), language="fa", session=session)
        qtbot.addWidget(window)
        window.show()
        contexts.append(ctx)
        return window, ctx

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def gui(open_window):
    """A window in Persian, signed out: `(MainWindow, AppContext)`."""
    return open_window()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_answer(url: str, national_id: str, case_reference: str = "check") -> dict:
    """An inquiry made straight at a mock as demo.clerk, not through the app (as from
    another computer); returns the answer's JSON."""
    tokens = sign_in_tokens(url)
    response = httpx.post(
        f"{url}/api/v1/inquiries",
        json={"national_id": national_id, "case_reference": case_reference},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()
