"""Keyboard and mouse habits kept the same on every screen, set once for the whole app.

- The mouse wheel over a list box, spin box or slider that does not have the keyboard
  focus scrolls the page under it; it never changes the value (a clerk scrolling
  Settings must not turn 90 days' retention into 365). Click or Tab into the control
  first, then the wheel changes it.
- Tab leaves a table or a list for the next control: the arrow keys move inside it. No
  screen traps the keyboard in a table.
- The control with the keyboard focus wears a clear outline (the focus ring), in the light
  and the dark look alike, whatever the style draws of its own.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QScrollBar,
    QWidget,
)

from desktop.ui import theme

#: The outline's width in pixels.
RING_WIDTH = 2


def _wheel_sets_value(widget: QObject) -> bool:
    """Controls whose value the wheel changes (a scroll bar only scrolls)."""
    return isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractSlider) and not isinstance(
        widget, QScrollBar
    )


def ring_colour() -> QColor:
    """The focus outline's colour in the look in use."""
    return QColor(theme.FOCUS_COLOR[theme.is_dark(theme.current())])


def _focus_ring() -> QFrame:
    """An outline drawn over the border of the widget that has the keyboard focus.

    It is a child of that widget, moved along as the focus moves, so it scrolls and
    clips with it; it takes no input and no focus. A plain frame drawn by a style sheet,
    not a widget subclass: it is destroyed with whatever widget holds it at the time,
    and nothing of it is left for Python to call into.
    """
    ring = QFrame()
    ring.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    ring.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    ring.setObjectName("focus-ring")
    return ring


class InputHabits(QObject):
    """The application-wide event filter behind the habits above; one per application
    (InputHabits.install)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("input-habits")
        self.ring = _focus_ring()
        self._host: QWidget | None = None
        app.installEventFilter(self)
        app.focusChanged.connect(self._focus_moved)
        theme.notifier.changed.connect(self._paint_ring)

    @classmethod
    def install(cls, app: QApplication) -> InputHabits:
        return app.findChild(InputHabits, "input-habits") or cls(app)

    # -- the wheel and the Tab key --------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            self._polish(watched)
        elif kind == QEvent.Type.Wheel and _wheel_sets_value(watched):
            assert isinstance(watched, QWidget)
            if not watched.hasFocus():
                # Ignored and filtered out: Qt hands the wheel on to the parent, which
                # scrolls the page.
                event.ignore()
                return True
        elif watched is self._host and kind == QEvent.Type.Resize:
            self._fit()
        return False

    @staticmethod
    def _polish(widget: QObject) -> None:
        if _wheel_sets_value(widget):
            assert isinstance(widget, QWidget)
            # Not WheelFocus: turning the wheel over a control must not take the focus
            # (and with it the value).
            if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)

    # -- the focus ring -------------------------------------------------------------
    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self.ring):  # went with the widget it was drawn on
            self.ring = _focus_ring()
        self._host = None
        if new is None or new.window().windowType() == Qt.WindowType.Popup:
            # Hidden where it is: focus also leaves a widget that is being destroyed,
            # and taking a child from a parent midway through deleting its children
            # leaves a dangling widget behind.
            self.ring.hide()
            return
        self.ring.setParent(new)
        self._paint_ring()
        self._host = new
        self._fit()
        self.ring.raise_()
        self.ring.show()

    def _paint_ring(self, _dark: bool = False) -> None:
        if shiboken6.isValid(self.ring):
            self.ring.setStyleSheet(
                f"QFrame#focus-ring {{ border: {RING_WIDTH}px solid {ring_colour().name()};"
                " border-radius: 4px; background: transparent; }"
            )

    def _fit(self) -> None:
        if self._host is not None:
            self.ring.setGeometry(self._host.rect())
