"""`estelam-desk batch run`: a whole list to an export, quota stops, and kill -9 then resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from desktop.api_client import ConnectionFailed
from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.cli.batch_run import _verdict
from desktop.core.batch import RunOutcome, StopReason
from desktop.core.export import SHEET_TITLE
from desktop.core.jobs import JobState, JobStore, JobSummary, Outcome
from desktop.core.wording import OUTCOME
from tests.batch_fixtures import CASE, mixed_list, mock_stats, write_list
from tests.conftest import DEMO_PASSWORD, DEMO_USER, REPO_ROOT, MockProcess
from tests.import_fixtures import ids

StartMock = Callable[..., MockProcess]
ROW_COLUMN = 3  # "ردیف در فایل", the first column after the clerk's three
PENDING = OUTCOME[Outcome.PENDING].fa


def process_command(
    data: Path, source: Path, output: Path, url: str, *extra: str
) -> tuple[list[str], dict[str, str]]:
    """`batch run` as a process of its own (to be killed), with its data in `data`:
    the command line and its environment."""
    env = {
        **os.environ,
        "ESTELAM_DATA_DIR": str(data),
        common.PASSWORD_ENV: DEMO_PASSWORD,
        "PYTHONPATH": str(REPO_ROOT),
    }
    return [sys.executable, "-m", "desktop", *argv(source, output, url, *extra)], env


def argv(source: Path, output: Path, url: str, *extra: str) -> list[str]:
    return [
        "batch",
        "run",
        str(source),
        "-o",
        str(output),
        "--case-ref",
        CASE,
        "--server",
        url,
        "--username",
        DEMO_USER,
        "--otp",
        "123456",
        *extra,
    ]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(path))
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    return path


def sheet_rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[SHEET_TITLE].iter_rows(values_only=True))


def test_a_list_to_an_export_then_a_quota_stop_and_its_resumption(
    start_mock: StartMock, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mock = start_mock(demo=True, quota=25)
    source, good = mixed_list(tmp_path / "list.csv", 30)
    output = tmp_path / "results.xlsx"
    assert cli_main.run(argv(source, output, mock.url, "--batch-size", "10")) == common.EXIT_NETWORK
    out, err = capsys.readouterr()
    assert "33 rows: 25 answered" in out and "5 not asked yet" in out
    assert "1 invalid, 1 duplicate, 1 empty" in out and str(output) in out
    assert "quota is used up" in err and "Run the same command again" in err
    rows = sheet_rows(output)
    assert [r[ROW_COLUMN] for r in rows[1:]] == [str(n) for n in range(2, 35)]
    assert [r[2] for r in rows[1:31]] == good
    assert sum(1 for r in rows if r[ROW_COLUMN + 2] == PENDING) == 5

    # Another day, more quota: the same command resumes the job and finishes it (CSV).
    mock.stop()
    mock = start_mock(data_dir=mock.data_dir, demo=True)
    csv_output = tmp_path / "results.csv"
    assert cli_main.run(argv(source, csv_output, mock.url)) == common.EXIT_OK
    out, err = capsys.readouterr()
    assert "Resuming job 1" in err and "25 of 30 rows already answered" in err
    assert [t for t in threading.enumerate() if t.name == "audit seal"] == []  # sealed, gone
    assert "33 rows: 30 answered" in out and "0 failed, 0 not asked yet" in out
    assert PENDING not in csv_output.read_text(encoding="utf-8-sig")
    assert mock_stats(mock.url)["inquiries_answered"] == 30
    with JobStore(data_dir / "jobs.sqlite3") as store:
        [job] = store.jobs()
        assert job.state is JobState.DONE


def test_input_problems_are_refused_before_signing_in(
    mock_server: MockProcess, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_list(tmp_path / "list.csv", ids(2))
    logins = mock_stats(mock_server.url)["logins"]
    assert cli_main.run(argv(source, tmp_path / "out.docx", mock_server.url)) == common.EXIT_USAGE
    assert "must end in .xlsx, .csv or .pdf" in capsys.readouterr().err
    bad_ref = argv(source, tmp_path / "out.csv", mock_server.url)
    bad_ref[bad_ref.index(CASE)] = "\u200c "
    assert cli_main.run(bad_ref) == common.EXIT_USAGE
    assert "Enter the case reference" in capsys.readouterr().err
    no_time = argv(source, tmp_path / "out.csv", mock_server.url, "--timeout", "0")
    assert cli_main.run(no_time) == common.EXIT_USAGE
    assert "--timeout must be" in capsys.readouterr().err
    missing = argv(tmp_path / "nowhere.xlsx", tmp_path / "out.csv", mock_server.url)
    assert cli_main.run(missing) == common.EXIT_USAGE
    assert capsys.readouterr().err.strip()
    assert mock_stats(mock_server.url)["logins"] == logins


def answered_rows(database: Path) -> int:
    """Answered rows in the job store, read as another program would (0 before it exists)."""
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(
                "SELECT count(*) FROM job_rows WHERE state = 'answered'"
            ).fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not created yet
        return 0


def test_killed_mid_run_then_resumed_every_row_is_answered_exactly_once(
    start_mock: StartMock, tmp_path: Path
) -> None:
    mock = start_mock(demo=True, latency_ms=200)
    valid = 1200
    source, good = mixed_list(tmp_path / "list.csv", valid)
    output = tmp_path / "results.xlsx"
    data = tmp_path / "data"
    database = data / "jobs.sqlite3"
    command, env = process_command(data, source, output, mock.url, "--batch-size", "100")
    first = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while (before := answered_rows(database)) == 0:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "no row was answered in time"
        time.sleep(0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate()
    assert first.returncode == -signal.SIGKILL
    before = answered_rows(database)  # what the killed run managed to record
    assert 0 < before < valid
    assert not output.exists()

    second = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert f"{before:,} of {valid:,} rows already answered" in second.stderr
    stats = mock_stats(mock.url)
    # Charged once per valid row, whatever was in flight when the first run died ...
    assert stats["inquiries_answered"] == valid
    # ... and only what was in flight (at most four requests of 100) was asked again.
    assert 0 <= stats["inquiries_replayed"] <= 4 * 100
    assert stats["logins"] == 2
    rows = sheet_rows(output)
    assert [r[ROW_COLUMN] for r in rows[1:]] == [str(n) for n in range(2, valid + 5)]
    assert [r[2] for r in rows[1 : valid + 1]] == good
    assert [r[ROW_COLUMN + 1] for r in rows[1 : valid + 1]] == good  # the answer's own ID
    assert not any(r[ROW_COLUMN + 2] == PENDING for r in rows)
    with JobStore(database) as store:
        [job] = store.jobs()
        assert job.state is JobState.DONE and store.summary(job.id).answered == valid


def test_case_references_from_a_column(
    start_mock: StartMock, data_dir: Path, tmp_path: Path
) -> None:
    mock = start_mock(demo=True)
    source = tmp_path / "cases.csv"
    numbers = ids(2)
    source.write_text(f"national id,case\n{numbers[0]},P-1\n{numbers[1]},\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code = cli_main.run(argv(source, out, mock.url, "--case-column", "case"))
    assert code == common.EXIT_OK
    text = out.read_text(encoding="utf-8-sig")
    assert "P-1" in text and CASE in text  # its own reference, and the batch's for the blank


def test_a_server_away_too_long_stops_with_exit_4_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    refused = ConnectionFailed("POST /inquiries/batch: ConnectError: connection refused")
    summary = JobSummary(pensioner=3, pending=7)
    outcome = RunOutcome(JobState.PAUSED, StopReason.SERVER_UNAVAILABLE, summary, refused)
    assert _verdict(summary, outcome) == common.EXIT_NETWORK
    err = capsys.readouterr().err
    assert "Cannot reach the SSO service" in err and "No answer for 10 minutes" in err
    assert "Run the same command again" in err
