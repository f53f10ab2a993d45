"""Input fields that help the clerk type: a password shown on demand, a national ID
checked as it is typed, and the hint under a field that says what is wrong with it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget

from desktop.core import national_id
from desktop.core.digits import to_latin_digits
from desktop.ui import errors, theme
from desktop.ui.widgets import Translatable, align_to_layout, force_ltr


class ShowToggle(Translatable, QToolButton):
    """Beside a password field: shows what was typed while checked. The field is
    masked again whenever it is emptied (used, or cleared for the next person)."""

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit = edit
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.setCheckable(True)
        self.toggled.connect(self._show)
        edit.textChanged.connect(lambda text: None if text else self.setChecked(False))
        self.retranslate()

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self._edit.setEchoMode(mode)

    def retranslate(self) -> None:
        self.setText(self.tr("Show"))
        self.setAccessibleName(self.tr("Show the password"))
        self.setToolTip(self.tr("Show the password"))


class NationalIdEdit(QLineEdit):
    """Takes Persian, Arabic-Indic or Latin digits and says at once whether the ID is valid."""

    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        force_ltr(self)
        self.setMaxLength(24)  # room for pasted dashes and spaces
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self._valid = False
        self.textChanged.connect(self._check)
        theme.notifier.changed.connect(self._theme_changed)

    def _check(self, text: str) -> None:
        try:
            national_id.normalize(text)
        except national_id.InvalidNationalId as error:
            valid = False
            incomplete = error.reason in (national_id.Invalid.EMPTY, national_id.Invalid.LENGTH)
            typed = national_id.clean(text)
            # Say nothing while the clerk is still typing the ten digits.
            still_typing = incomplete and len(typed) < 10 and to_latin_digits(typed).isdigit()
            message = "" if still_typing or not text else errors.id_reason(error.reason)
            self._set_hint(message, "error")
        else:
            valid = True
            self._set_hint(self.tr("Valid national ID"), "success")
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)

    def _set_hint(self, message: str, kind: str) -> None:
        self.hint.setText(("✓ " if kind == "success" and message else "") + message)
        self.hint.setStyleSheet(f"color: {theme.COLORS[kind][0]};")
        self.setAccessibleDescription(message)

    def _theme_changed(self, _dark: bool) -> None:
        self._check(self.text())

    def is_valid(self) -> bool:
        return self._valid

    def retranslate(self) -> None:
        self._check(self.text())


class FieldHint(QLabel):
    """The line under a field: what is wrong with what was typed, or what came of it, in
    the colour of its kind (error, warning, info, success); hidden while it says nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()
        theme.notifier.changed.connect(self._theme_changed)

    def say(self, text: str, kind: str = "error") -> None:
        self.setText(text)
        self.setProperty("kind", kind)
        self._colour()
        self.setVisible(bool(text))
        # A hint about an address is Latin-led; keep it on the layout's reading side anyway.
        align_to_layout(self)

    def _colour(self) -> None:
        kind = self.property("kind")
        self.setStyleSheet(f"color: {theme.COLORS[kind][0]};" if self.text() and kind else "")

    def _theme_changed(self, _dark: bool) -> None:
        self._colour()
