"""The main window: navigation, the signed-in clerk's summary, and the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
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
from desktop.core.session import SignedIn
from desktop.ui import errors, fmt, theme
from desktop.ui.context import AppContext
from desktop.ui.i18n import Language, current_language
from desktop.ui.preferences import LANGUAGE_NAMES
from desktop.ui.widgets import Banner, Translatable, align_to_layout, isolate, isolate_ltr
from desktop.views.batch import BatchView
from desktop.views.inquiry import InquiryView
from desktop.views.redeem import RedeemView
from desktop.views.settings import SettingsView
from desktop.views.sign_in import SignInView
from desktop.views.verify import VerifyView


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

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.resize(1100, 760)

        self.sign_in = SignInView(ctx)
        self.inquiry = InquiryView(ctx)
        self.batch = BatchView(ctx)
        self.redeem = RedeemView(ctx)
        self.verify = VerifyView(ctx)
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
        self.language = QComboBox()
        for language, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, language.value)
        self.language.setCurrentIndex(self.language.findData(current_language().value))
        self.language.currentIndexChanged.connect(self._language_chosen)
        ctx.i18n.changed.connect(self._language_changed)

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
        self._nav_actions = []
        for row in range(self.nav.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _c=False, r=row: self._go(r))
            self.addAction(action)
            self._nav_actions.append(action)

        self._file_menu = self.menuBar().addMenu("")
        self._file_menu.addAction(self.settings_action)
        self._file_menu.addAction(self.sign_out_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self.quit_action)
        self._help_menu = self.menuBar().addMenu("")
        self._help_menu.addAction(self.about_action)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 16, 0)
        top.addWidget(self.header, 1)
        top.addStretch(0)
        self._language_label = QLabel()
        top.addWidget(self._language_label)
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
        self.setCentralWidget(central)

        self.sign_in.signedIn.connect(self._signed_in)
        self.inquiry.sessionEnded.connect(self._session_ended)
        self.batch.sessionEnded.connect(self._session_ended)
        self.redeem.sessionEnded.connect(self._session_ended)
        self.inquiry.answered.connect(self._refresh_me)
        self.settings.serverProfileChanged.connect(self.sign_in.select_profile)
        self.sign_in.serverProfileUsed.connect(self.settings.show_server_profile)
        self.settings.trustProfileChanged.connect(self.verify.refresh_revocation)
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
        self._nav_items[self.settings].setText(self.tr("Settings"))
        self.settings_action.setText(self.tr("Settings…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.quit_action.setText(self.tr("Quit"))
        self.about_action.setText(self.tr("About Estelam Desk"))
        self._file_menu.setTitle(self.tr("&File"))
        self._help_menu.setTitle(self.tr("&Help"))
        self._language_label.setText(self.tr("Language"))
        self.language.setAccessibleName(self.tr("Language"))
        self.nav.setAccessibleName(self.tr("Screens"))
        self.header.retranslate()

    def _language_chosen(self) -> None:
        language = Language(self.language.currentData())
        self._ctx.prefs.language = language
        self._ctx.i18n.set_language(language)

    def _language_changed(self, value: str) -> None:
        """Chosen here or in Settings: both lists show the language in use."""
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(value), 0))
        self.language.blockSignals(False)

    def _theme_changed(self, _dark: bool) -> None:
        """The result's status colours are set when shown: show it again in the new scheme."""
        self.inquiry.card.retranslate()

    def show_settings(self) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(self.settings))
        self.settings.setFocus()

    # -- session -------------------------------------------------------------
    def start(self) -> None:
        """Resume a remembered session, or ask the clerk to sign in."""
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
        self.inquiry.clear_personal_data()
        self._set_signed_in(None)
        self.banner.hide()
        # Revoking may fail offline; the session ends locally regardless.
        job = self._ctx.bridge.run(self._ctx.session.sign_out(), None, self.banner.show_error)
        job.finished.connect(self.signedOut)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A running batch stops sending and stays resumable; answered rows are stored.
        self.batch.stop()
        super().closeEvent(event)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Estelam Desk"),
            self.tr("%1 %2\nSocial-insurance status inquiries for agency clerks.")
            .replace("%1", APP_NAME)
            .replace("%2", __version__),
        )
