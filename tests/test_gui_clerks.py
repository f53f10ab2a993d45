"""Each clerk sees only their own work: two demo clerks of different agencies at one
desk, against the mock over HTTP, in the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core import importing
from desktop.core.digits import to_persian_digits
from desktop.core.jobs import JobState
from desktop.core.national_id import with_check_digit
from desktop.window.main_window import MainWindow
from tests.batch_fixtures import mock_stats, write_list
from tests.conftest import DEMO_USER, DEMO_USER2
from tests.test_gui import TIMEOUT_MS, inquire, sign_in, type_text
from tests.test_gui_batch import import_and_wait
from tests.test_gui_history import open_history, search
from tests.test_gui_privacy import strip_marks, visible_texts

CASE_A = "CASE-EN-600"
CASE_B = "CASE-EN-20K"


def a_list(tmp_path: Path, name: str, start: int, n: int = 12) -> Path:
    return write_list(
        tmp_path / name, [with_check_digit(f"{k:09d}") for k in range(start, start + n)]
    )


def run_list(qtbot, window: MainWindow, path: Path, case: str):
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    import_and_wait(qtbot, view, path)
    type_text(view.preview.case_reference, case)
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
        qtbot.keyClick(view.preview.case_reference, Qt.Key.Key_Return)  # the default action
    return finished.args[0]


def unfinished_texts(view) -> list[str]:
    return [view.source.unfinished.item(i).text() for i in range(view.source.unfinished.count())]


def nothing_of_the_first_clerk(window: MainWindow, secrets: list[str]) -> None:
    inquiry, batch, history = window.inquiry, window.batch, window.history
    assert not inquiry.national_id.text() and not inquiry.case_reference.text()
    assert not inquiry.card.isVisibleTo(inquiry)
    assert batch.pages.currentIndex() == 0 and batch.result is None and batch.job is None
    assert not batch.preview.case_reference.text() and batch.run.model.rowCount() == 0
    assert not batch.run.search.text() and batch.run.filter.currentIndex() == 0
    assert batch.source.unfinished.count() == 0
    assert history.model.rowCount() == 0 and not history.case_reference.text()
    assert window.verify.model.rowCount() == 0
    assert not window.redeem.code.text() and not window.redeem.password.text()
    current = window.pages.currentWidget()
    pages = [window.pages.widget(row) for row in range(window.pages.count())]
    for page in pages:  # every screen, shown or not
        page.setVisible(True)
    shown = strip_marks(visible_texts(window))
    for page in pages:
        page.setVisible(page is current)
    for secret in secrets:
        assert secret not in shown, secret


def test_lock_then_someone_else_then_another_agency_sees_nothing_of_the_first(
    qtbot, gui, start_mock, tmp_path
) -> None:
    window, ctx = gui
    mock = start_mock()
    url = mock.url
    # The first clerk (agency AG-1001): an inquiry, a finished list, an unfinished one,
    # a History search and an offline check, all on screen.
    sign_in(qtbot, window, url)
    nid = with_check_digit("004700001")
    inquire(qtbot, window, nid, "CASE-A-SINGLE")
    done = a_list(tmp_path, "done.csv", 4_710_000)
    assert run_list(qtbot, window, done, CASE_A).state is JobState.DONE
    store = ctx.job_store()
    left = a_list(tmp_path, "left.csv", 4_720_000)
    job = store.create_job(
        importing.load(left, column="کد ملی"),
        left,
        case_reference="CASE-A-LEFT",
        server_url=url,
        username=DEMO_USER,
        agency="AG-1001",
    )
    store.set_state(job.id, JobState.PAUSED)
    window.batch.run.search.setText("۴۷۱")
    open_history(qtbot, window)
    type_text(window.history.case_reference, "CASE-A")
    search(qtbot, window)
    assert window.history.model.rowCount() > 0
    not_a_certificate = tmp_path / "letter.pdf"
    not_a_certificate.write_bytes(b"%PDF-1.4 not a certificate")
    with qtbot.waitSignal(window.verify.verified, timeout=TIMEOUT_MS):
        window.verify.verify_paths([str(not_a_certificate)])
    assert window.verify.model.rowCount() == 1

    # Locked, then "Someone else? Sign out".
    window.lock()
    with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
        qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    secrets = [nid, to_persian_digits(nid), CASE_A, "CASE-A-SINGLE", "CASE-A-LEFT", "done.csv"]
    nothing_of_the_first_clerk(window, secrets)
    assert not window.sign_in.remember.isChecked()

    # The offline check stays usable signed out.
    window.nav.setCurrentRow(window.pages.indexOf(window.verify))
    with qtbot.waitSignal(window.verify.verified, timeout=TIMEOUT_MS):
        window.verify.verify_paths([str(not_a_certificate)])
    assert window.verify.model.rowCount() == 1

    # The second clerk, of another agency, signs in: none of the first clerk's work.
    window.nav.setCurrentRow(window.pages.indexOf(window.sign_in))
    sign_in(qtbot, window, url, username=DEMO_USER2)
    assert window.verify.model.rowCount() == 0  # checked by nobody signed in: gone too
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    qtbot.wait(200)  # the list of unfinished jobs is read off the GUI thread
    qtbot.waitUntil(lambda: not view.source.unfinished_box.isVisible())
    assert unfinished_texts(view) == []
    # The same list as the first clerk's finished one, the same case: asked again for
    # this clerk, not the first clerk's answers handed over.
    asked = mock_stats(url)["inquiries_answered"]
    outcome = run_list(qtbot, window, done, CASE_A)
    assert outcome.summary.answered == 12
    assert mock_stats(url)["inquiries_answered"] == asked + 12
    mine = store.job(view.job.id)
    assert (mine.username, mine.agency, mine.case_reference) == (DEMO_USER2, "AG-2001", CASE_A)


def test_new_bulk_inquiry_starts_with_an_empty_case_reference(
    qtbot, gui, start_mock, tmp_path
) -> None:
    window, _ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    run_list(qtbot, window, a_list(tmp_path, "first.csv", 4_730_000), CASE_A)
    assert view.job is not None and view.job.case_reference == CASE_A
    qtbot.mouseClick(view.run.new_button, Qt.MouseButton.LeftButton)
    assert view.pages.currentIndex() == 0 and not view.preview.case_reference.text()
    second = a_list(tmp_path, "second.csv", 4_740_000)
    import_and_wait(qtbot, view, second)
    assert not view.preview.case_reference.text()
    # Typed into the field as a clerk would: exactly what was typed, nothing appended.
    run_list(qtbot, window, second, CASE_B)
    assert view.job.case_reference == CASE_B
