"""Nothing charged twice, nothing lost, on the desk's own side: two runs of one list at
once, a lock whose holder is killed, a read-only data folder, and one that fills up in
the middle of a run. Real processes, the mock over HTTP, real file systems: the full and
read-only folders are small tmpfs mounts (skipped where mounting is not allowed)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core.jobs import JobState, JobStore
from desktop.core.storage import Busy, FileLock, StorageError, StorageProblem, check_room
from tests.batch_fixtures import CASE, mixed_list, mock_stats
from tests.conftest import DEMO_PASSWORD, REPO_ROOT, MockProcess
from tests.test_cli_batch_run import ROW_COLUMN, answered_rows, argv, process_command

StartMock = Callable[..., MockProcess]
ACTIVE_ID = "0012345611"


def charges(url: str) -> dict[str, int]:
    return httpx.get(f"{url}/_mock/charges", timeout=10).json()


def once(rows: int) -> dict[str, int]:
    """The server's count when every row was charged exactly once."""
    return {
        "charged": rows,
        "idempotency_keys": rows,
        "national_ids": rows,
        "idempotency_keys_charged_twice": 0,
        "national_ids_charged_twice": 0,
    }


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small file system of its own at `path`: a disk that really fills up."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def exported_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


# -- two runs of one list at once ----------------------------------------------------------


def test_two_runs_of_one_list_at_once_ask_and_charge_each_row_once(
    start_mock: StartMock, tmp_path: Path
) -> None:
    rows = 1000
    # Slow enough answers that the two runs overlap for seconds.
    mock = start_mock(demo=True, latency_ms=300)
    source, good = mixed_list(tmp_path / "list.csv", rows)
    data = tmp_path / "data"
    runs = []
    for name in ("first", "second"):
        command, env = process_command(
            data, source, tmp_path / f"{name}.csv", mock.url, "--batch-size", "10"
        )
        log = (tmp_path / f"{name}.log").open("w")
        runs.append((name, log, subprocess.Popen(command, cwd=REPO_ROOT, env=env, stderr=log)))
    for name, log, process in runs:
        assert process.wait(180) == common.EXIT_OK, (tmp_path / f"{name}.log").read_text()
        log.close()
    logs = [(tmp_path / f"{name}.log").read_text() for name, _, _ in runs]

    # One waited for the other, then found the list answered and asked nothing.
    waited = [text for text in logs if "waiting for it to finish" in text]
    assert len(waited) == 1 and "This list was already run" in waited[0]
    with JobStore(data / "jobs.sqlite3") as store:
        [job] = store.jobs()
        assert job.state is JobState.DONE
        assert store.summary(job.id).answered == rows
    assert charges(mock.url) == once(rows)
    # Both have the whole list's results.
    for name in ("first", "second"):
        exported = exported_rows(tmp_path / f"{name}.csv")
        assert [r[ROW_COLUMN + 1] for r in exported[:rows]] == good
    print("\ntwo runs of one list:", json.dumps({"rows": rows, **charges(mock.url)}))


def test_a_lock_dies_with_its_process(tmp_path: Path) -> None:
    path = tmp_path / "locks" / "job.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from desktop.core.storage import FileLock; "
            f"FileLock(Path({str(path)!r})).acquire(); print('held', flush=True); "
            "time.sleep(60)",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(Busy):
        FileLock(path).acquire()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    holder.stdout.close()
    with FileLock(path) as lock:  # not stuck: the kill ended it
        assert lock.held


# -- a list run again once finished ----------------------------------------------------


