"""A finished (or part-finished) batch as a spreadsheet or CSV for the clerk.

Every row of the clerk's file comes back in file order: their own columns as the file
had them, then the answer in columns titled in Persian. Statuses are Persian words,
dates Jalali, digits Latin (so the sheet sorts and filters; showing Persian digits is
the reader's business). Codes (national IDs, insurance numbers...) are written as text:
a spreadsheet must never turn 0012345679 into 12345679.

`report_rows()` is the one data source: the exporters here and a printable report use it.
Qt-free; meant to run off the GUI thread.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import operator
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import TypeVar

from desktop.api_client import StatusResult
from desktop.core import jalali, wording, xlsx_writer
from desktop.core.files import written_whole
from desktop.core.importing.labels import column_letter
from desktop.core.jobs import Job, JobRow, JobStore, Outcome

_T = TypeVar("_T")

SHEET_TITLE = "نتایج استعلام"


class ExportCancelled(Exception):
    """The clerk stopped an export; no file, whole or partial, was left at its path."""


@dataclasses.dataclass
class ExportProgress:
    """How far a long export is, told as it goes, and the clerk's wish to stop it.

    ``report`` is called with the share done (0 to 1) from the exporting thread;
    ``cancel`` may be set from any thread, and the export stops at its next step,
    raising ExportCancelled after removing what it had written.
    """

    report: Callable[[float], None] = lambda _share: None
    cancel: threading.Event = dataclasses.field(default_factory=threading.Event)

    def stage(self, start: float, end: float) -> ExportProgress:
        """A stage of the export whose own share is this slice of the whole; cancelling
        the whole cancels it."""
        return ExportProgress(lambda share: self.report(start + share * (end - start)), self.cancel)

    def step(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise ExportCancelled
        self.report(min(1.0, done / total) if total else 1.0)

    def counted(self, items: Iterable[_T], total: int, every: int = 200) -> Iterator[_T]:
        """The items, with a step every ``every`` of them and one after the last (the
        file is still being written then: a cancel there still leaves none)."""
        for count, item in enumerate(items, 1):
            if count % every == 0:
                self.step(count, total)
            yield item
        self.step(total, total)


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    code: bool = False  # an identifier: always text, never a number
    width: float = 14.0  # in characters, for the xlsx


#: The answer's columns, after the clerk's own.
RESULT_COLUMNS: tuple[Column, ...] = (
    Column("row", "ردیف در فایل", width=8),
    Column("national_id", "کد ملی", code=True),
    Column("outcome", "نتیجه استعلام", width=24),
    Column("first_name", "نام"),
    Column("last_name", "نام خانوادگی"),
    Column("father_name", "نام پدر"),
    Column("birth_date", "تاریخ تولد"),
    Column("gender", "جنسیت"),
    Column("insurance_number", "شماره بیمه", code=True),
    Column("insurance_kind", "نوع بیمه"),
    Column("last_contribution", "آخرین ماه پرداخت حق بیمه"),
    Column("total_record", "سابقه کل"),
    Column("workshop", "کارگاه", width=28),
    Column("workshop_id", "کد کارگاه", code=True),
    Column("branch", "شعبه", width=20),
    Column("branch_code", "کد شعبه", code=True),
    Column("pension_kind", "نوع مستمری"),
    Column("as_of", "تاریخ اعتبار پاسخ", width=17),
    Column("inquiry_id", "شناسه استعلام", code=True, width=20),
    Column("case_reference", "شماره پرونده"),
    Column("note", "توضیح", width=28),
)


@dataclasses.dataclass(frozen=True, slots=True)
class ReportRow:
    row: int
    cells: list[str]  # the clerk's own cells, as the file had them
    outcome: Outcome
    fields: dict[str, str]  # RESULT_COLUMNS key -> text ("" when there is nothing)

    def values(self) -> list[str]:
        return list(_VALUES(self.fields))


_BLANK = dict.fromkeys((c.key for c in RESULT_COLUMNS), "")
_VALUES = operator.itemgetter(*_BLANK)


def report_rows(store: JobStore, job_id: int) -> Iterator[ReportRow]:
    """Every row of the job in file order, worded for the clerk."""
    # A batch's answers share a few "as of" hours; each is written once. Kept for one
    # export only: the machine's time zone, which the text depends on, may change.
    moments: dict[dt.datetime, str] = {}
    for row in store.rows(job_id):
        yield _report_row(row, moments)


def _report_row(row: JobRow, moments: dict[dt.datetime, str]) -> ReportRow:
    outcome = row.outcome
    fields = _BLANK.copy()
    fields["row"] = str(row.row)
    fields["national_id"] = row.national_id or ""
    fields["outcome"] = wording.OUTCOME[outcome].fa
    fields["case_reference"] = row.case_reference or ""
    if row.answer is not None:
        _answer_fields(row.answer, fields, moments)
    elif outcome is Outcome.INVALID:
        fields["note"] = wording.word(wording.ID_REASON, row.import_reason, "fa", "")
    elif outcome is Outcome.DUPLICATE and row.duplicate_of is not None:
        fields["note"] = f"تکرار ردیف {row.duplicate_of}"
    elif outcome is Outcome.FAILED:
        fields["note"] = wording.word(wording.FAILURE, row.error_code, "fa", "")
    return ReportRow(row.row, row.cells, outcome, fields)


def _answer_fields(
    r: StatusResult, fields: dict[str, str], moments: dict[dt.datetime, str]
) -> None:
    """The answer's columns, written into the row's `fields`; `moments` holds the times
    already written (aware times: equal when they are the same instant)."""
    fields["national_id"] = r.national_id
    fields["first_name"] = r.first_name or ""
    fields["last_name"] = r.last_name or ""
    fields["father_name"] = r.father_name or ""
    if r.birth_date:
        fields["birth_date"] = jalali.format_date(r.birth_date, persian_digits=False)
    fields["gender"] = wording.word(wording.GENDER, r.gender, "fa", "")
    fields["insurance_number"] = r.insurance_number or ""
    fields["insurance_kind"] = wording.word(wording.INSURANCE_KIND, r.insurance_kind, "fa", "")
    if r.last_contribution_month:
        fields["last_contribution"] = jalali.format_year_month(
            r.last_contribution_month, persian_digits=False
        )
    fields["pension_kind"] = wording.word(wording.PENSION_KIND, r.pension_kind, "fa", "")
    as_of = moments.get(r.as_of)
    if as_of is None:
        as_of = moments[r.as_of] = jalali.format_datetime(r.as_of, persian_digits=False)
    fields["as_of"] = as_of
    fields["inquiry_id"] = r.inquiry_id
    if r.total_record is not None:
        t = r.total_record
        fields["total_record"] = f"{t.years} سال، {t.months} ماه، {t.days} روز"
    if r.workshop is not None:
        fields["workshop"], fields["workshop_id"] = r.workshop.name, r.workshop.id
    if r.branch is not None:
        fields["branch"], fields["branch_code"] = r.branch.name, r.branch.code


# -- the table both formats write --------------------------------------------------------


def _width(job: Job, store: JobStore) -> int:
    """How many of the clerk's columns to write: the widest of the header and the rows."""
    return max(len(job.headers), store.widest_row(job.id))


