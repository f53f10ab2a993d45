"""Exports: the clerk's rows and columns kept, answers in Persian, codes as text, safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from desktop.api_client import StatusResult
from desktop.core import jalali, wording, xlsx_writer
from desktop.core.export import (
    RESULT_COLUMNS,
    SHEET_TITLE,
    ExportCancelled,
    ExportProgress,
    export,
    neutralise,
    report_rows,
    write_csv,
)
from desktop.core.jobs import Job, JobStore, Outcome, RowResult
from desktop.core.wording import OUTCOME
from tests.api_fakes import NOT_FOUND_JSON, STATUS_JSON
from tests.batch_fixtures import HEADER, answer, new_job, write_list
from tests.import_fixtures import ids

TITLES = [c.title for c in RESULT_COLUMNS]
RESULT_AT = len(HEADER)  # the answer's first column, after the clerk's three


def column(key: str) -> int:
    return RESULT_AT + [c.key for c in RESULT_COLUMNS].index(key)


@pytest.fixture
def job(tmp_path: Path) -> tuple[JobStore, Job, list[str]]:
    """Rows 2-4 answered (active, not found, failed), row 5 pending, then an empty row,
    an invalid ID, a duplicate, and a row whose clerk's cells look like formulas."""
    good = ids(5, 7_000_000)
    extra = [
        [],
        ["6", "نامعتبر", "12345"],
        ["7", "تکراری", good[0]],
        ["8", '=HYPERLINK("http://x")', good[4], "+98\t912", "-5", "@SUM(1)", "\tx", " spaced "],
    ]
    source = write_list(tmp_path / "list.csv", good[:4], extra)
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = new_job(store, source)
    store.record_results(
        job.id,
        [
            RowResult.answered(2, StatusResult.from_json({**STATUS_JSON, "national_id": good[0]})),
            RowResult.answered(
                3, StatusResult.from_json({**NOT_FOUND_JSON, "national_id": good[1]})
            ),
            RowResult.failed(4, "server-error", "Injected failure; try again.", attempts=4),
        ],
    )
    yield store, job, good
    store.close()


def test_report_rows_word_every_outcome(job: tuple[JobStore, Job, list[str]]) -> None:
    store, j, good = job
    rows = {r.row: r for r in report_rows(store, j.id)}
    assert [rows[n].outcome for n in range(2, 10)] == [
        Outcome.INSURED_ACTIVE,
        Outcome.NOT_FOUND,
        Outcome.FAILED,
        Outcome.PENDING,
        Outcome.EMPTY,
        Outcome.INVALID,
        Outcome.DUPLICATE,
        Outcome.PENDING,
    ]
    active = rows[2].fields
    assert (
        active["outcome"] == OUTCOME[Outcome.INSURED_ACTIVE].fa == "بیمه‌شده، دارای پرداخت حق بیمه"
    )
    assert (active["first_name"], active["gender"], active["insurance_kind"]) == (
        "علی",
        "مرد",
        "اجباری (کارگری)",
    )
    assert active["birth_date"] == "1367/01/23"  # 1988-04-12, Jalali
    assert active["last_contribution"] == "1405/07"
    assert active["total_record"] == "12 سال، 3 ماه، 14 روز"
    assert (active["workshop_id"], active["branch_code"]) == ("1234567890", "1234")
    assert re.fullmatch(r"1405/09/0[45] \d\d:\d\d", active["as_of"])
    assert active["national_id"] == good[0] and active["row"] == "2"
    assert rows[3].fields["first_name"] == "" and rows[3].fields["outcome"] == "سابقه‌ای یافت نشد"
    assert rows[4].fields["note"] == "خطای سامانه"
    assert rows[7].fields["note"] == wording.ID_REASON["wrong_length"].fa
    assert rows[8].fields["note"] == "تکرار ردیف 2"


