"""Time to write the printable batch report, a batch's exports and a verification report.

    python bench/bench_reports.py [--rows 10000] [--export-rows 100000] [--runs 3]

The batch report's rows look like a real list: Persian names of ordinary length (a few
long enough to be cut), the six status labels, a detail on one row in five. The exports
read a job of `--export-rows` answered rows (the mock's synthetic people) from a real
SQLite job store and write xlsx and CSV, as the window's "Export" does; the same job's
first `--rows` rows are also exported as the printable PDF.

Beside each, in the same run, a peer: the batch report with fpdf2's cell() drawing every
cell (how the page drew them before it drew its own), and the exports with every Jalali
date converted again by jdatetime (before days were kept); and the floor of an export,
reading the job's rows from the store alone. Runs are interleaved and medians reported.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.api_client import StatusResult  # noqa: E402
from desktop.core import importing, jalali, reports  # noqa: E402
from desktop.core.certificates import TrustProfile, load_crl, verify_pdf  # noqa: E402
from desktop.core.export import export  # noqa: E402
from desktop.core.jobs import JobStore, RowResult  # noqa: E402
from desktop.core.national_id import with_check_digit  # noqa: E402
from desktop.core.reports.page import Document  # noqa: E402
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate  # noqa: E402
from desktop.mock_backend.certificates.keys import make_keys  # noqa: E402
from desktop.mock_backend.population import person_for  # noqa: E402

FIRST = ["علی", "محمد", "حسین", "رضا", "مهدی", "زهرا", "فاطمه", "مریم", "سارا", "امیرحسین"]
LAST = ["رضایی", "احمدی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری", "حسینی‌زاده"]
LONG_LAST = "ملک‌زاده طباطبایی نائینی"
STATUSES = [
    "بیمه‌شده — دارای پرداخت جاری",
    "بیمه‌شده — بدون پرداخت جاری",
    "مستمری‌بگیر",
    "تحت تکفل بیمه‌شده",
    "تحت تکفل مستمری‌بگیر",
    "سابقه‌ای یافت نشد",
]
CREATED = dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)


def batch_rows(count: int, rng: random.Random) -> list[reports.BatchReportRow]:
    rows = []
    for i in range(count):
        last = LONG_LAST if rng.random() < 0.05 else rng.choice(LAST)
        chance = rng.random()
        detail = (
            ""
            if chance < 0.8
            else f"شعبه {rng.randint(1, 40)} تهران"
            if chance < 0.95
            else "invalid check digit"
        )
        rows.append(
            reports.BatchReportRow(
                row=i + 2,
                national_id=f"{rng.randrange(10**10):010d}",
                name=f"{rng.choice(FIRST)} {last}",
                status_label_fa=rng.choice(STATUSES),
                detail=detail,
            )
        )
    return rows


def answered_job(folder: Path, count: int) -> tuple[JobStore, int]:
    """A job store holding one job of `count` rows, every one answered as the mock would
    (answers spread over an afternoon: a new `as_of` hour every 20,000 rows)."""
    ids = [with_check_digit(f"{1_000_000 + i * 7919:09d}") for i in range(count)]
    source = folder / "list.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ردیف", "نام و نام خانوادگی", "کد ملی", "شماره نامه"])
        writer.writerows(
            [str(n), f"شخص شماره {n}", nid, f"ن/{n % 50}"] for n, nid in enumerate(ids, 1)
        )
    store = JobStore(folder / "jobs.sqlite3")
    imported = importing.load(source, column="کد ملی")
    job = store.create_job(
        imported, source, case_reference="۱۴۰۳/۱۲۳", server_url="http://127.0.0.1:1",
        username="demo.clerk",
    )  # fmt: skip
    results = []
    for n, nid in enumerate(ids):
        person = person_for(nid, CREATED.date())
        as_of = CREATED.replace(minute=0) + dt.timedelta(hours=n // 20_000)
        answer = {
            "inquiry_id": f"INQ-20261125-{n:06d}",
            "national_id": nid,
            "status": person.status,
            **person.fields,
            "as_of": as_of.isoformat(),
            "answered_at": as_of.isoformat(),
        }
        results.append(RowResult.answered(n + 2, StatusResult.from_json(answer)))
    store.record_results(job.id, results)
    return store, job.id


@contextmanager
def fpdf2_cells() -> Iterator[None]:
    """The report's peer: fpdf2's cell() draws every cell. A page with automatic page
    breaks leaves its cells to fpdf2; at a zero margin the table never breaks one."""
    own = Document.set_auto_page_break

    def always(self: Document, auto: bool, margin: float = 0.0) -> None:
        own(self, True, 0.0)

    Document.set_auto_page_break = always  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Document.set_auto_page_break = own  # type: ignore[method-assign]


@contextmanager
def uncached_jalali() -> Iterator[None]:
    """The exports' peer: every date converted again by jdatetime."""
    kept = jalali._jalali
    jalali._jalali = kept.__wrapped__  # type: ignore[assignment]
    try:
        yield
    finally:
        jalali._jalali = kept


