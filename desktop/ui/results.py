"""The bulk inquiry's results table: every row of the clerk's file and its outcome."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.core import wording
from desktop.core.collector import keep_survivors
from desktop.core.digits import to_latin_digits
from desktop.core.jobs import JobRow, Outcome
from desktop.ui import errors, fmt, theme
from desktop.ui.i18n import localize_digits
from desktop.ui.models import TableModel
from desktop.ui.release import release

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

#: Rows answered between two moves of the table's rows out of the collector's reach.
KEEP_EVERY = 2_000

_ROW_NUMBER = operator.attrgetter("row")
_FIRST = operator.itemgetter(0)


class _Descending:
    """A value that orders the other way round (for a descending column's bisection)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.value < self.value)

_OUTCOME_ORDER = {outcome: i for i, outcome in enumerate(Outcome)}

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
    return fmt.word(wording.OUTCOME, outcome)


def _note(row: JobRow) -> str:
    outcome = row.outcome
    if outcome in (Outcome.INVALID, Outcome.DUPLICATE):
        return errors.row_reason(row.import_reason, row.duplicate_of)
    if outcome is Outcome.FAILED:
        return fmt.word(wording.FAILURE, row.error_code)
    return ""


class ResultsModel(TableModel):
    """Rows of a job, filtered and sorted in Python; updated a batch at a time.

    Filtering and sorting live here rather than in a QSortFilterProxyModel: the proxy
    calls back into Python for every row it filters and twice for every comparison it
    sorts, which stalls the window for a second on ten thousand rows.
    """

    def __init__(self) -> None:
        super().__init__()
        self._all: list[JobRow] = []  # in file order, as the job store reads them
        self._rows: list[JobRow] = []  # those shown, in the order shown; unfiltered and
        # unsorted, _all itself rather than a copy
        self._places: list[Any] = []  # filtered or sorted: each shown row's place (_place)
        self._allowed = FILTERS["all"]
        self._text = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._unkept = 0  # rows updated since the last keep_survivors (see update_rows)

    # -- the data --------------------------------------------------------------
    def set_rows(self, rows: Sequence[JobRow]) -> None:
        """Show `rows`, a job's rows in file order (ascending row numbers)."""
        shown, everything = self._rows, self._all
        self._all = list(rows)
        self._refresh()  # lets go of the rows shown until now
        if everything is not shown:
            release(everything)
        # Ten thousand rows are a few hundred thousand long-lived objects; every full
        # garbage collection would walk them all while holding the GIL, stalling the
        # window for 100-200 ms. They hold no reference cycles, so exempting them from
        # the cyclic collector loses nothing: reference counting still frees them.
        keep_survivors()
        self._unkept = 0

    def update_rows(self, rows: Sequence[JobRow]) -> None:
        """Replace rows that changed (e.g. a batch just answered); rows not ours are left."""
        # In place, found by bisection: copying the whole list for every answered batch
        # made a run's updates quadratic in its size, and an index of row numbers cost
        # the window 40 ms to build at two hundred thousand rows.
        positions, changes = [], []
        for row in rows:
            position = bisect.bisect_left(self._all, row.row, key=_ROW_NUMBER)
            if position < len(self._all) and self._all[position].row == row.row:
                changes.append((self._all[position], row))
                self._all[position] = row
                positions.append(position)
        # The answered rows join those set_rows exempted from the cyclic collector: else
        # every full collection walks all the answers a run has brought so far (hundreds
        # of milliseconds at fifty thousand rows). Every few thousand rows, not every
        # batch: each walk of the young objects took the window 1-9 ms, while a full
        # collection meets at most those few thousand rows (a millisecond or two).
        self._unkept += len(rows)
        if self._unkept >= KEEP_EVERY:
            self._unkept = 0
            keep_survivors()
        if self._rows is not self._all:  # filtered or sorted
            self._update_shown(changes)
            return
        if positions:  # unfiltered and unsorted, the rows shown are the list just updated:
            # one signal for the span
            self.dataChanged.emit(
                self.index(min(positions), 0), self.index(max(positions), len(COLUMNS) - 1)
            )

    def _update_shown(self, changes: Sequence[tuple[JobRow, JobRow]]) -> None:
        """A filtered or sorted table: each changed row leaves, enters or stays where its
        place in the order says, found by bisection among the places kept for the rows.

        Filtering and sorting every row again for each answered batch held the window for
        a third of a second to a second per batch at two hundred thousand rows; moving
        rows one at a time still cost 50-100 ms there, each move shifting the whole list
        and asking a row's place a dozen times. The rows that move now leave and enter
        in one pass of slices, as one layout change that keeps the view's selection.
        """
        place, places = self._place(), self._places
        gone: list[int] = []
        coming: list[tuple[Any, JobRow]] = []
        stayed: list[int] = []
        for old, new in changes:
            was = place(old)
            position = bisect.bisect_left(places, was)
            shown = position < len(places) and places[position] == was
            if not shown and self._accepts(old):
                self._refresh()  # not where its place says (never expected): show all anew
                return
            if not self._accepts(new):
                if shown:
                    gone.append(position)
                continue
            now = place(new)
            if shown and now == was:
                self._rows[position] = new
                stayed.append(position)
                continue
            if shown:
                gone.append(position)
            coming.append((now, new))
        if gone or coming:
            self._move(sorted(gone), sorted(coming, key=_FIRST))  # a layout change: all
            # the rows shown are asked for again, those that stayed too
        elif stayed:
            self.dataChanged.emit(
                self.index(min(stayed), 0), self.index(max(stayed), len(COLUMNS) - 1)
            )

    def _move(self, gone: list[int], coming: list[tuple[Any, JobRow]]) -> None:
        """Take the rows at positions `gone` out and put `coming` (place, row) in, both
        in order, as one layout change; the view's persistent indexes (its current row
        and selection) follow their rows."""
        self.layoutAboutToBeChanged.emit()
        went = {position: self._rows[position].row for position in gone}  # row numbers
        # Where each coming row goes: before the row now at that position (ascending, as
        # `coming` is); the rows leaving are passed over, wherever they stand.
        slots = [bisect.bisect_left(self._places, now) for now, _ in coming]
        self._rows = _spliced(self._rows, gone, slots, [row for _, row in coming])
        self._places = _spliced(self._places, gone, slots, [now for now, _ in coming])
        arrived = {
            row.row: slot - bisect.bisect_left(gone, slot) + i
            for i, (slot, (_, row)) in enumerate(zip(slots, coming, strict=True))
        }
        before, after = [], []
        for index in self.persistentIndexList():
            position = index.row()
            if position in went:
                moved = arrived.get(went[position])
            else:
                moved = (
                    position
                    - bisect.bisect_left(gone, position)
                    + bisect.bisect_right(slots, position)
                )
            before.append(index)
            after.append(QModelIndex() if moved is None else self.index(moved, index.column()))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sort_key(self) -> Callable[[JobRow], Any]:
        if self._sort is None:
            return _ROW_NUMBER
        key = COLUMNS[self._sort[0]]
        if key == "row":
            return _ROW_NUMBER
        if key == "outcome":
            return lambda r: _OUTCOME_ORDER[r.outcome]
        return lambda r: self.cell_text(r, key)

    def _place(self) -> Callable[[JobRow], Any]:
        """A row's place in the order shown, as _refresh's stable sort leaves it: its
        number in file order; sorted, by the sorted column, then in file order among
        equals, also when sorted descending."""
        if self._sort is None:
            return _ROW_NUMBER
        key = self._sort_key()
        if self._sort[1] == Qt.SortOrder.DescendingOrder:
            return lambda r: (_Descending(key(r)), r.row)
        return lambda r: (key(r), r.row)

    def job_row(self, position: int) -> JobRow:
        return self._rows[position]

    # -- filter and sort -------------------------------------------------------
    def set_group(self, group: str) -> None:
        self._allowed = FILTERS[group]
        self._refresh()

    def set_text(self, text: str) -> None:
        self._text = to_latin_digits(text.strip())
        self._refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = None if column < 0 else (column, order)
        self._refresh()

    def _filtered(self) -> bool:
        return self._allowed is not FILTERS["all"] or bool(self._text)

    def _accepts(self, row: JobRow) -> bool:
        if row.outcome not in self._allowed:
            return False
        return not self._text or any(
            self._text in to_latin_digits(self.cell_text(row, key)) for key in COLUMNS
        )

    def _refresh(self) -> None:
        self.beginResetModel()
        dropped = self._rows
        if not self._filtered() and self._sort is None:
            # Every row in file order: the list itself, not a copy to keep in step.
            self._rows = self._all
            self._places = []
        elif self._sort is None:
            self._rows = [r for r in self._all if self._accepts(r)]
            self._places = [r.row for r in self._rows]
        else:
            # Each row's sort key is asked once: for the sort and for the places kept.
            key = self._sort_key()
            keyed = [(key(r), r) for r in self._all if self._accepts(r)]
            descending = self._sort[1] == Qt.SortOrder.DescendingOrder
            keyed.sort(key=_FIRST, reverse=descending)
            self._rows = [r for _, r in keyed]
            if descending:
                self._places = [(_Descending(k), r.row) for k, r in keyed]
            else:
                self._places = [(k, r.row) for k, r in keyed]
        self.endResetModel()
        if dropped is not self._all and dropped is not self._rows:
            release(dropped)

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and key == "outcome":
            kind = _COLOURS.get(row.outcome)
            return QColor(theme.COLORS[kind][0]) if kind else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cell_text(row, key)

    def cell_text(self, row: JobRow, key: str) -> str:
        result = row.answer
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
        if self._rows is not self._all:
            self._refresh()  # sorted or searched by texts that are now in another language
            return
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )


def _spliced(items: list[Any], gone: list[int], slots: list[int], more: list[Any]) -> list[Any]:
    """`items` but those at the positions `gone`, and with each of `more` put before the
    item at its slot (both ascending): one pass, a slice at a time."""
    spliced: list[Any] = []
    start = 0
    leaving = iter(gone)
    leaves = next(leaving, len(items))
    for slot, item in zip(slots, more, strict=True):
        while leaves < slot:
            spliced += items[start:leaves]
            start = leaves + 1
            leaves = next(leaving, len(items))
        spliced += items[start:slot]
        spliced.append(item)
        start = slot
    while leaves < len(items):
        spliced += items[start:leaves]
        start = leaves + 1
        leaves = next(leaving, len(items))
    spliced += items[start:]
    return spliced
