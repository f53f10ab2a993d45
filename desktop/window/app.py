"""Assemble the application: theme, language, context and main window."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, __version__
from desktop.core.files import private_file
from desktop.core.paths import user_data_dir
from desktop.core.session import Session
from desktop.ui import theme
from desktop.ui.bridge import AsyncBridge
from desktop.ui.context import AppContext, DemoServer
from desktop.ui.habits import InputHabits
from desktop.ui.i18n import I18n, Language
from desktop.ui.preferences import Preferences
from desktop.window.main_window import MainWindow


def settings() -> QSettings:
    """Preferences in the per-user data directory (no secrets are ever stored here, but
    the server and recent files are the clerk's business: 0600, which Qt keeps when it
    rewrites the file)."""
    path = private_file(user_data_dir() / "settings.ini")
    return QSettings(str(path), QSettings.Format.IniFormat)


def build(
    app: QApplication,
    *,
    demo_url: str | None = None,
    language: str | None = None,
    session: Session | None = None,
) -> tuple[MainWindow, AppContext]:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Estelam")
    prefs = Preferences(settings(), demo=demo_url is not None)
    theme.apply(app, prefs.theme)
    InputHabits.install(app)
    # One set of translators per application, however often a window is built.
    i18n = app.findChild(I18n) or I18n(app)
    i18n.set_language(Language(language) if language else prefs.language)
    session = session or Session()
    session.network = prefs.network_options()
    ctx = AppContext(
        bridge=AsyncBridge(),
        session=session,
        i18n=i18n,
        settings=prefs.settings,
        demo=DemoServer(demo_url) if demo_url else None,
    )
    window = MainWindow(ctx)
    app.aboutToQuit.connect(ctx.close)
    # What start-up built lives as long as the app: keep the cyclic garbage collector
    # from walking it again and again (each full pass holds the GIL, and the window).
    gc.freeze()
    # A bulk run's threads (the event loop, its writers, the audit's seal) take turns with
    # the window's for the interpreter, every 5 ms by default and in no fixed order, so the
    # window waited 100-200 ms behind them at times; every 1 ms, its waits about halve.
    sys.setswitchinterval(0.001)
    return window, ctx
