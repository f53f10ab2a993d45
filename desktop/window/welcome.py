"""The first-run welcome: what the app does, and a way into the demo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets import Translatable, title_label


class WelcomeDialog(Translatable, QDialog):
    demoRequested = Signal()

    def __init__(self, *, demo_running: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(560)
        self.title = title_label()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self._jobs: list[tuple[QLabel, QLabel]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        for _ in range(3):
            card = QFrame()
            card.setProperty("role", "card")
            heading, text = QLabel(), QLabel()
            heading.setProperty("role", "big")
            text.setWordWrap(True)
            card_layout = QVBoxLayout(card)
            card_layout.addWidget(heading)
            card_layout.addWidget(text)
            layout.addWidget(card)
            self._jobs.append((heading, text))
        self.demo_text = QLabel()
        self.demo_text.setWordWrap(True)
        layout.addWidget(self.demo_text)
        self.demo_button = QPushButton()
        self.demo_button.setProperty("role", "primary")
        self.close_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._demo_running = demo_running
        self.demo_button.setVisible(not demo_running)
        self.demo_button.clicked.connect(self._demo)
        self.close_button.clicked.connect(self.accept)
        (self.close_button if demo_running else self.demo_button).setDefault(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome"))
        self.title.setText(self.tr("Welcome to Estelam Desk"))
        self.intro.setText(
            self.tr(
                "Sign in with your agency account on the SSO panel, then do any of these "
                "three jobs:"
            )
        )
        jobs = (
            (
                self.tr("Status inquiry"),
                self.tr(
                    "Learn whether a person is insured or draws a pension: one person by "
                    "national ID, or everyone in a spreadsheet at once."
                ),
            ),
            (
                self.tr("Redeem a certificate"),
                self.tr(
                    "Fetch the certificate a person obtained from the SSO portal, with the "
                    "tracking code and usage password they give you, and see it proven genuine."
                ),
            ),
            (
                self.tr("Check certificates"),
                self.tr(
                    "Check certificate files, or scans of printouts, without a network connection."
                ),
            ),
        )
        for (heading, text), (title, body) in zip(self._jobs, jobs, strict=True):
            heading.setText(title)
            text.setText(body)
        if self._demo_running:
            self.demo_text.setText(
                self.tr("The demo server is running: its account is shown on the sign-in screen.")
            )
        else:
            self.demo_text.setText(
                self.tr(
                    "No account yet? Try the demo: a practice server built into the app, "
                    "with made-up people. Nothing is sent to the SSO."
                )
            )
        self.demo_button.setText(self.tr("Try the demo"))
        self.close_button.setText(self.tr("Get started"))
        self._fit_text()

    def _fit_text(self) -> None:
        # A window opens at its size hint, which on X11 leaves the wrapped lines of the
        # cards cut; the height the text needs at the dialog's width is asked for itself.
        layout = self.layout()
        width = self.width() if self.isVisible() else self.minimumWidth()
        if layout is not None and layout.hasHeightForWidth():
            self.resize(width, max(self.minimumHeight(), layout.totalHeightForWidth(width)))

    def _demo(self) -> None:
        self.demoRequested.emit()
        self.accept()
