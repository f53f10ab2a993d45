"""The main window: navigation, the signed-in clerk's summary, and the screens."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import platform
from collections.abc import Callable
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.api_client.models import Me
from desktop.core import wording
from desktop.core.retention import (
    Removed,
    cutoff,
    purge_personal_data,
)
from desktop.core.session import SignedIn
from desktop.ui import errors, fmt, theme
from desktop.ui.bridge import Job as BridgeJob
from desktop.ui.context import AppContext
from desktop.ui.language_box import LanguageBox
from desktop.ui.widgets import Banner, Translatable, align_to_layout, isolate, isolate_ltr
from desktop.views.batch import BatchView
from desktop.views.history import HistoryView
from desktop.views.inquiry import InquiryView
from desktop.views.redeem import RedeemView
from desktop.views.settings import SettingsView
from desktop.views.sign_in import SignInView
from desktop.views.verify import VerifyView
from desktop.window import support
from desktop.window.lock import IdleWatch, LockScreen, idle_lock_ms
from desktop.window.welcome import SHOWN_KEY, WelcomeDialog

if TYPE_CHECKING:
    from desktop.window.demo import RunningMock

# Personal data past retention is looked for at start and then this often.
PURGE_EVERY_MS = 60 * 60 * 1000

log = logging.getLogger(__name__)


class AccountHeader(QFrame):
    """Who is signed in, for which agency, under which MoU, with how much quota left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("account-header")
        self.clerk = QLabel()
        self.clerk.setProperty("role", "big")
        self.agency = QLabel()
        self.mou = QLabel()
        self.quota = QLabel()
        for label in (self.agency, self.mou, self.quota):
            label.setProperty("role", "subtitle")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.clerk)
        details = QHBoxLayout()
        details.setSpacing(24)
        details.addWidget(self.agency)
        details.addWidget(self.mou)
        details.addWidget(self.quota)
        details.addStretch(1)
        texts.addLayout(details)
        self.sign_out = QToolButton()
        self.sign_out.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(texts, 1)
        layout.addWidget(self.sign_out)
        self._me: Me | None = None

    def show_me(self, me: Me | None) -> None:
        self._me = me
        self.setVisible(me is not None)
        if me is None:
            return
        self.clerk.setText(me.full_name)
        kind = fmt.word(wording.AGENCY_KIND, me.agency.kind)
        self.agency.setText(f"{isolate(me.agency.name)} ({kind})")
        self.mou.setText(
            self.tr("MoU %1, valid until %2")
            .replace("%1", isolate_ltr(me.mou.number))
            .replace("%2", fmt.date(me.mou.valid_until))
        )
        self.mou.setToolTip(fmt.gregorian(me.mou.valid_until))
        self.quota.setText(
            self.tr("Inquiries left today: %1").replace("%1", fmt.count(me.quota.left_today))
        )
        for label in (self.clerk, self.agency, self.mou, self.quota):
            align_to_layout(label)

    def retranslate(self) -> None:
        self.show_me(self._me)


