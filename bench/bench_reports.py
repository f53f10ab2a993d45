"""Time to write the printable batch report and a certificate's verification report.

    python bench/bench_reports.py [--rows N] [--runs N]

The batch rows look like a real list: Persian names of ordinary length (a few long
enough to be cut), the six status labels, a detail on one row in five. Every Persian
cell is shaped by HarfBuzz, which is most of the cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import tempfile
import time
from pathlib import Path

from desktop.core import reports
from desktop.core.certificates import TrustProfile, load_crl, verify_pdf
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from desktop.mock_backend.certificates.keys import make_keys

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = batch_rows(args.rows, random.Random(1))
    meta = reports.BatchReportMeta(
        agency="دادگاه خانواده شماره ۲ تهران",
        clerk="مریم احمدی",
        case_reference="۱۴۰۳/۱۲۳",
        created=dt.datetime.now(dt.UTC),
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
        created=dt.datetime.now(dt.UTC),
    )

    with tempfile.TemporaryDirectory() as folder:
        batch_times, verify_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            pages = reports.batch_report_pdf(meta, rows, Path(folder) / "batch.pdf")
            batch_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            reports.verification_report_pdf(
                verification, verification_meta, Path(folder) / "verify.pdf"
            )
            verify_times.append(time.perf_counter() - start)
        size = (Path(folder) / "batch.pdf").stat().st_size
    print(
        f"batch report, {args.rows:,} rows, {pages} pages, {size / 1e6:.1f} MB: "
        f"median {statistics.median(batch_times):.1f} s "
        f"({statistics.median(batch_times) / args.rows * 1000:.2f} ms a row)"
    )
    print(f"verification report: median {statistics.median(verify_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