def peer(
    context: Callable[[], AbstractContextManager[None]], work: Callable[[], object]
) -> Callable[[], object]:
    def run() -> object:
        with context():
            return work()

    return run


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds of wall-clock and of this process's CPU time."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the PDF reports")
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = batch_rows(args.rows, random.Random(1))
    meta = reports.BatchReportMeta(
        agency="دادگاه خانواده شماره ۲ تهران",
        clerk="مریم احمدی",
        case_reference="۱۴۰۳/۱۲۳",
        created=CREATED,
        summary=[("کل ردیف‌ها", args.rows)],
    )
    keys, _root_key = make_keys()  # an issuer of the run's own, trusted as a test root
    _, pdf = make_certificate("0012345611", keys=keys)
    trust = TrustProfile.build("test", [keys.root_cert], [keys.signer_cert])
    verification = verify_pdf(pdf, trust, load_crl(build_crl([], keys), trust))
    verification_meta = reports.VerificationReportMeta(
        clerk="مریم احمدی",
        agency="دادگاه خانواده شماره ۲ تهران",
        sha256=hashlib.sha256(pdf).hexdigest(),
        created=CREATED,
    )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepared = time.perf_counter()
        (folder / "big").mkdir()
        (folder / "small").mkdir()
        big, big_id = answered_job(folder / "big", args.export_rows)
        small, small_id = answered_job(folder / "small", args.rows)
        print(f"(job stores of {args.export_rows:,} and {args.rows:,} answered rows made in "
              f"{time.perf_counter() - prepared:.0f} s)")  # fmt: skip
        batch_pdf = lambda: reports.batch_report_pdf(meta, rows, folder / "batch.pdf")  # noqa: E731
        xlsx = lambda: export(big, big_id, folder / "big.xlsx")  # noqa: E731
        csv_ = lambda: export(big, big_id, folder / "big.csv")  # noqa: E731
        work: dict[str, Callable[[], object]] = {
            "batch report PDF": batch_pdf,
            "peer: fpdf2 cells": peer(fpdf2_cells, batch_pdf),
            "export PDF": lambda: export(small, small_id, folder / "small.pdf", agency="دادگاه"),
            "export xlsx": xlsx,
            "peer: xlsx, uncached Jalali": peer(uncached_jalali, xlsx),
            "export CSV": csv_,
            "peer: CSV, uncached Jalali": peer(uncached_jalali, csv_),
            "floor: reading the rows": lambda: sum(1 for _ in big.rows(big_id)),
            "verification report": lambda: reports.verification_report_pdf(
                verification, verification_meta, folder / "verify.pdf"
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in work}
        cpu_times: dict[str, list[float]] = {name: [] for name in work}
        for _ in range(args.runs):
            for name, job in work.items():
                wall, cpu = timed(job)
                times[name].append(wall)
                cpu_times[name].append(cpu)
        size = (folder / "batch.pdf").stat().st_size
        big.close()
        small.close()

    m = {name: statistics.median(t) for name, t in times.items()}
    print(f"{args.runs} interleaved runs, medians")
    own, other = m["batch report PDF"], m["peer: fpdf2 cells"]
    print(f"batch report PDF, {args.rows:,} rows ({size / 1e6:.1f} MB): {own:.2f} s; "
          f"with fpdf2's cell() for every cell {other:.2f} s ({other / own:.1f}x)")  # fmt: skip
    print(f"export PDF from the job store, {args.rows:,} rows: {m['export PDF']:.2f} s")
    floor = m["floor: reading the rows"]
    for kind in ("xlsx", "CSV"):
        own, other = m[f"export {kind}"], m[f"peer: {kind}, uncached Jalali"]
        print(f"export {kind}, {args.export_rows:,} rows: {own:.2f} s; with every Jalali date "
              f"converted again {other:.2f} s ({other / own:.2f}x)")  # fmt: skip
    print(f"  floor: reading the {args.export_rows:,} rows from the job store alone "
          f"{floor:.2f} s")  # fmt: skip
    print(f"verification report: {m['verification report'] * 1000:.0f} ms")
    # On a machine shared with others, CPU time moves less than wall-clock time.
    cpus = ", ".join(f"{name} {statistics.median(t):.2f} s" for name, t in cpu_times.items())
    print(f"CPU time, medians: {cpus}")


if __name__ == "__main__":
    main()
