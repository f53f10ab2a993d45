"""A bulk inquiry under faults, with real processes: the mock injects server errors,
answers too slow for the client and dropped connections into about a tenth of the
inquiry requests, the app (`estelam-desk batch run`) is killed with SIGKILL mid-run and
run again, and the mock crashes and restarts on the same data while the second run is
under way. At the end every valid row is answered, exported once, and charged once by
the server's own count."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from desktop.cli import common
from desktop.core.jobs import JobState, JobStore
from tests.batch_fixtures import free_port, mixed_list, mock_stats
from tests.conftest import REPO_ROOT, MockProcess
from tests.test_cli_batch_run import PENDING, ROW_COLUMN, answered_rows, process_command

StartMock = Callable[..., MockProcess]
ROWS = 5000
MOCK_KNOBS = {
    "demo": True,
    "fault_rate": 0.1,
    "fault_timeout": 1.5,  # longer than the app's --timeout below
    "latency_ms": 25,
    "rate_limit": 200,
    "rate_burst": 100,
}
CLIENT_TIMEOUT = "1.0"


def failed_rows(database: Path) -> int:
    with JobStore(database) as store:
        return sum(store.summary(job.id).failed for job in store.jobs())


def wait_until(condition: Callable[[], bool], what: str, process: subprocess.Popen, limit=60.0):
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < deadline, f"not in time: {what}"
        time.sleep(0.02)


def test_a_bulk_inquiry_under_faults_kills_and_restarts_is_answered_and_charged_once(
    start_mock: StartMock, tmp_path: Path
) -> None:
    started = time.monotonic()
    port, mock_dir = free_port(), tmp_path / "mock"
    mock = start_mock(data_dir=mock_dir, port=port, fault_seed=2026, **MOCK_KNOBS)
    source, good = mixed_list(tmp_path / "list.csv", ROWS)
    output = tmp_path / "results.csv"
    data = tmp_path / "data"
    database = data / "jobs.sqlite3"
    command, env = process_command(
        data, source, output, mock.url, "--batch-size", "50", "--timeout", CLIENT_TIMEOUT
    )

    def launch(name: str) -> subprocess.Popen:
        with (tmp_path / f"{name}.log").open("w") as log:
            return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)

    # The first run is killed outright a third of the way through.
    first = launch("first")
    wait_until(lambda: answered_rows(database) >= ROWS // 3, "a third was answered", first)
    os.kill(first.pid, signal.SIGKILL)
    assert first.wait(10) == -signal.SIGKILL
    killed_at = answered_rows(database)
    assert killed_at < ROWS and failed_rows(database) == 0

    # The second resumes it; the mock crashes under it and comes back on the same data.
    second = launch("second")
    wait_until(
        lambda: answered_rows(database) >= killed_at + ROWS // 4, "the second run went on", second
    )
    mock.process.kill()
    mock.stop()
    crashed_at = answered_rows(database)
    time.sleep(1.0)  # the server is away a while: requests are refused meanwhile
    # Seeded: the i-th request meets the i-th draw, and this seed's first 16 draws hold
    # every kind, before and after the work, so each is met whatever the timing.
    mock = start_mock(data_dir=mock_dir, port=port, fault_seed=7, **MOCK_KNOBS)
    assert second.wait(120) == common.EXIT_OK, (tmp_path / "second.log").read_text()
    second_log = (tmp_path / "second.log").read_text()
    assert f"{killed_at:,} of {ROWS:,} rows already answered" in second_log
    assert "failed rows tried again" not in second_log  # nothing had failed
    assert crashed_at < ROWS, "the mock was restarted after the run had finished"

    # Every row exported exactly once, every valid one with its own answer.
    with output.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    numbers = [r[ROW_COLUMN] for r in rows]
    assert sorted(numbers, key=int) == [str(n) for n in range(2, ROWS + 5)]
    assert not [n for n, times in Counter(numbers).items() if times > 1]
    assert [r[ROW_COLUMN + 1] for r in rows[:ROWS]] == good
    assert not any(r[ROW_COLUMN + 2] == PENDING for r in rows)
    with JobStore(database) as store:
        [job] = store.jobs()
        summary = store.summary(job.id)
        assert job.state is JobState.DONE
        assert (summary.answered, summary.failed, summary.pending) == (ROWS, 0, 0)
        attempts = sum(r.attempts for r in store.rows(job.id) if r.attempts)

    # The server's count: each row charged once, under one key; nothing twice.
    stats = mock_stats(mock.url)
    charges = json.loads(_get(f"{mock.url}/_mock/charges"))
    assert charges == {
        "charged": ROWS,
        "idempotency_keys": ROWS,
        "national_ids": ROWS,
        "idempotency_keys_charged_twice": 0,
        "national_ids_charged_twice": 0,
    }
    assert stats["inquiries_answered"] == ROWS
    faults = {kind: stats[f"faults_{kind}"] for kind in ("5xx", "timeout", "drop")}
    assert all(faults.values()), faults
    assert stats["faults_after_work"] > 0 and stats["inquiries_replayed"] > 0
    print(
        "\nfaults test:",
        json.dumps(
            {
                "rows": ROWS,
                "faults": faults,
                "faults_after_work": stats["faults_after_work"],
                "inquiry_requests": stats["inquiry_requests"],
                "replayed_items": stats["inquiries_replayed"],
                "rate_limited": stats["rate_limited"],
                "row_attempts_recorded": attempts,
                "killed_at": killed_at,
                "mock_crashed_at": crashed_at,
                "charged": charges["charged"],
                "charged_twice": charges["idempotency_keys_charged_twice"],
                "seconds": round(time.monotonic() - started, 1),
            }
        ),
    )


def _get(url: str) -> str:
    import httpx

    return httpx.get(url, timeout=10).text
