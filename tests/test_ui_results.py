"""The bulk results table's model: answered batches replace their rows in place."""

from __future__ import annotations

import dataclasses
import gc
import random
import sys
import threading
import weakref

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.api_client import StatusResult
from desktop.core.importing import RowStatus
from desktop.core.jobs import JobRow, RowState
from desktop.ui.results import COLUMNS, KEEP_EVERY, ResultsModel
from tests.api_fakes import STATUS_JSON


def pending(number: int) -> JobRow:
    return JobRow(
        row=number,
        raw=f"{number:010d}",
        national_id=f"{number:010d}",
        import_status=RowStatus.VALID,
        import_reason=None,
        duplicate_of=None,
        cells=[],
        case_reference=None,
        state=RowState.PENDING,
        status=None,
        answer=None,
        error_code=None,
        error_detail=None,
        attempts=0,
        answered_at=None,
    )


def failed(row: JobRow) -> JobRow:
    return dataclasses.replace(row, state=RowState.FAILED, error_code="timeout")


def not_found(row: JobRow) -> JobRow:
    return dataclasses.replace(row, state=RowState.ANSWERED, status="not_found")


def test_an_answered_batch_replaces_its_rows_and_signals_only_their_span(qtbot) -> None:
    model = ResultsModel()
    rows = [pending(n) for n in range(2, 12)]
    model.set_rows(rows)
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, *_: spans.append((first.row(), last.row())))

    model.update_rows([failed(rows[3]), failed(rows[5]), failed(pending(99))])  # 99: not ours

    assert [model.job_row(i).state for i in range(10)] == [
        RowState.FAILED if i in (3, 5) else RowState.PENDING for i in range(10)
    ]
    assert spans == [(3, 5)]
    assert model.rowCount() == 10


def test_a_filtered_table_shows_rows_that_came_to_match_and_keeps_the_rest(qtbot) -> None:
    model = ResultsModel()
    rows = [pending(n) for n in range(2, 8)]
    model.set_rows(rows)
    model.set_group("failed")  # failed or still pending: all six
    model.set_group("not_found")
    assert model.rowCount() == 0

    model.update_rows([failed(rows[0])])
    model.set_group("failed")

    assert model.rowCount() == 6
    assert model.job_row(0).state is RowState.FAILED
    assert [model.job_row(i).row for i in range(6)] == list(range(2, 8))


def test_garbage_that_just_became_unreachable_is_not_frozen_with_the_rows(qtbot) -> None:
    # Answered rows are exempted from the cyclic collector as they arrive; a reference
    # cycle that became garbage just before must still be freed, not kept for good.
    class Node:
        pass

    model = ResultsModel()
    rows = [pending(n) for n in range(2, 6)]
    model.set_rows(rows)
    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    gone = weakref.ref(cycle)
    del cycle

    model.update_rows([failed(rows[0])])

    gc.collect()
    assert gone() is None


def test_rows_answered_while_sorted_stay_in_file_order_once_the_sort_is_cleared(qtbot) -> None:
    model = ResultsModel()
    rows = [pending(n) for n in range(2, 8)]
    model.set_rows(rows)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.job_row(i).row for i in range(6)] == list(range(7, 1, -1))

    model.update_rows([failed(rows[1]), failed(rows[4])])
    assert model.job_row(0).row == 7 and model.job_row(1).state is RowState.FAILED
    model.sort(-1)

    assert [model.job_row(i).row for i in range(6)] == list(range(2, 8))
    assert [model.job_row(i).state for i in range(6)] == [
        RowState.FAILED if i in (1, 4) else RowState.PENDING for i in range(6)
    ]
    model.update_rows([failed(rows[0])])  # the unsorted table again takes updates in place
    assert model.job_row(0).state is RowState.FAILED


def test_a_large_jobs_rows_are_freed_off_the_windows_thread(qtbot) -> None:
    # Freeing two hundred thousand answered rows holds the interpreter for a second or
    # more; done on the window's thread, the window would freeze for that long.
    freed_on: list[str] = []

    class Cell(str):
        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    model = ResultsModel()
    rows = [pending(n) for n in range(2, 5_002)]
    rows[0] = dataclasses.replace(rows[0], cells=[Cell("first")])
    model.set_rows(rows)
    model.sort(0, Qt.SortOrder.DescendingOrder)  # the rows shown are a list of their own
    del rows

    model.set_rows([])

    qtbot.waitUntil(lambda: bool(freed_on), timeout=5_000)
    assert freed_on != [threading.main_thread().name]
    assert model.rowCount() == 0


