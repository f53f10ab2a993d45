"""Qt's file dialogs as the screens ask for them, reading right in Persian.

Qt's own Persian (qtbase_fa) leaves the labels "Look in" and "Files of type" in English:
the app's translation carries them (marked below, in Qt's context, so the Persian
translator finds them where Qt looks). Paths, file names and filters such as
"PDF (*.pdf)" are left-to-right text: in a right-to-left dialog their fields keep that
direction, or "/tmp/x.pdf" reads "tmp/x.pdf/" and the filter's brackets turn round.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QWidget

# lupdate finds these by the marker; Qt's dialog translates them in its own context.
from desktop.core.sentences import QT_TRANSLATE_NOOP

QT_TRANSLATE_NOOP("QFileDialog", "&Look in:")
QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:")

#: The dialog's fields that hold paths, file names and filters.
_LTR_FIELDS = ("lookInCombo", "fileNameEdit", "fileTypeCombo")


def _dialog(
    parent: QWidget, title: str, start: str, filters: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setFileMode(mode)
    for name in _LTR_FIELDS:
        field = dialog.findChild(QComboBox, name) or dialog.findChild(QLineEdit, name)
        if field is not None:
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
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
