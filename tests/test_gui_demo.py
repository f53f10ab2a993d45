"""`--demo`: the window comes first; the bundled mock starts behind it and is offered on
the sign-in screen once it listens."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication

from desktop.window.main_window import MainWindow
from tests.test_gui import TIMEOUT_MS


def test_the_demo_flag_starts_the_mock_once_the_window_is_shown(qtbot, monkeypatch) -> None:
    from desktop import app as entry

    seen: list[tuple[bool, bool]] = []

    def start_demo(window: MainWindow) -> None:
        seen.append((window.isVisible(), window.sign_in.demo_busy.isVisible()))

    def exec_(_app: QApplication) -> int:
        assert seen == []  # not before the window is on screen
        qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
        return 0

    monkeypatch.setattr(MainWindow, "start_demo", start_demo)
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert entry.run_gui(argparse.Namespace(demo=True, lang="en")) == 0
    # Shown, already saying the demo server is starting.
    assert seen == [(True, True)]


def test_the_sign_in_screen_says_the_demo_is_starting_then_offers_it(qtbot, gui) -> None:
    window, ctx = gui
    view = window.sign_in
    assert ctx.demo is None and view.demo_box.isHidden()
    job = window.start_demo()
    assert job is not None
    try:
        # Meanwhile: said, with a busy bar; its account cannot be used yet.
        assert view.demo_box.isVisible() and view.demo_busy.isVisible()
        assert not view.demo_fill.isEnabled()
        assert view.demo_hint.text()
        assert window.start_demo() is job  # asked again while starting: no second mock
        with qtbot.waitSignal(job.finished, timeout=TIMEOUT_MS * 2):
            pass
        assert ctx.demo is not None and window.demo_mock is not None
        assert view.demo_busy.isHidden() and view.demo_fill.isEnabled()
        assert view.server.currentData() == "demo"
        # The account's name and password read left to right inside the Persian line.
        for code in (ctx.demo.username, ctx.demo.password):
            assert f"\u2066{code}\u2069" in view.demo_hint.text()
    finally:
        qtbot.waitUntil(lambda: window.demo_mock is not None, timeout=TIMEOUT_MS * 2)
        window.demo_mock.stop()