def test_xlsx_keeps_the_clerks_columns_codes_as_text_right_to_left(
    job: tuple[JobStore, Job, list[str]], tmp_path: Path
) -> None:
    store, j, good = job
    path = export(store, j.id, tmp_path / "results.xlsx")
    assert path == tmp_path / "results.xlsx" and not list(tmp_path.glob("*.part"))
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_TITLE]
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    # The widest row has eight cells of the clerk's: unnamed columns get their letter.
    width = 8
    assert list(rows[0]) == [*HEADER, "D", "E", "F", "G", "H", *TITLES]
    assert all(c.font.b for c in sheet[1])
    assert len(rows) == 9  # the header and every row of the file, the empty one too
    # Lined up with the file: the clerk's own row numbers run down the sheet.
    assert [r[width] for r in rows[1:]] == [str(n) for n in range(2, 10)]
    ids_column = [r[2] for r in rows[1:]]
    assert ids_column[:4] == good[:4] and all(v is None or isinstance(v, str) for v in ids_column)
    national_id = sheet.cell(row=2, column=3)  # the clerk's ID column
    assert (national_id.value, national_id.data_type, national_id.number_format) == (
        good[0],
        "s",
        "@",
    )
    answer = width + [c.key for c in RESULT_COLUMNS].index("national_id") + 1
    assert sheet.cell(row=2, column=answer).number_format == "@"
    assert sheet.cell(row=2, column=answer).value.startswith("00")
    assert rows[1][width + 2] == "بیمه‌شده، دارای پرداخت حق بیمه"
    # A cell that looks like a formula stays the clerk's text.
    formula = sheet.cell(row=9, column=2)
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://x")', "s")
    assert rows[8][7] == " spaced "  # outer spaces kept
    # The project's own reader opens it too.
    read = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET_TITLE)
    assert read.to_python()[1][2] == good[0]


def test_csv_has_a_bom_and_neutralises_formulas(
    job: tuple[JobStore, Job, list[str]], tmp_path: Path
) -> None:
    store, j, good = job
    path = export(store, j.id, tmp_path / "results.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [*HEADER, "D", "E", "F", "G", "H", *TITLES]
    assert len(rows) == 9 and rows[1][2] == good[0]
    assert rows[8][1:7] == [
        '\'=HYPERLINK("http://x")',
        good[4],
        "'+98\t912",
        "'-5",
        "'@SUM(1)",
        "'\tx",
    ]
    # The same table as the xlsx, cell for cell (apart from the neutralising quote).
    book = openpyxl.load_workbook(export(store, j.id, tmp_path / "results.xlsx"))
    xlsx = [[v or "" for v in row] for row in book[SHEET_TITLE].iter_rows(values_only=True)]
    assert [[c.removeprefix("'") for c in row] for row in rows[1:]][:7] == xlsx[1:8]


# Cells whose later parts become cells of their own where a spreadsheet splits on ";" or
# ",", on tabs, or at line breaks.
SPLIT_FORMULAS = [
    "x;=1+1;",
    "a,=2+2",
    "b\t=3+3",
    "c\n=4+4",
    'd;"=5+5"',
    "e; -6+6",
    "f,@SUM(1)",
    "g\r\n+7",
    '=HYPERLINK("http://x");-1',
]
FORMULA_STARTS = ("=", "+", "-", "@")


def test_no_part_of_a_csv_cell_reads_as_a_formula_with_either_separator(
    tmp_path: Path,
) -> None:
    good = ids(1)
    extra = [[str(n), text, good[0]] for n, text in enumerate(SPLIT_FORMULAS, 3)]
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        job = new_job(store, write_list(tmp_path / "list.csv", good, extra))
        text = export(store, job.id, tmp_path / "results.csv").read_text(encoding="utf-8-sig")
    for separator in (",", ";", "\t"):
        cells = [
            c for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator) for c in row
        ]
        live = [c for c in cells if c.lstrip(' "').startswith(FORMULA_STARTS)]
        assert live == [], separator
    # A reader that takes every line break for a new row and splits it on either.
    for line in text.splitlines():
        for cell in re.split("[,;\t]", line):
            assert not cell.lstrip(' "').startswith(FORMULA_STARTS), line
    # Read back as written, the clerk's text is all there, a quote before each formula.
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[1] for r in rows[2:]] == [
        "x;'=1+1;",
        "a,'=2+2",
        "b\t'=3+3",
        "c\n'=4+4",
        'd;"\'=5+5"',
        "e; '-6+6",
        "f,'@SUM(1)",
        "g\n'+7",  # the line break as the importer keeps it
        "'=HYPERLINK(\"http://x\");'-1",
    ]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t'=1"),
        ("\r=1", "'\r'=1"),
        ("x;=1+1;", "x;'=1+1;"),
        ("a,+1", "a,'+1"),
        ('a;"=1', "a;\"'=1"),
        ("a; -1", "a; '-1"),
        ("line\n@A1", "line\n'@A1"),
        ("a=b;c-d", "a=b;c-d"),
        ("0012345679", "0012345679"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(value: str, safe: str) -> None:
    assert neutralise(value) == safe


def test_xlsx_text_escapes_and_drops_what_xml_cannot_hold() -> None:
    assert xlsx_writer.text("a\x07<b> & c\x00") == "a&lt;b&gt; &amp; c"
    assert xlsx_writer.text("کد ملی") == "کد ملی"


def test_only_xlsx_and_csv(job: tuple[JobStore, Job, list[str]], tmp_path: Path) -> None:
    store, j, _ = job
    with pytest.raises(ValueError):
        export(store, j.id, tmp_path / "results.ods")
    assert export(store, j.id, tmp_path / "RESULTS.CSV").exists()


@pytest.fixture
def long_job(tmp_path: Path) -> Iterator[tuple[JobStore, Job]]:
    """1,200 rows, the first 600 answered."""
    good = ids(1200, 8_000_000)
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = new_job(store, write_list(tmp_path / "long.csv", good))
    store.record_results(
        job.id, [RowResult.answered(n + 2, answer(nid)) for n, nid in enumerate(good[:600])]
    )
    yield store, job
    store.close()


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".csv"])
def test_an_export_tells_how_far_it_is(long_job, tmp_path: Path, suffix: str) -> None:
    store, job = long_job
    shares: list[float] = []
    target = export(
        store, job.id, tmp_path / f"out{suffix}", progress=ExportProgress(report=shares.append)
    )
    assert target.stat().st_size > 0
    assert len(shares) >= 2 and shares == sorted(shares)
    assert 0 < shares[0] < 1 and shares[-1] == 1.0


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".csv"])
def test_a_cancelled_export_leaves_no_file(long_job, tmp_path: Path, suffix: str) -> None:
    """Cancelled half-way (the flag set from the progress it reports, as the window's
    Cancel button would from the GUI thread): no file, whole or part, and a file the
    clerk already had at that path is left as it was."""
    store, job = long_job
    progress = ExportProgress()
    progress.report = lambda _share: progress.cancel.set()
    fresh, kept = tmp_path / f"new{suffix}", tmp_path / f"kept{suffix}"
    kept.write_bytes(b"the clerk's earlier export")
    for target in (fresh, kept):
        progress.cancel.clear()
        with pytest.raises(ExportCancelled):
            export(store, job.id, target, progress=progress)
    assert not fresh.exists()
    assert kept.read_bytes() == b"the clerk's earlier export"
    assert not list(tmp_path.glob("*.part"))


