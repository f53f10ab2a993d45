"""The history screen on the real window: a GUI inquiry recorded, found, opened, exported,
purged, tampered with, and the agency's record fetched from the mock."""

from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt

from desktop.core import jalali
from desktop.core.audit import Kind, mask
from desktop.core.audit_export import SHEET_TITLE
from desktop.core.digits import to_persian_digits
from desktop.core.history import Filters, SignInRequired
from desktop.window.main_window import MainWindow
from tests.conftest import DEMO_USER2
from tests.test_gui import TIMEOUT_MS, found_id, inquire, sign_in, type_text

CASE = "۱۴۰۵/۷۷۱"


def open_history(qtbot, window: MainWindow) -> None:
    view = window.history
    with qtbot.waitSignal(view.searched, timeout=TIMEOUT_MS):
        window.nav.setCurrentRow(window.pages.indexOf(view))


def search(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.history.searched, timeout=TIMEOUT_MS):
        qtbot.mouseClick(window.history.search_button, Qt.MouseButton.LeftButton)


def tamper(ctx, statement: str) -> None:
    """Change the trail's file as someone with an SQLite browser would."""
    conn = sqlite3.connect(ctx.audit.path)
    with conn:
        conn.execute(statement)
    conn.close()


def details_text(view) -> str:
    return "\n".join(view.details.item(i).text() for i in range(view.details.count()))


def test_a_gui_inquiry_is_found_opened_and_exported(qtbot, gui, mock_server, tmp_path) -> None:
    window, ctx = gui
    nid, answer = found_id(mock_server.url, start=2345678)
    sign_in(qtbot, window, mock_server.url)
    inquire(qtbot, window, to_persian_digits(nid), CASE)
    assert window.inquiry.card.isVisible(), window.inquiry.banner.text()
    inquire(qtbot, window, "0012345611", "OTHER-1")

    open_history(qtbot, window)
    view = window.history
    assert view.model.rowCount() == 2
    entry = view.model.item(1)
    assert (entry.kind, entry.clerk, entry.case_reference) == (Kind.INQUIRY, "demo.clerk", CASE)
    assert entry.server_ref.startswith("INQ-") and entry.outcome == "insured_active"
    assert "✓" in view.chain.text()

    # By national ID in Persian digits: only that person's look-up.
    type_text(view.national_id, to_persian_digits(nid))
    search(qtbot, window)
    assert [e.seq for e in view.model.items()] == [entry.seq]
    # Open it: the details kept for it, the name as the server answered it.
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.waitUntil(lambda: answer["last_name"] in details_text(view), timeout=TIMEOUT_MS)
    assert answer["first_name"] in details_text(view)

    # A date range in Jalali: today finds it, yesterday does not; a bad date is explained.
    today = jalali.format_date(dt.date.today())
    yesterday = jalali.format_date(dt.date.today() - dt.timedelta(days=1))
    type_text(view.first_day, today)
    type_text(view.last_day, today)
    search(qtbot, window)
    assert view.model.rowCount() == 1
    view.first_day.clear()
    view.last_day.clear()
    type_text(view.last_day, yesterday)
    search(qtbot, window)
    assert view.model.rowCount() == 0
    view.last_day.clear()
    type_text(view.last_day, "۱۴۰۵/۱۳/۰۱")
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    assert view.banner.kind == "error" and "۱۴۰۵/۱۳/۰۱" in view.banner.text()
    view.last_day.clear()
    view.national_id.clear()
    type_text(view.case_reference, "other")
    search(qtbot, window)
    assert [e.case_reference for e in view.model.items()] == ["OTHER-1"]
    view.case_reference.clear()
    search(qtbot, window)
    assert view.model.rowCount() == 2

    # The period for a supervisor, in Excel and in PDF.
    xlsx, pdf = tmp_path / "history.xlsx", tmp_path / "history.pdf"
    for path in (xlsx, pdf):
        with qtbot.waitSignal(view.exported, timeout=TIMEOUT_MS):
            view.export_to(str(path))
    rows = list(openpyxl.load_workbook(xlsx)[SHEET_TITLE].iter_rows(values_only=True))
    header = rows[0]
    line = dict(zip(header, rows[2], strict=False))
    assert line["شماره پرونده"] == CASE and line["کاربر"] == "demo.clerk"
    assert line["کد ملی"] == mask(nid) and line["مرجع سامانه"] == entry.server_ref
    assert line["نام"] == f"{answer['first_name']} {answer['last_name']}"
    assert line["نتیجه"] == "بیمه‌شده، دارای پرداخت حق بیمه"
    # The chain counts every record: each inquiry's intent, written before it was sent, too.
    assert rows[-1][:2] == ("زنجیره دفتر", "سالم: ۴ رکورد")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert entry.server_ref in text and mask(nid) in text and "demo.clerk" in text

    # Retention purged the details: the record stays, opening it says why nothing shows.
    ctx.audit.wipe_details()
    search(qtbot, window)
    view.table.setCurrentIndex(view.model.index(1, 0))
    assert "retention" in details_text(view) or "نگهداری" in details_text(view)
    assert view.model.index(1, 4).data() != mask(nid)

    # The agency's record at the SSO lists the same inquiry under the same reference.
    view.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(view.agency.fetch_button.clicked, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.agency.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.agency.server_model.rowCount() > 0, timeout=TIMEOUT_MS)
    references = [i.reference for i in view.agency.server_model.items()]
    assert entry.server_ref in references
    assert {i.username for i in view.agency.server_model.items()} <= {"demo.clerk"}


