"""Network options: plain http only to loopback, a custom CA bundle over real TLS, a proxy.

The TLS tests serve the mock over HTTPS under a CA generated for the test, as an
agency's TLS-inspecting network would; nothing is faked between client and server.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import ssl
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.api_client import (
    ConnectionFailed,
    InsecureServerAddress,
    InvalidNetworkSetting,
    NetworkOptions,
    ProxyMode,
    SsoClient,
    UntrustedServer,
    check_server_url,
    network,
)
from desktop.api_client.network import check_ca_bundle, check_proxy_url
from desktop.cli import common
from desktop.cli import main as cli_main
from desktop.core.inquiry import inquire_one
from desktop.core.national_id import with_check_digit
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from tests.tls_fixtures import (
    DEMO_CODE,
    SERVER_NAME,
    ConnectProxy,
    Pki,
    TlsMock,
    make_pki,
    serve,
)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """A coroutine test run on its own event loop (fixtures pass through)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


# -- which addresses may be used ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://sso.example.org",
        "http://10.0.0.5:8080",
        "http://192.168.1.10",
        "http://[2001:db8::1]:80",
        "http://127.0.0.1.example.org",
        "http://localhost.example.org",
        "http://nowhere.localhost:8765",  # *.localhost is looked up, not taken on trust
    ],
)
def test_plain_http_to_another_machine_is_refused(url: str) -> None:
    with pytest.raises(InsecureServerAddress):
        check_server_url(url)
    with pytest.raises(InsecureServerAddress):
        SsoClient(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.8.9.10",
        "http://localhost:1",
        "http://[::1]:8765",
        "https://sso.example.org",
        "https://10.0.0.5:8443",
    ],
)
def test_loopback_and_https_are_allowed(url: str) -> None:
    assert check_server_url(url) == url


def _resolving(table: dict[str, list[str]]) -> Callable[..., list[tuple[Any, ...]]]:
    def getaddrinfo(host: str, *_args: Any, **_kwargs: Any) -> list[tuple[Any, ...]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in table[host]]

    return getaddrinfo


def test_a_name_is_loopback_only_if_all_its_addresses_are(monkeypatch) -> None:
    names = {
        "dev.localhost": ["127.0.0.1", "::1"],
        "box.internal": ["127.0.0.2"],
        "sso.localhost": ["10.0.0.5"],
        "mixed.localhost": ["127.0.0.1", "10.0.0.5"],
    }
    monkeypatch.setattr(socket, "getaddrinfo", _resolving(names))
    assert check_server_url("http://dev.localhost:8765")
    assert check_server_url("http://box.internal:8765")
    for refused in ("sso.localhost", "mixed.localhost", "unknown.localhost"):
        with pytest.raises(InsecureServerAddress):
            check_server_url(f"http://{refused}:8765")


def test_a_name_that_does_not_answer_in_time_is_not_loopback(monkeypatch) -> None:
    monkeypatch.setattr(network, "RESOLVE_TIMEOUT_S", 0.05)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: time.sleep(1) or [])
    with pytest.raises(InsecureServerAddress):
        check_server_url("http://slow.localhost:8765")


@run_async
async def test_plain_http_to_loopback_signs_in(mock_server, read_otp) -> None:
    assert mock_server.url.startswith("http://127.0.0.1:")
    session = Session(MemoryStore())
    await session.start_sign_in(mock_server.url, DEMO_USER, DEMO_PASSWORD)
    code = await asyncio.to_thread(read_otp, mock_server.url, DEMO_USER)
    signed_in = await session.finish_sign_in(code, remember=False)
    assert signed_in.me.username == DEMO_USER
    await session.aclose()


def test_the_cli_refuses_plain_http_to_another_machine(capsys, monkeypatch) -> None:
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    status = cli_main.run(
        [
            *("inquire", with_check_digit("001234567"), "--case-ref", "R-1"),
            *("--server", "http://sso.example.org", "--username", DEMO_USER, "--otp", DEMO_CODE),
        ]
    )
    assert status == common.EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        "Plain http:// is allowed only to this computer. Use the server's https:// address."
    )


