"""The audit trail's head sealed with a key in the real OS keyring: what a local user who
can write the trail's files, but not read the keyring, cannot do unseen.

Real SQLite files tampered with as such a user would (delete rows, put an older copy back,
edit the anchor file, delete everything), and a real Secret Service (gnome-keyring in the
test run's D-Bus session); the no-keyring case uses keyring's own "fail" backend.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core.audit import Actor, AuditLog, Kind, Problem, Protection
from desktop.core.secrets import SecretStore, StoreStatus
from tests.conftest import DEMO_PASSWORD, DEMO_USER, server_answer

pytestmark = pytest.mark.keyring

ACTOR = Actor("demo.clerk", "AG-1001", "MOU-1")
ID_A = "0012345679"
ID_ACTIVE = "0012345611"


@pytest.fixture
def store() -> SecretStore:
    store = SecretStore(service=f"Estelam Desk test {uuid.uuid4().hex[:8]}")
    status = store.status()
    if status is not StoreStatus.AVAILABLE:
        pytest.skip(f"no usable Secret Service ({status.value}; {keyring.get_keyring()!r})")
    return store


@pytest.fixture
def log(tmp_path: Path, store: SecretStore) -> Iterator[AuditLog]:
    with AuditLog(tmp_path / "data" / "audit.sqlite3", keyring=store) as audit:
        yield audit


def fill(log: AuditLog, n: int, start: int = 1) -> None:
    for i in range(start, start + n):
        log.record(
            Kind.INQUIRY,
            ACTOR,
            case_reference=f"CASE-{i}",
            national_id=ID_A,
            result={"inquiry_id": f"INQ-{i:06d}", "status": "pensioner"},
            server_ref=f"INQ-{i:06d}",
            outcome="pensioner",
        )
    log.flush_seal()  # sealed off the recording thread: as the app will have by then


def sql(log: AuditLog, *statements: str) -> None:
    log.close()
    with sqlite3.connect(log.path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def head_of(path: Path, count: int) -> str:
    with sqlite3.connect(path) as conn:
        (digest,) = conn.execute("SELECT hash FROM records WHERE seq = ?", (count,)).fetchone()
    conn.close()
    return str(digest)


def reopened(log: AuditLog, store: SecretStore) -> AuditLog:
    """The trail as `audit verify` sees it: a fresh process, nothing cached."""
    log.close()
    return AuditLog(log.path, keyring=store)


def test_an_untouched_trail_is_intact_and_sealed(log: AuditLog, store: SecretStore) -> None:
    fill(log, 5)
    report = reopened(log, store).verify()
    assert (report.ok, report.count, report.protection, report.unsealed) == (
        True,
        5,
        Protection.SEALED,
        0,
    )
    assert report.sentence() == "Audit trail intact: 5 records."
    assert "mac" in json.loads(log.anchor_path.read_text())


def test_newest_deleted_and_the_anchor_edited_to_match(log: AuditLog, store: SecretStore) -> None:
    fill(log, 10)
    sealed_mac = json.loads(log.anchor_path.read_text())["mac"]
    sql(log, "DELETE FROM records WHERE seq > 8", "DELETE FROM details WHERE seq > 8")
    # The anchor rewritten to the shortened trail's head, as the old check invited.
    anchor = log.anchor_path
    anchor.write_text(json.dumps({"count": 8, "hash": head_of(log.path, 8)}))
    report = reopened(log, store).verify()
    assert (report.ok, report.problem, report.first_bad) == (False, Problem.TRUNCATED, 9)
    assert "2 of 10" in report.detail
    # Keeping the old seal beside the new head does not pass either.
    anchor.write_text(json.dumps({"count": 8, "hash": head_of(log.path, 8), "mac": sealed_mac}))
    report = reopened(log, store).verify()
    assert (report.ok, report.problem) == (False, Problem.FORGED_ANCHOR)


def test_an_older_copy_put_back_with_its_anchor(log: AuditLog, store: SecretStore) -> None:
    fill(log, 5)
    log.close()
    saved = log.path.parent.parent / "saved"
    shutil.copytree(log.path.parent, saved)
    fill(log, 5, start=6)
    log.close()
    shutil.rmtree(log.path.parent)
    shutil.copytree(saved, log.path.parent)
    report = reopened(log, store).verify()
    assert (report.ok, report.problem, report.first_bad) == (False, Problem.ROLLED_BACK, 6)
    assert "10" in report.detail
    # Recording on after the rollback does not wipe out the evidence.
    again = reopened(log, store)
    fill(again, 7, start=6)
    report = reopened(again, store).verify()
    assert (report.ok, report.problem, report.first_bad) == (False, Problem.EDITED, 10)


def test_everything_deleted(log: AuditLog, store: SecretStore) -> None:
    fill(log, 10)
    log.close()
    shutil.rmtree(log.path.parent)
    report = reopened(log, store).verify()
    assert (report.ok, report.problem, report.first_bad) == (False, Problem.TRUNCATED, 1)
    assert "10 of 10" in report.detail
    assert "intact" not in report.sentence()


def test_a_seal_without_its_key_is_not_trusted(log: AuditLog, store: SecretStore) -> None:
    fill(log, 3)
    store.delete(log.seal.account)
    report = reopened(log, store).verify()
    assert (report.ok, report.problem) == (False, Problem.NO_KEY)


def test_a_crash_before_the_seal_leaves_the_newest_unsealed(
    log: AuditLog, store: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(log, 3)
    monkeypatch.setattr(AuditLog, "_request_seal", lambda self: None)  # killed after commit
    fill(log, 2, start=4)
    report = reopened(log, store).verify()
    assert (report.ok, report.count, report.unsealed) == (True, 5, 2)
    assert "The newest 2 are not sealed yet." in report.sentence()


def test_the_key_is_never_beside_the_data(log: AuditLog, store: SecretStore) -> None:
    fill(log, 3)
    kept = log.seal.kept()
    assert kept is not None and len(kept.key) == 32
    for path in log.path.parent.rglob("*"):
        data = path.read_bytes()
        assert kept.key not in data and base64.b64encode(kept.key) not in data, path.name


def test_no_keyring_says_so_plainly(tmp_path: Path) -> None:
    nowhere = SecretStore(backend=fail.Keyring())
    with AuditLog(tmp_path / "audit.sqlite3", keyring=nowhere) as log:
        fill(log, 10)
        report = log.verify()
        assert report.ok and report.protection is Protection.UNSEALED
        assert "No keyring" in report.sentence() and "unseen" in report.sentence()
        assert "mac" not in json.loads(log.anchor_path.read_text())
        # What that means: a cut trail with an anchor edited to match is not found.
        sql(log, "DELETE FROM records WHERE seq > 8")
        log.anchor_path.write_text(json.dumps({"count": 8, "hash": head_of(log.path, 8)}))
        report = AuditLog(log.path, keyring=nowhere).verify()
        assert report.ok and report.count == 8 and report.protection is Protection.UNSEALED
    # Only files of the trail's own are written: no key beside the data (the test's own
    # data folder, user-data, aside).
    written = (p.name for p in tmp_path.iterdir() if p.name != "user-data")
    assert sorted(name for name in written if "sqlite3-" not in name) == [
        "audit.key",
        "audit.sqlite3",
        "audit.sqlite3.anchor",
    ]


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: SecretStore) -> Path:
    path = tmp_path / "cli-data"
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(path))
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli_main.run(list(argv))
    return code, capsys.readouterr().out


def test_audit_verify_finds_an_older_copy_put_back(data_dir: Path, capsys) -> None:
    with AuditLog() as log:
        fill(log, 4)
    saved = data_dir.with_name("saved")
    shutil.copytree(data_dir, saved)
    with AuditLog() as log:
        fill(log, 3, start=5)
    code, out = run(capsys, "audit", "verify", "--json")
    report = json.loads(out)
    assert (code, report["ok"], report["protection"], report["count"]) == (0, True, "sealed", 7)
    shutil.rmtree(data_dir)
    shutil.copytree(saved, data_dir)
    code, out = run(capsys, "audit", "verify", "--json")
    report = json.loads(out)
    assert code == common.EXIT_NOT_VALID
    assert (report["ok"], report["problem"], report["first_bad"]) == (False, "rolled-back", 5)


def test_audit_compare_against_the_agency_record(start_mock, data_dir: Path, capsys) -> None:
    url = start_mock(demo=True).url
    sign_in = ["--server", url, "--username", DEMO_USER, "--otp", "123456"]
    for case in ("CMP-1", "CMP-2"):
        assert cli_main.run(["inquire", ID_ACTIVE, "--case-ref", case, *sign_in]) == 0
    code, out = run(capsys, "audit", "compare", "--json", *sign_in)
    result = json.loads(out)
    assert (code, result["ok"], result["lines"], result["missing"]) == (0, True, 2, [])
    # An inquiry this computer has no record of (asked elsewhere, or its record removed).
    elsewhere = server_answer(url, ID_ACTIVE, "ELSEWHERE")["inquiry_id"]
    code, out = run(capsys, "audit", "compare", *sign_in)
    assert code == common.EXIT_NOT_VALID
    assert out.startswith("1 of your 3 look-ups") and elsewhere in out
