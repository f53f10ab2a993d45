"""Every screen, in every state a clerk reaches, fits the smallest desk screen (a 1280×720
free area, title bar included) in Persian, English and the stretched pseudo-language,
with every control in view or in a scrolled area, and the window never grows by itself.

Each test drives one screen through its states against the mock over HTTP and checks
the window after each one; tables are checked for headers and cells cut short."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.exceptions import TimeoutError

from desktop.core.national_id import with_check_digit
from desktop.core.proof import Proof
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.ui.i18n import Language
from desktop.window.main_window import FRAME_ROOM, MainWindow
from tests import issuer_fixtures
from tests.conftest import MockProcess, launch_mock
from tests.mock_certificates import issue
from tests.test_gui import TIMEOUT_MS, found_id, inquire, sign_in, type_text
from tests.test_gui_batch import import_and_wait, write_xlsx

# The smallest free area a clerk's screen leaves, less the window manager's frame.
ROOM = QSize(1280 - FRAME_ROOM[0], 720 - FRAME_ROOM[1])


def clipped(top: QWidget) -> list[str]:
    """Controls shown but not wholly in view: cut by their parent, not inside a scrolled
    area where the clerk can bring them into view."""
    found = []
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractScrollArea)
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(top):
            continue
        child: QWidget = widget
        while child is not top:
            parent = child.parentWidget()
            if parent is None or isinstance(parent.parentWidget(), QAbstractScrollArea):
                break  # in a viewport: scrolled into view when needed
            # (A right-to-left splitter places its last widget a pixel past its edge.)
            if not parent.rect().adjusted(-1, -1, 1, 1).contains(child.geometry()):
                found.append(
                    f"{type(widget).__name__}({label(widget)!r}) {child.geometry().getRect()}"
                    f" in {type(parent).__name__} {parent.rect().getRect()}"
                )
                break
            child = parent
    return found


def label(widget: QWidget) -> str:
    return widget.accessibleName() or getattr(widget, "text", lambda: "")()


def cut_columns(table: QTableView) -> list[str]:
    """Columns narrower than their header's title, or than a cell's text."""
    header, model = table.horizontalHeader(), table.model()
    cut = []
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        width = header.sectionSize(column)
        title = model.headerData(column, Qt.Orientation.Horizontal)
        if header.sectionSizeHint(column) > width:
            cut.append(f"header {title!r}: {header.sectionSizeHint(column)} > {width}")
        if table.sizeHintForColumn(column) > width:
            cut.append(f"cells of {title!r}: {table.sizeHintForColumn(column)} > {width}")
    return cut


class Fit:
    """The window at the smallest desk size, checked after each state it is driven into."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        window.resize(ROOM)
        QApplication.processEvents()
        self.size = window.size()
        assert self.size == ROOM
        self.problems: list[str] = []

    def check(self, state: str, *tables: QTableView) -> None:
        QApplication.processEvents()
        window = self.window
        if window.size() != self.size:
            self.problems.append(f"{state}: the window grew to {window.size().toTuple()}")
            window.resize(self.size)
            QApplication.processEvents()
        least = window.minimumSizeHint().expandedTo(window.minimumSize())
        if least.width() > ROOM.width() or least.height() > ROOM.height():
            self.problems.append(f"{state}: needs at least {least.toTuple()}")
        self.problems += [f"{state}: {name} cut off" for name in clipped(window)]
        for table in tables:
            # Columns are fitted a moment after the rows change.
            try:
                self.qtbot.waitUntil(lambda t=table: not cut_columns(t), timeout=2000)
            except TimeoutError:
                self.problems += [f"{state}: {cut}" for cut in cut_columns(table)]

    def check_dialog(self, state: str, dialog: QDialog) -> None:
        QApplication.processEvents()
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        if least.width() > ROOM.width() or least.height() > ROOM.height():
            self.problems.append(f"{state}: needs at least {least.toTuple()}")
        if dialog.height() > ROOM.height():
            self.problems.append(f"{state}: opens {dialog.height()} px high")
        self.problems += [f"{state}: {name} cut off" for name in clipped(dialog)]
        self.problems += [
            f"{state}: wrapped text cut off ({text.text()[:30]!r})"
            for text in dialog.findChildren(QLabel)
            if text.wordWrap()
            and text.isVisibleTo(dialog)
            and text.height() < text.heightForWidth(text.width())
        ]


def go(window: MainWindow, page: QWidget) -> None:
    window.nav.setCurrentRow(window.pages.indexOf(page))


# -- the screens, each through its states ------------------------------------------


def sign_in_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    view = window.sign_in
    fit.check("credentials")
    view.show_demo_starting()
    fit.check("demo server starting")
    qtbot.keyClicks(view.username, "demo.clerk")
    qtbot.keyClicks(view.password, "not-the-password")
    view.server.setCurrentIndex(view.server.findData("custom"))
    view.server_url.setText(url)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        view.start()
    fit.check("a wrong password")
    view.password.setText("demo-pass")
    with qtbot.waitSignal(view.codeRequested, timeout=TIMEOUT_MS):
        view.start()
    fit.check("the one-time code")
    view.code.setText("000000")
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        view.verify()
    fit.check("a wrong one-time code")


def inquiry_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    sign_in(qtbot, window, url)
    nid, _answer = found_id(url)
    inquire(qtbot, window, nid, "1405/12")
    fit.check("an answer")
    inquire(qtbot, window, with_check_digit("999999990"), "1405/12")
    fit.check("another answer")


