"""The mock's request body limit, over real HTTP: a body over 1 MiB is refused with a 413
problem before it is held in memory, whether its length is declared or not."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from desktop.mock_backend.limits import MAX_BODY_BYTES
from tests.test_mock_api import MockProcess, assert_problem, client_for

LOGIN = "/api/v1/auth/login"
HUGE = 400 * 1024 * 1024


def _login_body(size: int) -> bytes:
    """A login JSON body of exactly `size` bytes (the password padded)."""
    shell = json.dumps({"username": "demo.clerk", "password": ""}).encode()
    return shell.replace(b'"password": ""', b'"password": "' + b"x" * (size - len(shell)) + b'"')


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_is_a_413_problem(mock_server: MockProcess, chunked: bool) -> None:
    body = _login_body(MAX_BODY_BYTES + 1)
    content: bytes | Iterator[bytes] = (
        iter([body[i : i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    )
    with client_for(mock_server) as client:
        response = client.post(LOGIN, content=content, headers={"Content-Type": "application/json"})
        assert ("content-length" in response.request.headers) is not chunked
        problem = assert_problem(response, "payload-too-large", 413)
        assert "1048576" in problem["detail"]
        # At the limit the body is read and judged as usual (the password is too long).
        at_limit = client.post(
            LOGIN, content=_login_body(MAX_BODY_BYTES), headers={"Content-Type": "application/json"}
        )
        assert_problem(at_limit, "validation-error", 422)


def test_the_limit_is_in_the_contract() -> None:
    snapshot = Path(__file__).parents[1] / "resources" / "contract" / "openapi.json"
    for path, item in json.loads(snapshot.read_text(encoding="utf-8"))["paths"].items():
        for method, operation in item.items():
            assert "413" in operation["responses"], (method, path)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _send_huge_login(url: str, *, declared: bool) -> bytes:
    """400 MiB of login body, sent until the server stops reading; its answer."""
    host, port = httpx.URL(url).host, httpx.URL(url).port
    with socket.create_connection((host, port), timeout=30) as sock:
        length = f"Content-Length: {HUGE}" if declared else "Transfer-Encoding: chunked"
        sock.sendall(
            f"POST {LOGIN} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"{length}\r\n\r\n".encode()
        )
        def frame(data: bytes) -> bytes:
            return data if declared else b"%x\r\n%s\r\n" % (len(data), data)

        start, chunk = frame(b'{"username": "demo.clerk", "password": "'), b"x" * (1024 * 1024)
        try:
            sock.sendall(start)
            for _ in range(HUGE // len(chunk)):
                sock.sendall(frame(chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused early: the server closed the connection
        sock.settimeout(10)
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
        return answer


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_400_mib_login_does_not_grow_the_mock(
    start_mock: Callable[..., MockProcess], declared: bool
) -> None:
    mock = start_mock()
    with client_for(mock) as client:  # warm up: the first request loads what it needs
        client.post(LOGIN, json={"username": "nobody", "password": "nope"})
    before = _rss_kib(mock.process.pid)
    answer = _send_huge_login(mock.url, declared=declared)
    after = _rss_kib(mock.process.pid)
    print(f"mock RSS {before // 1024} MiB before, {after // 1024} MiB after a 400 MiB login")
    assert after - before < 16 * 1024, (before, after)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"payload-too-large" in answer