def test_each_answer_keeps_its_own_moment(tmp_path: Path) -> None:
    """Moments are written once each per export: two answers an hour apart keep their
    own hours, and the same instant written with another offset reads the same."""
    good = ids(3, 9_000_000)
    moments = ["2026-11-25T08:12:00Z", "2026-11-25T09:12:00Z", "2026-11-25T11:42:00+03:30"]
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        job = new_job(store, write_list(tmp_path / "list.csv", good))
        store.record_results(
            job.id,
            [
                RowResult.answered(
                    n + 2, StatusResult.from_json({**STATUS_JSON, "national_id": nid, "as_of": at})
                )
                for n, (nid, at) in enumerate(zip(good, moments, strict=True))
            ],
        )
        written = [r.fields["as_of"] for r in report_rows(store, job.id)]
    first, later = (
        jalali.format_datetime(
            dt.datetime(2026, 11, 25, h, 12, tzinfo=dt.UTC), persian_digits=False
        )
        for h in (8, 9)
    )
    assert written == [first, later, first]


ROW_PARTS = ["=", "+", "-", "@", "\t", "\r", "\n", ",", ";", " ", '"', "\x00", "a", "ب", "1"]


def test_a_row_is_made_safe_exactly_as_its_cells_are(tmp_path: Path) -> None:
    """A CSV row is searched once for formula starts, and only then cell by cell: the
    file must come out as if every cell had been neutralised on its own."""
    rng = random.Random(7)
    rows = [
        ["".join(rng.choices(ROW_PARTS, k=rng.randint(0, 4))) for _ in range(rng.randint(1, 5))]
        for _ in range(3000)
    ]
    rows += [["a", "b"], ["a-b", "c=d"], ["", ""]]  # nothing to neutralise
    target = write_csv(tmp_path / "rows.csv", ["h"], rows)
    expected = io.StringIO(newline="")
    writer = csv.writer(expected)
    writer.writerow(["h"])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    assert target.read_bytes().decode("utf-8-sig") == expected.getvalue()


