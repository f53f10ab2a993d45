"""Every preference in one place: its key, type, default and what values it accepts.

A thin typed layer over the app's QSettings (settings.ini in the per-user data
directory). Nothing secret is ever stored here. Reading a missing or damaged value gives
the default; setting a bad one raises ValueError and stores nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSettings

from desktop.core.servers import (
    DEFAULT_URLS,
    NetworkOptions,
    ProxyMode,
    ServerProfile,
    check_proxy_url,
    check_server_url,
    normalize_server_url,
)
from desktop.ui.i18n import Language
from desktop.ui.theme import Theme

_E = TypeVar("_E", bound=enum.Enum)


# Keys other parts of the app read directly (the purge and the idle lock): keep them.
RETENTION_DAYS_KEY = "privacy/retention_days"
IDLE_LOCK_MINUTES_KEY = "privacy/idle_lock_minutes"
RETENTION_DAYS_DEFAULT = 90
IDLE_LOCK_MINUTES_DEFAULT = 10
RETENTION_CHOICES = (7, 30, 90, 365)
IDLE_LOCK_CHOICES = (0, 5, 10, 15, 30, 60)  # 0: never lock

LANGUAGE_KEY = "ui/language"
THEME_KEY = "ui/theme"
SERVER_PROFILE_KEY = "network/server_profile"
SERVER_URL_KEY = "network/server_url/"  # + profile: the address of test, production, custom
PROXY_MODE_KEY = "network/proxy_mode"
PROXY_URL_KEY = "network/proxy_url"
CA_BUNDLE_KEY = "network/ca_bundle"
TRUST_PROFILE_KEY = "certificates/trust_profile"
# Set once the welcome has been shown, so it greets only a first start.
WELCOME_SHOWN_KEY = "ui/welcome_shown"
# The last successful sign-in, to resume a remembered session.
LAST_SERVER_URL_KEY = "signin/server_url"
USERNAME_KEY = "signin/username"
REMEMBER_KEY = "signin/remember"


# Each language in its own script, so a clerk finds theirs whatever is shown now.
LANGUAGE_NAMES = {Language.FA: "فارسی", Language.EN: "English"}


def server_profile_name(profile: ServerProfile) -> str:
    """The profile as the sign-in screen and Settings both list it."""
    names = {
        ServerProfile.DEMO: QCoreApplication.translate("Preferences", "Demo server (built in)"),
        ServerProfile.TEST: QCoreApplication.translate("Preferences", "SSO test server"),
        ServerProfile.PRODUCTION: QCoreApplication.translate("Preferences", "SSO server"),
        ServerProfile.CUSTOM: QCoreApplication.translate("Preferences", "Another server…"),
    }
    return names[profile]


class Preferences:
    """Typed access to the settings; `demo` says whether the bundled mock is running."""

    def __init__(self, settings: QSettings, *, demo: bool = False) -> None:
        self.settings = settings
        self.demo = demo

    # -- plumbing --------------------------------------------------------------------
    def _text(self, key: str, default: str = "") -> str:
        value = self.settings.value(key, default)
        return value if isinstance(value, str) else default

    def _enum(self, key: str, kind: type[_E], default: _E) -> _E:
        try:
            return kind(self._text(key, str(default.value)))
        except ValueError:
            return default

    def _int(self, key: str, default: int, valid: Callable[[int], bool]) -> int:
        stored = self.settings.value(key, default)
        if not isinstance(stored, int | str):  # the ini file gives back text
            return default
        try:
            value = int(stored)
        except ValueError:
            return default
        return value if valid(value) else default

    def _bool(self, key: str, default: bool) -> bool:
        value = self.settings.value(key, default)
        if isinstance(value, str):  # the ini file gives back "true"/"false"
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    # -- interface -------------------------------------------------------------------
    @property
    def language(self) -> Language:
        return self._enum(LANGUAGE_KEY, Language, Language.FA)

    @language.setter
    def language(self, value: Language | str) -> None:
        self.settings.setValue(LANGUAGE_KEY, Language(value).value)

    @property
    def theme(self) -> Theme:
        return self._enum(THEME_KEY, Theme, Theme.SYSTEM)

    @theme.setter
    def theme(self, value: Theme | str) -> None:
        self.settings.setValue(THEME_KEY, Theme(value).value)

    # -- servers ---------------------------------------------------------------------
    @property
    def server_profile(self) -> ServerProfile:
        default = ServerProfile.DEMO if self.demo else ServerProfile.CUSTOM
        profile = self._enum(SERVER_PROFILE_KEY, ServerProfile, default)
        if profile is ServerProfile.DEMO and not self.demo:
            return ServerProfile.CUSTOM
        return profile

    @server_profile.setter
    def server_profile(self, value: ServerProfile | str) -> None:
        profile = ServerProfile(value)
        if profile is ServerProfile.DEMO and not self.demo:
            raise ValueError("the demo server runs only with --demo")
        self.settings.setValue(SERVER_PROFILE_KEY, profile.value)

    def server_url(self, profile: ServerProfile) -> str:
        """The address of a test, production or custom server ("" for demo: it has none
        of its own until the mock starts)."""
        if profile is ServerProfile.DEMO:
            return ""
        stored = self._text(SERVER_URL_KEY + profile.value)
        if stored:
            return stored
        if profile is ServerProfile.CUSTOM:
            return self.last_server_url
        return DEFAULT_URLS[profile]

    def set_server_url(self, profile: ServerProfile, url: str) -> str:
        """Keep an address for a profile; ValueError (or InsecureServerAddress, also a
        ValueError) when it is not an https address, or http to this computer."""
        if profile is ServerProfile.DEMO:
            raise ValueError("the demo server's address is not configurable")
        text = url.strip()
        if profile is ServerProfile.CUSTOM and not text:
            self.settings.remove(SERVER_URL_KEY + profile.value)
            return ""
        normalized = check_server_url(normalize_server_url(text))
        self.settings.setValue(SERVER_URL_KEY + profile.value, normalized)
        return normalized

    # -- network ---------------------------------------------------------------------
    @property
    def proxy_mode(self) -> ProxyMode:
        return self._enum(PROXY_MODE_KEY, ProxyMode, ProxyMode.SYSTEM)

    @property
    def proxy_url(self) -> str:
        return self._text(PROXY_URL_KEY)

    def set_proxy(self, mode: ProxyMode | str, url: str = "") -> None:
        """A manual proxy needs a valid http(s)://host:port (InvalidNetworkSetting)."""
        mode = ProxyMode(mode)
        if mode is ProxyMode.MANUAL:
            self.settings.setValue(PROXY_URL_KEY, check_proxy_url(url))
        self.settings.setValue(PROXY_MODE_KEY, mode.value)

    @property
    def ca_bundle(self) -> str:
        """The PEM file of extra CAs, "" for none. The file is checked where it is read
        (choosing it in Settings, and every connection), not here: that is disk I/O."""
        return self._text(CA_BUNDLE_KEY)

    @ca_bundle.setter
    def ca_bundle(self, path: str) -> None:
        if path.strip():
            self.settings.setValue(CA_BUNDLE_KEY, path.strip())
        else:
            self.settings.remove(CA_BUNDLE_KEY)

    def network_options(self) -> NetworkOptions:
        mode = self.proxy_mode
        url = self.proxy_url if mode is ProxyMode.MANUAL else ""
        if mode is ProxyMode.MANUAL and not url:
            mode = ProxyMode.SYSTEM  # a manual proxy never set falls back to the system's
        return NetworkOptions(mode, url, self.ca_bundle)

    # -- privacy ---------------------------------------------------------------------
    @property
    def retention_days(self) -> int:
        """How long local results are kept, in days."""
        return self._int(RETENTION_DAYS_KEY, RETENTION_DAYS_DEFAULT, lambda v: v > 0)

    @retention_days.setter
    def retention_days(self, days: int) -> None:
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise ValueError(f"retention must be a positive number of days, not {days!r}")
        self.settings.setValue(RETENTION_DAYS_KEY, days)

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the window locks; 0 never locks."""
        return self._int(IDLE_LOCK_MINUTES_KEY, IDLE_LOCK_MINUTES_DEFAULT, lambda v: v >= 0)

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            raise ValueError(f"idle lock must be 0 or a number of minutes, not {minutes!r}")
        self.settings.setValue(IDLE_LOCK_MINUTES_KEY, minutes)

    # -- certificates ----------------------------------------------------------------
    @property
    def trust_profile(self) -> str:
        """TEST with the demo (the mock signs under the TEST authority), else PRODUCTION."""
        # Imported here (as below): the certificate stack is not needed for the first window.
        from desktop.core.certificates import PRODUCTION, PROFILES, TEST

        default = TEST if self.demo else PRODUCTION
        value = self._text(TRUST_PROFILE_KEY, default)
        return value if value in PROFILES else default

    @trust_profile.setter
    def trust_profile(self, name: str) -> None:
        from desktop.core.certificates import PROFILES

        if name not in PROFILES:
            raise ValueError(f"unknown trust profile {name!r}")
        self.settings.setValue(TRUST_PROFILE_KEY, name)

    @property
    def trust_profile_chosen(self) -> bool:
        """Whether the clerk chose a trust profile (else it follows the demo)."""
        return self.settings.contains(TRUST_PROFILE_KEY)

    # -- first run ------------------------------------------------------------------
    @property
    def welcome_shown(self) -> bool:
        return self._bool(WELCOME_SHOWN_KEY, False)

    @welcome_shown.setter
    def welcome_shown(self, shown: bool) -> None:
        self.settings.setValue(WELCOME_SHOWN_KEY, shown)

    # -- the last sign-in ------------------------------------------------------------
    @property
    def last_server_url(self) -> str:
        return self._text(LAST_SERVER_URL_KEY)

    @property
    def username(self) -> str:
        return self._text(USERNAME_KEY)

    @property
    def remember(self) -> bool:
        # Off until the clerk asks: the desk is often a shared one.
        return self._bool(REMEMBER_KEY, False)

    def remember_sign_in(self, server_url: str, username: str, remember: bool) -> None:
        self.settings.setValue(LAST_SERVER_URL_KEY, server_url)
        self.settings.setValue(USERNAME_KEY, username)
        self.settings.setValue(REMEMBER_KEY, remember)

    def as_text(self) -> dict[str, str]:
        """Every stored preference as text, by key in order (for the diagnostics)."""
        return {key: str(self.settings.value(key)) for key in sorted(self.settings.allKeys())}

    def sync(self) -> None:
        """Write to disk now (QSettings otherwise writes later, or at exit)."""
        self.settings.sync()