def test_a_finished_list_is_exported_again_unless_a_new_run_is_asked_for(
    start_mock: StartMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    mock = start_mock(demo=True)
    source, good = mixed_list(tmp_path / "list.csv", 20)
    assert cli_main.run(argv(source, tmp_path / "one.csv", mock.url)) == common.EXIT_OK
    capsys.readouterr()
    logins = mock_stats(mock.url)["logins"]

    again = tmp_path / "again.csv"
    assert cli_main.run(argv(source, again, mock.url)) == common.EXIT_OK
    err = capsys.readouterr().err
    assert "This list was already run" in err and "--new" in err
    assert [r[ROW_COLUMN + 1] for r in exported_rows(again)[:20]] == good
    assert charges(mock.url) == once(20)
    assert mock_stats(mock.url)["logins"] == logins  # not even signed in

    assert cli_main.run(argv(source, tmp_path / "new.csv", mock.url, "--new")) == common.EXIT_OK
    assert "Job 2:" in capsys.readouterr().err
    assert charges(mock.url)["charged"] == 40  # asked for explicitly: everyone again
    with JobStore(tmp_path / "data" / "jobs.sqlite3") as store:
        assert len(store.jobs()) == 2


# -- a read-only data folder -----------------------------------------------------------


def test_a_read_only_data_folder_sends_nothing_and_says_so(
    start_mock: StartMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    mock = start_mock(demo=True)
    source, _good = mixed_list(tmp_path / "list.csv", 10)
    with tmpfs(tmp_path / "data", "4m") as data:
        monkeypatch.setenv("ESTELAM_DATA_DIR", str(data))
        monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
        # A folder used before (jobs and trail there), then made read-only.
        command, env = process_command(data, source, tmp_path / "one.csv", mock.url)
        subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, capture_output=True)
        other, _ = mixed_list(tmp_path / "other.csv", 10, start=2_000_000)
        remount_read_only(data)
        capsys.readouterr()
        before = charges(mock.url)

        assert cli_main.run(argv(other, tmp_path / "two.csv", mock.url)) == common.EXIT_STORAGE
        err = capsys.readouterr().err
        assert "cannot be written (it is read-only)" in err and "Unexpected" not in err

        inquire = ["inquire", ACTIVE_ID, "--case-ref", CASE, "--server", mock.url]
        inquire += ["--username", "demo.clerk", "--otp", "123456"]
        assert cli_main.run(inquire) == common.EXIT_STORAGE
        err = capsys.readouterr().err
        assert "cannot be written (it is read-only)" in err and "Unexpected" not in err
        assert charges(mock.url) == before  # nothing charged that could not be recorded


def test_check_room_tells_read_only_from_full(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as small:
        with pytest.raises(StorageError) as full:
            check_room(small, need=4 << 20)
        assert full.value.problem is StorageProblem.FULL
        remount_read_only(small)
        with pytest.raises(StorageError) as read_only:
            check_room(small)
        assert read_only.value.problem is StorageProblem.READ_ONLY


# -- a data folder that fills up mid-run ---------------------------------------------------


def test_a_folder_that_fills_mid_run_pauses_keeps_and_resumes_without_charging_again(
    start_mock: StartMock, tmp_path: Path
) -> None:
    rows = 600
    mock = start_mock(demo=True, latency_ms=100)
    source, good = mixed_list(tmp_path / "list.csv", rows)
    with tmpfs(tmp_path / "data", "16m") as data:
        database = data / "jobs.sqlite3"
        output = tmp_path / "results.csv"
        command, env = process_command(data, source, output, mock.url, "--batch-size", "20")
        first = subprocess.run(
            [sys.executable, "-c", _FILL_MID_RUN, str(database), str(data), *command],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert first.returncode == common.EXIT_STORAGE, first.stderr
        assert "is full" in first.stderr and "Unexpected" not in first.stderr
        kept = answered_rows(database)
        assert 0 < kept < rows
        # Read as another program would (the disk is still full): nothing failed, the
        # rest waits with its keys.
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            states = dict(
                conn.execute("SELECT state, count(*) FROM job_rows GROUP BY state").fetchall()
            )
            [(job_state, reason)] = conn.execute("SELECT state, state_reason FROM jobs")
        assert "failed" not in states and states["answered"] + states["pending"] == rows
        assert job_state in ("paused", "running") and reason in ("storage", None)
        charged_when_full = charges(mock.url)["charged"]
        assert charged_when_full >= kept  # some answers were charged but not recorded

        # Room again: the same command goes on, with the same keys.
        (data / "filler.bin").unlink()
        second = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        assert second.returncode == common.EXIT_OK, second.stderr
        assert f"{kept:,} of {rows:,} rows already answered" in second.stderr
        assert [r[ROW_COLUMN + 1] for r in exported_rows(output)[:rows]] == good
    assert charges(mock.url) == once(rows)
    print(
        "\nfolder filled mid-run:",
        json.dumps({"rows": rows, "kept": kept, "charged_when_full": charged_when_full}),
    )


# Runs the command, and once some answers are recorded fills the disk under it.
_FILL_MID_RUN = """
import contextlib, sqlite3, subprocess, sys, time
from pathlib import Path
database, folder, command = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
def answered():
    with contextlib.suppress(sqlite3.Error):
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
            sql = "SELECT count(*) FROM job_rows WHERE state = 'answered'"
            return conn.execute(sql).fetchone()[0]
    return 0
while answered() < 100 and run.poll() is None:
    time.sleep(0.02)
with open(folder / "filler.bin", "wb", buffering=0) as f:
    with contextlib.suppress(OSError):
        while True:
            f.write(bytes(64 << 10))
    with contextlib.suppress(OSError):
        while True:
            f.write(b"0")
_, err = run.communicate()
sys.stderr.write(err)
sys.exit(run.returncode)
"""