def test_a_filtered_table_takes_answers_in_place_as_a_full_refilter_would(qtbot) -> None:
    model = ResultsModel()
    rows = [pending(n) for n in range(2, 22)]
    model.set_rows(rows)
    model.set_group("failed")  # failed or still pending: all twenty
    signals: list[str] = []
    model.modelReset.connect(lambda: signals.append("reset"))
    model.layoutChanged.connect(lambda *_: signals.append("layout"))

    answered = [not_found(r) for r in rows[3:9]]
    model.update_rows([failed(rows[0]), *answered, failed(rows[12]), failed(pending(99))])

    shown = [model.job_row(i) for i in range(model.rowCount())]
    assert [r.row for r in shown] == [r.row for r in rows if not 5 <= r.row <= 10]
    assert shown[0].state is RowState.FAILED and shown[6].state is RowState.FAILED
    assert signals == ["layout"]  # the six leave together, not the table anew

    model.set_group("not_found")  # the other way: rows coming to match are inserted in order
    model.update_rows([not_found(r) for r in (*rows[15:17], rows[1])])
    assert [model.job_row(i).row for i in range(model.rowCount())] == [3, 5, 6, 7, 8, 9, 10, 17, 18]


NAMES = ("مریم", "Ali", "", "زهرا", "Ali")


def answered(row: JobRow, rng: random.Random) -> JobRow:
    """The row as a batch might bring it back: answered (with a name) or failed."""
    if rng.random() < 0.3:
        return dataclasses.replace(row, state=RowState.FAILED, error_code=rng.choice(CODES))
    name = rng.choice(NAMES)
    answer = StatusResult.from_json({**STATUS_JSON, "first_name": name, "last_name": ""})
    status = rng.choice(("insured_active", "not_found", "pensioner"))
    return dataclasses.replace(row, state=RowState.ANSWERED, status=status, answer=answer)


CODES = ("timeout", "server-error", "rate-limited")


@pytest.mark.parametrize("column", list(range(len(COLUMNS))))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize(("group", "text"), [("all", ""), ("failed", ""), ("all", "Ali")])
def test_a_sorted_or_filtered_table_takes_answers_as_sorting_and_filtering_anew_would(
    qtbot, column: int, order: Qt.SortOrder, group: str, text: str
) -> None:
    rng = random.Random(column * 7 + int(order.value) * 3 + len(group) + len(text))
    rows = [pending(n) for n in range(2, 122)]
    model = ResultsModel()
    model.set_rows(rows)
    model.set_group(group)
    model.set_text(text)
    model.sort(column, order)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    current = list(rows)
    for _ in range(6):  # answered batches, some rows answered twice (a retry)
        picked = rng.sample(range(len(current)), 25)
        batch = [answered(current[i], rng) for i in picked]
        for i, row in zip(picked, batch, strict=True):
            current[i] = row
        model.update_rows(batch)

    anew = ResultsModel()
    anew.set_rows(current)
    anew.set_group(group)
    anew.set_text(text)
    anew.sort(column, order)
    shown = [model.job_row(i) for i in range(model.rowCount())]
    assert shown == [anew.job_row(i) for i in range(anew.rowCount())]
    assert resets == []  # row by row, never the whole table again


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_selected_rows_stay_selected_as_answered_rows_move_around_them(
    qtbot, order: Qt.SortOrder
) -> None:
    """A sorted table moves answered rows to their new places in one layout change; the
    rows the clerk has selected (persistent indexes) follow, wherever the moves fall."""
    rng = random.Random(int(order.value))
    rows = [pending(n) for n in range(2, 202)]
    model = ResultsModel()
    model.set_rows(rows)
    model.sort(COLUMNS.index("name"), order)
    current = list(rows)
    for _ in range(5):
        held = {rng.randrange(model.rowCount()) for _ in range(12)}
        marks = {model.job_row(p).row: QPersistentModelIndex(model.index(p, 2)) for p in held}
        picked = rng.sample(range(len(current)), 40)
        batch = [answered(current[i], rng) for i in picked]
        for i, row in zip(picked, batch, strict=True):
            current[i] = row
        model.update_rows(batch)
        for number, mark in marks.items():
            assert mark.isValid() and mark.column() == 2
            assert model.job_row(mark.row()).row == number

    model.set_group("failed")  # rows that leave the filter take their marks with them
    failed_rows = {model.job_row(p).row: p for p in range(model.rowCount())}
    number, position = next(iter(failed_rows.items()))
    mark = QPersistentModelIndex(model.index(position, 0))
    row = next(r for r in current if r.row == number)
    model.update_rows([dataclasses.replace(row, state=RowState.ANSWERED, status="not_found")])
    assert not mark.isValid()
    assert number not in {model.job_row(p).row for p in range(model.rowCount())}


