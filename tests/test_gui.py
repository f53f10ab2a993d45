"""The real window, driven from the keyboard and mouse against the mock over HTTP."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop.core import jalali, wording
from desktop.core.digits import to_persian_digits
from desktop.core.national_id import with_check_digit
from desktop.core.secrets import SecretStore, StoreStatus
from desktop.ui.i18n import Language
from desktop.window.main_window import FRAME_ROOM, MainWindow
from tests.conftest import (
    DEMO_PASSWORD,
    DEMO_USER,
    DEMO_USER2,
    read_otp_code,
    server_answer,
    sign_in_tokens,
)

TIMEOUT_MS = 15_000


def errors_text(source: str) -> str:
    return QCoreApplication.translate("Errors", source)


def type_text(widget, text: str) -> None:
    """Type as a Persian keyboard would: QTest only knows ASCII keys."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def choose_server(window: MainWindow, url: str) -> None:
    view = window.sign_in
    view.server.setCurrentIndex(view.server.findData("custom"))
    view.server_url.setText(url)


def sign_in(
    qtbot, window: MainWindow, url: str, *, code_digits=to_persian_digits, username=DEMO_USER
) -> None:
    view = window.sign_in
    choose_server(window, url)
    view.username.clear()
    qtbot.keyClicks(view.username, username)
    qtbot.keyClicks(view.password, DEMO_PASSWORD)
    with qtbot.waitSignal(view.codeRequested, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.password, Qt.Key.Key_Return)
    type_text(view.code, code_digits(read_otp_code(url, username)))
    with qtbot.waitSignal(view.signedIn, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.code, Qt.Key.Key_Return)


def inquire(qtbot, window: MainWindow, raw_id: str, case_reference: str) -> None:
    view = window.inquiry
    view.national_id.clear()
    view.case_reference.clear()
    type_text(view.national_id, raw_id)
    type_text(view.case_reference, case_reference)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.inquire_button, Qt.MouseButton.LeftButton)


def found_id(url: str, start: int = 1234567) -> tuple[str, dict]:
    """A national ID the mock knows as an insured person, with its answer."""
    for n in range(start, start + 200):
        nid = with_check_digit(f"{n:09d}")
        answer = server_answer(url, nid)
        if answer["status"] == "insured_active":
            return nid, answer
    raise AssertionError("no insured person among 200 IDs")


def test_persian_by_default_right_to_left(gui) -> None:
    window, _ctx = gui
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.sign_in.sign_in_button.text() == "ورود"
    assert window.sign_in.isVisible()
    assert not window.inquiry.isVisible()
    assert window.header.isHidden()


def test_sign_in_then_inquire_one_person(qtbot, gui, mock_server) -> None:
    window, _ctx = gui
    nid, answer = found_id(mock_server.url)
    sign_in(qtbot, window, mock_server.url)

    me = httpx.get(
        f"{mock_server.url}/api/v1/me",
        headers={"Authorization": f"Bearer {sign_in_tokens(mock_server.url)['access_token']}"},
        timeout=10,
    ).json()
    assert window.header.clerk.text() == me["full_name"]
    assert me["agency"]["name"] in window.header.agency.text()
    assert me["mou"]["number"] in window.header.mou.text()
    assert window.inquiry.isVisible()

    # Persian digits in, the same person out as the server answers for the Latin ID.
    inquire(qtbot, window, to_persian_digits(nid), "۱۴۰۵/۱۲۳")
    card = window.inquiry.card
    assert card.isVisible(), window.inquiry.banner.text()
    assert card.name.text() == f"{answer['first_name']} {answer['last_name']}"
    assert card.field_text("national_id").strip("\u2066\u2069") == to_persian_digits(nid)
    birth = jalali.format_date(dt.date.fromisoformat(answer["birth_date"]), persian_digits=True)
    assert card.field_text("birth_date") == birth
    assert card.values["birth_date"].toolTip() == answer["birth_date"]
    assert card.field_text("inquiry_id").strip("\u2066\u2069").startswith("INQ-")
    assert card.status.text() == wording.STATUS["insured_active"].fa


