"""One language at a time: every screen of a Persian window, in the states a clerk
reaches, shows Persian only (codes, paths and names kept apart as isolated runs); no
banner shows the support desk's technical line; a live switch says everything again."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)

from desktop.core.batch import Progress
from desktop.core.certificates import RevocationCache, Verdict
from desktop.core.proof import Proof
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.ui.i18n import Language
from desktop.window.about import about_text
from desktop.window.main_window import MainWindow
from tests import issuer_fixtures
from tests.mock_certificates import issue
from tests.test_gui import TIMEOUT_MS, choose_server, errors_text, inquire, sign_in
from tests.test_gui_history import open_history
from tests.test_gui_redeem import redeem

# Isolates (LRI, RLI, FSI ... PDI) hold what is not prose: codes, paths, names typed.
_ISOLATE = re.compile("[\u2066\u2067\u2068][^\u2066\u2067\u2068\u2069]*\u2069")
# Names of formats, standards and products, written in Latin in Persian too.
_TERMS = re.compile(
    r"\b(?:PDF|CSV|Excel|QR|SHA-256|CA|PEM|SMS|Qt|PySide6|Python|https?|CASE)\b"
    r"|\*\.[a-z]+"  # file patterns: *.xlsx
)
_LATIN = re.compile(r"[A-Za-z]+")


def foreign_words(text: str) -> list[str]:
    """Latin words outside isolated runs and known terms."""
    while True:
        stripped = _ISOLATE.sub("", text)
        if stripped == text:
            break
        text = stripped
    return _LATIN.findall(_TERMS.sub("", text))


def _view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = [
        str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        for c in range(model.columnCount())
    ]
    for row in range(min(model.rowCount(), 30)):
        texts += [str(model.index(row, c).data() or "") for c in range(model.columnCount())]
    return texts


def shown_texts(window: MainWindow) -> list[tuple[str, str]]:
    """(widget, text) for every text a clerk sees in the window now."""
    found = [("window", window.windowTitle())]
    found += [("menu", a.text()) for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts: list[str] = []
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit) and not widget.text():
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView):
            texts += _view_texts(widget)
        name = widget.objectName() or type(widget).__name__
        found += [(name, text) for text in texts if text]
    return found


def assert_persian(window: MainWindow, state: str) -> None:
    offending = [(name, text) for name, text in shown_texts(window) if foreign_words(text)]
    assert not offending, f"{state}: Latin words on a Persian screen: {offending}"


def show(window: MainWindow, page: QWidget) -> None:
    window.nav.setCurrentRow(window.pages.indexOf(page))


def test_the_checker_finds_latin_outside_isolates() -> None:
    assert foreign_words("در \u2066/tmp/x.pdf\u2069 ذخیره شد") == []
    assert foreign_words("خروجی PDF و Excel (*.xlsx)") == []
    assert foreign_words("HTTP 401 · urn:estelam:problem:invalid-credentials") != []
    assert foreign_words("usage-password-invalid") == ["usage", "password", "invalid"]
    assert foreign_words("MoU \u2066M-1\u2069: verify") == ["MoU", "verify"]


def test_every_persian_screen_speaks_persian(qtbot, gui, start_mock, tmp_path, caplog) -> None:
    window, ctx = gui
    mock = start_mock()
    ctx.proof.close()
    ctx.proof = Proof("test")

    # Sign-in, refused: one Persian sentence; the technical detail goes to the log only.
    view = window.sign_in
    choose_server(window, mock.url)
    qtbot.keyClicks(view.username, "demo.clerk")
    qtbot.keyClicks(view.password, "not-the-password")
    with caplog.at_level(logging.INFO), qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    assert view.banner.text() == errors_text("The username or password is wrong.")
    assert view.banner.detail() == ""
    assert "invalid-credentials" in caplog.text  # for the support desk, in the log
    assert_persian(window, "sign-in refused")

    view.password.clear()
    sign_in(qtbot, window, mock.url)
    assert_persian(window, "signed in")
    inquire(qtbot, window, "0012345679", "۱۴۰۵/۲۲")
    assert window.inquiry.card.isVisible()
    assert_persian(window, "an answer")

    # Redeem: a genuine certificate, then a wrong usage password.
    show(window, window.redeem)
    issued = issue(mock.url)
    redeem(qtbot, window.redeem, issued["tracking_code"], issued["usage_password"])
    assert window.redeem.outcome is not None
    assert_persian(window, "a redeemed certificate")
    wrong = "ABCD2345" if issued["usage_password"] != "ABCD2345" else "WXYZ6789"
    redeem(qtbot, window.redeem, issued["tracking_code"], wrong)
    assert window.redeem.banner.detail() == ""
    assert_persian(window, "a refused redeem")

    # History: the refusal in words, each record's purpose in words.
    open_history(qtbot, window)
    history = window.history
    assert history.model.rowCount() >= 3
    for row in range(history.model.rowCount()):
        entry = history.model.item(row)
        history.table.setCurrentIndex(history.model.index(row, 0))
        if entry.has_details:  # read from the disk off the GUI thread
            qtbot.waitUntil(lambda e=entry: getattr(history._opened, "entry", None) == e)
        assert_persian(window, f"history record {row}")

    # Verify: a tampered file and a genuine one checked without a revocation list.
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    tampered = bytearray(pdf)
    tampered[len(tampered) // 3] ^= 0x01
    (tmp_path / "a-genuine.pdf").write_bytes(pdf)
    (tmp_path / "b-tampered.pdf").write_bytes(bytes(tampered))
    ctx.proof.close()
    ctx.proof = Proof("test", RevocationCache(tmp_path / "no-lists.sqlite3"))
    show(window, window.verify)
    verify = window.verify
    with qtbot.waitSignal(verify.verified, timeout=TIMEOUT_MS * 4):
        verify.verify_paths([str(tmp_path / "a-genuine.pdf"), str(tmp_path / "b-tampered.pdf")])
    verdicts_seen = [v.verdict for v in verify.model.items()]
    assert verdicts_seen == [Verdict.INDETERMINATE, Verdict.TAMPERED]
    for row in range(2):
        verify.table.setCurrentIndex(verify.model.index(row, 0))
        assert "\n" in verify.details_title.text()  # the reason, under the verdict
        assert_persian(window, f"verification {row}")

    # Bulk: a pasted list's preview; Settings.
    show(window, window.batch)
    with qtbot.waitSignal(window.batch.requestFinished, timeout=TIMEOUT_MS):
        window.batch.import_text("0012345679\n0012345679\n123\n")
    assert_persian(window, "a bulk preview")
    show(window, window.settings)
    assert_persian(window, "settings")
    assert not foreign_words(about_text())


def test_the_about_box_reads_right_to_left_in_persian(gui) -> None:
    first_line = about_text().splitlines()[0]
    assert first_line.startswith("میز استعلام")


def test_a_live_switch_says_the_banner_and_progress_line_again(qtbot, gui, start_mock) -> None:
    window, _ctx = gui
    mock = start_mock()
    view = window.sign_in
    choose_server(window, mock.url)
    qtbot.keyClicks(view.username, "demo.clerk")
    qtbot.keyClicks(view.password, "not-the-password")
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    run = window.batch.run
    run.show_progress(Progress(done=3, total=10, answered=3, failed=0, rate_per_s=0, eta_s=None))
    assert "۳" in run.progress_text.text()

    window.language.setCurrentIndex(window.language.findData(Language.EN.value))
    qtbot.waitUntil(lambda: view.banner.text() == "The username or password is wrong.")
    assert run.progress_text.text() == "3 of 10 answered"
    window.language.setCurrentIndex(window.language.findData(Language.FA.value))
    qtbot.waitUntil(lambda: view.banner.text() == "نام کاربری یا گذرواژه نادرست است.")
    assert not foreign_words(run.progress_text.text())


def test_a_saved_file_banner_offers_open_and_its_folder(qtbot, gui, monkeypatch, tmp_path) -> None:
    from PySide6.QtGui import QDesktopServices

    window, _ctx = gui
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    banner = window.batch.banner
    saved = tmp_path / "نتایج" / "results.xlsx"
    banner.show_saved(saved)
    # The path is one left-to-right run inside the Persian sentence.
    assert f"\u2066{saved}\u2069" in banner.text()
    assert not foreign_words(banner.text())
    assert banner.open_button.isVisibleTo(window.batch)
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(banner.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(saved), str(saved.parent)]
    # Any other message has no such buttons.
    banner.show_message("info", "پیام")
    assert not banner.open_button.isVisibleTo(window.batch)


@pytest.mark.parametrize("count, word", [(1, "duplicate"), (2, "duplicates")])
def test_one_duplicate_is_singular_in_english(qtbot, gui, count, word) -> None:
    window, _ctx = gui
    window.language.setCurrentIndex(window.language.findData(Language.EN.value))
    qtbot.waitUntil(lambda: window.sign_in.sign_in_button.text() == "Sign in")
    batch = window.batch
    lines = "\n".join(["0012345679"] * (count + 1))
    with qtbot.waitSignal(batch.requestFinished, timeout=TIMEOUT_MS):
        batch.import_text(lines)
    assert f"{count} {word}," in batch.preview.counts.text()


def test_file_dialog_labels_and_file_word_in_persian(gui) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import file_dialogs

    window, _ctx = gui
    dialog = file_dialogs._dialog(
        window, "x", str(Path.home()), "PDF (*.pdf)", QFileDialog.FileMode.AnyFile
    )
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert labels and all(not foreign_words(text) for text in labels), labels
    assert not any("پرونده" in text for text in labels)
    assert dialog.findChild(QComboBox, "lookInCombo").layoutDirection() == (
        Qt.LayoutDirection.LeftToRight
    )
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "&نام فایل:"
    assert window.menuBar().actions()[0].text() == "&فایل"
    dialog.deleteLater()


def test_the_keyring_notice_follows_a_live_switch(qtbot, tmp_path, monkeypatch, start_mock) -> None:
    """With no keyring to keep the session in, the window says so; switching the
    language says it again in the new one."""
    from keyring.backends.fail import Keyring as NoKeyring
    from PySide6.QtWidgets import QApplication

    from desktop.core.secrets import SecretStore
    from desktop.core.session import Session
    from desktop.window.app import build

    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "user-data"))
    session = Session(SecretStore(service="Estelam Desk no keyring", backend=NoKeyring()))
    window, ctx = build(QApplication.instance(), language="fa", session=session)
    qtbot.addWidget(window)
    window.show()
    try:
        mock = start_mock()
        window.sign_in.remember.setChecked(True)
        sign_in(qtbot, window, mock.url)
        persian = errors_text(
            "No system keyring is available: you will stay signed in only until the app closes."
        )
        assert window.banner.text() == persian and not foreign_words(persian)
        window.language.setCurrentIndex(window.language.findData(Language.EN.value))
        qtbot.waitUntil(lambda: window.banner.text().startswith("No system keyring is available"))
    finally:
        ctx.close()
