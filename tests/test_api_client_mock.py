"""SsoClient against the real mock backend over HTTP.

Most tests use the session's mock subprocess. Tests that need time to pass (token expiry,
rate-limit refill) run the mock in-process with its clocks replaced by a virtual clock
that the client's injected backoff sleep advances, so nothing really waits.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol

import httpx
import pytest

from desktop.api_client import (
    AgencyKind,
    CaseReferenceRequired,
    ConnectionFailed,
    InquiryStatus,
    InvalidCredentials,
    InvalidNationalIdError,
    OtpInvalid,
    QuotaExhausted,
    RetryPolicy,
    SessionExpired,
    SsoClient,
    StatusResult,
    TokenPair,
)
from desktop.mock_backend import clock as mock_clock
from desktop.mock_backend import ratelimit as mock_ratelimit
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.server import RunningMock, start_in_thread
from tests.api_fakes import Sleeps

USER = "demo.clerk"
PASSWORD = "demo-pass"
ACTIVE_ID = "0012345611"  # insured_active in the mock's synthetic population
CASE = "۱۴۰۳/۱۲۳"


class Mock(Protocol):
    url: str

    def stop(self) -> None: ...


ReadOtp = Callable[[str, str], str]


def new_client(url: str, sleeps: Sleeps | None = None, **kwargs: Any) -> SsoClient:
    kwargs.setdefault("retry_policy", RetryPolicy(max_retries=3))
    return SsoClient(url, sleep=sleeps if sleeps is not None else Sleeps(), **kwargs)


async def signed_in(url: str, read_otp: ReadOtp, **kwargs: Any) -> SsoClient:
    client = new_client(url, **kwargs)
    challenge = await client.login(USER, PASSWORD)
    await client.verify_otp(challenge.challenge_id, read_otp(url, USER))
    return client


def stats(url: str) -> dict[str, int]:
    return httpx.get(f"{url}/_mock/stats", timeout=10).json()


def run(coro: Awaitable[None]) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


# -- against the mock subprocess ---------------------------------------------------------


def test_sign_in_me_and_inquiry(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        seen: list[TokenPair] = []
        client = new_client(mock_server.url, on_tokens=seen.append)
        challenge = await client.login(USER, PASSWORD)
        assert challenge.channel == "sms" and "***" in challenge.masked_phone
        pair = await client.verify_otp(challenge.challenge_id, read_otp(mock_server.url, USER))
        assert seen == [pair] and pair.token_type == "Bearer" and client.signed_in

        me = await client.me()
        assert me.username == USER
        assert me.agency.kind is AgencyKind.COURT and me.agency.id == "AG-1001"
        assert "inquiry" in me.scopes and me.mou.valid_from < me.mou.valid_until

        result = await client.inquire(ACTIVE_ID, CASE)
        assert isinstance(result, StatusResult)
        assert result.national_id == ACTIVE_ID
        assert result.status is InquiryStatus.INSURED_ACTIVE
        assert result.first_name and result.workshop is not None
        assert result.answered_at.tzinfo is not None
        assert (await client.me()).quota.used_today == me.quota.used_today + 1
        await client.aclose()

    run(scenario())


def test_status_result_json_matches_the_server(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        pairs: list[TokenPair] = []
        client = await signed_in(mock_server.url, read_otp, on_tokens=pairs.append)
        key = str(uuid.uuid4())
        result = await client.inquire(ACTIVE_ID, CASE, idempotency_key=key)
        async with httpx.AsyncClient(base_url=mock_server.url, timeout=10) as raw_client:
            replay = await raw_client.post(
                "/api/v1/inquiries",
                json={"national_id": ACTIVE_ID, "case_reference": CASE, "purpose": None},
                headers={
                    "Idempotency-Key": key,
                    "Authorization": f"Bearer {pairs[-1].access_token}",
                },
            )
        assert replay.status_code == 200, replay.text
        assert result.to_json() == replay.json()
        await client.aclose()

    run(scenario())


def test_wrong_password_and_wrong_code(mock_server: Mock) -> None:
    async def scenario() -> None:
        client = new_client(mock_server.url)
        with pytest.raises(InvalidCredentials):
            await client.login(USER, "not the password")
        challenge = await client.login(USER, PASSWORD)
        with pytest.raises(OtpInvalid) as wrong:
            await client.verify_otp(challenge.challenge_id, "abcdef")
        assert wrong.value.attempts_left is not None
        assert not client.signed_in
        await client.aclose()

    run(scenario())


def test_the_server_checks_the_input_too(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        client = await signed_in(mock_server.url, read_otp)
        with pytest.raises(InvalidNationalIdError) as bad_id:
            await client.inquire("0012345612", CASE)
        assert bad_id.value.reason
        with pytest.raises(CaseReferenceRequired):
            await client.inquire(ACTIVE_ID, "   ")
        await client.aclose()

    run(scenario())


def test_a_repeated_key_is_answered_once(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        client = await signed_in(mock_server.url, read_otp)
        before = stats(mock_server.url)
        key = str(uuid.uuid4())
        first = await client.inquire(ACTIVE_ID, CASE, idempotency_key=key)
        again = await client.inquire(ACTIVE_ID, CASE, idempotency_key=key)
        after = stats(mock_server.url)
        assert again.inquiry_id == first.inquiry_id
        assert after["inquiries_answered"] - before["inquiries_answered"] == 1
        assert after["inquiries_replayed"] - before["inquiries_replayed"] == 1
        await client.aclose()

    run(scenario())


def test_a_revoked_session_raises_session_expired(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        pairs: list[TokenPair] = []
        client = await signed_in(mock_server.url, read_otp, on_tokens=pairs.append)
        await client.me()
        # Signed out elsewhere (another window, an administrator).
        response = httpx.post(
            f"{mock_server.url}/api/v1/auth/revoke",
            json={"refresh_token": pairs[-1].refresh_token},
            timeout=10,
        )
        assert response.status_code == 204
        with pytest.raises(SessionExpired):
            await client.me()
        assert not client.signed_in
        await client.aclose()

    run(scenario())


def test_a_reused_refresh_token_ends_the_session(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        pairs: list[TokenPair] = []
        client = await signed_in(mock_server.url, read_otp, on_tokens=pairs.append)
        await client.refresh()
        assert pairs[0].refresh_token != pairs[1].refresh_token
        thief = new_client(mock_server.url)
        thief.use_refresh_token(pairs[0].refresh_token)
        with pytest.raises(SessionExpired):
            await thief.me()
        with pytest.raises(SessionExpired):
            await client.me()  # the whole family was revoked
        await thief.aclose()
        await client.aclose()

    run(scenario())


def test_revoke_then_calls_need_a_new_sign_in(mock_server: Mock, read_otp: ReadOtp) -> None:
    async def scenario() -> None:
        pairs: list[TokenPair] = []
        client = await signed_in(mock_server.url, read_otp, on_tokens=pairs.append)
        await client.revoke()
        with pytest.raises(SessionExpired):
            await client.me()
        restored = new_client(mock_server.url)
        restored.use_refresh_token(pairs[-1].refresh_token)
        with pytest.raises(SessionExpired):
            await restored.me()
        await restored.aclose()
        await client.aclose()

    run(scenario())


def test_quota_exhausted_is_not_retried(start_mock: Callable[..., Mock], read_otp: ReadOtp) -> None:
    mock = start_mock(quota=1)

    async def scenario() -> None:
        sleeps = Sleeps()
        client = await signed_in(mock.url, read_otp, sleeps=sleeps)
        await client.inquire(ACTIVE_ID, CASE)
        with pytest.raises(QuotaExhausted) as exhausted:
            await client.inquire(ACTIVE_ID, CASE)
        assert exhausted.value.retry_after is not None and exhausted.value.retry_after >= 1
        assert sleeps == []
        await client.aclose()

    run(scenario())


def test_server_down_is_connection_failed(
    start_mock: Callable[..., Mock], read_otp: ReadOtp
) -> None:
    mock = start_mock()

    async def scenario() -> None:
        sleeps = Sleeps()
        client = await signed_in(mock.url, read_otp, sleeps=sleeps)
        mock.stop()
        with pytest.raises(ConnectionFailed):
            await client.me()
        assert len(sleeps) == 3  # retried, then gave up
        sleeps.clear()
        with pytest.raises(ConnectionFailed):
            await client.login(USER, PASSWORD)
        assert sleeps == []  # a login is never repeated
        await client.aclose()

    run(scenario())


def test_nothing_listening_is_connection_failed() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The port was free a moment ago and nothing listens on it now.

    async def scenario() -> None:
        client = new_client(f"http://127.0.0.1:{port}")
        with pytest.raises(ConnectionFailed):
            await client.login(USER, PASSWORD)
        await client.aclose()

    run(scenario())


# -- in-process mock on a virtual clock --------------------------------------------------


class VirtualClock:
    """Real time plus an offset that the client's backoff sleep advances."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return time.time() + self.offset

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds


@pytest.fixture
def vclock(monkeypatch: pytest.MonkeyPatch) -> VirtualClock:
    virtual = VirtualClock()
    monkeypatch.setattr(mock_clock, "now", virtual.now)
    monkeypatch.setattr(mock_ratelimit, "time", SimpleNamespace(monotonic=virtual.monotonic))
    return virtual


@pytest.fixture
def inprocess(tmp_path: Path, vclock: VirtualClock) -> Iterator[Callable[..., RunningMock]]:
    started: list[RunningMock] = []

    def start(**options: Any) -> RunningMock:
        running = start_in_thread(
            MockConfig(data_dir=tmp_path / f"mock{len(started)}", demo=True, **options)
        )
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


async def demo_sign_in(url: str, vclock: VirtualClock, **kwargs: Any) -> SsoClient:
    client = SsoClient(url, sleep=vclock.sleep, **kwargs)
    challenge = await client.login(USER, PASSWORD)
    await client.verify_otp(challenge.challenge_id, "123456")
    return client


def test_an_expired_access_token_is_refreshed_once_silently(
    inprocess: Callable[..., RunningMock], vclock: VirtualClock
) -> None:
    mock = inprocess(access_ttl_s=60)

    async def scenario() -> None:
        pairs: list[TokenPair] = []
        client = await demo_sign_in(mock.url, vclock, on_tokens=pairs.append)
        await client.me()
        vclock.offset += 61
        # Concurrent calls with the expired token: a second refresh would reuse the
        # rotated refresh token and the server would end the session.
        results = await asyncio.gather(
            *(client.me() for _ in range(4)), *(client.inquire(ACTIVE_ID, CASE) for _ in range(4))
        )
        assert len(results) == 8
        assert len(pairs) == 2
        vclock.offset += 61
        assert (await client.inquire(ACTIVE_ID, CASE)).status is InquiryStatus.INSURED_ACTIVE
        assert len(pairs) == 3
        await client.aclose()

    run(scenario())