def bulk_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    sign_in(qtbot, window, url)
    view = window.batch
    go(window, view)
    fit.check("the source")
    ids = [with_check_digit(f"{n:09d}") for n in range(4000000, 4000060)]
    rows = [["ردیف", "نام و نام خانوادگی", "کد ملی"], *[[i, "نام", n] for i, n in enumerate(ids)]]
    rows += [[99, "خطا", "1234"], [100, "تکراری", ids[0]]]
    import_and_wait(qtbot, view, write_xlsx(tmp_path / "people.xlsx", rows))
    fit.check("the preview", view.preview.rejected)
    view.preview.case_reference.setText("CASE-FIT")
    paused: list[bool] = []

    def pause_once(_events: object) -> None:
        if not paused:
            paused.append(True)
            view._toggle_pause()

    view.run.model.modelReset.connect(lambda: pause_once(None))
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 4):
        view.start_run()
        qtbot.waitUntil(lambda: bool(paused), timeout=TIMEOUT_MS)
        fit.check("a paused run", view.run.table)
        view._toggle_pause()
    qtbot.waitUntil(lambda: view.run.model.rowCount() == len(rows) - 1)
    fit.check("a finished run", view.run.table)
    # The results take the height the window has: more than a handful of rows.
    table = view.run.table
    assert table.viewport().height() >= 6 * table.rowHeight(0)
    view.start_over()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 0)
    fit.check("a new bulk inquiry")


def redeem_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    ctx.proof.close()
    ctx.proof = Proof("test")
    sign_in(qtbot, window, url)
    view = window.redeem
    go(window, view)
    fit.check("empty")
    issued = issue(url)

    def redeem(code: str, password: str) -> None:
        view.code.clear()
        view.password.clear()
        type_text(view.code, code)
        type_text(view.password, password)
        with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
            view.fetch()

    redeem(issued["tracking_code"], issued["usage_password"])
    assert view.outcome is not None and view.outcome.verification.ok, view.banner.text()
    fit.check("a genuine certificate")
    # The whole list of checks and a readable preview, not a corner of each.
    assert view.checks.height() >= view.checks.sizeHintForRow(0) * view.checks.count()
    assert view.viewer.width() >= view.width() // 3
    wrong = "ABCD2345" if issued["usage_password"] != "ABCD2345" else "WXYZ6789"
    redeem(issued["tracking_code"], wrong)
    fit.check("a wrong usage password")


def verify_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    from tests.test_certificates import scan_of
    from tests.test_gui_verify import check_folder, use_profile

    use_profile(ctx, "test", tmp_path)
    view = window.verify
    go(window, view)
    fit.check("signed out")
    sign_in(qtbot, window, url)  # the clerk's header takes its height too
    go(window, view)
    fit.check("empty")
    claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    folder = tmp_path / "certificates"
    folder.mkdir()
    (folder / "a-certificate-with-a-long-file-name.pdf").write_bytes(pdf)
    (folder / "b-scan.png").write_bytes(scan_of(claims["qr"]))
    tampered = bytearray(pdf)
    tampered[len(tampered) // 3] ^= 0x01
    (folder / "c-tampered.pdf").write_bytes(bytes(tampered))
    check_folder(qtbot, view, folder)
    model = view.model
    for row, state in enumerate(("a PDF verdict", "a scan verdict", "a tampered PDF")):
        view.table.setCurrentIndex(model.index(row, 0))
        fit.check(state, view.table)


def history_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    go(window, window.history)
    fit.check("signed out")
    sign_in(qtbot, window, url)
    nid, _answer = found_id(url)
    inquire(qtbot, window, nid, "1405/12-FIT")
    view = window.history
    with qtbot.waitSignal(view.searched, timeout=TIMEOUT_MS):
        go(window, view)
    assert view.model.rowCount() >= 1
    fit.check("records", view.table)
    view.tabs.setCurrentIndex(1)
    fit.check("the agency's record")


def settings_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    go(window, window.settings)
    fit.check("signed out")
    sign_in(qtbot, window, url)
    go(window, window.settings)
    fit.check("signed in")


def lock_screen(qtbot, window, ctx, fit, url, tmp_path) -> None:
    sign_in(qtbot, window, url)
    window.lock()
    fit.check("locked")
    screen = window.lock_screen
    type_text(screen.password, "demo-pass")
    with qtbot.waitSignal(screen.requestFinished, timeout=TIMEOUT_MS):
        screen.check_password()
    fit.check("locked, the code step")


def welcome_dialog(qtbot, window, ctx, fit, url, tmp_path) -> None:
    for running in (False, True):
        ctx.demo = None if not running else ctx.demo
        dialog = window.show_welcome()
        fit.check_dialog(f"welcome{' with the demo running' if running else ''}", dialog)
        dialog.close()


SCREENS: list[Callable[..., None]] = [
    sign_in_screen,
    inquiry_screen,
    bulk_screen,
    redeem_screen,
    verify_screen,
    history_screen,
    settings_screen,
    lock_screen,
    welcome_dialog,
]


@pytest.fixture(scope="module")
def fit_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """A mock of this module's own: the wrong passwords, codes and usage passwords typed
    here count against its clerk, not against the session's shared mock."""
    mock = launch_mock(tmp_path_factory.mktemp("mock-fit"))
    yield mock
    mock.stop()


@pytest.mark.parametrize("language", [Language.FA, Language.EN, Language.PSEUDO])
@pytest.mark.parametrize("screen", SCREENS, ids=[s.__name__ for s in SCREENS])
def test_every_state_fits_a_1280_by_720_desk(
    qtbot, open_window, fit_mock, tmp_path: Path, language, screen
) -> None:
    window, ctx = open_window()
    ctx.i18n.set_language(language)
    fit = Fit(qtbot, window)
    screen(qtbot, window, ctx, fit, fit_mock.url, tmp_path)
    assert not fit.problems, "\n".join(fit.problems)
