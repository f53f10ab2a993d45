"""Scanning a printout's QR code at the counter: a handheld scanner typing into a field,
or a webcam's live picture. Each scan gives the QR-only verdict of a scan of the page."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import scan
from desktop.core.audit import Actor
from desktop.core.certificates import Verdict, Verification
from desktop.ui.context import AppContext
from desktop.ui.widgets import Translatable

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QCameraDevice, QVideoFrame

# A scanner types a code in a burst, a key every 1-20 ms: this long without a key ends
# the scan when it sends no Enter.
PAUSE_MS = 150


def source_text(source: str | None) -> str | None:
    """A counter scan's source in words; None for a file."""
    if source == scan.SCANNER:
        return QCoreApplication.translate("Scan", "Handheld scanner")
    if source == scan.CAMERA:
        return QCoreApplication.translate("Scan", "Camera")
    return None


class ScanField(QLineEdit):
    """Where a handheld scanner types; a scan ends with Enter or a pause."""

    scanned = Signal(str)  # the text as typed (mapped back from the layout in core)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.finish)
        self.textEdited.connect(lambda _text: self._pause.start())
        self.returnPressed.connect(self.finish)

    def finish(self) -> None:
        """The scan is complete: hand it on and make room for the next."""
        self._pause.stop()
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)


class FrameDecoder(QObject):
    """Reads camera frames in a worker thread, one at a time (frames that arrive
    meanwhile are dropped), and checks the first certificate's QR code it sees."""

    found = Signal(object)  # the Verification of that QR code
    others = Signal()  # a frame showed QR codes, none a certificate's
    failed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self._done = False

    def offer(self, frame: QVideoFrame | QImage) -> bool:
        """Decode this frame unless one is being decoded or a certificate was found;
        True when it was taken."""
        if self._busy or self._done:
            return False
        image = frame if isinstance(frame, QImage) else frame.toImage()
        if image.isNull():
            return False
        self._busy = True
        proof, audit = self._ctx.proof, self._ctx.audit
        actor = Actor.local(self._ctx.session.me)

        def work() -> scan.FrameCheck:
            grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
            pixels = bytes(grey.constBits())
            width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
            return scan.check_frame(proof, width, height, stride, pixels, audit=audit, actor=actor)

        self._ctx.bridge.run(asyncio.to_thread(work), self._decoded, self._failed)
        return True

    def _decoded(self, check: scan.FrameCheck) -> None:
        self._busy = False
        if self._done:
            return
        if check.verification is not None:
            self._done = True
            self.found.emit(check.verification)
        elif check.others:
            self.others.emit()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.failed.emit(error)


class CameraDialog(Translatable, QDialog):
    """The camera's live picture; closes at the first certificate QR code it reads."""

    checked = Signal(object)  # the Verification

    def __init__(self, ctx: AppContext, device: QCameraDevice, parent: QWidget | None = None):
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(480, 320)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.camera = QCamera(device, self)
        self.capture = QMediaCaptureSession(self)
        self.capture.setCamera(self.camera)
        self.capture.setVideoOutput(self.preview)
        self.decoder = FrameDecoder(ctx, self)
        # The preview's sink hands each frame shown to the decoder too.
        self.preview.videoSink().videoFrameChanged.connect(self.decoder.offer)
        self.decoder.found.connect(self._found)
        self.decoder.others.connect(lambda: self._say(self._others_text()))
        self.decoder.failed.connect(lambda _e: self._say(self._failed_text()))
        self.camera.errorOccurred.connect(
            lambda _code, text: self._say(
                self.tr(
                    "The camera cannot be used (%1). Close other programs that may be using it."
                ).replace("%1", text)
            )
        )
        self.retranslate()
        self.camera.start()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Scan with camera"))
        self._say(self.tr("Hold the certificate's QR code up to the camera."))

    def _others_text(self) -> str:
        return self.tr("That QR code is not a certificate's: show the one on the certificate.")

    def _failed_text(self) -> str:
        return self.tr("A picture could not be read; still looking.")

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _found(self, verification: Verification) -> None:
        self.camera.stop()
        self.checked.emit(verification)
        self.accept()

    def done(self, result: int) -> None:
        self.camera.stop()
        super().done(result)


