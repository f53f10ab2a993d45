"""The signed-in clerk's summary above the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.core import wording
from desktop.core.session import Me
from desktop.ui import fmt
from desktop.ui.widgets import align_to_layout, isolate, isolate_ltr


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
        # A long agency name wraps rather than widen the window; it takes the room the
        # MoU and the quota leave.
        self.agency.setWordWrap(True)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.clerk)
        details = QHBoxLayout()
        details.setSpacing(24)
        details.addWidget(self.agency, 1)
        details.addWidget(self.mou)
        details.addWidget(self.quota)
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
