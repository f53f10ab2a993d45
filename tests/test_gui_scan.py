"""Scanning a printout at the counter on the check screen: a handheld scanner typing under
either keyboard layout, the shortcut to the field, and camera frames rendered from a real
certificate (no camera needed)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageFilter
from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core import scan, wording
from desktop.core.audit import Kind
from desktop.core.certificates import Verdict
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.views.scan import PAUSE_MS, FrameDecoder
from tests import issuer_fixtures
from tests.test_core_scan import persian_typing
from tests.test_gui import TIMEOUT_MS
from tests.test_gui_verify import use_profile

NID = "0012345679"


@pytest.fixture(scope="module")
def certificate() -> tuple[str, bytes]:
    claims, pdf = make_certificate(NID, keys=issuer_fixtures.issuer())
    return claims["qr"], pdf


@pytest.fixture
def screen(qtbot, gui, tmp_path):
    window, ctx = gui
    use_profile(ctx, "test", tmp_path)
    window.scan_qr_code()
    return window, ctx, window.verify


def type_keys(widget, text: str) -> None:
    """Key presses typing `text`: QTest.keyClicks for ASCII; a key event with its text for
    what a Persian layout types, as keyClicks takes Latin-1 key codes only."""
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def scanned(qtbot, view, keys: str, *, enter: bool) -> None:
    """Type as a scanner does, and wait for the verdict."""
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS):
        type_keys(view.scan_bar.field, keys)
        if enter:
            QTest.keyClick(view.scan_bar.field, Qt.Key.Key_Return)


def audited(ctx) -> list[str]:
    return [e.outcome for e in ctx.audit.search(kinds=[Kind.VERIFY])]


def test_a_scan_under_the_latin_layout_ends_with_enter(qtbot, screen, certificate) -> None:
    _window, ctx, view = screen
    payload, _pdf = certificate
    scanned(qtbot, view, payload, enter=True)
    (result,) = view.model.items()
    assert result.verdict is Verdict.VALID and result.source == scan.SCANNER
    # The scan's verdict, the QR-only words, and the card of its claims to compare.
    assert view.model.data(view.model.index(0, 1)) == wording.SCAN_GENUINE.fa
    assert view.model.data(view.model.index(0, 0)) == "اسکنر دستی"
    assert view.details_title.text().startswith(wording.SCAN_GENUINE.fa)
    assert not view.scan_area.isHidden()
    assert view.scan.values["national_id"].text().strip("\u2066\u2069") == "۰۰۱۲۳۴۵۶۷۹"
    assert view.scan_bar.field.text() == ""  # ready for the next
    assert audited(ctx) == ["VALID"]


def test_a_scan_under_the_persian_layout_ends_with_a_pause(qtbot, screen, certificate) -> None:
    _window, ctx, view = screen
    payload, _pdf = certificate
    keys = persian_typing(payload)
    assert keys.startswith("ئئ]۱:")
    scanned(qtbot, view, keys, enter=False)
    (result,) = view.model.items()
    assert result.verdict is Verdict.VALID
    assert result.claims["national_id"] == NID
    assert audited(ctx) == ["VALID"]


def test_the_pause_does_not_cut_a_scan_short(qtbot, screen, certificate) -> None:
    _window, _ctx, view = screen
    payload, _pdf = certificate
    QTest.keyClicks(view.scan_bar.field, payload[:40])
    qtbot.wait(PAUSE_MS // 3)
    QTest.keyClicks(view.scan_bar.field, payload[40:])
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS):
        pass
    assert [r.verdict for r in view.model.items()] == [Verdict.VALID]


def test_a_scan_still_being_checked_when_the_list_is_cleared_stays_off_it(
    qtbot, screen, certificate
) -> None:
    _window, ctx, view = screen
    payload, _pdf = certificate
    scanned(qtbot, view, payload, enter=True)
    # The next scan is under way when the clerk clears the list: its verdict is recorded
    # in the audit trail, but not shown in the emptied list.
    QTest.keyClicks(view.scan_bar.field, payload)
    QTest.keyClick(view.scan_bar.field, Qt.Key.Key_Return)
    view.clear_button.click()
    qtbot.waitUntil(lambda: audited(ctx) == ["VALID", "VALID"], timeout=TIMEOUT_MS)
    qtbot.wait(100)  # for an answer that would land after its record
    assert view.model.items() == [] and view.scan_area.isHidden()
    # A scan after the clearing is shown again.
    scanned(qtbot, view, payload, enter=True)
    assert [r.verdict for r in view.model.items()] == [Verdict.VALID]


def test_a_code_that_is_no_certificates_says_so(qtbot, screen) -> None:
    _window, ctx, view = screen
    scanned(qtbot, view, "https://example.com/menu", enter=True)
    (result,) = view.model.items()
    assert result.verdict is Verdict.NOT_A_CERTIFICATE
    assert "QR" in view.banner.text() and "گواهی" in view.banner.text()
    assert view.scan_area.isHidden()
    assert audited(ctx) == ["NOT_A_CERTIFICATE"]
    # A cut-short scan asks for another, in the clerk's language.
    scanned(qtbot, view, "SSO1:eyJlIjoxNzk4OD", enter=True)
    assert view.model.items()[-1].verdict is Verdict.UNREADABLE
    assert "دوباره" in view.banner.text()


def test_the_shortcut_reaches_the_scan_field_from_any_screen(qtbot, gui) -> None:
    window, _ctx = gui
    window.activateWindow()
    window.nav.setCurrentRow(window.pages.indexOf(window.settings))
    QTest.keySequence(window, window.scan_action.shortcut())
    assert window.pages.currentWidget() is window.verify
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.verify.scan_bar.field)


def test_without_a_camera_the_button_says_why(qtbot, screen) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    _window, _ctx, view = screen
    bar = view.scan_bar
    qtbot.waitUntil(lambda: bar.camera_note.isVisible())
    assert not bar.camera_button.isEnabled()
    assert bar.camera_note.text() == "هیچ دوربینی به این رایانه وصل نیست."
    assert bar.open_camera() is None


# camera frames ---------------------------------------------------------------------------


def rendered_page(pdf: bytes, height: int = 1800) -> Image.Image:
    """The certificate's page as QtPdf draws it on white, in grey."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    page = document.render(0, QSize(round(height * size.width() / size.height()), height))
    white = QImage(page.size(), QImage.Format.Format_RGB32)
    white.fill(QColor("white"))
    painter = QPainter(white)
    painter.drawImage(0, 0, page)
    painter.end()
    grey = white.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = bytes(grey.constBits())
    return Image.frombuffer(
        "L", (grey.width(), grey.height()), raw, "raw", "L", grey.bytesPerLine(), 1
    )


