"""Settings: server, network, language and theme, privacy, certificate trust.

Every change is saved and takes effect as soon as it is made, as a clerk expects of a
switch or a list; typed addresses are checked when the field is left (or Enter is
pressed) and kept only when valid, with the reason shown beside the field otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core.servers import ServerProfile, profiles
from desktop.ui import errors, theme
from desktop.ui.context import AppContext
from desktop.ui.fields import FieldHint
from desktop.ui.i18n import localize_digits
from desktop.ui.language_box import LanguageBox
from desktop.ui.preferences import (
    IDLE_LOCK_CHOICES,
    RETENTION_CHOICES,
    Preferences,
    Theme,
    server_profile_name,
)
from desktop.ui.widgets import (
    Banner,
    Translatable,
    application,
    force_ltr,
    name_items,
    scroll_area,
    title_label,
)
from desktop.views.settings_network import NetworkSection
from desktop.views.settings_trust import TrustSection

_MAX_WIDTH = 760


def _align_columns(labels: list[QLabel]) -> None:
    """One label column width across the sections, so their fields line up."""
    for label in labels:
        label.setMinimumWidth(0)
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


class SettingsView(Translatable, QWidget):
    serverProfileChanged = Signal(str)  # ServerProfile value
    trustProfileChanged = Signal(str)  # the verifier now uses this profile
    privacyChanged = Signal()  # retention or the idle lock was changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        prefs = ctx.prefs
        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()

        # -- server ------------------------------------------------------------------
        self.server_box = QGroupBox()
        self.server_profile = QComboBox()
        for profile in profiles(ctx.demo is not None):
            self.server_profile.addItem("", profile.value)
        self.server_url = force_ltr(QLineEdit())
        self.server_hint = FieldHint()
        self._profile_label, self._address_label = QLabel(), QLabel()
        server_form = QFormLayout(self.server_box)
        server_form.addRow(self._profile_label, self.server_profile)
        server_form.addRow(self._address_label, self.server_url)
        server_form.addRow("", self.server_hint)

        self.network = NetworkSection(ctx)

        # -- appearance --------------------------------------------------------------
        self.appearance_box = QGroupBox()
        self.language = LanguageBox(ctx)
        self.theme = QComboBox()
        for scheme in Theme:
            self.theme.addItem("", scheme.value)
        self._language_label, self._theme_label = QLabel(), QLabel()
        appearance_form = QFormLayout(self.appearance_box)
        appearance_form.addRow(self._language_label, self.language)
        appearance_form.addRow(self._theme_label, self.theme)

        # -- privacy -----------------------------------------------------------------
        self.privacy_box = QGroupBox()
        self.retention = QComboBox()
        for days in RETENTION_CHOICES:
            self.retention.addItem("", days)
        self.idle_lock = QComboBox()
        for minutes in IDLE_LOCK_CHOICES:
            self.idle_lock.addItem("", minutes)
        self._retention_label, self._idle_label = QLabel(), QLabel()
        privacy_form = QFormLayout(self.privacy_box)
        privacy_form.addRow(self._retention_label, self.retention)
        privacy_form.addRow(self._idle_label, self.idle_lock)

        self.trust = TrustSection(ctx, self.banner)
        self.trust.profileChanged.connect(self.trustProfileChanged)

        column = QWidget()
        column.setMaximumWidth(_MAX_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(12)
        for box in (
            self.server_box,
            self.network,
            self.appearance_box,
            self.privacy_box,
            self.trust,
        ):
            column_layout.addWidget(box)
        column_layout.addStretch(1)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 12, 0)
        holder_layout.addWidget(column, 1)
        holder_layout.addStretch(0)
        scroll = scroll_area(holder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)

        self._load(prefs)
        self.server_profile.currentIndexChanged.connect(self._server_profile_chosen)
        self.server_url.editingFinished.connect(self._server_url_edited)
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        self.retention.currentIndexChanged.connect(self._privacy_chosen)
        self.idle_lock.currentIndexChanged.connect(self._privacy_chosen)
        self.retranslate()

    def _load(self, prefs: Preferences) -> None:
        def select(combo: QComboBox, value: object) -> None:
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

        select(self.server_profile, prefs.server_profile.value)
        self._show_server_url()
        select(self.theme, prefs.theme.value)
        if self.retention.findData(prefs.retention_days) < 0:
            # A value set elsewhere (or by an administrator) is shown, not overwritten.
            self.retention.addItem("", prefs.retention_days)
        select(self.retention, prefs.retention_days)
        if self.idle_lock.findData(prefs.idle_lock_minutes) < 0:
            self.idle_lock.addItem("", prefs.idle_lock_minutes)
        select(self.idle_lock, prefs.idle_lock_minutes)

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.subtitle.setText(self.tr("Changes are saved and take effect as you make them."))
        self.server_box.setTitle(self.tr("Server"))
        self._profile_label.setText(self.tr("Server"))
        self._address_label.setText(self.tr("Server address"))
        for row in range(self.server_profile.count()):
            profile = ServerProfile(self.server_profile.itemData(row))
            self.server_profile.setItemText(row, server_profile_name(profile))
        self.server_url.setPlaceholderText("https://…")

        self.network.retranslate()

        self.appearance_box.setTitle(self.tr("Appearance"))
        self._language_label.setText(self.tr("Language"))
        self._theme_label.setText(self.tr("Theme"))
        name_items(
            self.theme,
            {
                Theme.SYSTEM: self.tr("As the system (light or dark)"),
                Theme.LIGHT: self.tr("Light"),
                Theme.DARK: self.tr("Dark"),
            },
        )

        self.privacy_box.setTitle(self.tr("Privacy"))
        self._retention_label.setText(self.tr("Keep local results for"))
        for row in range(self.retention.count()):
            days = int(self.retention.itemData(row))
            self.retention.setItemText(
                row, self.tr("%1 days").replace("%1", localize_digits(str(days)))
            )
        self._idle_label.setText(self.tr("Lock the window after"))
        for row in range(self.idle_lock.count()):
            minutes = int(self.idle_lock.itemData(row))
            text = (
                self.tr("Never")
                if minutes == 0
                else self.tr("%1 minutes without use").replace("%1", localize_digits(str(minutes)))
            )
            self.idle_lock.setItemText(row, text)

        self.trust.retranslate()
        for widget, name in (
            (self.server_profile, self.tr("Server")),
            (self.server_url, self.tr("Server address")),
            (self.language, self.tr("Language")),
            (self.theme, self.tr("Theme")),
            (self.retention, self.tr("Keep local results for")),
            (self.idle_lock, self.tr("Lock the window after")),
        ):
            widget.setAccessibleName(name)
        _align_columns(
            [
                self._profile_label,
                self._address_label,
                *self.network.labels(),
                self._language_label,
                self._theme_label,
                self._retention_label,
                self._idle_label,
                *self.trust.labels(),
            ]
        )

    # -- server --------------------------------------------------------------
    def show_demo(self) -> None:
        """Offer the demo server started after start-up (from the welcome)."""
        if self.server_profile.findData(ServerProfile.DEMO.value) < 0:
            self.server_profile.insertItem(0, "", ServerProfile.DEMO.value)
            self.retranslate()

    def _server_profile(self) -> ServerProfile:
        return ServerProfile(self.server_profile.currentData())

    def _show_server_url(self) -> None:
        profile = self._server_profile()
        if profile is ServerProfile.DEMO and self._ctx.demo is not None:
            self.server_url.setText(self._ctx.demo.url)
        else:
            self.server_url.setText(self._ctx.prefs.server_url(profile))
        self.server_url.setReadOnly(profile is ServerProfile.DEMO)
        self.server_hint.say("")

    def _server_profile_chosen(self) -> None:
        profile = self._server_profile()
        self._ctx.prefs.server_profile = profile
        self._show_server_url()
        self.serverProfileChanged.emit(profile.value)

    def _server_url_edited(self) -> None:
        profile = self._server_profile()
        if profile is ServerProfile.DEMO:
            return
        try:
            url = self._ctx.prefs.set_server_url(profile, self.server_url.text())
        except ValueError as error:
            self.server_hint.say(self._address_problem(error))
            return
        self.server_url.setText(url or self._ctx.prefs.server_url(profile))
        self.server_hint.say("")
        self.serverProfileChanged.emit(profile.value)

    def _address_problem(self, error: ValueError) -> str:
        if isinstance(error, core_errors.InsecureServerAddress):
            return errors.describe(error).sentence
        return self.tr("Not a server address: write it as https://host or https://host:port.")

    # -- appearance ----------------------------------------------------------
    def _theme_chosen(self) -> None:
        scheme = Theme(self.theme.currentData())
        self._ctx.prefs.theme = scheme
        theme.apply(application(), scheme)

    # -- privacy -------------------------------------------------------------
    def _privacy_chosen(self) -> None:
        prefs = self._ctx.prefs
        prefs.retention_days = int(self.retention.currentData())
        prefs.idle_lock_minutes = int(self.idle_lock.currentData())
        self.privacyChanged.emit()

    # -- kept in step with the rest of the window ----------------------------
    def show_server_profile(self, profile: str) -> None:
        """The sign-in screen used another server: show it here too."""
        self.server_profile.blockSignals(True)
        self.server_profile.setCurrentIndex(max(self.server_profile.findData(profile), 0))
        self.server_profile.blockSignals(False)
        self._show_server_url()
