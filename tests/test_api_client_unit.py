"""SsoClient against a scripted transport: errors, retries, token refresh, models."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from desktop.api_client import (
    PROBLEM_CLASSES,
    AccountLocked,
    AgencyKind,
    ApiError,
    AuthError,
    BadResponse,
    CaseReferenceRequired,
    CertificateExpired,
    CertificateRevoked,
    ChallengeLocked,
    ChallengeUnknown,
    CodeLocked,
    CodeUnknown,
    ConnectionFailed,
    Forbidden,
    InquiryStatus,
    InsuranceKind,
    InvalidCredentials,
    InvalidNationalIdError,
    Locked,
    Me,
    MethodNotAllowed,
    NotFound,
    OtpExpired,
    OtpInvalid,
    PayloadTooLarge,
    QuotaExhausted,
    RateLimited,
    RedeemRefused,
    RetryPolicy,
    ServerError,
    SessionExpired,
    StatusResult,
    Timeout,
    TokenExpired,
    TokenInvalid,
    TokenPair,
    TooManyAttempts,
    UsagePasswordInvalid,
    ValidationFailed,
    error_from_response,
    normalize_server_url,
)
from desktop.api_client.errors import parse_retry_after
from tests.api_fakes import (
    ME_JSON,
    NOT_FOUND_JSON,
    SERVER,
    STATUS_JSON,
    FakeSso,
    Sleeps,
    make_client,
    problem,
)


async def signed_in(fake: FakeSso, **kwargs: object):
    client = make_client(fake, **kwargs)
    challenge = await client.login("demo.clerk", "demo-pass")
    await client.verify_otp(challenge.challenge_id, "123456")
    return client


# -- errors ------------------------------------------------------------------------------

CONTRACT_PROBLEMS = [
    ("invalid-credentials", 401, InvalidCredentials),
    ("account-locked", 423, AccountLocked),
    ("otp-invalid", 401, OtpInvalid),
    ("otp-expired", 401, OtpExpired),
    ("challenge-locked", 423, ChallengeLocked),
    ("challenge-unknown", 404, ChallengeUnknown),
    ("token-expired", 401, TokenExpired),
    ("token-invalid", 401, TokenInvalid),
    ("session-expired", 401, SessionExpired),
    ("forbidden-scope", 403, Forbidden),
    ("validation-error", 422, ValidationFailed),
    ("invalid-national-id", 422, InvalidNationalIdError),
    ("case-reference-required", 422, CaseReferenceRequired),
    ("quota-exhausted", 429, QuotaExhausted),
    ("rate-limited", 429, RateLimited),
    ("too-many-attempts", 429, TooManyAttempts),
    ("server-error", 503, ServerError),
    ("not-found", 404, NotFound),
    ("method-not-allowed", 405, MethodNotAllowed),
    ("code-unknown", 404, CodeUnknown),
    ("usage-password-invalid", 403, UsagePasswordInvalid),
    ("payload-too-large", 413, PayloadTooLarge),
    ("code-locked", 423, CodeLocked),
    ("certificate-expired", 410, CertificateExpired),
    ("certificate-revoked", 410, CertificateRevoked),
]


@pytest.mark.parametrize(("slug", "status", "cls"), CONTRACT_PROBLEMS)
def test_each_problem_slug_maps_to_its_class(slug: str, status: int, cls: type) -> None:
    error = error_from_response(problem(slug, status))
    assert type(error) is cls
    assert error.slug == slug
    assert error.status == status
    assert error.detail == f"detail of {slug}"
    assert str(error) == f"detail of {slug}"


def test_the_table_covers_exactly_the_contract_slugs() -> None:
    assert set(PROBLEM_CLASSES) == {slug for slug, _, _ in CONTRACT_PROBLEMS}


def test_families_of_errors() -> None:
    assert issubclass(OtpInvalid, AuthError) and issubclass(SessionExpired, AuthError)
    assert issubclass(AccountLocked, Locked) and issubclass(QuotaExhausted, RateLimited)
    assert issubclass(CaseReferenceRequired, ValidationFailed)
    assert issubclass(Timeout, ConnectionFailed)
    assert not issubclass(ConnectionFailed, ApiError)
    # The redeem refusals are one family, apart from the sign-in and scope errors.
    for cls in (CodeUnknown, UsagePasswordInvalid, CodeLocked, CertificateRevoked):
        assert issubclass(cls, RedeemRefused) and not issubclass(cls, AuthError | Forbidden)


def test_problem_extensions_are_exposed() -> None:
    assert error_from_response(problem("otp-invalid", 401, attempts_left=3)).attempts_left == 3
    forbidden = error_from_response(problem("forbidden-scope", 403, required_scope="redeem"))
    assert forbidden.required_scope == "redeem"
    bad_id = error_from_response(problem("invalid-national-id", 422, reason="check_digit"))
    assert bad_id.reason == "check_digit"
    errors = [{"loc": ["body", "national_id"], "msg": "x", "type": "missing"}]
    assert error_from_response(problem("validation-error", 422, errors=errors)).errors == errors


def test_retry_after_comes_from_the_header_or_the_extension() -> None:
    limited = error_from_response(problem("rate-limited", 429, {"Retry-After": "3"}))
    assert limited.retry_after == 3.0
    locked = error_from_response(problem("account-locked", 423, retry_after_s=250))
    assert locked.retry_after == 250.0
    assert error_from_response(problem("server-error", 503)).retry_after is None


def test_retry_after_as_http_date() -> None:
    now = dt.datetime(2026, 11, 25, 8, 0, 0, tzinfo=dt.UTC).timestamp()
    assert parse_retry_after("Wed, 25 Nov 2026 08:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon", now=now) is None


@pytest.mark.parametrize(
    ("status", "cls"),
    [(502, ServerError), (500, ServerError), (404, NotFound), (401, AuthError), (409, ApiError)],
)
def test_responses_without_a_problem_map_by_status(status: int, cls: type) -> None:
    error = error_from_response(httpx.Response(status, text="<html>proxy says no</html>"))
    assert type(error) is cls
    assert error.slug is None


def test_unknown_slug_falls_back_to_status() -> None:
    error = error_from_response(problem("brand-new-thing", 423))
    assert type(error) is Locked


def test_local_errors_carry_their_slug() -> None:
    error = SessionExpired.local("Not signed in.")
    assert (error.status, error.slug, str(error)) == (401, "session-expired", "Not signed in.")


# -- retries -----------------------------------------------------------------------------


def test_retry_after_is_honoured_on_429_and_the_key_is_kept() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        fake.script["POST /inquiries"] = [
            problem("rate-limited", 429, {"Retry-After": "2"}, retry_after_s=2),
            problem("server-error", 503, {"Retry-After": "1"}),
        ]
        client = await signed_in(fake, sleeps=sleeps)
        result = await client.inquire("0012345679", "۱۴۰۳/۱۲۳", idempotency_key="key-1")
        assert result.inquiry_id == STATUS_JSON["inquiry_id"]
        assert sleeps == [2.0, 1.0]
        keys = [r.headers["Idempotency-Key"] for r in fake.requests if r.url.path.endswith("ies")]
        assert keys == ["key-1"] * 3
        await client.aclose()

    asyncio.run(scenario())


def test_inquire_always_sends_a_fresh_idempotency_key() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = await signed_in(fake)
        await client.inquire("0012345679", "ref")
        await client.inquire("0012345679", "ref")
        keys = {r.headers["Idempotency-Key"] for r in fake.requests if r.url.path.endswith("ies")}
        assert len(keys) == 2
        await client.aclose()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "failure",
    [problem("server-error", 503, {"Retry-After": "1"}), httpx.ReadError("connection reset")],
)
def test_post_without_idempotency_key_is_not_retried(failure: object) -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        fake.script["POST /auth/login"] = [failure]
        client = make_client(fake, sleeps=sleeps)
        with pytest.raises((ServerError, ConnectionFailed)):
            await client.login("demo.clerk", "demo-pass")
        assert fake.count("POST /auth/login") == 1
        assert sleeps == []
        await client.aclose()

    asyncio.run(scenario())


def test_attempts_are_capped_with_growing_capped_backoff() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        policy = RetryPolicy(max_retries=5, base_delay=0.5, max_delay=3.0, random=lambda: 1)
        client = await signed_in(fake, sleeps=sleeps, retry_policy=policy)
        fake.script["GET /me"] = [problem("server-error", 500)] * 10
        with pytest.raises(ServerError):
            await client.me()
        assert fake.count("GET /me") == 6
        assert sleeps == [0.5, 1.0, 2.0, 3.0, 3.0]
        await client.aclose()

    asyncio.run(scenario())


def test_backoff_has_full_jitter() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=100.0, random=lambda: 0.25)
    assert [policy.backoff(n) for n in range(4)] == [0.25, 0.5, 1.0, 2.0]


def test_quota_exhausted_and_long_retry_after_are_left_to_the_caller() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        client = await signed_in(fake, sleeps=sleeps)
        fake.script["POST /inquiries"] = [
            problem("quota-exhausted", 429, {"Retry-After": "30"}, retry_after_s=30),
            problem("rate-limited", 429, {"Retry-After": "3600"}),
        ]
        with pytest.raises(QuotaExhausted) as quota:
            await client.inquire("0012345679", "ref")
        assert quota.value.retry_after == 30.0
        with pytest.raises(RateLimited) as limited:
            await client.inquire("0012345679", "ref")
        assert limited.value.retry_after == 3600.0
        assert sleeps == []
        await client.aclose()

    asyncio.run(scenario())


def test_client_errors_are_not_retried() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        client = await signed_in(fake, sleeps=sleeps)
        fake.script["POST /inquiries"] = [problem("invalid-national-id", 422, reason="x")]
        with pytest.raises(InvalidNationalIdError):
            await client.inquire("0012345678", "ref")
        assert fake.count("POST /inquiries") == 1 and sleeps == []
        await client.aclose()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectError("refused"), ConnectionFailed),
        (httpx.ReadError("reset"), ConnectionFailed),
        (httpx.RemoteProtocolError("closed"), ConnectionFailed),
        (httpx.ReadTimeout("slow"), Timeout),
        (httpx.ConnectTimeout("slow"), Timeout),
    ],
)
def test_network_failures_are_retried_then_mapped(exc: Exception, expected: type) -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        client = await signed_in(fake, sleeps=sleeps, max_retries=2)
        fake.script["GET /me"] = [exc] * 3
        with pytest.raises(expected):
            await client.me()
        assert fake.count("GET /me") == 3 and len(sleeps) == 2
        fake.script["GET /me"] = [exc]
        assert (await client.me()).username == "demo.clerk"
        await client.aclose()

    asyncio.run(scenario())


# -- token refresh -----------------------------------------------------------------------


def test_concurrent_requests_with_an_expired_token_refresh_once() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        seen: list[TokenPair] = []
        client = await signed_in(fake, on_tokens=seen.append)
        fake.expire_access()
        # Hold the refresh until every request has failed with the stale token.
        fake.refresh_gate = asyncio.Event()
        tasks = [asyncio.create_task(client.me()) for _ in range(5)]
        tasks += [asyncio.create_task(client.inquire("0012345679", "r")) for _ in range(3)]
        await fake.wait_for_requests("GET /me", 5)
        await fake.wait_for_requests("POST /inquiries", 3)
        fake.refresh_gate.set()
        results = await asyncio.gather(*tasks)
        assert all(isinstance(r, Me) for r in results[:5])
        assert all(isinstance(r, StatusResult) for r in results[5:])
        assert fake.count("POST /auth/refresh") == 1
        assert [p.refresh_token for p in seen] == ["refresh-1", "refresh-2"]
        await client.aclose()

    asyncio.run(scenario())


def test_refresh_sends_the_current_refresh_token_and_the_new_access_token() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = await signed_in(fake)
        fake.expire_access()
        await client.me()
        refresh = next(r for r in fake.requests if r.url.path.endswith("/refresh"))
        assert b'"refresh-1"' in refresh.content
        assert "Authorization" not in refresh.headers
        assert fake.requests[-1].headers["Authorization"] == "Bearer access-2"
        await client.aclose()

    asyncio.run(scenario())


def test_a_failed_refresh_ends_the_session() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = await signed_in(fake)
        fake.expire_access()
        fake.current_refresh = "revoked elsewhere"
        with pytest.raises(SessionExpired):
            await client.me()
        assert not client.signed_in
        sent = len(fake.requests)
        with pytest.raises(SessionExpired):
            await client.me()
        assert len(fake.requests) == sent  # known without asking the server
        await client.aclose()

    asyncio.run(scenario())


def test_refresh_is_never_retried() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        client = await signed_in(fake, sleeps=sleeps)
        fake.expire_access()
        fake.script["POST /auth/refresh"] = [httpx.ReadError("reset after sending")]
        with pytest.raises(ConnectionFailed):
            await client.me()
        assert fake.count("POST /auth/refresh") == 1 and sleeps == []
        assert client.signed_in  # the refresh token may still be good
        await client.aclose()

    asyncio.run(scenario())


def test_a_restored_session_refreshes_first_and_reports_the_new_tokens() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        fake.issue()  # refresh-1 is what the keyring kept
        stored: list[str] = []

        async def store(pair: TokenPair) -> None:
            await asyncio.to_thread(stored.append, pair.refresh_token)

        client = make_client(fake, on_tokens=store)
        client.use_refresh_token("refresh-1")
        me = await client.me()
        assert me.agency.kind is AgencyKind.COURT
        assert stored == ["refresh-2"]
        assert [r.url.path for r in fake.requests] == ["/api/v1/auth/refresh", "/api/v1/me"]
        await client.aclose()

    asyncio.run(scenario())


def test_calls_without_a_session_raise_session_expired() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = make_client(fake)
        with pytest.raises(SessionExpired):
            await client.me()
        assert fake.requests == []
        await client.aclose()

    asyncio.run(scenario())


def test_revoke_forgets_the_tokens_even_when_the_server_is_down() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        client = await signed_in(fake, sleeps=sleeps, max_retries=1)
        fake.script["POST /auth/revoke"] = [httpx.ConnectError("refused")] * 2
        with pytest.raises(ConnectionFailed):
            await client.revoke()
        assert not client.signed_in
        assert fake.count("POST /auth/revoke") == 2  # idempotent by contract: retried
        await client.aclose()

    asyncio.run(scenario())


# -- models ------------------------------------------------------------------------------


def test_me_from_json() -> None:
    me = Me.from_json(ME_JSON)
    assert me.agency.kind is AgencyKind.COURT
    assert me.mou.valid_until == dt.date(2027, 3, 20)
    assert me.scopes == ("inquiry", "redeem")
    assert me.quota.left_today == 99988


def test_status_result_round_trips_to_the_service_shape() -> None:
    result = StatusResult.from_json(STATUS_JSON)
    assert result.status is InquiryStatus.INSURED_ACTIVE
    assert result.insurance_kind is InsuranceKind.MANDATORY
    assert result.birth_date == dt.date(1988, 4, 12)
    assert result.as_of == dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)
    assert result.total_record is not None and result.total_record.years == 12
    assert result.to_json() == STATUS_JSON
    not_found = StatusResult.from_json(NOT_FOUND_JSON)
    assert not_found.status is InquiryStatus.NOT_FOUND and not_found.workshop is None
    assert not_found.to_json() == NOT_FOUND_JSON


def test_a_parsed_status_result_is_the_dataclass_its_fields_make() -> None:
    import dataclasses
    import json
    import pickle

    for data in (STATUS_JSON, NOT_FOUND_JSON):
        parsed = StatusResult.from_json(data)
        made = StatusResult(**{f.name: getattr(parsed, f.name) for f in dataclasses.fields(parsed)})
        assert parsed == made and hash(parsed) == hash(made) and repr(parsed) == repr(made)
        assert parsed.total_record == made.total_record and parsed.branch == made.branch
        assert pickle.loads(pickle.dumps(parsed)) == parsed
        assert dataclasses.replace(parsed, first_name="x").first_name == "x"
        with pytest.raises(dataclasses.FrozenInstanceError):
            parsed.status = InquiryStatus.NOT_FOUND  # type: ignore[misc]
        # Its canonical text, made once, is the service's shape with sorted keys.
        assert parsed.json_text is parsed.json_text
        assert json.loads(parsed.json_text) == data
        assert list(json.loads(parsed.json_text)) == sorted(data)


def test_token_pair_repr_hides_the_tokens() -> None:
    pair = TokenPair("secret-access", "secret-refresh", "Bearer", 300, 43200)
    assert "secret" not in repr(pair) and "secret" not in str(pair)


def test_a_malformed_success_body_is_a_bad_response() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = await signed_in(fake)
        fake.script["GET /me"] = [httpx.Response(200, json={"username": "x"})]
        with pytest.raises(BadResponse):
            await client.me()
        await client.aclose()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (" https://sso.example/ ", "https://sso.example"),
        ("http://h:1/api/v1/", "http://h:1"),
    ],
)
def test_server_urls_are_normalised(raw: str, expected: str) -> None:
    assert normalize_server_url(raw) == expected


@pytest.mark.parametrize("raw", ["127.0.0.1:8000", "ftp://h", "", "http://"])
def test_unusable_server_urls_are_rejected(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_server_url(raw)


def test_requests_go_under_the_api_prefix() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        client = make_client(fake)
        await client.login("u", "p")
        assert str(fake.requests[0].url) == f"{SERVER}/api/v1/auth/login"
        await client.aclose()

    asyncio.run(scenario())
