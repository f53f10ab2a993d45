"""Serving the mock: a bound socket, a uvicorn server, and an in-process starter."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn

from .app import create_app
from .config import MockConfig

START_TIMEOUT_S = 15.0


def bind(host: str, port: int) -> socket.socket:
    """Bind before serving, so port 0 yields a real port we can report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
    # they are TCP. With proto 0 every response's body waited for the client's delayed
    # ACK of its headers: 40 ms on every request, even on loopback.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_for(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def make_server(config: MockConfig) -> uvicorn.Server:
    app = create_app(config)
    # log_config=None keeps the embedding program's logging setup intact.
    return uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            log_config=None,
            access_log=False,
            # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise.
            proxy_headers=config.trust_proxy,
            forwarded_allow_ips=config.forwarded_allow_ips,
        )
    )


@dataclass
class RunningMock:
    url: str
    config: MockConfig
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _sock: socket.socket = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> RunningMock:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_in_thread(config: MockConfig) -> RunningMock:
    """Serve on a daemon thread; returns once the server accepts connections."""
    sock = bind(config.host, config.port)
    server = make_server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="estelam-mock", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the mock SSO server did not start")
        time.sleep(0.01)
    return RunningMock(url_for(config.host, sock), config, server, thread, sock)
