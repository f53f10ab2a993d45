"""Offline verification of certificate PDFs and scans of printouts; nothing leaves the desk."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import proof as proof_files
from desktop.core import redeem, wording
from desktop.core.audit import Actor
from desktop.core.certificates import TEST, RevocationState, Verification
from desktop.core.certificates.verify import IMAGE_CHECKS, PDF_CHECKS
from desktop.core.proof import QR_CLAIMS, is_scan
from desktop.ui import file_dialogs, fmt, theme, verdicts
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.request import RequestSlot
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    ColumnFit,
    DropZone,
    Translatable,
    isolate,
    isolate_ltr,
    scroll_area,
    scrolled_page,
    title_label,
    with_details,
)
from desktop.views.scan import ScanBar, scan_problem, source_text


def claim(v: Verification, key: str) -> str:
    return str((v.claims or {}).get(key) or "")


class VerifyView(Translatable, QWidget):
    verified = Signal()  # a round of checks is complete

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._revocation: RevocationState | None = None
        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.trust = QLabel()
        self.trust.setWordWrap(True)
        self.revocation = QLabel()
        self.revocation.setWordWrap(True)
        self.update_button = QPushButton()
        revocation_line = QHBoxLayout()
        revocation_line.addWidget(self.revocation, 1)
        revocation_line.addWidget(self.update_button)
        self.banner = Banner()
        self.busy = BusyBar()

        self.drop = DropZone(multiple=True)
        self.drop.setMinimumHeight(48)  # room for the table and a scan's details at 720 px
        self.open_files = QPushButton()
        self.open_folder = QPushButton()
        self.clear_button = QPushButton()
        self.export_button = QPushButton()
        # The count of files checked between the buttons that add and those that take
        # the results away: one line fewer above the table.
        self.summary = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_files)
        buttons.addWidget(self.open_folder)
        buttons.addSpacing(12)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.clear_button)
        # A printout at the counter: a handheld scanner or the camera reads its QR code.
        self.scan_bar = ScanBar(ctx)

        columns: list[tuple[Callable[[], str], Callable[[Verification], str]]] = [
            (
                lambda: self.tr("File"),
                lambda v: source_text(v.source) or isolate(Path(v.source or "").name),
            ),
            (lambda: self.tr("Verdict"), verdicts.verification_text),
            (
                lambda: self.tr("Name"),
                lambda v: f"{claim(v, 'first_name')} {claim(v, 'last_name')}".strip(),
            ),
            (lambda: self.tr("National ID"), lambda v: localize_digits(claim(v, "national_id"))),
            (lambda: self.tr("Serial"), lambda v: isolate_ltr(claim(v, "serial"))),
        ]
        self.model = ListTableModel(columns, colour=self._colour)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        ColumnFit(self.table)
        self.splitter, self.details_title, self.details = with_details(self.table)
        # A scan's QR claims beside its checks, large, to hold against the printed page;
        # scrolled when the window is short rather than pushing it past the screen.
        self.scan = ScanClaims()
        self.scan_area = scroll_area(self.scan)
        self.scan_area.hide()
        holder = self.details.parentWidget()
        box = holder.layout() if holder is not None else None
        assert isinstance(box, QVBoxLayout)
        box.removeWidget(self.details)
        beside = QHBoxLayout()
        beside.addWidget(self.scan_area, 3)
        beside.addWidget(self.details, 2)
        box.addLayout(beside, 1)

        layout = scrolled_page(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.trust)
        layout.addLayout(revocation_line)
        layout.addSpacing(6)
        layout.addWidget(self.drop)
        layout.addLayout(buttons)
        layout.addWidget(self.scan_bar)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        # The list shown is the answer to the files last given; a new set replaces it.
        self._request = RequestSlot(ctx.bridge, self.clear, self.busy, self)
        self._request.finished.connect(self.verified)
        self.drop.dropped.connect(self.verify_paths)
        self.open_files.clicked.connect(self._choose_files)
        self.open_folder.clicked.connect(self._choose_folder)
        self.clear_button.clicked.connect(self._request.drop)
        self.export_button.clicked.connect(self._choose_export)
        self.update_button.clicked.connect(self.update_revocations)
        self.scan_bar.bind = self._request.bound
        self.scan_bar.checked.connect(self.add_scan)
        self.scan_bar.failed.connect(self.banner.show_error)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show(cur.row()))
        self.retranslate()

    # -- texts ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Check certificates offline"))
        self.subtitle.setText(
            self.tr("Certificate PDFs, or scans and photos of printouts. Nothing is sent anywhere.")
        )
        self.drop.label.setText(self.tr("Drop certificate files or folders here."))
        self.open_files.setText(self.tr("Open files…"))
        self.open_folder.setText(self.tr("Open a folder…"))
        self.clear_button.setText(self.tr("Clear the list"))
        self.export_button.setText(self.tr("Export the results…"))
        self.update_button.setText(self.tr("Update the revocation list"))
        self.table.setAccessibleName(self.tr("Checked files"))
        self.details.setAccessibleName(self.tr("Checks of the selected file"))
        self.model.retranslate()
        self.scan.retranslate()
        self._show_trust()
        self._show_summary()
        self._show(self.table.currentIndex().row())

    def showEvent(self, event: QShowEvent) -> None:
        # The revocation list's age changes while the app runs: look again on each visit.
        self.refresh_revocation()
        super().showEvent(event)

    def refresh_revocation(self) -> None:
        self._ctx.bridge.run(
            asyncio.to_thread(self._ctx.proof.revocation_state),
            self._revocation_loaded,
            self.banner.show_error,
        )

    def update_revocations(self) -> BackgroundJob | None:
        """Fetch the SSO's signed revocation list now (online), for the checks to come."""
        session, proof = self._ctx.session, self._ctx.proof
        if not session.signed_in:
            self.banner.show_message(
                "warning", lambda: self.tr("Sign in first: the revocation list comes from the SSO.")
            )
            return None

        async def work() -> None:
            await redeem.sync_revocations(session, proof.cache, proof.trust)
            await asyncio.to_thread(proof.reload)

        self.banner.hide()
        job = self._ctx.bridge.run(
            work(), lambda _none: self.refresh_revocation(), self.banner.show_error
        )
        return job

    def _revocation_loaded(self, state: RevocationState) -> None:
        self._revocation = state
        self._show_trust()

    def _show_trust(self) -> None:
        """The trust profile in use and the age of the revocation list, always in view."""
        profile = self._ctx.proof.profile
        self.trust.setText(verdicts.profile_text(profile))
        kind = "warning" if profile == TEST else "info"
        self.trust.setStyleSheet(f"color: {theme.COLORS[kind][0]}; font-weight: bold;")
        if self._revocation is not None:
            self.revocation.setText(verdicts.revocation_text(self._revocation))

    # -- checking ------------------------------------------------------------
    def _choose_files(self) -> None:
        paths = file_dialogs.open_paths(
            self,
            self.tr("Open certificates"),
            "",
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg);;All files (*)"),
        )
        if paths:
            self.verify_paths(paths)

    def _choose_folder(self) -> None:
        folder = file_dialogs.folder_path(self, self.tr("Open a folder of certificates"))
        if folder:
            self.verify_paths([folder])

    def verify_paths(self, paths: list[str]) -> None:
        if self._request.running:
            return
        proof, audit = self._ctx.proof, self._ctx.audit
        actor = Actor.local(self._ctx.session.me)

        async def work(report: Callable[[object], None]) -> int:
            files = await asyncio.to_thread(proof_files.collect, paths)
            chunks = proof.check(files, audit=audit, actor=actor)
            # One chunk per round trip to the worker thread: a cancel stops between them.
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                report(chunk)
            return len(files)

        self._request.start(work, self._all_checked, self.banner.show_error, self._add_results)

    def _add_results(self, results: list[Verification]) -> None:
        self.model.append_items(results)
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_summary()

    def add_scan(self, verification: Verification) -> None:
        """A counter scan's verdict: a row of its own, selected, so its card shows."""
        self.model.append_items([verification])
        last = self.model.index(self.model.rowCount() - 1, 0)
        self.table.setCurrentIndex(last)
        self.table.scrollTo(last)
        self._show_summary()
        if problem := scan_problem(verification):
            self.banner.show_message("warning", problem)
        else:
            self.banner.hide()
        self.verified.emit()

    def _all_checked(self, count: int) -> None:
        if count == 0:
            self.banner.show_message(
                "warning", lambda: self.tr("No certificate files were found there.")
            )

    def _choose_export(self) -> None:
        path = file_dialogs.save_path(
            self,
            self.tr("Export the results"),
            str(Path.home() / "verification.csv"),
            "CSV (*.csv)",
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> BackgroundJob:
        results = self.model.items()
        return self._ctx.bridge.run(
            asyncio.to_thread(proof_files.export_verifications, path, results),
            self.banner.show_saved,
            self.banner.show_error,
        )

    def clear(self) -> None:
        self.banner.hide()
        self.model.set_items([])
        self.details.clear()
        self.details_title.clear()
        self.scan_area.hide()
        self._show_summary()

    # -- showing -------------------------------------------------------------
    def _colour(self, v: Verification) -> QColor:
        return QColor(theme.COLORS[verdicts.banner_kind(v.verdict)][0])

    def _show_summary(self) -> None:
        results = self.model.items()
        self.export_button.setEnabled(bool(results))
        valid = sum(1 for v in results if v.ok)
        self.summary.setText(
            ""
            if not results
            else self.tr("%1 files checked, %2 genuine.")
            .replace("%1", localize_digits(str(len(results))))
            .replace("%2", localize_digits(str(valid)))
        )

    def _make_room_for_scan(self) -> None:
        """Move the splitter down to the scan's card's height, keeping the table's row in
        view (the one selected, scrolled to)."""
        self.scan.adjustSize()
        short = self.scan.sizeHint().height() - self.scan_area.viewport().height()
        top, bottom = self.splitter.sizes()
        table = self.table
        kept = table.horizontalHeader().height() + table.verticalHeader().defaultSectionSize()
        if table.horizontalScrollBar().isVisible():
            kept += table.horizontalScrollBar().height()
        spare = top - kept - 4
        if short > 0 and spare > 0:
            give = min(short, spare)
            self.splitter.setSizes([top - give, bottom + give])

    def _show(self, row: int) -> None:
        self.details.clear()
        if row < 0 or row >= self.model.rowCount():
            self.details_title.clear()
            self.scan_area.hide()
            return
        v: Verification = self.model.item(row)
        self.scan_area.setVisible(self.scan.show_claims(v))
        if self.scan_area.isVisible():
            self._make_room_for_scan()
            self.table.scrollTo(self.model.index(row, 0))  # the row stays in the rows left
        title = verdicts.verification_text(v)
        if reason := verdicts.reason_text(v):
            title += f"\n{reason}"
        self.details_title.setText(title)
        self.details_title.setStyleSheet(f"color: {self._colour(v).name()};")
        order = PDF_CHECKS if v.kind == "pdf" else IMAGE_CHECKS
        for name, _verdict in order:
            self.details.addItem(verdicts.check_line(v, name))
        self.details.addItem(verdicts.revocation_text(v.revocation))


class ScanClaims(Translatable, QFrame):
    """What a scan's QR code states, large, and what its check could not cover: the
    clerk holds these against the printed page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.not_checked = QLabel()
        self.not_checked.setWordWrap(True)
        # A label and its value a line, the values large: in two columns the values
        # ran past the card's edge beside the checks.
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(10)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        large = QFont(self.font())
        large.setPointSizeF(large.pointSizeF() * 1.4)
        large.setBold(True)
        for n, key in enumerate(QR_CLAIMS):
            value = QLabel()
            value.setFont(large)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key], self.values[key] = QLabel(), value
            grid.addWidget(self.labels[key], n, 0)
            grid.addWidget(value, n, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.not_checked)
        layout.addLayout(grid)
        layout.addStretch(1)
        self._shown: Verification | None = None
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "national_id": self.tr("National ID"),
            "status": self.tr("Status"),
            "serial": self.tr("Serial"),
            "issued_at": self.tr("Issued"),
            "expires_at": self.tr("Valid until"),
        }
        for key, label in self.labels.items():
            label.setText(names[key])
            self.values[key].setAccessibleName(names[key])
        parts = [fmt.word(wording.SCAN_NOT_CHECKED, code) for code in wording.SCAN_NOT_CHECKED]
        self.not_checked.setText(
            self.tr("Not checked, as a scan proves its QR code only: %1.").replace(
                "%1", self.tr("; ").join(parts)
            )
        )
        self.not_checked.setStyleSheet(f"color: {theme.COLORS['warning'][0]};")
        if self._shown is not None:
            self.show_claims(self._shown)

    def show_claims(self, verification: Verification) -> bool:
        """Fill in a scan's claims; False (nothing to show) for anything else."""
        claims = verification.claims
        if not is_scan(verification) or not claims:
            self._shown = None
            return False
        self._shown = verification
        moments = {key: _moment(claims.get(key)) for key in ("issued_at", "expires_at")}
        texts = {
            "national_id": isolate_ltr(localize_digits(str(claims.get("national_id") or "—"))),
            "status": fmt.word(wording.STATUS, claims.get("status")),
            "serial": isolate_ltr(localize_digits(str(claims.get("serial") or "—"))),
            "issued_at": fmt.datetime(moments["issued_at"]),
            "expires_at": fmt.datetime(moments["expires_at"]),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        for key, moment in moments.items():
            self.values[key].setToolTip(fmt.gregorian(moment))
        return True


def _moment(value: object) -> dt.datetime | None:
    """A claim's time as the verifier writes it ("2026-11-25T08:00:00Z")."""
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
