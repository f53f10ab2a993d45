"""The app's log: redaction of every kind of secret, rotation, crash hooks, the CLI's log."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core import logs
from desktop.core.national_id import with_check_digit
from tests import issuer_fixtures
from tests.conftest import DEMO_PASSWORD, DEMO_USER

NID = with_check_digit("001234561")
PASSWORD = "Hunter2-Pa55word!"
TOKEN = "q9Xv_3kLmN0pQrStUvWxYz12345678abcdEFGhijkl"  # as token_urlsafe(32) makes them
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLmNsZXJrIn0.c2lnbmF0dXJlLXBhcnQ"
CODE = "493817"
USAGE_PASSWORD = "K7MQ2ZP9"

SECRETS = (PASSWORD, TOKEN, JWT, CODE, USAGE_PASSWORD, NID)


def log_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def log_path() -> Path:
    return logs.setup("test")


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"password={PASSWORD} next", "password=[redacted] next"),
        (f'{{"refresh_token": "{TOKEN}", "n": 1}}', '{"refresh_token": "[redacted]", "n": 1}'),
        (f"{{'access_token': '{TOKEN}'}}", "{'access_token': '[redacted]'}"),
        (f"Authorization: Bearer {TOKEN}", "Authorization: Bearer [redacted]"),
        (f"sent bearer {JWT}", "sent bearer [redacted]"),
        (f"jwt {JWT} seen", "jwt [redacted] seen"),
        (f"opaque {TOKEN} seen", "opaque [redacted] seen"),
        (f"otp: {CODE}", "otp: [redacted]"),
        (f"/auth?code={CODE}&x=1", "/auth?code=[redacted]&x=1"),
        (f"usage_password={USAGE_PASSWORD}", "usage_password=[redacted]"),
        (f"person {NID} asked", f"person *******{NID[-3:]} asked"),
        ("شخص ۰۰۱۲۳۴۵۶۱۱ پرسید", "شخص *******۶۱۱ پرسید"),
    ],
)
def test_redact_masks_each_kind_of_secret(text: str, expected: str) -> None:
    assert logs.redact(text) == expected


def test_redact_keeps_what_support_needs() -> None:
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    text = f"job 12 done: 95 answered, INQ-20261130-000123, file {sha256}, 12345678901 digits"
    assert logs.redact(text) == text


def test_messages_and_args_are_redacted_in_the_file(log_path: Path) -> None:
    log = logging.getLogger("desktop.test")
    log.info("signing in with password=%s", PASSWORD)
    log.info("tokens %s", {"access_token": TOKEN, "refresh_token": TOKEN})
    log.warning("header %r", f"Bearer {JWT}")
    log.info("inquiry for %s with code=%s", NID, CODE)
    log.info(f"usage_password={USAGE_PASSWORD}")
    text = log_text(log_path)
    assert_clean(text)
    assert f"*******{NID[-3:]}" in text
    assert text.count("[redacted]") >= 6


def test_exception_tracebacks_are_redacted(log_path: Path) -> None:
    log = logging.getLogger("desktop.test")

    def fail(password: str, nid: str) -> None:
        raise ValueError(f"refused: password={password} token={TOKEN} for {nid}")

    try:
        fail(PASSWORD, NID)
    except ValueError:
        log.exception("while signing in")
    text = log_text(log_path)
    assert "Traceback (most recent call last)" in text
    assert "ValueError: refused: password=[redacted]" in text
    assert_clean(text)


def test_every_handler_sees_the_redacted_record(log_path: Path) -> None:
    # A handler added after the file's (e.g. a console) gets the record the filter rewrote.
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(self.format(record))

    keep = Keep()
    logging.getLogger().addHandler(keep)
    try:
        try:
            raise RuntimeError(f"access_token={TOKEN}")
        except RuntimeError:
            logging.getLogger("desktop.test").exception("password: %s", PASSWORD)
    finally:
        logging.getLogger().removeHandler(keep)
    assert seen
    assert_clean("\n".join(seen))


def test_the_log_rotates_and_keeps_five_files(
    log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs.teardown()
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup("rotation")
    log = logging.getLogger("desktop.test")
    for n in range(400):
        log.info("line %04d of a long afternoon", n)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == [logs.LOG_FILE_NAME] + [f"{logs.LOG_FILE_NAME}.{n}" for n in range(1, 5)]
    assert all(p.stat().st_size <= 2_000 for p in path.parent.iterdir())
    recent = logs.recent_lines(30)
    assert len(recent) == 30
    assert recent[-1].endswith("line 0399 of a long afternoon")
    assert log_text(path).encode("utf-8")  # UTF-8, readable


def test_the_first_line_names_version_and_platform(log_path: Path) -> None:
    first = log_text(log_path).splitlines()[0]
    assert f"Estelam Desk {__version__} started (test)" in first
    assert "Python" in first


def test_crash_hooks_log_redacted_tracebacks_from_any_thread(log_path: Path) -> None:
    crashes: list[BaseException] = []
    restore = logs.install_crash_hooks(crashes.append)
    try:
        try:
            raise KeyError(f"password={PASSWORD} {NID}")
        except KeyError:
            sys.excepthook(*sys.exc_info())

        def worker() -> None:
            raise OSError(f"Bearer {TOKEN}")

        thread = threading.Thread(target=worker, name="worker-7")
        thread.start()
        thread.join()
    finally:
        restore()
    assert [type(c) for c in crashes] == [KeyError, OSError]
    text = log_text(log_path)
    assert "unhandled KeyError in the main thread" in text
    assert "unhandled OSError in thread worker-7" in text
    assert text.count("Traceback (most recent call last)") == 2
    assert_clean(text)


def test_a_cli_command_writes_a_log_without_secrets(
    start_mock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    mock = start_mock(demo=True)
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    argv = ["inquire", NID, "--case-ref", "1405/9", "--server", mock.url]
    argv += ["--username", DEMO_USER, "--otp", "123456"]
    assert cli_main.run(argv) == 0, capsys.readouterr().err
    # ... and a refused one, whose failure is logged too.
    monkeypatch.setenv(common.PASSWORD_ENV, PASSWORD)
    assert cli_main.run(argv) == 3
    text = log_text(tmp_path / "user-data" / "logs" / logs.LOG_FILE_NAME)
    assert "started (command inquire)" in text
    assert f"signed in as {DEMO_USER}" in text
    assert f"inquiry for *******{NID[-3:]} answered" in text
    assert f"sign-in refused for {DEMO_USER}" in text
    for secret in (DEMO_PASSWORD, PASSWORD, NID, "123456"):
        assert secret not in text, secret


def test_the_verify_command_logs_its_verdicts(tmp_path: Path, capsys) -> None:
    from desktop.mock_backend.certificates.issuer import make_certificate

    _claims, pdf = make_certificate(NID, keys=issuer_fixtures.issuer())
    path = tmp_path / f"{NID}.pdf"  # neither the name nor the claims may reach the log
    path.write_bytes(pdf)
    assert cli_main.run(["verify", str(path), "--profile", "test"]) in (0, 5)
    text = log_text(tmp_path / "user-data" / "logs" / logs.LOG_FILE_NAME)
    assert "started (command verify)" in text
    assert "verified 1 file(s) under test: {'" in text
    assert NID not in text
