"""History's second tab: the agency's record at the SSO, and the signed-in clerk's lines
in it held against this computer's trail (desktop.core.history compares them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core import wording
from desktop.core.history import AgencyRecordItem, Comparison
from desktop.ui import fmt, theme
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.widgets import isolate, isolate_ltr, record_table


class AgencyRecordTab(QWidget):
    """The lines and the comparison; the screen runs the fetch (one request at a time
    across its tabs) and hands the answer to show_record."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._comparison: Comparison | None = None
        self.server_note = QLabel()
        self.server_note.setWordWrap(True)
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.fetch_button = QPushButton()
        line = QHBoxLayout()
        line.addWidget(self.server_note, 1)
        line.addWidget(self.fetch_button)
        columns: list[tuple[Callable[[], str], Callable[[AgencyRecordItem], str]]] = [
            (lambda: self.tr("Time"), lambda i: fmt.datetime(i.at)),
            (lambda: self.tr("Clerk"), lambda i: isolate_ltr(i.username)),
            (lambda: self.tr("Kind"), self._server_kind),
            (lambda: self.tr("Case reference"), lambda i: isolate(i.case_reference or "")),
            (
                lambda: self.tr("National ID"),
                lambda i: isolate_ltr(localize_digits(i.national_id_masked)),
            ),
            (lambda: self.tr("Outcome"), self._server_outcome),
            (lambda: self.tr("Server reference"), lambda i: isolate_ltr(i.reference)),
        ]
        self.server_model = ListTableModel(columns)
        self.server_table = record_table(self.server_model)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.comparison)
        layout.addWidget(self.server_table, 1)

    def retranslate(self) -> None:
        self.fetch_button.setText(self.tr("Fetch the agency's record"))
        self.server_table.setAccessibleName(self.tr("The agency's record at the SSO"))
        self.server_model.retranslate()
        self._show_comparison()

    def show_note(self, idle: bool) -> None:
        """What the tab holds, or that it needs a signed-in clerk; the fetch button is
        enabled when one is signed in and the screen has no request under way."""
        signed_in = self._ctx.session.signed_in
        self.fetch_button.setEnabled(signed_in and idle)
        self.server_note.setText(
            self.tr(
                "What the SSO recorded for your agency: every clerk's inquiries and "
                "redeems, national IDs masked. It cannot be changed from this computer; "
                "your own lines are checked against this computer's trail."
            )
            if signed_in
            else self.tr("Sign in to see the agency's record at the SSO.")
        )

    def show_record(self, answer: tuple[list[AgencyRecordItem], Comparison]) -> None:
        items, self._comparison = answer
        self.server_model.set_items(items)
        self._show_comparison()

    def clear(self) -> None:
        """No line and no comparison stays (sign-out and lock)."""
        self._comparison = None
        self.server_model.set_items([])
        self._show_comparison()

    def _show_comparison(self) -> None:
        comparison = self._comparison
        if comparison is None:
            self.comparison.clear()
            return
        if comparison.ok:
            text = self.tr(
                "✓ Each of your %1 look-ups in the SSO's record has its record on this computer."
            ).replace("%1", fmt.count(comparison.lines))
        else:
            references = ", ".join(i.reference for i in comparison.missing[:5])
            text = (
                self.tr(
                    "⚠ %1 of your %2 look-ups the SSO recorded have no record on this "
                    "computer (%3): removed here, or made from another computer."
                )
                .replace("%1", fmt.count(len(comparison.missing)))
                .replace("%2", fmt.count(comparison.lines))
                .replace("%3", isolate_ltr(references))
            )
        if not comparison.complete and comparison.since is not None:
            text += " " + self.tr("Only lines since %1 were compared.").replace(
                "%1", fmt.datetime(comparison.since)
            )
        self.comparison.setText(text)
        self.comparison.setStyleSheet(
            f"color: {theme.COLORS['success' if comparison.ok else 'error'][0]};"
        )

    def _server_kind(self, item: AgencyRecordItem) -> str:
        kind = "inquiry" if item.kind == "inquiry" else "redeem"
        return fmt.word(wording.AUDIT_KIND, kind)

    def _server_outcome(self, item: AgencyRecordItem) -> str:
        if item.outcome == "redeemed":
            return self.tr("Redeemed")
        return fmt.word(wording.STATUS, item.outcome)