class ScanBar(Translatable, QWidget):
    """The scan field and the camera button of the check screen."""

    checked = Signal(object)  # a Verification of a counter scan
    failed = Signal(object)  # an exception from checking one

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._cameras: list[QCameraDevice] | None = None  # None until looked for
        self._devices: QObject | None = None
        # The screen's hold on its outcome (RequestSlot.bound): a scan's verdict is
        # shown only if the list it was scanned into is still on screen.
        self.bind: Callable[[Callable[[Any], None]], Any] = lambda callback: callback
        self.label = QLabel()
        self.field = ScanField()
        self.label.setBuddy(self.field)
        self.camera_button = QPushButton()
        self.camera_note = QLabel()
        self.camera_note.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.field, 1)
        row.addWidget(self.camera_button)
        row.addWidget(self.camera_note)
        self.field.scanned.connect(self.check_text)
        self.camera_button.clicked.connect(self.open_camera)
        self.camera_button.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Scan a &QR code:"))
        self.field.setPlaceholderText(
            self.tr("Point the handheld scanner at the printout's QR code")
        )
        self.field.setAccessibleName(self.tr("QR code from a handheld scanner"))
        self.camera_button.setText(self.tr("Scan with camera"))
        self._show_cameras()

    def showEvent(self, event: QShowEvent) -> None:
        # Loading the camera support takes a moment: after the screen has shown.
        if self._cameras is None:
            QTimer.singleShot(0, self.find_cameras)
        super().showEvent(event)

    def find_cameras(self) -> None:
        """Look for cameras now, and again whenever one is plugged in or out."""
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError:  # a system library of Qt's multimedia is missing
            self._cameras = []
            self._show_cameras(missing_support=True)
            return
        if self._devices is None:
            devices = QMediaDevices(self)
            devices.videoInputsChanged.connect(self.find_cameras)
            self._devices = devices
        self._cameras = list(QMediaDevices.videoInputs())
        self._show_cameras()

    def _show_cameras(self, *, missing_support: bool = False) -> None:
        has_camera = bool(self._cameras)
        self.camera_button.setEnabled(has_camera)
        if self._cameras is None or has_camera:
            note = ""
        elif missing_support:
            note = self.tr("Camera support is not installed on this computer.")
        else:
            note = self.tr("No camera is connected to this computer.")
        self.camera_note.setText(note)
        self.camera_note.setVisible(bool(note))
        self.camera_button.setToolTip(note)
        self.camera_button.setAccessibleDescription(note)

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def check_text(self, text: str) -> None:
        """Check a scanned text off the GUI thread; `checked` brings its verdict."""
        proof, audit = self._ctx.proof, self._ctx.audit
        actor = Actor.local(self._ctx.session.me)
        self._ctx.bridge.run(
            asyncio.to_thread(scan.check_text, proof, text, audit=audit, actor=actor),
            self.bind(self.checked.emit),
            self.bind(self.failed.emit),
        )

    def open_camera(self) -> CameraDialog | None:
        if not self._cameras:
            return None
        from PySide6.QtMultimedia import QMediaDevices

        dialog = CameraDialog(self._ctx, QMediaDevices.defaultVideoInput(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.checked.connect(self.checked.emit)
        dialog.open()
        return dialog


def scan_problem(verification: Verification) -> str:
    """What to tell the clerk beside a counter scan's verdict, when the scan itself (not
    the certificate) is the trouble; "" otherwise."""
    if verification.verdict is Verdict.NOT_A_CERTIFICATE:
        return QCoreApplication.translate(
            "Scan",
            "The code scanned is not a certificate's QR code. Scan the QR code printed on "
            "the certificate.",
        )
    if verification.verdict is Verdict.UNREADABLE:
        return QCoreApplication.translate(
            "Scan", "The scan arrived incomplete or garbled: scan the code again."
        )
    return ""
