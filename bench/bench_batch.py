"""Bulk inquiry end to end: a 10,000-row xlsx to exported results, against the mock.

    python bench/bench_batch.py [--rows 10000] [--latency-ms 20] [--sample 200] [--csv]
                                [--repeat 3]

The mock runs as its own process with its default rate limit and `--latency-ms`. The
timed pipeline (import the file, create the job, sign in, run it, export the results)
runs in a fresh child process so its peak memory (RSS) is its own. Beside it, in the same
run, two peers:
- the load generator's ceiling: a bare httpx.AsyncClient sending the same rows to the
  same mock in batches of the same size, with as many requests in flight as the app, and
  keeping nothing (no job store, no audit trail). The app's rows/s is printed as a share
  of it, end to end and for the sending phase alone;
- a plain sequential loop over the single-inquiry endpoint, timed on a sample of rows;
  its time for all the rows is projected from that sample, not measured.
With --repeat N the pipeline and the load generator take turns N times (medians shown),
so that a neighbour's load on a shared machine falls on both alike. The processor time
the app, the load generator and the mock each spend while sending is printed per row:
where the cores are shared (the mock runs on the same machine), each side's throughput
follows the sum of its own and the mock's.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import statistics
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


def cpu_seconds(pid: int) -> float:
    """A process's processor time so far (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def pipeline(
    url: str, source: Path, out: Path, data: Path, mock_pid: int
) -> dict[str, float]:
    """The steps the window and the command line take: the bulk use-case, its job store
    and audit trail in `data`, every event handed to a listener as the window's are."""
    from desktop.core.audit import Actor, AuditLog
    from desktop.core.bulk import BulkInquiry, Request, import_list
    from desktop.core.jobs import JobStore

    marks = {"start": time.perf_counter()}
    imported = import_list(source)
    marks["import"] = time.perf_counter()
    bulk = BulkInquiry(JobStore(data / "jobs.sqlite3"), audit=AuditLog(data / "audit.sqlite3"))
    bulk.claim(Request(imported, source, CASE, url, USER))
    marks["job"] = time.perf_counter()
    client = await signed_in(url, USER)
    actor = Actor.of(await client.me())
    marks["sign_in"] = time.perf_counter()
    events: list[object] = []
    cpu, mock_cpu = time.process_time(), cpu_seconds(mock_pid)
    outcome = await bulk.run(client, actor, on_event=events.append)
    marks["run"] = time.perf_counter()
    run_cpu, mock_cpu = time.process_time() - cpu, cpu_seconds(mock_pid) - mock_cpu
    bulk.export(out)
    marks["export"] = time.perf_counter()
    bulk.release()
    await client.aclose()
    assert outcome.summary.complete, outcome
    steps = list(marks)
    result = {b: marks[b] - marks[a] for a, b in itertools.pairwise(steps)}
    result["total"] = marks["export"] - marks["start"]
    result["answered"] = outcome.summary.answered
    result["run_cpu"] = run_cpu
    result["mock_cpu"] = mock_cpu
    return result


# The mock's default rate limit (per agency): 20 requests/s, 40 at once. Each timed phase
# starts with a full bucket, and the loop's first rows are not rate-limited.
RATE, BURST = 20.0, 40
UNLIMITED_SAMPLE = 30


def full_bucket() -> None:
    time.sleep(BURST / RATE)


