"""Diagnostics for support, the finished-run notification and the first-run welcome."""

from __future__ import annotations

import logging

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QApplication, QWidget

from desktop import __version__
from desktop.core import logs
from desktop.core.national_id import with_check_digit
from desktop.ui.i18n import localize_digits
from desktop.window import support
from tests.test_gui import TIMEOUT_MS, sign_in
from tests.test_gui_batch import import_and_wait, write_xlsx


def support_text(source: str) -> str:
    return QCoreApplication.translate("Support", source)


SECRET = "Zq81_vM3nB5xC7lK9jH2gF4dS6aP0oI1uY3tR5eW"


def activate(widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()


def test_diagnostics_carry_versions_settings_and_log_but_no_secret(qtbot, gui) -> None:
    window, ctx = gui
    logs.setup("diagnostics test")
    nid = with_check_digit("001234561")
    logging.getLogger("desktop.test").info("answered %s with token=%s", nid, SECRET)
    ctx.settings.setValue("signin/server_url", "https://sso.example")
    ctx.settings.setValue("signin/api_token", SECRET)  # no such key exists; none may leak
    QApplication.clipboard().clear()
    window.diagnostics_action.trigger()
    qtbot.waitUntil(lambda: bool(QApplication.clipboard().text()), timeout=TIMEOUT_MS)
    text = QApplication.clipboard().text()
    assert f"Estelam Desk {__version__}" in text
    assert f"Qt: {qVersion()}, PySide6 {pyside_version}" in text
    assert "Keyring backend: " in text
    assert "Server: https://sso.example" in text
    assert "signin/server_url = https://sso.example" in text
    assert "api_token" not in text
    assert "started (diagnostics test)" in text
    assert f"answered *******{nid[-3:]} with token=[redacted]" in text
    assert SECRET not in text and nid not in text


def test_diagnostics_keep_only_the_last_lines(gui) -> None:
    _window, ctx = gui
    logs.setup("diagnostics test")
    for n in range(support.DIAGNOSTIC_LOG_LINES + 50):
        logging.getLogger("desktop.test").info("line %d", n)
    text = support.diagnostics_text(support.settings_snapshot(ctx), None)
    assert "line 249" in text and "line 49\n" not in text
    assert "started (diagnostics test)" not in text  # older than the last 200 lines


@pytest.fixture
def notifications(qtbot, gui, start_mock, tmp_path, monkeypatch):
    """A signed-in window whose bulk runs count as long; yields (window, run, notified)."""
    window, _ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    monkeypatch.setattr(support, "NOTIFY_AFTER_S", 0.0)
    notified: list[tuple[str, str]] = []
    window.notifier.notified.connect(lambda title, text: notified.append((title, text)))
    view = window.batch
    ids = [with_check_digit(f"{n:09d}") for n in range(3000000, 3000012)]
    path = write_xlsx(tmp_path / "list.xlsx", [["کد ملی"], *([nid] for nid in ids)])

    def run() -> object:
        view.start_over()
        import_and_wait(qtbot, view, path)
        view.preview.case_reference.setText("1405-5")
        with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
            qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.run.new_button.isHidden(), timeout=TIMEOUT_MS)
        return finished.args[0]

    return window, run, notified


def test_a_finished_run_notifies_when_the_window_is_not_active(qtbot, notifications) -> None:
    window, run, notified = notifications
    other = QWidget()
    qtbot.addWidget(other)
    activate(other)
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    outcome = run()
    assert outcome.summary.answered == 12
    assert len(notified) == 1
    title, text = notified[0]
    assert title == support_text("Bulk inquiry finished")
    assert localize_digits("12") in text
    assert text == support_text("%1 answered, %2 failed, %3 waiting.").replace(
        "%1", localize_digits("12")
    ).replace("%2", localize_digits("0")).replace("%3", localize_digits("0"))


def test_no_notification_while_the_window_is_active(qtbot, notifications) -> None:
    window, run, notified = notifications
    activate(window)
    qtbot.waitUntil(window.isActiveWindow)
    run()
    assert notified == []


