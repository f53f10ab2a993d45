"""Exports come out byte for byte as the files in tests/data/export/, written by the
exporter that built every row's answer from its parsed StatusResult: any faster way of
reading and writing a job must leave the clerk's file as it was."""

from __future__ import annotations

import random
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.api_client import StatusResult
from desktop.core.export import export
from desktop.core.jobs import Job, JobStore, RowResult
from tests.api_fakes import NOT_FOUND_JSON, STATUS_JSON
from tests.batch_fixtures import new_job, write_list
from tests.import_fixtures import ids

GOLDEN = Path(__file__).parent / "data" / "export"

NAMES = ["علی", "زهرا", "=cmd|' /C calc'!A0", " فاطمه ", "+98", "محمد‌رضا", "A & B <c>", "-1"]
PLACES = ["شرکت نمونه", "@SUM(A1)", "کارگاه «نور»", 'x;"=1', "شعبه ۱۲ تهران", "a\tb", ""]
STATUSES = [
    "insured_active",
    "insured_inactive",
    "pensioner",
    "dependent_of_insured",
    "dependent_of_pensioner",
]
MOMENTS = ["2026-11-25T08:12:00Z", "2026-11-25T23:59:30+00:00", "2026-03-20T11:42:00+03:30"]
FAILURES = ["server-error", "rate-limited", "no-such-code", "timeout"]


def varied_answer(rng: random.Random, national_id: str, n: int) -> StatusResult:
    """An answer whose every field is there, missing or odd by turns."""
    if rng.random() < 0.15:
        data = {**NOT_FOUND_JSON}
    else:
        data = {**STATUS_JSON, "status": rng.choice(STATUSES)}
        for key in ("first_name", "last_name", "father_name", "insurance_number"):
            data[key] = rng.choice([*NAMES, None])
        data["birth_date"] = rng.choice([None, "1988-04-12", "2000-02-29", "1950-12-31"])
        data["gender"] = rng.choice([None, "male", "female"])
        data["insurance_kind"] = rng.choice([None, "mandatory", "driver", "carpet_weaver"])
        data["last_contribution_month"] = rng.choice([None, "1405-07", "1399-12"])
        data["pension_kind"] = rng.choice([None, "retirement", "survivors"])
        data["total_record"] = rng.choice(
            [None, {"years": 0, "months": 0, "days": 0}, {"years": 31, "months": 11, "days": 29}]
        )
        data["workshop"] = rng.choice(
            [None, {"id": "0012345678", "name": rng.choice(PLACES)}, {"id": "-3", "name": ""}]
        )
        data["branch"] = rng.choice([None, {"code": "0228", "name": rng.choice(PLACES)}])
    moment = rng.choice(MOMENTS)
    return StatusResult.from_json(
        {
            **data,
            "national_id": national_id,
            "inquiry_id": f"INQ-20261125-{n:06d}",
            "as_of": moment,
            "answered_at": moment,
        }
    )


def varied_job(folder: Path) -> tuple[JobStore, Job]:
    """Eighty rows answered (all kinds), failed, pending; empty, invalid and duplicate
    rows; clerk's cells with formulas, spaces, Persian and more cells than the header."""
    rng = random.Random(13)
    good = ids(80, 4_000_000)
    extra = [
        [],
        ["81", "نامعتبر", "12345", "=1+1"],
        ["82", "تکراری", good[3]],
        ["83", '=HYPERLINK("http://x")', "0012345679", "+98\t912", "-5"],
        ["84", " spaced ", "abc", "@SUM(1)", "\tx", "a\nb", "x;=2"],
    ]
    source = write_list(folder / "list.csv", good, extra)
    store = JobStore(folder / "jobs.sqlite3")
    job = new_job(store, source)
    results = []
    for n, national_id in enumerate(good):
        chance = rng.random()
        if chance < 0.75:
            results.append(RowResult.answered(n + 2, varied_answer(rng, national_id, n)))
        elif chance < 0.9:
            results.append(RowResult.failed(n + 2, rng.choice(FAILURES), "detail", attempts=2))
    store.record_results(job.id, results)
    return store, job


@pytest.fixture
def tehran_time() -> Iterator[None]:
    """Moments are written in the machine's local time: Tehran's, for these files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Asia/Tehran")
        time.tzset()
        yield
    time.tzset()


def xlsx_parts(path: Path) -> str:
    """Every part of the workbook, named, in the order written (the zip's own times
    change with every export; the content must not)."""
    with zipfile.ZipFile(path) as book:
        return "".join(f"== {name}\n{book.read(name).decode()}\n" for name in book.namelist())


def test_exports_are_as_they_were(tehran_time: None, tmp_path: Path) -> None:
    store, job = varied_job(tmp_path)
    with store:
        assert export(store, job.id, tmp_path / "results.csv").read_bytes() == (
            GOLDEN / "results.csv"
        ).read_bytes()
        written = xlsx_parts(export(store, job.id, tmp_path / "results.xlsx"))
    assert written.encode() == (GOLDEN / "results.xlsx.txt").read_bytes()
