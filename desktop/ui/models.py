"""Item models over core data, for the screens' tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """A table model whose views ask for a cell's roles in one call into Python.

    A view paints a cell with seven roles (text, colour, font, alignment...). Asked one by
    one, each is a call from Qt into Python that takes the interpreter lock; while a bulk
    run's threads want the lock too, each call can wait for it, and a table's repaint
    waited seven times per cell, holding the window still. One call gets them all.
    """

    def multiData(self, index: Index, span: QModelRoleDataSpan | QModelRoleData, /) -> None:
        # Qt passes a span, a sequence (PySide's stubs leave out its sequence methods).
        for role_data in cast("Sequence[QModelRoleData]", span):
            value = self.data(index, role_data.role())
            if value is not None:
                role_data.setData(value)


class ListTableModel(TableModel):
    """A read-only table over a list, one column per (title, cell function)."""

    def __init__(
        self,
        columns: Sequence[tuple[Callable[[], str], Callable[[Any], str]]],
        *,
        colour: Callable[[Any], QColor] | None = None,
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._colour = colour
        self._items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append_items(self, items: Sequence[Any]) -> None:
        """Add rows at the end in one step, however many."""
        if not items:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._items.extend(items)
        self.endInsertRows()

    def item(self, row: int) -> Any:
        return self._items[row]

    def items(self) -> list[Any]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The tooltip repeats the text, for cells too narrow to show all of it.
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](self._items[index.row()])
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            return self._colour(self._items[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]()
        return None

    def retranslate(self) -> None:
        """Titles and cells are computed when shown; tell the views to ask again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self._columns) - 1))
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, len(self._columns) - 1)
            )
