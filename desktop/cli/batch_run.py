"""`estelam-desk batch run FILE -o OUT.xlsx --case-ref REF ...`: a bulk inquiry, headless.

Imports the list, then creates its job, or resumes the unfinished job for the same file
content (same case reference, sheet and column) so rows answered before a crash are not
asked again; signs in, sends the rows still pending (and retries those that failed),
writes the results to OUT (xlsx, CSV or PDF) and prints a summary.

A list whose job has already finished is not asked about again: its results are written
to OUT, and nothing is sent or charged. --new asks about every row again, as a new job.

While another run of the same list (same content, case reference, sheet and column) is
under way on this computer, this one waits for it, then goes on from where it ended: the
same rows are never asked twice at once.

While the server does not answer (restarting, unreachable, timing out, failing) the run
waits and sends the same rows again, with the same idempotency keys, so nothing is
charged twice; after 10 minutes without any answer it stops.

Before anything is sent the data folder must be writable and have room for the answers;
if it fills up during the run, the run stops, keeps every answer it recorded, and the
same command goes on later without charging again.

Exit status: 0 when every valid row is answered; 2 for a usage or input problem; 3 when
signing in is refused or the session ends; 4 when the server, the network or the daily
quota stops the run; 6 when the data folder cannot be written (read-only or full). The
job is kept either way: the same command resumes it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.cli import common
from desktop.core.audit import Actor, AuditLog
from desktop.core.batch import CHUNK_SIZE, GIVE_UP_AFTER, Progress, RunOutcome, StopReason
from desktop.core.bulk import BulkInquiry, Claimed, Event, Request, import_list
from desktop.core.importing import SpreadsheetError
from desktop.core.inquiry import check_case_reference
from desktop.core.jobs import Found, JobState, JobStore, JobSummary

EXPORT_SUFFIXES = (".xlsx", ".csv", ".pdf")


def add_batch_run(commands: argparse._SubParsersAction[Any]) -> None:
    """Register `batch run` on the `batch` command's subparsers."""
    run = commands.add_parser(
        "run",
        help="inquire about every ID of a spreadsheet or CSV and export the results",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("file", metavar="FILE", help="xlsx, xls, ods, CSV or tab-separated text")
    run.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="results file: .xlsx, .csv or a printable .pdf report",
    )
    run.add_argument("--case-ref", required=True, metavar="REF", help="the case or letter number")
    run.add_argument("--sheet", metavar="NAME", help="the sheet (name or 1-based number)")
    run.add_argument(
        "--case-column",
        metavar="NAME",
        help="a column holding each row's own case reference (--case-ref fills the blanks)",
    )
    run.add_argument(
        "--column", metavar="NAME", help="the ID column: header text, letter (C) or number"
    )
    run.add_argument(
        "--batch-size",
        type=int,
        default=CHUNK_SIZE,
        metavar="N",
        help=f"rows per request, 1 to 500 (default {CHUNK_SIZE})",
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="seconds to wait for each answer from the server (default 15)",
    )
    run.add_argument(
        "--new",
        action="store_true",
        help="ask about every row again as a new job, even if this list was run before",
    )
    common.add_sign_in_arguments(run)
    run.set_defaults(handler=run_batch)


