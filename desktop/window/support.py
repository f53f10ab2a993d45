"""For the support desk and the clerk's comfort: diagnostics, the log folder, crash notices,
and a desktop notification when a long bulk inquiry stops needing the window."""

from __future__ import annotations

import asyncio
import collections
import platform
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon, QWidget

from desktop.buildinfo import build_info
from desktop.core import logs
from desktop.core.paths import user_data_dir
from desktop.ui import fmt
from desktop.ui.context import AppContext
from desktop.ui.widgets import isolate_ltr

if TYPE_CHECKING:
    from desktop.core.batch import RunOutcome

#: Log lines a diagnostics report carries.
DIAGNOSTIC_LOG_LINES = 200
#: A bulk inquiry that ran longer than this, in seconds, is worth a notification.
NOTIFY_AFTER_S = 5.0
#: A settings key that looks like this is never copied into a report.
_SECRET_KEY = re.compile(r"(?i)password|passwd|token|secret|otp|code|key")


# -- diagnostics ------------------------------------------------------------------------


def settings_snapshot(ctx: AppContext) -> dict[str, str]:
    """The preferences, read on the GUI thread, with any secret-looking key left out."""
    return {
        key: value
        for key, value in ctx.prefs.as_text().items()
        if not _SECRET_KEY.search(key.rsplit("/", 1)[-1])
    }


def diagnostics_text(settings: Mapping[str, str], server_url: str | None) -> str:
    """The plain-text report for the support desk (reads the log: call off the GUI thread)."""
    import keyring  # only the support report names the backend

    try:
        kind = type(keyring.get_keyring())
        backend = f"{kind.__module__}.{kind.__name__}"
    except Exception as exc:  # a broken keyring is itself worth reporting
        backend = f"unavailable ({type(exc).__name__})"
    lines = [
        build_info().describe(),
        f"Platform: {platform.platform()} ({platform.machine()})",
        f"Python: {platform.python_version()} ({sys.executable})",
        f"Qt: {qVersion()}, PySide6 {PySide6.__version__}",
        f"Keyring backend: {backend}",
        f"Data directory: {user_data_dir()}",
        f"Server: {server_url or '-'}",
        "",
        "Settings:",
        *(f"  {key} = {value}" for key, value in settings.items()),
        "",
        f"Log ({logs.log_file()}), last lines:",
        *logs.recent_lines(DIAGNOSTIC_LOG_LINES),
    ]
    # The log is redacted as written; the rest is passed through the same filter too.
    return logs.redact("\n".join(lines)) + "\n"


def _server_url(ctx: AppContext) -> str | None:
    if ctx.session.signed_in:
        return ctx.session.client.server_url
    return ctx.prefs.last_server_url or None


def copy_diagnostics(ctx: AppContext) -> None:
    """Put the report on the clipboard (built on a worker thread: it reads files)."""
    snapshot, url = settings_snapshot(ctx), _server_url(ctx)
    ctx.bridge.run(
        asyncio.to_thread(diagnostics_text, snapshot, url),
        QApplication.clipboard().setText,
    )


def open_log_folder() -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs.log_dir())))


# -- crashes ----------------------------------------------------------------------------


class CrashNotice(QObject):
    """After an unexpected error (any thread): a short message offering diagnostics.

    The hooks may fire on any thread. As in the async bridge, that thread only appends to
    a deque and posts a bare event; the message is built on the GUI thread. Only the
    exception's type is shown, never its text.
    """

    _EVENT = QEvent.Type(QEvent.registerEventType())

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._window = parent
        self._kinds: collections.deque[str] = collections.deque()
        self.box: QMessageBox | None = None
        self._restore = logs.install_crash_hooks(self._crashed)

    def uninstall(self) -> None:
        self._restore()

    def _crashed(self, error: BaseException) -> None:
        self._kinds.append(type(error).__name__)
        QCoreApplication.postEvent(self, QEvent(self._EVENT))

    def event(self, event: QEvent) -> bool:
        if event.type() != self._EVENT:
            return super().event(event)
        while self._kinds:
            self._show(self._kinds.popleft())
        return True

    def _show(self, kind: str) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one message for a burst of errors
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("Support", "Something went wrong"))
        box.setText(
            QCoreApplication.translate(
                "Support",
                "An unexpected error occurred (%1). Your data is safe; you can keep working. "
                "If it happens again, copy the diagnostics and send them to support.",
            ).replace("%1", isolate_ltr(kind))
        )
        copy = box.addButton(
            QCoreApplication.translate("Support", "Copy diagnostics"),
            QMessageBox.ButtonRole.ActionRole,
        )
        box.addButton(QMessageBox.StandardButton.Close)
        copy.clicked.connect(lambda: copy_diagnostics(self._ctx))
        self.box = box
        box.open()  # not exec(): an error must never stall the event loop


# -- notifications ----------------------------------------------------------------------


def run_needs_notice(outcome: RunOutcome) -> bool:
    """Finished, or stopped for something the clerk must see to (a pause or a stop they
    made is neither)."""
    # Imported here: there is an outcome only once the bulk inquiry screen loaded these,
    # and the first window needs neither the job store nor the importers they bring.
    from desktop.core.batch import StopReason
    from desktop.core.jobs import JobState

    return outcome.state is JobState.DONE or outcome.reason in {
        StopReason.QUOTA_EXHAUSTED,
        StopReason.SESSION_EXPIRED,
        StopReason.FORBIDDEN,
        StopReason.RATE_LIMITED,
        StopReason.FAILED_ROWS,
    }


class Notifier(QObject):
    """Tells a clerk who is in another window that a long bulk inquiry has stopped."""

    notified = Signal(str, str)  # title, text

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._tray: QSystemTrayIcon | None = None

    def run_finished(self, outcome: RunOutcome, seconds: float) -> None:
        if seconds < NOTIFY_AFTER_S or self._window.isActiveWindow():
            return
        if not run_needs_notice(outcome):
            return
        from desktop.core.jobs import JobState

        s = outcome.summary
        if outcome.state is JobState.DONE:
            title = QCoreApplication.translate("Support", "Bulk inquiry finished")
        else:
            title = QCoreApplication.translate("Support", "Bulk inquiry stopped")
        text = (
            QCoreApplication.translate("Support", "%1 answered, %2 failed, %3 waiting.")
            .replace("%1", fmt.count(s.answered))
            .replace("%2", fmt.count(s.failed))
            .replace("%3", fmt.count(s.pending))
        )
        self.notify(title, text)

    def notify(self, title: str, text: str) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self._window.windowIcon(), self)
            self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information)
        else:
            QApplication.alert(self._window)
        self.notified.emit(title, text)