async def load_generator(url: str, ids: list[str], mock_pid: int) -> tuple[float, float, float]:
    """Seconds to have every ID answered by a bare client (batches of the app's size, the
    app's number of requests in flight, each item a fresh key, nothing kept), and the
    processor seconds it and the mock spent meanwhile. A second clerk's agency, so it
    shares no rate-limit bucket with the pipeline."""
    import httpx

    from desktop.api_client.network import API_PREFIX
    from desktop.core.batch import CHUNK_SIZE, CONCURRENCY

    sso = await signed_in(url, USER2)
    token = sso._tokens.access_token
    await sso.aclose()
    chunks = [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]
    chunks.reverse()  # popped from the end: sent in file order
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url + API_PREFIX, headers=headers) as http:

        async def worker() -> None:
            while chunks:
                chunk = chunks.pop()
                items = [
                    {"national_id": n, "case_reference": CASE, "purpose": None,
                     "idempotency_key": str(uuid.uuid4())}
                    for n in chunk
                ]  # fmt: skip
                while True:
                    r = await http.post("/inquiries/batch", json={"items": items})
                    if r.status_code != 429:
                        break
                    await asyncio.sleep(float(r.headers.get("Retry-After", "1")))
                r.raise_for_status()

        started, cpu, mock_cpu = time.perf_counter(), time.process_time(), cpu_seconds(mock_pid)
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return (
            time.perf_counter() - started,
            time.process_time() - cpu,
            cpu_seconds(mock_pid) - mock_cpu,
        )


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
    url, source, out, data, mock_pid = argv
    result = asyncio.run(pipeline(url, Path(source), Path(out), Path(data), int(mock_pid)))
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
    parser.add_argument("--repeat", type=int, default=1, help="pipeline/ceiling turns")
    args = parser.parse_args()
    if args.sample < UNLIMITED_SAMPLE:  # the loop's latency-bound pace is timed on these
        parser.error(f"--sample must be at least {UNLIMITED_SAMPLE}")
    batches: list[dict[str, float]] = []
    ceilings: list[float] = []
    generator_cpu: list[tuple[float, float]] = []  # its own, the mock's
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "list.xlsx"
        make_input(source, args.rows)
        from desktop.core import importing

        ids = [r.national_id for r in importing.load(source).valid_rows if r.national_id]
        # Every agency's quota lifted: the turns ask for the same rows many times over.
        mock = launch_mock(
            base / "mock", demo=True, latency_ms=args.latency_ms, quota=10 * args.rows * args.repeat
        )
        try:
            out = base / ("results.csv" if args.csv else "results.xlsx")
            for turn in range(args.repeat):
                data = base / f"data{turn}"
                data.mkdir()
                full_bucket()
                run = subprocess.run(
                    [sys.executable, __file__, "--child", mock.url, str(source), str(out),
                     str(data), str(mock.process.pid)],
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
                if run.returncode != 0:
                    raise SystemExit(run.stderr)
                batches.append(json.loads(run.stdout))
                full_bucket()
                seconds, own, served = asyncio.run(load_generator(mock.url, ids, mock.process.pid))
                ceilings.append(seconds)
                generator_cpu.append((own, served))
            full_bucket()
            sample_s, burst_s = asyncio.run(single_loop(mock.url, source, args.sample))
            mock_rss = peak_rss_mib(mock.process.pid)
        finally:
            mock.stop()
    rows = args.rows
    batch = {key: statistics.median(b[key] for b in batches) for key in batches[0]}
    ceiling_s = statistics.median(ceilings)
    batch_rate = rows / batch["total"]
    loop_rate = args.sample / sample_s
    turns = f"medians of {args.repeat} turns" if args.repeat > 1 else "one turn"
    print(
        f"rows: {rows}, mock latency {args.latency_ms} ms, default rate limit; {out.name}; "
        f"{turns}"
    )
    print(
        "batch, end to end: "
        f"{batch['total']:.2f} s = import {batch['import']:.2f} + job {batch['job']:.2f} "
        f"+ sign-in {batch['sign_in']:.2f} + run {batch['run']:.2f} "
        f"+ export {batch['export']:.2f}"
    )
    print(f"batch: {batch_rate:.0f} rows/s; peak RSS {batch['peak_rss_mib']:.0f} MiB "
          f"(mock {mock_rss:.0f} MiB)")  # fmt: skip
    # Each turn's shares are taken against the ceiling measured beside it.
    end_to_end = statistics.median(c / b["total"] for b, c in zip(batches, ceilings, strict=True))
    sending = statistics.median(c / b["run"] for b, c in zip(batches, ceilings, strict=True))
    print(
        f"load generator's ceiling: {rows / ceiling_s:.0f} rows/s ({ceiling_s:.2f} s); "
        f"the app reaches {end_to_end:.2f} of it end to end, {sending:.2f} sending alone "
        f"({rows / batch['run']:.0f} rows/s)"
    )
    # The mock shares this machine's cores: what the app spends of them, it takes from it.
    own = statistics.median(c for c, _ in generator_cpu)
    served = statistics.median(m for _, m in generator_cpu)
    per_row = 1e6 / rows
    print(
        f"  processor time while sending, app {batch['run_cpu']:.2f} s "
        f"({batch['run_cpu'] * per_row:.0f} us/row) + mock {batch['mock_cpu']:.2f} s; "
        f"load generator {own:.2f} s ({own * per_row:.0f} us/row) + mock {served:.2f} s "
        f"({os.cpu_count()} cores)"
    )
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
