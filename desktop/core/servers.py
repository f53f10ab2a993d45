"""The servers a clerk can sign in to: one list for the sign-in screen and Settings, and
the network options that reach them (proxy, extra CA certificates). The client's checks
of addresses and options are named here, so that the window needs no client import."""

from __future__ import annotations

import enum

from desktop.api_client.network import NetworkOptions as NetworkOptions
from desktop.api_client.network import ProxyMode as ProxyMode
from desktop.api_client.network import check_ca_bundle as check_ca_bundle
from desktop.api_client.network import check_proxy_url as check_proxy_url
from desktop.api_client.network import check_server_url as check_server_url
from desktop.api_client.network import normalize_server_url as normalize_server_url


class ServerProfile(enum.StrEnum):
    DEMO = "demo"  # the bundled mock, only when the app runs with --demo
    TEST = "test"
    PRODUCTION = "production"
    CUSTOM = "custom"


# The SSO has published no addresses for this service yet. These placeholders (".invalid"
# never resolves) stand in until it does; each can be replaced in Settings.
DEFAULT_URLS: dict[ServerProfile, str] = {
    ServerProfile.TEST: "https://sso-test.placeholder.invalid",
    ServerProfile.PRODUCTION: "https://sso.placeholder.invalid",
}


def profiles(demo: bool) -> list[ServerProfile]:
    """The profiles to offer, in order; the demo server only when there is one."""
    return [p for p in ServerProfile if demo or p is not ServerProfile.DEMO]
