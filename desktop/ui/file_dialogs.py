"""Qt's file dialogs as the screens ask for them, reading right in Persian.

Qt's own Persian (qtbase_fa) leaves the labels "Look in" and "Files of type" in English,
and calls a computer file پرونده, the word the app keeps for the case file: the app's
translation carries these texts (marked below, in Qt's context, so the Persian
translator finds them where Qt looks; the app's translation is consulted first).

Paths, file names and filters such as "PDF (*.pdf)" are left-to-right text: in a
right-to-left dialog their fields keep that direction, or "/tmp/x.pdf" reads
"tmp/x.pdf/" and the filter's brackets turn round.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QWidget,
)

# lupdate finds these by the marker; Qt's dialog translates them in its own context.
from desktop.core.sentences import QT_TRANSLATE_NOOP

QT_TRANSLATE_NOOP("QFileDialog", "&Look in:")
QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:")
QT_TRANSLATE_NOOP("QFileDialog", "File &name:")
QT_TRANSLATE_NOOP("QFileDialog", "Show &hidden files")
QT_TRANSLATE_NOOP("QFileDialog", "Files")
QT_TRANSLATE_NOOP("QFileDialog", "File")
QT_TRANSLATE_NOOP("QFileDialog", "All Files (*)")
QT_TRANSLATE_NOOP("QFileDialog", "File Folder")
QT_TRANSLATE_NOOP(
    "QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."
)
QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder")
QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive")
QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File")
QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File")

#: The dialog's fields that hold paths, file names and filters.
_LTR_FIELDS = ("lookInCombo", "fileNameEdit", "fileTypeCombo")


class _OwnDirectionLabels(QProxyStyle):
    """A combo box's label drawn in the box's own direction: Qt draws it in the
    application's, which turns "/tmp/x" into "tmp/x/" in a Persian window."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element is not QStyle.ControlElement.CE_ComboBoxLabel:
            super().drawControl(element, option, painter, widget)
            return
        painter.save()
        painter.setLayoutDirection(option.direction)
        try:
            super().drawControl(element, option, painter, widget)
        finally:
            painter.restore()


_style: _OwnDirectionLabels | None = None


def _ltr(field: QWidget) -> None:
    global _style
    if _style is None:
        _style = _OwnDirectionLabels()
    field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if isinstance(field, QComboBox):
        field.setStyle(_style)


def _dialog(
    parent: QWidget, title: str, start: str, filters: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setFileMode(mode)
    for name in _LTR_FIELDS:
        field = dialog.findChild(QComboBox, name) or dialog.findChild(QLineEdit, name)
        if field is not None:
            _ltr(field)
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() else []


def save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The path the clerk chose to save to, or "" when they cancelled."""
    dialog = _dialog(parent, title, suggested, filters, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return next(iter(_chosen(dialog)), "")


def open_paths(parent: QWidget, title: str, start: str, filters: str) -> list[str]:
    """The existing files the clerk chose (none when they cancelled)."""
    return _chosen(_dialog(parent, title, start, filters, QFileDialog.FileMode.ExistingFiles))


def open_path(parent: QWidget, title: str, start: str, filters: str) -> str:
    """The existing file the clerk chose, or "" when they cancelled."""
    dialog = _dialog(parent, title, start, filters, QFileDialog.FileMode.ExistingFile)
    return next(iter(_chosen(dialog)), "")


def folder_path(parent: QWidget, title: str, start: str = "") -> str:
    """The folder the clerk chose, or "" when they cancelled."""
    dialog = _dialog(parent, title, start, "", QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(_chosen(dialog)), "")
