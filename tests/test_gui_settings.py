"""The Settings screen in the real window: reachable before sign-in, and every change
takes effect at once and is still there in a window built afresh from the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.certificates import Verdict
from desktop.core.certificates.roots import fingerprint
from desktop.core.secrets import SecretStore
from desktop.core.servers import DEFAULT_URLS, ServerProfile
from desktop.core.session import Session
from desktop.mock_backend.certificates.issuer import make_certificate
from desktop.ui import theme
from desktop.ui.i18n import Language, current_language
from desktop.window.app import build
from tests import issuer_fixtures
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from tests.test_gui import TIMEOUT_MS
from tests.tls_fixtures import DEMO_CODE, Pki, TlsMock, make_pki, serve


@pytest.fixture
def reopen(qtbot, open_window, keyring_service: str):
    """`reopen()` builds another window from the same settings file, as a restart would
    (no --lang, so the stored language counts)."""
    contexts = []

    def reopen_(demo_url: str | None = None):
        session = Session(SecretStore(service=keyring_service))
        window, ctx = build(QApplication.instance(), session=session, demo_url=demo_url)
        qtbot.addWidget(window)
        window.show()
        contexts.append(ctx)
        return window, ctx

    yield reopen_
    for ctx in contexts:
        ctx.close()
    theme.apply(QApplication.instance(), theme.Theme.LIGHT)


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))
    QApplication.processEvents()  # Qt posts the language and palette changes


def test_settings_open_before_sign_in_with_ctrl_comma(qtbot, gui) -> None:
    window, _ctx = gui
    assert window.pages.currentWidget() is window.sign_in
    assert not window.nav.item(window.pages.indexOf(window.settings)).isHidden()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT_MS)
    QTest.keySequence(window, QKeySequence("Ctrl+,"))
    assert window.pages.currentWidget() is window.settings
    assert window.nav.currentRow() == window.pages.indexOf(window.settings)


def test_language_follows_and_persists(qtbot, gui, reopen) -> None:
    window, ctx = gui
    choose(window.settings.language, Language.EN.value)
    assert current_language() is Language.EN
    assert window.language.currentData() == Language.EN.value  # the header's list too
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.settings.title.text() == "Settings"
    choose(window.language, Language.FA.value)  # and back from the header
    assert window.settings.language.currentData() == Language.FA.value
    choose(window.settings.language, Language.EN.value)
    ctx.prefs.sync()

    again, _ = reopen()
    assert current_language() is Language.EN
    assert again.settings.language.currentData() == Language.EN.value
    assert again.language.currentData() == Language.EN.value


def test_dark_theme_applies_live_and_persists(qtbot, gui, reopen) -> None:
    window, ctx = gui
    window.sign_in.banner.show_message("error", "x")
    choose(window.settings.theme, theme.Theme.DARK.value)
    window_colour = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 60
    text_colour = QApplication.instance().palette().color(QPalette.ColorRole.WindowText)
    assert text_colour.lightness() > 200
    assert theme.COLORS == theme.DARK_COLORS
    # A banner already on screen takes the dark colours too.
    assert theme.DARK_COLORS["error"][1] in window.sign_in.banner.styleSheet()
    ctx.prefs.sync()

    reopen()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() < 60
    choose(window.settings.theme, theme.Theme.LIGHT.value)
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert theme.LIGHT_COLORS["error"][1] in window.sign_in.banner.styleSheet()


def test_system_theme_follows_the_operating_system(qtbot, gui, monkeypatch) -> None:
    window, _ctx = gui
    choose(window.settings.theme, theme.Theme.SYSTEM.value)
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    # The offscreen platform cannot switch its scheme: stand in for the OS saying "dark".
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_server_profile_is_shared_with_sign_in_and_persists(qtbot, gui, reopen) -> None:
    window, ctx = gui
    window.show_settings()
    view = window.settings
    choose(view.server_profile, ServerProfile.TEST.value)
    assert window.sign_in.server.currentData() == ServerProfile.TEST.value
    assert window.sign_in.server_address() == DEFAULT_URLS[ServerProfile.TEST]

    # An insecure address is refused with the reason, and nothing changes.
    view.server_url.setText("http://sso-test.agency.example")
    view.server_url.editingFinished.emit()
    assert view.server_hint.isVisible()
    assert view.server_hint.text() == QCoreApplication.translate(
        "Errors",
        "Plain http:// is allowed only to this computer. Use the server's https:// address.",
    )
    assert ctx.prefs.server_url(ServerProfile.TEST) == DEFAULT_URLS[ServerProfile.TEST]

    view.server_url.setText("https://sso-test.agency.example/")
    view.server_url.editingFinished.emit()
    assert not view.server_hint.isVisible()
    assert window.sign_in.server_address() == "https://sso-test.agency.example"
    ctx.prefs.sync()

    again, _ = reopen()
    assert again.settings.server_profile.currentData() == ServerProfile.TEST.value
    assert again.sign_in.server.currentData() == ServerProfile.TEST.value
    assert again.sign_in.server_address() == "https://sso-test.agency.example"


def test_the_demo_profile_only_with_demo(qtbot, gui, reopen) -> None:
    window, _ctx = gui
    assert window.settings.server_profile.findData(ServerProfile.DEMO.value) < 0
    demo, ctx = reopen(demo_url="http://127.0.0.1:9")
    assert demo.settings.server_profile.currentData() == ServerProfile.DEMO.value
    assert demo.sign_in.server_address() == "http://127.0.0.1:9"
    assert ctx.proof.profile == "test"


def test_trust_profile_switch_reloads_the_verifier(qtbot, gui, reopen) -> None:
    window, ctx = gui
    view = window.settings.trust
    with qtbot.waitSignal(view.rootsShown, timeout=TIMEOUT_MS):
        pass  # the screen, made just now, shows the roots of the profile in use
    assert ctx.proof.profile == "production"
    assert view.root_cards == [] and not view.roots_empty.isHidden()
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    assert ctx.proof.verify_bytes(pdf).verdict is Verdict.UNTRUSTED_SIGNER

    with qtbot.waitSignal(view.rootsShown, timeout=TIMEOUT_MS):
        choose(view.trust_profile, "test")
    assert ctx.proof.profile == "test"
    assert ctx.proof.verify_bytes(pdf).verdict is not Verdict.UNTRUSTED_SIGNER
    [card] = view.root_cards
    root = issuer_fixtures.trusted().roots[0]
    assert card.fingerprint.text().replace("\n", ":") == fingerprint(root)
    assert card.fingerprint.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert card.fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert "TEST" in card.subject.text()
    ctx.prefs.sync()

    _again, again_ctx = reopen()
    assert again_ctx.proof.profile == "test"


def test_privacy_choices_persist(qtbot, gui, reopen) -> None:
    window, ctx = gui
    choose(window.settings.retention, 30)
    choose(window.settings.idle_lock, 0)
    assert (ctx.prefs.retention_days, ctx.prefs.idle_lock_minutes) == (30, 0)
    ctx.prefs.sync()
    again, _ = reopen()
    assert again.settings.retention.currentData() == 30
    assert again.settings.idle_lock.currentData() == 0


def test_a_bad_proxy_is_named_and_not_kept(qtbot, gui) -> None:
    window, ctx = gui
    window.show_settings()
    view = window.settings.network
    choose(view.proxy_mode, "manual")
    assert view.proxy_url.isVisible()
    view.proxy_url.setText("proxy.agency.example")
    view.proxy_url.editingFinished.emit()
    assert view.proxy_hint.text() == QCoreApplication.translate(
        "Errors", "The proxy address is not valid. Write it as http://host:port."
    )
    assert ctx.prefs.network_options().proxy_mode == "system"
    view.proxy_url.setText("http://proxy.agency.example:3128")
    view.proxy_url.editingFinished.emit()
    assert not view.proxy_hint.isVisible()
    assert ctx.session.network.proxy_url == "http://proxy.agency.example:3128"


# -- the custom CA bundle, through the window ------------------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tls_mock(pki: Pki, tmp_path_factory: pytest.TempPathFactory):
    yield from serve(pki, tmp_path_factory.mktemp("tls-mock"))


def _start_sign_in(qtbot, window, url: str) -> None:
    view = window.sign_in
    view.server.setCurrentIndex(view.server.findData(ServerProfile.CUSTOM.value))
    view.server_url.setText(url)
    view.username.setText(DEMO_USER)
    view.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS):
        view.start()


def test_agency_ca_bundle_in_the_window(qtbot, gui, tls_mock: TlsMock, pki: Pki, tmp_path) -> None:
    window, ctx = gui
    choose(window.settings.network.proxy_mode, "none")  # no stray proxy variables
    assert ctx.session.network.proxy_mode == "none"
    _start_sign_in(qtbot, window, tls_mock.url)
    # core's sentence, then the window's own remedy, each in the clerk's language
    assert window.sign_in.banner.text() == " ".join(
        QCoreApplication.translate("Errors", text)
        for text in (
            "The server's certificate is not trusted, so nothing was sent.",
            "If your agency's network inspects secure connections, add its CA certificate "
            "in Settings.",
        )
    )

    window.show_settings()
    settings = window.settings.network
    notes = Path(tmp_path / "notes.txt")
    notes.write_text("not a certificate")
    with qtbot.waitSignal(settings.caBundleChecked, timeout=TIMEOUT_MS) as refused:
        settings.set_ca_bundle(str(notes))
    assert refused.args == [False]
    assert settings.ca_hint.isVisible() and ctx.prefs.ca_bundle == ""

    with qtbot.waitSignal(settings.caBundleChecked, timeout=TIMEOUT_MS) as accepted:
        settings.set_ca_bundle(str(pki.ca_pem))
    assert accepted.args == [True]
    assert ctx.prefs.ca_bundle == str(pki.ca_pem)
    assert settings.ca_bundle.text() == str(pki.ca_pem)

    window.nav.setCurrentRow(0)
    _start_sign_in(qtbot, window, tls_mock.url)
    assert window.sign_in.steps.currentIndex() == 1, window.sign_in.banner.text()
    window.sign_in.code.setText(DEMO_CODE)
    with qtbot.waitSignal(window.sign_in.signedIn, timeout=TIMEOUT_MS):
        window.sign_in.verify()
    assert window.pages.currentWidget() is window.inquiry


def test_plain_http_to_another_machine_is_refused_at_sign_in(qtbot, gui) -> None:
    window, _ctx = gui
    _start_sign_in(qtbot, window, "http://sso.agency.example")
    assert window.sign_in.steps.currentIndex() == 0
    assert window.sign_in.banner.text() == QCoreApplication.translate(
        "Errors",
        "Plain http:// is allowed only to this computer. Use the server's https:// address.",
    )