def test_rate_limited_is_retried_after_the_named_wait(
    inprocess: Callable[..., RunningMock], vclock: VirtualClock
) -> None:
    mock = inprocess(rate_limit=1.0, rate_burst=1)

    async def scenario() -> None:
        client = await demo_sign_in(mock.url, vclock)
        await client.inquire(ACTIVE_ID, CASE)
        result = await client.inquire(ACTIVE_ID, CASE)
        assert result.national_id == ACTIVE_ID
        assert vclock.sleeps == [1.0]  # the Retry-After, exactly
        assert stats(mock.url)["rate_limited"] == 1
        await client.aclose()

    run(scenario())


def test_injected_failures_are_retried_and_never_charged_twice(
    inprocess: Callable[..., RunningMock], vclock: VirtualClock
) -> None:
    mock = inprocess()

    async def scenario() -> None:
        client = await demo_sign_in(
            mock.url, vclock, retry_policy=RetryPolicy(max_retries=60, max_delay=1.0)
        )
        mock.config.fail_rate = 0.7  # after signing in: login and the code are not retried
        for _ in range(10):
            await client.inquire(ACTIVE_ID, CASE)
        mock.config.fail_rate = 0.0
        counts = stats(mock.url)
        assert counts["inquiries_answered"] == 10
        assert counts["failures_injected"] == len(vclock.sleeps) > 0
        await client.aclose()

    run(scenario())
