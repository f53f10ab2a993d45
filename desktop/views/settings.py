"""Settings: server, network, language and theme, privacy, certificate trust.

Every change is saved and takes effect as soon as it is made, as a clerk expects of a
switch or a list; typed addresses are checked when the field is left (or Enter is
pressed) and kept only when valid, with the reason shown beside the field otherwise.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core.certificates import PRODUCTION, TEST
from desktop.core.certificates.roots import RootInfo, profile_roots
from desktop.core.servers import ProxyMode, ServerProfile, check_ca_bundle, profiles
from desktop.ui import errors, file_dialogs, fmt, theme
from desktop.ui.context import AppContext
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
    align_to_layout,
    application,
    force_ltr,
    isolate_ltr,
    scroll_area,
    title_label,
)

_MAX_WIDTH = 760


def _hint_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.hide()
    return label


def _align_columns(labels: list[QLabel]) -> None:
    """One label column width across the sections, so their fields line up."""
    for label in labels:
        label.setMinimumWidth(0)
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


def _show_hint(label: QLabel, text: str, kind: str = "error") -> None:
    label.setText(text)
    label.setProperty("kind", kind)
    _colour_hint(label)
    label.setVisible(bool(text))
    # A hint about an address is Latin-led; keep it on the layout's reading side anyway.
    align_to_layout(label)


def _colour_hint(label: QLabel) -> None:
    kind = label.property("kind")
    label.setStyleSheet(f"color: {theme.COLORS[kind][0]};" if label.text() and kind else "")


class RootCard(QFrame):
    """One trust root: subject, validity and SHA-256 fingerprint, all selectable."""

    def __init__(self, root: RootInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.setProperty("role", "card")
        flags = Qt.TextInteractionFlag.TextSelectableByMouse | (
            Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.subject = force_ltr(QLabel(root.subject))
        self.subject.setWordWrap(True)
        self.validity = QLabel()
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setProperty("role", "field-name")
        # Two lines of 16 pairs, each line kept left-to-right in a Persian layout.
        pairs = root.sha256.split(":")
        self.fingerprint = force_ltr(
            QLabel("\n".join(":".join(pairs[i : i + 16]) for i in range(0, len(pairs), 16)))
        )
        self.fingerprint.setStyleSheet("font-family: monospace;")
        for label in (self.subject, self.validity, self.fingerprint):
            label.setTextInteractionFlags(flags)
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject)
        layout.addWidget(self.validity)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(self.fingerprint)
        self.retranslate()

    def retranslate(self) -> None:
        self.validity.setText(
            self.tr("Valid from %1 to %2")
            .replace("%1", fmt.date(self.root.not_before.date()))
            .replace("%2", fmt.date(self.root.not_after.date()))
        )
        self.validity.setToolTip(
            f"{fmt.gregorian(self.root.not_before)} – {fmt.gregorian(self.root.not_after)}"
        )
        self.fingerprint_label.setText(self.tr("SHA-256 fingerprint"))
        self.fingerprint.setAccessibleName(self.tr("SHA-256 fingerprint"))
        self.fingerprint.setAccessibleDescription(isolate_ltr(self.root.sha256))


class SettingsView(Translatable, QWidget):
    serverProfileChanged = Signal(str)  # ServerProfile value
    trustProfileChanged = Signal(str)  # the verifier now uses this profile
    rootsShown = Signal()  # the trust roots of the chosen profile are listed
    privacyChanged = Signal()  # retention or the idle lock was changed
    caBundleChecked = Signal(bool)  # a chosen CA bundle was accepted (or not)

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
        self.server_hint = _hint_label()
        self._profile_label, self._address_label = QLabel(), QLabel()
        server_form = QFormLayout(self.server_box)
        server_form.addRow(self._profile_label, self.server_profile)
        server_form.addRow(self._address_label, self.server_url)
        server_form.addRow("", self.server_hint)

        # -- network -----------------------------------------------------------------
        self.network_box = QGroupBox()
        self.proxy_mode = QComboBox()
        for mode in (ProxyMode.SYSTEM, ProxyMode.NONE, ProxyMode.MANUAL):
            self.proxy_mode.addItem("", mode.value)
        self.proxy_url = force_ltr(QLineEdit())
        self.proxy_hint = _hint_label()
        self.ca_bundle = force_ltr(QLineEdit())
        self.ca_bundle.setReadOnly(True)
        self.ca_choose = QPushButton()
        self.ca_clear = QPushButton()
        self.ca_hint = _hint_label()
        self.network_note = QLabel()
        self.network_note.setWordWrap(True)
        self.network_note.setProperty("role", "subtitle")
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_choose)
        ca_row.addWidget(self.ca_clear)
        self._proxy_label, self._proxy_url_label, self._ca_label = QLabel(), QLabel(), QLabel()
        network_form = QFormLayout(self.network_box)
        network_form.addRow(self._proxy_label, self.proxy_mode)
        network_form.addRow(self._proxy_url_label, self.proxy_url)
        network_form.addRow("", self.proxy_hint)
        network_form.addRow(self._ca_label, ca_row)
        network_form.addRow("", self.ca_hint)
        network_form.addRow(self.network_note)
        self._network_form = network_form

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

        # -- certificates ------------------------------------------------------------
        self.certificates_box = QGroupBox()
        self.trust_profile = QComboBox()
        for name in (TEST, PRODUCTION):
            self.trust_profile.addItem("", name)
        self.trust_note = _hint_label()
        self.roots_title = QLabel()
        self.roots_title.setProperty("role", "field-name")
        self.roots_empty = QLabel()
        self.roots_empty.setWordWrap(True)
        self.roots = QVBoxLayout()
        self.root_cards: list[RootCard] = []
        self._trust_label = QLabel()
        certificates_form = QFormLayout(self.certificates_box)
        certificates_form.addRow(self._trust_label, self.trust_profile)
        certificates_form.addRow("", self.trust_note)
        certificates_form.addRow(self.roots_title)
        certificates_form.addRow(self.roots_empty)
        certificates_form.addRow(self.roots)

        column = QWidget()
        column.setMaximumWidth(_MAX_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(12)
        for box in (
            self.server_box,
            self.network_box,
            self.appearance_box,
            self.privacy_box,
            self.certificates_box,
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
        self.proxy_mode.currentIndexChanged.connect(self._proxy_chosen)
        self.proxy_url.editingFinished.connect(self._proxy_chosen)
        self.ca_choose.clicked.connect(self._choose_ca_bundle)
        self.ca_clear.clicked.connect(lambda: self.set_ca_bundle(""))
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        self.retention.currentIndexChanged.connect(self._privacy_chosen)
        self.idle_lock.currentIndexChanged.connect(self._privacy_chosen)
        self.trust_profile.currentIndexChanged.connect(self._trust_profile_chosen)
        theme.notifier.changed.connect(self._theme_changed)
        self.retranslate()
        self._show_roots()

    def _load(self, prefs: Preferences) -> None:
        def select(combo: QComboBox, value: object) -> None:
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

        select(self.server_profile, prefs.server_profile.value)
        self._show_server_url()
        select(self.proxy_mode, prefs.proxy_mode.value)
        self.proxy_url.setText(prefs.proxy_url)
        self.ca_bundle.setText(prefs.ca_bundle)
        self._show_proxy_url()
        select(self.theme, prefs.theme.value)
        if self.retention.findData(prefs.retention_days) < 0:
            # A value set elsewhere (or by an administrator) is shown, not overwritten.
            self.retention.addItem("", prefs.retention_days)
        select(self.retention, prefs.retention_days)
        if self.idle_lock.findData(prefs.idle_lock_minutes) < 0:
            self.idle_lock.addItem("", prefs.idle_lock_minutes)
        select(self.idle_lock, prefs.idle_lock_minutes)
        select(self.trust_profile, self._ctx.proof.profile)

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

        self.network_box.setTitle(self.tr("Network"))
        self._proxy_label.setText(self.tr("Proxy"))
        self._proxy_url_label.setText(self.tr("Proxy address"))
        self.proxy_url.setPlaceholderText("http://proxy.example:8080")
        names = {
            ProxyMode.SYSTEM: self.tr("As the system sets it (environment)"),
            ProxyMode.NONE: self.tr("No proxy"),
            ProxyMode.MANUAL: self.tr("This proxy…"),
        }
        for row in range(self.proxy_mode.count()):
            self.proxy_mode.setItemText(row, names[ProxyMode(self.proxy_mode.itemData(row))])
        self._ca_label.setText(self.tr("Extra CA certificates"))
        self.ca_bundle.setPlaceholderText(self.tr("None"))
        self.ca_choose.setText(self.tr("Choose…"))
        self.ca_clear.setText(self.tr("Remove"))
        self.network_note.setText(
            self.tr(
                "Connections are always encrypted and their certificates checked. If your "
                "agency's network inspects secure connections, add its CA certificate (a PEM "
                "file): it is trusted in addition to the usual ones. Changes apply from the "
                "next sign-in."
            )
        )

        self.appearance_box.setTitle(self.tr("Appearance"))
        self._language_label.setText(self.tr("Language"))
        self._theme_label.setText(self.tr("Theme"))
        themes = {
            Theme.SYSTEM: self.tr("As the system (light or dark)"),
            Theme.LIGHT: self.tr("Light"),
            Theme.DARK: self.tr("Dark"),
        }
        for row in range(self.theme.count()):
            self.theme.setItemText(row, themes[Theme(self.theme.itemData(row))])

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

        self.certificates_box.setTitle(self.tr("Certificates"))
        self._trust_label.setText(self.tr("Trust"))
        self.trust_profile.setItemText(
            self.trust_profile.findData(TEST), self.tr("TEST authority (demo and testing)")
        )
        self.trust_profile.setItemText(
            self.trust_profile.findData(PRODUCTION), self.tr("SSO production authority")
        )
        self._show_trust_note(self._ctx.proof.profile)
        self.roots_title.setText(self.tr("Trusted roots of this profile"))
        self.roots_empty.setText(
            self.tr("No root is installed for this profile: no certificate can be VALID under it.")
        )
        for widget, name in (
            (self.server_profile, self.tr("Server")),
            (self.server_url, self.tr("Server address")),
            (self.proxy_mode, self.tr("Proxy")),
            (self.proxy_url, self.tr("Proxy address")),
            (self.ca_bundle, self.tr("Extra CA certificates")),
            (self.language, self.tr("Language")),
            (self.theme, self.tr("Theme")),
            (self.retention, self.tr("Keep local results for")),
            (self.idle_lock, self.tr("Lock the window after")),
            (self.trust_profile, self.tr("Trust")),
        ):
            widget.setAccessibleName(name)
        for card in self.root_cards:
            card.retranslate()
        _align_columns(
            [
                self._profile_label,
                self._address_label,
                self._proxy_label,
                self._proxy_url_label,
                self._ca_label,
                self._language_label,
                self._theme_label,
                self._retention_label,
                self._idle_label,
                self._trust_label,
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
        _show_hint(self.server_hint, "")

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
            _show_hint(self.server_hint, self._address_problem(error))
            return
        self.server_url.setText(url or self._ctx.prefs.server_url(profile))
        _show_hint(self.server_hint, "")
        self.serverProfileChanged.emit(profile.value)

    def _address_problem(self, error: ValueError) -> str:
        if isinstance(error, core_errors.InsecureServerAddress):
            return errors.describe(error).sentence
        return self.tr("Not a server address: write it as https://host or https://host:port.")

    # -- network -------------------------------------------------------------
    def _show_proxy_url(self) -> None:
        manual = self.proxy_mode.currentData() == ProxyMode.MANUAL
        self.proxy_url.setVisible(manual)
        self._network_form.labelForField(self.proxy_url).setVisible(manual)
        if not manual:
            _show_hint(self.proxy_hint, "")

    def _proxy_chosen(self) -> None:
        self._show_proxy_url()
        mode = ProxyMode(self.proxy_mode.currentData())
        if mode is ProxyMode.MANUAL and not self.proxy_url.text().strip():
            # Nothing to keep yet: the clerk is about to type the address.
            _show_hint(self.proxy_hint, self.tr("Enter the proxy address."), "info")
            self.proxy_url.setFocus()
            return
        try:
            self._ctx.prefs.set_proxy(mode, self.proxy_url.text())
        except ValueError as error:
            _show_hint(self.proxy_hint, errors.describe(error).sentence)
            return
        _show_hint(self.proxy_hint, "")
        self._network_changed()

    def _choose_ca_bundle(self) -> None:
        path = file_dialogs.open_path(
            self,
            self.tr("Choose a CA certificate file"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.set_ca_bundle(path)

    def set_ca_bundle(self, path: str) -> None:
        """Check a PEM file off the GUI thread and keep it if it holds certificates
        ("" removes the bundle)."""
        if not path:
            self._ctx.prefs.ca_bundle = ""
            self.ca_bundle.clear()
            _show_hint(self.ca_hint, "")
            self._network_changed()
            self.caBundleChecked.emit(True)
            return

        def accepted(_checked: object) -> None:
            self._ctx.prefs.ca_bundle = path
            self.ca_bundle.setText(path)
            _show_hint(
                self.ca_hint,
                self.tr("Added to the trusted certificates for the next sign-in."),
                "success",
            )
            self._network_changed()
            self.caBundleChecked.emit(True)

        def refused(error: BaseException) -> None:
            _show_hint(self.ca_hint, errors.describe(error).sentence)
            self.caBundleChecked.emit(False)

        self._ctx.bridge.run(asyncio.to_thread(check_ca_bundle, path), accepted, refused)

    def _network_changed(self) -> None:
        self._ctx.session.network = self._ctx.prefs.network_options()

    # -- appearance ----------------------------------------------------------
    def _theme_chosen(self) -> None:
        scheme = Theme(self.theme.currentData())
        self._ctx.prefs.theme = scheme
        theme.apply(application(), scheme)

    def _theme_changed(self, _dark: bool) -> None:
        for label in (self.server_hint, self.proxy_hint, self.ca_hint, self.trust_note):
            _colour_hint(label)

    # -- privacy -------------------------------------------------------------
    def _privacy_chosen(self) -> None:
        prefs = self._ctx.prefs
        prefs.retention_days = int(self.retention.currentData())
        prefs.idle_lock_minutes = int(self.idle_lock.currentData())
        self.privacyChanged.emit()

    # -- certificates --------------------------------------------------------
    def _trust_profile_chosen(self) -> None:
        name = str(self.trust_profile.currentData())
        self._ctx.prefs.trust_profile = name
        self.trust_profile.setEnabled(False)

        def switched(_none: object) -> None:
            self.trust_profile.setEnabled(True)
            self._show_trust_note(name)
            self.trustProfileChanged.emit(name)
            self._show_roots()

        def failed(error: BaseException) -> None:
            self.trust_profile.setEnabled(True)
            self.banner.show_error(error)

        # Closing the old verifier's worker processes may take a moment.
        self._ctx.bridge.run(asyncio.to_thread(self._ctx.proof.set_profile, name), switched, failed)

    def _show_trust_note(self, name: str) -> None:
        if name == TEST:
            text = self.tr(
                "Certificates signed under the TEST authority (the demo server's) are VALID. "
                "Never use this profile for real cases."
            )
        else:
            text = self.tr(
                "Only certificates signed under the SSO's production authority are VALID."
            )
        _show_hint(self.trust_note, text, "warning" if name == TEST else "info")

    def _show_roots(self) -> None:
        self._ctx.bridge.run(
            asyncio.to_thread(profile_roots, self._ctx.proof.profile),
            self._roots_loaded,
            self.banner.show_error,
        )

    def _roots_loaded(self, roots: list[RootInfo]) -> None:
        for card in self.root_cards:
            self.roots.removeWidget(card)
            card.deleteLater()
        self.root_cards = [RootCard(root) for root in roots]
        for card in self.root_cards:
            self.roots.addWidget(card)
        self.roots_empty.setVisible(not roots)
        self.rootsShown.emit()

    # -- kept in step with the rest of the window ----------------------------
    def show_server_profile(self, profile: str) -> None:
        """The sign-in screen used another server: show it here too."""
        self.server_profile.blockSignals(True)
        self.server_profile.setCurrentIndex(max(self.server_profile.findData(profile), 0))
        self.server_profile.blockSignals(False)
        self._show_server_url()
