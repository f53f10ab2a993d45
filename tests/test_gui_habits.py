"""Keyboard and mouse habits in the real window: where the keyboard starts, Tab through
every action in every state, the wheel over a control without focus, the focus
outline, the navigation's shortcuts, and masked secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

from desktop.core.national_id import with_check_digit
from desktop.ui import theme
from desktop.ui.habits import RING_WIDTH, InputHabits, ring_colour
from desktop.ui.preferences import Preferences
from desktop.window.app import settings
from desktop.window.main_window import MainWindow
from tests.batch_fixtures import write_list
from tests.conftest import DEMO_USER, DEMO_USER2
from tests.test_accessibility import _label, _tab_chain, _tab_stops
from tests.test_gui import TIMEOUT_MS, inquire, sign_in, type_text
from tests.test_gui_batch import import_and_wait
from tests.test_gui_history import open_history, search


def activate(window: MainWindow) -> None:
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def unreachable(window: MainWindow) -> list[str]:
    """The actions of the screen shown that Tab, pressed from the navigation, never
    reaches."""
    page = window.pages.currentWidget()
    chain = _tab_chain(window)
    return [_label(w) for w in _tab_stops(page) if w not in chain]


def test_the_keyboard_starts_in_the_sign_in_form(qtbot, open_window) -> None:
    window, _ctx = open_window()
    activate(window)
    assert QApplication.focusWidget() is window.sign_in.username
    assert not window.sign_in.remember.isChecked()  # a shared desk: asked for, not assumed
    window.close()

    # Under a username kept from the last sign-in, the password is next.
    Preferences(settings()).remember_sign_in("http://127.0.0.1:1", DEMO_USER, False)
    again, _ctx = open_window()
    activate(again)
    assert QApplication.focusWidget() is again.sign_in.password


def test_tab_reaches_every_action_in_every_state(qtbot, gui, mock_server, tmp_path) -> None:
    window, _ctx = gui
    sign_in(qtbot, window, mock_server.url)
    activate(window)
    problems: dict[str, list[str]] = {}

    def check(state: str) -> None:
        if missing := unreachable(window):
            problems[state] = missing

    # The import preview: the rows left out in a table, then the case and Run.
    batch = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(batch))
    good = [with_check_digit(f"{k:09d}") for k in range(4_800_000, 4_800_030)]
    path = write_list(tmp_path / "list.csv", good, [["31", "x", "0012345612"]])
    import_and_wait(qtbot, batch, path)
    type_text(batch.preview.case_reference, "TAB-1")
    assert batch.preview.rejected_model.rowCount() == 1 and batch.preview.run_button.isEnabled()
    check("bulk preview")
    # The run's results table, then the exports.
    with qtbot.waitSignal(batch.runFinished, timeout=TIMEOUT_MS * 2):
        qtbot.keyClick(batch.preview.case_reference, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: batch.run.model.rowCount() == 31)
    check("bulk results")
    # History's table of records found, then its exports.
    window.nav.setCurrentRow(window.pages.indexOf(window.inquiry))
    inquire(qtbot, window, "0012345611", "TAB-2")
    open_history(qtbot, window)
    search(qtbot, window)
    assert window.history.model.rowCount() > 0
    check("history results")
    # The offline check's table of files checked.
    verify = window.verify
    window.nav.setCurrentRow(window.pages.indexOf(verify))
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 not a certificate")
    with qtbot.waitSignal(verify.verified, timeout=TIMEOUT_MS):
        verify.verify_paths([str(letter)])
    check("verify results")
    # Redeem: the usage password's show toggle too.
    window.nav.setCurrentRow(window.pages.indexOf(window.redeem))
    type_text(window.redeem.code, "1405-1234-5674")
    check("redeem")
    assert problems == {}


def wheel(widget: QWidget, steps: int) -> None:
    """Turn the mouse wheel over the middle of `widget` (down for a negative number), as
    the window system delivers it."""
    window = widget.window()
    at = widget.mapTo(window, widget.rect().center())
    QTest.wheelEvent(window.windowHandle(), QPointF(at), QPoint(0, 120 * steps))
    QApplication.processEvents()


def test_the_wheel_scrolls_settings_and_changes_no_value_without_focus(qtbot, gui) -> None:
    window, ctx = gui
    window.resize(900, 480)  # short enough that Settings scrolls
    window.show_settings()
    activate(window)
    retention = window.settings.retention
    assert retention.focusPolicy() == Qt.FocusPolicy.StrongFocus
    window.settings.setFocus()
    assert not retention.hasFocus()
    area = retention.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    bar = area.verticalScrollBar()
    area.ensureWidgetVisible(retention)
    top = bar.value()
    assert top > 0, "Settings must scroll for this test"
    before = (retention.currentIndex(), ctx.prefs.retention_days)
    wheel(retention, 1)
    assert (retention.currentIndex(), ctx.prefs.retention_days) == before
    assert bar.value() < top  # the page scrolled instead
    assert not retention.hasFocus()
    area.ensureWidgetVisible(retention)

    # With the focus in it, the wheel is the clerk's way to change it.
    retention.setFocus()
    wheel(retention, -1)
    assert retention.currentIndex() != before[0]
    # Every list box and spin box in the window takes the wheel only with focus.
    combos = [w for w in window.findChildren(QComboBox)]
    assert combos and all(c.focusPolicy() != Qt.FocusPolicy.WheelFocus for c in combos)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_focused_control_wears_a_clear_outline(qtbot, gui, dark) -> None:
    window, _ctx = gui
    app = QApplication.instance()
    theme.apply(app, theme.Theme.DARK if dark else theme.Theme.LIGHT)
    activate(window)
    for widget in (window.sign_in.username, window.sign_in.sign_in_button, window.nav):
        widget.setFocus()
        ring = InputHabits.install(app).ring
        assert ring.parentWidget() is widget and ring.isVisible()
        assert ring.geometry() == widget.rect()
        edge = widget.grab().toImage().pixelColor(widget.width() // 2, RING_WIDTH // 2)
        assert contrast(edge, ring_colour()) < 1.3, (edge.name(), ring_colour().name())
        palette = app.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            assert contrast(ring_colour(), palette.color(role)) >= 3, role
    theme.apply(app, theme.Theme.LIGHT)


def test_navigation_shortcuts_are_the_same_for_every_clerk_and_shown(
    qtbot, gui, start_mock
) -> None:
    window, _ctx = gui
    mock = start_mock()
    activate(window)
    numbers = {
        window.sign_in: 1,
        window.inquiry: 1,
        window.batch: 2,
        window.redeem: 3,
        window.verify: 4,
        window.history: 5,
        window.settings: 6,
    }
    for page, number in numbers.items():
        keys = QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
        assert keys in window.nav.item_of(page).toolTip()

    def press(number: int) -> QWidget:
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        return window.pages.currentWidget()

    # Signed out, and as each demo clerk (the second one's agency has no redeem screen):
    # every shown screen under its own number, a hidden one leaves its number unused.
    for who in (None, DEMO_USER, DEMO_USER2):
        if who is not None:
            window.nav.setCurrentRow(window.pages.indexOf(window.sign_in))
            sign_in(qtbot, window, mock.url, username=who)
            activate(window)
        for page, number in numbers.items():
            shown = not window.nav.item_of(page).isHidden()
            if shown:
                assert press(number) is page, (who, number)
        if who == DEMO_USER2:
            assert window.nav.item_of(window.redeem).isHidden()
            assert press(4) is window.verify
            assert press(3) is window.verify  # nothing under Ctrl+3: no move
        if who is not None:
            with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
                window.sign_out()


def test_the_usage_password_is_masked_until_shown(qtbot, gui) -> None:
    window, _ctx = gui
    view = window.redeem
    assert view.password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(view.password, "a1b2c3")
    view.show_password.setFocus()
    qtbot.keyClick(view.show_password, Qt.Key.Key_Space)
    assert view.password.echoMode() == QLineEdit.EchoMode.Normal
    view.password.clear()  # used, or cleared for the next person: masked again
    assert view.password.echoMode() == QLineEdit.EchoMode.Password
    assert not view.show_password.isChecked()


def test_after_a_lock_and_a_sign_out_the_keyboard_is_in_the_form(
    qtbot, gui, mock_server, tmp_path: Path
) -> None:
    window, _ctx = gui
    sign_in(qtbot, window, mock_server.url)
    activate(window)
    window.lock()
    assert QApplication.focusWidget() is window.lock_screen.password
    with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
        qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() in (window.sign_in.username, window.sign_in.password)