def test_a_view_asks_each_cells_roles_in_one_call_and_shows_what_data_says(qtbot) -> None:
    """Painting asks a cell for all its roles at once (multiData): one call into Python
    per cell, not one per role. What the view is given is what data() says."""
    from PySide6.QtWidgets import QTableView

    calls = {"from Qt": 0, "in one call": 0}

    class Counted(ResultsModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            asked_by = sys._getframe(1).f_code.co_name
            calls["in one call" if asked_by == "multiData" else "from Qt"] += 1
            return super().data(index, role)

    model = Counted()
    rows = [pending(n) for n in range(2, 12)]
    model.set_rows([*rows[:5], failed(rows[5]), not_found(rows[6]), *rows[7:]])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    view.grab()
    assert calls["in one call"] >= 5 * len(COLUMNS) * len(rows), calls
    assert calls["from Qt"] == 0, calls
    delegate = view.itemDelegate()
    for position in range(model.rowCount()):
        for column in range(len(COLUMNS)):
            index = model.index(position, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == model.data(index, Qt.ItemDataRole.DisplayRole)
            colour = model.data(index, Qt.ItemDataRole.ForegroundRole)
            if colour is not None:
                assert option.palette.text().color() == colour


def test_rows_answered_out_of_sight_do_not_repaint_the_table(qtbot) -> None:
    """A batch answered out of sight costs the window no repaint; one in sight does, and
    rows scrolled to show their answers."""
    from PySide6.QtCore import QEvent, QObject

    from desktop.ui.widgets import TableView

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    model = ResultsModel()
    rows = [pending(n) for n in range(2, 1002)]
    model.set_rows(rows)
    table = TableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)
    paints = Paints()
    table.viewport().installEventFilter(paints)

    def painted_after(change) -> int:  # type: ignore[no-untyped-def]
        qtbot.wait(50)
        before = paints.count
        change()
        qtbot.wait(50)
        return paints.count - before

    assert painted_after(lambda: model.update_rows([failed(r) for r in rows[500:750]])) == 0
    assert painted_after(lambda: model.update_rows([failed(r) for r in rows[0:250]])) >= 1
    table.scrollTo(model.index(600, 0))
    qtbot.wait(50)
    option = QStyleOptionViewItem()
    table.itemDelegate().initStyleOption(option, model.index(600, 3))
    assert option.text == model.cell_text(failed(rows[600]), "outcome")


def test_answered_rows_leave_the_collectors_reach_every_few_thousand(qtbot) -> None:
    """The young objects are walked (and what survives frozen) once per KEEP_EVERY rows
    answered, not once per batch; rows set all at once are kept at once."""
    model = ResultsModel()
    rows = [pending(n) for n in range(2, 2 + 2 * KEEP_EVERY)]
    frozen = gc.get_freeze_count()
    model.set_rows(rows)
    assert gc.get_freeze_count() > frozen
    batches = [[failed(r) for r in rows[i : i + 250]] for i in range(0, len(rows), 250)]
    below = KEEP_EVERY // 250 - 1
    frozen = gc.get_freeze_count()
    for batch in batches[:below]:
        model.update_rows(batch)
    assert gc.get_freeze_count() == frozen  # no walk yet
    model.update_rows(batches[below])
    assert gc.get_freeze_count() > frozen
    last = batches[below][-1]
    assert model.job_row(last.row - 2) is last
    assert not any(o is last for o in gc.get_objects())  # frozen: out of every generation
