"""Each screen shows one request's outcome: the one it asked last, for the input on screen.

The real window against the mock over HTTP. A mock with latency keeps a request in flight
long enough to change the input under it, or to start over, before its answer arrives.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from desktop.core.batch import Progress
from desktop.core.national_id import with_check_digit
from desktop.core.proof import Proof
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.ui import fmt
from desktop.ui.request import RequestSlot
from tests import issuer_fixtures
from tests.conftest import sign_in_tokens
from tests.mock_certificates import issue
from tests.test_gui import TIMEOUT_MS, found_id, inquire, sign_in, type_text
from tests.test_gui_batch import import_and_wait, write_xlsx
from tests.test_gui_redeem import redeem
from tests.test_gui_verify import use_profile
from tests.test_ui_bridge import bridge  # noqa: F401  (a fixture)

LATENCY_MS = 400


@pytest.fixture
def slow_mock(start_mock):
    """A mock that takes LATENCY_MS over every API request."""
    return start_mock(latency_ms=LATENCY_MS)


@pytest.fixture
def signed_in(qtbot, gui, slow_mock):
    window, ctx = gui
    ctx.proof.close()
    ctx.proof = Proof("test")
    sign_in(qtbot, window, slow_mock.url)
    return window, ctx, slow_mock


def shown(widget) -> bool:
    """Shown on its screen (whether or not that screen is the current one)."""
    return not widget.isHidden()


# -- the toolkit piece ---------------------------------------------------------------


def test_a_slot_drops_a_stale_answer_and_shows_busy_while_one_runs(qtbot, bridge) -> None:  # noqa: F811
    cleared: list[int] = []
    answers: list[str] = []
    busy: list[bool] = []
    slot = RequestSlot(bridge, lambda: cleared.append(1))
    slot.busyChanged.connect(busy.append)
    gate = asyncio.Event()

    async def answer(text: str) -> str:
        await gate.wait()
        return text

    assert slot.start(answer("first"), answers.append) is not None
    assert slot.running and busy == [True] and cleared == [1]
    # One request at a time: a second is refused (and its coroutine closed unawaited).
    assert slot.start(answer("second"), answers.append) is None
    slot.drop()  # the input changed under the request
    assert cleared == [1, 1]
    with qtbot.waitSignal(slot.finished, timeout=TIMEOUT_MS):
        bridge.loop.call_soon_threadsafe(gate.set)
    assert answers == []  # the late answer was not shown
    assert not slot.running and busy == [True, False]
    # The next request's answer is shown.
    with qtbot.waitSignal(slot.finished, timeout=TIMEOUT_MS):
        slot.start(answer("third"), answers.append)
    assert answers == ["third"]


# -- redeem ---------------------------------------------------------------------------


def test_redeem_another_code_clears_the_last_certificate(qtbot, signed_in) -> None:
    window, _ctx, mock = signed_in
    view = window.redeem
    window.nav.setCurrentRow(window.pages.indexOf(view))
    genuine = issue(mock.url)
    other = issue(mock.url)
    redeem(qtbot, view, genuine["tracking_code"], genuine["usage_password"])
    assert view.outcome is not None and shown(view.result)
    assert view.document.pageCount() == 1

    # Typing the next code takes the last certificate off the screen at once.
    type_text(view.code, "1")
    assert view.outcome is None and view.person.text() == "" and view.checks.count() == 0
    assert not shown(view.result) and view.document.pageCount() == 0

    # Code B with a wrong password: B's error alone, nothing of A beside it.
    redeem(qtbot, view, genuine["tracking_code"], genuine["usage_password"])
    assert shown(view.result)
    wrong = "ABCD2345" if other["usage_password"] != "ABCD2345" else "WXYZ6789"
    view.code.clear()
    view.password.clear()
    type_text(view.code, other["tracking_code"])
    type_text(view.password, wrong)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.fetch_button, Qt.MouseButton.LeftButton)
        # A request under way shows it is busy and cannot be sent twice.
        assert shown(view.busy) and not view.fetch_button.isEnabled()
    assert view.banner.kind == "error" and view.banner.text()
    assert view.outcome is None and not shown(view.result)
    assert view.document.pageCount() == 0
    assert not shown(view.busy) and view.fetch_button.isEnabled()
    # Editing the password clears B's error too.
    type_text(view.password, "X")
    assert view.banner.text() == ""


def test_redeem_a_certificate_that_arrives_after_the_code_changed_is_not_shown(
    qtbot, signed_in
) -> None:
    window, _ctx, mock = signed_in
    view = window.redeem
    issued = issue(mock.url)
    type_text(view.code, issued["tracking_code"])
    type_text(view.password, issued["usage_password"])
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        view.fetch()
        type_text(view.code, "9")  # while the answer is on its way
    assert view.outcome is None and not shown(view.result)
    assert view.document.pageCount() == 0
    # Nor after signing out: the next clerk never sees it.
    view.code.clear()
    type_text(view.code, issued["tracking_code"])
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        view.fetch()
        window.sign_out()
    assert view.outcome is None and not shown(view.result) and view.banner.text() == ""


# -- single inquiry -------------------------------------------------------------------


def test_inquiry_typing_another_id_clears_the_answer(qtbot, signed_in) -> None:
    window, _ctx, mock = signed_in
    view = window.inquiry
    nid, answer = found_id(mock.url)
    inquire(qtbot, window, nid, "A-1")
    assert shown(view.card) and answer["last_name"] in view.card.name.text()
    view.national_id.clear()
    type_text(view.national_id, nid[:5])
    assert not shown(view.card)
    assert answer["last_name"] not in view.card.name.text()  # not kept behind, either
    # A new request clears the last one's error as it starts, and shows busy meanwhile.
    inquire(qtbot, window, nid, "A-1")
    view.case_reference.clear()
    type_text(view.case_reference, "A-2")
    assert not shown(view.card)
    view.inquire()
    assert shown(view.busy) and not view.inquire_button.isEnabled()
    assert not shown(view.card)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        pass
    assert shown(view.card) and not shown(view.busy)


def test_inquiry_an_answer_for_the_previous_id_is_not_shown(qtbot, signed_in) -> None:
    window, _ctx, mock = signed_in
    view = window.inquiry
    nid, _answer = found_id(mock.url)
    type_text(view.national_id, nid)
    type_text(view.case_reference, "A-1")
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        view.inquire()
        view.national_id.clear()
        type_text(view.national_id, with_check_digit("001234999"))
    assert not shown(view.card)
    assert view.card.name.text() == ""


# -- offline check --------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate() -> bytes:
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    return pdf


def test_check_a_new_file_replaces_the_last_verdicts(qtbot, gui, certificate, tmp_path) -> None:
    window, ctx = gui
    use_profile(ctx, "test", tmp_path)
    view = window.verify
    window.nav.setCurrentRow(window.pages.indexOf(view))
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(certificate)
    second.write_bytes(b"%PDF-1.4\nnot really\n%%EOF\n")
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS * 2):
        view.verify_paths([str(first)])
    assert [Path(v.source).name for v in view.model.items()] == ["first.pdf"]
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS * 2):
        view.verify_paths([str(second)])
        # The old verdict leaves as the new check starts; busy until it ends.
        assert view.model.rowCount() == 0 and view.summary.text() == ""
        assert view.details.count() == 0 and view.busy.isVisible()
    assert [Path(v.source).name for v in view.model.items()] == ["second.pdf"]
    assert not view.busy.isVisible()


def test_check_verdicts_arriving_after_the_list_was_cleared_are_not_shown(
    qtbot, gui, certificate, tmp_path
) -> None:
    window, ctx = gui
    use_profile(ctx, "test", tmp_path)
    view = window.verify
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.pdf").write_bytes(certificate)
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS * 4):
        view.verify_paths([str(folder)])
        qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0 and view.summary.text() == ""


# -- bulk -----------------------------------------------------------------------------


def run_list(qtbot, view, path: Path, case: str):
    """Import and run a list; returns the outcome, and what the run page showed as it
    came into view."""
    import_and_wait(qtbot, view, path)
    view.preview.case_reference.clear()
    qtbot.keyClicks(view.preview.case_reference, case)
    seen: list[tuple[str, str, int, bool]] = []

    def look(page: int) -> None:
        if page == 2:
            run = view.run
            seen.append(
                (
                    run.summary.text(),
                    run.progress_text.text(),
                    run.model.rowCount(),
                    shown(run.pause_button),
                )
            )

    view.pages.currentChanged.connect(look)
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 4) as finished:
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    view.pages.currentChanged.disconnect(look)
    qtbot.waitUntil(lambda: not view.running_job_id)
    # Busy from the start, pause at hand, and nothing of an earlier run shown.
    assert seen == [("", "", 0, True)]
    return finished.args[0]


def id_list(folder: Path, name: str, first: int, count: int) -> Path:
    """A spreadsheet of `count` valid national IDs from `first` on."""
    ids = [with_check_digit(f"{n:09d}") for n in range(first, first + count)]
    return write_xlsx(folder / name, [["کد ملی"], *[[i] for i in ids]])


def wait_for_the_servers_quota(qtbot, window, url: str) -> None:
    """Until the header shows the quota left that the server now reports."""
    token = sign_in_tokens(url)["access_token"]
    me = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    left = int(me.json()["quota"]["left_today"])
    text = QCoreApplication.translate("AccountHeader", "Inquiries left today: %1")
    text = text.replace("%1", fmt.count(left))
    qtbot.waitUntil(lambda: window.header.quota.text() == text, timeout=TIMEOUT_MS)


def test_bulk_a_new_run_never_shows_the_last_runs_counts_and_the_quota_follows(
    qtbot, gui, start_mock, tmp_path
) -> None:
    window, ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    window.nav.setCurrentRow(window.pages.indexOf(view))
    before = window.header.quota.text()
    first = run_list(qtbot, view, id_list(tmp_path, "first.xlsx", 4000000, 30), "B-1")
    assert first.summary.answered == 30
    # The header's quota is the server's after the run, not the one read at sign-in.
    wait_for_the_servers_quota(qtbot, window, mock.url)
    assert window.header.quota.text() != before
    first_counts = view.run.summary.text()
    assert first_counts

    # Starting over leaves nothing of the run, and its summary (still being read when
    # the run ended) does not land on the empty page afterwards.
    view.start_over()
    assert view.run.summary.text() == "" and view.run.model.rowCount() == 0
    store = ctx.job_store()
    marker = ctx.bridge.run(asyncio.to_thread(store.jobs))
    with qtbot.waitSignal(marker.finished, timeout=TIMEOUT_MS):
        pass
    assert view.run.summary.text() == ""

    second = run_list(qtbot, view, id_list(tmp_path, "second.xlsx", 4000100, 5), "B-2")
    assert second.summary.answered == 5
    assert view.run.summary.text() != first_counts
    assert fmt.count(30) not in view.run.summary.text()
    wait_for_the_servers_quota(qtbot, window, mock.url)


def test_bulk_a_paused_run_says_paused_without_a_rate_or_time_left(qtbot, gui) -> None:
    window, _ctx = gui
    run = window.batch.run
    rate = QCoreApplication.translate("RunPanel", "%1 a second").replace("%1", fmt.count(20))
    paused = QCoreApplication.translate("RunPanel", "Paused")
    run.show_progress(Progress(40, 100, 40, 0, 20.0, 3.0))
    assert rate in run.progress_text.text() and paused not in run.progress_text.text()
    run.set_paused(True)
    assert run.progress_text.text().startswith(paused)
    assert rate not in run.progress_text.text()
    assert fmt.count(40) in run.progress_text.text()  # what was done stays in view
    # An answer still in flight when the clerk paused arrives: still paused, no rate.
    run.show_progress(Progress(45, 100, 45, 0, 21.0, 2.5, waiting_s=4.0))
    assert run.progress_text.text().startswith(paused)
    assert "a second" not in run.progress_text.text() and "۲۱" not in run.progress_text.text()
    run.set_paused(False)
    assert paused not in run.progress_text.text()


def test_bulk_pausing_a_real_run_labels_it_paused(qtbot, signed_in, tmp_path) -> None:
    window, _ctx, _mock = signed_in
    view = window.batch
    import_and_wait(qtbot, view, id_list(tmp_path, "long.xlsx", 5000000, 5000))
    qtbot.keyClicks(view.preview.case_reference, "P-1")
    qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.run.progress_text.text() != "", timeout=TIMEOUT_MS * 2)
    qtbot.mouseClick(view.run.pause_button, Qt.MouseButton.LeftButton)
    paused = QCoreApplication.translate("RunPanel", "Paused")
    assert view.run.progress_text.text().startswith(paused)
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.run.cancel_button, Qt.MouseButton.LeftButton)
    # Cancelled, it says so: no rate, no time left.
    cancelled = QCoreApplication.translate("RunPanel", "Cancelled")
    assert view.run.progress_text.text().startswith(cancelled)
    for source in ("%1 a second", "about %1 left"):
        for words in QCoreApplication.translate("RunPanel", source).split("%1"):
            if words.strip():
                assert words.strip() not in view.run.progress_text.text()


# -- the quota after a single answer --------------------------------------------------


def test_the_quota_follows_every_single_answer(qtbot, signed_in) -> None:
    window, _ctx, mock = signed_in
    nid, _answer = found_id(mock.url, start=1300000)
    inquire(qtbot, window, nid, "Q-1")
    wait_for_the_servers_quota(qtbot, window, mock.url)


def test_the_quota_follows_a_long_run_as_it_goes(qtbot, signed_in, tmp_path, monkeypatch) -> None:
    from desktop.window import quota

    monkeypatch.setattr(quota, "QUOTA_DURING_RUN_MS", 0)
    window, _ctx, _mock = signed_in
    view = window.batch
    import_and_wait(qtbot, view, id_list(tmp_path, "long.xlsx", 6000000, 5000))
    qtbot.keyClicks(view.preview.case_reference, "L-1")
    before = window.header.quota.text()
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 4):
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.header.quota.text() != before, timeout=TIMEOUT_MS)
        assert view.running_job_id is not None  # asked again before the run's end
