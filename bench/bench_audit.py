"""The audit trail's cost in a bulk inquiry: a 10,000-row run with and without it.

    python bench/bench_audit.py [--rows 10000] [--repeat 2]

Both runs send the same rows to the same mock (its own process, default rate limit) with
the same runner; the audited one also writes one record per row (plus the job's start
and finish), one transaction per batch of 250, each sealed in the OS keyring when one
answers (run it under .ci/test's keyring, or see "seal" below). Printed beside them: the
audit log's own time for the same number of records written in batches of 250 outside
any run, the time `verify()` takes to walk the whole chain afterwards, and a History
search as it was (the records and a whole-chain walk each time) beside the history
use-case's (the chain walked once, then only onwards).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import launch_mock  # noqa: E402  (the tests' own mock launcher)

USER, PASSWORD, CODE = "demo.clerk", "demo-pass", "123456"


async def run_once(url: str, rows: int, data: Path, audited: bool) -> float:
    from desktop.api_client import SsoClient
    from desktop.core import importing
    from desktop.core.audit import Actor, AuditLog
    from desktop.core.batch import BatchRunner
    from desktop.core.jobs import JobStore
    from desktop.core.national_id import with_check_digit

    source = data / "list.txt"
    offset = 3_000_000 + (1_000_000 if audited else 0) + int(time.time()) % 1000 * 20_000
    source.write_text(
        "\n".join(with_check_digit(f"{offset + i * 13:09d}") for i in range(rows)) + "\n"
    )
    store = JobStore(data / "jobs.sqlite3")
    job = store.create_job(
        importing.load(source), source, case_reference="B-1", server_url=url, username=USER
    )
    client = SsoClient(url)
    challenge = await client.login(USER, PASSWORD)
    await client.verify_otp(challenge.challenge_id, CODE)
    me = await client.me()
    log = AuditLog(data / "audit.sqlite3") if audited else None
    runner = BatchRunner(client, store, job.id, audit=log, actor=Actor.of(me) if audited else None)
    started = time.perf_counter()
    outcome = await runner.run()
    elapsed = time.perf_counter() - started
    assert outcome.summary.answered == rows, outcome
    await client.aclose()
    store.close()
    if log is not None:
        log.close()
    return elapsed


def log_alone(rows: int, data: Path) -> tuple[float, float, float, float, str]:
    from types import SimpleNamespace

    from desktop.core.audit import Actor, AuditLog, Kind, inquiry_entry
    from desktop.core.history import Filters, History
    from desktop.core.national_id import with_check_digit

    actor = Actor(USER, "AG-1001", "MOU-1")
    answer = {
        "inquiry_id": "INQ-20261130-000001",
        "status": "insured_active",
        "first_name": "مریم",
        "last_name": "احمدی",
        "insurance_number": "1234567890",
        "workshop": {"id": "W-1", "name": "کارگاه"},
    }
    entries = [
        inquiry_entry(actor, Kind.BATCH_ROW, with_check_digit(f"{i:09d}"), "B-1", answer=answer)
        for i in range(1, rows + 1)
    ]
    with AuditLog(data / "alone.sqlite3") as log:
        started = time.perf_counter()
        for start in range(0, rows, 250):
            log.record_many(entries[start : start + 250])
        write = time.perf_counter() - started
        started = time.perf_counter()
        report = log.verify()
        assert report.ok
        check = time.perf_counter() - started
        me = SimpleNamespace(
            username=USER, agency=SimpleNamespace(id="AG-1001"), mou=SimpleNamespace(number="MOU-1")
        )
        history = History(log, SimpleNamespace(me=me))  # type: ignore[arg-type]
        history.search(Filters())  # the screen's first search walks the chain once
        started = time.perf_counter()
        for _ in range(5):
            log.search(case_reference="B-1", limit=5000)
            log.verify()
        searched_before = (time.perf_counter() - started) / 5
        started = time.perf_counter()
        for _ in range(5):
            history.search(Filters(case_reference="B-1"))
        searched_now = (time.perf_counter() - started) / 5
    return write, check, searched_before, searched_now, report.protection.value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        mock = launch_mock(base / "mock", demo=True, quota=10_000_000)
        try:
            times: dict[bool, list[float]] = {False: [], True: []}
            for n in range(args.repeat):
                for audited in (False, True):
                    data = base / f"run-{n}-{audited}"
                    data.mkdir()
                    times[audited].append(asyncio.run(run_once(mock.url, args.rows, data, audited)))
        finally:
            mock.stop()
        write, check, before, now, protection = log_alone(args.rows, base)
    plain, audited = statistics.median(times[False]), statistics.median(times[True])
    print(f"{args.rows:,} rows, median of {args.repeat} runs each")
    print(f"  run without audit: {plain:6.2f} s")
    print(f"  run with audit:    {audited:6.2f} s  ({(audited - plain) / plain:+.1%})")
    print(f"  audit log alone:   {write:6.2f} s to write {args.rows:,} records in batches of 250")
    print(f"  audit verify():    {check:6.2f} s for the whole chain (head {protection})")
    print(f"  a History search:  {before:6.3f} s as it was (records + whole-chain walk)")
    print(f"                     {now:6.3f} s now (records + the chain since the last walk)")


if __name__ == "__main__":
    main()
