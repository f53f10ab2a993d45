"""A throwaway CA, the mock served over TLS under it, and a small CONNECT proxy.

For the tests of the custom CA bundle and the proxy setting: real TLS, real sockets.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.mock_backend.app import create_app
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.server import bind

DEMO_CODE = "123456"  # the mock in demo mode always sends this one-time code
# A name only ConnectProxy knows (it tunnels it to 127.0.0.1): an https server that is
# not on the loopback interface as far as the client can tell, so the proxy is used.
SERVER_NAME = "sso.agency.test"


@dataclass(frozen=True)
class Pki:
    ca_pem: Path  # the bundle a clerk would add
    cert_pem: Path  # the server's certificate, for 127.0.0.1, localhost and SERVER_NAME
    key_pem: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Agency network TEST"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_pki(folder: Path) -> Pki:
    """A CA an agency's TLS-inspecting network might use, and a server certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Throwaway inspection CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.DNSName(SERVER_NAME),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    pki = Pki(folder / "agency-ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca_pem.write_bytes(ca.public_bytes(pem))
    pki.cert_pem.write_bytes(cert.public_bytes(pem))
    pki.key_pem.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return pki


@dataclass
class TlsMock:
    url: str  # https://127.0.0.1:PORT
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _sock: socket.socket = field(repr=False)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()


def start_tls_mock(data_dir: Path, pki: Pki) -> TlsMock:
    """The mock (demo mode: fixed one-time code) served over HTTPS on a loopback port."""
    app = create_app(MockConfig(data_dir=data_dir, demo=True))
    config = uvicorn.Config(
        app,
        log_level="warning",
        log_config=None,
        access_log=False,
        ssl_certfile=str(pki.cert_pem),
        ssl_keyfile=str(pki.key_pem),
    )
    server = uvicorn.Server(config)
    sock = bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the TLS mock did not start")
        time.sleep(0.01)
    return TlsMock(f"https://127.0.0.1:{sock.getsockname()[1]}", server, thread, sock)


class ConnectProxy:
    """A forward proxy that tunnels CONNECT requests, as agency proxies do for HTTPS,
    and records the targets it was asked for and every request head and body it was sent
    (a plain-http request is recorded and refused, not forwarded)."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.targets: list[str] = []
        self.received = bytearray()
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target, _version = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
            self.received += head
            if method != "CONNECT":
                client.settimeout(1)
                with contextlib.suppress(OSError):  # the body, if any, for the record
                    self.received += client.recv(65536)
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.targets.append(target)
            host, port = target.rsplit(":", 1)
            host = "127.0.0.1" if host == SERVER_NAME else host
            with socket.create_connection((host, int(port)), timeout=10) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(client, upstream)

    def close(self) -> None:
        self._stopped.set()
        self._listener.close()


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 30)
        if not readable:
            return
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


def serve(pki: Pki, data_dir: Path) -> Iterator[TlsMock]:
    mock = start_tls_mock(data_dir, pki)
    try:
        yield mock
    finally:
        mock.stop()
