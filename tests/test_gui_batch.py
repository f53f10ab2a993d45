"""The bulk inquiry screen: import, preview and the clerk's choices, in the real window."""

from __future__ import annotations

from pathlib import Path

import httpx
import openpyxl
import pypdf
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from desktop.core import importing, wording
from desktop.core.digits import to_persian_digits
from desktop.core.jobs import JobState, Outcome
from desktop.core.national_id import with_check_digit
from desktop.views.batch import BatchView
from tests.conftest import DEMO_USER
from tests.test_core_import_limits import FAR_RIGHT
from tests.test_core_import_limits import write_xlsx as write_far_xlsx
from tests.test_gui import TIMEOUT_MS, errors_text, sign_in

IDS = [with_check_digit(f"{n:09d}") for n in range(1234500, 1234510)]


@pytest.fixture
def batch(gui) -> BatchView:
    window, _ctx = gui
    return window.batch


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def import_and_wait(qtbot, view: BatchView, path: Path) -> None:
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        view.import_file(str(path))


def test_preview_counts_and_rejected_rows(qtbot, batch, tmp_path) -> None:
    broken = IDS[1][:-1] + str((int(IDS[1][-1]) + 1) % 10)
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            ["فهرست افراد پرونده ۱۲۳"],  # a title row above the header
            ["ردیف", "نام", "کد ملی"],
            [1, "علی", IDS[0]],
            [2, "زهرا", broken],
            [3, "رضا", IDS[0]],  # the same person again
            [4, "مینا", int(IDS[2])],  # a number: leading zeros restored
            [5, "سارا", "1.23457E+9"],
        ],
    )
    import_and_wait(qtbot, batch, path)
    assert batch.pages.currentIndex() == 1
    summary = batch.result.summary
    assert (summary.valid, summary.invalid, summary.duplicate) == (2, 2, 1)
    assert to_persian_digits("2") in batch.preview.counts.text()
    rejected = batch.preview.rejected_model
    rows = [rejected.data(rejected.index(i, 0)) for i in range(rejected.rowCount())]
    assert rows == [to_persian_digits(str(n)) for n in (4, 5, 7)]  # sheet row numbers
    reasons = [rejected.data(rejected.index(i, 2)) for i in range(rejected.rowCount())]
    assert reasons[0] == wording.ID_REASON["check_digit"].fa
    assert reasons[1] == QCoreApplication.translate("Errors", "The same ID as row %1.").replace(
        "%1", to_persian_digits("3")
    )
    assert reasons[2] == wording.ID_REASON["scientific_notation"].fa
    assert "کد ملی" in batch.preview.column_choice.currentText()
    # Nothing runs without a case reference.
    assert not batch.preview.run_button.isEnabled()
    qtbot.keyClicks(batch.preview.case_reference, "1405-77")
    assert batch.preview.run_button.isEnabled()


def test_a_file_that_is_not_a_spreadsheet(qtbot, batch, tmp_path) -> None:
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    import_and_wait(qtbot, batch, path)
    assert batch.pages.currentIndex() == 0
    assert batch.banner.text() == errors_text(
        "This is not a spreadsheet. Use an xlsx, xls, ods, csv or text file."
    )


def test_a_damaged_xlsx(qtbot, batch, tmp_path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["کد ملی"], [IDS[0]]])
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    import_and_wait(qtbot, batch, damaged)
    assert batch.banner.text() == errors_text(
        "The spreadsheet is damaged. Save it again from its program and retry."
    )


def test_a_sheet_reaching_too_far_is_refused_with_how_far(qtbot, batch, tmp_path) -> None:
    # Its <dimension> says one cell; a cell at XFD100000 would have the parser allocate
    # 1.6 billion and abort the app. It is refused before the parser sees it.
    path = write_far_xlsx(tmp_path / "far.xlsx", '<dimension ref="A1"/>', FAR_RIGHT)
    import_and_wait(qtbot, batch, path)
    assert batch.pages.currentIndex() == 0
    expected = errors_text(
        "The sheet reaches column %1 and row %2: more cells than an import takes "
        "(at most %3). Delete the cells far outside the list and try again."
    )
    assert batch.banner.text() == (
        expected.replace("%1", "XFD")
        .replace("%2", "۱۰۰٬۰۰۰")  # grouped with the Arabic thousands separator
        .replace("%3", "۱۰٬۰۰۰٬۰۰۰")
    )


