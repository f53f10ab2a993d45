"""Settings' certificates section: which authority's certificates are VALID (the test
profile or the SSO's production one), and the trusted roots of that profile."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.certificates import PRODUCTION, TEST
from desktop.core.certificates.roots import RootInfo, profile_roots
from desktop.ui import fmt
from desktop.ui.context import AppContext
from desktop.ui.fields import FieldHint
from desktop.ui.widgets import Banner, force_ltr, isolate_ltr


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


class TrustSection(QGroupBox):
    profileChanged = Signal(str)  # the verifier now uses this profile
    rootsShown = Signal()  # the trust roots of the chosen profile are listed

    def __init__(self, ctx: AppContext, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.banner = banner  # the screen's, for a switch or a list that failed
        self.trust_profile = QComboBox()
        for name in (TEST, PRODUCTION):
            self.trust_profile.addItem("", name)
        self.trust_note = FieldHint()
        self.roots_title = QLabel()
        self.roots_title.setProperty("role", "field-name")
        self.roots_empty = QLabel()
        self.roots_empty.setWordWrap(True)
        self.roots = QVBoxLayout()
        self.root_cards: list[RootCard] = []
        self._trust_label = QLabel()
        certificates_form = QFormLayout(self)
        certificates_form.addRow(self._trust_label, self.trust_profile)
        certificates_form.addRow("", self.trust_note)
        certificates_form.addRow(self.roots_title)
        certificates_form.addRow(self.roots_empty)
        certificates_form.addRow(self.roots)
        self.trust_profile.setCurrentIndex(max(self.trust_profile.findData(ctx.proof.profile), 0))
        self.trust_profile.currentIndexChanged.connect(self._trust_profile_chosen)
        self._show_roots()

    def labels(self) -> list[QLabel]:
        """The field names, for one label column across the sections."""
        return [self._trust_label]

    def retranslate(self) -> None:
        self.setTitle(self.tr("Certificates"))
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
        self.trust_profile.setAccessibleName(self.tr("Trust"))
        for card in self.root_cards:
            card.retranslate()

    def _trust_profile_chosen(self) -> None:
        name = str(self.trust_profile.currentData())
        self._ctx.prefs.trust_profile = name
        self.trust_profile.setEnabled(False)

        def switched(_none: object) -> None:
            self.trust_profile.setEnabled(True)
            self._show_trust_note(name)
            self.profileChanged.emit(name)
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
        self.trust_note.say(text, "warning" if name == TEST else "info")

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
