"""Widgets shared by several screens."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAccessible, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import errors, theme

_W = TypeVar("_W", bound=QWidget)
log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication; given `argv`, one is made when none runs yet."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if argv is None:
        raise RuntimeError("no QApplication is running")
    return QApplication(argv)


def force_ltr(widget: _W) -> _W:
    """Codes, numbers and addresses read left-to-right even in a Persian layout."""
    widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if isinstance(widget, QLineEdit | QLabel):
        widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return widget


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless scroll area around a screen's content, for small windows and large
    fonts. It is no tab stop itself: the controls inside take the keyboard."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(content)
    return scroll


class TableView(QTableView):
    """A table that repaints for changed rows only when some of them are in sight.

    Qt repaints the whole table for any change to more than one cell, wherever the cells
    are. A bulk run changes a batch of rows every few tenths of a second, mostly rows out
    of sight, and each repaint cost the window 5-15 ms (every cell's text laid out again,
    every cell's data asked of Python). Rows out of sight are drawn as they are when
    scrolled to; a screen reader, when one is on, still hears of every change.
    """

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if QAccessible.isActive() or self._in_sight(topLeft.row(), bottomRight.row()):
            super().dataChanged(topLeft, bottomRight, roles)

    def _in_sight(self, first: int, last: int) -> bool:
        top = self.rowAt(0)
        if top < 0:  # no row drawn at the top (an empty or hidden table): Qt decides
            return True
        bottom = self.rowAt(self.viewport().height() - 1)
        if bottom < 0:  # the rows end above the bottom edge
            bottom = self.model().rowCount() - 1
        return first <= bottom and last >= top


class ColumnFit(QObject):
    """Widens a table's columns to their titles and their cells' text, so that neither is
    cut short; a wide table scrolls sideways instead. Measures at most `rows` rows (all
    of ten thousand would stall the window), once for all the changes made in one pass
    of the event loop and at most every `pause_ms` (a run updates its rows many times a
    second), and never narrows a column: nothing jumps under the clerk's eyes, and a
    column they widened stays so."""

    def __init__(self, table: QTableView, *, rows: int = 100, pause_ms: int = 500) -> None:
        super().__init__(table)
        self._table = table
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(rows)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self._fit_and_pause)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._paused)
        self._changed_meanwhile = False
        model = table.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.dataChanged,
            model.headerDataChanged,
            model.layoutChanged,
        ):
            signal.connect(self._changed)
        self.fit()

    def _changed(self) -> None:
        if self._pause.isActive():
            self._changed_meanwhile = True
        else:
            self._soon.start()

    def _fit_and_pause(self) -> None:
        self.fit()
        self._pause.start()

    def _paused(self) -> None:
        if self._changed_meanwhile:
            self._changed_meanwhile = False
            self._soon.start()

    def fit(self) -> None:
        table, header = self._table, self._table.horizontalHeader()
        for column in range(header.count()):
            wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)


class _PageContent(QWidget):
    """A screen's content, asking a scroll area only for its minimum height: tables and
    lists give up rows before the screen scrolls. (Asked a height for its width, as a
    wrapped line makes a scroll area do, a layout counts every table and list at its
    preferred height.)"""

    def heightForWidth(self, width: int) -> int:
        return -1


def scrolled_page(view: QWidget) -> QVBoxLayout:
    """The layout of a screen's content, in a scroll area that fills the screen: a
    screen taller than a short window scrolls rather than make the window taller."""
    content = _PageContent()
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll_area(content))
    return QVBoxLayout(content)


def show_every_row(items: QListWidget) -> None:
    """As tall as its rows, so that a short list shows whole (in a scrolled page)."""
    rows = sum(items.sizeHintForRow(row) for row in range(items.count()))
    items.setFixedHeight(rows + 2 * items.frameWidth())


def with_details(table: QWidget) -> tuple[QSplitter, QLabel, QListWidget]:
    """A table above the details of its chosen row (a title and a list of facts), the
    line between them draggable."""
    title = QLabel()
    title.setWordWrap(True)
    details = QListWidget()
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addWidget(details)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(table)
    splitter.addWidget(box)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter, title, details


def record_table(model: QAbstractItemModel) -> QTableView:
    """A read-only table of records, one chosen at a time, its columns fitted to their text."""
    table = TableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    ColumnFit(table)
    return table


def isolate_ltr(text: str) -> str:
    """Wrap a code in a left-to-right isolate so mixed Persian text keeps its order."""
    return f"\u2066{text}\u2069"


def isolate(text: str) -> str:
    """Wrap text of either direction in a first-strong isolate, for mixed lines."""
    return f"\u2068{text}\u2069"


def align_to_layout(label: QLabel) -> None:
    """Put text on the layout's reading side whatever its own direction.

    A label aligns by its text's direction, so a Persian name in the English UI (or a
    code in the Persian UI) would otherwise drift to the far side of its cell.
    """
    side = Qt.AlignmentFlag.AlignRight if label.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter)


def name_items(combo: QComboBox, names: Mapping[Any, str]) -> None:
    """Each item's text: the name `names` gives its data."""
    for row in range(combo.count()):
        combo.setItemText(row, names[combo.itemData(row)])


