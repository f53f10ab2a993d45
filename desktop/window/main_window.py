"""The main window: navigation, the signed-in clerk's summary, and the screens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.audit import Actor
from desktop.core.session import Me, SignedIn
from desktop.ui import errors, theme
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.language_box import LanguageBox
from desktop.ui.widgets import Banner, Translatable
from desktop.views.sign_in import SignInView
from desktop.window import about, support
from desktop.window.demo_start import DemoStarter
from desktop.window.header import AccountHeader
from desktop.window.local_data import LocalData
from desktop.window.lock import IdleWatch, LockScreen, idle_lock_ms
from desktop.window.navigation import Navigation
from desktop.window.quota import QuotaWatch
from desktop.window.welcome import WelcomeDialog

if TYPE_CHECKING:
    from desktop.views.batch import BatchView
    from desktop.views.history import HistoryView
    from desktop.views.inquiry import InquiryView
    from desktop.views.redeem import RedeemView
    from desktop.views.settings import SettingsView
    from desktop.views.verify import VerifyView
    from desktop.window.demo import DemoProcess

log = logging.getLogger(__name__)


# The first size when the screen has room for it.
DEFAULT_SIZE = (1100, 760)
# What a window manager's title bar and borders add around the window, at most.
FRAME_ROOM = (16, 48)

# The screens, in the navigation's order, by the window's name for each. Only the first
# is made with the window; each other one when it is first shown or asked for (making
# them all, their polish under the style sheet most of all, was most of the first
# window's build).
SCREENS = ("sign_in", "inquiry", "batch", "redeem", "verify", "history", "settings")
# Screens that need a signed-in clerk (the sign-in screen stands for them meanwhile), and
# the MoU scope each needs: a screen the agency may not use is not shown.
SIGNED_IN_SCOPES = {"inquiry": "inquiry", "batch": "inquiry", "redeem": "redeem"}

Screen = TypeVar("Screen", bound=QWidget)


class MainWindow(Translatable, QMainWindow):
    signedIn = Signal(object)  # SignedIn: by password and code, or a remembered session
    signedOut = Signal()  # the server was told (or could not be) and the keyring cleared
    lockedChanged = Signal(bool)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.resize(*DEFAULT_SIZE)

        self.sign_in = SignInView(ctx)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        # The screens made so far, by name; a blank page holds each other one's place.
        self._made: dict[str, QWidget] = {"sign_in": self.sign_in}
        for _name in SCREENS[1:]:
            self.pages.addWidget(QWidget())
        self.nav = Navigation(self.pages, self, lambda row: getattr(self, SCREENS[row]))

        self.header = AccountHeader()
        self.banner = Banner()
        self.language = LanguageBox(ctx)

        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.header.sign_out.setDefaultAction(self.sign_out_action)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.settings_action = QAction(self)
        # Ctrl+, everywhere, besides whatever the platform calls its preferences key.
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        comma = QKeySequence("Ctrl+,")
        self.settings_action.setShortcuts([*keys, comma] if comma not in keys else keys)
        self.settings_action.triggered.connect(self.show_settings)
        self.addAction(self.settings_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.welcome_action = QAction(self)
        self.welcome_action.triggered.connect(self.show_welcome)
        self.diagnostics_action = QAction(self)
        self.diagnostics_action.triggered.connect(lambda: support.copy_diagnostics(self._ctx))
        self.log_folder_action = QAction(self)
        self.log_folder_action.triggered.connect(support.open_log_folder)
        self.notifier = support.Notifier(self)
        self.demo_starter = DemoStarter(ctx, self)
        self.demo_starter.started.connect(self._demo_started)
        self.demo_starter.failed.connect(self._demo_failed)

        # From any screen, straight to the scan field of the check screen.
        self.scan_action = QAction(self)
        self.scan_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.scan_action.triggered.connect(self.scan_qr_code)
        self.addAction(self.scan_action)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.local_data = LocalData(
            ctx,
            batch=lambda: cast("BatchView | None", self._made.get("batch")),
            banner=self.banner,
            sign_out=self.sign_out,
            clear_screens=self._clear_screens,
            parent=self,
        )
        self.wipe_action = QAction(self)
        self.wipe_action.triggered.connect(self.local_data.wipe)

        self._file_menu = self.menuBar().addMenu("")
        self._file_menu.addAction(self.scan_action)
        self._file_menu.addAction(self.lock_action)
        self._file_menu.addAction(self.settings_action)
        self._file_menu.addAction(self.sign_out_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self.wipe_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self.quit_action)
        self._help_menu = self.menuBar().addMenu("")
        self._help_menu.addAction(self.welcome_action)
        self._help_menu.addSeparator()
        self._help_menu.addAction(self.diagnostics_action)
        self._help_menu.addAction(self.log_folder_action)
        self._help_menu.addSeparator()
        self._help_menu.addAction(self.about_action)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 16, 0)
        top.addWidget(self.header, 1)
        top.addStretch(0)
        self._language_label = QLabel()
        self._language_label.setBuddy(self.language)
        top.addWidget(self._language_label)
        top.addSpacing(6)
        top.addWidget(self.language)

        side = QWidget()
        side.setObjectName("navigation")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.nav)

        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(side)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.banner)
        right.addWidget(self.pages, 1)
        body.addLayout(right, 1)
        central = QWidget()
        central.setLayout(body)
        # Locked, the lock screen takes the place of everything below the menu bar.
        self.lock_screen = LockScreen(ctx)
        self._screens = QStackedWidget()
        self._screens.addWidget(central)
        self._screens.addWidget(self.lock_screen)
        self.setCentralWidget(self._screens)
        self.idle = IdleWatch(idle_lock_ms(ctx.prefs), self)
        self.idle.idle.connect(self.lock)
        self.lock_screen.unlocked.connect(self._unlock)
        self.lock_screen.signOutRequested.connect(self._sign_out_locked)

        self.sign_in.signedIn.connect(self._signed_in)
        self.quota = QuotaWatch(ctx, self.header.show_me, self)
        self.sign_in.serverProfileUsed.connect(self._server_profile_used)
        theme.notifier.changed.connect(self._theme_changed)

        # Whose work the screens hold: cleared when someone else signs in.
        self._screens_owner: Actor | None = None
        self._set_signed_in(None)
        self.retranslate()

    # -- the screens, each made when first needed ---------------------------------
    def _screen(
        self,
        name: str,
        make: Callable[[AppContext], Screen],
        connect: Callable[[Screen], None] | None = None,
    ) -> Screen:
        """The screen called `name`: made now, in its blank page's place, if not yet."""
        made = self._made.get(name)
        if made is not None:
            return cast(Screen, made)
        screen = make(self._ctx)
        self._made[name] = screen
        row = SCREENS.index(name)
        blank = self.pages.widget(row)
        assert blank is not None  # each screen not made yet has its blank page
        self.pages.insertWidget(row, screen)
        self.pages.removeWidget(blank)
        blank.deleteLater()
        if connect is not None:
            connect(screen)
        return screen

    def _server_profile_used(self, profile: str) -> None:
        if "settings" in self._made:  # one made later shows the profile in use then
            self.settings.show_server_profile(profile)

    def _trust_profile_changed(self) -> None:
        if "verify" in self._made:  # one made later reads the profile then
            self.verify.refresh_revocation()

    @property
    def inquiry(self) -> InquiryView:
        from desktop.views.inquiry import InquiryView

        return self._screen("inquiry", InquiryView, self._connect_requests)

    def _connect_requests(self, screen: InquiryView | RedeemView) -> None:
        """A screen of single requests to the server: each may end the session, and
        uses up some of the quota."""
        screen.sessionEnded.connect(self._session_ended)
        screen.requestFinished.connect(self.quota.refresh)

    @property
    def batch(self) -> BatchView:
        from desktop.views.batch import BatchView

        return self._screen("batch", BatchView, self._connect_batch)

    def _connect_batch(self, batch: BatchView) -> None:
        batch.sessionEnded.connect(self._session_ended)
        batch.runFinished.connect(self.quota.refresh)
        batch.rowsAnswered.connect(self.quota.during_run)
        batch.runFinished.connect(
            lambda outcome: self.notifier.run_finished(outcome, batch.last_run_seconds)
        )

    @property
    def redeem(self) -> RedeemView:
        from desktop.views.redeem import RedeemView

        return self._screen("redeem", RedeemView, self._connect_requests)

    @property
    def verify(self) -> VerifyView:
        from desktop.views.verify import VerifyView

        return self._screen("verify", VerifyView)

    @property
    def history(self) -> HistoryView:
        # The local trail can be browsed signed out; its server tab asks for a session.
        from desktop.views.history import HistoryView

        return self._screen("history", HistoryView)

    @property
    def settings(self) -> SettingsView:
        from desktop.views.settings import SettingsView

        return self._screen("settings", SettingsView, self._connect_settings)

    def _connect_settings(self, settings: SettingsView) -> None:
        settings.serverProfileChanged.connect(self.sign_in.select_profile)
        settings.trustProfileChanged.connect(self._trust_profile_changed)
        settings.privacyChanged.connect(self.apply_privacy_settings)

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Estelam Desk"))
        self.nav.set_names(
            [
                self.tr("Sign in"),
                self.tr("Status inquiry"),
                self.tr("Bulk inquiry"),
                self.tr("Redeem a certificate"),
                self.tr("Check certificates"),
                self.tr("History"),
                self.tr("Settings"),
            ]
        )
        self.settings_action.setText(self.tr("Settings…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.lock_action.setText(self.tr("Lock"))
        self.scan_action.setText(self.tr("Scan a QR code"))
        self.wipe_action.setText(self.tr("Wipe local data…"))
        self.quit_action.setText(self.tr("Quit"))
        self.about_action.setText(self.tr("About Estelam Desk"))
        self.welcome_action.setText(self.tr("Welcome and demo…"))
        self.diagnostics_action.setText(self.tr("Copy diagnostics for support"))
        self.log_folder_action.setText(self.tr("Open the log folder"))
        self._file_menu.setTitle(self.tr("&File"))
        self._help_menu.setTitle(self.tr("&Help"))
        self._language_label.setText(self.tr("Language"))
        self.language.setAccessibleName(self.tr("Language"))
        self.nav.setAccessibleName(self.tr("Screens"))
        self.header.retranslate()

    def _theme_changed(self, _dark: bool) -> None:
        """The result's status colours are set when shown: show it again in the new scheme."""
        if "inquiry" in self._made:
            self.inquiry.card.retranslate()

    def show_settings(self) -> None:
        self.nav.setCurrentRow(SCREENS.index("settings"))
        self.settings.setFocus()

    # -- session -------------------------------------------------------------
    def fit_to_screen(self, area: QRect | None = None) -> None:
        """The first size and place: the default size, but never past the screen's free
        area (after a taskbar and the title bar), centred in it, so that no action starts
        out below the screen's edge."""
        if area is None:
            area = self.screen().availableGeometry()
        self.resize(
            min(DEFAULT_SIZE[0], area.width() - FRAME_ROOM[0]),
            min(DEFAULT_SIZE[1], area.height() - FRAME_ROOM[1]),
        )
        # Not shown yet, the window has no frame: centre it with room for a title bar, or
        # the one the window manager adds on top pushes its bottom past the screen.
        frame = self.frameGeometry()
        if frame.size() == self.size():
            frame.setHeight(self.height() + FRAME_ROOM[1])
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    def start(self) -> None:
        """Resume a remembered session, or ask the clerk to sign in; purge what is past
        retention now and every hour from now on."""
        self.local_data.start()
        prefs = self._ctx.prefs
        url, user = prefs.last_server_url, prefs.username
        if not (prefs.remember and url and user):
            return
        self._ctx.bridge.run(
            self._ctx.session.restore(url, user),
            self._restored,
            lambda _error: None,  # a stale remembered session just means signing in again
        )

    def _restored(self, signed_in: SignedIn | None) -> None:
        if signed_in is not None:
            self._signed_in(signed_in)

    def scan_qr_code(self) -> None:
        self.nav.setCurrentRow(SCREENS.index("verify"))
        self.verify.scan_bar.focus_field()

    def _set_signed_in(self, me: Me | None) -> None:
        signed_in = me is not None
        self.quota.drop()
        self.nav.item(SCREENS.index("sign_in")).setHidden(signed_in)
        scopes = set(me.scopes) if me is not None else set()
        for name, scope in SIGNED_IN_SCOPES.items():
            self.nav.item(SCREENS.index(name)).setHidden(scope not in scopes)
        self.sign_out_action.setEnabled(signed_in)
        self.lock_action.setEnabled(signed_in)
        if signed_in:
            self.apply_privacy_settings()
            self.idle.arm()
        else:
            self.idle.disarm()
        self.header.show_me(me)
        self.nav.setCurrentRow(SCREENS.index("inquiry" if signed_in else "sign_in"))
        if not signed_in:
            self.sign_in.ask()  # the keyboard goes to the form, not the navigation

    def _signed_in(self, signed_in: SignedIn) -> None:
        clerk = Actor.of(signed_in.me)
        if self._screens_owner != clerk:
            # Another clerk (a session that ended left its screens for its own clerk).
            self._clear_screens()
        self._screens_owner = clerk
        self._set_signed_in(signed_in.me)
        status = signed_in.store_status
        if signed_in.remembered and errors.store_warning(status):
            # Said again in the new language when the clerk switches (a function, not text).
            self.banner.show_message("warning", lambda: errors.store_warning(status) or "")
        else:
            self.banner.hide()
        self.inquiry.national_id.setFocus()
        self.signedIn.emit(signed_in)

    def _session_ended(self, error: BaseException) -> None:
        self._set_signed_in(None)
        self.sign_in.show_session_ended(error)

    def sign_out(self) -> None:
        self._clear_screens()
        # Whoever signs in next chooses again whether to stay signed in.
        self.sign_in.remember.setChecked(False)
        self._set_signed_in(None)
        self._unlock()  # signed out, there is nothing left to hide: the sign-in screen shows
        self.banner.hide()
        # Revoking may fail offline; the session ends locally regardless.
        job = self._ctx.bridge.run(self._ctx.session.sign_out(), None, self.banner.show_error)
        job.finished.connect(self.signedOut)

    def _clear_screens(self) -> None:
        """Every form, filter and result of every screen, for whoever comes next (a
        screen not made yet holds none)."""
        self._screens_owner = None
        if "inquiry" in self._made:
            self.inquiry.clear_personal_data()
        if "batch" in self._made:
            self.batch.clear_personal_data()
        if "redeem" in self._made:
            self.redeem.clear_personal_data()
        if "verify" in self._made:
            self.verify.clear()
        if "history" in self._made:
            self.history.clear_personal_data()

    # -- the idle lock ---------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._screens.currentWidget() is self.lock_screen

    def apply_privacy_settings(self) -> None:
        """Take up a changed idle-lock setting now (the retention setting is read at each
        purge anyway)."""
        self.idle.set_timeout(idle_lock_ms(self._ctx.prefs))

    def lock(self) -> None:
        """Cover every screen until the clerk signs in again; work in progress goes on."""
        me = self._ctx.session.me
        if me is None or self.locked:
            return
        self.idle.disarm()
        # History is reached again only through a fresh search after unlocking.
        if "history" in self._made:
            self.history.clear_personal_data()
        self.lock_screen.prepare(me.username)
        self._screens.setCurrentWidget(self.lock_screen)
        self._set_locked_actions(True)
        self.lockedChanged.emit(True)

    def _unlock(self) -> None:
        if not self.locked:
            return
        self._screens.setCurrentIndex(0)
        self._set_locked_actions(False)
        if self._ctx.session.me is not None:
            self.idle.arm()
        self.lockedChanged.emit(False)

    def _set_locked_actions(self, locked: bool) -> None:
        # Only quitting and signing out stay at hand; the screens' shortcuts do not.
        for action in (
            *self.nav.shortcut_actions,
            self.scan_action,
            self.lock_action,
            self.wipe_action,
        ):
            action.setEnabled(not locked)
        if not locked:
            self.lock_action.setEnabled(self._ctx.session.me is not None)

    def _sign_out_locked(self) -> None:
        """Someone else at the locked window: end the clerk's session and their work."""
        if "batch" in self._made and self.batch.running_job_id is not None:
            # The run stops; once it has, its rows leave the screen too.
            self.batch.runFinished.connect(
                lambda _outcome: QTimer.singleShot(0, self.batch.clear_personal_data),
                Qt.ConnectionType.SingleShotConnection,
            )
            self.batch.stop()
        self.sign_out()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A running batch stops sending and stays resumable; answered rows are stored.
        if "batch" in self._made:
            self.batch.stop()
        self.idle.stop()
        self.local_data.stop()
        super().closeEvent(event)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Estelam Desk"), about.about_text())

    # -- welcome and demo ------------------------------------------------------
    def bring_forward(self) -> None:
        """The app was started again on this data folder: this window is the one."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def first_run(self) -> WelcomeDialog | None:
        """The welcome, on the app's very first start only."""
        prefs = self._ctx.prefs
        if prefs.welcome_shown:
            return None
        prefs.welcome_shown = True
        return self.show_welcome()

    def show_welcome(self) -> WelcomeDialog:
        running = self._ctx.demo is not None or self.demo_starter.job is not None
        dialog = WelcomeDialog(demo_running=running, parent=self)
        dialog.demoRequested.connect(self.start_demo)
        dialog.open()
        return dialog

    def start_demo(self, process: DemoProcess | None = None) -> BackgroundJob | None:
        """Offer the bundled demo server on sign-in once it listens, saying meanwhile that
        it is starting: `process` (which `--demo` starts before the window), or one
        started now. The start under way, or None when one is running already."""
        if self.demo_starter.job is not None:
            return self.demo_starter.job
        if self._ctx.demo is not None:
            self.sign_in.show_demo()
            return None
        self.banner.hide()
        self.sign_in.show_demo_starting()
        return self.demo_starter.start(process)

    def _demo_failed(self, error: BaseException) -> None:
        self.sign_in.demo_failed()
        self.banner.show_error(error)

    @property
    def demo_mock(self) -> DemoProcess | None:
        """The demo server started with --demo or later."""
        return self.demo_starter.mock

    def _demo_started(self) -> None:
        # A settings screen made later offers the demo server anyway.
        if "settings" in self._made:
            self.settings.show_demo()
        self.sign_in.show_demo()
        if not self._ctx.session.signed_in:
            self.nav.setCurrentRow(SCREENS.index("sign_in"))
