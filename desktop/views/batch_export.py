"""Exporting a bulk inquiry's results from its run page: the file chosen, written off the
GUI thread with its share shown, cancellable; the export buttons wait meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.core.bulk import BulkInquiry
from desktop.core.export import ExportCancelled, ExportProgress
from desktop.core.jobs import Job
from desktop.ui import file_dialogs
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.widgets import Banner, TaskProgress, isolate_ltr
from desktop.views.batch_run import RunPanel


class ResultsExport(QObject):
    def __init__(
        self,
        ctx: AppContext,
        screen: QWidget,
        run: RunPanel,
        progress: TaskProgress,
        banner: Banner,
    ) -> None:
        super().__init__(screen)
        self._ctx = ctx
        self._screen = screen
        self._run = run
        self._shown = progress
        self._banner = banner
        self._progress: ExportProgress | None = None
        progress.cancelRequested.connect(self.cancel)

    def ask(self, job: Job, suffix: str) -> None:
        """The file asked for, then the export to it."""
        stem = Path(job.source_name).stem
        suggested = str(Path.home() / f"{stem}-{self.tr('results')}{suffix}")
        kinds = {".xlsx": "Excel (*.xlsx)", ".csv": "CSV (*.csv)", ".pdf": "PDF (*.pdf)"}
        path = file_dialogs.save_path(
            self._screen, self.tr("Export the results"), suggested, kinds[suffix]
        )
        if path:
            self.export(job, path)

    def export(self, job: Job, path: str) -> BackgroundJob:
        """Export with its percentage shown, until done or cancelled."""
        bulk = BulkInquiry(self._ctx.job_store(), job=job)
        me = self._ctx.session.me
        agency, clerk = (me.agency.name, me.full_name) if me is not None else ("", "")
        progress = self._progress = ExportProgress()

        async def work(report: Callable[[object], None]) -> Path:
            progress.report = report
            return await asyncio.to_thread(
                bulk.export, path, agency=agency, clerk=clerk, progress=progress
            )

        name = Path(path).name
        self._shown.start(lambda: self.tr("Exporting %1").replace("%1", isolate_ltr(name)))
        self._set_exporting(True)
        running = self._ctx.bridge.run(
            work, self._banner.show_saved, self._failed, self._shown.set_share
        )
        running.finished.connect(lambda: self._set_exporting(False))
        return running

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel.set()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            self._banner.show_message(
                "info", lambda: self.tr("The export was cancelled; no file was written.")
            )
        else:
            self._banner.show_error(error)

    def _set_exporting(self, exporting: bool) -> None:
        if not exporting:
            self._progress = None
            self._shown.hide()
        for button in (self._run.export_xlsx, self._run.export_csv, self._run.export_pdf):
            button.setEnabled(not exporting)