def title_label(role: str = "title") -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


class Translatable:
    """Mixed into a widget (before its Qt class): re-set its texts whenever the language
    changes, as Qt sends every widget a LanguageChange event then."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


class DropZone(QFrame):
    """A large target for files dropped from the desktop: one, or any number."""

    dropped = Signal(list)  # local paths

    def __init__(self, *, multiple: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._multiple = multiple
        self.setAcceptDrops(True)
        self.setProperty("role", "card")
        self.setMinimumHeight(110)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.label)

    def _paths(self, event: QDropEvent | QDragEnterEvent) -> list[str]:
        urls = event.mimeData().urls()
        if not urls or not all(url.isLocalFile() for url in urls):
            return []
        if len(urls) > 1 and not self._multiple:
            return []
        return [url.toLocalFile() for url in urls]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._paths(event)
        if paths:
            self.dropped.emit(paths)
            event.acceptProposedAction()


# A message as shown, or as made again in the language in use (see Banner).
Text = str | Callable[[], str]


def _render(text: Text) -> str:
    return text() if callable(text) else text


class Banner(QFrame):
    """A coloured message in the clerk's language, with an optional second line.

    A message given as a function is made again when the language changes, so a banner
    never stays in the language it was shown in. A failure's technical detail (status,
    problem type, the server's own words) goes to the log for the support desk, never
    onto the clerk's screen. After a save the banner offers to open the file and its
    folder.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail = QLabel()
        self._detail.setWordWrap(True)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail.setProperty("role", "subtitle")
        self.open_button = QPushButton()
        self.folder_button = QPushButton()
        self.open_button.clicked.connect(self._open_file)
        self.folder_button.clicked.connect(self._open_folder)
        self._close = QToolButton()
        self._close.setText("×")
        self._close.setAutoRaise(True)
        self._close.clicked.connect(self.hide)
        texts = QVBoxLayout()
        texts.addWidget(self._text)
        texts.addWidget(self._detail)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.folder_button)
        actions.addStretch(1)
        texts.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addLayout(texts, 1)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self._message: tuple[Text, Text] = ("", "")
        self.saved: Path | None = None  # the file a save wrote, while its banner shows
        self._show_actions(None)
        self.hide()
        theme.notifier.changed.connect(self._restyle)

    def _restyle(self) -> None:
        """Colours of the kind shown, in the light or dark scheme now in use."""
        if not self.kind:
            return
        fg, bg = theme.COLORS[self.kind]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 6px; }}"
            f"QFrame#banner QLabel {{ color: {fg}; }}"
        )

    def show_message(self, kind: str, text: Text, detail: Text = "") -> None:
        self._show(kind, text, detail, None)

    def _show(self, kind: str, text: Text, detail: Text, saved: Path | None) -> None:
        self.kind = kind
        self._message = (text, detail)
        self._show_actions(saved)
        self._restyle()
        self._retranslate()
        self.show()

    def _retranslate(self) -> None:
        text, detail = (_render(part) for part in self._message)
        self._text.setText(text)
        self._detail.setText(detail)
        self._detail.setVisible(bool(detail))
        self.setAccessibleDescription(text)
        self.open_button.setText(self.tr("Open"))
        self.folder_button.setText(self.tr("Show in folder"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_error(self, error: BaseException) -> None:
        log.info("shown to the clerk: %s", errors.describe(error).detail)
        self.show_message("error", lambda: errors.describe(error).sentence)

    def show_saved(self, path: str | Path) -> None:
        """A file was written: say where, and offer to open it or its folder."""
        saved = Path(path)
        self._show(
            "success",
            lambda: self.tr("Saved to %1").replace("%1", isolate_ltr(str(saved))),
            "",
            saved,
        )

    def _show_actions(self, saved: Path | None) -> None:
        self.saved = saved
        self.open_button.setVisible(saved is not None)
        self.folder_button.setVisible(saved is not None)

    def _open_file(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))

    def _open_folder(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.parent)))

    def text(self) -> str:
        return "" if self.isHidden() else self._text.text()

    def detail(self) -> str:
        return "" if self.isHidden() or self._detail.isHidden() else self._detail.text()


class BusyBar(QProgressBar):
    """An indeterminate bar shown while a request is under way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setMaximumHeight(6)
        self.hide()


class TaskProgress(Translatable, QWidget):
    """A long task under way (an export of thousands of rows): what it is, its
    percentage, and a Cancel button that asks it to stop."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self._what: Text = ""
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.label.setText(_render(self._what))
        self.cancel_button.setText(self.tr("Cancel"))
        self.bar.setAccessibleName(self.label.text())

    def start(self, what: Text) -> None:
        self._what = what
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.retranslate()
        self.show()

    def set_share(self, share: float) -> None:
        self.bar.setValue(round(100 * share))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)  # asked once; the task stops at its next step
        self.cancelRequested.emit()