def test_one_formula_start_in_a_chunk_of_plain_rows_is_found(tmp_path: Path) -> None:
    """Chunks of plain rows are written as their cells joined: one cell start of any kind
    (some within a cell the csv module quotes) among hundreds of plain rows is still made
    safe, and its chunk written as the csv module writes it."""
    rng = random.Random(5)
    plain = [[f"{n}", "علی رضایی", "INQ-2026-1", "1405/08"] for n in range(1200)]
    # A cell starts at a value's start, or after a separator within it; past spaces and
    # quotes.
    for before in ["", " ", '"', ' "', "x,", "x;", "x\t", "x\r", "x\n", 'x; "']:
        for start in "=+-@\t\r":
            rows = [list(row) for row in plain]
            rows[rng.randrange(len(rows))][rng.randrange(4)] = f"{before}{start}1"
            target = write_csv(tmp_path / "rows.csv", ["h", "i"], rows)
            expected = io.StringIO(newline="")
            lines = [["h", "i"], *([neutralise(v) for v in r] for r in rows)]
            csv.writer(expected).writerows(lines)
            written = target.read_bytes().decode("utf-8-sig")
            assert written == expected.getvalue()
            assert "'" in written


def test_xlsx_escapes_each_cell_that_needs_it(tmp_path: Path) -> None:
    """Rows are searched once for what needs escaping: a row with one such cell escapes
    it and leaves its neighbours as they are; spaces at a value's ends are kept."""
    rows = [["head", "er"], ["a<b", "plain", " spaced "], ["x & y\x07", "ok"], ["1", "2"]]
    target = tmp_path / "rows.xlsx"
    xlsx_writer.write_sheet(target, rows, sheet_name="s")
    sheet = openpyxl.load_workbook(target).active
    assert [[c.value for c in row if c.value is not None] for row in sheet.iter_rows()] == [
        ["head", "er"],
        ["a<b", "plain", " spaced "],
        ["x & y", "ok"],
        ["1", "2"],
    ]


SHEET_PARTS = [" ", "\t", "\u00a0", "<", "&", "\x07", "a", "ب", "=1", ""]


def test_xlsx_rows_are_written_as_cell_by_cell(tmp_path: Path, monkeypatch) -> None:
    """Rows are searched once for what needs escaping or keeping spaces, and written
    whole by a template when nothing does: the sheet must come out as if every row had
    been written cell by cell."""
    rng = random.Random(11)
    rows = [
        ["".join(rng.choices(SHEET_PARTS, k=rng.randint(0, 3))) for _ in range(rng.randint(1, 6))]
        for _ in range(3000)
    ]

    def sheet(name: str) -> bytes:
        xlsx_writer.write_sheet(tmp_path / name, [["h"], *rows], sheet_name="s", styles=[1, 0, 1])
        with zipfile.ZipFile(tmp_path / name) as book:
            return book.read("xl/worksheets/sheet1.xml")

    fast = sheet("fast.xlsx")
    monkeypatch.setattr(xlsx_writer, "_EDGE_SPACE", re.compile(""))  # every row cell by cell
    assert fast == sheet("slow.xlsx")


class _Full(io.BytesIO):
    """A disk that fills after its first few hundred kilobytes."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() > 300_000:
            raise OSError(28, "No space left on device")
        return super().write(data)


def test_a_failed_write_of_the_sheet_is_raised_not_lost(tmp_path: Path) -> None:
    """The sheet is packed and written beside the making of its rows: a write that fails
    there fails the export, and the rows stop being made."""
    made = 0

    def rows() -> Iterator[list[str]]:
        nonlocal made
        yield ["h"]
        for made in range(1, 200_001):
            yield [f"{made:010d}", random.randbytes(40).hex()]

    with pytest.raises(OSError, match="No space"):
        xlsx_writer.write_sheet(_Full(), rows(), sheet_name="s")
    assert made < 200_000
