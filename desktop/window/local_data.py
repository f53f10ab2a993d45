"""The personal data kept on this computer: the hourly purge of what is past retention,
and the clerk's wipe of all of it."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.retention import Removed, cutoff, purge_personal_data
from desktop.ui import fmt
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.widgets import Banner

if TYPE_CHECKING:
    from desktop.views.batch import BatchView

# Personal data past retention is looked for at start and then this often.
PURGE_EVERY_MS = 60 * 60 * 1000

log = logging.getLogger(__name__)


class LocalData(QObject):
    """Purges and wipes for the main window; `sign_out` and `clear_screens` are the
    window's, since a wipe also ends the session and empties the screens. `batch` gives
    the bulk inquiry screen once the window has made it (before, no run is going and no
    job is listed)."""

    wiped = Signal(object)  # Removed

    def __init__(
        self,
        ctx: AppContext,
        *,
        batch: Callable[[], BatchView | None],
        banner: Banner,
        sign_out: Callable[[], None],
        clear_screens: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._batch, self._banner = ctx, batch, banner
        self._sign_out, self._clear_screens = sign_out, clear_screens
        self._dialog_parent = parent
        self._timer = QTimer(self)
        self._timer.setInterval(PURGE_EVERY_MS)
        self._timer.timeout.connect(self.purge_expired)

    def start(self) -> None:
        """Purge what is past retention as soon as the window is up, and every hour from
        then on (the job store it opens is not needed to draw the first window)."""
        QTimer.singleShot(0, self.purge_expired)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def purge_expired(self) -> BackgroundJob:
        """Remove personal data older than the retention setting, off the GUI thread."""
        return self._purge(cutoff(self._ctx.prefs.retention_days), self._purged)

    def _purge(
        self, before: dt.datetime | None, on_done: Callable[[Removed], None]
    ) -> BackgroundJob:
        ctx, batch = self._ctx, self._batch()
        running = batch.running_job_id if batch is not None else None

        def purge() -> Removed:
            return purge_personal_data(
                before,
                jobs=ctx.job_store(),
                running_jobs=() if running is None else (running,),
                audit=ctx.audit,
            )

        return ctx.bridge.run(asyncio.to_thread(purge), on_done, self._purge_failed)

    def _purged(self, removed: Removed) -> None:
        batch = self._batch()
        if removed.jobs and batch is not None:
            batch.refresh_unfinished()

    def _purge_failed(self, error: BaseException) -> None:
        log.warning("could not purge personal data: %s", error)
        self._banner.show_error(error)

    def wipe(self) -> None:
        """Ask, then remove every piece of personal data kept on this computer."""
        title = self.tr("Wipe local data")
        batch = self._batch()
        if batch is not None and batch.running_job_id is not None:
            QMessageBox.information(
                self._dialog_parent,
                title,
                self.tr(
                    "A bulk inquiry is running. Let it finish, or cancel it on the bulk inquiry "
                    "screen, then wipe."
                ),
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            self.tr("Remove the personal data kept on this computer now?"),
            QMessageBox.StandardButton.Cancel,
            self._dialog_parent,
        )
        box.setInformativeText(self.wipe_explanation())
        wipe = box.addButton(self.tr("Wipe"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is wipe:
            self.wipe_now()

    def wipe_explanation(self) -> str:
        return self.tr(
            "Removed: every bulk inquiry with its rows and answers, finished or not; the "
            "lists of national IDs you pasted; the national IDs and answers kept in the "
            "history (its record of who looked up what, when and why stays, without them); "
            "what is on screen. You are signed out and the remembered sign-in is "
            "forgotten.\n\n"
            "Kept: the files you exported or saved (spreadsheets, reports, certificates) "
            "wherever you saved them; delete those yourself if they must go. Also kept: "
            "your preferences and the cached trust and revocation lists, which hold no "
            "personal data."
        )

    def wipe_now(self) -> BackgroundJob:
        """The wipe itself, without asking (the caller has asked)."""
        prefs = self._ctx.prefs
        url, user = prefs.last_server_url, prefs.username
        if self._ctx.session.me is not None:
            self._sign_out()
        else:
            self._clear_screens()
            if url and user:
                self._ctx.bridge.run(self._ctx.session.forget(url, user))
        return self._purge(None, self._wiped)

    def _wiped(self, removed: Removed) -> None:
        batch = self._batch()
        if batch is not None:
            batch.refresh_unfinished()
        self._banner.show_message(
            "success",
            lambda: (
                self.tr("Local data wiped: %1 bulk inquiries and %2 pasted lists removed.")
                .replace("%1", fmt.count(removed.jobs))
                .replace("%2", fmt.count(removed.pasted_lists))
            ),
        )
        self.wiped.emit(removed)
