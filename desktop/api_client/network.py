"""How the client reaches the server: proxy, extra trusted CAs, and which URLs it accepts.

TLS is always verified. A custom CA bundle (an agency network that intercepts TLS) is
added to the default trust, never put in its place. Plain http:// is refused except to
the loopback interface, where the bundled mock and local tests live; traffic to the
loopback interface never goes through a proxy (a proxy would carry it, password and all,
off the machine).
"""

from __future__ import annotations

import enum
import ipaddress
import queue
import re
import socket
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from desktop.api_client.errors import InsecureServerAddress, InvalidNetworkSetting

API_PREFIX = "/api/v1"
_PEM_CERTIFICATE = re.compile(rb"-----BEGIN CERTIFICATE-----")
# A name's lookup may run where the window waits on it (checking a typed address); a
# resolver that does not answer by then makes the name "not loopback".
RESOLVE_TIMEOUT_S = 2.0


class ProxyMode(enum.StrEnum):
    NONE = "none"
    # The HTTP(S)_PROXY / NO_PROXY environment variables, as the system sets them.
    SYSTEM = "system"
    MANUAL = "manual"


@dataclass(frozen=True)
class NetworkOptions:
    proxy_mode: ProxyMode = ProxyMode.SYSTEM
    proxy_url: str = ""
    ca_bundle: str = ""  # a PEM file of extra CA certificates; "" for none

    def checked(self) -> NetworkOptions:
        """These options if usable; InvalidNetworkSetting naming the one that is not."""
        if self.proxy_mode is ProxyMode.MANUAL:
            check_proxy_url(self.proxy_url)
        if self.ca_bundle:
            check_ca_bundle(self.ca_bundle)
        return self

    def httpx_arguments(self, server_url: str = "") -> dict[str, Any]:
        """Keyword arguments for httpx.AsyncClient: proxy, trust_env and verify. A server
        on the loopback interface is reached directly, whatever proxy is configured."""
        self.checked()
        direct = bool(server_url) and is_loopback(urlsplit(server_url).hostname or "")
        arguments: dict[str, Any] = {"trust_env": self.proxy_mode is ProxyMode.SYSTEM}
        if direct:
            # trust_env=False is what keeps HTTP(S)_PROXY / ALL_PROXY out.
            arguments["trust_env"] = False
        elif self.proxy_mode is ProxyMode.MANUAL:
            arguments["proxy"] = self.proxy_url.strip()
        if self.ca_bundle or (direct and self.proxy_mode is ProxyMode.SYSTEM):
            # httpx's default context (certifi's roots, SSL_CERT_FILE honoured), plus ours.
            import httpx  # here, so that a window checking an address does not load it

            context = httpx.create_ssl_context(trust_env=True)
            if self.ca_bundle:
                context.load_verify_locations(cafile=self.ca_bundle)
            arguments["verify"] = context
        return arguments


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _resolve(host: str) -> set[str] | None:
    """Every address the name resolves to; None when it does not resolve in time."""
    answer: queue.Queue[set[str] | None] = queue.Queue()

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
            answer.put({str(info[4][0]) for info in infos})
        except (OSError, UnicodeError):
            answer.put(None)

    threading.Thread(target=lookup, daemon=True, name="resolve-loopback").start()
    try:
        return answer.get(timeout=RESOLVE_TIMEOUT_S)
    except queue.Empty:
        return None


def is_loopback(host: str) -> bool:
    """Traffic that never leaves the machine: an address in 127.0.0.0/8 or ::1, or a name
    (localhost, *.localhost or any other) that resolves to such addresses alone. The name
    is looked up rather than trusted: /etc/hosts or DNS may point *.localhost anywhere."""
    host = host.strip("[]").rstrip(".")
    literal = _address(host)
    if literal is not None or not host:
        return literal is not None and literal.is_loopback
    resolved = [_address(text) for text in _resolve(host) or ()]
    return bool(resolved) and all(a is not None and a.is_loopback for a in resolved)


def check_server_url(url: str) -> str:
    """The URL if the client may talk to it; InsecureServerAddress for plain http://
    to anything but loopback. (Unusable addresses are normalize_server_url's concern.)"""
    parts = urlsplit(url.strip())
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        raise InsecureServerAddress(url)
    return url


def check_proxy_url(url: str) -> str:
    """http(s)://host:port, nothing else (no path, no credentials in settings)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        port = None
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or port is None
        or parts.username
        or parts.path not in ("", "/")
        or parts.query
    ):
        raise InvalidNetworkSetting("proxy", f"not a proxy address (http://host:port): {url!r}")
    return text


def check_ca_bundle(path: str) -> Path:
    """A readable PEM file holding at least one certificate that ssl accepts."""
    bundle = Path(path)
    try:
        data = bundle.read_bytes()
    except OSError as exc:
        raise InvalidNetworkSetting("ca_bundle", f"{path}: {exc.strerror or exc}") from exc
    if not _PEM_CERTIFICATE.search(data):
        raise InvalidNetworkSetting("ca_bundle", f"{path}: no PEM certificate in the file")
    try:
        ssl.create_default_context(cadata=data.decode("ascii", errors="replace"))
    except (ssl.SSLError, ValueError) as exc:
        raise InvalidNetworkSetting("ca_bundle", f"{path}: {exc}") from exc
    return bundle


def normalize_server_url(url: str) -> str:
    """The server's root URL without a trailing slash or API prefix; ValueError if unusable."""
    text = url.strip().rstrip("/")
    text = text.removesuffix(API_PREFIX).rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) server address: {url!r}")
    return text
