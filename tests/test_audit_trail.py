"""The audit trail end to end: the headless commands record against the real mock, the
chain is checked by `audit verify`, and the server keeps each agency's record apart."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest

from desktop.api_client import SsoClient
from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core.audit import AuditLog, Kind
from tests import issuer_fixtures
from tests.batch_fixtures import CASE, mixed_list
from tests.conftest import DEMO_PASSWORD, read_otp_code
from tests.import_fixtures import ids
from tests.mock_certificates import NID, issue

ACTIVE_ID = "0012345611"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(path))
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    return path


def sign_in_args(url: str, username: str = "demo.clerk") -> list[str]:
    return ["--server", url, "--username", username, "--otp", "123456"]


def inquire(url: str, national_id: str, case: str, username: str = "demo.clerk") -> int:
    return cli_main.run(["inquire", national_id, "--case-ref", case, *sign_in_args(url, username)])


def audit_verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli_main.run(["audit", "verify", *extra])
    return code, capsys.readouterr().out


def test_cli_inquiry_and_batch_run_are_recorded_and_verify(
    start_mock, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = start_mock(demo=True).url
    assert inquire(url, ACTIVE_ID, CASE) == common.EXIT_OK
    source, good = mixed_list(tmp_path / "list.csv", 30)
    out = tmp_path / "out.xlsx"
    argv = ["batch", "run", str(source), "-o", str(out), "--case-ref", CASE, *sign_in_args(url)]
    assert cli_main.run(argv) == common.EXIT_OK

    log = AuditLog(data_dir / "audit.sqlite3")
    entries = log.search(limit=None, kinds=list(Kind))
    kinds = [e.kind for e in reversed(entries)]
    assert kinds == [
        Kind.INTENT,
        Kind.INQUIRY,
        Kind.BATCH_START,
        *[Kind.BATCH_ROW] * 30,
        Kind.BATCH_FINISH,
    ]
    # The intent was written before the request: who asked about whom, under which key.
    intent, single = entries[-1], entries[-2]
    assert (intent.national_id, intent.case_reference) == (ACTIVE_ID, CASE)
    assert intent.server_ref.startswith("key:") and intent.outcome == "inquiry"
    assert (single.clerk, single.agency, single.case_reference) == ("demo.clerk", "AG-1001", CASE)
    assert single.server_ref.startswith("INQ-") and single.outcome == "insured_active"
    assert single.purpose.startswith("MoU ")
    assert log.details(single.seq)["answer"]["inquiry_id"] == single.server_ref
    rows = [e for e in entries if e.kind is Kind.BATCH_ROW]
    assert {e.national_id for e in rows} == set(good)
    assert all(e.job == rows[0].job and e.server_ref.startswith("INQ-") for e in rows)
    assert [e.seq for e in log.search(national_id=good[3])] == [
        e.seq for e in rows if e.national_id == good[3]
    ]
    assert entries[0].outcome.startswith("done answered:30")
    log.close()

    code, text = audit_verify(capsys)
    assert code == common.EXIT_OK and text.strip() == f"Audit trail intact: {len(entries)} records."
    code, text = audit_verify(capsys, "--json")
    assert code == common.EXIT_OK and json.loads(text)["count"] == len(entries)

    conn = sqlite3.connect(data_dir / "audit.sqlite3")
    with conn:
        conn.execute("UPDATE records SET outcome = outcome || 'x' WHERE seq = 10")
    conn.close()
    code, text = audit_verify(capsys)
    assert code == common.EXIT_NOT_VALID
    assert text.strip() == "Audit trail broken at record 10: its fields were changed (edited)."
    report = json.loads(audit_verify(capsys, "--json")[1])
    assert (report["ok"], report["first_bad"], report["problem"]) == (False, 10, "edited")


def test_a_refused_inquiry_is_recorded_with_its_code(start_mock, data_dir: Path) -> None:
    mock = start_mock(demo=True, quota=0)
    assert inquire(mock.url, ACTIVE_ID, CASE) == common.EXIT_NETWORK
    (entry,) = AuditLog(data_dir / "audit.sqlite3").search()
    assert (entry.kind, entry.outcome, entry.server_ref) == (
        Kind.INQUIRY,
        "error:quota-exhausted",
        "",
    )


async def _record(url: str, username: str) -> list:
    client = SsoClient(url)
    try:
        challenge = await client.login(username, DEMO_PASSWORD)
        await client.verify_otp(challenge.challenge_id, read_otp_code(url, username))
        return await client.agency_record(limit=500)
    finally:
        await client.aclose()


def test_each_agency_sees_only_its_own_server_record(start_mock, data_dir: Path) -> None:
    mock = start_mock(demo=True)
    first, second = ids(2, 4_200_000)
    assert inquire(mock.url, first, "COURT-1") == common.EXIT_OK
    assert inquire(mock.url, second, "FUND-1", username="demo.clerk2") == common.EXIT_OK

    court = asyncio.run(_record(mock.url, "demo.clerk"))
    fund = asyncio.run(_record(mock.url, "demo.clerk2"))
    assert [(i.username, i.case_reference) for i in court] == [("demo.clerk", "COURT-1")]
    assert [(i.username, i.case_reference) for i in fund] == [("demo.clerk2", "FUND-1")]
    # Masked: first three and last two digits only.
    assert court[0].national_id_masked == first[:3] + "*****" + first[-2:]
    assert court[0].kind == "inquiry" and court[0].reference.startswith("INQ-")
    # The same inquiry is on both sides: the local record names the server's reference.
    local = AuditLog(data_dir / "audit.sqlite3").search(case_reference="COURT-1")
    assert local[0].server_ref == court[0].reference

    # `since` filters; without a time zone it is refused as bad input; no token, no list.
    assert asyncio.run(_since(mock.url, court[0].at + dt.timedelta(seconds=1))) == []
    assert len(asyncio.run(_since(mock.url, court[0].at))) == 1
    bare = httpx.get(f"{mock.url}/api/v1/agency/inquiries", timeout=10)
    assert bare.status_code == 401


async def _since(url: str, at) -> list:
    client = SsoClient(url)
    try:
        challenge = await client.login("demo.clerk", DEMO_PASSWORD)
        await client.verify_otp(challenge.challenge_id, read_otp_code(url, "demo.clerk"))
        return await client.agency_record(since=at)
    finally:
        await client.aclose()


def test_cli_redeem_and_offline_verify_are_recorded(
    start_mock, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mock = start_mock(demo=True)
    issued = issue(mock.url, NID)
    out = tmp_path / "cert.pdf"
    argv = ["redeem", "--code", issued["tracking_code"], "--usage-password-stdin", "-o", str(out)]
    argv += ["--profile", "test", "--trust-root", str(issuer_fixtures.root_pem())]
    monkeypatch.setattr(sys, "stdin", io.StringIO("WRONG123\n"))
    assert cli_main.run([*argv, *sign_in_args(mock.url)]) != common.EXIT_OK
    monkeypatch.setattr(sys, "stdin", io.StringIO(issued["usage_password"] + "\n"))
    assert cli_main.run([*argv, *sign_in_args(mock.url)]) == common.EXIT_OK
    cli_main.run(["verify", str(out), *argv[-4:]])

    log = AuditLog(data_dir / "audit.sqlite3")
    refused, redeemed, checked = reversed(log.search())
    assert (refused.kind, refused.outcome, refused.subject) == (
        Kind.REDEEM,
        "error:usage-password-invalid",
        "",
    )
    assert log.details(refused.seq) == {
        "tracking_code": issued["tracking_code"],
        "national_id": None,
    }
    assert (redeemed.kind, redeemed.outcome, redeemed.clerk) == (Kind.REDEEM, "VALID", "demo.clerk")
    assert redeemed.server_ref == issued["serial"]
    assert checked.kind is Kind.VERIFY and checked.server_ref == issued["serial"]
    assert checked.clerk.startswith("os:") and checked.agency == ""
    # Both are found by the person's national ID, through the keyed digest.
    assert [e.seq for e in log.search(national_id=NID)] == [checked.seq, redeemed.seq]
    assert log.verify().ok

    # The SSO's own record of the agency has the redeem too, under the serial.
    court = asyncio.run(_record(mock.url, "demo.clerk"))
    assert [(i.kind, i.reference, i.outcome) for i in court] == [
        ("redeem", issued["serial"], "redeemed")
    ]
