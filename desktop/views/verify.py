"""Offline verification of certificate PDFs and scans of printouts; nothing leaves the desk."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import proof as proof_files
from desktop.core import redeem
from desktop.core.audit import Actor, record_verifications
from desktop.core.certificates import TEST, RevocationState, Verification
from desktop.core.certificates.verify import IMAGE_CHECKS, PDF_CHECKS
from desktop.ui import theme, verdicts
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    DropZone,
    Translatable,
    isolate,
    isolate_ltr,
    title_label,
    with_details,
)

#: Files verified per round trip to the worker: the table grows in steps, not per file.
CHUNK = 16


def claim(v: Verification, key: str) -> str:
    return str((v.claims or {}).get(key) or "")


class VerifyView(Translatable, QWidget):
    verified = Signal()  # a round of checks is complete

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: BackgroundJob | None = None
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
        self.open_files = QPushButton()
        self.open_folder = QPushButton()
        self.clear_button = QPushButton()
        self.export_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.open_files, self.open_folder, self.export_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        columns: list[tuple[Callable[[], str], Callable[[Verification], str]]] = [
            (lambda: self.tr("File"), lambda v: isolate(Path(v.source or "").name)),
            (lambda: self.tr("Verdict"), lambda v: verdicts.verdict_text(v.verdict)),
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
        header = self.table.horizontalHeader()
        for column, width in enumerate((220, 0, 160, 110, 160)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        splitter, self.details_title, self.details = with_details(self.table)
        self.summary = QLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.trust)
        layout.addLayout(revocation_line)
        layout.addSpacing(6)
        layout.addWidget(self.drop)
        layout.addLayout(buttons)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.drop.dropped.connect(self.verify_paths)
        self.open_files.clicked.connect(self._choose_files)
        self.open_folder.clicked.connect(self._choose_folder)
        self.clear_button.clicked.connect(self.clear)
        self.export_button.clicked.connect(self._choose_export)
        self.update_button.clicked.connect(self.update_revocations)
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
                "warning", self.tr("Sign in first: the revocation list comes from the SSO.")
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
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open certificates"),
            "",
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg);;All files (*)"),
        )
        if paths:
            self.verify_paths(paths)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of certificates"))
        if folder:
            self.verify_paths([folder])

    def verify_paths(self, paths: list[str]) -> None:
        if self._job is not None:
            return
        self.banner.hide()
        self.busy.show()
        proof, audit = self._ctx.proof, self._ctx.audit
        actor = Actor.local(self._ctx.session.me)

        def check(chunk: list[Path]) -> list[Verification]:
            results = [proof.verify_path(p) for p in chunk]
            record_verifications(audit, actor, results)
            return results

        async def work(report: Callable[[object], None]) -> int:
            files = await asyncio.to_thread(proof_files.collect, paths)
            for start in range(0, len(files), CHUNK):
                report(await asyncio.to_thread(check, files[start : start + CHUNK]))
            return len(files)

        self._job = self._ctx.bridge.run(
            work, self._all_checked, self.banner.show_error, self._add_results
        )
        self._job.finished.connect(self._done)

    def _add_results(self, results: list[Verification]) -> None:
        self.model.append_items(results)
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_summary()

    def _all_checked(self, count: int) -> None:
        if count == 0:
            self.banner.show_message("warning", self.tr("No certificate files were found there."))

    def _done(self) -> None:
        self._job = None
        self.busy.hide()
        self.verified.emit()

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
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
            lambda written: self.banner.show_message(
                "success", self.tr("Saved to %1").replace("%1", isolate(str(written)))
            ),
            self.banner.show_error,
        )

    def clear(self) -> None:
        self.model.set_items([])
        self.details.clear()
        self.details_title.clear()
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

    def _show(self, row: int) -> None:
        self.details.clear()
        if row < 0 or row >= self.model.rowCount():
            self.details_title.clear()
            return
        v: Verification = self.model.item(row)
        title = verdicts.verdict_text(v.verdict)
        if v.reason:
            title += f"\n{v.reason}"
        self.details_title.setText(title)
        self.details_title.setStyleSheet(f"color: {self._colour(v).name()};")
        order = PDF_CHECKS if v.kind == "pdf" else IMAGE_CHECKS
        for name, _verdict in order:
            self.details.addItem(verdicts.check_line(v, name))
        self.details.addItem(verdicts.revocation_text(v.revocation))
