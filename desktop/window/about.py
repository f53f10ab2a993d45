"""Help → About: the app's version and build, and the Qt, PySide and Python it runs on."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion

from desktop import __version__
from desktop.buildinfo import build_info
from desktop.ui.widgets import isolate_ltr


def about_text() -> str:
    """The About box: the app's version, and the Qt, PySide and Python it runs on."""
    # The name is part of the sentence: in Persian the box starts, and reads, right
    # to left with the Persian name, the versions kept as left-to-right runs.
    app = QCoreApplication.translate(
        "About", "Estelam Desk %1\nSocial-insurance status inquiries for agency clerks."
    )
    runtime = QCoreApplication.translate("About", "Qt %1, PySide6 %2, Python %3")
    versions = (qVersion(), PySide6.__version__, platform.python_version())
    for number, version in enumerate(versions, start=1):
        runtime = runtime.replace(f"%{number}", isolate_ltr(version))
    app = app.replace("%1", isolate_ltr(__version__))
    return f"{app}\n{build_text()}\n\n{runtime}"


def build_text() -> str:
    """The About box's line naming this build: its commit and day, as --version does."""
    build = build_info()
    if build.packaged:
        text = QCoreApplication.translate("About", "Commit %1, built %2").replace(
            "%2", isolate_ltr(build.built or "")
        )
    elif build.commit:
        text = QCoreApplication.translate("About", "Source checkout, commit %1")
    else:
        return QCoreApplication.translate("About", "Source checkout")
    return text.replace("%1", isolate_ltr(build.commit or "-"))
