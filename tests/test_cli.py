"""The headless `inquire` command against the mock in demo mode (fixed code 123456)."""

from __future__ import annotations

import dataclasses
import io
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest

from desktop.api_client import PROBLEM_CLASSES, ConnectionFailed, StatusResult, Timeout
from desktop.api_client.errors import ApiError
from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core.national_id import Invalid, InvalidNationalId
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.server import RunningMock, start_in_thread

ACTIVE_ID = "0012345611"  # insured_active in the mock's synthetic population
CASE = "۱۴۰۳/۱۲۳"
PASSWORD = "demo-pass"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    data_dir = tmp_path_factory.mktemp("cli-mock")
    with start_in_thread(MockConfig(data_dir=data_dir, demo=True, test_endpoints=True)) as mock:
        yield mock


@pytest.fixture
def password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(common.PASSWORD_ENV, PASSWORD)


def args_for(url: str, *extra: str, national_id: str = ACTIVE_ID, otp: str = "123456"):
    return [
        "inquire",
        national_id,
        "--case-ref",
        CASE,
        "--server",
        url,
        "--username",
        "demo.clerk",
        "--otp",
        otp,
        *extra,
    ]


def logins(url: str) -> int:
    return httpx.get(f"{url}/_mock/stats", timeout=10).json()["logins"]


def test_inquire_prints_a_readable_status(
    demo: RunningMock, password_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main.run(args_for(demo.url)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["National ID"].strip() == ACTIVE_ID
    assert lines["Status"].strip() == "insured, contributions current"
    assert "Jalali" in lines["Birth date"] and lines["Inquiry ID"].strip().startswith("INQ-")
    # The audit trail is sealed before the command returns: a sealer still pausing between
    # two seals would hold the process's exit up by that pause.
    assert [t for t in threading.enumerate() if t.name == "audit seal"] == []


def test_inquire_json_is_the_status_result_and_nothing_else(
    demo: RunningMock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    monkeypatch.delenv(common.PASSWORD_ENV, raising=False)
    # Persian digits and dashes are accepted like in the window.
    argv = args_for(demo.url, "--json", "--password-stdin", national_id="۰۰۱-۲۳۴۵۶۱-۱")
    assert cli_main.run(argv) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert set(data) == {f.name for f in dataclasses.fields(StatusResult)}
    assert data["national_id"] == ACTIVE_ID and data["status"] == "insured_active"
    assert StatusResult.from_json(data).to_json() == data
    assert "token" not in out.lower() and err == ""


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"otp": "000000"}, 3, "The one-time code is wrong."),
        ({"national_id": "0012345612"}, 2, "check digit does not match"),
        ({"national_id": "1.23E+9"}, 2, "scientific notation"),
    ],
)
def test_inquire_failures_are_one_sentence(
    demo: RunningMock,
    password_env: None,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, str],
    code: int,
    message: str,
) -> None:
    assert cli_main.run(args_for(demo.url, **change)) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err and err.count("\n") == 1


def test_bad_input_is_refused_before_signing_in(
    demo: RunningMock, password_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = logins(demo.url)
    assert cli_main.run(args_for(demo.url, national_id="1111111111")) == 2
    argv = args_for(demo.url)
    argv[argv.index("--case-ref") + 1] = " \u200c "
    assert cli_main.run(argv) == 2
    assert logins(demo.url) == before
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "A national ID cannot repeat one digit.",
        "Enter the case reference this inquiry is made for. Give it with --case-ref.",
    ]


def test_wrong_password(demo: RunningMock, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv(common.PASSWORD_ENV, "not the password")
    assert cli_main.run(args_for(demo.url)) == 3
    assert capsys.readouterr().err == "The username or password is wrong.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["inquire", ACTIVE_ID], "required"),
        (["frobnicate"], "invalid choice"),
        (args_for("localhost:8000"), "Not a server address"),
        (args_for("http://127.0.0.1:9"), "No password"),
    ],
)
def test_usage_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv, message: str
) -> None:
    monkeypatch.delenv(common.PASSWORD_ENV, raising=False)
    assert cli_main.run(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_server_down(password_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    assert cli_main.run(args_for(url)) == 4
    assert capsys.readouterr().err == common.sentence(ConnectionFailed()) + "\n"


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.run(["inquire", "--help"]) == 0
    out = capsys.readouterr().out
    for line in ("2  usage or input error", "3  sign-in", "4  network or server"):
        assert line in out


@pytest.mark.parametrize("cls", sorted(set(PROBLEM_CLASSES.values()), key=lambda c: c.__name__))
def test_every_problem_has_its_own_sentence_and_status(cls: type[ApiError]) -> None:
    error = cls.local("detail")
    assert not common.sentence(error).startswith("Unexpected")
    assert common.exit_code(error) in (2, 3, 4, 5)


def test_exit_statuses_by_kind_of_failure() -> None:
    assert common.exit_code(InvalidNationalId(Invalid.LENGTH, "1")) == 2
    assert common.exit_code(PROBLEM_CLASSES["invalid-national-id"].local("")) == 2
    for slug in ("invalid-credentials", "otp-expired", "account-locked", "forbidden-scope"):
        assert common.exit_code(PROBLEM_CLASSES[slug].local("")) == 3
    for slug in ("rate-limited", "quota-exhausted", "server-error"):
        assert common.exit_code(PROBLEM_CLASSES[slug].local("")) == 4
    assert common.exit_code(Timeout()) == 4
    assert common.sentence(Timeout()) != common.sentence(ConnectionFailed())


def test_runs_as_a_module(demo: RunningMock) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "desktop", *args_for(demo.url, "--json", "--password-stdin")],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["national_id"] == ACTIVE_ID
    assert completed.stderr == ""
