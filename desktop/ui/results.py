"""The bulk inquiry's results table: every row of the clerk's file and its outcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.api_client.models import StatusResult
from desktop.core.digits import to_latin_digits
from desktop.core.jobs import JobRow, Outcome
from desktop.ui import errors, fmt, theme
from desktop.ui.i18n import localize_digits

Index = QModelIndex | QPersistentModelIndex

#: The filters a clerk picks from, and the outcomes each one shows.
FILTERS: dict[str, frozenset[Outcome]] = {
    "all": frozenset(Outcome),
    "insured": frozenset({Outcome.INSURED_ACTIVE, Outcome.INSURED_INACTIVE}),
    "pensioner": frozenset({Outcome.PENSIONER}),
    "dependent": frozenset({Outcome.DEPENDENT_OF_INSURED, Outcome.DEPENDENT_OF_PENSIONER}),
    "not_found": frozenset({Outcome.NOT_FOUND}),
    "invalid": frozenset({Outcome.INVALID, Outcome.DUPLICATE, Outcome.EMPTY}),
    "failed": frozenset({Outcome.FAILED, Outcome.PENDING}),
}

_COLOURS = {
    Outcome.INSURED_ACTIVE: "success",
    Outcome.INSURED_INACTIVE: "warning",
    Outcome.NOT_FOUND: "error",
    Outcome.INVALID: "error",
    Outcome.DUPLICATE: "warning",
    Outcome.FAILED: "error",
}

# Column keys in order; titles are translated when shown.
COLUMNS = ("row", "national_id", "name", "outcome", "insurance_number", "last_month", "note")


def _title(key: str) -> str:
    return {
        "row": QCoreApplication.translate("Results", "Row"),
        "national_id": QCoreApplication.translate("Results", "National ID"),
        "name": QCoreApplication.translate("Results", "Name"),
        "outcome": QCoreApplication.translate("Results", "Outcome"),
        "insurance_number": QCoreApplication.translate("Results", "Insurance number"),
        "last_month": QCoreApplication.translate("Results", "Last contribution month"),
        "note": QCoreApplication.translate("Results", "Note"),
    }[key]


def outcome_text(outcome: Outcome) -> str:
    if outcome in (Outcome.INVALID, Outcome.DUPLICATE, Outcome.EMPTY):
        return {
            Outcome.INVALID: QCoreApplication.translate("Results", "Invalid ID"),
            Outcome.DUPLICATE: QCoreApplication.translate("Results", "Duplicate"),
            Outcome.EMPTY: QCoreApplication.translate("Results", "Empty row"),
        }[outcome]
    if outcome is Outcome.FAILED:
        return QCoreApplication.translate("Results", "Failed")
    if outcome is Outcome.PENDING:
        return QCoreApplication.translate("Results", "Waiting")
    return fmt.label(outcome.value)


def _note(row: JobRow) -> str:
    outcome = row.outcome
    if outcome in (Outcome.INVALID, Outcome.DUPLICATE):
        return errors.row_reason(row.import_reason, row.duplicate_of)
    if outcome is Outcome.FAILED:
        return row.error_code or ""
    return ""


class ResultsModel(QAbstractTableModel):
    """Rows of a job; updated a batch at a time, never one row per signal."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[JobRow] = []
        self._index: dict[int, int] = {}  # file row number -> position
        self._parsed: dict[int, StatusResult] = {}

    def set_rows(self, rows: Sequence[JobRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.row: i for i, r in enumerate(self._rows)}
        self._parsed.clear()
        self.endResetModel()

    def update_rows(self, rows: Sequence[JobRow]) -> None:
        """Replace rows that changed (e.g. a batch just answered), in one signal per run."""
        positions = []
        for row in rows:
            position = self._index.get(row.row)
            if position is not None:
                self._rows[position] = row
                self._parsed.pop(row.row, None)
                positions.append(position)
        if positions:
            self.dataChanged.emit(
                self.index(min(positions), 0), self.index(max(positions), len(COLUMNS) - 1)
            )

    def job_row(self, position: int) -> JobRow:
        return self._rows[position]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _title(COLUMNS[section])
        return None

    def _result(self, row: JobRow) -> StatusResult | None:
        if row.result is None:
            return None
        parsed = self._parsed.get(row.row)
        if parsed is None:
            parsed = self._parsed[row.row] = StatusResult.from_json(row.result)
        return parsed

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:  # for sorting: numbers as numbers
            return row.row if key == "row" else self.data(index)
        if role == Qt.ItemDataRole.ForegroundRole and key == "outcome":
            kind = _COLOURS.get(row.outcome)
            return QColor(theme.COLORS[kind][0]) if kind else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        result = self._result(row)
        if key == "row":
            return localize_digits(str(row.row))
        if key == "national_id":
            return localize_digits(row.national_id or row.raw)
        if key == "name":
            return " ".join(p for p in (result.first_name, result.last_name) if p) if result else ""
        if key == "outcome":
            return outcome_text(row.outcome)
        if key == "insurance_number":
            return localize_digits(result.insurance_number or "") if result else ""
        if key == "last_month":
            return fmt.year_month(result.last_contribution_month) if result else ""
        return _note(row)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )


class ResultsFilter(QSortFilterProxyModel):
    """Filter by outcome group and by text anywhere in the row; sort by any column."""

    def __init__(self) -> None:
        super().__init__()
        self._allowed = FILTERS["all"]
        self._text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_group(self, group: str) -> None:
        self.beginFilterChange()
        self._allowed = FILTERS[group]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = to_latin_digits(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ResultsModel)
        row = model.job_row(source_row)
        if row.outcome not in self._allowed:
            return False
        if not self._text:
            return True
        texts = [
            to_latin_digits(str(model.data(model.index(source_row, c)) or ""))
            for c in range(len(COLUMNS))
        ]
        return any(self._text in t for t in texts)
