"""Importing a 100,000-row xlsx, beside openpyxl's read-only mode on the same file.

    python bench/bench_import.py [--rows N] [--runs N]

Writes a workbook like a clerk's (row number, name, national ID: mostly text, some in
Persian digits, some stored as numbers without their leading zeros, a few invalid) with
openpyxl's write-only mode into a temporary directory. Then, each in a fresh process:

- `load()`: open, find the ID column, normalise, validate and mark duplicates;
- openpyxl read-only: open and iterate every value, nothing else.

Wall time is the best of --runs processes. Peak memory is measured twice: tracemalloc's
peak (Python allocations only, in a separate process because tracing slows everything
down; the Rust parser's memory is invisible to it) and the rise of the process's peak
resident set (ru_maxrss) across the call, which counts everything; "peak RSS" is the
whole process's, interpreter and imports included.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import json, resource, sys, time, tracemalloc
sys.path.insert(0, {repo!r})
side, path, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "trace"

def run_load():
    from desktop.core.importing import load
    result = load(path)
    return len(result.rows), result.summary.valid

def run_openpyxl():
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    rows = 0
    for row in book.worksheets[0].iter_rows(values_only=True):
        for _value in row:
            pass
        rows += 1
    book.close()
    return rows, None

# Import outside the measurement: both sides pay only for reading.
if side == "load":
    import desktop.core.importing
    run = run_load
else:
    import openpyxl
    run = run_openpyxl
if trace:
    tracemalloc.start()
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
rows, valid = run()
wall = time.perf_counter() - started
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = tracemalloc.get_traced_memory()[1] if trace else None
print(json.dumps({{"wall": wall, "rss_delta_kb": rss_after - rss_before,
                  "rss_peak_kb": rss_after, "trace_peak": peak, "rows": rows, "valid": valid}}))
"""


def make_workbook(path: Path, rows: int) -> dict[str, int]:
    import openpyxl

    sys.path.insert(0, str(REPO))
    from desktop.core.digits import to_persian_digits
    from desktop.core.national_id import with_check_digit

    rng = random.Random(1403)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("فهرست")
    sheet.append(["ردیف", "نام و نام خانوادگی", "کد ملی"])
    kinds = {"text": 0, "persian": 0, "number": 0, "invalid": 0}
    for i in range(1, rows + 1):
        national_id = with_check_digit(f"{rng.randrange(10**7, 10**9):09d}")
        if i % 500 == 0:
            value: str | int = national_id[:9] + str((int(national_id[9]) + 1) % 10)
            kinds["invalid"] += 1
        elif i % 10 == 1:
            value = to_persian_digits(national_id)
            kinds["persian"] += 1
        elif i % 10 == 2:
            value = int(national_id)  # a number: leading zeros gone
            kinds["number"] += 1
        else:
            value = national_id
            kinds["text"] += 1
        sheet.append([i, f"نام {i} نام‌خانوادگی {i % 977}", value])
    book.save(path)
    return kinds


def measure(side: str, path: Path, trace: bool) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO)), side, str(path), "trace" * trace],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.xlsx"
        kinds = make_workbook(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.rows:,} rows, {size_mb:.1f} MB; IDs: {kinds}")
        results = {}
        for side in ("load", "openpyxl"):
            runs = [measure(side, path, trace=False) for _ in range(args.runs)]
            best = min(runs, key=lambda r: r["wall"])
            traced = measure(side, path, trace=True)
            results[side] = (best, runs, traced["trace_peak"])
    print()
    print(
        f"{'reader':<28} {'wall s':>7} {'RSS rise MB':>12} {'peak RSS MB':>12} "
        f"{'tracemalloc MB':>15} {'rows':>8}"
    )
    names = {"load": "importing.load (full)", "openpyxl": "openpyxl read-only (iterate)"}
    for side, (best, runs, peak) in results.items():
        rise = max(r["rss_delta_kb"] for r in runs) / 1024
        whole = max(r["rss_peak_kb"] for r in runs) / 1024
        print(
            f"{names[side]:<28} {best['wall']:>7.2f} {rise:>12.0f} {whole:>12.0f} "
            f"{peak / 2**20:>15.0f} {best['rows']:>8,}"
        )
    load_wall = results["load"][0]["wall"]
    print(f"\nspeed-up: {results['openpyxl'][0]['wall'] / load_wall:.1f}x")
    print(f"valid rows found by load(): {results['load'][0]['valid']:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
