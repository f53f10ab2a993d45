"""Bulk status inquiry: import a spreadsheet, check the preview, run, export."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core import export, importing
from desktop.core.audit import Actor
from desktop.core.batch import GIVE_UP_AFTER, BatchRunner, Progress, RunOutcome, StopReason
from desktop.core.files import private_dir, private_file
from desktop.core.importing import Ambiguous, Candidate, ImportedRow, ImportResult
from desktop.core.importing.labels import column_letter
from desktop.core.jobs import Job, JobState, JobSummary
from desktop.core.paths import user_data_dir
from desktop.ui import errors, fmt, theme
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.results import COLUMNS, FILTERS, ResultsModel
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    DropZone,
    Translatable,
    isolate,
    isolate_ltr,
    title_label,
)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")


RESULT_COLUMN_WIDTHS = {
    "row": 70,
    "national_id": 110,
    "name": 150,
    "outcome": 210,
    "insurance_number": 110,
    "last_month": 110,
}


class RunPanel(Translatable, QWidget):
    """A job running or run: progress, pause and cancel, the results, exports."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setProperty("role", "big")
        self.heading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_text = QLabel()
        self.pause_button = QPushButton()
        self.cancel_button = QPushButton()
        self.retry_button = QPushButton()
        self.new_button = QPushButton()
        controls = QHBoxLayout()
        for button in (self.pause_button, self.cancel_button, self.retry_button, self.new_button):
            controls.addWidget(button)
        controls.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.filter = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        filters.addWidget(self.filter)
        filters.addWidget(self.search, 1)
        self.model = ResultsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        # Rows arrive in file order; no sort until the clerk clicks a column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # Fixed starting widths: measuring 10,000 rows to fit them would stall the window.
        for key, width in RESULT_COLUMN_WIDTHS.items():
            header.resizeSection(COLUMNS.index(key), width)
        copy = QAction(self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.triggered.connect(self.copy_selection)
        self.table.addAction(copy)
        self.export_xlsx = QPushButton()
        self.export_csv = QPushButton()
        self.export_pdf = QPushButton()
        exports = QHBoxLayout()
        exports.addWidget(self.export_xlsx)
        exports.addWidget(self.export_csv)
        exports.addWidget(self.export_pdf)
        exports.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(exports)

        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_group(self.filter.currentData())
        )
        self.search.textChanged.connect(self.model.set_text)
        self._paused = False
        self._summary: JobSummary | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.retry_button.setText(self.tr("Retry the failed rows"))
        self.new_button.setText(self.tr("New bulk inquiry"))
        self.export_xlsx.setText(self.tr("Export to Excel…"))
        self.export_csv.setText(self.tr("Export to CSV…"))
        self.export_pdf.setText(self.tr("Printable report (PDF)…"))
        self.search.setPlaceholderText(self.tr("Search by ID, name or number"))
        self.search.setAccessibleName(self.tr("Search the results"))
        self.filter.setAccessibleName(self.tr("Show"))
        self.table.setAccessibleName(self.tr("Results"))
        names = {
            "all": self.tr("All rows"),
            "insured": self.tr("Insured"),
            "pensioner": self.tr("Pensioners"),
            "dependent": self.tr("Dependents"),
            "not_found": self.tr("Not found"),
            "invalid": self.tr("Invalid or duplicate"),
            "failed": self.tr("Failed or waiting"),
        }
        current = self.filter.currentData() or "all"
        self.filter.blockSignals(True)
        self.filter.clear()
        for key in FILTERS:
            self.filter.addItem(names[key], key)
        self.filter.setCurrentIndex(self.filter.findData(current))
        self.filter.blockSignals(False)
        self.set_paused(self._paused)
        if self._summary is not None:
            self.show_summary(self._summary)
        self.model.retranslate()

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def show_progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(1, p.total))
        self.progress.setValue(p.done)
        parts = [
            self.tr("%1 of %2 answered")
            .replace("%1", fmt.count(p.done))
            .replace("%2", fmt.count(p.total))
        ]
        if p.rate_per_s > 0:
            parts.append(self.tr("%1 a second").replace("%1", fmt.count(p.rate_per_s)))
        if p.eta_s is not None and p.done < p.total:
            minutes, seconds = divmod(int(p.eta_s + 0.5), 60)
            left = localize_digits(f"{minutes}:{seconds:02d}")
            parts.append(self.tr("about %1 left").replace("%1", left))
        if p.failed:
            parts.append(self.tr("%1 failed").replace("%1", fmt.count(p.failed)))
        if p.waiting_s is not None:
            # Nothing is lost meanwhile: the same rows are sent again when it answers.
            parts.append(self.tr("waiting for the server to answer again…"))
        self.progress_text.setText(self.tr(", ").join(parts))

    def show_summary(self, s: JobSummary) -> None:
        self._summary = s
        parts = [
            (self.tr("insured"), s.insured_active + s.insured_inactive),
            (self.tr("pensioners"), s.pensioner),
            (self.tr("dependents"), s.dependents),
            (self.tr("not found"), s.not_found),
            (self.tr("invalid or duplicate"), s.invalid + s.duplicate),
            (self.tr("failed"), s.failed),
            (self.tr("waiting"), s.pending),
        ]
        separator = self.tr(", ")
        self.summary.setText(separator.join(f"{fmt.count(n)} {name}" for name, n in parts if n))

    def copy_selection(self) -> None:
        """Selected rows as tab-separated text, ready to paste into a spreadsheet."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        columns = range(self.model.columnCount())
        lines = [
            "\t".join(str(self.model.data(self.model.index(r, c)) or "") for c in columns)
            for r in rows
        ]
        QApplication.clipboard().setText("\n".join(lines))


class BatchView(Translatable, QWidget):
    imported = Signal(object)  # ImportResult
    requestFinished = Signal()  # an import (or a failed one) is done
    runFinished = Signal(object)  # RunOutcome
    sessionEnded = Signal(object)  # the SessionExpired that stopped a run

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: BackgroundJob | None = None
        self._source: str | None = None  # a path, or None for pasted text
        self._pasted = ""
        self.result: ImportResult | None = None
        self._candidates: tuple[Candidate, ...] = ()
        self._pending_reimport: Candidate | None = None
        self._case_column: int | None = None  # 1-based, when rows carry their own reference
        self.job: Job | None = None  # the job on the run page
        self._runner: BatchRunner | None = None
        self._run_job: BackgroundJob | None = None
        self._unfinished: list[tuple[Job, JobSummary]] = []
        self._run_started = 0.0
        self.last_run_seconds = 0.0  # how long the last run took, for a notification

        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()
        self.busy = BusyBar()

        # Page 1: where the IDs come from.
        self.drop = DropZone(multiple=False)
        self.open_button = QPushButton()
        self.paste_button = QPushButton()
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.open_button)
        source_buttons.addWidget(self.paste_button)
        source_buttons.addStretch(1)
        source_page = QWidget()
        source_layout = QVBoxLayout(source_page)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.addWidget(self.drop)
        source_layout.addLayout(source_buttons)
        self.unfinished_title = QLabel()
        self.unfinished = QListWidget()
        self.resume_button = QPushButton()
        self.discard_button = QPushButton()
        unfinished_buttons = QHBoxLayout()
        unfinished_buttons.addWidget(self.resume_button)
        unfinished_buttons.addWidget(self.discard_button)
        unfinished_buttons.addStretch(1)
        self.unfinished_box = QFrame()
        self.unfinished_box.setProperty("role", "card")
        unfinished_layout = QVBoxLayout(self.unfinished_box)
        unfinished_layout.addWidget(self.unfinished_title)
        unfinished_layout.addWidget(self.unfinished)
        unfinished_layout.addLayout(unfinished_buttons)
        self.unfinished_box.hide()
        source_layout.addWidget(self.unfinished_box)
        source_layout.addStretch(1)

        # Page 2: the preview.
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.column_choice = QComboBox()
        self.case_column_choice = QComboBox()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setProperty("role", "big")
        self.quota_label = QLabel()
        self.quota_label.setWordWrap(True)
        self.rejected_title = QLabel()
        self.rejected = QTableView()
        self.rejected_model = ListTableModel(
            [
                (lambda: self.tr("Row"), lambda r: localize_digits(str(r.row))),
                (lambda: self.tr("Value in the file"), lambda r: isolate_ltr(r.raw)),
                (lambda: self.tr("Reason"), self._reason),
            ]
        )
        self.rejected.setModel(self.rejected_model)
        self.rejected.verticalHeader().hide()
        header = self.rejected.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.rejected.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.case_reference = QLineEdit()
        self.case_reference.setMaxLength(64)
        self.run_button = QPushButton()
        self.run_button.setProperty("role", "primary")
        self.back_button = QPushButton()
        self._file_name_label = QLabel()
        self._column_label = QLabel()
        self._case_label = QLabel()
        form = QFormLayout()
        form.addRow(self._file_name_label, self.file_label)
        form.addRow(self._column_label, self.column_choice)
        self._case_column_label = QLabel()
        form.addRow(self._case_column_label, self.case_column_choice)
        form.addRow(self._case_label, self.case_reference)
        preview_buttons = QHBoxLayout()
        preview_buttons.addWidget(self.run_button)
        preview_buttons.addWidget(self.back_button)
        preview_buttons.addStretch(1)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addLayout(form)
        preview_layout.addWidget(self.counts)
        preview_layout.addWidget(self.quota_label)
        preview_layout.addWidget(self.rejected_title)
        preview_layout.addWidget(self.rejected, 1)
        preview_layout.addLayout(preview_buttons)

        # Page 3: the run and its results.
        self.run = RunPanel()

        self.pages = QStackedWidget()
        self.pages.addWidget(source_page)
        self.pages.addWidget(preview_page)
        self.pages.addWidget(self.run)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)

        self.drop.dropped.connect(lambda paths: self.import_file(paths[0]))
        self.open_button.clicked.connect(self._choose_file)
        self.paste_button.clicked.connect(self.paste)
        self.back_button.clicked.connect(self.start_over)
        self.column_choice.activated.connect(self._column_chosen)
        self.case_column_choice.activated.connect(self._case_column_chosen)
        self.case_reference.textChanged.connect(self._update_run_button)
        self.run_button.clicked.connect(self.start_run)
        self.resume_button.clicked.connect(self._resume_selected)
        self.discard_button.clicked.connect(self._discard_selected)
        self.run.pause_button.clicked.connect(self._toggle_pause)
        self.run.cancel_button.clicked.connect(self._cancel)
        self.run.retry_button.clicked.connect(self._retry_failed)
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
        self.drop.label.setText(
            self.tr("Drop a spreadsheet here (xlsx, xls, ods, csv or text),\nor open one below.")
        )
        self.open_button.setText(self.tr("Open a file…"))
        self.paste_button.setText(self.tr("Paste IDs from the clipboard"))
        self._file_name_label.setText(self.tr("Source"))
        self._column_label.setText(self.tr("National ID column"))
        self._case_column_label.setText(self.tr("Case reference per row"))
        self.case_column_choice.setAccessibleName(self.tr("Case reference per row"))
        self._case_label.setText(self.tr("Case reference"))
        self.case_reference.setPlaceholderText(self.tr("The case file or letter number"))
        self.case_reference.setAccessibleName(self.tr("Case reference"))
        self.column_choice.setAccessibleName(self.tr("National ID column"))
        self.rejected.setAccessibleName(self.tr("Rows that will not be inquired about"))
        self.run_button.setText(self.tr("Run the inquiry"))
        self.back_button.setText(self.tr("Start over"))
        self.unfinished_title.setText(
            self.tr(
                "Unfinished bulk inquiries: resume one, and only the rows "
                "not yet answered are sent."
            )
        )
        self.unfinished.setAccessibleName(self.tr("Unfinished bulk inquiries"))
        self.resume_button.setText(self.tr("Resume"))
        self.discard_button.setText(self.tr("Discard"))
        self._show_unfinished()
        if self.job is not None:
            self._show_heading()
        self.rejected_model.retranslate()
        self._show_result()

    # -- importing -----------------------------------------------------------
    def _choose_file(self) -> None:
        patterns = " ".join(f"*{s}" for s in SPREADSHEET_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
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
        self._source, self._pasted = path, ""
        self._start_import(candidate, keep_candidates)

    def paste(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            self.banner.show_message("error", self.tr("The clipboard holds no text."))
            return
        self.import_text(text)

    def import_text(
        self, text: str, candidate: Candidate | None = None, *, keep_candidates: bool = False
    ) -> None:
        self._source, self._pasted = None, text
        self._start_import(candidate, keep_candidates)

    def _start_import(self, candidate: Candidate | None, keep_candidates: bool) -> None:
        if not keep_candidates:
            self._candidates = ()
            self._case_column = None
            self.banner.hide()
        if candidate is not None:
            sheet, column = candidate.sheet, candidate.column_index + 1
        elif keep_candidates and self.result is not None:
            sheet, column = self.result.sheet, self.result.column_index + 1
        else:
            sheet = column = None
        if self._case_column is not None and self._case_column == column:
            self._case_column = None  # one column cannot be both
        case = self._case_column
        if self._source is not None:
            work = asyncio.to_thread(
                importing.load, self._source, sheet=sheet, column=column, case_column=case
            )
        else:
            work = asyncio.to_thread(
                importing.from_text, self._pasted, column=column, case_column=case
            )
        self._run_import(work)

    def _run_import(self, work: Coroutine[Any, Any, ImportResult]) -> None:
        if self._job is not None:
            return
        self.busy.show()
        self._job = self._ctx.bridge.run(work, self._imported, self._import_failed)
        self._job.finished.connect(self._import_done)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        if result.candidates:
            self._candidates = result.candidates
        self._fill_columns()
        self._show_result()
        self.pages.setCurrentIndex(1)
        self.case_reference.setFocus()
        self.imported.emit(result)

    def _import_failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        if isinstance(error, Ambiguous):
            # Let the clerk choose; show the first candidate's rows meanwhile.
            self._candidates = error.candidates
            self._pending_reimport = error.candidates[0]
        else:
            self.pages.setCurrentIndex(0)

    def _import_done(self) -> None:
        self._job = None
        self.busy.hide()
        self._update_run_button()
        if self._pending_reimport is not None:
            candidate, self._pending_reimport = self._pending_reimport, None
            self._reimport(candidate)
            return
        self.requestFinished.emit()

    def _fill_columns(self) -> None:
        """Offer the columns detection weighed, the one in use selected."""
        r = self.result
        self.column_choice.clear()
        if not self._candidates and r is not None:
            header = r.headers[r.column_index] if r.headers else None
            self.column_choice.addItem(self._describe(r.sheet, r.column_index, header), None)
            return
        for candidate in self._candidates:
            text = self._describe(candidate.sheet, candidate.column_index, candidate.header)
            self.column_choice.addItem(text, candidate)
            if r is not None and (candidate.sheet, candidate.column_index) == (
                r.sheet,
                r.column_index,
            ):
                self.column_choice.setCurrentIndex(self.column_choice.count() - 1)

    def _column_chosen(self, index: int) -> None:
        candidate = self.column_choice.itemData(index)
        if candidate is not None:
            self._reimport(candidate)

    def _reimport(self, candidate: Candidate | None) -> None:
        self._start_import(candidate, keep_candidates=True)

    def _case_column_chosen(self, index: int) -> None:
        self._case_column = self.case_column_choice.itemData(index)
        self._reimport(None)

    def _fill_case_columns(self) -> None:
        """Any other column may carry each row's own case reference."""
        r = self.result
        self.case_column_choice.clear()
        self.case_column_choice.addItem(self.tr("None: the one reference below for all"), None)
        if r is None:
            return
        width = max([len(r.headers), *(len(row.cells) for row in r.rows[:50])])
        for index in range(width):
            if index == r.column_index:
                continue
            header = r.headers[index] if index < len(r.headers) else None
            self.case_column_choice.addItem(self._describe(None, index, header), index + 1)
            if self._case_column == index + 1:
                self.case_column_choice.setCurrentIndex(self.case_column_choice.count() - 1)

    @property
    def running_job_id(self) -> int | None:
        """The job whose run is in progress (retention and wiping must leave it alone)."""
        return self.job.id if self._run_job is not None and self.job is not None else None

    def clear_personal_data(self) -> None:
        """On sign-out or a wipe: no list of people stays on screen (unless a run is still
        in progress: it is stopped first and keeps its rows until it ends)."""
        self.start_over()

    def start_over(self) -> None:
        if self._run_job is not None:
            return  # a running batch is paused or cancelled first
        self.result = None
        self.job = None
        self.rejected_model.set_items([])
        self.run.model.set_rows([])
        self.banner.hide()
        self.pages.setCurrentIndex(0)
        self.refresh_unfinished()

    # -- showing -------------------------------------------------------------
    def _describe(self, sheet: str | None, column_index: int, header: str | None) -> str:
        parts = [self.tr("column %1").replace("%1", column_letter(column_index))]
        if header:
            parts.append(isolate(header))
        if sheet:
            parts.append(self.tr("sheet %1").replace("%1", isolate(sheet)))
        return self.tr(", ").join(parts)

    def _reason(self, row: ImportedRow) -> str:
        return errors.row_reason(row.reason, row.duplicate_of)

    def _show_result(self) -> None:
        r = self.result
        if r is None:
            return
        name = Path(self._source).name if self._source else self.tr("Pasted from the clipboard")
        self.file_label.setText(isolate(name))
        s = r.summary
        self.counts.setText(
            self.tr("%1 to inquire, %2 invalid, %3 duplicates, %4 empty rows skipped")
            .replace("%1", localize_digits(str(s.valid)))
            .replace("%2", localize_digits(str(s.invalid)))
            .replace("%3", localize_digits(str(s.duplicate)))
            .replace("%4", localize_digits(str(s.empty)))
        )
        me = self._ctx.session.me
        quota = self.tr("The batch uses %1 inquiries of your quota.").replace(
            "%1", localize_digits(str(s.quota))
        )
        if me is not None:
            quota += " " + self.tr("%1 are left today.").replace(
                "%1", localize_digits(str(me.quota.left_today))
            )
        self.quota_label.setText(quota)
        over = me is not None and s.quota > me.quota.left_today
        self.quota_label.setStyleSheet(f"color: {theme.COLORS['error'][0]};" if over else "")
        rejected = r.rejected
        self.rejected_title.setText(
            self.tr("Rows that will not be inquired about: %1").replace(
                "%1", localize_digits(str(len(rejected)))
            )
        )
        self.rejected_model.set_items(rejected)
        self._fill_columns()
        self._fill_case_columns()
        self._update_run_button()

    def _update_run_button(self) -> None:
        self.run_button.setEnabled(
            self._job is None
            and self.result is not None
            and self.result.summary.valid > 0
            and bool(self.case_reference.text().strip())
        )

    # -- running ---------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if self.pages.currentIndex() == 0:
            self.refresh_unfinished()
        super().showEvent(event)

    def refresh_unfinished(self) -> None:
        """Offer the jobs a crash, a closed window or a stop left unfinished."""

        def load() -> list[tuple[Job, JobSummary]]:
            store = self._ctx.job_store()
            return [(j, store.summary(j.id)) for j in store.jobs() if not j.finished]

        self._ctx.bridge.run(asyncio.to_thread(load), self._unfinished_loaded)

    def _unfinished_loaded(self, jobs: list[tuple[Job, JobSummary]]) -> None:
        self._unfinished = jobs
        self._show_unfinished()

    def _show_unfinished(self) -> None:
        self.unfinished.clear()
        for job, summary in self._unfinished:
            self.unfinished.addItem(
                self.tr("%1, case %2: %3 of %4 answered")
                .replace("%1", isolate(job.source_name))
                .replace("%2", isolate(job.case_reference or "—"))
                .replace("%3", fmt.count(summary.answered))
                .replace("%4", fmt.count(summary.valid))
            )
        self.unfinished_box.setVisible(bool(self._unfinished))
        if self._unfinished:
            self.unfinished.setCurrentRow(0)

    def _selected_unfinished(self) -> Job | None:
        row = self.unfinished.currentRow()
        return self._unfinished[row][0] if 0 <= row < len(self._unfinished) else None

    def _resume_selected(self) -> None:
        job = self._selected_unfinished()
        if job is not None:
            self.run_job(job)

    def _discard_selected(self) -> None:
        job = self._selected_unfinished()
        if job is None:
            return

        def discard() -> None:
            self._ctx.job_store().set_state(job.id, JobState.CANCELLED)

        self._ctx.bridge.run(asyncio.to_thread(discard), lambda _r: self.refresh_unfinished())

    def start_run(self) -> None:
        """Resume the unfinished job for this very file and case, or create a new one."""
        imported, session = self.result, self._ctx.session
        if imported is None or not self.run_button.isEnabled() or session.me is None:
            return
        case_reference = self.case_reference.text().strip()
        server_url, username = session.client.server_url, session.me.username
        source, pasted = self._source, self._pasted
        self.run_button.setEnabled(False)

        def prepare() -> Job:
            path = Path(source) if source is not None else _keep_pasted(pasted)
            job, _resumed = self._ctx.job_store().job_for(
                imported,
                path,
                case_reference=case_reference,
                server_url=server_url,
                username=username,
            )
            return job

        self._ctx.bridge.run(asyncio.to_thread(prepare), self.run_job, self._run_failed)

    def run_job(self, job: Job) -> None:
        if self._run_job is not None:
            return
        self.job = job
        self._run_started = time.monotonic()
        self.banner.hide()
        self.pages.setCurrentIndex(2)
        self._show_heading()
        self.run.set_paused(False)
        self._set_running(True)
        store, client = self._ctx.job_store(), self._ctx.session.client
        me = self._ctx.session.me
        rows = asyncio.to_thread(lambda: list(store.rows(job.id)))
        self._ctx.bridge.run(rows, self.run.model.set_rows, self.banner.show_error)

        async def work(report: Callable[[object], None]) -> RunOutcome:
            runner = BatchRunner(
                client,
                store,
                job.id,
                on_progress=lambda p: report(p),
                on_rows=lambda numbers: report(numbers),
                audit=self._ctx.audit,
                actor=Actor.of(me) if me is not None else None,
            )
            report(runner)
            return await runner.run()

        self._run_job = self._ctx.bridge.run(
            work, self._run_done, self._run_failed, self._run_progress
        )
        self._run_job.finished.connect(self._run_finished)

    def _run_progress(self, item: object) -> None:
        if isinstance(item, BatchRunner):
            self._runner = item
        elif isinstance(item, Progress):
            self.run.show_progress(item)
        elif isinstance(item, list) and self.job is not None:
            # One batch's answered rows: fetched together, shown in one model update.
            store, job_id = self._ctx.job_store(), self.job.id
            self._ctx.bridge.run(
                asyncio.to_thread(store.get_rows, job_id, item), self.run.model.update_rows
            )

    def _run_done(self, outcome: RunOutcome) -> None:
        self.run.show_summary(outcome.summary)
        if outcome.reason is StopReason.SERVER_UNAVAILABLE:
            self.banner.show_message(
                "warning",
                self.tr(
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
                self.tr(
                    "%1 rows failed after several tries. Retry them when the service is back."
                ).replace("%1", localize_digits(str(outcome.summary.failed))),
            )
        elif outcome.state is JobState.DONE:
            self.banner.show_message(
                "success",
                self.tr("Done: all %1 rows answered.").replace(
                    "%1", fmt.count(outcome.summary.answered)
                ),
            )
        self.last_run_seconds = time.monotonic() - self._run_started
        self.runFinished.emit(outcome)

    def _run_failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        self._update_run_button()

    def _run_finished(self) -> None:
        self._run_job = None
        self._runner = None
        self._set_running(False)
        if self.job is not None:
            store, job_id = self._ctx.job_store(), self.job.id
            self._ctx.bridge.run(asyncio.to_thread(store.summary, job_id), self._summary_loaded)

    def _summary_loaded(self, summary: JobSummary) -> None:
        self.run.show_summary(summary)
        self.run.retry_button.setVisible(summary.failed > 0 or summary.pending > 0)

    def _set_running(self, running: bool) -> None:
        self.run.pause_button.setVisible(running)
        self.run.cancel_button.setVisible(running)
        self.run.retry_button.setVisible(False)
        self.run.new_button.setVisible(not running)
        for button in (self.run.export_xlsx, self.run.export_csv, self.run.export_pdf):
            button.setEnabled(not running)

    def _on_loop(self, action: Callable[[], None]) -> None:
        """The runner belongs to the loop thread: control it there."""
        self._ctx.bridge.loop.call_soon_threadsafe(action)

    def _toggle_pause(self) -> None:
        runner = self._runner
        if runner is None:
            return
        paused = not runner.paused
        self._on_loop(runner.pause if paused else runner.resume)
        self.run.set_paused(paused)

    def _cancel(self) -> None:
        if self._runner is not None:
            self._on_loop(self._runner.cancel)

    def stop(self) -> None:
        """On closing: stop sending; the job stays resumable."""
        if self._runner is not None:
            self._on_loop(self._runner.stop)

    def _retry_failed(self) -> None:
        job = self.job
        if job is None or self._run_job is not None:
            return
        store = self._ctx.job_store()
        self._ctx.bridge.run(
            asyncio.to_thread(store.reset_failed, job.id),
            lambda _n: self._resume_same(job),
            self.banner.show_error,
        )

    def _resume_same(self, job: Job) -> None:
        self.job = None
        self.run_job(job)

    def _show_heading(self) -> None:
        if self.job is None:
            return
        self.run.heading.setText(
            self.tr("%1, case %2")
            .replace("%1", isolate(self.job.source_name))
            .replace("%2", isolate(self.job.case_reference or "—"))
        )

    def _export(self, suffix: str) -> None:
        job = self.job
        if job is None:
            return
        stem = Path(job.source_name).stem
        suggested = str(Path.home() / f"{stem}-{self.tr('results')}{suffix}")
        kinds = {".xlsx": "Excel (*.xlsx)", ".csv": "CSV (*.csv)", ".pdf": "PDF (*.pdf)"}
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the results"), suggested, kinds[suffix]
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> BackgroundJob:
        assert self.job is not None
        store, job_id, me = self._ctx.job_store(), self.job.id, self._ctx.session.me
        agency, clerk = (me.agency.name, me.full_name) if me is not None else ("", "")
        self.busy.show()
        job = self._ctx.bridge.run(
            asyncio.to_thread(export.export, store, job_id, path, agency=agency, clerk=clerk),
            lambda written: self.banner.show_message(
                "success", self.tr("Saved to %1").replace("%1", isolate(str(written)))
            ),
            self.banner.show_error,
        )
        job.finished.connect(self.busy.hide)
        return job


def _keep_pasted(text: str) -> Path:
    """Pasted IDs become a file of their own, so the job can be resumed like any other."""
    folder = private_dir(user_data_dir() / "pasted")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = folder / f"pasted-{digest}.txt"
    if not path.exists():
        private_file(path).write_text(text, encoding="utf-8")
    return path
