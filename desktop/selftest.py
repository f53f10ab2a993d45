"""`estelam-desk --self-test`: can this installation run? Checked without a display."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def _check_qt() -> str:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["estelam-desk"])
    label = QLabel("آزمون")
    label.grab()  # renders through the platform plugin
    return f"Qt {app.platformName()} platform"


def _check_fonts() -> str:
    from PySide6.QtGui import QFontDatabase

    from desktop.ui import theme

    failed = theme.register_fonts()
    if failed:
        raise RuntimeError(f"cannot load {', '.join(failed)}")
    if theme.FONT_FAMILY not in QFontDatabase.families():
        raise RuntimeError(f"{theme.FONT_FAMILY} not registered")
    return theme.FONT_FAMILY


def _check_translations() -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from desktop.ui.i18n import I18n, Language

    i18n = I18n(QApplication.instance())
    missing = i18n.set_language(Language.FA)
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)}")
    translated = QCoreApplication.translate("SignInView", "Sign in")
    i18n.set_language(Language.EN)
    if translated == "Sign in":
        raise RuntimeError("the Persian translation is empty")
    return "qtbase_fa, estelam_fa"


def _check_keyring() -> str:
    import keyring

    # Import the platform's backend by name: a missing one is what a broken
    # build looks like, whether or not a keyring daemon runs right now.
    if sys.platform == "win32":
        import keyring.backends.Windows
    elif sys.platform.startswith("linux"):
        import keyring.backends.SecretService
    from desktop.core.secrets import SecretStore

    backend = keyring.get_keyring()
    # No running keyring is not a broken install: the app then keeps the session in
    # memory and says so. Report the state rather than fail.
    return f"{type(backend).__module__} backend, {SecretStore().status().value}"


def _check_resources() -> str:
    from desktop.core.paths import resource_path

    needed = [
        resource_path("icons", "estelam-desk.svg"),
        resource_path("fonts", "OFL.txt"),
        resource_path("i18n", "estelam_fa.qm"),
        resource_path("contract", "openapi.json"),
    ]
    absent = [str(p) for p in needed if not p.is_file()]
    if absent:
        raise RuntimeError(f"missing {', '.join(absent)}")
    return str(needed[0].parents[1])


def _check_mock() -> str:
    import httpx

    from desktop.mock_backend.config import MockConfig
    from desktop.mock_backend.server import start_in_thread

    with tempfile.TemporaryDirectory() as tmp:
        mock = start_in_thread(MockConfig(data_dir=Path(tmp), demo=True))
        try:
            httpx.get(f"{mock.url}/openapi.json", timeout=5).raise_for_status()
        finally:
            mock.stop()
    return "bundled mock answers"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("qt", _check_qt),
    ("fonts", _check_fonts),
    ("translations", _check_translations),
    ("keyring", _check_keyring),
    ("resources", _check_resources),
    ("mock", _check_mock),
]


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}")
        except Exception as error:  # report every failure, not only the first
            failures += 1
            print(f"FAIL  {name}: {type(error).__name__}: {error}")
    print("self-test passed" if not failures else f"self-test failed: {failures} check(s)")
    return 1 if failures else 0
