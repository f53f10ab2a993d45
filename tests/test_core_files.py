"""Local data at rest: the data folder and its files private, exports never written
through a planted link, and written whole."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from desktop.api_client import StatusResult
from desktop.core import logs
from desktop.core.audit import Actor, AuditLog, Kind
from desktop.core.audit_export import Period, export_history
from desktop.core.export import export
from desktop.core.jobs import JobStore, RowResult
from desktop.core.paths import user_data_dir
from tests.api_fakes import STATUS_JSON
from tests.batch_fixtures import new_job, write_list
from tests.import_fixtures import ids

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_new_data_folder_and_its_files_are_the_users_alone(tmp_path: Path) -> None:
    data = user_data_dir()
    assert data == tmp_path / "user-data" and mode(data) == 0o700
    store = JobStore(data / "jobs.sqlite3")
    new_job(store, write_list(tmp_path / "list.csv", ids(3)))
    audit = AuditLog()
    audit.record(Kind.VERIFY, Actor("clerk", "agency"), outcome="valid")
    logs.setup("test")
    logging.getLogger("desktop").info("a line")
    # The databases' write-ahead logs and shared memory exist while they are open.
    written = [
        data / "jobs.sqlite3",
        data / "jobs.sqlite3-wal",
        data / "jobs.sqlite3-shm",
        data / "audit.sqlite3",
        data / "audit.sqlite3-wal",
        data / "audit.sqlite3-shm",
        logs.log_file(),
    ]
    try:
        assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}
        assert mode(logs.log_dir()) == 0o700
    finally:
        store.close()
        audit.close()


def test_a_rotated_log_is_private_too(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 200)
    logs.setup("test")
    for n in range(20):
        logging.getLogger("desktop").info("line %d %s", n, "x" * 50)
    files = sorted(logs.log_dir().iterdir())
    assert len(files) > 1 and {mode(p) for p in files} == {0o600}


def test_an_existing_install_is_tightened_at_start(tmp_path: Path) -> None:
    data = tmp_path / "user-data"
    (data / "logs").mkdir(parents=True)
    (data / "pasted").mkdir()
    loose = [
        data / "jobs.sqlite3",
        data / "jobs.sqlite3-wal",
        data / "audit.sqlite3",
        data / "settings.ini",
        data / "logs" / "estelam.log",
        data / "pasted" / "pasted-1.txt",
    ]
    for path in loose:
        path.write_text("x")
        path.chmod(0o644)
    for folder in (data, data / "logs", data / "pasted"):
        folder.chmod(0o755)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not the app's")
    outside.chmod(0o644)
    (data / "link").symlink_to(outside)

    assert user_data_dir() == data
    assert {p.name: mode(p) for p in loose} == {p.name: 0o600 for p in loose}
    assert {mode(d) for d in (data, data / "logs", data / "pasted")} == {0o700}
    assert mode(outside) == 0o644  # a link's target is not the app's to change


@pytest.fixture
def answered(tmp_path: Path) -> tuple[JobStore, int]:
    good = ids(2)
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = new_job(store, write_list(tmp_path / "list.csv", good))
    store.record_results(
        job.id,
        [RowResult.answered(2, StatusResult.from_json({**STATUS_JSON, "national_id": good[0]}))],
    )
    yield store, job.id
    store.close()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_an_export_never_writes_through_a_link_planted_at_its_part_file(
    answered: tuple[JobStore, int], tmp_path: Path, suffix: str
) -> None:
    store, job_id = answered
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / f"results{suffix}"
    part = target.with_name(target.name + ".part")
    part.symlink_to(victim)

    assert export(store, job_id, target) == target
    assert victim.read_text() == "keep me"
    assert not part.exists() and not part.is_symlink()
    assert not target.is_symlink() and target.stat().st_size > 100
    # Personal data: readable by the clerk alone until they share it.
    assert mode(target) == 0o600


def test_a_part_file_left_by_a_killed_export_does_not_block_the_next(
    answered: tuple[JobStore, int], tmp_path: Path
) -> None:
    store, job_id = answered
    target = tmp_path / "results.csv"
    target.with_name("results.csv.part").write_text("half a file")
    export(store, job_id, target)
    assert target.read_text(encoding="utf-8-sig").startswith("ردیف")


def test_the_audit_export_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "history.xlsx"
    target.with_name("history.xlsx.part").symlink_to(victim)
    with AuditLog(tmp_path / "audit.sqlite3") as audit:
        entries = [audit.record(Kind.VERIFY, Actor("clerk", "agency"), outcome="valid")]
        export_history(audit, target, entries, Period(), agency="agency", clerk="clerk")
    assert victim.read_text() == "keep me"
    assert target.is_file() and not target.is_symlink() and mode(target) == 0o600


def test_the_settings_file_is_private(tmp_path: Path) -> None:
    from desktop.window.app import settings  # QSettings only: no window

    prefs = settings()
    prefs.setValue("network/server_profile", "test")
    prefs.sync()
    assert mode(tmp_path / "user-data" / "settings.ini") == 0o600
