"""Bulk inquiry end to end: a 10,000-row xlsx to exported results, against the mock.

    python bench/bench_batch.py [--rows 10000] [--latency-ms 20] [--sample 200] [--csv]

The mock runs as its own process with its default rate limit and `--latency-ms`. The
timed pipeline (import the file, create the job, sign in, run it, export the results)
runs in a fresh child process so its peak memory (RSS) is its own. Beside it, in the same
run, a plain sequential loop over the single-inquiry endpoint is timed on a sample of
rows; its time for all the rows is projected from that sample, not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import launch_mock  # noqa: E402  (the tests' own mock launcher)

CASE = "۱۴۰۳/۱۲۳"
USER, USER2, PASSWORD, CODE = "demo.clerk", "demo.clerk2", "demo-pass", "123456"


def make_input(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from desktop.core.national_id import with_check_digit

    book = Workbook(write_only=True)
    sheet = book.create_sheet("فهرست")
    sheet.append(["ردیف", "نام و نام خانوادگی", "کد ملی", "شماره نامه"])
    for i in range(rows):
        national_id = with_check_digit(f"{1_000_000 + i * 7919:09d}")
        sheet.append([i + 1, f"شخص شماره {i + 1}", national_id, f"ن/{i % 50}"])
    book.save(path)


async def signed_in(url: str, username: str):  # -> SsoClient
    from desktop.api_client import SsoClient

    client = SsoClient(url)
    challenge = await client.login(username, PASSWORD)
    await client.verify_otp(challenge.challenge_id, CODE)
    return client


async def pipeline(url: str, source: Path, out: Path, data: Path) -> dict[str, float]:
    from desktop.core import importing
    from desktop.core.batch import BatchRunner
    from desktop.core.export import export
    from desktop.core.jobs import JobStore

    marks = {"start": time.perf_counter()}
    imported = importing.load(source)
    marks["import"] = time.perf_counter()
    store = JobStore(data / "jobs.sqlite3")
    job = store.create_job(imported, source, case_reference=CASE, server_url=url, username=USER)
    marks["job"] = time.perf_counter()
    client = await signed_in(url, USER)
    marks["sign_in"] = time.perf_counter()
    outcome = await BatchRunner(client, store, job.id).run()
    marks["run"] = time.perf_counter()
    export(store, job.id, out)
    marks["export"] = time.perf_counter()
    await client.aclose()
    assert outcome.summary.complete, outcome
    steps = list(marks)
    result = {b: marks[b] - marks[a] for a, b in itertools.pairwise(steps)}
    result["total"] = marks["export"] - marks["start"]
    result["answered"] = outcome.summary.answered
    return result


# The mock's default burst is 40 requests: the loop's first rows are not rate-limited.
UNLIMITED_SAMPLE = 30


async def single_loop(url: str, source: Path, sample: int) -> tuple[float, float]:
    """Seconds for `sample` rows asked one by one, and for the first UNLIMITED_SAMPLE of
    them (inside the rate limit's burst: what latency alone costs). A second clerk's
    agency, so the batch's rate-limit bucket plays no part."""
    from desktop.core import importing

    ids = [r.national_id for r in importing.load(source).valid_rows[:sample]]
    client = await signed_in(url, USER2)
    started = time.perf_counter()
    burst = 0.0
    for n, national_id in enumerate(ids, 1):
        assert national_id is not None
        await client.inquire(national_id, CASE, idempotency_key=str(uuid.uuid4()))
        if n == UNLIMITED_SAMPLE:
            burst = time.perf_counter() - started
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed, burst


def child(argv: list[str]) -> None:
    url, source, out, data = argv
    result = asyncio.run(pipeline(url, Path(source), Path(out), Path(data)))
    # ru_maxrss is in KiB on Linux.
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--csv", action="store_true", help="export CSV instead of xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "list.xlsx"
        make_input(source, args.rows)
        mock = launch_mock(base / "mock", demo=True, latency_ms=args.latency_ms)
        try:
            out = base / ("results.csv" if args.csv else "results.xlsx")
            (base / "data").mkdir()
            run = subprocess.run(
                [sys.executable, __file__, "--child", mock.url, str(source), str(out),
                 str(base / "data")],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if run.returncode != 0:
                raise SystemExit(run.stderr)
            batch = json.loads(run.stdout)
            sample_s, burst_s = asyncio.run(single_loop(mock.url, source, args.sample))
            mock_rss = peak_rss_mib(mock.process.pid)
        finally:
            mock.stop()
    rows = args.rows
    batch_rate = rows / batch["total"]
    loop_rate = args.sample / sample_s
    print(f"rows: {rows}, mock latency {args.latency_ms} ms, default rate limit; {out.name}")
    print(
        "batch, end to end: "
        f"{batch['total']:.2f} s = import {batch['import']:.2f} + job {batch['job']:.2f} "
        f"+ sign-in {batch['sign_in']:.2f} + run {batch['run']:.2f} "
        f"+ export {batch['export']:.2f}"
    )
    print(f"batch: {batch_rate:.0f} rows/s; peak RSS {batch['peak_rss_mib']:.0f} MiB "
          f"(mock {mock_rss:.0f} MiB)")  # fmt: skip
    print(
        f"single-inquiry loop: {args.sample} rows in {sample_s:.2f} s = {loop_rate:.1f} rows/s; "
        f"projected for {rows} rows: {rows / loop_rate:.0f} s (projected, not measured)"
    )
    burst_rate = UNLIMITED_SAMPLE / burst_s
    print(
        f"  of which the first {UNLIMITED_SAMPLE}, inside the rate limit's burst: "
        f"{burst_rate:.1f} rows/s (latency-bound; {rows / burst_rate:.0f} s projected)"
    )
    print(
        f"speed-up: {batch_rate / loop_rate:.0f}x over the loop "
        f"({batch_rate / burst_rate:.0f}x over its latency-bound pace)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        main()
