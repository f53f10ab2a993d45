"""Bulk status inquiry: import a spreadsheet, check the preview, run, export."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
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
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import importing
from desktop.core.importing import Ambiguous, Candidate, ImportedRow, ImportResult
from desktop.core.importing.labels import column_letter
from desktop.ui import errors, theme
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.widgets import Banner, BusyBar, isolate, isolate_ltr, title_label

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")


class DropZone(QFrame):
    """A large target for dropping one spreadsheet file."""

    fileDropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setProperty("role", "card")
        self.setMinimumHeight(140)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            self.fileDropped.emit(urls[0].toLocalFile())
            event.acceptProposedAction()


class BatchView(QWidget):
    imported = Signal(object)  # ImportResult
    requestFinished = Signal()  # an import (or a failed one) is done

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job = None
        self._source: str | None = None  # a path, or None for pasted text
        self._pasted = ""
        self.result: ImportResult | None = None
        self._candidates: tuple[Candidate, ...] = ()
        self._pending_reimport: Candidate | None = None

        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()
        self.busy = BusyBar()

        # Page 1: where the IDs come from.
        self.drop = DropZone()
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
        source_layout.addStretch(1)

        # Page 2: the preview.
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.column_choice = QComboBox()
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

        self.pages = QStackedWidget()
        self.pages.addWidget(source_page)
        self.pages.addWidget(preview_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)

        self.drop.fileDropped.connect(self.import_file)
        self.open_button.clicked.connect(self._choose_file)
        self.paste_button.clicked.connect(self.paste)
        self.back_button.clicked.connect(self.start_over)
        self.column_choice.activated.connect(self._column_chosen)
        self.case_reference.textChanged.connect(self._update_run_button)
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
        self._case_label.setText(self.tr("Case reference"))
        self.case_reference.setPlaceholderText(self.tr("The case file or letter number"))
        self.case_reference.setAccessibleName(self.tr("Case reference"))
        self.column_choice.setAccessibleName(self.tr("National ID column"))
        self.rejected.setAccessibleName(self.tr("Rows that will not be inquired about"))
        self.run_button.setText(self.tr("Run the inquiry"))
        self.back_button.setText(self.tr("Start over"))
        self.rejected_model.retranslate()
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        if not keep_candidates:
            self._candidates = ()
            self.banner.hide()
        sheet = candidate.sheet if candidate else None
        column = candidate.column_index + 1 if candidate else None
        self._run_import(asyncio.to_thread(importing.load, path, sheet=sheet, column=column))

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
        if not keep_candidates:
            self._candidates = ()
            self.banner.hide()
        column = candidate.column_index + 1 if candidate else None
        self._run_import(asyncio.to_thread(importing.from_text, text, column=column))

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

    def _reimport(self, candidate: Candidate) -> None:
        if self._source is not None:
            self.import_file(self._source, candidate, keep_candidates=True)
        else:
            self.import_text(self._pasted, candidate, keep_candidates=True)

    def start_over(self) -> None:
        self.result = None
        self.rejected_model.set_items([])
        self.banner.hide()
        self.pages.setCurrentIndex(0)

    # -- showing -------------------------------------------------------------
    def _describe(self, sheet: str | None, column_index: int, header: str | None) -> str:
        parts = [self.tr("column %1").replace("%1", column_letter(column_index))]
        if header:
            parts.append(isolate(header))
        if sheet:
            parts.append(self.tr("sheet %1").replace("%1", isolate(sheet)))
        return " · ".join(parts)

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
            self.tr("%1 to inquire · %2 invalid · %3 duplicates · %4 empty rows skipped")
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
        self._update_run_button()

    def _update_run_button(self) -> None:
        self.run_button.setEnabled(
            self._job is None
            and self.result is not None
            and self.result.summary.valid > 0
            and bool(self.case_reference.text().strip())
        )
