"""`estelam-desk redeem` against the mock in demo mode (one-time code 123456)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop.api_client import PROBLEM_CLASSES
from desktop.cli import common
from desktop.cli import main as cli_main
from tests import issuer_fixtures
from tests.conftest import DEMO_PASSWORD, DEMO_USER, DEMO_USER2, MockProcess, launch_mock
from tests.mock_certificates import issue


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    mock = launch_mock(tmp_path_factory.mktemp("redeem-cli-mock"), demo=True)
    yield mock
    mock.stop()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The sign-in password in the environment; the revocation cache in a fresh folder."""
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def argv(
    url: str, code: str, out: Path, *extra: str, username: str = DEMO_USER, trust: bool = True
) -> list[str]:
    """The command, trusting the run's TEST root (the mock's) unless `trust` is False."""
    told = ["--profile", "test", "--trust-root", str(issuer_fixtures.root_pem())]
    return [
        "redeem",
        "--code",
        code,
        "--usage-password-stdin",
        "-o",
        str(out),
        "--server",
        url,
        "--username",
        username,
        "--otp",
        "123456",
        *(told if trust else []),
        *extra,
    ]


def run_cli(monkeypatch: pytest.MonkeyPatch, args: list[str], usage_password: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(usage_password + "\n"))
    return cli_main.run(args)


def logins(url: str) -> int:
    return httpx.get(f"{url}/_mock/stats", timeout=10).json()["logins"]


def test_redeem_as_a_process_writes_the_pdf_the_report_and_json(
    demo: MockProcess, tmp_path: Path
) -> None:
    issued = issue(demo.url)
    out, report = tmp_path / "cert.pdf", tmp_path / "cert-report.pdf"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            *argv(demo.url, issued["tracking_code"], out, "--json", "--report", str(report)),
        ],
        input=issued["usage_password"] + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={
            **os.environ,
            common.PASSWORD_ENV: DEMO_PASSWORD,
            "ESTELAM_DATA_DIR": str(tmp_path / "data"),
        },
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    data = json.loads(completed.stdout)
    assert data["verdict"] == "VALID" and data["reason"] == ""
    assert data["test_authority"] is True and data["profile"] == "test"
    assert data["serial"] == data["claims"]["serial"] == issued["serial"]
    assert data["claims"]["national_id"] == "0012345611"
    assert data["checks"][0]["name"] == "readable"
    assert {c["outcome"] for c in data["checks"]} == {"pass"}
    assert data["revocation_refreshed"] and data["revocation"]["fresh"]
    assert data["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert report.read_bytes().startswith(b"%PDF-")
    # No secret in what is printed.
    printed = completed.stdout + completed.stderr
    assert issued["usage_password"] not in printed and DEMO_PASSWORD not in printed
    assert "token" not in printed.lower()


def test_exit_statuses(
    demo: MockProcess,
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    issued = issue(demo.url)
    code, out = issued["tracking_code"], env / "cert.pdf"

    # A typo is caught before signing in: no SMS, no attempt spent.
    before = logins(demo.url)
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert run_cli(monkeypatch, argv(demo.url, typo, out), issued["usage_password"]) == 2
    assert run_cli(monkeypatch, argv(demo.url, code, out), "short") == 2
    assert logins(demo.url) == before
    # Standard input is taken by the usage password.
    assert run_cli(monkeypatch, argv(demo.url, code, out, "--password-stdin"), "x") == 2
    assert capsys.readouterr().err.splitlines() == [
        "This tracking code has a typo: its check digit does not match.",
        "A usage password has 8 characters.",
        "Standard input carries the usage password; set $ESTELAM_PASSWORD to sign in.",
    ]

    assert run_cli(monkeypatch, argv(demo.url, code, out, username=DEMO_USER2), "ABCD2345") == 3
    assert capsys.readouterr().err == (
        "Your agency's agreement does not grant the redeem permission.\n"
    )

    # Five wrong usage passwords lock the code; each says only that code or password is
    # wrong (as an unknown code does), and the right password then learns of the lock.
    for _ in range(5):
        assert run_cli(monkeypatch, argv(demo.url, code, out), "WRONG234") == 2
        assert capsys.readouterr().err == (
            "The tracking code or the usage password is wrong. Check both with the person; "
            "a few wrong usage passwords lock the code.\n"
        )
    assert run_cli(monkeypatch, argv(demo.url, code, out), issued["usage_password"]) == 5
    assert "locked" in capsys.readouterr().err
    assert not out.exists()


def test_a_certificate_that_does_not_verify_exits_5_and_is_still_saved(
    demo: MockProcess,
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    issued = issue(demo.url)
    out = env / "cert.pdf"
    # The mock's TEST signer is no production authority, and production is the default.
    args = argv(demo.url, issued["tracking_code"], out, trust=False)
    assert run_cli(monkeypatch, args, issued["usage_password"]) == 5
    printed = capsys.readouterr()
    assert printed.out.startswith("Verdict:") and "UNTRUSTED_SIGNER" in printed.out
    assert "[TEST]" not in printed.out
    assert re.search(r"^Trust profile:\s+production$", printed.out, re.MULTILINE)
    assert printed.err == "" and out.read_bytes().startswith(b"%PDF-")


def test_exit_statuses_of_the_refusals() -> None:
    for slug in ("code-unknown", "usage-password-invalid"):
        assert common.exit_code(PROBLEM_CLASSES[slug].local("")) == 2  # retype it
    for slug in ("code-locked", "certificate-expired", "certificate-revoked"):
        assert common.exit_code(PROBLEM_CLASSES[slug].local("")) == 5  # nothing to retype
    assert common.exit_code(PROBLEM_CLASSES["forbidden-scope"].local("")) == 3
