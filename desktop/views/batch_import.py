"""Reading the clerk's list for the bulk inquiry screen: from a file or pasted text, off
the GUI thread, and again when the clerk picks another ID column or a case column. One
reading at a time; the screen shows what each one gives."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal

from desktop.core.bulk import Pasted, import_list
from desktop.core.importing import Ambiguous, Candidate, ImportResult
from desktop.ui.bridge import AsyncBridge, BackgroundJob


class ListImport(QObject):
    started = Signal()  # a reading began
    imported = Signal(object)  # ImportResult
    failed = Signal(object)  # the error; an ambiguous list is read again with its first column
    finished = Signal()  # the reading is over, and no other follows

    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._job: BackgroundJob | None = None
        self.source: str | Pasted | None = None  # a path, or the pasted text
        self.result: ImportResult | None = None
        self.candidates: tuple[Candidate, ...] = ()
        self.case_column: int | None = None  # 1-based, when rows carry their own reference
        self._pending: Candidate | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def read(
        self,
        source: str | Pasted,
        candidate: Candidate | None = None,
        *,
        keep_candidates: bool = False,
    ) -> None:
        self.source = source
        self._start(candidate, keep_candidates)

    def again(self, candidate: Candidate | None) -> None:
        """The same list read again with `candidate` as its ID column (None: the same)."""
        self._start(candidate, keep_candidates=True)

    def choose_case_column(self, column: int | None) -> None:
        self.case_column = column
        self.again(None)

    def _start(self, candidate: Candidate | None, keep_candidates: bool) -> None:
        if not keep_candidates:
            self.candidates = ()
            self.case_column = None
        if candidate is not None:
            sheet, column = candidate.sheet, candidate.column_index + 1
        elif keep_candidates and self.result is not None:
            sheet, column = self.result.sheet, self.result.column_index + 1
        else:
            sheet = column = None
        if self.case_column is not None and self.case_column == column:
            self.case_column = None  # one column cannot be both
        if self._job is not None or self.source is None:
            return
        work = asyncio.to_thread(
            import_list, self.source, sheet=sheet, column=column, case_column=self.case_column
        )
        self.started.emit()
        self._job = self._bridge.run(work, self._imported, self._failed)
        self._job.finished.connect(self._done)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        if result.candidates:
            self.candidates = result.candidates
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Ambiguous):
            # Let the clerk choose; show the first candidate's rows meanwhile.
            self.candidates = error.candidates
            self._pending = error.candidates[0]
        self.failed.emit(error)

    def _done(self) -> None:
        self._job = None
        if self._pending is not None:
            candidate, self._pending = self._pending, None
            self.again(candidate)
            return
        self.finished.emit()
