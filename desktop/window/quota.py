"""The quota left today in the header: the server's figure, asked again after everything
that may have used some of it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from desktop.core.session import Me
from desktop.ui.context import AppContext
from desktop.ui.request import RequestSlot

# How often, at most, the quota left is asked again while a bulk run goes on.
QUOTA_DURING_RUN_MS = 10_000


class QuotaWatch(QObject):
    """Asks the server for the signed-in clerk's summary and hands it to `show`: after an
    answer (`refresh`), now and then during a long run (`during_run`). One question at a
    time: asked while an answer is on its way, it is asked again once that is back."""

    def __init__(
        self, ctx: AppContext, show: Callable[[Me], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._show = show
        self._request = RequestSlot(ctx.bridge, lambda: None, None, self)
        self._again = False
        self._request.finished.connect(self._refresh_again)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)

    def refresh(self, _result: object = None) -> None:
        if not self._ctx.session.signed_in:
            return
        if self._request.running:
            self._again = True
            return
        self._request.start(self._ctx.session.refresh_me(), self._show)

    def _refresh_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def during_run(self) -> None:
        # A long run's answers: asked now and then, not after each batch of rows.
        if not self._timer.isActive():
            self._timer.start(QUOTA_DURING_RUN_MS)

    def drop(self) -> None:
        """A summary asked for before belongs to the last session."""
        self._request.drop()
        self._again = False
