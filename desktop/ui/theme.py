"""Fonts, icon, the light and dark looks, and following the system's colour scheme."""

from __future__ import annotations

import enum

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop import APP_ID
from desktop.core.paths import ICON_SIZES, icon_path, resource_path

FONT_FAMILY = "Vazirmatn"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")


class Theme(enum.StrEnum):
    SYSTEM = "system"  # follows the operating system's light or dark mode, live
    LIGHT = "light"
    DARK = "dark"


# Colours carry meaning (verdicts, statuses): (text, background) per kind and scheme,
# every pair at least 4.5:1 in contrast (WCAG AA). The rest follows the palette.
LIGHT_COLORS = {
    "success": ("#1b5e20", "#e8f5e9"),
    "error": ("#b71c1c", "#ffebee"),
    "warning": ("#8a5300", "#fff8e1"),
    "info": ("#0d47a1", "#e3f2fd"),
}
DARK_COLORS = {
    "success": ("#a5d6a7", "#15301a"),
    "error": ("#ffaba3", "#3b1416"),
    "warning": ("#ffd180", "#3a2a0c"),
    "info": ("#a6cdff", "#0f2740"),
}
# The colours of the scheme in use, updated in place when it changes.
COLORS = dict(LIGHT_COLORS)
# The keyboard focus outline, by dark: at least 3:1 against the window, the fields and the
# buttons of its scheme (WCAG 1.4.11), where the style's own focus frame is faint.
FOCUS_COLOR = {False: "#1a5fb4", True: "#7fb0ff"}

_DARK_PALETTE = {
    QPalette.ColorRole.Window: "#1f2125",
    QPalette.ColorRole.WindowText: "#e8e8ea",
    QPalette.ColorRole.Base: "#272a2f",
    QPalette.ColorRole.AlternateBase: "#2c3036",
    QPalette.ColorRole.Text: "#e8e8ea",
    QPalette.ColorRole.Button: "#30343a",
    QPalette.ColorRole.ButtonText: "#e8e8ea",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#3a6fc4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a4a9b1",
    QPalette.ColorRole.ToolTipBase: "#30343a",
    QPalette.ColorRole.ToolTipText: "#e8e8ea",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c5a3f5",
    QPalette.ColorRole.Light: "#41464d",
    QPalette.ColorRole.Midlight: "#383c43",
    QPalette.ColorRole.Mid: "#4b5058",
    QPalette.ColorRole.Dark: "#17181b",
    QPalette.ColorRole.Shadow: "#0c0d0f",
}
_DARK_DISABLED = "#7d828a"

_STYLE = """
QWidget#navigation { background: palette(alternate-base); }
QListWidget#navigation { border: none; padding: 8px 4px; font-size: 11pt; outline: 0; }
QListWidget#navigation::item { padding: 8px 12px; border-radius: 6px; }
QListWidget#navigation::item:selected { background: palette(highlight);
    color: palette(highlighted-text); }
QLabel[role="title"] { font-size: 16pt; font-weight: bold; }
QLabel[role="subtitle"] { color: palette(placeholder-text); }
QLabel[role="big"] { font-size: 15pt; font-weight: bold; }
QLabel[role="field-name"] { color: palette(placeholder-text); }
QFrame[role="card"] { border: 1px solid palette(mid); border-radius: 8px;
    background: palette(base); }
QPushButton[role="primary"] { padding: 6px 18px; font-weight: bold; }
QHeaderView::section { background: palette(button); color: palette(button-text);
    padding: 4px 6px; border: none; border-bottom: 1px solid palette(mid); }
QTableView { gridline-color: palette(mid); }
QToolTip { background: palette(tool-tip-base); color: palette(tool-tip-text);
    border: 1px solid palette(mid); }
"""


class _Theming(QObject):
    """The scheme in use, and a signal for widgets that paint meaning colours themselves."""

    changed = Signal(bool)  # dark

    def __init__(self) -> None:
        super().__init__()
        self.scheme = Theme.SYSTEM
        self.following_system = False
        self.failed_fonts: list[str] | None = None


notifier = _Theming()


def register_fonts() -> list[str]:
    """Register the bundled fonts (once per process); returns the files that failed."""
    if notifier.failed_fonts is None:
        notifier.failed_fonts = [
            name
            for name in FONT_FILES
            if QFontDatabase.addApplicationFont(str(resource_path("fonts", name))) < 0
        ]
    return list(notifier.failed_fonts)


def app_icon() -> QIcon:
    # PNGs rather than the SVG: no SVG plugin needed, and small sizes stay crisp.
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_path(size)), QSize(size, size))
    return icon


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(scheme: Theme | str) -> bool:
    """Whether a scheme looks dark now (SYSTEM asks the operating system)."""
    scheme = Theme(scheme)
    return scheme is Theme.DARK or (scheme is Theme.SYSTEM and system_is_dark())


def current() -> Theme:
    return notifier.scheme


def palette(dark: bool) -> QPalette:
    if not dark:
        return QApplication.style().standardPalette()
    result = QPalette()
    for role, colour in _DARK_PALETTE.items():
        result.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED))
    return result


def apply(app: QApplication, scheme: Theme | str = Theme.SYSTEM) -> list[str]:
    """Fonts, icon, palette and style for a scheme; returns the fonts that failed."""
    failed = register_fonts()
    app.setFont(QFont(FONT_FAMILY, 10))
    app.setWindowIcon(app_icon())
    # Lets a Wayland or X11 desktop match the windows to the installed desktop entry.
    app.setDesktopFileName(APP_ID)
    # Fusion draws from the palette on every platform, so the dark look is whole.
    # Once our style sheet is on, the app's style is Qt's sheet style over Fusion, and
    # has no name; setting Fusion again would re-polish every widget for nothing.
    style = app.style()
    if style.metaObject().className() != "QStyleSheetStyle" and style.name().lower() != "fusion":
        app.setStyle("Fusion")
    notifier.scheme = Theme(scheme)
    if not notifier.following_system:
        # Follow the operating system live; only matters while the scheme is SYSTEM.
        app.styleHints().colorSchemeChanged.connect(lambda _s: _follow_system(app))
        notifier.following_system = True
    _paint(app)
    return failed


def _follow_system(app: QApplication) -> None:
    if current() is Theme.SYSTEM:
        _paint(app)


def _paint(app: QApplication) -> None:
    dark = is_dark(current())
    COLORS.clear()
    COLORS.update(DARK_COLORS if dark else LIGHT_COLORS)
    colours = palette(dark)
    # Setting the style sheet re-polishes every widget; only a new palette needs it
    # (the sheet's palette() colours are taken at polish time).
    if app.palette() != colours or app.styleSheet() != _STYLE:
        app.setPalette(colours)
        app.setStyleSheet(_STYLE)
    notifier.changed.emit(dark)