def test_wrong_password_says_so_and_keeps_input(qtbot, gui, mock_server) -> None:
    window, _ctx = gui
    view = window.sign_in
    choose_server(window, mock_server.url)
    qtbot.keyClicks(view.username, DEMO_USER)
    qtbot.keyClicks(view.password, "not-the-password")
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    assert view.banner.text() == errors_text("The username or password is wrong.")
    assert view.banner.text() == "نام کاربری یا گذرواژه نادرست است."
    assert view.username.text() == DEMO_USER
    assert view.password.text() == "not-the-password"
    assert view.steps.currentIndex() == 0


def test_wrong_code_then_right_code(qtbot, gui, mock_server) -> None:
    window, _ctx = gui
    view = window.sign_in
    choose_server(window, mock_server.url)
    qtbot.keyClicks(view.username, DEMO_USER)
    qtbot.keyClicks(view.password, DEMO_PASSWORD)
    with qtbot.waitSignal(view.codeRequested, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.password, Qt.Key.Key_Return)
    right = read_otp_code(mock_server.url, DEMO_USER)
    wrong = "000000" if right != "000000" else "111111"
    qtbot.keyClicks(view.code, wrong)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.code, Qt.Key.Key_Return)
    assert view.banner.text() == errors_text(
        "The one-time code is wrong. Check the SMS and try again."
    )
    assert view.steps.currentIndex() == 1
    view.code.clear()
    qtbot.keyClicks(view.code, right)
    with qtbot.waitSignal(view.signedIn, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.code, Qt.Key.Key_Return)


def test_server_down_is_one_clear_sentence(qtbot, gui, closed_port) -> None:
    window, _ctx = gui
    view = window.sign_in
    choose_server(window, f"http://127.0.0.1:{closed_port}")
    qtbot.keyClicks(view.username, DEMO_USER)
    qtbot.keyClicks(view.password, DEMO_PASSWORD)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    assert view.banner.text() == errors_text(
        "Cannot reach the SSO service. Check the network or the server address."
    )
    assert view.password.text() == DEMO_PASSWORD


def test_invalid_id_is_explained_before_sending(qtbot, gui, mock_server) -> None:
    window, _ctx = gui
    sign_in(qtbot, window, mock_server.url)
    view = window.inquiry
    nid = with_check_digit("001234567")
    broken = nid[:-1] + str((int(nid[-1]) + 1) % 10)
    qtbot.keyClicks(view.national_id, broken)
    qtbot.keyClicks(view.case_reference, "123")
    assert not view.inquire_button.isEnabled()
    assert view.national_id.hint.text() == wording.ID_REASON["check_digit"].fa
    view.national_id.clear()
    qtbot.keyClicks(view.national_id, "11111 11111")
    assert view.national_id.hint.text() == wording.ID_REASON["repeated_digits"].fa
    view.national_id.clear()
    type_text(view.national_id, "۰۰۱۲۳")
    assert view.national_id.hint.text() == ""  # still typing: no scolding yet


def test_quota_exhausted_keeps_input(qtbot, gui, start_mock) -> None:
    window, _ctx = gui
    mock = start_mock(quota=1)
    sign_in(qtbot, window, mock.url)
    first, second = with_check_digit("001234567"), with_check_digit("001234568")
    inquire(qtbot, window, first, "A-1")
    assert window.inquiry.card.isVisible()
    inquire(qtbot, window, second, "A-2")
    view = window.inquiry
    assert view.banner.text() == errors_text("Your agency's daily inquiry quota is used up.")
    assert view.national_id.text() == second
    assert view.case_reference.text() == "A-2"


