"""Fonts, icon and the few style rules the app sets for itself."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop import APP_ID
from desktop.core.paths import ICON_SIZES, icon_path, resource_path

FONT_FAMILY = "Vazirmatn"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")

# Colours carry meaning (verdicts, statuses); the rest follows the platform palette.
COLORS = {
    "success": ("#1b5e20", "#e8f5e9"),
    "error": ("#b71c1c", "#ffebee"),
    "warning": ("#8a5300", "#fff8e1"),
    "info": ("#0d47a1", "#e3f2fd"),
}

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
"""


def register_fonts() -> list[str]:
    """Register the bundled fonts; returns the files that failed to load."""
    failed = []
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(resource_path("fonts", name))) < 0:
            failed.append(name)
    return failed


def app_icon() -> QIcon:
    # PNGs rather than the SVG: no SVG plugin needed, and small sizes stay crisp.
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_path(size)), QSize(size, size))
    return icon


def apply(app: QApplication) -> list[str]:
    """Fonts, icon and style; returns what failed to load."""
    failed = register_fonts()
    font = QFont(FONT_FAMILY, 10)
    app.setFont(font)
    app.setWindowIcon(app_icon())
    # Lets a Wayland or X11 desktop match the windows to the installed desktop entry.
    app.setDesktopFileName(APP_ID)
    app.setStyleSheet(_STYLE)
    return failed
