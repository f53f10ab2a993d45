"""The audit trail: records, keyed digests, the chain and its tamper checks, retention."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time

import pytest

from desktop.core.audit import Actor, AuditLog, Kind, NewEntry, Problem, inquiry_entry, mask

ACTOR = Actor("demo.clerk", "AG-1001", "MOU-1403-017")
ID_A, ID_B = "0012345679", "1234567891"


def _answer(national_id: str, n: int) -> dict[str, object]:
    return {"inquiry_id": f"INQ-{n:06d}", "national_id": national_id, "status": "pensioner"}


@pytest.fixture
def log(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as audit:
        yield audit


def _fill(log: AuditLog, n: int = 10) -> None:
    for i in range(1, n + 1):
        nid = ID_A if i % 2 else ID_B
        log.record(
            Kind.INQUIRY,
            ACTOR,
            case_reference=f"CASE-{i}",
            national_id=nid,
            result=_answer(nid, i),
            server_ref=f"INQ-{i:06d}",
            outcome="pensioner",
        )


def _sql(log: AuditLog, *statements: str) -> None:
    log.close()
    conn = sqlite3.connect(log.path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def test_records_hold_digests_only_and_details_apart(log):
    entry = log.record(
        Kind.INQUIRY,
        ACTOR,
        case_reference="CASE-1",
        national_id=ID_A,
        result=_answer(ID_A, 1),
        server_ref="INQ-000001",
        outcome="pensioner",
    )
    assert entry.seq == 1 and entry.purpose == "MoU MOU-1403-017: inquiry"
    # The chained record carries no ID in clear, and no plain SHA-256 of it either.
    conn = sqlite3.connect(log.path)
    row = " ".join(str(v) for v in conn.execute("SELECT * FROM records").fetchone())
    assert ID_A not in row and hashlib.sha256(ID_A.encode()).hexdigest() not in row
    assert entry.subject == log.subject_digest(ID_A)
    details = log.details(1)
    assert details == {"national_id": ID_A, "answer": _answer(ID_A, 1)}
    assert (
        entry.result_digest
        == hashlib.sha256(
            json.dumps(_answer(ID_A, 1), sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
    )


def test_the_key_is_per_installation_and_kept(tmp_path):
    one = AuditLog(tmp_path / "a" / "audit.sqlite3")
    two = AuditLog(tmp_path / "b" / "audit.sqlite3")
    assert one.subject_digest(ID_A) != two.subject_digest(ID_A)
    again = AuditLog(tmp_path / "a" / "audit.sqlite3")
    assert again.subject_digest(ID_A) == one.subject_digest(ID_A)
    assert (tmp_path / "a" / "audit.key").stat().st_mode & 0o077 == 0


def test_search_by_id_case_clerk_dates_and_kind(log):
    _fill(log, 6)
    log.record(Kind.VERIFY, Actor("os:someone"), national_id=ID_A, outcome="VALID")
    assert [e.seq for e in log.search(national_id=ID_A)] == [7, 5, 3, 1]
    assert [e.seq for e in log.search(case_reference="case-4")] == [4]
    assert [e.seq for e in log.search(clerk="OS:someone")] == [7]
    assert [e.seq for e in log.search(kinds=[Kind.VERIFY])] == [7]
    now = dt.datetime.now(dt.UTC)
    assert len(log.search(since=now - dt.timedelta(minutes=1), until=now + dt.timedelta(1))) == 7
    assert log.search(until=now - dt.timedelta(minutes=1)) == []
    assert log.search(national_id=ID_A, limit=1)[0].national_id == ID_A
    assert [e.seq for e in log.search(clerk="demo.clerk", agency="AG-1001")] == [6, 5, 4, 3, 2, 1]


def test_intact_chain_verifies(log):
    assert log.verify().ok and log.verify().count == 0
    _fill(log)
    report = log.verify()
    assert report.ok and report.count == 10
    assert report.sentence() == "Audit trail intact: 10 records."


def test_an_edited_field_is_found(log):
    _fill(log)
    _sql(log, "UPDATE records SET case_reference = 'CASE-X' WHERE seq = 4")
    report = log.verify()
    assert (report.ok, report.first_bad, report.problem) == (False, 4, Problem.EDITED)
    assert "record 4" in report.sentence()


def test_a_deleted_middle_record_is_found(log):
    _fill(log)
    _sql(log, "DELETE FROM records WHERE seq = 5")
    report = log.verify()
    assert (report.first_bad, report.problem) == (5, Problem.MISSING)


def test_a_deleted_and_renumbered_record_is_found(log):
    _fill(log)
    _sql(log, "DELETE FROM records WHERE seq = 5", "UPDATE records SET seq = seq - 1 WHERE seq > 5")
    report = log.verify()
    assert (report.first_bad, report.problem) == (5, Problem.MISSING)


def test_deleted_newest_records_are_found(log):
    _fill(log)
    _sql(log, "DELETE FROM records WHERE seq > 8")
    report = log.verify()
    assert (report.first_bad, report.problem) == (9, Problem.TRUNCATED)
    assert "2 of 10" in report.detail


def test_swapped_records_are_found(log):
    _fill(log)
    _sql(
        log,
        "UPDATE records SET seq = -3 WHERE seq = 3",
        "UPDATE records SET seq = 3 WHERE seq = 6",
        "UPDATE records SET seq = 6 WHERE seq = -3",
    )
    report = log.verify()
    assert (report.first_bad, report.problem) == (3, Problem.REORDERED)
    assert "record 6" in report.detail


def test_a_removed_anchor_is_reported(log):
    _fill(log, 3)
    log.flush_seal()
    log.anchor_path.unlink()
    assert log.verify().problem is Problem.NO_ANCHOR


def test_an_older_copy_put_back_is_found(log):
    _fill(log, 5)
    log.close()
    older = log.path.read_bytes()
    _fill(log, 5)
    log.flush_seal()
    anchor = log.anchor_path.read_text()
    log.close()
    log.path.write_bytes(older)
    assert (log.verify().problem, log.verify().first_bad) == (Problem.TRUNCATED, 6)
    # The older copy grown again to the anchor's length: another chain than the anchored.
    _fill(log, 5)
    log.anchor_path.write_text(anchor)
    report = log.verify()
    assert (report.ok, report.first_bad, report.problem) == (False, 10, Problem.EDITED)


def test_purge_and_wipe_details_keep_the_chain(log):
    _fill(log, 4)
    assert log.purge_details(dt.datetime.now(dt.UTC) - dt.timedelta(days=1)) == 0
    with pytest.raises(ValueError):
        log.purge_details(dt.datetime.now())
    time.sleep(0.01)
    cut = dt.datetime.now(dt.UTC)
    log.record(Kind.INQUIRY, ACTOR, national_id=ID_A, result=_answer(ID_A, 5))
    assert log.purge_details(cut) == 4
    assert log.details(1) is None and log.details(5) is not None
    assert [e.has_details for e in log.search()] == [True, False, False, False, False]
    # Search by ID still works from the chained digest once the ID in clear is gone.
    assert [e.seq for e in log.search(national_id=ID_B)] == [4, 2]
    assert log.wipe_details() == 1 and log.details(5) is None
    assert log.verify().ok


def test_many_records_in_one_transaction_chain_on(log):
    _fill(log, 2)
    rows = [
        inquiry_entry(ACTOR, Kind.BATCH_ROW, ID_A, "C", answer=_answer(ID_A, i), job=7)
        for i in range(500)
    ] + [NewEntry(Kind.BATCH_FINISH, ACTOR, outcome="done", job=7)]
    entries = log.record_many(rows)
    assert [e.seq for e in entries] == list(range(3, 504))
    assert entries[0].outcome == "pensioner" and entries[0].server_ref == "INQ-000000"
    assert log.verify().ok and log.verify().count == 503


def test_mask():
    assert mask(ID_A) == "001*****79"
    assert mask(None) == ""


def test_purged_details_leave_no_trace_in_the_files(log):
    log.record(Kind.INQUIRY, ACTOR, national_id=ID_A, result={"last_name": "Kermani-Zadeh"})
    log.record(Kind.INQUIRY, ACTOR, national_id=ID_B, result={"last_name": "Other"})
    assert log.wipe_details() == 2
    for path in log.path.parent.glob("audit.sqlite3*"):
        data = path.read_bytes()
        assert b"Kermani-Zadeh" not in data and ID_A.encode() not in data, path.name
