"""`--demo`: the window comes first; the bundled mock starts behind it and is offered on
the sign-in screen once it listens."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication

from desktop.window.main_window import MainWindow
from tests.conftest import sign_in_tokens
from tests.test_gui import TIMEOUT_MS


def test_the_demo_flag_starts_the_server_first_and_offers_it_once_it_listens(
    qtbot, monkeypatch
) -> None:
    from desktop import app as entry
    from desktop.window import demo as seam

    began: list[object] = []  # what was made, in order
    for cls in (seam.DemoProcess, MainWindow):
        init = cls.__init__
        monkeypatch.setattr(
            cls, "__init__", lambda self, *a, _init=init: (began.append(self), _init(self, *a))[1]
        )

    def exec_(_app: QApplication) -> int:
        window = began[-1]
        assert isinstance(window, MainWindow)
        view = window.sign_in
        # Shown, saying the demo server is starting; its account cannot be used yet.
        assert window.isVisible() and view.demo_busy.isVisible()
        assert not view.demo_fill.isEnabled()
        qtbot.waitUntil(view.demo_fill.isEnabled, timeout=TIMEOUT_MS * 2)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    try:
        assert entry.run_gui(argparse.Namespace(demo=True, lang="en")) == 0
        # Its process was started before the window was built, to use the other core.
        server, window = began
        assert isinstance(server, seam.DemoProcess) and isinstance(window, MainWindow)
        assert window.demo_mock is server
        assert window.pages.currentWidget() is window.sign_in
        assert window.sign_in.server.currentData() == "demo"
        # ... and its demo account signs in.
        assert sign_in_tokens(window.demo_mock.url)["access_token"]
    finally:
        for made in began:
            if isinstance(made, seam.DemoProcess):
                made.stop()


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
