"""Retention: personal data older than the setting is purged, and really gone from disk."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

import pytest

from desktop.core.jobs import JobState, JobStore, RowResult
from desktop.core.retention import PASTED_DIR, Removed, cutoff, purge_personal_data
from tests.batch_fixtures import answer, new_job, write_list
from tests.import_fixtures import ids

NOW = dt.datetime.now(dt.UTC)


def age_job(db: Path, job_id: int, days: float) -> None:
    """Backdate a job as if it was made `days` ago (a second connection, as another
    process of the app would be)."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE jobs SET created = ? WHERE id = ?",
            ((NOW - dt.timedelta(days=days)).timestamp(), job_id),
        )


def disk_bytes(db: Path) -> bytes:
    """Everything SQLite keeps for this database: the file, its log and shared memory."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def make_job(store: JobStore, folder: Path, name: str, start: int, days: float):
    people = ids(3, start)
    job = new_job(store, write_list(folder / name, people))
    store.record_results(
        job.id,
        [RowResult.answered(2, answer(people[0], "pensioner"))],
    )
    age_job(store.path, job.id, days)
    return job, people


def test_purge_removes_old_jobs_only_and_leaves_no_trace_in_the_file(
    tmp_path: Path, data_dir: Path
) -> None:
    db = data_dir / "jobs.sqlite3"
    with JobStore(db) as store:
        old, old_ids = make_job(store, tmp_path, "old.csv", 7_000_000, days=120)
        unfinished_old, _ = make_job(store, tmp_path, "paused.csv", 7_100_000, days=95)
        store.set_state(unfinished_old.id, JobState.PAUSED)
        running_old, running_ids = make_job(store, tmp_path, "running.csv", 7_200_000, days=200)
        recent, recent_ids = make_job(store, tmp_path, "recent.csv", 7_300_000, days=10)
        store.set_state(old.id, JobState.DONE)
        assert old_ids[0].encode() in disk_bytes(db)

        removed = purge_personal_data(
            cutoff(90, NOW), jobs=store, data_dir=data_dir, running_jobs={running_old.id}
        )

        assert removed == Removed(jobs=2, pasted_lists=0)
        assert {j.id for j in store.jobs()} == {running_old.id, recent.id}
        assert [r.national_id for r in store.rows(recent.id)] == recent_ids
        assert len(list(store.rows(running_old.id))) == 3
    on_disk = disk_bytes(db)
    # Neither the IDs nor the names in the rows' cells, nor the file names, survive.
    for national_id in old_ids:
        assert national_id.encode() not in on_disk
    assert b"old.csv" not in on_disk and b"paused.csv" not in on_disk
    assert running_ids[0].encode() in on_disk and recent_ids[0].encode() in on_disk


def test_wipe_removes_every_job_but_a_running_one(tmp_path: Path, data_dir: Path) -> None:
    db = data_dir / "jobs.sqlite3"
    with JobStore(db) as store:
        _, done_ids = make_job(store, tmp_path, "a.csv", 7_400_000, days=0)
        running, _ = make_job(store, tmp_path, "b.csv", 7_500_000, days=0)
        removed = purge_personal_data(
            None, jobs=store, data_dir=data_dir, running_jobs=[running.id]
        )
        assert removed.jobs == 1 and removed.total == 1
        assert [j.id for j in store.jobs()] == [running.id]
        removed = purge_personal_data(None, jobs=store, data_dir=data_dir)
        assert removed.jobs == 1 and store.jobs() == []
        # Nothing left to remove is not an error.
        assert purge_personal_data(None, jobs=store, data_dir=data_dir) == Removed()
    on_disk = disk_bytes(db)
    assert not any(national_id.encode() in on_disk for national_id in done_ids)


def test_pasted_lists_go_with_their_jobs(data_dir: Path) -> None:
    pasted = data_dir / PASTED_DIR
    pasted.mkdir(parents=True)
    with JobStore(data_dir / "jobs.sqlite3") as store:
        kept_file = write_list(pasted / "pasted-kept.txt", ids(2, 7_600_000))
        kept, _ = make_job(store, pasted, "pasted-kept.txt", 7_600_000, days=200)
        old_file = write_list(pasted / "pasted-old.txt", ids(2, 7_700_000))
        gone, _ = make_job(store, pasted, "pasted-old.txt", 7_700_000, days=200)
        new_file = write_list(pasted / "pasted-new.txt", ids(2, 7_800_000))
        long_ago = time.time() - 200 * 86400
        for path in (kept_file, old_file):
            os.utime(path, (long_ago, long_ago))

        removed = purge_personal_data(
            cutoff(90, NOW), jobs=store, data_dir=data_dir, running_jobs=[kept.id]
        )

        assert removed == Removed(jobs=1, pasted_lists=1)
        assert kept_file.exists() and new_file.exists() and not old_file.exists()
        assert gone.id not in {j.id for j in store.jobs()}
        purge_personal_data(None, jobs=store, data_dir=data_dir)
        assert sorted(p.name for p in pasted.iterdir()) == []


def test_cutoff_never_reaches_into_today() -> None:
    assert cutoff(90, NOW) == NOW - dt.timedelta(days=90)
    assert cutoff(0, NOW) == cutoff(-5, NOW) == NOW - dt.timedelta(days=1)


def test_the_audit_trail_loses_its_personal_details_but_keeps_its_records(
    data_dir: Path,
) -> None:
    from desktop.core.audit import Actor, AuditLog, Kind, inquiry_entry

    national_id = ids(1, 7_900_000)[0]
    answer = {"national_id": national_id, "status": "pensioner", "inquiry_id": "INQ-1"}
    with (
        JobStore(data_dir / "jobs.sqlite3") as store,
        AuditLog(data_dir / "audit.sqlite3") as audit,
    ):
        [entry] = audit.record_many(
            [inquiry_entry(Actor("demo.clerk"), Kind.INQUIRY, national_id, "C-1", answer=answer)]
        )
        kept = purge_personal_data(cutoff(90, NOW), jobs=store, data_dir=data_dir, audit=audit)
        assert kept.audit_details == 0 and audit.details(entry.seq) is not None

        wiped = purge_personal_data(None, jobs=store, data_dir=data_dir, audit=audit)

        assert wiped == Removed(audit_details=1)
        assert audit.details(entry.seq) is None
        assert [e.seq for e in audit.search(national_id=national_id)] == [entry.seq]
        assert audit.verify().ok
    assert national_id.encode() not in disk_bytes(data_dir / "audit.sqlite3")