def test_language_switch_at_runtime(qtbot, gui) -> None:
    window, _ctx = gui
    window.language.setCurrentIndex(window.language.findData(Language.EN.value))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # Widgets re-set their texts when the posted LanguageChange event arrives.
    qtbot.waitUntil(lambda: window.sign_in.sign_in_button.text() == "Sign in")
    assert window.sign_in.title.text() == "Sign in"
    assert window.windowTitle() == "Estelam Desk"
    window.language.setCurrentIndex(window.language.findData(Language.FA.value))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: window.sign_in.title.text() == "ورود")
    assert window.windowTitle() == "میز استعلام"


def test_sign_out_clears_personal_data(qtbot, gui, mock_server) -> None:
    window, ctx = gui
    sign_in(qtbot, window, mock_server.url)
    inquire(qtbot, window, with_check_digit("001234567"), "A-1")
    assert window.inquiry.card.isVisible()
    with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
        window.sign_out_action.trigger()
    assert not window.inquiry.card.isVisible()
    assert window.inquiry.national_id.text() == ""
    assert window.sign_in.isVisible()
    assert not ctx.session.signed_in


@pytest.mark.keyring
def test_remembered_session_survives_a_restart(qtbot, open_window, mock_server, keyring_service):
    if SecretStore(service=keyring_service).status() is not StoreStatus.AVAILABLE:
        pytest.skip("no usable Secret Service")
    window, ctx = open_window()
    assert not window.sign_in.remember.isChecked()  # off until the clerk asks
    window.sign_in.remember.setChecked(True)
    sign_in(qtbot, window, mock_server.url)
    assert window.banner.text() == ""  # the keyring took the token: nothing to warn about
    ctx.bridge.stop()
    window.close()

    # A new window, as after closing and reopening the app: signed in without a password.
    again, _ctx = open_window()
    with qtbot.waitSignal(again.signedIn, timeout=TIMEOUT_MS):
        again.start()
    assert again.inquiry.isVisible()
    assert again.header.clerk.text()
    with qtbot.waitSignal(again.signedOut, timeout=TIMEOUT_MS):
        again.sign_out_action.trigger()
    assert SecretStore(service=keyring_service).get(f"{mock_server.url}|{DEMO_USER}") is None


def test_session_ended_by_the_server_returns_to_sign_in_keeping_input(
    qtbot, gui, start_mock
) -> None:
    window, _ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    httpx.post(f"{mock.url}/_mock/users/{DEMO_USER}/end-sessions", timeout=10).raise_for_status()
    nid = with_check_digit("001234567")
    inquire(qtbot, window, nid, "A-7")
    assert window.sign_in.isVisible()
    assert window.sign_in.banner.text() == errors_text(
        "Your session has ended. Please sign in again."
    )
    # Signing in again brings the clerk back to the inquiry exactly as they left it.
    sign_in(qtbot, window, mock.url)
    assert window.inquiry.national_id.text() == nid
    assert window.inquiry.case_reference.text() == "A-7"
    # Ended again, but another clerk signs in at that screen: none of it is theirs.
    httpx.post(f"{mock.url}/_mock/users/{DEMO_USER}/end-sessions", timeout=10).raise_for_status()
    inquire(qtbot, window, nid, "A-8")
    assert window.sign_in.isVisible()
    sign_in(qtbot, window, mock.url, username=DEMO_USER2)
    assert not window.inquiry.national_id.text() and not window.inquiry.case_reference.text()


@pytest.mark.parametrize("area", [(1366, 728), (1280, 720)])
def test_the_first_window_fits_the_free_area_of_the_screen(gui, area) -> None:
    """Placed once at start: within the screen's free area, title bar included, never at
    a default size that runs past its edge (760 px high did on a 768 px screen)."""
    window, _ctx = gui
    free = QRect(0, 32, *area)  # a taskbar across the top
    window.fit_to_screen(free)
    assert window.width() <= free.width() - FRAME_ROOM[0]
    assert window.height() <= free.height() - FRAME_ROOM[1]
    frame = window.frameGeometry()
    assert free.contains(frame)
    assert abs(frame.center().x() - free.center().x()) <= 1
