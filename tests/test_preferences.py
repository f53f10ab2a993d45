"""The typed preferences over a real settings.ini: round trips, defaults, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.api_client import InsecureServerAddress, InvalidNetworkSetting, ProxyMode
from desktop.core.servers import DEFAULT_URLS, ServerProfile
from desktop.ui.i18n import Language
from desktop.ui.preferences import (
    IDLE_LOCK_MINUTES_KEY,
    RETENTION_DAYS_KEY,
    Preferences,
    Theme,
)


def ini(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def reopened(path: Path, *, demo: bool = False) -> Preferences:
    """What the next start of the app reads from disk."""
    return Preferences(ini(path), demo=demo)


def test_defaults(path: Path) -> None:
    prefs = reopened(path)
    assert prefs.language is Language.FA
    assert prefs.theme is Theme.SYSTEM
    assert prefs.server_profile is ServerProfile.CUSTOM
    assert reopened(path, demo=True).server_profile is ServerProfile.DEMO
    assert prefs.proxy_mode is ProxyMode.SYSTEM
    assert prefs.ca_bundle == ""
    assert prefs.retention_days == 90
    assert prefs.idle_lock_minutes == 10
    assert prefs.trust_profile == "production"
    assert reopened(path, demo=True).trust_profile == "test"
    assert prefs.server_url(ServerProfile.TEST) == DEFAULT_URLS[ServerProfile.TEST]
    assert prefs.remember is False  # a shared desk: staying signed in is asked for


def test_round_trip_through_the_file(path: Path, tmp_path: Path) -> None:
    prefs = reopened(path)
    prefs.language = Language.EN
    prefs.theme = Theme.DARK
    prefs.server_profile = ServerProfile.TEST
    prefs.set_server_url(ServerProfile.TEST, " https://sso-test.agency.example/api/v1/ ")
    prefs.set_proxy(ProxyMode.MANUAL, "http://proxy.agency.example:3128")
    prefs.ca_bundle = str(tmp_path / "agency-ca.pem")
    prefs.retention_days = 30
    prefs.idle_lock_minutes = 0
    prefs.trust_profile = "test"
    prefs.remember_sign_in("https://sso-test.agency.example", "clerk", False)
    prefs.sync()

    again = reopened(path)
    assert again.language is Language.EN
    assert again.theme is Theme.DARK
    assert again.server_profile is ServerProfile.TEST
    assert again.server_url(ServerProfile.TEST) == "https://sso-test.agency.example"
    options = again.network_options()
    assert options.proxy_mode is ProxyMode.MANUAL
    assert options.proxy_url == "http://proxy.agency.example:3128"
    assert options.ca_bundle == str(tmp_path / "agency-ca.pem")
    assert (again.retention_days, again.idle_lock_minutes) == (30, 0)
    assert again.trust_profile == "test"
    assert (again.last_server_url, again.username, again.remember) == (
        "https://sso-test.agency.example",
        "clerk",
        False,
    )


def test_the_privacy_keys_others_read(path: Path) -> None:
    """The purge and the idle lock read these keys as plain ints."""
    prefs = reopened(path)
    prefs.retention_days = 365
    prefs.idle_lock_minutes = 15
    prefs.sync()
    raw = ini(path)
    assert int(raw.value(RETENTION_DAYS_KEY)) == 365
    assert int(raw.value(IDLE_LOCK_MINUTES_KEY)) == 15
    assert RETENTION_DAYS_KEY == "privacy/retention_days"
    assert IDLE_LOCK_MINUTES_KEY == "privacy/idle_lock_minutes"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("retention_days", 0),
        ("retention_days", -7),
        ("retention_days", "30"),
        ("retention_days", True),
        ("idle_lock_minutes", -1),
        ("idle_lock_minutes", 2.5),
        ("language", "de"),
        ("theme", "purple"),
        ("trust_profile", "anything"),
        ("server_profile", "demo"),  # no demo server without --demo
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(path: Path, name: str, value) -> None:
    prefs = reopened(path)
    before = getattr(prefs, name)
    with pytest.raises(ValueError):
        setattr(prefs, name, value)
    assert getattr(reopened(path), name) == before


def test_bad_addresses_are_refused(path: Path) -> None:
    prefs = reopened(path)
    with pytest.raises(InsecureServerAddress):
        prefs.set_server_url(ServerProfile.PRODUCTION, "http://sso.agency.example")
    with pytest.raises(ValueError):
        prefs.set_server_url(ServerProfile.CUSTOM, "sso.agency.example")
    assert prefs.set_server_url(ServerProfile.CUSTOM, "http://127.0.0.1:8765/") == (
        "http://127.0.0.1:8765"
    )
    with pytest.raises(InvalidNetworkSetting):
        prefs.set_proxy(ProxyMode.MANUAL, "proxy.agency.example")
    assert prefs.proxy_mode is ProxyMode.SYSTEM
    assert prefs.server_url(ServerProfile.PRODUCTION) == DEFAULT_URLS[ServerProfile.PRODUCTION]


def test_damaged_values_read_as_defaults(path: Path) -> None:
    raw = ini(path)
    for key, value in {
        RETENTION_DAYS_KEY: "ninety",
        IDLE_LOCK_MINUTES_KEY: "-5",
        "ui/theme": "neon",
        "ui/language": "xx",
        "network/proxy_mode": "carrier-pigeon",
        "certificates/trust_profile": "root-of-all",
        "network/server_profile": "demo",
    }.items():
        raw.setValue(key, value)
    raw.sync()
    prefs = reopened(path)
    assert prefs.retention_days == 90
    assert prefs.idle_lock_minutes == 10
    assert prefs.theme is Theme.SYSTEM
    assert prefs.language is Language.FA
    assert prefs.proxy_mode is ProxyMode.SYSTEM
    assert prefs.trust_profile == "production"
    assert prefs.server_profile is ServerProfile.CUSTOM  # the demo only runs with --demo


def test_a_manual_proxy_without_address_falls_back_to_the_system(path: Path) -> None:
    raw = ini(path)
    raw.setValue("network/proxy_mode", "manual")
    raw.sync()
    assert reopened(path).network_options().proxy_mode is ProxyMode.SYSTEM


def test_first_run_and_trust_choice_survive_a_restart(path: Path) -> None:
    prefs = reopened(path, demo=True)
    assert not prefs.welcome_shown and not prefs.trust_profile_chosen
    prefs.welcome_shown = True
    prefs.sync()
    assert reopened(path).welcome_shown  # "true" in the ini file reads back as True
    prefs.trust_profile = "test"
    prefs.sync()
    again = reopened(path)
    assert again.trust_profile_chosen and again.trust_profile == "test"
    assert again.as_text()["certificates/trust_profile"] == "test"
