"""Time to write the printable batch report, a batch's exports and a verification report.

    python bench/bench_reports.py [--rows 10000] [--export-rows 100000] [--runs 3]
                                  [--exports-only] [--tree DIR]

The batch report's rows look like a real list: Persian names of ordinary length (a few
long enough to be cut), the six status labels, a detail on one row in five. The exports
read a job of `--export-rows` answered rows (the mock's synthetic people) from a real
SQLite job store and write xlsx and CSV, as the window's "Export" does; the same job's
first `--rows` rows are also exported as the printable PDF.

Beside each, in the same run, a peer: the batch report with fpdf2's cell() drawing every
cell (how the page drew them before it drew its own), and the exports with every Jalali
date converted again by jdatetime and every value worded again for each row (before
days and words were kept); and the floors of an export: reading the job's rows from the
store alone, as the exports read them and as the results table does (each answer parsed
into a StatusResult). Runs are interleaved and medians of wall-clock and processor time
reported.

`--tree DIR` measures the code of another checkout of the project (e.g. an older commit's,
run with that checkout's own interpreter) with this benchmark, for before and after; what
that code does not have yet is left out. `--exports-only` leaves out the PDF reports.
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
from typing import Any

# The code measured: this checkout's, or the one named by --tree (read before the imports).
REPO = Path(__file__).resolve().parents[1]
TREE = Path(sys.argv[sys.argv.index("--tree") + 1]) if "--tree" in sys.argv else REPO
sys.path.insert(0, str(TREE.resolve()))

from desktop.api_client import StatusResult  # noqa: E402
from desktop.core import export as export_module  # noqa: E402
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


class Unkept(dict[Any, Any]):
    """An export's words and dates made again for every row, none kept."""

    def __init__(self, word: Callable[[Any], Any]) -> None:
        super().__init__()
        self._word = word

    def __getitem__(self, key: Any) -> Any:
        return self._word(key)


@contextmanager
def uncached_jalali() -> Iterator[None]:
    """The exports' peer: every date converted again by jdatetime (and, where the export
    words each distinct value once, every value worded again)."""
    day, kept = jalali._jalali, getattr(export_module, "_Kept", None)
    jalali._jalali = day.__wrapped__  # type: ignore[assignment]
    if kept is not None:
        export_module._Kept = Unkept
    try:
        yield
    finally:
        jalali._jalali = day
        if kept is not None:
            export_module._Kept = kept


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
    parser.add_argument("--exports-only", action="store_true", help="leave out the PDFs")
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout to measure")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepared = time.perf_counter()
        (folder / "big").mkdir()
        big, big_id = answered_job(folder / "big", args.export_rows)
        print(f"{TREE}: a job store of {args.export_rows:,} answered rows made in "
              f"{time.perf_counter() - prepared:.0f} s")  # fmt: skip
        xlsx = lambda: export(big, big_id, folder / "big.xlsx")  # noqa: E731
        csv_ = lambda: export(big, big_id, folder / "big.csv")  # noqa: E731
        work: dict[str, Callable[[], object]] = {}
        small = None
        if not args.exports_only:
            small, pdfs = pdf_work(folder, args.rows)
            work.update(pdfs)
        work["export xlsx"] = xlsx
        work["export CSV"] = csv_
        if hasattr(jalali, "_jalali"):  # days are kept: the peer converts each again
            work["peer: xlsx, uncached Jalali"] = peer(uncached_jalali, xlsx)
            work["peer: CSV, uncached Jalali"] = peer(uncached_jalali, csv_)
        if hasattr(big, "export_rows"):
            work["floor: reading the rows for an export"] = lambda: sum(
                1 for _ in big.export_rows(big_id)
            )
        work["floor: reading the rows as the table does"] = lambda: sum(1 for _ in big.rows(big_id))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in work}
        for _ in range(args.runs):
            for name, job in work.items():
                times[name].append(timed(job))
        size = 0.0 if small is None else (folder / "batch.pdf").stat().st_size / 1e6
        for store in (big, small):
            if store is not None:
                store.close()

    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}

    def both(name: str) -> str:
        return f"{wall[name]:.2f} s (CPU {cpu[name]:.2f} s)"

    print(f"{args.runs} interleaved runs, medians of wall-clock (and of this process's CPU)")
    if not args.exports_only:
        own, other = wall["batch report PDF"], wall["peer: fpdf2 cells"]
        print(f"batch report PDF, {args.rows:,} rows ({size:.1f} MB): "
              f"{both('batch report PDF')}; with fpdf2's cell() for every cell "
              f"{both('peer: fpdf2 cells')} ({other / own:.1f}x)")  # fmt: skip
        print(f"export PDF from the job store, {args.rows:,} rows: {both('export PDF')}")
    for kind in ("xlsx", "CSV"):
        line = f"export {kind}, {args.export_rows:,} rows: {both(f'export {kind}')}"
        peer_name = f"peer: {kind}, uncached Jalali"
        if peer_name in wall:
            line += (f"; with every date and word made again per row {both(peer_name)} "
                     f"({wall[peer_name] / wall[f'export {kind}']:.2f}x)")  # fmt: skip
        print(line)
    print(f"  floors, reading the {args.export_rows:,} rows from the job store alone:")
    for name in wall:
        if name.startswith("floor: "):
            print(f"    {name.removeprefix('floor: ')}: {both(name)}")
    if not args.exports_only:
        print(f"verification report: {wall['verification report'] * 1000:.0f} ms")
    # On a machine shared with others, CPU time moves less than wall-clock time.
    print("CPU time, medians: " + ", ".join(f"{name} {cpu[name]:.2f} s" for name in cpu))


def pdf_work(folder: Path, count: int) -> tuple[JobStore, dict[str, Callable[[], object]]]:
    """The PDFs timed: the batch report and its peer, the PDF export of a job of `count`
    rows (its store is handed back to be closed), and a certificate's verification
    report."""
    rows = batch_rows(count, random.Random(1))
    meta = reports.BatchReportMeta(
        agency="دادگاه خانواده شماره ۲ تهران",
        clerk="مریم احمدی",
        case_reference="۱۴۰۳/۱۲۳",
        created=CREATED,
        summary=[("کل ردیف‌ها", count)],
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
    (folder / "small").mkdir()
    small, small_id = answered_job(folder / "small", count)
    batch_pdf = lambda: reports.batch_report_pdf(meta, rows, folder / "batch.pdf")  # noqa: E731
    return small, {
        "batch report PDF": batch_pdf,
        "peer: fpdf2 cells": peer(fpdf2_cells, batch_pdf),
        "export PDF": lambda: export(small, small_id, folder / "small.pdf", agency="دادگاه"),
        "verification report": lambda: reports.verification_report_pdf(
            verification, verification_meta, folder / "verify.pdf"
        ),
    }


if __name__ == "__main__":
    main()