async def run_batch(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in EXPORT_SUFFIXES:
        raise common.UsageError("The results file must end in .xlsx, .csv or .pdf (-o).")
    if not 1 <= args.batch_size <= 500:
        raise common.UsageError("--batch-size must be between 1 and 500.")
    if args.timeout is not None and not args.timeout > 0:
        raise common.UsageError("--timeout must be a number of seconds above 0.")
    case_reference = check_case_reference(args.case_ref)
    try:
        imported = await asyncio.to_thread(
            import_list,
            args.file,
            sheet=args.sheet,
            column=args.column,
            case_column=args.case_column,
        )
    except SpreadsheetError as exc:
        print(common.spreadsheet_sentence(exc), file=sys.stderr)
        return common.EXIT_USAGE
    store, audit = JobStore(), AuditLog()
    bulk = BulkInquiry(store, audit=audit)
    try:
        request = Request(
            imported, Path(args.file), case_reference, args.server, args.username, args.new
        )
        claimed = await bulk.claim_waiting(request, _say_waiting)
        _say_claimed(claimed)
        outcome = await _send(bulk, claimed, args)
        await asyncio.to_thread(bulk.export, output)
        summary = await asyncio.to_thread(store.summary, claimed.job.id)
    finally:
        bulk.release()
        store.close()
        audit.close()  # sealed before the command returns
    print(describe(summary, output))
    return _verdict(summary, outcome)


def _say_waiting() -> None:
    print(
        "Another run of this list (same file, case reference and column) is under way "
        "on this computer; waiting for it to finish…",
        file=sys.stderr,
        flush=True,
    )


def _say_claimed(claimed: Claimed) -> None:
    job, s = claimed.job, claimed.summary
    if claimed.found is Found.NEW:
        print(f"Job {job.id}: {s.total:,} rows, {s.valid:,} to ask about.", file=sys.stderr)
    elif claimed.found is Found.FINISHED:
        when = f"{job.created.astimezone():%Y-%m-%d %H:%M}"
        print(
            f"This list was already run (job {job.id}, {when}): all {s.valid:,} rows "
            "answered. Its results are written again and "
            "nothing is sent; use --new to ask about every row again.",
            file=sys.stderr,
        )
    else:
        retried = claimed.retried
        print(
            f"Resuming job {job.id} ({job.state.value}): {s.answered:,} of {s.valid:,} rows "
            f"already answered{f', {retried:,} failed rows tried again' if retried else ''}.",
            file=sys.stderr,
        )


async def _send(bulk: BulkInquiry, claimed: Claimed, args: argparse.Namespace) -> RunOutcome | None:
    """Sign in and run the job's pending rows; None when nothing was left to send."""
    job = claimed.job
    if claimed.summary.pending == 0:
        if not job.finished:
            await asyncio.to_thread(bulk.store.set_state, job.id, JobState.DONE)
        return None
    # Before signing in: a folder that cannot take the answers costs no one-time code.
    await asyncio.to_thread(bulk.check_room)
    session = await common.sign_in_from_args(args, timeout=args.timeout)
    line = ProgressLine(sys.stderr)
    try:
        return await bulk.run(
            session.client,
            Actor.of(session.me),
            on_event=line,
            chunk_size=args.batch_size,
            progress_interval=line.interval,
        )
    finally:
        line.close()
        await common.end_session(session)


def _verdict(summary: JobSummary, outcome: RunOutcome | None) -> int:
    if summary.complete:
        return common.EXIT_OK
    if outcome is not None and outcome.error is not None:
        then = " Run the same command again to go on."
        if outcome.reason is StopReason.SERVER_UNAVAILABLE:
            then = f" No answer for {GIVE_UP_AFTER / 60:.0f} minutes, so the run stopped.{then}"
        elif outcome.reason is StopReason.STORAGE:
            then = ""  # the sentence says what to do
        print(
            f"{common.sentence(outcome.error)}{then}",
            file=sys.stderr,
        )
        return common.exit_code(outcome.error)
    if summary.failed:
        print(
            f"{summary.failed:,} rows could not be asked about; "
            "run the same command again to try them again.",
            file=sys.stderr,
        )
    elif outcome is not None and outcome.reason is StopReason.RATE_LIMITED:
        print("The server asked to wait too long; try again later.", file=sys.stderr)
    else:
        print(f"{summary.pending:,} rows are still waiting; run again.", file=sys.stderr)
    return common.EXIT_NETWORK


def describe(s: JobSummary, output: Path) -> str:
    parts = [
        ("insured, contributions current", s.insured_active),
        ("insured, no current contributions", s.insured_inactive),
        ("pensioners", s.pensioner),
        ("dependents", s.dependents),
        ("not found", s.not_found),
    ]
    answered = ", ".join(f"{n:,} {name}" for name, n in parts if n)
    lines = [
        f"{s.total:,} rows: {s.answered:,} answered"
        + (f" ({answered})" if answered else "")
        + f", {s.failed:,} failed, {s.pending:,} not asked yet",
        f"Not sent: {s.invalid:,} invalid, {s.duplicate:,} duplicate, {s.empty:,} empty",
        f"Results: {output}",
    ]
    return "\n".join(lines)


class ProgressLine:
    """The run's progress on one line of a terminal, rewritten in place, or one line per
    report when stderr is a file or a pipe. The runner spaces the reports `interval`
    apart: four a second on a terminal, one a second in a log."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = 0.25 if self.tty else 1.0
        self._shown = False

    def __call__(self, p: Event) -> None:
        if not isinstance(p, Progress):
            return  # the rows themselves are for a table
        eta = f", about {p.eta_s:.0f} s left" if p.eta_s and p.done < p.total else ""
        failed = f", {p.failed:,} failed" if p.failed else ""
        text = f"{p.done:,} of {p.total:,} rows done{failed}; {p.rate_per_s:,.0f} rows/s{eta}"
        if p.waiting_s is not None:
            text += f"; waiting for the server ({p.waiting_s:.0f} s)"
        if self.tty:
            self.stream.write(f"\r{text}\x1b[K")
            self._shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