def test_a_tampered_trail_is_shown_broken(qtbot, gui, mock_server) -> None:
    window, ctx = gui
    sign_in(qtbot, window, mock_server.url)
    inquire(qtbot, window, "0012345611", "A-1")
    inquire(qtbot, window, "0012345611", "A-2")
    tamper(ctx, "UPDATE records SET case_reference = 'A-9' WHERE seq = 1")
    open_history(qtbot, window)
    assert "⚠" in window.history.chain.text()
    assert to_persian_digits("1") in window.history.chain.text()


def test_history_belongs_to_the_signed_in_clerk(qtbot, gui, mock_server, tmp_path) -> None:
    window, ctx = gui
    url, view = mock_server.url, window.history
    sign_in(qtbot, window, url)
    inquire(qtbot, window, "0012345611", "CLERK-A-1")
    open_history(qtbot, window)
    type_text(view.case_reference, "CLERK-A")
    search(qtbot, window)
    assert [e.clerk for e in view.model.items()] == ["demo.clerk"]

    # Locked: the filter and the records leave the screen.
    window.lock()
    assert view.model.rowCount() == 0 and not view.case_reference.text()
    # Someone else at the locked window signs the clerk out, then opens History.
    with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
        qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    open_history(qtbot, window)
    assert view.model.rowCount() == 0
    assert view.chain.text() == view.tr("Sign in to see your history.")
    assert not view.export_xlsx.isEnabled() and not view.export_pdf.isEnabled()
    assert view.export_to(str(tmp_path / "taken.xlsx")) is None
    assert not (tmp_path / "taken.xlsx").exists()
    with pytest.raises(SignInRequired):
        ctx.history.search(Filters())

    # Another clerk, of another agency, signs in on the same computer: none of it either.
    window.nav.setCurrentRow(window.pages.indexOf(window.sign_in))
    sign_in(qtbot, window, url, username=DEMO_USER2)
    open_history(qtbot, window)
    assert view.model.rowCount() == 0 and not view.case_reference.text()
    xlsx = tmp_path / "clerk2.xlsx"
    with qtbot.waitSignal(view.exported, timeout=TIMEOUT_MS):
        view.export_to(str(xlsx))
    cells = [
        c
        for row in openpyxl.load_workbook(xlsx)[SHEET_TITLE].iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert not any("CLERK-A" in str(c) or c == "demo.clerk" for c in cells)
    window.nav.setCurrentRow(window.pages.indexOf(window.inquiry))
    inquire(qtbot, window, "0012345611", "CLERK-B-1")
    open_history(qtbot, window)
    assert [(e.clerk, e.case_reference) for e in view.model.items()] == [
        ("demo.clerk2", "CLERK-B-1")
    ]
    # The trail itself keeps both clerks' records.
    assert {e.clerk for e in ctx.audit.search()} == {"demo.clerk", "demo.clerk2"}


def test_details_edited_on_disk_show_as_not_matching(qtbot, gui, mock_server) -> None:
    window, ctx = gui
    sign_in(qtbot, window, mock_server.url)
    inquire(qtbot, window, "0012345611", "D-1")
    inquire(qtbot, window, "0012345611", "D-2")
    tamper(
        ctx,
        # The first answer's record (each inquiry's intent is recorded before it).
        """UPDATE details SET answer = replace(answer, '"status":"', '"status":"x')
           WHERE seq = (SELECT min(seq) FROM records WHERE kind = 'inquiry')""",
    )
    open_history(qtbot, window)
    view = window.history
    assert "⚠" in view.chain.text()
    assert [view.model.index(r, 4).data() for r in range(2)][1] == view.tr(
        "⚠ does not match the trail"
    )
    view.table.setCurrentIndex(view.model.index(1, 0))
    qtbot.waitUntil(lambda: "⚠" in details_text(view), timeout=TIMEOUT_MS)
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.waitUntil(
        lambda: to_persian_digits("0012345611") in details_text(view), timeout=TIMEOUT_MS
    )
    assert "⚠" not in details_text(view)
