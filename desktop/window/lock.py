"""The idle lock: after some minutes without input the window hides everything personal
until the signed-in clerk proves it is them again (password, then one-time code).

Work in progress (a running bulk inquiry) goes on behind the lock; only the screen is
covered. The clipboard is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.session import OtpChallenge
from desktop.ui.context import AppContext
from desktop.ui.preferences import Preferences
from desktop.ui.widgets import align_to_layout, application, title_label
from desktop.views.two_step import PasswordThenCode

# What counts as the clerk being there: keys, clicks, the wheel, the pointer moving.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def idle_lock_ms(prefs: Preferences) -> int:
    """The setting in milliseconds; 0 means never lock."""
    return prefs.idle_lock_minutes * 60_000


class IdleWatch(QObject):
    """Emits `idle` after `timeout_ms` with no keyboard or mouse input anywhere in the app.

    An application-wide event filter restarts one single-shot timer; it does nothing
    else per event, so it costs next to nothing.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._armed = False
        self.set_timeout(timeout_ms)
        application().installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(0, timeout_ms))
        if self._armed:
            self.arm()

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        """Start counting idle time (while someone is signed in and the window is open)."""
        self._armed = self._timer.interval() > 0
        if self._armed:
            self._timer.start()
        else:
            self._timer.stop()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def stop(self) -> None:
        """For good (the window closes): no more filtering of the app's events."""
        self.disarm()
        application().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _INPUT:
            self._timer.start()
        return False


class LockScreen(PasswordThenCode):
    """What the window shows while locked: whose session it is and how to come back."""

    unlocked = Signal()
    signOutRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._username = ""
        self._phone = ""
        self.setObjectName("lock-screen")
        self.setAutoFillBackground(True)  # opaque: nothing of the window shows through

        self.title = title_label()
        self.user = title_label("big")  # whose session this is: the username, no more
        self.subtitle = title_label("subtitle")

        self.unlock_button = QPushButton()
        self.unlock_button.setProperty("role", "primary")
        self._password_label = QLabel()
        password_step = QWidget()
        form = QFormLayout(password_step)
        form.addRow(self._password_label, self.password)
        form.addRow("", self.unlock_button)

        self._add_steps(password_step, self.unlock_button)
        self.steps.currentChanged.connect(self._fit_step)
        self._fit_step(0)

        self.other_user = QLabel()
        self.other_user.setWordWrap(True)
        self.other_user.setProperty("role", "subtitle")
        self.sign_out_button = QPushButton()

        card = QFrame()
        card.setProperty("role", "card")
        card.setMaximumWidth(520)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.addWidget(self.title)
        inner.addWidget(self.user)
        inner.addWidget(self.subtitle)
        inner.addSpacing(8)
        inner.addWidget(self.steps)
        inner.addWidget(self.busy)
        inner.addWidget(self.banner)
        inner.addSpacing(16)
        inner.addWidget(self.other_user)
        inner.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignLeading)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 2)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

        self.unlock_button.clicked.connect(self.check_password)
        self.password.returnPressed.connect(self.check_password)
        self._otp.submitted.connect(self.check_code)
        self.sign_out_button.clicked.connect(self.signOutRequested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Estelam Desk is locked"))
        self.user.setText(self._username)
        self.subtitle.setText(
            self.tr("Locked to keep personal data private. Enter your password to go on.")
        )
        self._password_label.setText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.other_user.setText(
            self.tr(
                "Someone else? Only this clerk can unlock. You may sign them out instead: "
                "their work on screen is closed; running bulk inquiries stop and stay "
                "resumable."
            )
        )
        self.sign_out_button.setText(self.tr("Sign out"))
        for label in (self.user, self.subtitle, self.other_user):
            align_to_layout(label)
        self.password.setAccessibleName(self.tr("Password"))

    def _fit_step(self, index: int) -> None:
        # The card is as tall as the step shown, not the taller of the two.
        for i in range(self.steps.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            step = self.steps.widget(i)
            if step is not None:  # always, below count(); the stubs allow None
                step.setSizePolicy(policy, policy)
        self.steps.adjustSize()

    def prepare(self, username: str) -> None:
        """Fresh for a new lock: nothing typed before stays."""
        self._username = username
        self._cancel()
        self.password.clear()
        self.code.clear()
        self.banner.hide()
        self.busy.hide()
        self.steps.setCurrentIndex(0)
        self.retranslate()
        self.password.setFocus()

    def check_password(self) -> None:
        if self._job is not None:
            return
        password = self.password.text()
        if not password:
            self.banner.show_message("error", lambda: self.tr("Enter your password."))
            return
        self._run(self._ctx.session.check_password(password), self._code_sent)

    def _code_sent(self, challenge: OtpChallenge) -> None:
        self.password.clear()
        self._ask_code(challenge.masked_phone)

    def check_code(self) -> None:
        self._send_code(self._ctx.session.check_code, lambda _none: self._unlocked())

    def _unlocked(self) -> None:
        self.password.clear()
        self.code.clear()
        self.steps.setCurrentIndex(0)
        self.unlocked.emit()

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
