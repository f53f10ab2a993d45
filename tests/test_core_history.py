"""The history use-case without a window: a clerk's own records, the chain walked once and
then only onwards, details held against the chain, and the agency's record at the real
mock held against the local trail."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest

from desktop.core import audit_store as store_module
from desktop.core.audit import Actor, AuditLog, Kind, Problem, mask
from desktop.core.audit_chain import GENESIS_HEAD
from desktop.core.audit_export import SHEET_TITLE, UNFAITHFUL
from desktop.core.history import Filters, History, SignInRequired
from desktop.core.inquiry import inquire_one
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from tests.conftest import DEMO_PASSWORD, DEMO_USER, read_otp_code, server_answer

ID_A = "0012345611"


def clerk(username: str, agency: str) -> SimpleNamespace:
    """A signed-in clerk as the session holds it (only what Actor.of reads)."""
    return SimpleNamespace(
        username=username, agency=SimpleNamespace(id=agency), mou=SimpleNamespace(number="M-1")
    )


@pytest.fixture
def log(tmp_path: Path):
    with AuditLog(tmp_path / "audit.sqlite3", keyring=MemoryStore()) as audit:
        yield audit


def record(log: AuditLog, actor: Actor, case: str, n: int = 1) -> None:
    for i in range(n):
        log.record(
            Kind.INQUIRY,
            actor,
            case_reference=case,
            national_id=ID_A,
            result={"inquiry_id": f"INQ-{case}-{i}", "status": "pensioner"},
            server_ref=f"INQ-{case}-{i}",
            outcome="pensioner",
        )


def test_only_the_signed_in_clerks_records(log: AuditLog) -> None:
    record(log, Actor("demo.clerk", "AG-1001"), "A", 2)
    record(log, Actor("demo.clerk2", "AG-2001"), "B")
    record(log, Actor("demo.clerk", "AG-9999"), "C")  # the same name at another agency
    session = SimpleNamespace(me=None)
    history = History(log, session)  # type: ignore[arg-type]
    with pytest.raises(SignInRequired):
        history.search(Filters())
    session.me = clerk("demo.clerk", "AG-1001")
    found = history.search(Filters())
    assert [e.case_reference for e in found.entries] == ["A", "A"]
    session.me = clerk("demo.clerk2", "AG-2001")
    assert not history.owns(found)
    with pytest.raises(SignInRequired):
        history.open(found, found.entries[0])
    with pytest.raises(SignInRequired):
        history.export(log.path.with_name("x.xlsx"), found, agency="", clerk="")
    assert [e.case_reference for e in history.search(Filters()).entries] == ["B"]


def test_the_chain_is_walked_once_then_onwards(log: AuditLog, monkeypatch) -> None:
    actor = Actor("demo.clerk", "AG-1001")
    record(log, actor, "A", 20)
    walked: list[tuple[int, int]] = []
    real_walk = store_module.walk

    def counting(rows: Any, base: Any = GENESIS_HEAD) -> Any:
        walked.append((base.count, len(rows)))
        return real_walk(rows, base)

    monkeypatch.setattr(store_module, "walk", counting)
    history = History(log, SimpleNamespace(me=clerk("demo.clerk", "AG-1001")))  # type: ignore[arg-type]
    assert history.search(Filters()).chain.ok
    assert history.search(Filters(case_reference="A")).chain.ok
    record(log, actor, "B", 3)
    assert history.search(Filters()).chain.count == 23
    assert walked == [(0, 20), (20, 0), (20, 3)]
    # Another connection's change (an SQLite browser): the whole chain is walked again.
    with sqlite3.connect(log.path) as conn:
        conn.execute("UPDATE records SET case_reference = 'Z' WHERE seq = 5")
    conn.close()
    chain = history.search(Filters()).chain
    assert (chain.ok, chain.problem, chain.first_bad) == (False, Problem.EDITED, 5)
    assert walked[-1] == (0, 23)


def test_edited_details_do_not_match_the_chain(log: AuditLog) -> None:
    record(log, Actor("demo.clerk", "AG-1001"), "A", 3)
    with sqlite3.connect(log.path) as conn:
        conn.execute("UPDATE details SET national_id = '1234567891' WHERE seq = 1")
        conn.execute("UPDATE details SET answer = replace(answer, 'pensioner', 'x') WHERE seq = 2")
    conn.close()
    history = History(log, SimpleNamespace(me=clerk("demo.clerk", "AG-1001")))  # type: ignore[arg-type]
    found = history.search(Filters())
    assert found.unfaithful == {1, 2}
    opened = {e.seq: history.open(found, e).faithful for e in found.entries}
    assert opened == {1: False, 2: False, 3: True}
    assert found.chain.ok  # the chain itself is intact: the details sit outside it
    # The export for a supervisor says so too, instead of showing the edited details.
    path = history.export(log.path.with_name("h.xlsx"), found, agency="A", clerk="C")
    rows = list(openpyxl.load_workbook(path)[SHEET_TITLE].iter_rows(values_only=True))
    lines = {row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:4]}
    assert lines["1"]["کد ملی"] == lines["2"]["کد ملی"] == UNFAITHFUL.in_("fa")
    assert lines["3"]["کد ملی"] == mask(ID_A)


def test_the_agency_record_is_held_against_the_local_trail(start_mock, tmp_path: Path) -> None:
    mock = start_mock()
    url = mock.url

    async def scenario() -> None:
        session = Session(MemoryStore())
        await session.start_sign_in(url, DEMO_USER, DEMO_PASSWORD)
        await session.finish_sign_in(read_otp_code(url, DEMO_USER), False)
        with AuditLog(tmp_path / "audit.sqlite3", keyring=MemoryStore()) as log:
            history = History(log, session)
            for case in ("K-1", "K-2", "K-3"):
                await inquire_one(session, ID_A, case, audit=log)
            items, comparison = await history.agency_record()
            assert {i.username for i in items} == {DEMO_USER}
            assert (comparison.ok, comparison.lines, comparison.complete) == (True, 3, True)
            # A look-up made elsewhere (straight at the server) has no record here.
            elsewhere = server_answer(url, ID_A, "ELSEWHERE")["inquiry_id"]
            # And a record removed here.
            removed = log.search(case_reference="K-2")[0].server_ref
            log.close()
            with sqlite3.connect(log.path) as conn:
                conn.execute("DELETE FROM records WHERE case_reference = 'K-2'")
            conn.close()
            _items, comparison = await history.agency_record()
            assert comparison.lines == 4 and not comparison.ok
            assert sorted(i.reference for i in comparison.missing) == sorted([elsewhere, removed])
        await session.sign_out()

    asyncio.run(scenario())