def test_ambiguous_columns_let_the_clerk_choose(qtbot, batch, tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "two.xlsx",
        [[IDS[0], IDS[5]], [IDS[1], IDS[6]], [IDS[2], IDS[7]], [IDS[3], IDS[8]]],
    )
    import_and_wait(qtbot, batch, path)
    assert batch.banner.text() == errors_text(
        "More than one column could hold the national IDs. Choose one."
    )
    assert batch.preview.column_choice.count() == 2
    assert batch.result.rows[0].national_id == IDS[0]
    with qtbot.waitSignal(batch.requestFinished, timeout=TIMEOUT_MS):
        batch.preview.column_choice.setCurrentIndex(1)
        batch.preview.column_choice.activated.emit(1)
    assert batch.result.rows[0].national_id == IDS[5]
    assert batch.preview.column_choice.count() == 2
    assert batch.preview.column_choice.currentIndex() == 1


def test_paste_a_column_from_the_clipboard(qtbot, batch) -> None:
    QApplication.clipboard().setText("\n".join(to_persian_digits(i) for i in IDS[:3]))
    with qtbot.waitSignal(batch.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(batch.source.paste_button, Qt.MouseButton.LeftButton)
    assert batch.result.summary.valid == 3
    assert [r.national_id for r in batch.result.rows] == IDS[:3]


def mock_stats(url: str) -> dict:
    return httpx.get(f"{url}/_mock/stats", timeout=10).json()


def test_run_a_batch_then_export(qtbot, gui, start_mock, tmp_path) -> None:
    window, _ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    ids = [with_check_digit(f"{n:09d}") for n in range(2000000, 2000120)]
    rows = [["ردیف", "نام", "کد ملی"]]
    rows += [[i + 1, "نام", nid] for i, nid in enumerate(ids)]
    rows += [[999, "خطا", "1234"]]
    path = write_xlsx(tmp_path / "case.xlsx", rows)
    import_and_wait(qtbot, view, path)
    qtbot.keyClicks(view.preview.case_reference, "1405-88")
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.summary.answered == 120 and outcome.summary.invalid == 1
    assert mock_stats(mock.url)["inquiries_answered"] == 120
    assert view.banner.kind == "success"
    # Every row of the file is in the table, answers filled in.
    qtbot.waitUntil(lambda: view.run.model.rowCount() == 121)
    model = view.run.model
    outcomes = {model.job_row(i).outcome for i in range(model.rowCount())}
    assert Outcome.PENDING not in outcomes and Outcome.INVALID in outcomes
    # Filters: only the invalid row.
    view.run.filter.setCurrentIndex(view.run.filter.findData("invalid"))
    assert view.run.model.rowCount() == 1
    view.run.filter.setCurrentIndex(view.run.filter.findData("all"))
    view.run.search.setText(to_persian_digits(ids[7]))
    assert view.run.model.rowCount() == 1
    # The export keeps the clerk's columns, IDs as text, the sheet right-to-left.
    out = tmp_path / "results.xlsx"
    with qtbot.waitSignal(view.export_to(str(out)).finished, timeout=TIMEOUT_MS):
        pass
    sheet = openpyxl.load_workbook(out).active
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["ردیف", "نام", "کد ملی"]
    assert sheet.cell(row=2, column=3).value == ids[0]  # text, leading zeros kept
    # The printable report: the case, the clerk's agency, every row.
    report = tmp_path / "report.pdf"
    with qtbot.waitSignal(view.export_to(str(report)).finished, timeout=TIMEOUT_MS * 2):
        pass
    text = "".join(page.extract_text() for page in pypdf.PdfReader(report).pages)
    assert "1405-88" in text and ids[119] in text

    # A finished job is not offered for resuming.
    view.start_over()
    qtbot.waitUntil(
        lambda: not view.source.unfinished_box.isVisible() and view.pages.currentIndex() == 0
    )


def test_the_table_and_the_counts_move_together(qtbot, gui, start_mock, tmp_path) -> None:
    """Answered rows reach the table with the progress report that counts them: one
    model update per report at most, never rows the counts do not include yet."""
    window, _ctx = gui
    mock = start_mock(latency_ms=30)
    sign_in(qtbot, window, mock.url)
    view = window.batch
    ids = [with_check_digit(f"{n:09d}") for n in range(2100000, 2101200)]
    path = write_xlsx(tmp_path / "long.xlsx", [["کد ملی"], *([nid] for nid in ids)])
    import_and_wait(qtbot, view, path)
    view.preview.case_reference.setText("1405-89")
    model, panel = view.run.model, view.run
    seen: list[tuple[str, int]] = []  # each table update and each report, in order
    update_rows, show_progress = model.update_rows, panel.show_progress
    model.update_rows = lambda rows: (update_rows(rows), seen.append(("rows", len(rows))))
    panel.show_progress = lambda p: (seen.append(("report", p.done)), show_progress(p))
    try:
        with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
            view.start_run()
    finally:
        model.update_rows, panel.show_progress = update_rows, show_progress
    assert finished.args[0].summary.answered == len(ids)
    assert all(model.job_row(i).outcome is not Outcome.PENDING for i in range(len(ids)))
    # Each update is followed at once by the report that counts its rows.
    updates = [i for i, (kind, _) in enumerate(seen) if kind == "rows"]
    assert len(updates) >= 2 and all(seen[i + 1][0] == "report" for i in updates)
    shown = 0
    for kind, count in seen:
        if kind == "rows":
            shown += count
        else:
            assert count == shown, seen
    assert shown == len(ids)


def test_an_unfinished_job_is_offered_and_resumed(qtbot, gui, start_mock, tmp_path) -> None:
    window, ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    ids = [with_check_digit(f"{n:09d}") for n in range(3000000, 3000040)]
    path = write_xlsx(tmp_path / "left.xlsx", [["کد ملی"], *[[i] for i in ids]])
    # A job as a crash leaves it: created, nothing answered, still "running".
    store = ctx.job_store()
    job = store.create_job(
        importing.load(path),
        path,
        case_reference="A-1",
        server_url=mock.url,
        username=DEMO_USER,
    )
    store.set_state(job.id, JobState.RUNNING)
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    qtbot.waitUntil(lambda: view.source.unfinished.count() == 1)
    assert "left.xlsx" in view.source.unfinished.item(0).text()
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
        qtbot.mouseClick(view.source.resume_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].summary.answered == 40
    assert mock_stats(mock.url)["inquiries_answered"] == 40


def drop(widget, paths: list[Path]) -> bool:
    """Drop files on a widget as the desktop would; True when it took them."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = widget.rect().center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_dropping_a_spreadsheet_imports_it(qtbot, batch, tmp_path) -> None:
    path = write_xlsx(tmp_path / "dropped.xlsx", [["کد ملی"], [IDS[0]], [IDS[1]]])
    other = write_xlsx(tmp_path / "other.xlsx", [["کد ملی"], [IDS[2]]])
    assert not drop(batch.source.drop, [path, other])  # one list at a time
    with qtbot.waitSignal(batch.requestFinished, timeout=TIMEOUT_MS):
        assert drop(batch.source.drop, [path])
    assert batch.result.summary.valid == 2


def test_each_row_may_carry_its_own_case_reference(qtbot, gui, start_mock, tmp_path) -> None:
    window, ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    path = write_xlsx(
        tmp_path / "cases.xlsx",
        [["کد ملی", "شماره پرونده"], [IDS[0], "P-100"], [IDS[1], "P-200"], [IDS[2], ""]],
    )
    import_and_wait(qtbot, view, path)
    assert view.preview.case_column_choice.count() == 2  # none, or column B
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        view.preview.case_column_choice.setCurrentIndex(1)
        view.preview.case_column_choice.activated.emit(1)
    assert [r.case_reference for r in view.result.rows] == ["P-100", "P-200", None]
    qtbot.keyClicks(view.preview.case_reference, "P-000")  # for the row without its own
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    rows = list(ctx.job_store().rows(view.job.id))
    assert [r.case_reference for r in rows] == ["P-100", "P-200", "P-000"]


def test_waiting_for_the_server_is_shown_and_a_long_wait_pauses_with_a_sentence(
    qtbot, batch
) -> None:
    from desktop.api_client import ConnectionFailed
    from desktop.core.batch import Progress, RunOutcome, StopReason
    from desktop.core.jobs import JobSummary

    waiting = QCoreApplication.translate("RunPanel", "waiting for the server to answer again…")
    batch.run.show_progress(Progress(40, 100, 40, 0, 20.0, 3.0))
    assert waiting not in batch.run.progress_text.text()
    batch.run.show_progress(Progress(40, 100, 40, 0, 20.0, 3.0, waiting_s=12.0))
    assert waiting in batch.run.progress_text.text()

    refused = ConnectionFailed("POST /inquiries/batch: ConnectError: connection refused")
    outcome = RunOutcome(
        JobState.PAUSED,
        StopReason.SERVER_UNAVAILABLE,
        JobSummary(pensioner=40, pending=60),
        refused,
    )
    batch._run_done(outcome)
    text = batch.banner.accessibleDescription()
    assert batch.banner.kind == "warning"
    assert "۱۰" in text and text.startswith(
        QCoreApplication.translate(
            "BatchView",
            "The server has not answered for %1 minutes, so the inquiry is paused. "
            "Nothing is lost: resume it when the service is back.",
        ).split("%1")[0]
    )
