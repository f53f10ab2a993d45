"""The list of screens at the window's side, and Ctrl+N to each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.ui.widgets import isolate_ltr


class Navigation(QListWidget):
    """One row per page of `pages`, each opening its page: `page(row)` gives the page a
    row opens (it may make it then).

    Ctrl+N opens the same screen for every clerk, whichever screens their agency has: a
    hidden screen leaves a gap rather than renumbering the rest. The first two screens
    (signing in and the inquiry, never shown together) share Ctrl+1.
    """

    def __init__(
        self, pages: QStackedWidget, window: QWidget, page: Callable[[int], QWidget]
    ) -> None:
        super().__init__()
        self.setObjectName("navigation")
        self.setFixedWidth(200)
        for _ in range(pages.count()):
            self.addItem(QListWidgetItem())
        self._pages = pages
        self.currentRowChanged.connect(
            lambda row: pages.setCurrentWidget(page(row)) if row >= 0 else None
        )
        self._numbers = [max(row, 1) for row in range(self.count())]
        self.shortcut_actions: list[QAction] = []
        for number in sorted(set(self._numbers)):
            action = QAction(window)
            action.setShortcut(_shortcut(number))
            action.triggered.connect(lambda _c=False, n=number: self._go(n))
            window.addAction(action)
            self.shortcut_actions.append(action)

    def item_of(self, page: QWidget) -> QListWidgetItem:
        """The row that opens `page`."""
        return self.item(self._pages.indexOf(page))

    def set_names(self, names: list[str]) -> None:
        """Each screen's name, in the order of the rows, and its shortcut on hover."""
        for row, name in enumerate(names):
            item = self.item(row)
            item.setText(name)
            keys = _shortcut(self._numbers[row])
            item.setToolTip(
                self.tr("Shortcut: %1").replace(
                    "%1", isolate_ltr(keys.toString(QKeySequence.SequenceFormat.NativeText))
                )
            )

    def _go(self, number: int) -> None:
        """Ctrl+N opens the screen numbered N, when the navigation shows it."""
        for row, row_number in enumerate(self._numbers):
            if row_number == number and not self.item(row).isHidden():
                self.setCurrentRow(row)


def _shortcut(number: int) -> QKeySequence:
    return QKeySequence(f"Ctrl+{number}")
