"""Starting the bundled demo server from the running window: in a process of its own,
one start at a time, the window told once it listens."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.widgets import application

if TYPE_CHECKING:
    from desktop.window.demo import DemoProcess


class DemoStarter(QObject):
    """Starts the demo server and makes it the context's; `started` once it listens."""

    started = Signal()
    failed = Signal(object)  # BaseException

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.mock: DemoProcess | None = None  # the demo started with --demo or later
        self.job: BackgroundJob | None = None  # while it starts

    def start(self, process: DemoProcess | None = None) -> BackgroundJob:
        """The start under way: begun now (or waiting for `process`, started already),
        unless one already is."""
        if self.job is None:
            self.job = self._ctx.bridge.run(
                asyncio.to_thread(_listening, process), self._started, self.failed.emit
            )
            self.job.finished.connect(self._ended)
        return self.job

    def _ended(self) -> None:
        self.job = None

    def _started(self, mock: DemoProcess) -> None:
        from desktop.window.demo import use_demo

        self.mock = mock
        application().aboutToQuit.connect(mock.stop)
        use_demo(self._ctx, mock.url)
        self.started.emit()


def _listening(process: DemoProcess | None) -> DemoProcess:
    """`process`, or a new one, once it listens (blocks: run off the GUI thread)."""
    from desktop.core.paths import demo_backend_dir
    from desktop.window.demo import DemoProcess

    return (process or DemoProcess(demo_backend_dir())).wait()
