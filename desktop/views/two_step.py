"""The password, then the one-time code the server sent by SMS: the steps that signing in
and unlocking a locked window share."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core.digits import to_latin_digits
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.widgets import Banner, BusyBar, Translatable, force_ltr, isolate_ltr


class CodeStep(Translatable, QWidget):
    """The one-time code the server sent by SMS: the second step of signing in, and of
    unlocking a locked window."""

    submitted = Signal()  # Verify pressed, or Return in the code field
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phone = ""
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.code = force_ltr(QLineEdit())
        self.code.setMaxLength(6)
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.verify_button = QPushButton()
        self.verify_button.setProperty("role", "primary")
        self.back_button = QPushButton()
        self.label = QLabel()
        form = QFormLayout(self)
        form.addRow(self.prompt)
        form.addRow(self.label, self.code)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.verify_button.clicked.connect(self.submitted)
        self.code.returnPressed.connect(self.submitted)
        self.back_button.clicked.connect(self.backRequested)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("One-time code"))
        self.code.setAccessibleName(self.tr("One-time code"))
        self.code.setPlaceholderText(localize_digits("123456"))
        self.verify_button.setText(self.tr("Verify"))
        self.back_button.setText(self.tr("Back"))
        self.prompt.setText(
            self.tr("We sent a one-time code by SMS to %1. Enter it below.").replace(
                "%1", isolate_ltr(localize_digits(self._phone))
            )
        )

    def ask(self, masked_phone: str) -> None:
        """A new code was sent to this (masked) phone number: ask for it."""
        self._phone = masked_phone
        self.code.clear()
        self.retranslate()
        self.code.setFocus()

    def set_busy(self, busy: bool) -> None:
        for button in (self.verify_button, self.back_button):
            button.setEnabled(not busy)

    def retry(self) -> None:
        """The code was refused: select it for typing again."""
        self.code.selectAll()
        self.code.setFocus()

    def entered(self) -> str | None:
        """The six digits typed (in either digit set), or None when they are not six."""
        code = to_latin_digits(self.code.text().strip())
        return code if len(code) == 6 and code.isdigit() else None


class PasswordThenCode(Translatable, QWidget):
    """A screen that asks for a password, then for the one-time code the server sent.

    It holds the two steps, the busy bar and the banner, and runs one request at a time.
    A subclass lays out the first step around `password` and its own button (given to
    `_add_steps`), and says what each step sends and what its answer leads to.
    """

    requestFinished = Signal()  # after an answer or an error

    _first_button: QPushButton  # the first step's, set by _add_steps

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: BackgroundJob | None = None
        self.password = force_ltr(QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._otp = CodeStep()
        self.code = self._otp.code
        self.steps = QStackedWidget()
        self.busy = BusyBar()
        self.banner = Banner()
        self._otp.backRequested.connect(self.back)

    def _add_steps(self, first: QWidget, button: QPushButton) -> None:
        self._first_button = button
        self.steps.addWidget(first)
        self.steps.addWidget(self._otp)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._first_button.setEnabled(not busy)
        self._otp.set_busy(busy)

    def _run(self, work: Coroutine[Any, Any, Any], on_success: Callable[[Any], None]) -> None:
        self.banner.hide()
        self._set_busy(True)
        self._job = self._ctx.bridge.run(work, on_success, self._failed)
        self._job.finished.connect(self._done)

    def _ask_code(self, masked_phone: str) -> None:
        """The server sent a code to this (masked) phone number: the second step."""
        self.steps.setCurrentIndex(1)
        self._otp.ask(masked_phone)

    def _send_code(
        self,
        send: Callable[[str], Coroutine[Any, Any, Any]],
        on_success: Callable[[Any], None],
    ) -> None:
        """Send the six digits typed (unless a request is under way), or say they are
        not six."""
        if self._job is not None:
            return
        code = self._otp.entered()
        if code is None:
            self.banner.show_message("error", lambda: self.tr("The one-time code has 6 digits."))
            return
        self._run(send(code), on_success)

    def _failed(self, error: BaseException) -> None:
        # A dead challenge cannot take another code: back to the password step.
        if isinstance(error, core_errors.SIGN_IN_AGAIN):
            self.back()
        elif self.steps.currentIndex() == 0:
            self.password.selectAll()
            self.password.setFocus()
        else:
            self._otp.retry()
        self.banner.show_error(error)

    def _done(self) -> None:
        self._job = None
        self._set_busy(False)
        self.requestFinished.emit()

    def back(self) -> None:
        self.steps.setCurrentIndex(0)
        self.banner.hide()
        self.password.setFocus()
