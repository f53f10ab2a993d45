"""The bulk inquiry's preview page: what an import would send, the columns to choose
from, the rows left out and why, the case reference; then Run."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.importing import Candidate, ImportedRow, ImportResult
from desktop.core.importing.labels import column_letter
from desktop.ui import errors, fmt, theme
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.widgets import Translatable, isolate, isolate_ltr


class PreviewPage(Translatable, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ImportResult | None = None
        self._candidates: tuple[Candidate, ...] = ()
        self._case_column: int | None = None
        self._source_name: str | None = None
        self._quota_left: int | None = None

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
        self._case_column_label = QLabel()
        form = QFormLayout()
        form.addRow(self._file_name_label, self.file_label)
        form.addRow(self._column_label, self.column_choice)
        form.addRow(self._case_column_label, self.case_column_choice)
        form.addRow(self._case_label, self.case_reference)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.quota_label)
        layout.addWidget(self.rejected_title)
        layout.addWidget(self.rejected, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
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
        self.rejected_model.retranslate()
        self._show()

    def show_import(
        self,
        result: ImportResult | None,
        *,
        candidates: tuple[Candidate, ...],
        case_column: int | None,
        source_name: str | None,
        quota_left: int | None,
    ) -> None:
        """An import's outcome; `source_name` None for pasted text, `quota_left` None
        when not known (signed out)."""
        self.result = result
        self._candidates = candidates
        self._case_column = case_column
        self._source_name = source_name
        self._quota_left = quota_left
        if result is None:
            self.rejected_model.set_items([])
        self._show()

    def ready(self) -> bool:
        """Something to send and a case reference to send it under."""
        return (
            self.result is not None
            and self.result.summary.valid > 0
            and bool(self.case_reference.text().strip())
        )

    # -- showing -------------------------------------------------------------
    def describe(self, sheet: str | None, column_index: int, header: str | None) -> str:
        parts = [self.tr("column %1").replace("%1", isolate_ltr(column_letter(column_index)))]
        if header:
            parts.append(isolate(header))
        if sheet:
            parts.append(self.tr("sheet %1").replace("%1", isolate(sheet)))
        return self.tr(", ").join(parts)

    def _reason(self, row: ImportedRow) -> str:
        return errors.row_reason(row.reason, row.duplicate_of)

    def _show(self) -> None:
        r = self.result
        if r is None:
            return
        name = self._source_name or self.tr("Pasted from the clipboard")
        self.file_label.setText(isolate(name))
        s = r.summary
        counts = (
            self.tr("%1 to inquire").replace("%1", fmt.count(s.valid)),
            self.tr("%1 invalid").replace("%1", fmt.count(s.invalid)),
            fmt.counted(s.duplicate, self.tr("%1 duplicate"), self.tr("%1 duplicates")),
            fmt.counted(s.empty, self.tr("%1 empty row skipped"), self.tr("%1 empty rows skipped")),
        )
        self.counts.setText(self.tr(", ").join(counts))
        quota = self.tr("The batch uses %1 inquiries of your quota.").replace(
            "%1", localize_digits(str(s.quota))
        )
        if self._quota_left is not None:
            quota += " " + self.tr("%1 are left today.").replace(
                "%1", localize_digits(str(self._quota_left))
            )
        self.quota_label.setText(quota)
        over = self._quota_left is not None and s.quota > self._quota_left
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

    def _fill_columns(self) -> None:
        """Offer the columns detection weighed, the one in use selected."""
        r = self.result
        self.column_choice.clear()
        if not self._candidates and r is not None:
            header = r.headers[r.column_index] if r.headers else None
            self.column_choice.addItem(self.describe(r.sheet, r.column_index, header), None)
            return
        for candidate in self._candidates:
            text = self.describe(candidate.sheet, candidate.column_index, candidate.header)
            self.column_choice.addItem(text, candidate)
            if r is not None and (candidate.sheet, candidate.column_index) == (
                r.sheet,
                r.column_index,
            ):
                self.column_choice.setCurrentIndex(self.column_choice.count() - 1)

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
            self.case_column_choice.addItem(self.describe(None, index, header), index + 1)
            if self._case_column == index + 1:
                self.case_column_choice.setCurrentIndex(self.case_column_choice.count() - 1)
