"""Redeem a certificate by tracking code and usage password, see it, and know it genuine."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core import redeem, wording
from desktop.core.certificates.verify import PDF_CHECKS
from desktop.core.redeem import RedeemOutcome
from desktop.ui import file_dialogs, fmt, printing, verdicts
from desktop.ui.context import AppContext
from desktop.ui.fields import ShowToggle
from desktop.ui.request import RequestSlot
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    Translatable,
    align_to_layout,
    force_ltr,
    isolate_ltr,
    scroll_area,
    scrolled_page,
    show_every_row,
    title_label,
)


class RedeemView(Translatable, QWidget):
    redeemed = Signal(object)  # RedeemOutcome
    requestFinished = Signal()
    sessionEnded = Signal(object)  # the SessionExpired that interrupted a redeem

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.outcome: RedeemOutcome | None = None

        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.code = force_ltr(QLineEdit())
        self.code.setMaxLength(24)
        self.password = force_ltr(QLineEdit())
        self.password.setMaxLength(32)
        self.show_password = ShowToggle(self.password)  # masked unless asked
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.show_password)
        self.fetch_button = QPushButton()
        self.fetch_button.setProperty("role", "primary")
        self._code_label = QLabel()
        self._password_label = QLabel()
        self._code_label.setBuddy(self.code)
        self._password_label.setBuddy(self.password)
        # One line, so that the certificate below has the height of the window.
        form_box = QFrame()
        form_box.setProperty("role", "card")
        form = QHBoxLayout(form_box)
        form.addWidget(self._code_label)
        form.addWidget(self.code, 3)
        form.addSpacing(8)
        form.addWidget(self._password_label)
        form.addLayout(password_row, 2)
        form.addSpacing(8)
        form.addWidget(self.fetch_button)
        form_box.setMaximumWidth(900)
        self.banner = Banner()
        self.busy = BusyBar()

        # The verdict beside the document.
        self.verdict = Banner()
        self.person = title_label("big")
        self.birth = title_label("big")
        self.compare = QLabel()
        self.compare.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checks = QListWidget()
        self.trust = QLabel()
        self.trust.setWordWrap(True)
        self.revocation = QLabel()
        self.revocation.setWordWrap(True)
        self.save_pdf = QPushButton()
        self.print_pdf = QPushButton()
        self.save_report = QPushButton()
        self.print_report = QPushButton()
        # Below both the verdict and the document, always in view; two by two, as four
        # long buttons in a row would not fit a narrow window.
        actions = QGridLayout()
        for n, button in enumerate(
            (self.save_pdf, self.print_pdf, self.save_report, self.print_report)
        ):
            actions.addWidget(button, n // 2, n % 2)
        actions.setColumnStretch(2, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.verdict, self.person, self.birth, self.compare, self.facts):
            side_layout.addWidget(widget)
        side_layout.addWidget(self.checks)
        side_layout.addWidget(self.trust)
        side_layout.addWidget(self.revocation)
        side_layout.addStretch(1)

        self.document = QPdfDocument(self)
        self.viewer = QPdfView()
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._pdf_buffer = QBuffer(self)

        # The verdict scrolls beside the document when the window is short, every check
        # in its list at once; the document takes the larger share of the width.
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll_area(side))
        split.addWidget(self.viewer)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.result = QWidget()
        result_layout = QVBoxLayout(self.result)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(split, 1)
        result_layout.addLayout(actions)
        self.result.hide()

        layout = scrolled_page(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(form_box)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.result, 100)
        layout.addStretch(1)  # takes the space while no certificate is shown

        # The certificate shown is the answer to the code and password that asked for it.
        self._request = RequestSlot(ctx.bridge, self._clear_outcome, self.busy, self)
        self._request.busyChanged.connect(lambda busy: self.fetch_button.setEnabled(not busy))
        self._request.finished.connect(self.requestFinished)
        self.code.textEdited.connect(self._request.drop)
        self.password.textEdited.connect(self._request.drop)
        self.code.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.fetch)
        self.fetch_button.clicked.connect(self.fetch)
        self.save_pdf.clicked.connect(self._save_pdf)
        self.print_pdf.clicked.connect(self._print_pdf)
        self.save_report.clicked.connect(self._save_report)
        self.print_report.clicked.connect(self._print_report)
        self.retranslate()

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Redeem a certificate"))
        self.subtitle.setText(
            self.tr("Enter the tracking code and the usage password the person gave you.")
        )
        self._code_label.setText(self.tr("Tracking code"))
        self._password_label.setText(self.tr("Usage password"))
        self.code.setAccessibleName(self.tr("Tracking code"))
        self.password.setAccessibleName(self.tr("Usage password"))
        self.code.setPlaceholderText("1405-1234-5674")
        self.fetch_button.setText(self.tr("Fetch and verify"))
        self.compare.setText(
            self.tr("Compare the name and the date of birth with the person's ID card.")
        )
        self.save_pdf.setText(self.tr("Save the certificate…"))
        self.print_pdf.setText(self.tr("Print the certificate…"))
        self.save_report.setText(self.tr("Save the verification report…"))
        self.print_report.setText(self.tr("Print the verification report…"))
        self.checks.setAccessibleName(self.tr("Checks"))
        if self.outcome is not None:
            self._show(self.outcome)

    # -- fetching ------------------------------------------------------------
    def fetch(self) -> None:
        if self._request.running:
            return
        work = redeem.redeem(
            self._ctx.session,
            self._ctx.proof,
            self.code.text(),
            self.password.text(),
            audit=self._ctx.audit,
        )
        self._request.start(work, self._redeemed, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        if isinstance(error, core_errors.SessionExpired):
            self.sessionEnded.emit(error)

    def _redeemed(self, outcome: RedeemOutcome) -> None:
        self.outcome = outcome
        self.password.clear()  # used once; nothing to keep on screen
        self._pdf_buffer.close()
        self._pdf_buffer.setData(QByteArray(outcome.pdf))
        self._pdf_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._pdf_buffer)
        self._show(outcome)
        self.result.show()
        self.redeemed.emit(outcome)

    def _clear_outcome(self) -> None:
        self.outcome = None
        self.result.hide()
        for label in (self.person, self.birth, self.facts, self.trust, self.revocation):
            label.clear()
        self.checks.clear()
        self.document.close()
        self._pdf_buffer.close()
        self._pdf_buffer.setData(QByteArray())
        self.banner.hide()

    def clear_personal_data(self) -> None:
        """On sign-out or a wipe: the certificate and what was typed leave the screen,
        and a certificate still on its way is not shown."""
        self._request.drop()
        self.code.clear()
        self.password.clear()

    # -- showing -------------------------------------------------------------
    def _show(self, outcome: RedeemOutcome) -> None:
        v = outcome.verification
        claims = outcome.claims
        self.verdict.show_message(
            verdicts.banner_kind(v.verdict),
            lambda: verdicts.verdict_text(v.verdict),
            lambda: verdicts.reason_text(v),
        )
        self.person.setText(f"{claims.get('first_name') or ''} {claims.get('last_name') or ''}")
        birth = claims.get("birth_date")
        birth_date = dt.date.fromisoformat(birth) if birth else None
        self.birth.setText(
            self.tr("Born %1").replace("%1", fmt.date(birth_date)) if birth_date else ""
        )
        self.birth.setToolTip(fmt.gregorian(birth_date))
        facts = [
            (self.tr("National ID"), fmt.number(claims.get("national_id"))),
            (self.tr("Status"), fmt.word(wording.STATUS, claims.get("status"))),
            (self.tr("Serial"), isolate_ltr(str(claims.get("serial") or "—"))),
            (self.tr("SHA-256"), isolate_ltr(outcome.sha256[:16] + "…")),
        ]
        self.facts.setText("\n".join(f"{name}: {value}" for name, value in facts))
        align_to_layout(self.facts)
        self.checks.clear()
        for name, _verdict in PDF_CHECKS:
            self.checks.addItem(verdicts.check_line(v, name))
        show_every_row(self.checks)
        self.trust.setText(verdicts.profile_text(v.profile))
        self.revocation.setText(verdicts.revocation_text(v.revocation))

    # -- saving and printing -------------------------------------------------
    def _shown(self) -> RedeemOutcome:
        """The certificate on screen; saving and printing are offered only while one is."""
        if self.outcome is None:
            raise RuntimeError("no certificate is shown")
        return self.outcome

    def _suggested(self, suffix: str) -> str:
        serial = (self._shown().claims or {}).get("serial", "certificate")
        return str(Path.home() / f"sso-certificate-{serial}{suffix}")

    def _save_pdf(self) -> None:
        path = file_dialogs.save_path(
            self, self.tr("Save the certificate"), self._suggested(".pdf"), "PDF (*.pdf)"
        )
        if path:
            self._ctx.bridge.run(
                asyncio.to_thread(redeem.save_pdf, self._shown(), path),
                lambda _written: self.banner.show_saved(path),
                self.banner.show_error,
            )

    def _print_pdf(self) -> None:
        printing.ask_and_print(self, self._shown().pdf)

    def _save_report(self) -> None:
        path = file_dialogs.save_path(
            self,
            self.tr("Save the verification report"),
            self._suggested("-verification.pdf"),
            "PDF (*.pdf)",
        )
        if path:
            self.save_report_to(path)

    def _print_report(self) -> None:
        """The report is drawn to a temporary PDF off the GUI thread, then printed."""
        outcome, me = self._shown(), self._ctx.session.me

        def draw() -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "report.pdf"
                redeem.write_report(outcome, me, path)
                return path.read_bytes()

        self._ctx.bridge.run(
            asyncio.to_thread(draw), partial(printing.ask_and_print, self), self.banner.show_error
        )

    def save_report_to(self, path: str) -> Any:
        me = self._ctx.session.me
        return self._ctx.bridge.run(
            asyncio.to_thread(redeem.write_report, self._shown(), me, Path(path)),
            lambda _written: self.banner.show_saved(path),
            self.banner.show_error,
        )
