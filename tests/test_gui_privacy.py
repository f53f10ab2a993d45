"""Privacy in the real window: the idle lock, wiping local data, retention at start."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from desktop.core import importing
from desktop.core.digits import to_persian_digits
from desktop.core.jobs import JobState, JobStore, default_path
from desktop.core.national_id import with_check_digit
from desktop.core.paths import user_data_dir
from desktop.core.secrets import SecretStore
from desktop.core.session import account_key
from desktop.ui.i18n import localize_digits
from desktop.window.main_window import MainWindow
from tests.batch_fixtures import mock_stats, write_list
from tests.conftest import DEMO_USER, read_otp_code
from tests.test_gui import (
    TIMEOUT_MS,
    choose_server,
    errors_text,
    found_id,
    inquire,
    sign_in,
    type_text,
)
from tests.test_gui_batch import import_and_wait, write_xlsx

SHORT_IDLE_MS = 400


def visible_texts(window: MainWindow) -> str:
    """Everything a person at the screen can read: the title and every shown widget."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        texts.append(widget.toolTip())
    return "\n".join(texts)


def strip_marks(text: str) -> str:
    return "".join(c for c in text if c not in "\u2066\u2067\u2068\u2069\u200e\u200f")


def unlock(qtbot, window: MainWindow, url: str, password: str = "demo-pass") -> None:
    screen = window.lock_screen
    screen.password.setText(password)
    with qtbot.waitSignal(screen.requestFinished, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    type_text(screen.code, to_persian_digits(read_otp_code(url, DEMO_USER)))
    with qtbot.waitSignal(window.lockedChanged, timeout=TIMEOUT_MS) as changed:
        qtbot.keyClick(screen.code, Qt.Key.Key_Return)
    assert changed.args == [False]


def test_idle_lock_hides_personal_data_until_the_clerk_proves_it_is_them(
    qtbot, gui, mock_server
) -> None:
    window, ctx = gui
    url = mock_server.url
    nid, answer = found_id(url, start=4_400_000)
    sign_in(qtbot, window, url)
    inquire(qtbot, window, nid, "۱۴۰۵/۹")
    person = f"{answer['first_name']} {answer['last_name']}"
    shown = strip_marks(visible_texts(window))
    assert person in shown and to_persian_digits(nid) in shown  # the test can see them
    window.idle.set_timeout(SHORT_IDLE_MS)  # instead of minutes

    # No input for the (short) idle time: the window locks by itself.
    with qtbot.waitSignal(window.lockedChanged, timeout=SHORT_IDLE_MS * 10) as changed:
        pass
    assert changed.args == [True] and window.locked
    shown = strip_marks(visible_texts(window))
    for secret in (person, answer["last_name"], nid, to_persian_digits(nid)):
        assert secret not in shown
    assert ctx.session.me.full_name not in shown  # nor the clerk's own name
    assert "demo.clerk" in shown  # whose window it is
    assert not window.header.isVisible() and not window.inquiry.card.isVisible()
    assert not any(a.isEnabled() for a in window.nav.shortcut_actions)
    window.grab().save(str(user_data_dir() / "locked.png"))

    # A wrong password is refused in so many words, and the window stays locked.
    screen = window.lock_screen
    screen.password.setText("not-the-password")
    with qtbot.waitSignal(screen.requestFinished, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert screen.banner.text() == errors_text("The username or password is wrong.")
    assert window.locked and screen.steps.currentIndex() == 0

    # The right password, then the code the server texts: back where the clerk was.
    unlock(qtbot, window, url)
    assert not window.locked and window.inquiry.card.isVisible()
    assert person in strip_marks(visible_texts(window))
    # The session was never disturbed: the next inquiry needs no new sign-in.
    window.idle.set_timeout(0)  # 0: never lock
    inquire(qtbot, window, nid, "۱۴۰۵/۱۰")
    assert window.inquiry.card.isVisible(), window.inquiry.banner.text()


def test_lock_on_demand_and_a_wrong_code(qtbot, gui, mock_server) -> None:
    window, _ctx = gui
    assert not window.lock_action.isEnabled()  # nobody to lock for
    sign_in(qtbot, window, mock_server.url)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    screen = window.lock_screen
    screen.password.setText("demo-pass")
    with qtbot.waitSignal(screen.requestFinished, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    right = read_otp_code(mock_server.url, DEMO_USER)
    type_text(screen.code, "000000" if right != "000000" else "111111")
    with qtbot.waitSignal(screen.requestFinished, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.code, Qt.Key.Key_Return)
    assert window.locked
    assert screen.banner.text() == errors_text(
        "The one-time code is wrong. Check the SMS and try again."
    )
    screen.code.clear()
    type_text(screen.code, right)
    with qtbot.waitSignal(window.lockedChanged, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.code, Qt.Key.Key_Return)
    assert not window.locked


def big_list(tmp_path: Path, n: int, start: int) -> Path:
    ids = [with_check_digit(f"{k:09d}") for k in range(start, start + n)]
    return write_xlsx(tmp_path / "many.xlsx", [["کد ملی"], *[[i] for i in ids]])


def test_a_batch_keeps_running_while_locked(qtbot, gui, start_mock, tmp_path) -> None:
    window, _ctx = gui
    mock = start_mock(latency_ms=400)
    sign_in(qtbot, window, mock.url)
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    import_and_wait(qtbot, view, big_list(tmp_path, 2000, 5_000_000))
    qtbot.keyClicks(view.preview.case_reference, "1405-LOCK")
    unlocks: list[bool] = []
    window.lockedChanged.connect(unlocks.append)
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 4) as finished:
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        window.lock()
        assert mock_stats(mock.url)["inquiries_answered"] < 2000
        # Wiping is not offered while locked, and would not touch a running job anyway.
        assert not window.wipe_action.isEnabled()
    assert unlocks == [True] and window.locked  # the whole run happened behind the lock
    assert finished.args[0].summary.answered == 2000
    assert finished.args[0].state is JobState.DONE
    unlock(qtbot, window, mock.url)
    assert view.run.model.rowCount() == 2000


def test_someone_else_signs_the_clerk_out(qtbot, gui, keyring_service, mock_server) -> None:
    window, ctx = gui
    url = mock_server.url
    nid, _answer = found_id(url, start=4_500_000)
    sign_in(qtbot, window, url)
    inquire(qtbot, window, nid, "۱۴۰۵/۱۱")
    window.lock()
    with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
        qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.locked and window.sign_in.isVisible()
    assert ctx.session.me is None
    assert to_persian_digits(nid) not in strip_marks(visible_texts(window))
    assert SecretStore(service=keyring_service).get(account_key(url, DEMO_USER)) is None
    window.inquiry.setVisible(True)  # even the hidden screen holds nothing any more
    assert not window.inquiry.card.isVisible() and not window.inquiry.national_id.text()


def old_job(store: JobStore, tmp_path: Path, days: float, start: int) -> int:
    ids = [with_check_digit(f"{k:09d}") for k in range(start, start + 3)]
    path = write_list(tmp_path / f"old-{start}.csv", ids)
    job = store.create_job(
        importing.load(path, column="کد ملی"),
        path,
        case_reference="R-1",
        server_url="http://127.0.0.1:1",
        username=DEMO_USER,
    )
    created = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).timestamp()
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE jobs SET created = ? WHERE id = ?", (created, job.id))
    return job.id


def test_start_purges_what_is_past_retention(qtbot, gui, tmp_path) -> None:
    window, ctx = gui
    ctx.settings.setValue("privacy/retention_days", 30)
    store = ctx.job_store()
    old = old_job(store, tmp_path, days=31, start=6_100_000)
    young = old_job(store, tmp_path, days=29, start=6_200_000)
    with qtbot.waitSignal(window.local_data.purge_expired().finished, timeout=TIMEOUT_MS):
        pass
    assert [j.id for j in store.jobs()] == [young]
    assert old not in {j.id for j in store.jobs()}


def close_next_message(into: list[str]) -> None:
    """Answer the next message box the way a clerk pressing Escape would."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            into.append(box.text() + "\n" + box.informativeText())
            box.reject()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)


def test_wipe_removes_jobs_and_the_remembered_sign_in(
    qtbot, gui, keyring_service, start_mock, tmp_path
) -> None:
    window, ctx = gui
    mock = start_mock(latency_ms=300)
    window.sign_in.remember.setChecked(True)
    sign_in(qtbot, window, mock.url)
    store = ctx.job_store()
    kept = store.jobs()
    old_job(store, tmp_path, days=0, start=6_300_000)
    account = account_key(mock.url, DEMO_USER)
    assert SecretStore(service=keyring_service).get(account) is not None

    # While a batch runs, wiping is refused, saying why.
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    import_and_wait(qtbot, view, big_list(tmp_path, 1500, 6_400_000))
    qtbot.keyClicks(view.preview.case_reference, "1405-W")
    said: list[str] = []
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 4):
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.running_job_id is not None)
        close_next_message(said)
        window.local_data.wipe()
    assert said[0].strip() == QCoreApplication.translate(
        "LocalData",
        "A bulk inquiry is running. Let it finish, or cancel it on the bulk inquiry "
        "screen, then wipe.",
    )
    assert len(store.jobs()) == len(kept) + 2

    # The confirmation names what goes and what stays; Escape keeps everything.
    close_next_message(said)
    window.local_data.wipe()
    assert said[1].endswith(window.local_data.wipe_explanation())
    assert len(store.jobs()) == len(kept) + 2

    with qtbot.waitSignal(window.local_data.wiped, timeout=TIMEOUT_MS) as wiped:
        window.local_data.wipe_now()
    assert wiped.args[0].jobs == 2 and store.jobs() == []
    assert window.banner.kind == "success"
    qtbot.waitUntil(lambda: SecretStore(service=keyring_service).get(account) is None)
    assert ctx.session.me is None and window.sign_in.isVisible()
    on_disk = b"".join(p.read_bytes() for p in default_path().parent.glob("jobs.sqlite3*"))
    assert with_check_digit("006400000").encode() not in on_disk
    assert view.run.model.rowCount() == 0


def test_throttled_sign_in_says_how_long_to_wait(qtbot, gui, start_mock) -> None:
    window, _ctx = gui
    mock = start_mock()
    view = window.sign_in
    choose_server(window, mock.url)
    view.username.setText("someone.else")  # an unknown name counts as a wrong password
    for _ in range(11):
        view.password.setText("guess")
        with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
            qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    assert view.banner.text() == errors_text(
        "Too many failed attempts. Wait %1 seconds, then try again."
    ).replace("%1", localize_digits("2"))
    assert view.steps.currentIndex() == 0 and view.password.text() == "guess"
