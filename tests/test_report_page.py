"""The report page's own cell drawing: the same page fpdf2 draws, at a fraction of the cost.

A table's cells are drawn by `Document.put` without fpdf2's cell(): plain text written
as fpdf2 writes it, and shaped Persian replayed from the first cell like it. These tests
hold both to fpdf2's own drawing, and keep two cells that differ from sharing a replay.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from desktop.core.reports.page import GREY, INK, RED, SHADE, Document

CREATED = dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)
STATUS = "بیمه‌شده — دارای پرداخت جاری"
NAMES = ["مریم احمدی", "امیرحسین ملک‌زاده طباطبایی", "علی", "زهرا حسینی‌زاده", "ژاله گودرزی"]
LONG = "شعبه 12 تهران، خیابان آزادی، کوچه شماره 4، پلاک 17 و توضیحی بلند که باید بریده شود"


def draw(doc: Document) -> None:
    """Cells of every kind a table has, the same Persian text in several places, in
    two colours, two sizes, two boxes, with and without shading."""
    doc.set_fill_color(*SHADE)
    for row in range(24):
        doc.set_x(doc.l_margin)
        shade = row % 2 == 0
        doc.style(7.5, colour=GREY)
        doc.put(60, 6, LONG if row % 5 == 0 else "", align="R", fill=shade)
        doc.style(8.5, colour=RED if row % 3 == 0 else INK, bold=row % 4 == 0)
        doc.put(48, 6, STATUS, align="R", fill=shade)
        doc.put(30 + row % 2, 6, NAMES[row % 5], align="CRL"[row % 3], fill=shade)
        doc.put(25, 6, f"{row * 7919:010d}", align="C", fill=shade)
        doc.style(8.5, colour=GREY)
        doc.put(13, 6, "۱۲۳" if row % 2 else "Row 3", align="L", fill=shade, next_line=True)


def table_pdf(*, fpdf2_cells: bool) -> bytes:
    doc = Document("گزارش آزمایشی", "Test report", CREATED)
    # With automatic page breaks fpdf2 draws every cell itself (it may break the page).
    doc.set_auto_page_break(fpdf2_cells, margin=0)
    doc.add_page()
    draw(doc)
    return bytes(doc.output())


def rendered(pdf: bytes) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    page = document.render(0, QSize(1240, 1754))  # A4 at 150 dpi
    white = QImage(page.size(), QImage.Format.Format_RGB32)
    white.fill(QColor("white"))
    painter = QPainter(white)
    painter.drawImage(0, 0, page)
    painter.end()
    return white


@pytest.fixture(scope="module")
def pages() -> tuple[bytes, bytes]:
    return table_pdf(fpdf2_cells=False), table_pdf(fpdf2_cells=True)


def test_a_table_looks_as_fpdf2_draws_it(qapp, pages: tuple[bytes, bytes]) -> None:
    fast, reference = pages
    assert rendered(fast) == rendered(reference)


def test_shaped_cells_are_replayed_and_read_back_the_same(pages: tuple[bytes, bytes]) -> None:
    fast, reference = (PdfReader(io.BytesIO(pdf)).pages[0] for pdf in pages)
    # The status and the name are shaped once per style and box, then moved into place.
    contents = fast.get_contents()
    assert contents is not None and contents.get_data().count(b" cm ") >= 24
    assert fast.extract_text() == reference.extract_text()


def test_a_replay_is_never_shared_by_cells_that_differ() -> None:
    """The same words in red and in ink, bold and not, shaded and not: each replay keeps
    its own colour, size and shading (the page test above would show a mix-up too)."""
    doc = Document("گزارش", "Report", CREATED)
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.set_fill_color(*SHADE)
    for colour, bold, fill in [(RED, False, False), (INK, False, False), (RED, True, True)]:
        doc.set_xy(doc.l_margin, doc.get_y() + 6)
        doc.style(8.5, colour=colour, bold=bold)
        doc.put(48, 6, STATUS, fill=fill)
    replays = lambda: [key for key in doc._drawn if key[0] == STATUS]  # noqa: E731
    assert len(replays()) == 3
    for colour, bold, fill in [(RED, False, False), (INK, False, False), (RED, True, True)]:
        doc.set_xy(doc.l_margin, doc.get_y() + 6)
        doc.style(8.5, colour=colour, bold=bold)
        doc.put(48, 6, STATUS, fill=fill)
    assert len(replays()) == 3  # each replayed, none drawn again
