"""The job store: what a job keeps, resuming, outcomes, and surviving a killed process."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from desktop.core import importing
from desktop.core.bulk import BulkInquiry
from desktop.core.importing import RowStatus
from desktop.core.jobs import (
    ANY,
    Found,
    JobState,
    JobStore,
    NotYours,
    Outcome,
    Owner,
    RowResult,
    RowState,
    default_path,
    idempotency_keys,
)
from tests.batch_fixtures import CASE, HEADER, answer, mixed_list, new_job, write_list
from tests.conftest import DEMO_USER, REPO_ROOT
from tests.import_fixtures import ids


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    with JobStore(tmp_path / "jobs.sqlite3") as s:
        yield s


def test_keys_are_what_uuid_makes_of_the_same_random_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    random = os.urandom(16 * 500)
    monkeypatch.setattr("desktop.core.jobs.os.urandom", lambda n: random[:n])
    made = list(idempotency_keys(500))
    assert made == [
        str(uuid.UUID(bytes=random[i : i + 16], version=4)) for i in range(0, 16 * 500, 16)
    ]
    assert list(idempotency_keys(0)) == []


def test_a_job_keeps_every_row_and_gives_valid_rows_a_key_once(
    store: JobStore, tmp_path: Path
) -> None:
    source, good = mixed_list(tmp_path / "list.csv", 5)
    job = new_job(store, source)
    assert job.state is JobState.READY and job.reason is None
    assert job.source_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (job.source_name, job.source_path) == ("list.csv", str(source.resolve()))
    assert (job.sheet, job.column, job.column_index) == (None, "کد ملی", 2)
    assert job.headers == tuple(HEADER) and job.case_reference == CASE
    assert job.created.tzinfo is not None

    rows = list(store.rows(job.id))
    assert [r.row for r in rows] == list(range(2, 10))
    assert [r.national_id for r in rows[:5]] == good  # leading zeros kept
    assert rows[0].cells == ["1", "شخص 1", good[0]]
    assert [r.outcome for r in rows[5:]] == [Outcome.EMPTY, Outcome.INVALID, Outcome.DUPLICATE]
    assert rows[6].import_reason == "check_digit" and rows[7].duplicate_of == 2
    assert all(r.state is RowState.SKIPPED for r in rows[5:])

    pending = store.pending_rows(job.id)
    assert [p.row for p in pending] == [2, 3, 4, 5, 6]
    assert all(p.case_reference == CASE for p in pending)
    keys = [p.idempotency_key for p in pending]
    assert len(set(keys)) == 5
    assert all(str(uuid.UUID(k, version=4)) == k for k in keys)
    # The keys are the job's for good: reading again (or after a restart) gives the same.
    store.close()
    with JobStore(store.path) as again:
        assert [p.idempotency_key for p in again.pending_rows(job.id)] == keys
        summary = again.summary(job.id)
    assert (summary.pending, summary.invalid, summary.duplicate, summary.empty) == (5, 1, 1, 1)
    assert (summary.valid, summary.total, summary.complete) == (5, 8, False)


def test_outcomes_are_recorded_once_and_answers_are_never_lost(
    store: JobStore, tmp_path: Path
) -> None:
    source, good = mixed_list(tmp_path / "list.csv", 6)
    job = new_job(store, source)
    statuses = ["insured_active", "pensioner", "dependent_of_insured", "dependent_of_pensioner"]
    results = [
        RowResult.answered(row, answer(good[row - 2], status))
        for row, status in zip(range(2, 6), statuses, strict=True)
    ]
    results.append(RowResult.failed(6, "server-error", "Injected failure", attempts=3))
    assert store.record_results(job.id, results) == 5
    summary = store.summary(job.id)
    assert (summary.insured_active, summary.pensioner, summary.dependents) == (1, 1, 2)
    assert (summary.failed, summary.pending, summary.answered) == (1, 1, 4)

    # A late failure or a second answer cannot replace an answer already kept.
    assert store.record_results(job.id, [RowResult.failed(2, "server-error")]) == 0
    assert store.record_results(job.id, [RowResult.answered(2, answer(good[0], "not_found"))]) == 0
    [row2] = store.get_rows(job.id, [2])
    assert row2.outcome is Outcome.INSURED_ACTIVE and row2.answer == answer(good[0])
    assert row2.answered_at is not None and row2.attempts == 1

    [row6] = store.get_rows(job.id, [6])
    assert (row6.state, row6.error_code, row6.attempts) == (RowState.FAILED, "server-error", 3)
    assert [p.row for p in store.pending_rows(job.id)] == [7]
    assert [p.row for p in store.pending_rows(job.id, include_failed=True)] == [6, 7]
    # "Retry failed rows": pending again, with the same key.
    key = store.pending_rows(job.id, include_failed=True)[0].idempotency_key
    assert store.reset_failed(job.id) == 1
    assert store.pending_rows(job.id)[0].idempotency_key == key
    store.record_results(
        job.id,
        [
            RowResult.answered(6, answer(good[4], "not_found")),
            RowResult.answered(7, answer(good[5], "insured_inactive")),
        ],
    )
    summary = store.summary(job.id)
    assert summary.not_found == 1 and summary.complete


def test_find_resumable_by_content_or_path_and_options(store: JobStore, tmp_path: Path) -> None:
    source = write_list(tmp_path / "list.csv", ids(3))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert store.find_resumable(sha256=digest) is None
    first = new_job(store, source)
    assert store.find_resumable(sha256=digest) == first
    assert store.find_resumable(path=source) == first
    assert store.find_resumable(sha256=digest, case_reference="another case") is None
    assert store.find_resumable(sha256=digest, sheet=None, column="کد ملی") == first
    assert store.find_resumable(sha256=digest, column="نام") is None
    # The newest unfinished job wins; finished ones are never resumed.
    second = new_job(store, source)
    assert store.find_resumable(sha256=digest, case_reference=ANY) == second
    store.set_state(second.id, JobState.PAUSED, "quota-exhausted")
    resumable = store.find_resumable(sha256=digest)
    assert resumable is not None and (resumable.id, resumable.reason) == (
        second.id,
        "quota-exhausted",
    )
    store.set_state(second.id, JobState.DONE)
    store.set_state(first.id, JobState.CANCELLED)
    assert store.find_resumable(sha256=digest) is None
    # The same content under another name is the same list.
    copy = tmp_path / "copy.csv"
    copy.write_bytes(source.read_bytes())
    third = new_job(store, copy)
    assert store.find_resumable(sha256=digest) == third
    assert store.find_resumable(path=source) is None
    with pytest.raises(ValueError):
        store.find_resumable()


def test_rows_come_in_file_order_across_pages_and_delete_removes_everything(
    store: JobStore, tmp_path: Path
) -> None:
    source = write_list(tmp_path / "big.csv", ids(4500))
    job = new_job(store, source)
    assert [r.row for r in store.rows(job.id)] == list(range(2, 4502))  # over two pages
    assert store.widest_row(job.id) == 3
    assert [r.row for r in store.get_rows(job.id, [4501, 2, 700, 2])] == [2, 700, 4501]
    other = new_job(store, source)
    store.delete_job(job.id)
    with pytest.raises(KeyError):
        store.job(job.id)
    assert store.rows(job.id) == []
    assert [j.id for j in store.jobs()] == [other.id]
    assert store.summary(other.id).pending == 4500


def test_the_database_is_wal_with_full_sync_in_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "jobs.sqlite3"
    with JobStore() as store:
        assert store.path == default_path()
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from desktop.core.jobs import JobStore, RowResult
    from tests.batch_fixtures import answer
    store = JobStore(Path(sys.argv[1]))
    job_id = int(sys.argv[2])
    rows = [p.row for p in store.pending_rows(job_id)]
    store.record_results(
        job_id, [RowResult.answered(r, answer(str(r), "pensioner")) for r in rows[:3]]
    )
    # Killed the moment the batch's transaction returns: no close, no checkpoint.
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_committed_batch_survives_kill_9(store: JobStore, tmp_path: Path) -> None:
    job = new_job(store, write_list(tmp_path / "list.csv", ids(5)))
    store.close()
    process = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(store.path), str(job.id)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr
    with JobStore(store.path) as reopened:
        summary = reopened.summary(job.id)
        assert (summary.pensioner, summary.pending) == (3, 2)
        answered = [r for r in reopened.rows(job.id) if r.state is RowState.ANSWERED]
        assert [r.answer for r in answered] == [answer(str(n), "pensioner") for n in (2, 3, 4)]
        assert all(r.import_status is RowStatus.VALID for r in answered)
    # Read back by plain sqlite too: the answer is in the database, not only in a cache.
    with sqlite3.connect(store.path) as conn:
        count = "SELECT count(*) FROM job_rows WHERE state = 'answered'"
        assert conn.execute(count).fetchone()[0] == 3


def test_a_job_is_reached_only_by_the_clerk_and_agency_it_belongs_to(
    store: JobStore, tmp_path: Path
) -> None:
    source = write_list(tmp_path / "list.csv", ids(3))
    imported = importing.load(source, column="کد ملی")
    a, b = Owner("demo.clerk", "AG-1001"), Owner("demo.clerk2", "AG-2001")
    mine, found = store.job_for(
        imported, source, case_reference=CASE, server_url="u", username=a.username, agency=a.agency
    )
    assert found is Found.NEW and mine.agency == "AG-1001"
    store.set_state(mine.id, JobState.DONE)
    # The same list and case by another clerk: a job of their own, not the first's answers.
    theirs, found = store.job_for(
        imported, source, case_reference=CASE, server_url="u", username=b.username, agency=b.agency
    )
    assert found is Found.NEW and theirs.id != mine.id
    # The first clerk finds their own again.
    again, found = store.job_for(
        imported, source, case_reference=CASE, server_url="u", username=a.username, agency=a.agency
    )
    assert (again.id, found) == (mine.id, Found.FINISHED)
    assert [j.id for j in store.jobs(a)] == [mine.id]
    assert [j.id for j in store.jobs(b)] == [theirs.id]
    assert [j.id for j in store.jobs()] == [theirs.id, mine.id]
    # The same username at another agency is another clerk; an unknown agency (a
    # command before it signed in) is not held against the username.
    assert store.jobs(Owner("demo.clerk", "AG-2001")) == []
    assert [j.id for j in store.jobs(Owner("demo.clerk"))] == [mine.id]
    with pytest.raises(NotYours):
        BulkInquiry(store).claim_job(mine, b)
    bulk = BulkInquiry(store)
    assert bulk.claim_job(mine, a).job.id == mine.id
    bulk.release()


def test_a_store_of_the_first_version_gains_the_agency(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    with JobStore(path) as store:
        job = new_job(store, write_list(tmp_path / "list.csv", ids(2)))
    with sqlite3.connect(path) as conn:  # as version 1 wrote it: no agency column
        conn.execute("ALTER TABLE jobs DROP COLUMN agency")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with JobStore(path) as store:
        assert store.job(job.id).agency is None
        assert [j.id for j in store.jobs(Owner(DEMO_USER, "AG-1001"))] == [job.id]


def test_rows_read_back_after_a_write_are_as_kept_and_reuse_the_answers_given(
    store: JobStore, tmp_path: Path
) -> None:
    source, good = mixed_list(tmp_path / "list.csv", 4)
    job = new_job(store, source)
    first = answer(good[0], "pensioner")
    [row2] = store.record_and_read(job.id, [RowResult.answered(2, first)])
    # The answer handed back is the one given, not a copy parsed again from its JSON.
    assert row2.answer is first and row2.state is RowState.ANSWERED
    assert row2 == store.get_rows(job.id, [2])[0]

    late = answer(good[0], "not_found")
    given = RowResult.answered(3, answer(good[1], "insured_active"))
    rows = store.record_and_read(
        job.id, [given, RowResult.answered(2, late), RowResult.failed(4, "server-error")]
    )
    assert [r.row for r in rows] == [2, 3, 4]
    # A late second answer is not kept, and the row read back says so.
    assert rows[0].answer == first and rows[0].outcome is Outcome.PENSIONER
    assert rows[1].answer is given.answer
    assert (rows[2].state, rows[2].error_code) == (RowState.FAILED, "server-error")