class MainWindow(Translatable, QMainWindow):
    signedIn = Signal(object)  # SignedIn: by password and code, or a remembered session
    signedOut = Signal()  # the server was told (or could not be) and the keyring cleared
    lockedChanged = Signal(bool)
    wiped = Signal(object)  # Removed

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.resize(1100, 760)

        self.sign_in = SignInView(ctx)
        self.inquiry = InquiryView(ctx)
        self.batch = BatchView(ctx)
        self.redeem = RedeemView(ctx)
        self.verify = VerifyView(ctx)
        # The local trail can be browsed signed out; its server tab asks for a session.
        self.history = HistoryView(ctx)
        self.settings = SettingsView(ctx)
        self.pages = QStackedWidget()
        # Screens that need a signed-in clerk; the sign-in screen stands for them meanwhile.
        self._signed_in_pages: list[QWidget] = [self.inquiry, self.batch, self.redeem]
        # ... and the MoU scope each needs: a screen the agency may not use is not shown.
        self._scopes: dict[QWidget, str] = {
            self.inquiry: "inquiry",
            self.batch: "inquiry",
            self.redeem: "redeem",
        }
        self._all_pages: list[QWidget] = [
            self.sign_in,
            *self._signed_in_pages,
            self.verify,
            self.history,
            self.settings,
        ]
        for page in self._all_pages:
            self.pages.addWidget(page)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        self._nav_items: dict[QWidget, QListWidgetItem] = {}
        for page in self._all_pages:
            item = QListWidgetItem()
            self.nav.addItem(item)
            self._nav_items[page] = item
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

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
        self.demo_mock: RunningMock | None = None  # a demo started from the welcome
        self._nav_actions = []
        for row in range(self.nav.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _c=False, r=row: self._go(r))
            self.addAction(action)
            self._nav_actions.append(action)

        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.wipe_action = QAction(self)
        self.wipe_action.triggered.connect(self.wipe)

        self._file_menu = self.menuBar().addMenu("")
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
        self._purge_timer = QTimer(self)
        self._purge_timer.setInterval(PURGE_EVERY_MS)
        self._purge_timer.timeout.connect(self.purge_expired)

        self.sign_in.signedIn.connect(self._signed_in)
        self.inquiry.sessionEnded.connect(self._session_ended)
        self.batch.sessionEnded.connect(self._session_ended)
        self.redeem.sessionEnded.connect(self._session_ended)
        self.inquiry.answered.connect(self._refresh_me)
        self.batch.runFinished.connect(
            lambda outcome: self.notifier.run_finished(outcome, self.batch.last_run_seconds)
        )
        self.settings.serverProfileChanged.connect(self.sign_in.select_profile)
        self.sign_in.serverProfileUsed.connect(self.settings.show_server_profile)
        self.settings.trustProfileChanged.connect(self.verify.refresh_revocation)
        self.settings.privacyChanged.connect(self.apply_privacy_settings)
        theme.notifier.changed.connect(self._theme_changed)

        self._set_signed_in(None)
        self.retranslate()

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Estelam Desk"))
        self._nav_items[self.sign_in].setText(self.tr("Sign in"))
        self._nav_items[self.inquiry].setText(self.tr("Status inquiry"))
        self._nav_items[self.batch].setText(self.tr("Bulk inquiry"))
        self._nav_items[self.redeem].setText(self.tr("Redeem a certificate"))
        self._nav_items[self.verify].setText(self.tr("Check certificates"))
        self._nav_items[self.history].setText(self.tr("History"))
        self._nav_items[self.settings].setText(self.tr("Settings"))
        self.settings_action.setText(self.tr("Settings…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.lock_action.setText(self.tr("Lock"))
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
        self.inquiry.card.retranslate()

    def show_settings(self) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(self.settings))
        self.settings.setFocus()

    # -- session -------------------------------------------------------------
    def start(self) -> None:
        """Resume a remembered session, or ask the clerk to sign in; purge what is past
        retention now and every hour from now on."""
        self.purge_expired()
        self._purge_timer.start()
        prefs = self._ctx.prefs
        url, user = prefs.last_server_url, prefs.username
        if not (prefs.remember and url and user):
            return
        self._ctx.bridge.run(
            self._ctx.session.restore(url, user),
            lambda signed_in: signed_in and self._signed_in(signed_in),
            lambda _error: None,  # a stale remembered session just means signing in again
        )

    def _go(self, position: int) -> None:
        """Ctrl+N opens the N-th screen the navigation shows."""
        shown = [row for row in range(self.nav.count()) if not self.nav.item(row).isHidden()]
        if position < len(shown):
            self.nav.setCurrentRow(shown[position])

    def _set_signed_in(self, me: Me | None) -> None:
        signed_in = me is not None
        self._nav_items[self.sign_in].setHidden(signed_in)
        scopes = set(me.scopes) if me is not None else set()
        for page in self._signed_in_pages:
            self._nav_items[page].setHidden(self._scopes[page] not in scopes)
        self.sign_out_action.setEnabled(signed_in)
        self.lock_action.setEnabled(signed_in)
        if signed_in:
            self.apply_privacy_settings()
            self.idle.arm()
        else:
            self.idle.disarm()
        self.header.show_me(me)
        self.nav.setCurrentRow(self.pages.indexOf(self.inquiry if signed_in else self.sign_in))

    def _signed_in(self, signed_in: SignedIn) -> None:
        self._set_signed_in(signed_in.me)
        warning = errors.store_warning(signed_in.store_status) if signed_in.remembered else None
        if warning:
            self.banner.show_message("warning", warning)
        else:
            self.banner.hide()
        self.inquiry.national_id.setFocus()
        self.signedIn.emit(signed_in)

    def _refresh_me(self, _result: object = None) -> None:
        self._ctx.bridge.run(
            self._ctx.session.refresh_me(), self.header.show_me, lambda _error: None
        )

    def _session_ended(self, error: BaseException) -> None:
        self._set_signed_in(None)
        self.sign_in.show_session_ended(errors.describe(error))

    def sign_out(self) -> None:
        self._clear_screens()
        self._set_signed_in(None)
        self._unlock()  # signed out, there is nothing left to hide: the sign-in screen shows
        self.banner.hide()
        # Revoking may fail offline; the session ends locally regardless.
        job = self._ctx.bridge.run(self._ctx.session.sign_out(), None, self.banner.show_error)
        job.finished.connect(self.signedOut)

    def _clear_screens(self) -> None:
        self.inquiry.clear_personal_data()
        self.batch.clear_personal_data()
        self.redeem.clear_personal_data()
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
        for action in (*self._nav_actions, self.lock_action, self.wipe_action):
            action.setEnabled(not locked)
        if not locked:
            self.lock_action.setEnabled(self._ctx.session.me is not None)

    def _sign_out_locked(self) -> None:
        """Someone else at the locked window: end the clerk's session and their work."""
        if self.batch.running_job_id is not None:
            # The run stops; once it has, its rows leave the screen too.
            self.batch.runFinished.connect(
                lambda _outcome: QTimer.singleShot(0, self.batch.clear_personal_data),
                Qt.ConnectionType.SingleShotConnection,
            )
            self.batch.stop()
        self.sign_out()

    # -- retention and wiping ----------------------------------------------------
    def purge_expired(self) -> BridgeJob:
        """Remove personal data older than the retention setting, off the GUI thread."""
        return self._purge(cutoff(self._ctx.prefs.retention_days), self._purged)

    def _purge(self, before: dt.datetime | None, on_done: Callable[[Removed], None]) -> BridgeJob:
        ctx, running = self._ctx, self.batch.running_job_id

        def purge() -> Removed:
            return purge_personal_data(
                before,
                jobs=ctx.job_store(),
                running_jobs=() if running is None else (running,),
                audit=ctx.audit,
            )

        return ctx.bridge.run(asyncio.to_thread(purge), on_done, self._purge_failed)

    def _purged(self, removed: Removed) -> None:
        if removed.jobs:
            self.batch.refresh_unfinished()

    def _purge_failed(self, error: BaseException) -> None:
        log.warning("could not purge personal data: %s", error)
        self.banner.show_error(error)

    def wipe(self) -> None:
        """Ask, then remove every piece of personal data kept on this computer."""
        title = self.tr("Wipe local data")
        if self.batch.running_job_id is not None:
            QMessageBox.information(
                self,
                title,
                self.tr(
                    "A bulk inquiry is running. Let it finish, or cancel it on the bulk inquiry "
                    "screen, then wipe."
                ),
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            self.tr("Remove the personal data kept on this computer now?"),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(self.wipe_explanation())
        wipe = box.addButton(self.tr("Wipe"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is wipe:
            self.wipe_now()

    def wipe_explanation(self) -> str:
        return self.tr(
            "Removed: every bulk inquiry with its rows and answers, finished or not; the "
            "lists of national IDs you pasted; the national IDs and answers kept in the "
            "history (its record of who looked up what, when and why stays, without them); "
            "what is on screen. You are signed out and the remembered sign-in is "
            "forgotten.\n\n"
            "Kept: the files you exported or saved (spreadsheets, reports, certificates) "
            "wherever you saved them; delete those yourself if they must go. Also kept: "
            "your preferences and the cached trust and revocation lists, which hold no "
            "personal data."
        )

    def wipe_now(self) -> BridgeJob:
        """The wipe itself, without asking (the caller has asked)."""
        prefs = self._ctx.prefs
        url, user = prefs.last_server_url, prefs.username
        if self._ctx.session.me is not None:
            self.sign_out()
        else:
            self._clear_screens()
            if url and user:
                self._ctx.bridge.run(self._ctx.session.forget(url, user))
        return self._purge(None, self._wiped)

    def _wiped(self, removed: Removed) -> None:
        self.batch.refresh_unfinished()
        self.banner.show_message(
            "success",
            self.tr("Local data wiped: %1 bulk inquiries and %2 pasted lists removed.")
            .replace("%1", fmt.count(removed.jobs))
            .replace("%2", fmt.count(removed.pasted_lists)),
        )
        self.wiped.emit(removed)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A running batch stops sending and stays resumable; answered rows are stored.
        self.batch.stop()
        self.idle.stop()
        self._purge_timer.stop()
        super().closeEvent(event)

    def about_text(self) -> str:
        """The About box: the app's version, and the Qt, PySide and Python it runs on."""
        app = self.tr("%1 %2\nSocial-insurance status inquiries for agency clerks.")
        runtime = self.tr("Qt %1, PySide6 %2, Python %3")
        versions = (qVersion(), PySide6.__version__, platform.python_version())
        for number, version in enumerate(versions, start=1):
            runtime = runtime.replace(f"%{number}", isolate_ltr(version))
        app = app.replace("%1", APP_NAME).replace("%2", isolate_ltr(__version__))
        return f"{app}\n\n{runtime}"

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Estelam Desk"), self.about_text())

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
        if self._ctx.settings.value(SHOWN_KEY, False, bool):
            return None
        self._ctx.settings.setValue(SHOWN_KEY, True)
        return self.show_welcome()

    def show_welcome(self) -> WelcomeDialog:
        dialog = WelcomeDialog(demo_running=self._ctx.demo is not None, parent=self)
        dialog.demoRequested.connect(self.start_demo)
        dialog.open()
        return dialog

    def start_demo(self) -> BridgeJob | None:
        """Start the bundled demo server (off the GUI thread) and offer it on sign-in;
        None when one is running already."""
        if self._ctx.demo is not None:
            self.sign_in.show_demo()
            return None
        # Imported here: the mock's web stack is loaded only when a demo is asked for.
        from desktop.window.demo import start_demo_backend

        self.banner.hide()
        return self._ctx.bridge.run(
            asyncio.to_thread(start_demo_backend), self._demo_started, self.banner.show_error
        )

    def _demo_started(self, mock: RunningMock) -> None:
        from desktop.window.demo import use_demo

        self.demo_mock = mock
        QApplication.instance().aboutToQuit.connect(mock.stop)
        use_demo(self._ctx, mock.url)
        self.settings.show_demo()
        self.sign_in.show_demo()
        if not self._ctx.session.signed_in:
            self.nav.setCurrentRow(self.pages.indexOf(self.sign_in))
