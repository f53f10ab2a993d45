"""What a clerk takes away: one answer on paper for the case file, a save that offers
to open what it wrote, and a long export that shows how far it is and can be stopped."""

from __future__ import annotations

from pathlib import Path

import pypdf
from PySide6.QtCore import QCoreApplication, Qt

from desktop.core.jobs import RowResult
from desktop.ui import printing
from tests.batch_fixtures import answer, new_job, write_list
from tests.import_fixtures import ids
from tests.test_gui import TIMEOUT_MS, found_id, inquire, sign_in


def test_an_answer_is_saved_as_a_pdf_and_printed(
    qtbot, gui, mock_server, tmp_path, monkeypatch
) -> None:
    window, _ctx = gui
    nid, _server = found_id(mock_server.url)
    sign_in(qtbot, window, mock_server.url)
    inquire(qtbot, window, nid, "CASE-1405/31")
    view = window.inquiry
    assert view.card.save_button.isVisible() and view.card.print_button.isVisible()

    path = tmp_path / "پاسخ.pdf"
    with qtbot.waitSignal(view.save_report_to(str(path)).finished, timeout=TIMEOUT_MS):
        pass
    assert view.banner.saved == path and view.banner.open_button.isVisible()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    inquiry_id = view.card.field_text("inquiry_id").strip("\u2066\u2069")
    for value in (nid, inquiry_id, "CASE-1405/31", "Page 1 of 1"):
        assert value in text

    printed: list[bytes] = []
    monkeypatch.setattr(printing, "ask_and_print", lambda _parent, data: printed.append(data))
    with qtbot.waitSignal(view.print_report().finished, timeout=TIMEOUT_MS):
        pass
    assert len(printed) == 1 and printed[0].startswith(b"%PDF")


def test_a_long_export_shows_its_percentage_and_can_be_cancelled(qtbot, gui, tmp_path) -> None:
    window, ctx = gui
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    good = ids(3000, 9_000_000)
    store = ctx.job_store()
    job = new_job(store, write_list(tmp_path / "long.csv", good))
    store.record_results(
        job.id, [RowResult.answered(n + 2, answer(nid)) for n, nid in enumerate(good)]
    )
    view.job = job
    target = tmp_path / "report.pdf"
    export = view.export_to(str(target))
    assert view.exporting.isVisible() and not view.run.export_pdf.isEnabled()
    qtbot.waitUntil(lambda: view.exporting.bar.value() > 0, timeout=TIMEOUT_MS)
    assert view.exporting.bar.value() < 100
    with qtbot.waitSignal(export.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.exporting.cancel_button, Qt.MouseButton.LeftButton)
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    assert view.banner.text() == QCoreApplication.translate(
        "ResultsExport", "The export was cancelled; no file was written."
    )
    assert view.exporting.isHidden() and view.run.export_pdf.isEnabled()

    # Left to finish, it says where the file is and offers to open it.
    sheet = tmp_path / "results.xlsx"
    with qtbot.waitSignal(view.export_to(str(sheet)).finished, timeout=TIMEOUT_MS):
        pass
    assert sheet.exists() and view.banner.saved == Path(sheet)
    assert f"\u2066{sheet}\u2069" in view.banner.text()