def _table(
    store: JobStore, job_id: int, progress: ExportProgress
) -> tuple[Job, int, Iterator[list[str]]]:
    """The job, how many of the clerk's columns to write, and its lines below the header,
    telling `progress` as they are read."""
    job = store.job(job_id)
    width = _width(job, store)
    reports = progress.counted(report_rows(store, job_id), store.summary(job_id).total)
    return job, width, (_line(report, width) for report in reports)


def header(job: Job, width: int) -> list[str]:
    own = [
        (job.headers[i] if i < len(job.headers) else "").strip() or column_letter(i)
        for i in range(width)
    ]
    return own + [c.title for c in RESULT_COLUMNS]


def _line(report: ReportRow, width: int) -> list[str]:
    cells = report.cells[:width]
    return [*cells, *([""] * (width - len(cells))), *report.values()]


def export(
    store: JobStore,
    job_id: int,
    path: str | PathLike[str],
    *,
    agency: str = "",
    clerk: str = "",
    progress: ExportProgress | None = None,
) -> Path:
    """Write the job's results to `path`: xlsx, CSV or a printable PDF by its suffix
    (the agency and clerk are printed on the PDF's header), telling `progress` how far
    it is and stopping when it is cancelled."""
    target = Path(path)
    suffix = target.suffix.lower()
    progress = progress or ExportProgress()
    if suffix == ".xlsx":
        return export_xlsx(store, job_id, target, progress)
    if suffix == ".csv":
        return export_csv(store, job_id, target, progress)
    if suffix == ".pdf":
        return export_pdf(store, job_id, target, agency=agency, clerk=clerk, progress=progress)
    raise ValueError(f"cannot export to {target.name}: use .xlsx, .csv or .pdf")


