"""`estelam-desk --self-test`: can this installation run? Checked without a display."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

# Set where a working keyring is promised (CI, a check on a clerk's desktop): then a
# missing or locked one fails the self-test instead of being reported.
REQUIRE_KEYRING_ENV = "ESTELAM_REQUIRE_KEYRING"


def _scan_line(image: QImage, y: int) -> memoryview:
    """One row of an 8-bit image's pixels (PySide6's stubs type it only as object)."""
    line = image.constScanLine(y)
    if not isinstance(line, memoryview):
        raise TypeError(f"a scan line came as {type(line).__name__}")
    return line


def _check_qt() -> str:
    from PySide6.QtWidgets import QLabel

    from desktop.ui.widgets import application

    app = application(["estelam-desk"])
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

    from desktop.ui.i18n import I18n, Language
    from desktop.ui.widgets import application

    i18n = I18n(application())
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

    # Import the platform's backend and what it needs by name: a missing one is what a
    # broken build looks like, whether or not a keyring daemon runs right now (keyring
    # itself would only rank such a backend lower and fall back to none).
    if sys.platform == "win32":
        import keyring.backends.Windows
        from win32ctypes.pywin32 import win32cred  # noqa: F401
    elif sys.platform.startswith("linux"):
        import jeepney.io.blocking  # noqa: F401
        import keyring.backends.SecretService
        import secretstorage  # noqa: F401
    from desktop.core.secrets import SecretStore, StoreStatus

    backend = keyring.get_keyring()
    status = SecretStore().status()
    # No running keyring is not a broken install: the app then keeps the session in
    # memory and says so. Report the state rather than fail, unless one is promised.
    if os.environ.get(REQUIRE_KEYRING_ENV) and status is not StoreStatus.AVAILABLE:
        raise RuntimeError(
            f"{REQUIRE_KEYRING_ENV} is set but the keyring is {status.value} "
            f"({type(backend).__module__} backend)"
        )
    return f"{type(backend).__module__} backend, {status.value}"


def _check_resources() -> str:
    from desktop.core.paths import ICON_SIZES, icon_path, resource_path, resources_dir

    needed = [
        *(icon_path(size) for size in ICON_SIZES),
        resource_path("fonts", "OFL.txt"),
        resource_path("i18n", "estelam_fa.qm"),
        resource_path("contract", "openapi.json"),
        resource_path("trust", "README.md"),
    ]
    absent = [str(p) for p in needed if not p.is_file()]
    if absent:
        raise RuntimeError(f"missing {', '.join(absent)}")
    return str(resources_dir())


def render_first_page(path: Path) -> str:
    """Open a PDF with QtPdf and draw its first page; says what it saw, raises if nothing."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise RuntimeError(f"QtPdf cannot open the PDF: {error.name}")
        size = document.pagePointSize(0).toSize()
        image = document.render(0, QSize(size.width() // 2, size.height() // 2))
        if image.isNull():
            raise RuntimeError("QtPdf rendered an empty image")
        # QtPdf leaves the paper transparent: lay the page on white, then look for ink.
        paper = QImage(image.size(), QImage.Format.Format_RGB32)
        paper.fill(Qt.GlobalColor.white)
        painter = QPainter(paper)
        painter.drawImage(0, 0, image)
        painter.end()
        gray = paper.convertToFormat(QImage.Format.Format_Grayscale8)
        width = gray.width()  # rows are padded to whole words: read only the pixels
        darkest = min(min(_scan_line(gray, y)[:width]) for y in range(gray.height()))
        if darkest > 128:
            raise RuntimeError("QtPdf rendered a blank page")
        return f"{document.pageCount()} page(s), first drawn at {image.width()}x{image.height()}"
    finally:
        document.close()


def _check_pdf() -> str:
    # A certificate as the bundled mock issues it (fpdf2, HarfBuzz, Vazirmatn, a QR code,
    # a PAdES signature), then shown as the redeem screen shows it.
    from desktop.window.demo import sample_certificate

    try:
        pdf = sample_certificate("0012345611")
    except Exception as error:
        raise RuntimeError(f"cannot write a certificate PDF: {error}") from error
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "certificate.pdf"
        path.write_bytes(pdf)
        return f"certificate written, {render_first_page(path)}"


def _check_window() -> str:
    # Every screen is imported and built, as at start-up: a module the build left out
    # shows here even if no other check touches it.
    from desktop.ui.widgets import application
    from desktop.window.app import build

    app = application()
    started = time.perf_counter()
    window, ctx = build(app)
    try:
        window.show()
        app.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        window.close()
        ctx.close()
    return f"main window built and shown in {elapsed:.0f} ms"


def _check_camera() -> str:
    # The parts of the camera scan: Qt's multimedia loads (it needs system libraries a
    # bare machine may lack), and zxing-cpp reads a QR code from greyscale pixels.
    import qrcode
    from PySide6.QtMultimedia import QMediaDevices

    from desktop.core.certificates.qr import read_qr_texts

    cameras = len(QMediaDevices.videoInputs())
    picture = qrcode.make("SSO1:self-test").get_image().convert("L")
    if read_qr_texts(picture) != ["SSO1:self-test"]:
        raise RuntimeError("zxing-cpp did not read a QR code")
    return f"camera support loads ({cameras} camera(s) connected), QR codes are read"


def _check_mock() -> str:
    import httpx

    from desktop.window.demo import start_mock

    with tempfile.TemporaryDirectory() as tmp:
        mock = start_mock(Path(tmp))
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
    ("pdf", _check_pdf),
    ("window", _check_window),
    ("camera", _check_camera),
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
