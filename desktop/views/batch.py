"""Bulk status inquiry: import a spreadsheet, check the preview, run, export.

The screen drives core's BulkInquiry (the same use-case as `batch run`): it finds or
creates the list's job under the list's lock, tries failed rows again when a job is
picked up again, offers a finished list's results instead of asking again, and turns
the run's typed events into the progress line and table rows.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QStackedWidget,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core.audit import Actor
from desktop.core.batch import GIVE_UP_AFTER, Progress, RunOutcome, StopReason
from desktop.core.bulk import (
    AlreadyRunning,
    BulkInquiry,
    Claimed,
    Event,
    Pasted,
    Request,
    RowsChanged,
    keep_pasted,
)
from desktop.core.importing import Ambiguous, Candidate, ImportResult
from desktop.core.jobs import Found, Job, JobRow, JobState, JobSummary, Owner
from desktop.core.paths import user_data_dir
from desktop.ui import file_dialogs, fmt
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.request import RequestSlot
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    TaskProgress,
    Translatable,
    isolate,
    scrolled_page,
    title_label,
)
from desktop.views.batch_export import ResultsExport
from desktop.views.batch_import import ListImport
from desktop.views.batch_preview import PreviewPage
from desktop.views.batch_run import RunPanel
from desktop.views.batch_source import SourcePage, UnfinishedJobs

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")


class BatchView(Translatable, QWidget):
    imported = Signal(object)  # ImportResult
    requestFinished = Signal()  # an import (or a failed one) is done
    runFinished = Signal(object)  # RunOutcome
    rowsAnswered = Signal()  # a run recorded some answers (and used some of the quota)
    sessionEnded = Signal(object)  # the SessionExpired that stopped a run

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.lists = ListImport(ctx.bridge, self)  # the list being read
        self.job: Job | None = None  # the job on the run page
        self._bulk: BulkInquiry | None = None  # the use-case of the run in progress
        self._paused = False
        self._answered: list[JobRow] = []  # recorded, not in the table yet (see _run_event)
        self._run_started = 0.0
        self.last_run_seconds = 0.0  # how long the last run took, for a notification

        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()
        self.busy = BusyBar()
        self.exporting = TaskProgress()

        # Page 1: where the IDs come from, and the jobs left unfinished.
        self.source = SourcePage()
        self.unfinished = UnfinishedJobs(ctx, self.source, self._owner)
        # Page 2: the preview. Page 3: the run and its results.
        self.preview = PreviewPage()
        self.run = RunPanel()
        self.exports = ResultsExport(ctx, self, self.run, self.exporting, self.banner)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.source)
        self.pages.addWidget(self.preview)
        self.pages.addWidget(self.run)

        layout = scrolled_page(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.busy)
        layout.addWidget(self.exporting)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        # How to start is said on the first page; the preview and the results need the room.
        self.pages.currentChanged.connect(lambda page: self.subtitle.setVisible(page == 0))

        # The run page shows one job's run: a new run, a finished list's results or
        # starting over takes the last one's rows, progress and counts off it.
        self._run = RequestSlot(ctx.bridge, self._clear_run, None, self)
        self._run.busyChanged.connect(self._set_running)
        self._run.finished.connect(self._run_finished)

        self.lists.started.connect(self.busy.show)
        self.lists.imported.connect(self._imported)
        self.lists.failed.connect(self._import_failed)
        self.lists.finished.connect(self._import_done)
        source, preview = self.source, self.preview
        source.drop.dropped.connect(lambda paths: self.import_file(paths[0]))
        source.open_button.clicked.connect(self._choose_file)
        source.paste_button.clicked.connect(self.paste)
        preview.back_button.clicked.connect(self.start_over)
        preview.column_choice.activated.connect(self._column_chosen)
        preview.case_column_choice.activated.connect(self._case_column_chosen)
        preview.case_reference.textChanged.connect(self._update_run_button)
        preview.case_reference.returnPressed.connect(self.start_run)
        preview.run_button.clicked.connect(self.start_run)
        self.unfinished.resumeRequested.connect(self._claim_job)
        self.run.pause_button.clicked.connect(self._toggle_pause)
        self.run.cancel_button.clicked.connect(self._cancel)
        self.run.retry_button.clicked.connect(self._retry_failed)
        self.run.again_button.clicked.connect(lambda: self.start_run(new=True))
        self.run.new_button.clicked.connect(self.start_over)
        self.run.export_xlsx.clicked.connect(lambda: self._export(".xlsx"))
        self.run.export_csv.clicked.connect(lambda: self._export(".csv"))
        self.run.export_pdf.clicked.connect(lambda: self._export(".pdf"))
        self.retranslate()
        self._update_run_button()

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Bulk inquiry"))
        self.subtitle.setText(
            self.tr("Inquire about everyone in a spreadsheet: check the preview, then run.")
        )
        if self.job is not None:
            self._show_heading()

    # -- importing -----------------------------------------------------------
    def _choose_file(self) -> None:
        patterns = " ".join(f"*{s}" for s in SPREADSHEET_SUFFIXES)
        path = file_dialogs.open_path(
            self,
            self.tr("Open a spreadsheet"),
            "",
            self.tr("Spreadsheets (%1)").replace("%1", patterns),
        )
        if path:
            self.import_file(path)

    def import_file(
        self, path: str, candidate: Candidate | None = None, *, keep_candidates: bool = False
    ) -> None:
        self._read(path, candidate, keep_candidates)

    def paste(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            self.banner.show_message("error", lambda: self.tr("The clipboard holds no text."))
            return
        self.import_text(text)

    def import_text(
        self, text: str, candidate: Candidate | None = None, *, keep_candidates: bool = False
    ) -> None:
        self._read(Pasted(text), candidate, keep_candidates)

    def _read(self, source: str | Pasted, candidate: Candidate | None, keep: bool) -> None:
        if not keep:
            self.banner.hide()
        self.lists.read(source, candidate, keep_candidates=keep)

    @property
    def result(self) -> ImportResult | None:
        """The list as last read."""
        return self.lists.result

    def _imported(self, result: ImportResult) -> None:
        self._show_result()
        self.pages.setCurrentIndex(1)
        self.preview.case_reference.setFocus()
        self.preview.case_reference.selectAll()  # typing replaces, never appends
        self.imported.emit(result)

    def _import_failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        if not isinstance(error, Ambiguous):
            self.pages.setCurrentIndex(0)

    def _import_done(self) -> None:
        self.busy.hide()
        self._update_run_button()
        self.requestFinished.emit()

    def _column_chosen(self, index: int) -> None:
        candidate = self.preview.column_choice.itemData(index)
        if candidate is not None:
            self.lists.again(candidate)

    def _case_column_chosen(self, index: int) -> None:
        self.lists.choose_case_column(self.preview.case_column_choice.itemData(index))

    @property
    def running_job_id(self) -> int | None:
        """The job whose run is in progress (retention and wiping must leave it alone)."""
        return self.job.id if self._run.running and self.job is not None else None

    def clear_personal_data(self) -> None:
        """On sign-out or a wipe: no list of people stays on screen (unless a run is still
        in progress: it is stopped first and keeps its rows until it ends)."""
        self.start_over()
        # Signing out is still under way: a list being read now is for no one.
        self.unfinished.clear()

    def start_over(self) -> None:
        if self._run.running:
            return  # a running batch is paused or cancelled first
        self._run.drop()
        self.lists.result = None
        self.job = None
        # A new list is a new job: its case reference is typed afresh, never carried over.
        self.preview.case_reference.clear()
        self.run.search.clear()
        self.run.filter.setCurrentIndex(0)
        self.preview.show_import(
            None, candidates=(), case_column=None, source_name=None, quota_left=None
        )
        self.run.again_button.hide()
        self.pages.setCurrentIndex(0)
        self.refresh_unfinished()

    def _show_result(self) -> None:
        me, source = self._ctx.session.me, self.lists.source
        self.preview.show_import(
            self.result,
            candidates=self.lists.candidates,
            case_column=self.lists.case_column,
            source_name=Path(source).name if isinstance(source, str) else None,
            quota_left=me.quota.left_today if me is not None else None,
        )
        self._update_run_button()

    def _update_run_button(self) -> None:
        idle = not self.lists.busy and not self._run.running
        self.preview.run_button.setEnabled(idle and self.preview.ready())

    # -- the jobs left unfinished ----------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if self.pages.currentIndex() == 0:
            self.refresh_unfinished()
        super().showEvent(event)

    def _owner(self) -> Owner | None:
        """The signed-in clerk, whose jobs alone this screen reaches."""
        me = self._ctx.session.me
        return Owner.of(me) if me is not None else None

    def refresh_unfinished(self) -> None:
        self.unfinished.refresh()

    # -- running ---------------------------------------------------------------
    def start_run(self, new: bool = False) -> None:
        """The list's job: its unfinished run goes on, a finished one's results are
        shown (nothing is sent), or a new job; `new` asks for a new run explicitly."""
        imported, source, session = self.result, self.lists.source, self._ctx.session
        if imported is None or source is None or session.me is None or self._run.running:
            return
        if not new and not self.preview.run_button.isEnabled():
            return
        case_reference = self.preview.case_reference.text().strip()
        server_url, username = session.client.server_url, session.me.username
        agency = session.me.agency.id
        self.preview.run_button.setEnabled(False)
        self.run.again_button.hide()

        def claim() -> tuple[BulkInquiry, Claimed]:
            bulk = self._new_bulk()
            if isinstance(source, Pasted):
                path = keep_pasted(source.text, user_data_dir() / "pasted")
            else:
                path = Path(source)
            request = Request(imported, path, case_reference, server_url, username, new, agency)
            return bulk, bulk.claim(request)

        self._ctx.bridge.run(asyncio.to_thread(claim), self._claimed, self._claim_failed)

    def _claim_job(self, job: Job) -> None:
        """Pick an existing job up again: resume it, or try its failed rows again."""
        owner = self._owner()
        if self._run.running or owner is None:
            return

        def claim() -> tuple[BulkInquiry, Claimed]:
            bulk = self._new_bulk()
            return bulk, bulk.claim_job(job, owner)

        self._ctx.bridge.run(asyncio.to_thread(claim), self._claimed, self._claim_failed)

    def _new_bulk(self) -> BulkInquiry:
        return BulkInquiry(self._ctx.job_store(), audit=self._ctx.audit)

    def _claimed(self, claimed: tuple[BulkInquiry, Claimed]) -> None:
        bulk, found = claimed
        if found.found is Found.FINISHED:
            bulk.release()
            self._show_finished(found)
        else:
            self.run_job(bulk, found.job)

    def _claim_failed(self, error: BaseException) -> None:
        if isinstance(error, AlreadyRunning):
            self.banner.show_message(
                "warning",
                lambda: self.tr(
                    "This list is being inquired about in another window or by a command "
                    "on this computer. Wait for that run to end, then run it here: only "
                    "the rows it left unanswered are sent."
                ),
            )
        else:
            self.banner.show_error(error)
        self._update_run_button()

    def _show_finished(self, claimed: Claimed) -> None:
        """A list already run to the end: its results, not a second charge."""
        self._run.drop()
        self.job = claimed.job
        self.pages.setCurrentIndex(2)
        self._show_heading()
        self._set_running(False)
        self.run.again_button.show()
        self._load_rows(claimed.job)
        self.run.show_summary(claimed.summary)
        self.banner.show_message(
            "info",
            lambda: self.tr(
                "This list was already inquired about on %1 and every row has its answer: "
                "the results are below, ready to export, and nothing was sent. To ask "
                "about everyone again, choose “Ask about every row again”."
            ).replace("%1", fmt.datetime(claimed.job.created)),
        )

    def _load_rows(self, job: Job) -> None:
        store = self._ctx.job_store()
        rows = asyncio.to_thread(store.rows, job.id)
        self._ctx.bridge.run(rows, self._run.bound(self.run.model.set_rows), self.banner.show_error)

    def run_job(self, bulk: BulkInquiry, job: Job) -> None:
        if self._run.running:
            bulk.release()
            return
        self.job = job
        self._bulk = bulk
        self._run_started = time.monotonic()
        self._paused = False
        client, me = self._ctx.session.client, self._ctx.session.me
        actor = Actor.of(me) if me is not None else None

        async def work(report: Any) -> RunOutcome:
            return await bulk.run(client, actor, on_event=report)

        self._run.start(work, self._run_done, self._run_failed, self._run_event)
        self.pages.setCurrentIndex(2)
        self._show_heading()
        self._load_rows(job)

    def _run_event(self, event: Event) -> None:
        if isinstance(event, Progress):
            self._show_answered()
            self.run.show_progress(event)
        elif isinstance(event, RowsChanged):
            # Held for the next progress report (the run sends one after every batch, at
            # most ten a second): the table and the counts move together, and the table
            # repaints once per report rather than once per batch.
            self._answered.extend(event.rows)

    def _show_answered(self) -> None:
        """The rows recorded since the last report, in one model update."""
        if self._answered:
            rows, self._answered = self._answered, []
            self.run.model.update_rows(rows)
            self.rowsAnswered.emit()

    def _run_done(self, outcome: RunOutcome) -> None:
        self._show_answered()
        self.run.show_summary(outcome.summary)
        self.run.show_ended(outcome.state)
        if outcome.reason is StopReason.SERVER_UNAVAILABLE:
            self.banner.show_message(
                "warning",
                lambda: self.tr(
                    "The server has not answered for %1 minutes, so the inquiry is paused. "
                    "Nothing is lost: resume it when the service is back."
                ).replace("%1", fmt.count(GIVE_UP_AFTER / 60)),
            )
        elif outcome.error is not None:
            self.banner.show_error(outcome.error)
            if isinstance(outcome.error, core_errors.SessionExpired):
                self.sessionEnded.emit(outcome.error)
        elif outcome.summary.failed:
            self.banner.show_message(
                "warning",
                lambda: self.tr(
                    "%1 rows failed after several tries. Retry them when the service is back."
                ).replace("%1", localize_digits(str(outcome.summary.failed))),
            )
        elif outcome.state is JobState.DONE:
            self.banner.show_message(
                "success",
                lambda: self.tr("Done: all %1 rows answered.").replace(
                    "%1", fmt.count(outcome.summary.answered)
                ),
            )
        self.last_run_seconds = time.monotonic() - self._run_started
        self.runFinished.emit(outcome)

    def _run_failed(self, error: BaseException) -> None:
        self._show_answered()
        self.banner.show_error(error)
        self._update_run_button()

    def _run_finished(self) -> None:
        if self._bulk is not None:
            self._bulk.release()
            self._bulk = None
        self._update_run_button()
        if self.job is not None:
            store, job_id = self._ctx.job_store(), self.job.id
            self._ctx.bridge.run(
                asyncio.to_thread(store.summary, job_id), self._run.bound(self._summary_loaded)
            )

    def _summary_loaded(self, summary: JobSummary) -> None:
        self.run.show_summary(summary)
        self.run.retry_button.setVisible(summary.failed > 0 or summary.pending > 0)

    def _clear_run(self) -> None:
        self._answered = []
        self.run.clear_outcome()
        self.banner.hide()

    def _set_running(self, running: bool) -> None:
        self.run.pause_button.setVisible(running)
        self.run.cancel_button.setVisible(running)
        self.run.retry_button.setVisible(False)
        self.run.new_button.setVisible(not running)
        for button in (self.run.export_xlsx, self.run.export_csv, self.run.export_pdf):
            button.setEnabled(not running)

    def _toggle_pause(self) -> None:
        bulk = self._bulk
        if bulk is None:
            return
        self._paused = not self._paused
        if self._paused:
            bulk.pause()
        else:
            bulk.resume()
        self.run.set_paused(self._paused)

    def _cancel(self) -> None:
        if self._bulk is not None:
            self._bulk.cancel()

    def stop(self) -> None:
        """On closing: stop sending; the job stays resumable."""
        if self._bulk is not None:
            self._bulk.stop()

    def _retry_failed(self) -> None:
        if self.job is not None:
            self._claim_job(self.job)

    def _show_heading(self) -> None:
        if self.job is None:
            return
        self.run.heading.setText(
            self.tr("%1, case %2")
            .replace("%1", isolate(self.job.source_name))
            .replace("%2", isolate(self.job.case_reference or "—"))
        )

    # -- exporting -------------------------------------------------------------
    def _export(self, suffix: str) -> None:
        if self.job is not None:
            self.exports.ask(self.job, suffix)

    def export_to(self, path: str) -> BackgroundJob:
        """Export with its percentage shown, until done or cancelled."""
        assert self.job is not None
        return self.exports.export(self.job, path)
