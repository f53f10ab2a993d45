"""Settings' network section: the proxy, and extra CA certificates for an agency network
that inspects secure connections. Both apply from the next sign-in."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core.servers import ProxyMode, check_ca_bundle
from desktop.ui import errors, file_dialogs
from desktop.ui.context import AppContext
from desktop.ui.fields import FieldHint
from desktop.ui.widgets import force_ltr, name_items


class NetworkSection(QGroupBox):
    caBundleChecked = Signal(bool)  # a chosen CA bundle was accepted (or not)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.proxy_mode = QComboBox()
        for mode in (ProxyMode.SYSTEM, ProxyMode.NONE, ProxyMode.MANUAL):
            self.proxy_mode.addItem("", mode.value)
        self.proxy_url = force_ltr(QLineEdit())
        self.proxy_hint = FieldHint()
        self.ca_bundle = force_ltr(QLineEdit())
        self.ca_bundle.setReadOnly(True)
        self.ca_choose = QPushButton()
        self.ca_clear = QPushButton()
        self.ca_hint = FieldHint()
        self.network_note = QLabel()
        self.network_note.setWordWrap(True)
        self.network_note.setProperty("role", "subtitle")
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_choose)
        ca_row.addWidget(self.ca_clear)
        self._proxy_label, self._proxy_url_label, self._ca_label = QLabel(), QLabel(), QLabel()
        network_form = QFormLayout(self)
        network_form.addRow(self._proxy_label, self.proxy_mode)
        network_form.addRow(self._proxy_url_label, self.proxy_url)
        network_form.addRow("", self.proxy_hint)
        network_form.addRow(self._ca_label, ca_row)
        network_form.addRow("", self.ca_hint)
        network_form.addRow(self.network_note)
        self._network_form = network_form

        prefs = ctx.prefs
        self.proxy_mode.setCurrentIndex(max(self.proxy_mode.findData(prefs.proxy_mode.value), 0))
        self.proxy_url.setText(prefs.proxy_url)
        self.ca_bundle.setText(prefs.ca_bundle)
        self._show_proxy_url()
        self.proxy_mode.currentIndexChanged.connect(self._proxy_chosen)
        self.proxy_url.editingFinished.connect(self._proxy_chosen)
        self.ca_choose.clicked.connect(self._choose_ca_bundle)
        self.ca_clear.clicked.connect(lambda: self.set_ca_bundle(""))

    def labels(self) -> list[QLabel]:
        """The field names, for one label column across the sections."""
        return [self._proxy_label, self._proxy_url_label, self._ca_label]

    def retranslate(self) -> None:
        self.setTitle(self.tr("Network"))
        self._proxy_label.setText(self.tr("Proxy"))
        self._proxy_url_label.setText(self.tr("Proxy address"))
        self.proxy_url.setPlaceholderText("http://proxy.example:8080")
        name_items(
            self.proxy_mode,
            {
                ProxyMode.SYSTEM: self.tr("As the system sets it (environment)"),
                ProxyMode.NONE: self.tr("No proxy"),
                ProxyMode.MANUAL: self.tr("This proxy…"),
            },
        )
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
        for widget, name in (
            (self.proxy_mode, self.tr("Proxy")),
            (self.proxy_url, self.tr("Proxy address")),
            (self.ca_bundle, self.tr("Extra CA certificates")),
        ):
            widget.setAccessibleName(name)

    def _show_proxy_url(self) -> None:
        manual = self.proxy_mode.currentData() == ProxyMode.MANUAL
        self.proxy_url.setVisible(manual)
        self._network_form.labelForField(self.proxy_url).setVisible(manual)
        if not manual:
            self.proxy_hint.say("")

    def _proxy_chosen(self) -> None:
        self._show_proxy_url()
        mode = ProxyMode(self.proxy_mode.currentData())
        if mode is ProxyMode.MANUAL and not self.proxy_url.text().strip():
            # Nothing to keep yet: the clerk is about to type the address.
            self.proxy_hint.say(self.tr("Enter the proxy address."), "info")
            self.proxy_url.setFocus()
            return
        try:
            self._ctx.prefs.set_proxy(mode, self.proxy_url.text())
        except ValueError as error:
            self.proxy_hint.say(errors.describe(error).sentence)
            return
        self.proxy_hint.say("")
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
            self.ca_hint.say("")
            self._network_changed()
            self.caBundleChecked.emit(True)
            return

        def accepted(_checked: object) -> None:
            self._ctx.prefs.ca_bundle = path
            self.ca_bundle.setText(path)
            self.ca_hint.say(
                self.tr("Added to the trusted certificates for the next sign-in."),
                "success",
            )
            self._network_changed()
            self.caBundleChecked.emit(True)

        def refused(error: BaseException) -> None:
            self.ca_hint.say(errors.describe(error).sentence)
            self.caBundleChecked.emit(False)

        self._ctx.bridge.run(asyncio.to_thread(check_ca_bundle, path), accepted, refused)

    def _network_changed(self) -> None:
        self._ctx.session.network = self._ctx.prefs.network_options()