def camera_frames(pdf: bytes) -> dict[str, QImage]:
    """1280×720 views of the page's lower part, where its QR code is, as a webcam gives."""
    frame = rendered_page(pdf).crop((0, 1080, 1280, 1800))
    qr_centre = (240, 460)
    frames = {
        "straight": frame,
        "rotated": frame.rotate(17, Image.BICUBIC, center=qr_centre, fillcolor=180),
        "blurred": frame.filter(ImageFilter.GaussianBlur(1.5)),
        "low contrast": frame.point(lambda v: 100 + v * 50 // 255),
        "all three": frame.rotate(-12, Image.BICUBIC, center=qr_centre, fillcolor=180)
        .filter(ImageFilter.GaussianBlur(1.2))
        .point(lambda v: 100 + v * 60 // 255),
    }
    return {name: to_qimage(picture.convert("RGB")) for name, picture in frames.items()}


def to_qimage(picture: Image.Image) -> QImage:
    data = picture.tobytes()
    image = QImage(
        data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888
    )
    return image.copy()  # owns its pixels


def test_camera_frames_of_a_printout_give_its_verdict(qtbot, screen, certificate) -> None:
    from PySide6.QtMultimedia import QVideoFrame

    _window, ctx, _view = screen
    _payload, pdf = certificate
    for name, image in camera_frames(pdf).items():
        decoder = FrameDecoder(ctx)
        with qtbot.waitSignal(decoder.found, timeout=TIMEOUT_MS) as found:
            assert decoder.offer(QVideoFrame(image)), name
            # Frames arriving while one is read are dropped, not queued.
            assert not decoder.offer(QVideoFrame(image))
        verification = found.args[0]
        assert verification.verdict is Verdict.VALID, name
        assert verification.source == scan.CAMERA
        assert not decoder.offer(image)  # stopped at the first certificate
    assert audited(ctx) == ["VALID"] * 5


def test_frames_without_a_certificate_keep_looking(qtbot, screen) -> None:
    from tests.test_certificates import scan_of

    _window, ctx, _view = screen
    decoder = FrameDecoder(ctx)
    other = QImage.fromData(scan_of("https://example.com/menu"))
    with qtbot.waitSignal(decoder.others, timeout=TIMEOUT_MS):
        decoder.offer(other)
    blank = QImage(640, 480, QImage.Format.Format_Grayscale8)
    blank.fill(QColor("grey"))
    with qtbot.assertNotEmitted(decoder.found), qtbot.assertNotEmitted(decoder.others):
        decoder.offer(blank)
        qtbot.waitUntil(lambda: decoder.offer(blank))  # taken again once the last is read
    assert audited(ctx) == []


def test_the_camera_window_closes_at_the_first_certificate(qtbot, screen, certificate) -> None:
    from PySide6.QtMultimedia import QCamera, QCameraDevice

    from desktop.views.scan import CameraDialog

    _window, _ctx, view = screen
    _payload, pdf = certificate
    # No camera here: a null device, with the frames handed in as the preview's sink would.
    dialog = CameraDialog(view.scan_bar._ctx, QCameraDevice(), view)
    view.scan_bar.checked.disconnect()
    dialog.checked.connect(view.add_scan)
    dialog.open()
    # A camera another program holds says so in the clerk's words, and keeps the window.
    dialog.camera.errorOccurred.emit(QCamera.Error.CameraError, "device busy")
    assert "دوربین" in dialog.status.text() and "device busy" in dialog.status.text()
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS):
        dialog.decoder.offer(camera_frames(pdf)["blurred"])
    assert not dialog.isVisible()
    assert view.model.items()[0].source == scan.CAMERA
    assert view.model.data(view.model.index(0, 0)) == "دوربین"
