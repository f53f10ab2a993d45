"""Starting the bundled demo server from the running window: off the GUI thread, one
start at a time, and (with --demo) only once the window is drawn."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow

from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.widgets import application

if TYPE_CHECKING:
    from desktop.window.demo import RunningMock


class DemoStarter(QObject):
    """Starts the demo server and makes it the context's; `started` once it listens."""

    started = Signal()
    failed = Signal(object)  # BaseException

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.mock: RunningMock | None = None  # the demo started with --demo or later
        self.job: BackgroundJob | None = None  # while it starts

    def start(self) -> BackgroundJob:
        """The start under way: begun now, unless one already is."""
        if self.job is None:
            self.job = self._ctx.bridge.run(
                asyncio.to_thread(_start_demo_backend), self._started, self.failed.emit
            )
            self.job.finished.connect(self._ended)
        return self.job

    def _ended(self) -> None:
        self.job = None

    def _started(self, mock: RunningMock) -> None:
        from desktop.window.demo import use_demo

        self.mock = mock
        application().aboutToQuit.connect(mock.stop)
        use_demo(self._ctx, mock.url)
        self.started.emit()


def when_exposed(window: QWindow | None, then: Callable[[], object]) -> None:
    """Call `then` once `window` is on screen: its start keeps the interpreter busy for a
    second or more, and a window not drawn by then would stay blank meanwhile."""
    if window is None or window.isExposed():
        QTimer.singleShot(0, then)
    else:
        _WhenExposed(window, then)


def _start_demo_backend() -> RunningMock:
    # Imported here, off the GUI thread: the mock's web and PDF stack is loaded only when
    # a demo is asked for, and loading it takes seconds the window would stand still.
    from desktop.window.demo import start_demo_backend

    return start_demo_backend()


class _WhenExposed(QObject):
    """Calls `then` once, when `window` is first on screen (Qt draws it on that event)."""

    def __init__(self, window: QWindow, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and self._window.isExposed():
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after the window is drawn for this event
            self.deleteLater()
        return False
