"""Printing a PDF the app made or fetched: the printer dialog, then every page."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def print_pdf(data: bytes, printer: QPrinter) -> None:
    """Print every page of a PDF, each scaled to the printable area."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    painter = QPainter(printer)
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page).scaled(
                QSize(area.width(), area.height()).toSizeF(), Qt.AspectRatioMode.KeepAspectRatio
            )
            image = document.render(page, size.toSize())
            painter.drawImage(QPointF(0, 0), image)
    finally:
        painter.end()
        document.close()


def ask_and_print(parent: QWidget, data: bytes) -> None:
    """The printer dialog; the PDF printed when the clerk confirms it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec():
        print_pdf(data, printer)