# -- proxy and CA options ----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://proxy.example:3128", "https://10.1.2.3:8443", " http://[::1]:8080/ "]
)
def test_good_proxy_addresses(url: str) -> None:
    assert check_proxy_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "",
        "proxy.example:3128",
        "http://proxy.example",  # no port
        "socks5://proxy.example:1080",
        "http://user:secret@proxy.example:3128",  # no credentials in settings
        "http://proxy.example:3128/path",
        "http://proxy.example:99999",
        "http://:3128",
    ],
)
def test_bad_proxy_addresses(url: str) -> None:
    with pytest.raises(InvalidNetworkSetting) as caught:
        check_proxy_url(url)
    assert caught.value.setting == "proxy"


def test_options_reach_httpx(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    system = NetworkOptions().httpx_arguments()
    assert system == {"trust_env": True}
    assert NetworkOptions(ProxyMode.NONE).httpx_arguments() == {"trust_env": False}
    manual = NetworkOptions(ProxyMode.MANUAL, "http://proxy.example:3128").httpx_arguments()
    assert manual == {"trust_env": False, "proxy": "http://proxy.example:3128"}
    with_ca = NetworkOptions(ca_bundle=str(pki.ca_pem)).httpx_arguments()
    context = with_ca["verify"]
    assert isinstance(context, ssl.SSLContext)
    # Verification stays on, and the agency's CA joins the default roots (not replacing them).
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    subjects = [dict(item[0] for item in c["subject"]) for c in context.get_ca_certs()]
    assert {"organizationName": "Agency network TEST", "commonName": "Throwaway inspection CA"} in [
        {k: v for k, v in s.items() if k in ("organizationName", "commonName")} for s in subjects
    ]
    assert len(subjects) > 10


def test_a_bad_ca_bundle_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.pem").write_text("not a certificate")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    for path in (tmp_path / "missing.pem", tmp_path / "notes.pem", broken):
        with pytest.raises(InvalidNetworkSetting) as caught:
            check_ca_bundle(str(path))
        assert caught.value.setting == "ca_bundle"
    with pytest.raises(InvalidNetworkSetting):
        SsoClient("https://sso.example.org", network=NetworkOptions(ca_bundle=str(broken)))


# -- a real TLS server under an agency CA --------------------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tls_mock(pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsMock]:
    yield from serve(pki, tmp_path_factory.mktemp("tls-mock"))


async def _sign_in_and_inquire(url: str, network: NetworkOptions) -> str:
    session = Session(MemoryStore(), network=network)
    try:
        await session.start_sign_in(url, DEMO_USER, DEMO_PASSWORD)
        await session.finish_sign_in(DEMO_CODE, remember=False)
        result = await inquire_one(session, with_check_digit("001234567"), "R-TLS")
        return result.national_id
    finally:
        await session.aclose()


@run_async
async def test_an_untrusted_server_is_refused(tls_mock: TlsMock) -> None:
    client = SsoClient(tls_mock.url, network=NetworkOptions(ProxyMode.NONE))
    try:
        with pytest.raises(UntrustedServer) as caught:
            await client.login(DEMO_USER, DEMO_PASSWORD)
    finally:
        await client.aclose()
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


@run_async
async def test_with_the_agency_ca_sign_in_and_inquiry_work(tls_mock: TlsMock, pki: Pki) -> None:
    network = NetworkOptions(ProxyMode.NONE, ca_bundle=str(pki.ca_pem))
    national_id = await _sign_in_and_inquire(tls_mock.url, network)
    assert national_id == with_check_digit("001234567")


def _cli_inquire(url: str, *extra: str) -> int:
    return cli_main.run(
        [
            *("inquire", with_check_digit("001234567"), "--case-ref", "R-CLI", "--json"),
            *("--server", url, "--username", DEMO_USER, "--otp", DEMO_CODE, "--proxy", "none"),
            *extra,
        ]
    )


def test_the_cli_with_and_without_the_ca_bundle(tls_mock, pki, capsys, monkeypatch) -> None:
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    assert _cli_inquire(tls_mock.url) == common.EXIT_NETWORK
    err = capsys.readouterr().err.strip()
    assert err.startswith("The server's certificate is not trusted, so nothing was sent.")
    assert "--ca-bundle" in err

    assert _cli_inquire(tls_mock.url, "--ca-bundle", str(pki.ca_pem)) == common.EXIT_OK
    assert with_check_digit("001234567") in capsys.readouterr().out


def test_the_cli_names_bad_network_options(tls_mock, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    assert _cli_inquire(tls_mock.url, "--proxy", "proxy.example") == common.EXIT_USAGE
    assert "proxy address is not valid" in capsys.readouterr().err
    (tmp_path / "empty.pem").write_text("")
    assert _cli_inquire(tls_mock.url, "--ca-bundle", str(tmp_path / "empty.pem")) == 2
    assert capsys.readouterr().err.startswith("This file cannot be used as a CA bundle")


# -- through a proxy -----------------------------------------------------------------


@run_async
async def test_through_a_manual_proxy(tls_mock: TlsMock, pki: Pki) -> None:
    proxy = ConnectProxy()
    port = httpx.URL(tls_mock.url).port
    try:
        options = NetworkOptions(ProxyMode.MANUAL, proxy.url, str(pki.ca_pem))
        assert await _sign_in_and_inquire(f"https://{SERVER_NAME}:{port}", options)
    finally:
        proxy.close()
    assert proxy.targets and set(proxy.targets) == {f"{SERVER_NAME}:{port}"}


def _no_proxy_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
@pytest.mark.parametrize("configured", ["manual", "HTTP_PROXY", "ALL_PROXY", "all_proxy"])
@run_async
async def test_loopback_never_goes_through_a_proxy(
    mock_server, monkeypatch, host: str, configured: str
) -> None:
    _no_proxy_in_environment(monkeypatch)
    proxy = ConnectProxy()
    if configured == "manual":
        options = NetworkOptions(ProxyMode.MANUAL, proxy.url)
    else:
        monkeypatch.setenv(configured, proxy.url)
        options = NetworkOptions(ProxyMode.SYSTEM)
    url = mock_server.url.replace("127.0.0.1", host)
    client = SsoClient(url, network=options)
    try:
        challenge = await client.login(DEMO_USER, DEMO_PASSWORD)
    finally:
        await client.aclose()
        proxy.close()
    assert challenge.challenge_id
    assert proxy.received == b""  # not a connection, let alone the password


def test_the_cli_reaches_loopback_directly_past_a_proxy(start_mock, capsys, monkeypatch) -> None:
    _no_proxy_in_environment(monkeypatch)
    mock = start_mock(demo=True)
    proxy = ConnectProxy()
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv(common.PASSWORD_ENV, DEMO_PASSWORD)
    try:
        for proxy_option in (proxy.url, "system"):
            assert _cli_inquire(mock.url, "--proxy", proxy_option) == common.EXIT_OK, (
                capsys.readouterr().err
            )
    finally:
        proxy.close()
    assert proxy.received == b""


@run_async
async def test_an_unreachable_proxy_fails_as_a_connection(tls_mock, pki, closed_port) -> None:
    network = NetworkOptions(ProxyMode.MANUAL, f"http://127.0.0.1:{closed_port}")
    client = SsoClient(tls_mock.url, network=network)
    try:
        with pytest.raises(ConnectionFailed):
            await client.login(DEMO_USER, DEMO_PASSWORD)
    finally:
        await client.aclose()
