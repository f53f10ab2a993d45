"""The bulk inquiry's first page: where the IDs come from (a file dropped or opened, or
pasted text), and the jobs a crash, a closed window or a stop left unfinished (listed
and discarded by UnfinishedJobs)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.jobs import Job, JobState, JobSummary, Owner
from desktop.ui import fmt
from desktop.ui.context import AppContext
from desktop.ui.widgets import DropZone, Translatable, isolate


class SourcePage(Translatable, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unfinished: list[tuple[Job, JobSummary]] = []
        self.drop = DropZone(multiple=False)
        self.open_button = QPushButton()
        self.paste_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        self.unfinished_title = QLabel()
        self.unfinished = QListWidget()
        self.resume_button = QPushButton()
        self.discard_button = QPushButton()
        unfinished_buttons = QHBoxLayout()
        unfinished_buttons.addWidget(self.resume_button)
        unfinished_buttons.addWidget(self.discard_button)
        unfinished_buttons.addStretch(1)
        self.unfinished_box = QFrame()
        self.unfinished_box.setProperty("role", "card")
        unfinished_layout = QVBoxLayout(self.unfinished_box)
        unfinished_layout.addWidget(self.unfinished_title)
        unfinished_layout.addWidget(self.unfinished)
        unfinished_layout.addLayout(unfinished_buttons)
        self.unfinished_box.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.drop)
        layout.addLayout(buttons)
        layout.addWidget(self.unfinished_box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.drop.label.setText(
            self.tr("Drop a spreadsheet here (xlsx, xls, ods, csv or text),\nor open one below.")
        )
        self.open_button.setText(self.tr("Open a file…"))
        self.paste_button.setText(self.tr("Paste IDs from the clipboard"))
        self.unfinished_title.setText(
            self.tr(
                "Unfinished bulk inquiries: resume one, and only the rows "
                "not yet answered are sent."
            )
        )
        self.unfinished.setAccessibleName(self.tr("Unfinished bulk inquiries"))
        self.resume_button.setText(self.tr("Resume"))
        self.discard_button.setText(self.tr("Discard"))
        self.show_unfinished(self._unfinished)

    def show_unfinished(self, jobs: list[tuple[Job, JobSummary]]) -> None:
        self._unfinished = jobs
        self.unfinished.clear()
        for job, summary in jobs:
            self.unfinished.addItem(
                self.tr("%1, case %2: %3 of %4 answered")
                .replace("%1", isolate(job.source_name))
                .replace("%2", isolate(job.case_reference or "—"))
                .replace("%3", fmt.count(summary.answered))
                .replace("%4", fmt.count(summary.valid))
            )
        self.unfinished_box.setVisible(bool(jobs))
        if jobs:
            self.unfinished.setCurrentRow(0)

    def selected(self) -> Job | None:
        row = self.unfinished.currentRow()
        return self._unfinished[row][0] if 0 <= row < len(self._unfinished) else None


class UnfinishedJobs(QObject):
    """The signed-in clerk's jobs left unfinished, read off the GUI thread and listed on
    the source page; one chosen there is resumed (by the screen) or discarded."""

    resumeRequested = Signal(object)  # Job

    def __init__(
        self, ctx: AppContext, page: SourcePage, owner: Callable[[], Owner | None]
    ) -> None:
        """`owner`: the signed-in clerk, whose jobs alone are listed."""
        super().__init__(page)
        self._ctx = ctx
        self._page = page
        self._owner = owner
        self._listing: Owner | None = None  # whose unfinished jobs are being listed
        page.resume_button.clicked.connect(self._resume_selected)
        page.discard_button.clicked.connect(self._discard_selected)

    def refresh(self) -> None:
        """Offer the signed-in clerk's jobs a crash, a closed window or a stop left
        unfinished (none while nobody is signed in)."""
        owner = self._owner()
        self._listing = owner
        if owner is None:
            self._page.show_unfinished([])
            return

        def load() -> list[tuple[Job, JobSummary]]:
            store = self._ctx.job_store()
            return [(j, store.summary(j.id)) for j in store.jobs(owner) if not j.finished]

        def show(jobs: list[tuple[Job, JobSummary]]) -> None:
            if self._listing is owner:  # not signed out or another clerk meanwhile
                self._page.show_unfinished(jobs)

        self._ctx.bridge.run(asyncio.to_thread(load), show)

    def clear(self) -> None:
        """Nothing listed; a listing under way is for no one."""
        self._listing = None
        self._page.show_unfinished([])

    def _resume_selected(self) -> None:
        job = self._page.selected()
        if job is not None:
            self.resumeRequested.emit(job)

    def _discard_selected(self) -> None:
        job = self._page.selected()
        if job is None:
            return

        def discard() -> None:
            self._ctx.job_store().set_state(job.id, JobState.CANCELLED)

        self._ctx.bridge.run(asyncio.to_thread(discard), lambda _r: self.refresh())