def export_pdf(
    store: JobStore,
    job_id: int,
    path: str | PathLike[str],
    *,
    agency: str,
    clerk: str,
    progress: ExportProgress | None = None,
) -> Path:
    """The printable report: who asked, for which case, the summary and every row."""
    from desktop.core import reports  # fpdf2 and its fonts only when a PDF is asked for

    job = store.job(job_id)
    summary = store.summary(job_id)
    counts = [
        (wording.OUTCOME["insured_active"].fa, summary.insured_active),
        (wording.OUTCOME["insured_inactive"].fa, summary.insured_inactive),
        (wording.OUTCOME["pensioner"].fa, summary.pensioner),
        ("تحت تکفل", summary.dependents),
        (wording.OUTCOME["not_found"].fa, summary.not_found),
        (wording.OUTCOME["invalid"].fa, summary.invalid),
        (wording.OUTCOME["duplicate"].fa, summary.duplicate),
        (wording.OUTCOME["failed"].fa, summary.failed),
        (wording.OUTCOME["pending"].fa, summary.pending),
    ]
    meta = reports.BatchReportMeta(
        agency=agency,
        clerk=clerk or job.username,
        case_reference=job.case_reference or "",
        created=job.created,
        summary=[(label, n) for label, n in counts if n],
    )
    progress = progress or ExportProgress()
    # Reading and wording the rows takes about a fifth of the time, laying them out most of
    # the rest, and writing the file (after the last row is laid out) the last tenth.
    reading, laying_out = progress.stage(0.0, 0.2), progress.stage(0.2, 0.9)
    rows = [
        reports.BatchReportRow(
            row=r.row,
            national_id=r.fields["national_id"],
            name=f"{r.fields['first_name']} {r.fields['last_name']}".strip(),
            status_label_fa=r.fields["outcome"],
            detail=r.fields["note"],
        )
        for r in reading.counted(report_rows(store, job_id), summary.total)
        if r.outcome is not Outcome.EMPTY
    ]
    target = Path(path)
    with written_whole(target) as file:
        reports.batch_report_pdf(meta, rows, file, progress=lambda n: laying_out.step(n, len(rows)))
        progress.step(0, 0)  # written: the last chance to stop before it is in place
    return target


# -- xlsx --------------------------------------------------------------------------------


def export_xlsx(
    store: JobStore,
    job_id: int,
    path: str | PathLike[str],
    progress: ExportProgress | None = None,
) -> Path:
    """One right-to-left sheet; codes (the clerk's ID column among them) as text."""
    progress = progress or ExportProgress()
    job, width, rows = _table(store, job_id, progress)
    target = Path(path)
    styles = [xlsx_writer.PLAIN] * (width + len(RESULT_COLUMNS))
    for i in (job.column_index, *(width + n for n, c in enumerate(RESULT_COLUMNS) if c.code)):
        styles[i] = xlsx_writer.TEXT
    lines = itertools.chain([header(job, width)], rows)
    with written_whole(target) as file:
        xlsx_writer.write_sheet(
            file,
            lines,
            sheet_name=SHEET_TITLE,
            styles=styles,
            right_to_left=True,
            widths=[0.0] * width + [c.width for c in RESULT_COLUMNS],
        )
    return target


# -- CSV ---------------------------------------------------------------------------------

# A cell starting with = + - @ (or a tab or carriage return) is run as a formula by
# spreadsheet programs (OWASP, "CSV Injection"); an apostrophe before it makes it text.
# A cell starts not only where the value starts: a program that splits on ";" (the
# Persian and many European locales) or on "," (the rest) or on tabs, or reads a line
# break as a new row, starts a cell after any of those, past spaces and quotes; so each
# such start is neutralised, for every separator at once.
_CELL_START = re.compile(r"(^|[,;\t\r\n])([ \"]*)(?=[=+\-@\t\r])")


# The same starts looked for in a whole row at once, its cells joined by a character that
# starts a cell here: most rows have none, and one search a row is far cheaper than one a
# cell. It can only find more than the cells hold (a NUL inside a value), never less.
_ROW_CELL_START = re.compile(r"(?:^|[,;\t\r\n\x00])[ \"]*[=+\-@\t\r]")


def neutralise(value: str) -> str:
    return _CELL_START.sub(r"\1\2'", value)


def export_csv(
    store: JobStore,
    job_id: int,
    path: str | PathLike[str],
    progress: ExportProgress | None = None,
) -> Path:
    job, width, rows = _table(store, job_id, progress or ExportProgress())
    return write_csv(path, header(job, width), rows)


def write_csv(
    path: str | PathLike[str], header: Sequence[str], rows: Iterable[Sequence[str]]
) -> Path:
    """A CSV a spreadsheet program opens safely: UTF-8 with a byte-order mark (without it
    Excel reads Persian as mojibake), every formula-like part neutralised, and written
    whole or not at all (files.written_whole)."""
    target = Path(path)
    with (
        written_whole(target) as file,
        io.TextIOWrapper(file, encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(_neutralised(header))
        for row in rows:
            writer.writerow(_neutralised(row))
    return target


def _neutralised(values: Sequence[str]) -> Sequence[str]:
    if not _ROW_CELL_START.search("\x00".join(values)):
        return values
    return [neutralise(v) for v in values]
