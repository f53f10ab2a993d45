"""The list of screens at the window's side, and Ctrl+N to each."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.ui.widgets import isolate_ltr


class Navigation(QListWidget):
    """One row per screen, each opening its page of `pages`.

    Ctrl+N opens the same screen for every clerk, whichever screens their agency has: a
    hidden screen leaves a gap rather than renumbering the rest. The first two screens
    (signing in and the inquiry, never shown together) share Ctrl+1.
    """

    def __init__(self, screens: list[QWidget], pages: QStackedWidget, window: QWidget) -> None:
        super().__init__()
        self.setObjectName("navigation")
        self.setFixedWidth(200)
        self.rows: dict[QWidget, QListWidgetItem] = {}
        for page in screens:
            pages.addWidget(page)
            item = QListWidgetItem()
            self.addItem(item)
            self.rows[page] = item
        self.currentRowChanged.connect(pages.setCurrentIndex)
        self._numbers = {page: max(i, 1) for i, page in enumerate(screens)}
        self.shortcut_actions: list[QAction] = []
        for number in sorted(set(self._numbers.values())):
            action = QAction(window)
            action.setShortcut(_shortcut(number))
            action.triggered.connect(lambda _c=False, n=number: self._go(n))
            window.addAction(action)
            self.shortcut_actions.append(action)

    def set_names(self, names: dict[QWidget, str]) -> None:
        """Each screen's name, and its shortcut on hover."""
        for page, item in self.rows.items():
            item.setText(names[page])
            keys = _shortcut(self._numbers[page])
            item.setToolTip(
                self.tr("Shortcut: %1").replace(
                    "%1", isolate_ltr(keys.toString(QKeySequence.SequenceFormat.NativeText))
                )
            )

    def _go(self, number: int) -> None:
        """Ctrl+N opens the screen numbered N, when the navigation shows it."""
        for page, item in self.rows.items():
            if self._numbers[page] == number and not item.isHidden():
                self.setCurrentItem(item)


def _shortcut(number: int) -> QKeySequence:
    return QKeySequence(f"Ctrl+{number}")
