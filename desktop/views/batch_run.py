"""The bulk inquiry's run page: progress, pause and cancel, the results table, exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.batch import Progress
from desktop.core.jobs import JobState, JobSummary
from desktop.ui import fmt
from desktop.ui.i18n import localize_digits
from desktop.ui.results import FILTERS, ResultsModel
from desktop.ui.widgets import ColumnFit, TableView, Translatable


class RunPanel(Translatable, QWidget):
    """A job running or run: progress, pause and cancel, the results, exports."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setProperty("role", "big")
        self.heading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress_text = QLabel()
        self.progress_text.setWordWrap(True)
        self.pause_button = QPushButton()
        self.cancel_button = QPushButton()
        self.retry_button = QPushButton()
        self.new_button = QPushButton()
        # Shown with a finished run's results: the clerk asks for a new run explicitly.
        self.again_button = QPushButton()
        self.again_button.hide()
        # The progress line beside the run's buttons, the search beside the exports:
        # every line above the table is a row of results fewer at 720 px.
        controls = QHBoxLayout()
        controls.addWidget(self.progress_text, 1)
        buttons = (
            self.pause_button,
            self.cancel_button,
            self.retry_button,
            self.again_button,
            self.new_button,
        )
        for button in buttons:
            controls.addWidget(button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.filter = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        filters.addWidget(self.filter)
        filters.addWidget(self.search, 1)
        self.model = ResultsModel()
        self.table = TableView()
        self.table.setModel(self.model)
        # Rows arrive in file order; no sort until the clerk clicks a column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The results' widths from the rows on screen and a few more: measuring a hundred
        # rows of Persian text took 130 ms of the window's time, twice a second in a run.
        ColumnFit(self.table, rows=10)
        copy = QAction(self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.triggered.connect(self.copy_selection)
        self.table.addAction(copy)
        self.export_xlsx = QPushButton()
        self.export_csv = QPushButton()
        self.export_pdf = QPushButton()
        filters.addWidget(self.export_xlsx)
        filters.addWidget(self.export_csv)
        filters.addWidget(self.export_pdf)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_group(self.filter.currentData())
        )
        self.search.textChanged.connect(self.model.set_text)
        # PAUSED or CANCELLED while the run is held or after it ended so; None otherwise.
        self._halted: JobState | None = None
        self._progress: Progress | None = None
        self._summary: JobSummary | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.retry_button.setText(self.tr("Retry the failed rows"))
        self.new_button.setText(self.tr("New bulk inquiry"))
        self.again_button.setText(self.tr("Ask about every row again"))
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
        self._show_halted(self._halted)  # the progress line too
        if self._summary is not None:
            self.show_summary(self._summary)
        self.model.retranslate()

    def set_paused(self, paused: bool) -> None:
        self._show_halted(JobState.PAUSED if paused else None)

    def show_ended(self, state: JobState) -> None:
        """A run that ended paused or cancelled says so."""
        halted = state in (JobState.PAUSED, JobState.CANCELLED)
        self._show_halted(state if halted else None)

    def _show_halted(self, halted: JobState | None) -> None:
        self._halted = halted
        paused = halted is JobState.PAUSED
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if self._progress is not None:
            self.show_progress(self._progress)

    def clear_outcome(self) -> None:
        """Nothing of a run stays: no rows, no progress, no counts."""
        self._progress = self._summary = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_text.clear()
        self.summary.clear()
        self.model.set_rows([])
        self.set_paused(False)

    def show_progress(self, p: Progress) -> None:
        self._progress = p
        # A progress bar repaints itself at once on every visible change (20-30 ms of the
        # window's time per report); with updates held, the change is painted with the
        # next frame instead.
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(0, max(1, p.total))
        self.progress.setValue(p.done)
        self.progress.setUpdatesEnabled(True)
        parts = [
            self.tr("%1 of %2 answered")
            .replace("%1", fmt.count(p.done))
            .replace("%2", fmt.count(p.total))
        ]
        # Nothing is sent while paused or after a cancel: a rate or a time left would
        # be made up.
        running = self._halted is None
        if self._halted is JobState.PAUSED:
            parts.insert(0, self.tr("Paused"))
        elif self._halted is JobState.CANCELLED:
            parts.insert(0, self.tr("Cancelled"))
        if running and p.rate_per_s > 0:
            parts.append(self.tr("%1 a second").replace("%1", fmt.count(p.rate_per_s)))
        if running and p.eta_s is not None and p.done < p.total:
            minutes, seconds = divmod(int(p.eta_s + 0.5), 60)
            left = localize_digits(f"{minutes}:{seconds:02d}")
            parts.append(self.tr("about %1 left").replace("%1", left))
        if p.failed:
            parts.append(self.tr("%1 failed").replace("%1", fmt.count(p.failed)))
        if running and p.waiting_s is not None:
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
