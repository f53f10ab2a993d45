"""How a screen owns what it shows: one request at a time, and only its own outcome.

A screen shows at most one request's outcome. Starting a request, or a change to the
input the outcome was asked for, takes the outcome off the screen at once; an answer
that arrives for a request made before that is dropped, never shown. While the request
runs its busy indicator shows. Every screen that asks something in the background holds
one `RequestSlot` for it, so none of them has to get this right on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.bridge import AsyncBridge, BackgroundJob

Work = Coroutine[Any, Any, Any] | Callable[[Callable[[object], None]], Coroutine[Any, Any, Any]]


class RequestSlot(QObject):
    busyChanged = Signal(bool)
    finished = Signal()  # the latest request ended: answered, failed, or its answer dropped

    def __init__(
        self,
        bridge: AsyncBridge,
        clear: Callable[[], None],
        busy: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._clear = clear
        self._busy = busy
        self._token = 0  # the request whose outcome may be shown
        self._job: BackgroundJob | None = None  # the latest request, while it runs

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(
        self,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> BackgroundJob | None:
        """Clear the outcome shown and run `work`; its callbacks are called only while it
        is still the current request. None, and nothing run, while one is under way
        (or once the app is closing)."""
        if self._job is not None or self._bridge.stopped:
            if asyncio.iscoroutine(work):
                work.close()  # never started, so no "was never awaited" warning
            return None
        self.drop()
        job = self._bridge.run(
            work, self.bound(on_success), self.bound(on_error), self.bound(on_progress)
        )
        self._job = job
        job.finished.connect(self._ended)
        self._set_busy(True)
        return job

    def drop(self) -> None:
        """The input changed (or the screen is being cleared): the outcome shown leaves
        the screen, and the answer of a request under way will not be shown."""
        self._token += 1
        self._clear()

    def bound(self, callback: Callable[[Any], None] | None) -> Any:
        """`callback`, called only while the outcome it belongs to is current: for work
        that follows a request (loading its rows, its summary) and must not land on the
        next one."""
        if callback is None:
            return None
        token = self._token

        def current_only(payload: Any) -> None:
            if token == self._token:
                callback(payload)

        return current_only

    def _ended(self) -> None:
        self._job = None
        self._set_busy(False)
        self.finished.emit()

    def _set_busy(self, busy: bool) -> None:
        if self._busy is not None:
            self._busy.setVisible(busy)
        self.busyChanged.emit(busy)
