"""Sign-in: server, username and password, then the one-time code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.servers import ServerProfile, profiles
from desktop.core.session import OtpChallenge, SignedIn
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.preferences import server_profile_name
from desktop.ui.widgets import BusyBar, force_ltr, isolate_ltr, scrolled_page, title_label
from desktop.views.two_step import PasswordThenCode


class SignInView(PasswordThenCode):
    signedIn = Signal(object)  # SignedIn
    serverProfileUsed = Signal(str)  # the ServerProfile signed in with, kept in settings
    codeRequested = Signal()  # the server sent a one-time code

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._challenge: OtpChallenge | None = None
        self._shown_profile: ServerProfile | None = None

        self.title = title_label()
        self.subtitle = title_label("subtitle")

        # Step 1: credentials.
        self.server = QComboBox()
        self.server_url = force_ltr(QLineEdit())
        self.username = force_ltr(QLineEdit())
        self.remember = QCheckBox()
        self.sign_in_button = QPushButton()
        self.sign_in_button.setProperty("role", "primary")
        self.sign_in_button.setDefault(True)
        self._server_label = QLabel()
        self._url_label = QLabel()
        self._user_label = QLabel()
        self._pass_label = QLabel()
        credentials = QWidget()
        form = QFormLayout(credentials)
        form.addRow(self._server_label, self.server)
        form.addRow(self._url_label, self.server_url)
        form.addRow(self._user_label, self.username)
        form.addRow(self._pass_label, self.password)
        form.addRow("", self.remember)
        form.addRow("", self.sign_in_button)
        self._form = form

        # Step 2: the one-time code.
        self._add_steps(credentials, self.sign_in_button)

        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.steps)
        card.setMaximumWidth(560)

        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_fill = QPushButton()
        self.demo_busy = BusyBar()
        self._demo_starting = False
        self.demo_box = QFrame()
        self.demo_box.setProperty("role", "card")
        demo_text = QVBoxLayout()
        demo_text.addWidget(self.demo_hint)
        demo_text.addWidget(self.demo_busy)
        demo_layout = QHBoxLayout(self.demo_box)
        demo_layout.addLayout(demo_text, 1)
        demo_layout.addWidget(self.demo_fill)
        self.demo_box.setMaximumWidth(560)
        self.demo_box.hide()

        self.banner.setMaximumWidth(560)
        self.busy.setMaximumWidth(560)

        layout = scrolled_page(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addWidget(card)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.demo_box)
        layout.addStretch(1)

        self.server.currentIndexChanged.connect(self._server_changed)
        self.sign_in_button.clicked.connect(self.start)
        self.password.returnPressed.connect(self.start)
        self.username.returnPressed.connect(self.password.setFocus)
        self._otp.submitted.connect(self.verify)
        self.demo_fill.clicked.connect(self.fill_demo)

        for profile in profiles(ctx.demo is not None):
            self.server.addItem("", profile.value)
        self.retranslate()
        prefs = ctx.prefs
        self.username.setText(prefs.username)
        self.remember.setChecked(prefs.remember)
        self.select_profile(prefs.server_profile.value)
        if ctx.demo is not None:
            self.show_demo()

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in"))
        self.subtitle.setText(self.tr("Sign in with your agency account on the SSO panel."))
        self._server_label.setText(self.tr("Server"))
        self._url_label.setText(self.tr("Server address"))
        self._user_label.setText(self.tr("Username"))
        self._pass_label.setText(self.tr("Password"))
        self.remember.setText(self.tr("Keep me signed in on this computer"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.demo_fill.setText(self.tr("Use the demo account"))
        self.server_url.setPlaceholderText("https://…")
        for widget, name in (
            (self.server, self.tr("Server")),
            (self.server_url, self.tr("Server address")),
            (self.username, self.tr("Username")),
            (self.password, self.tr("Password")),
        ):
            widget.setAccessibleName(name)
        for row in range(self.server.count()):
            self.server.setItemText(
                row, server_profile_name(ServerProfile(self.server.itemData(row)))
            )
        if self._ctx.demo is not None:
            self.demo_hint.setText(
                self.tr("Demo mode: sign in as %1 with password %2; the one-time code is %3.")
                .replace("%1", isolate_ltr(self._ctx.demo.username))
                .replace("%2", isolate_ltr(self._ctx.demo.password))
                .replace("%3", localize_digits(self._ctx.demo.code))
            )
        elif self._demo_starting:
            self.demo_hint.setText(
                self.tr("The demo server is starting; its account will be shown here.")
            )

    # -- behaviour -----------------------------------------------------------
    def show_demo_starting(self) -> None:
        """The demo server is being started: say so, until show_demo() or demo_failed()."""
        self._set_demo_starting(True)
        self.demo_box.show()
        self.retranslate()

    def demo_failed(self) -> None:
        self._set_demo_starting(False)
        self.demo_box.hide()

    def _set_demo_starting(self, starting: bool) -> None:
        self._demo_starting = starting
        self.demo_busy.setVisible(starting)
        self.demo_fill.setEnabled(not starting)

    def show_demo(self) -> None:
        """Offer the bundled demo server (ctx.demo), selected, with its account shown."""
        if self._ctx.demo is None:
            return
        self._set_demo_starting(False)
        if self.server.findData(ServerProfile.DEMO.value) < 0:
            self.server.insertItem(0, "", ServerProfile.DEMO.value)
        self.demo_box.show()
        self.retranslate()
        self.select_profile(ServerProfile.DEMO.value)

    def _profile(self) -> ServerProfile:
        return ServerProfile(self.server.currentData())

    def select_profile(self, profile: str) -> None:
        """Show a server profile (as chosen in Settings) with its address as stored."""
        self._shown_profile = None
        self.server.blockSignals(True)
        self.server.setCurrentIndex(max(self.server.findData(profile), 0))
        self.server.blockSignals(False)
        self._server_changed()

    def _server_changed(self) -> None:
        profile = self._profile()
        # The address of a test or production server is shown (changed in Settings);
        # only "another server" is typed here.
        shown = profile is not ServerProfile.DEMO
        self.server_url.setVisible(shown)
        self._form.labelForField(self.server_url).setVisible(shown)
        self.server_url.setReadOnly(profile is not ServerProfile.CUSTOM)
        # What was typed for "another server" stays while that server stays chosen.
        if profile is not ServerProfile.DEMO and profile is not self._shown_profile:
            self.server_url.setText(self._ctx.prefs.server_url(profile))
        self._shown_profile = profile

    def server_address(self) -> str:
        profile = self._profile()
        if profile is ServerProfile.DEMO and self._ctx.demo is not None:
            return self._ctx.demo.url
        if profile is ServerProfile.CUSTOM:
            return self.server_url.text().strip()
        return self._ctx.prefs.server_url(profile)

    def fill_demo(self) -> None:
        demo = self._ctx.demo
        if demo is None:
            return
        self.select_profile(ServerProfile.DEMO.value)
        self.username.setText(demo.username)
        self.password.setText(demo.password)
        self.password.setFocus()

    def start(self) -> None:
        if self._job is not None:
            return
        url, user, password = (
            self.server_address(),
            self.username.text().strip(),
            self.password.text(),
        )
        if not url or not user or not password:
            self.banner.show_message(
                "error", lambda: self.tr("Enter the server, your username and your password.")
            )
            return
        self._run(self._ctx.session.start_sign_in(url, user, password), self._challenge_received)

    def _challenge_received(self, challenge: OtpChallenge) -> None:
        self._challenge = challenge
        self._ask_code(challenge.masked_phone or "")
        self.codeRequested.emit()

    def verify(self) -> None:
        remember = self.remember.isChecked()
        self._send_code(
            lambda code: self._ctx.session.finish_sign_in(code, remember), self._signed_in
        )

    def _signed_in(self, signed_in: SignedIn) -> None:
        prefs, profile = self._ctx.prefs, self._profile()
        prefs.remember_sign_in(
            self.server_address(), self.username.text().strip(), self.remember.isChecked()
        )
        prefs.server_profile = profile
        if profile is ServerProfile.CUSTOM:
            prefs.set_server_url(profile, self.server_address())  # it just worked
        self.serverProfileUsed.emit(profile.value)
        self.password.clear()
        self.code.clear()
        self.steps.setCurrentIndex(0)
        self.signedIn.emit(signed_in)

    def ask(self) -> None:
        """The keyboard in the first field still to fill: the code once one was sent,
        else the password under a known username, else the username."""
        if self.steps.currentIndex() == 1:
            self.code.setFocus()
        elif self.username.text().strip():
            self.password.setFocus()
        else:
            self.username.setFocus()

    def show_session_ended(self, error: BaseException | None = None) -> None:
        """Come back after the session ended elsewhere; keep what was typed."""
        self.steps.setCurrentIndex(0)
        if error is not None:
            self.banner.show_error(error)
        self.password.setFocus()
