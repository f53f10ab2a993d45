"""Every screen works from the keyboard alone and names its controls for screen readers."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.i18n import Language
from desktop.window.main_window import MainWindow
from tests.test_gui import sign_in


def _tab_stops(page: QWidget) -> list[QWidget]:
    """The controls of a page a keyboard user must be able to reach."""
    return [
        w
        for w in page.findChildren(QWidget)
        if w.isVisibleTo(page)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
    ]


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface else ""


def _tab_chain(window: MainWindow) -> list[QWidget]:
    """Press Tab from the navigation until focus comes back round."""
    app = QApplication.instance()
    window.nav.setFocus()
    chain: list[QWidget] = []
    for _ in range(200):
        QTest.keyClick(app.focusWidget(), Qt.Key.Key_Tab)
        widget = app.focusWidget()
        if widget is window.nav or widget in chain:
            return chain
        chain.append(widget)
    pytest.fail("Tab never came back to the navigation: a focus trap")


def _box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _against_reading_order(chain: list[QWidget], window: QWidget) -> list[str]:
    """Consecutive stops on one row must follow the reading direction (right to left in
    Persian); a stop above the previous one breaks top-to-bottom reading."""
    rtl = window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    wrong = []
    for before, after in itertools.pairwise(chain):
        a, b = _box(before, window), _box(after, window)
        same_row = a.top() < b.bottom() and b.top() < a.bottom()
        if same_row:
            forward = b.center().x() < a.center().x() if rtl else b.center().x() > a.center().x()
            if not forward and not (a.contains(b) or b.contains(a)):
                wrong.append(f"{_label(before)} -> {_label(after)} goes against the row")
        elif b.bottom() <= a.top():
            wrong.append(f"{_label(before)} -> {_label(after)} jumps back up")
    return wrong


def _label(widget: QWidget) -> str:
    return f"{type(widget).__name__}({_accessible_name(widget)!r})"


@pytest.mark.keyring
@pytest.mark.parametrize("language", [Language.FA, Language.EN])
def test_every_screen_by_keyboard(qtbot, open_window, mock_server, language) -> None:
    window, ctx = open_window()
    ctx.i18n.set_language(language)
    sign_in(qtbot, window, mock_server.url)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    problems: dict[str, list[str]] = {}
    for row in range(window.nav.count()):
        if window.nav.item(row).isHidden():
            continue
        window.nav.setCurrentRow(row)
        page = window.pages.currentWidget()
        name = type(page).__name__
        stops = _tab_stops(page)
        assert stops, f"{name} has nothing to reach by keyboard"
        unnamed = [_label(w) for w in stops if not _accessible_name(w)]
        chain = [w for w in _tab_chain(window) if page.isAncestorOf(w)]
        unreachable = [_label(w) for w in stops if w not in chain]
        found = unnamed + unreachable + _against_reading_order(chain, window)
        if found:
            problems[name] = found
    assert problems == {}