def test_a_short_run_or_a_pause_needs_no_notification(qtbot, gui) -> None:
    from desktop.core.batch import RunOutcome, StopReason
    from desktop.core.jobs import JobState, JobSummary

    window, _ctx = gui
    other = QWidget()
    qtbot.addWidget(other)
    activate(other)
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    notified: list[str] = []
    window.notifier.notified.connect(lambda title, _text: notified.append(title))
    summary = JobSummary(**{name: 0 for name in JobSummary.__dataclass_fields__})
    done = RunOutcome(JobState.DONE, None, summary)
    window.notifier.run_finished(done, support.NOTIFY_AFTER_S / 2)
    window.notifier.run_finished(
        RunOutcome(JobState.PAUSED, StopReason.PAUSED, summary), support.NOTIFY_AFTER_S * 2
    )
    assert notified == []
    window.notifier.run_finished(
        RunOutcome(JobState.PAUSED, StopReason.QUOTA_EXHAUSTED, summary),
        support.NOTIFY_AFTER_S * 2,
    )
    assert notified == [support_text("Bulk inquiry stopped")]


def test_welcome_on_the_first_start_only(qtbot, open_window) -> None:
    window, _ctx = open_window()
    welcome = window.first_run()
    assert welcome is not None and welcome.isVisible()
    assert welcome.demo_button.isVisible()
    welcome.close_button.click()
    assert window.first_run() is None
    again, _ctx = open_window()  # the next start, same data directory
    assert again.first_run() is None
    # ... and it stays reachable from the Help menu.
    later = again.show_welcome()
    assert later.isVisible()
    later.accept()


def test_try_the_demo_leads_to_a_demo_sign_in(qtbot, gui) -> None:
    window, ctx = gui
    log_path = logs.setup("demo test")
    welcome = window.first_run()
    assert ctx.demo is None
    try:
        welcome.demo_button.click()
        qtbot.waitUntil(lambda: window.demo_mock is not None, timeout=TIMEOUT_MS * 2)
        view = window.sign_in
        assert ctx.demo is not None and ctx.demo.url == window.demo_mock.url
        assert ctx.proof.profile == "test"  # the demo's certificates are TEST-signed
        assert view.server_address() == ctx.demo.url
        assert view.demo_box.isVisible()
        assert ctx.demo.username in view.demo_hint.text()
        view.fill_demo()
        with qtbot.waitSignal(view.codeRequested, timeout=TIMEOUT_MS):
            view.start()
        view.code.setText(ctx.demo.code)
        with qtbot.waitSignal(window.signedIn, timeout=TIMEOUT_MS):
            view.verify()
        assert window.header.clerk.text()
        assert window.show_welcome().demo_button.isHidden()  # the demo is already running
        # The in-process mock's own lines (requests, the SMS with its code) stay out.
        text = log_path.read_text(encoding="utf-8")
        assert f"demo server started at {ctx.demo.url}" in text
        assert f"signed in as {ctx.demo.username}" in text
        assert "/api/v1" not in text and ctx.demo.code not in text
    finally:
        if window.demo_mock is not None:
            window.demo_mock.stop()


def test_a_crash_in_a_thread_is_logged_and_offers_diagnostics(qtbot, gui) -> None:
    import threading

    from PySide6.QtWidgets import QMessageBox

    window, ctx = gui
    log_path = logs.setup("crash test")
    notice = support.CrashNotice(ctx, window)
    try:
        thread = threading.Thread(
            target=lambda: (_ for _ in ()).throw(LookupError(f"token={SECRET}")), name="worker"
        )
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    finally:
        notice.uninstall()
    assert "LookupError" in notice.box.text() and SECRET not in notice.box.text()
    text = log_path.read_text(encoding="utf-8")
    assert "unhandled LookupError in thread worker" in text
    assert "token=[redacted]" in text and SECRET not in text
    QApplication.clipboard().clear()
    copy = next(
        b for b in notice.box.buttons()
        if notice.box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    copy.click()
    qtbot.waitUntil(lambda: bool(QApplication.clipboard().text()), timeout=TIMEOUT_MS)
    assert "unhandled LookupError" in QApplication.clipboard().text()
    notice.box.close()
