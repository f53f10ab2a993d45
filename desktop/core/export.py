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
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import TypeVar

from desktop.core import jalali, wording, xlsx_writer
from desktop.core.collector import paused_collection
from desktop.core.files import written_whole
from desktop.core.importing.labels import column_letter
from desktop.core.jobs import Job, JobStore, Outcome, outcome_of

_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")

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


_KEYS = [c.key for c in RESULT_COLUMNS]


def report_rows(store: JobStore, job_id: int) -> Iterator[ReportRow]:
    """Every row of the job in file order, worded for the clerk."""
    for row, cells, outcome, values in _worded(store, job_id):
        yield ReportRow(row, cells, outcome, dict(zip(_KEYS, values, strict=True)))


class _Kept(dict[_K, _V]):
    """Each distinct value worded once per export: a hundred thousand answers hold far
    fewer birthdays, a few "as of" hours and a handful of codes, and wording one (a
    Jalali date) costs far more than finding it again."""

    def __init__(self, word: Callable[[_K], _V]) -> None:
        super().__init__()
        self._word = word

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self._word(key)
        return value


def _moment(text: str) -> str:
    return jalali.format_datetime(dt.datetime.fromisoformat(text), persian_digits=False)


def _birthday(text: str | None) -> str:
    if text is None:
        return ""
    return jalali.format_date(dt.date.fromisoformat(text), persian_digits=False)


def _month(text: str | None) -> str:
    return jalali.format_year_month(text, persian_digits=False) if text else ""


def _outcome(row: tuple[str, str | None, str]) -> tuple[Outcome, str]:
    """What a row of this state, status and import status came to, and its word."""
    outcome = outcome_of(*row)
    return outcome, wording.OUTCOME[outcome].fa


def _in(table: Mapping[str, wording.Words]) -> _Kept[str | None, str]:
    return _Kept(lambda code: wording.word(table, code, "fa", ""))


def _worded(store: JobStore, job_id: int) -> Iterator[tuple[int, list[str], Outcome, list[str]]]:
    """Every row of the job in file order: its number, the clerk's cells, its outcome
    and the RESULT_COLUMNS' text."""
    # Kept for one export only: the machine's time zone, which a moment's text depends
    # on, may change.
    moments, birthdays, months = _Kept(_moment), _Kept(_birthday), _Kept(_month)
    genders, kinds, pensions = (
        _in(wording.GENDER),
        _in(wording.INSURANCE_KIND),
        _in(wording.PENSION_KIND),
    )
    outcomes = _Kept(_outcome)
    # The decoder itself: json.loads() costs twice as much a row around it.
    decode = json.JSONDecoder().raw_decode
    for (
        row, national_id, import_status, import_reason, duplicate_of,
        case_reference, state, status, error_code, cells_and_answer,
    ) in store.export_rows(job_id):  # fmt: skip
        (cells, answer), _ = decode(cells_and_answer)
        outcome, worded = outcomes[state, status, import_status]
        if answer is not None and answer[0] is not None:  # answered
            (
                inquiry_id, answer_id, first_name, last_name, father_name, birth_date,
                gender, insurance_number, insurance_kind, last_contribution, years,
                months_, days, workshop, workshop_id, branch, branch_code, pension_kind,
                as_of,
            ) = answer  # fmt: skip
            values = [
                str(row),
                answer_id,
                worded,
                first_name or "",
                last_name or "",
                father_name or "",
                birthdays[birth_date],
                genders[gender],
                insurance_number or "",
                kinds[insurance_kind],
                months[last_contribution],
                "" if years is None else f"{years} سال، {months_} ماه، {days} روز",
                workshop or "",
                workshop_id or "",
                branch or "",
                branch_code or "",
                pensions[pension_kind],
                moments[as_of],
                inquiry_id,
                case_reference or "",
                "",
            ]
        else:
            note = ""
            if outcome is Outcome.INVALID:
                note = wording.word(wording.ID_REASON, import_reason, "fa", "")
            elif outcome is Outcome.DUPLICATE and duplicate_of is not None:
                note = f"تکرار ردیف {duplicate_of}"
            elif outcome is Outcome.FAILED:
                note = wording.word(wording.FAILURE, error_code, "fa", "")
            values = [str(row), national_id or "", worded]
            values += _NO_ANSWER
            values += (case_reference or "", note)
        yield row, cells, outcome, values


# An unanswered row's columns between its outcome and its case reference.
_NO_ANSWER = [""] * (len(RESULT_COLUMNS) - 5)


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
    worded = progress.counted(_worded(store, job_id), store.row_count(job_id))
    return job, width, (_line(cells, values, width) for _, cells, _, values in worded)


def header(job: Job, width: int) -> list[str]:
    own = [
        (job.headers[i] if i < len(job.headers) else "").strip() or column_letter(i)
        for i in range(width)
    ]
    return own + [c.title for c in RESULT_COLUMNS]


def _line(cells: list[str], values: list[str], width: int) -> list[str]:
    """The row's line: its own `cells` list (the clerk's, as many as `width`) extended by
    the answer's `values`."""
    if len(cells) != width:
        cells = cells[:width] + [""] * (width - len(cells))
    cells += values
    return cells


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
    # The rows hold no cycles and are freed once written, but the writer's batch of them
    # lives through many of the collector's young walks, and those walks (and the full
    # ones they bring on) took 0.3 s of a 100,000-row sheet's 3.3 s.
    with paused_collection(), written_whole(target) as file:
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


# The same starts looked for in many rows at once, their cells joined by (and begun with)
# a character that starts a cell here: most rows have none, and one search for hundreds
# of rows is far cheaper than one a cell. It can only find more than the cells hold (a
# NUL inside a value), never less. A pattern that starts with one of a few characters is
# found far faster than one that may start anywhere.
_ROWS_CELL_START = re.compile(r"[,;\t\r\n\x00][ \"]*[=+\-@\t\r]")
# What the csv module quotes a cell for: the excel dialect's delimiter, quote character
# and line ends (neutralising adds none of them). A substring test for each costs a
# twentieth of one search for all.
_QUOTED = (",", '"', "\r", "\n")
# Rows searched, and written, at once.
_CHUNK = 500


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
    lines = iter(itertools.chain([header], rows))
    with (
        written_whole(target) as file,
        io.TextIOWrapper(file, encoding="utf-8-sig", newline="") as text,
    ):
        # A chunk of lines is made in memory and encoded at once, not line by line.
        chunk = io.StringIO(newline="")
        writer = csv.writer(chunk)
        while batch := list(itertools.islice(lines, _CHUNK)):
            joined = "\x00".join(itertools.chain([""], *batch))
            if _ROWS_CELL_START.search(joined):
                batch = [_neutralised(row) for row in batch]
            # Most chunks have no cell the csv module would quote (nor a row of one cell,
            # which it quotes when empty): their lines are the cells joined, as it would
            # write them, in a sixth of its time.
            if min(map(len, batch)) > 1 and not any(c in joined for c in _QUOTED):
                text.write("\r\n".join(map(",".join, batch)))
                text.write("\r\n")
                continue
            writer.writerows(batch)
            text.write(chunk.getvalue())
            chunk.seek(0)
            chunk.truncate()
    return target


def _neutralised(values: Sequence[str]) -> Sequence[str]:
    if not _ROWS_CELL_START.search("\x00".join(["", *values])):
        return values
    return [neutralise(v) for v in values]
