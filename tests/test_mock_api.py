"""The mock SSO over real HTTP: account service, inquiries, limits, knobs, persistence."""

from __future__ import annotations

import re
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import Popen
from typing import Any, Protocol

import httpx
import pytest

DEMO_USER = "demo.clerk"
DEMO_USER2 = "demo.clerk2"
DEMO_PASSWORD = "demo-pass"
PROBLEM_TYPE = "application/problem+json"
ACTIVE_ID = "0012345611"  # insured_active in the synthetic population
CASE = "۱۴۰۳/۱۲۳"


class MockProcess(Protocol):
    """What conftest's mock_server and start_mock hand out."""

    url: str
    data_dir: Path
    process: Popen[str]

    def stop(self) -> None: ...


def assert_problem(response: httpx.Response, slug: str, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_TYPE)
    body = response.json()
    assert body["type"] == f"urn:estelam:problem:{slug}", body
    assert body["status"] == status
    assert body["title"] and isinstance(body["detail"], str)
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def api(mock_server: MockProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_server.url, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def clerk(mock_server: MockProcess) -> dict[str, Any]:
    """demo.clerk's tokens on the shared mock, for tests that do not end the session."""
    with httpx.Client(base_url=mock_server.url, timeout=10) as client:
        challenge_id = login(client).json()["challenge_id"]
        return otp(client, challenge_id, code_for(client, challenge_id)).json()


def client_for(mock: MockProcess) -> httpx.Client:
    return httpx.Client(base_url=mock.url, timeout=10)


def login(client: httpx.Client, username: str = DEMO_USER, password: str = DEMO_PASSWORD):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def code_for(client: httpx.Client, challenge_id: str) -> str:
    messages = client.get("/_mock/outbox").json()["messages"]
    return next(m["code"] for m in messages if m["challenge_id"] == challenge_id)


def otp(client: httpx.Client, challenge_id: str, code: str) -> httpx.Response:
    return client.post("/api/v1/auth/otp", json={"challenge_id": challenge_id, "code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def stats(client: httpx.Client) -> dict[str, int]:
    return client.get("/_mock/stats").json()


def inquire(
    client: httpx.Client,
    tokens: dict[str, Any],
    national_id: str = ACTIVE_ID,
    case_reference: str = CASE,
    key: str | None = None,
    purpose: str | None = None,
) -> httpx.Response:
    headers = {**bearer(tokens), "Idempotency-Key": key or str(uuid.uuid4())}
    body = {"national_id": national_id, "case_reference": case_reference, "purpose": purpose}
    return client.post("/api/v1/inquiries", json=body, headers=headers)


# sign-in ------------------------------------------------------------------------------


def test_sign_in_happy_path(api: httpx.Client, read_otp: Callable[[str, str], str]) -> None:
    before = stats(api)["logins"]
    challenge = login(api)
    assert challenge.status_code == 200
    body = challenge.json()
    assert body["channel"] == "sms"
    assert body["masked_phone"] == "0912***4567"
    assert body["expires_in"] == 120
    code = read_otp(str(api.base_url).rstrip("/"), DEMO_USER)
    assert re.fullmatch(r"[0-9]{6}", code)

    tokens = otp(api, body["challenge_id"], code)
    assert tokens.status_code == 200
    pair = tokens.json()
    assert pair["token_type"] == "Bearer"
    assert pair["expires_in"] == 300
    assert pair["refresh_expires_in"] > pair["expires_in"]
    assert pair["access_token"] != pair["refresh_token"]
    assert stats(api)["logins"] == before + 1


def test_wrong_password_and_unknown_user(api: httpx.Client) -> None:
    assert_problem(login(api, password="nope"), "invalid-credentials", 401)
    assert_problem(login(api, username="nobody"), "invalid-credentials", 401)
    # One wrong try is forgiven by the next right one.
    assert login(api).status_code == 200


def test_five_wrong_passwords_lock_the_account(start_mock: Callable[..., MockProcess]) -> None:
    with client_for(start_mock(lockout=600)) as client:
        for _ in range(4):
            assert_problem(login(client, password="nope"), "invalid-credentials", 401)
        locked = assert_problem(login(client, password="nope"), "account-locked", 423)
        assert 590 <= locked["retry_after_s"] <= 600
        # Now even the right password is refused, and the other clerk is unaffected.
        again = login(client)
        assert_problem(again, "account-locked", 423)
        assert int(again.headers["Retry-After"]) >= 1
        assert login(client, username=DEMO_USER2).status_code == 200


def test_wrong_code_counts_down_then_locks_the_challenge(api: httpx.Client) -> None:
    challenge_id = login(api).json()["challenge_id"]
    code = code_for(api, challenge_id)
    for left in (4, 3, 2, 1):
        problem = assert_problem(otp(api, challenge_id, wrong(code)), "otp-invalid", 401)
        assert problem["attempts_left"] == left
    assert_problem(otp(api, challenge_id, wrong(code)), "challenge-locked", 423)
    assert_problem(otp(api, challenge_id, code), "challenge-locked", 423)


def test_code_is_single_use_and_challenges_must_exist(api: httpx.Client) -> None:
    challenge_id = login(api).json()["challenge_id"]
    code = code_for(api, challenge_id)
    assert otp(api, challenge_id, code).status_code == 200
    assert_problem(otp(api, challenge_id, code), "challenge-unknown", 404)
    assert_problem(otp(api, "no-such-challenge", code), "challenge-unknown", 404)


def test_code_accepts_latin_digits_only(api: httpx.Client) -> None:
    challenge_id = login(api).json()["challenge_id"]
    code = code_for(api, challenge_id)
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert_problem(otp(api, challenge_id, persian), "otp-invalid", 401)
    assert otp(api, challenge_id, code).status_code == 200


def test_expired_code(start_mock: Callable[..., MockProcess]) -> None:
    with client_for(start_mock(otp_ttl=0)) as client:
        challenge = login(client).json()
        assert challenge["expires_in"] == 0
        code = code_for(client, challenge["challenge_id"])
        assert_problem(otp(client, challenge["challenge_id"], code), "otp-expired", 401)


def test_demo_mode_code_is_fixed(start_mock: Callable[..., MockProcess]) -> None:
    mock = start_mock(demo=True, test_endpoints=False)
    with client_for(mock) as client:
        challenge_id = login(client).json()["challenge_id"]
        assert otp(client, challenge_id, "123456").status_code == 200
        # --demo turns the test endpoints on by itself.
        assert client.get("/_mock/stats").status_code == 200


# tokens -------------------------------------------------------------------------------


def test_me_for_both_clerks(mock_server: MockProcess, api: httpx.Client, sign_in) -> None:
    me = api.get("/api/v1/me", headers=bearer(sign_in(mock_server.url))).json()
    assert me["username"] == DEMO_USER
    assert me["full_name"]
    assert me["agency"] == {
        "id": "AG-1001",
        "name": "دادگاه خانواده شماره ۲ تهران",
        "kind": "court",
    }
    assert me["mou"]["number"].startswith("MOU-")
    assert me["mou"]["valid_from"] < me["mou"]["valid_until"]
    assert me["scopes"] == ["inquiry", "inquiry:details", "redeem"]
    quota = me["quota"]
    assert quota["daily_limit"] == 100000
    assert quota["left_today"] == quota["daily_limit"] - quota["used_today"]

    me2 = api.get("/api/v1/me", headers=bearer(sign_in(mock_server.url, DEMO_USER2))).json()
    assert me2["agency"]["id"] == "AG-2001"
    assert me2["agency"]["kind"] == "insurance_fund"
    assert me2["scopes"] == ["inquiry"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}],
    ids=["missing", "unknown", "not-bearer"],
)
def test_missing_or_invalid_token(api: httpx.Client, headers: dict[str, str]) -> None:
    for response in (
        api.get("/api/v1/me", headers=headers),
        api.post(
            "/api/v1/inquiries",
            json={"national_id": ACTIVE_ID, "case_reference": CASE},
            headers=headers,
        ),
    ):
        assert_problem(response, "token-invalid", 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_refresh_rotates_and_reuse_revokes_the_family(
    mock_server: MockProcess, api: httpx.Client, sign_in
) -> None:
    first = sign_in(mock_server.url)
    second = api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert api.get("/api/v1/me", headers=bearer(second)).status_code == 200

    reused = api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(reused, "session-expired", 401)
    assert reused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    # The whole family is gone: the newest refresh token and the access tokens too.
    newest = api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert_problem(newest, "session-expired", 401)
    assert_problem(api.get("/api/v1/me", headers=bearer(second)), "token-invalid", 401)
    unknown = api.post("/api/v1/auth/refresh", json={"refresh_token": "never-issued"})
    assert_problem(unknown, "session-expired", 401)


def test_revoke_ends_the_session(mock_server: MockProcess, api: httpx.Client, sign_in) -> None:
    tokens = sign_in(mock_server.url)
    body = {"refresh_token": tokens["refresh_token"]}
    revoked = api.post("/api/v1/auth/revoke", json=body)
    assert revoked.status_code == 204
    assert revoked.content == b""
    assert api.post("/api/v1/auth/revoke", json=body).status_code == 204
    assert api.post("/api/v1/auth/revoke", json={"refresh_token": "unknown"}).status_code == 204
    assert_problem(api.get("/api/v1/me", headers=bearer(tokens)), "token-invalid", 401)
    assert_problem(api.post("/api/v1/auth/refresh", json=body), "session-expired", 401)


def test_expired_access_token_then_refresh(start_mock: Callable[..., MockProcess], sign_in) -> None:
    mock = start_mock(access_ttl=0)
    with client_for(mock) as client:
        tokens = sign_in(mock.url)
        assert tokens["expires_in"] == 0
        expired = client.get("/api/v1/me", headers=bearer(tokens))
        assert_problem(expired, "token-expired", 401)
        assert expired.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
        fresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert fresh.status_code == 200


# inquiries ----------------------------------------------------------------------------


def test_inquiry_happy_path(api: httpx.Client, clerk: dict[str, Any]) -> None:
    tokens = clerk
    before_me = api.get("/api/v1/me", headers=bearer(tokens)).json()["quota"]["used_today"]
    before = stats(api)["inquiries_answered"]
    response = inquire(api, tokens, purpose="حضانت")
    assert response.status_code == 200, response.text
    r = response.json()
    assert re.fullmatch(r"INQ-[0-9]{8}-[0-9]{6,}", r["inquiry_id"])
    assert r["national_id"] == ACTIVE_ID
    assert r["status"] == "insured_active"
    for name in ("first_name", "last_name", "father_name"):
        assert re.fullmatch(r"[\u0600-\u06ff\u200c ]+", r[name]), r[name]
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", r["birth_date"])
    assert r["gender"] in ("male", "female")
    assert re.fullmatch(r"[0-9]{10}", r["insurance_number"])
    assert r["insurance_kind"] in (
        "mandatory",
        "self_employed",
        "voluntary",
        "driver",
        "construction_worker",
        "carpet_weaver",
    )
    assert re.fullmatch(r"14[0-9]{2}-(0[1-9]|1[0-2])", r["last_contribution_month"])
    assert set(r["total_record"]) == {"years", "months", "days"}
    assert re.fullmatch(r"[0-9]{10}", r["workshop"]["id"]) and r["workshop"]["name"]
    assert re.fullmatch(r"[0-9]{4}", r["branch"]["code"]) and r["branch"]["name"]
    assert r["pension_kind"] is None
    stamp = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    assert re.fullmatch(stamp, r["as_of"]) and re.fullmatch(stamp, r["answered_at"])
    assert r["as_of"] <= r["answered_at"]

    assert stats(api)["inquiries_answered"] == before + 1
    after_me = api.get("/api/v1/me", headers=bearer(tokens)).json()["quota"]["used_today"]
    assert after_me == before_me + 1
    # Each answer has its own id.
    assert inquire(api, tokens).json()["inquiry_id"] != r["inquiry_id"]


def test_inquiry_not_found_has_no_personal_fields(api: httpx.Client, clerk: dict[str, Any]) -> None:
    from desktop.mock_backend.national_id import with_check_digit
    from desktop.mock_backend.population import status_for

    missing = next(
        nid
        for i in range(1000)
        if status_for(nid := with_check_digit(f"{100000000 + i:09d}")) == "not_found"
    )
    r = inquire(api, clerk, national_id=missing).json()
    assert r["status"] == "not_found"
    assert r["national_id"] == missing and r["inquiry_id"] and r["as_of"] and r["answered_at"]
    for name in ("first_name", "insurance_number", "total_record", "workshop", "branch"):
        assert r[name] is None


@pytest.mark.parametrize(
    ("national_id", "reason"),
    [
        ("", "empty"),
        ("12345", "wrong_length"),
        ("00123456789", "wrong_length"),
        ("abcdefghij", "not_digits"),
        ("۰۰۱۲۳۴۵۶۱۱", "not_digits"),
        ("1111111111", "repeated_digits"),
        ("0012345612", "check_digit"),
    ],
)
def test_invalid_national_ids(
    api: httpx.Client, clerk: dict[str, Any], national_id: str, reason: str
) -> None:
    response = inquire(api, clerk, national_id=national_id)
    assert assert_problem(response, "invalid-national-id", 422)["reason"] == reason


def test_case_reference_is_required(api: httpx.Client, clerk: dict[str, Any]) -> None:
    tokens = clerk
    answered = stats(api)["inquiries_answered"]
    for blank in ("", "   ", "\u200c\t"):
        assert_problem(inquire(api, tokens, case_reference=blank), "case-reference-required", 422)
    absent = api.post("/api/v1/inquiries", json={"national_id": ACTIVE_ID}, headers=bearer(tokens))
    problem = assert_problem(absent, "validation-error", 422)
    assert any(e["loc"] == ["body", "case_reference"] for e in problem["errors"])
    assert stats(api)["inquiries_answered"] == answered


def test_idempotent_replay_is_charged_once(api: httpx.Client, clerk: dict[str, Any]) -> None:
    tokens = clerk
    key = str(uuid.uuid4())
    before = stats(api)
    used = api.get("/api/v1/me", headers=bearer(tokens)).json()["quota"]["used_today"]
    first = inquire(api, tokens, key=key)
    second = inquire(api, tokens, key=key)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    after = stats(api)
    assert after["inquiries_answered"] == before["inquiries_answered"] + 1
    assert after["inquiries_replayed"] == before["inquiries_replayed"] + 1
    assert api.get("/api/v1/me", headers=bearer(tokens)).json()["quota"]["used_today"] == used + 1
    # The same key with another body is refused rather than answered with someone else.
    other = inquire(api, tokens, key=key, case_reference="another case")
    assert_problem(other, "validation-error", 422)


def test_idempotency_keys_are_per_agency(
    mock_server: MockProcess, api: httpx.Client, sign_in
) -> None:
    key = str(uuid.uuid4())
    a = inquire(api, sign_in(mock_server.url), key=key).json()
    b = inquire(api, sign_in(mock_server.url, DEMO_USER2), key=key).json()
    assert a["inquiry_id"] != b["inquiry_id"]


def test_quota_exhaustion(start_mock: Callable[..., MockProcess], sign_in) -> None:
    mock = start_mock(quota=2)
    tokens = sign_in(mock.url)
    with client_for(mock) as client:
        assert inquire(client, tokens).status_code == 200
        assert inquire(client, tokens).status_code == 200
        response = inquire(client, tokens)
        problem = assert_problem(response, "quota-exhausted", 429)
        retry = int(response.headers["Retry-After"])
        assert 1 <= retry <= 24 * 3600
        assert problem["retry_after_s"] == retry
        quota = client.get("/api/v1/me", headers=bearer(tokens)).json()["quota"]
        assert quota == {"daily_limit": 2, "used_today": 2, "left_today": 0}
        assert stats(client)["inquiries_answered"] == 2


def test_rate_limit(start_mock: Callable[..., MockProcess], sign_in) -> None:
    mock = start_mock(rate_limit=0.01, rate_burst=2)
    tokens = sign_in(mock.url)
    with client_for(mock) as client:
        assert inquire(client, tokens).status_code == 200
        assert inquire(client, tokens).status_code == 200
        response = inquire(client, tokens)
        problem = assert_problem(response, "rate-limited", 429)
        assert re.fullmatch(r"[1-9][0-9]*", response.headers["Retry-After"])
        assert problem["retry_after_s"] == int(response.headers["Retry-After"])
        # Per agency: the insurance fund still has its own bucket.
        assert inquire(client, sign_in(mock.url, DEMO_USER2)).status_code == 200
        assert stats(client)["rate_limited"] == 1


def test_fail_rate_one_fails_every_api_request_after_the_latency(
    start_mock: Callable[..., MockProcess],
) -> None:
    with client_for(start_mock(fail_rate=1.0, latency_ms=150)) as client:
        failed = login(client)
        assert_problem(failed, "server-error", 503)
        # The latency knob applies to failed requests too.
        assert failed.elapsed.total_seconds() >= 0.15
        assert_problem(client.get("/api/v1/me"), "server-error", 503)
        assert_problem(client.post("/api/v1/inquiries", json={}), "server-error", 503)
        assert stats(client)["failures_injected"] == 3
        assert client.get("/openapi.json").status_code == 200


def test_errors_are_problem_documents(api: httpx.Client) -> None:
    assert_problem(api.get("/api/v1/nowhere"), "not-found", 404)
    assert_problem(api.get("/nowhere"), "not-found", 404)
    assert_problem(api.get("/api/v1/auth/login"), "method-not-allowed", 405)
    bad_json = api.post(
        "/api/v1/auth/login", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert_problem(bad_json, "validation-error", 422)
    missing = assert_problem(
        api.post("/api/v1/auth/login", json={"username": "x"}), "validation-error", 422
    )
    assert missing["errors"][0]["loc"] == ["body", "password"]


def test_test_endpoints_need_the_flag(start_mock: Callable[..., MockProcess]) -> None:
    mock = start_mock(test_endpoints=False)
    with client_for(mock) as client:
        assert_problem(client.get("/_mock/outbox"), "not-found", 404)
        assert_problem(client.get("/_mock/stats"), "not-found", 404)
        assert login(client).status_code == 200
    # The same process shows that Ctrl+C (SIGINT) stops the mock cleanly.
    mock.process.send_signal(signal.SIGINT)
    assert mock.process.wait(10) == 0


# persistence and process --------------------------------------------------------------


def test_state_and_answers_survive_a_restart(
    start_mock: Callable[..., MockProcess], sign_in
) -> None:
    first = start_mock()
    tokens = sign_in(first.url)
    with client_for(first) as client:
        before = inquire(client, tokens).json()
        key = str(uuid.uuid4())
        inquire(client, tokens, national_id="0012345628", key=key)
        counts = stats(client)
    first.stop()
    assert first.process.returncode == 0

    second = start_mock(data_dir=first.data_dir)
    with client_for(second) as client:
        me = client.get("/api/v1/me", headers=bearer(tokens))
        assert me.status_code == 200, "the session outlived the restart"
        assert me.json()["quota"]["used_today"] == 2
        assert stats(client) == counts
        after = inquire(client, tokens).json()
        personal = {
            k: v for k, v in before.items() if k not in ("inquiry_id", "as_of", "answered_at")
        }
        assert {k: after[k] for k in personal} == personal
        assert after["inquiry_id"] != before["inquiry_id"]
        # Idempotency records are durable too.
        inquire(client, tokens, national_id="0012345628", key=key)
        assert stats(client)["inquiries_replayed"] == counts["inquiries_replayed"] + 1
        refreshed = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 200


def test_ending_a_users_sessions(start_mock: Callable[..., MockProcess], sign_in) -> None:
    mock = start_mock()
    with client_for(mock) as client:
        first, second = sign_in(mock.url), sign_in(mock.url)
        ended = client.post("/_mock/users/demo.clerk/end-sessions")
        assert ended.json() == {"ended": 2}
        for tokens in (first, second):
            assert_problem(client.get("/api/v1/me", headers=bearer(tokens)), "token-invalid", 401)
            refresh = {"refresh_token": tokens["refresh_token"]}
            assert_problem(
                client.post("/api/v1/auth/refresh", json=refresh), "session-expired", 401
            )
        assert sign_in(mock.url)["access_token"]  # signing in again works
