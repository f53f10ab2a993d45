"""What the MoU allows, enforced by the mock over real HTTP: scopes narrow the answer,
one agency never sees another's answers, and guessing is throttled."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from desktop.api_client.models import StatusResult
from desktop.mock_backend.certificates.issuer import luhn_digit
from desktop.mock_backend.inquiries import DETAIL_FIELDS
from desktop.mock_backend.ratelimit import FailureThrottle
from tests.test_mock_api import (
    ACTIVE_ID,
    CASE,
    DEMO_USER,
    DEMO_USER2,
    MockProcess,
    assert_problem,
    bearer,
    client_for,
    code_for,
    login,
    otp,
    wrong,
)

INQUIRIES = "/api/v1/inquiries"
REDEEM = "/api/v1/certificates/redeem"
IDENTITY = {"inquiry_id", "national_id", "status", "first_name", "last_name", "as_of"}
PERSON_ID = "0012345679"


def tokens(client: httpx.Client, username: str = DEMO_USER) -> dict[str, Any]:
    challenge_id = login(client, username).json()["challenge_id"]
    answer = otp(client, challenge_id, code_for(client, challenge_id))
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def api(mock_server: MockProcess) -> httpx.Client:
    with client_for(mock_server) as client:
        yield client


def ask(client: httpx.Client, who: dict[str, Any], national_id: str, key: str) -> dict:
    response = client.post(
        INQUIRIES,
        headers={**bearer(who), "Idempotency-Key": key},
        json={"national_id": national_id, "case_reference": CASE},
    )
    assert response.status_code == 200, response.text
    return response.json()


def ask_batch(client: httpx.Client, who: dict[str, Any], national_id: str, key: str) -> dict:
    item = {"national_id": national_id, "case_reference": CASE, "idempotency_key": key}
    response = client.post(f"{INQUIRIES}/batch", headers=bearer(who), json={"items": [item]})
    assert response.status_code == 200, response.text
    [outcome] = response.json()["results"]
    assert outcome["problem"] is None, outcome
    return outcome["result"]


# -- scopes --------------------------------------------------------------------------


def test_details_are_sent_only_under_the_details_scope(api: httpx.Client) -> None:
    court, fund = tokens(api, DEMO_USER), tokens(api, DEMO_USER2)
    assert "inquiry:details" in api.get("/api/v1/me", headers=bearer(court)).json()["scopes"]
    assert api.get("/api/v1/me", headers=bearer(fund)).json()["scopes"] == ["inquiry"]

    full = ask(api, court, ACTIVE_ID, str(uuid.uuid4()))
    assert full["status"] == "insured_active"
    assert full["workshop"]["name"] and full["total_record"] and full["insurance_number"]
    assert set(DETAIL_FIELDS) <= set(full)

    for narrow in (
        ask(api, fund, ACTIVE_ID, str(uuid.uuid4())),
        ask_batch(api, fund, ACTIVE_ID, str(uuid.uuid4())),
    ):
        # Left out, not sent as null: the fund's answer says who and what status, no more.
        assert set(narrow) == IDENTITY | {"answered_at"}
        assert (narrow["status"], narrow["last_name"]) == ("insured_active", full["last_name"])
        # The client reads the narrow answer; what is absent is simply None.
        result = StatusResult.from_json(narrow)
        assert result.workshop is None and result.total_record is None
        assert result.to_json()["insurance_number"] is None
    assert set(DETAIL_FIELDS) <= set(ask_batch(api, court, ACTIVE_ID, str(uuid.uuid4())))


def test_an_agency_without_redeem_cannot_redeem(api: httpx.Client) -> None:
    fund = tokens(api, DEMO_USER2)
    body = {"tracking_code": "1405-1234-5674", "usage_password": "ABCDEFGH"}
    refused = assert_problem(
        api.post(REDEEM, headers=bearer(fund), json=body), "forbidden-scope", 403
    )
    assert refused["required_scope"] == "redeem"


# -- one agency, one agency's answers ------------------------------------------------


def test_another_agencys_idempotency_key_never_replays_their_answer(api: httpx.Client) -> None:
    court, fund = tokens(api, DEMO_USER), tokens(api, DEMO_USER2)
    key = str(uuid.uuid4())
    theirs = ask(api, court, ACTIVE_ID, key)
    assert ask(api, court, ACTIVE_ID, key)["inquiry_id"] == theirs["inquiry_id"]  # a replay

    # The same key from the other agency is a new inquiry of its own, narrowed to its MoU.
    mine = ask(api, fund, ACTIVE_ID, key)
    assert mine["inquiry_id"] != theirs["inquiry_id"] and "workshop" not in mine
    # A key the fund used for someone else is, for the court, neither a conflict nor theirs.
    fund_key = str(uuid.uuid4())
    fund_answer = ask(api, fund, PERSON_ID, fund_key)
    court_answer = ask(api, court, ACTIVE_ID, fund_key)
    assert court_answer["national_id"] == ACTIVE_ID
    assert court_answer["inquiry_id"] != fund_answer["inquiry_id"]
    in_batch = ask_batch(api, fund, ACTIVE_ID, key)
    assert in_batch["inquiry_id"] == mine["inquiry_id"]  # the fund's own replay
    assert ask_batch(api, court, ACTIVE_ID, key)["inquiry_id"] == theirs["inquiry_id"]


# -- throttling guesses --------------------------------------------------------------


def test_wrong_passwords_from_one_address_are_throttled(
    start_mock: Callable[..., MockProcess],
) -> None:
    with client_for(start_mock()) as client:
        # Ten wrong passwords spread over accounts: none reaches its own lockout.
        for username, tries in ((DEMO_USER, 4), (DEMO_USER2, 4), ("nobody", 2)):
            for _ in range(tries):
                assert_problem(login(client, username, "nope"), "invalid-credentials", 401)
        # Now even the right password waits; nothing is checked, so nothing is learnt.
        refused = login(client)
        body = assert_problem(refused, "too-many-attempts", 429)
        assert refused.headers["Retry-After"] == "2" and body["retry_after_s"] == 2
        assert_problem(login(client, DEMO_USER2, "nope"), "too-many-attempts", 429)
        time.sleep(2.1)
        # After the wait one try goes through. Signing in all the way forgives nothing:
        # a guesser who holds one working account must not reset the count with it.
        tokens(client)
        assert_problem(login(client, "nobody", "nope"), "invalid-credentials", 401)
        refused = login(client, "nobody", "nope")
        assert_problem(refused, "too-many-attempts", 429)
        assert refused.headers["Retry-After"] == "4"  # the eleventh failure doubles it


def test_forwarded_for_is_not_trusted_unless_behind_a_proxy(
    start_mock: Callable[..., MockProcess],
) -> None:
    def guesses(client: httpx.Client) -> list[int]:
        answers = []
        for n in range(12):  # each from a made-up address
            headers = {"X-Forwarded-For": f"203.0.113.{n}"}
            body = {"username": "nobody", "password": "nope"}
            answers.append(client.post("/api/v1/auth/login", json=body, headers=headers))
        return [a.status_code for a in answers]

    with client_for(start_mock()) as client:
        assert guesses(client) == [401] * 10 + [429] * 2  # all from this one peer
    with client_for(start_mock(trust_proxy=True)) as client:
        assert guesses(client) == [401] * 12  # the proxy's clients are told apart


def test_wrong_codes_across_challenges_are_throttled(
    start_mock: Callable[..., MockProcess],
) -> None:
    with client_for(start_mock()) as client:
        for _ in range(2):  # two challenges, each locked by five wrong codes
            challenge_id = login(client).json()["challenge_id"]
            code = code_for(client, challenge_id)
            for _ in range(4):
                assert_problem(otp(client, challenge_id, wrong(code)), "otp-invalid", 401)
            assert_problem(otp(client, challenge_id, wrong(code)), "challenge-locked", 423)
        # A third fresh challenge brings no fresh guesses: even its right code must wait.
        challenge_id = login(client).json()["challenge_id"]
        refused = otp(client, challenge_id, code_for(client, challenge_id))
        assert_problem(refused, "too-many-attempts", 429)
        assert int(refused.headers["Retry-After"]) >= 1
        # The refusal cost the challenge nothing, and the other clerk is not held up.
        tokens(client, DEMO_USER2)


def _redeemer(client: httpx.Client, count: int) -> tuple[list[dict[str, Any]], Callable]:
    person = client.post(
        "/api/v1/individual/login", json={"national_id": PERSON_ID, "password": "demo-pass"}
    ).json()
    issued = [
        client.post("/api/v1/individual/certificates", headers=bearer(person)).json()
        for _ in range(count)
    ]
    clerk = bearer(tokens(client))

    def redeem(code: str, password: str) -> httpx.Response:
        body = {"tracking_code": code, "usage_password": password}
        return client.post(REDEEM, headers=clerk, json=body)

    return issued, redeem


NEVER_ISSUED = "14051234567" + luhn_digit("14051234567")  # well-formed


def test_wrong_usage_passwords_across_codes_are_throttled(
    start_mock: Callable[..., MockProcess],
) -> None:
    with client_for(start_mock()) as client:
        issued, redeem = _redeemer(client, 3)
        first, second, third = (i["tracking_code"] for i in issued)
        for _ in range(5):  # the fifth locks the first code, and says no more than before
            assert_problem(redeem(first, "WRONG234"), "usage-password-invalid", 403)
        for _ in range(4):
            assert_problem(redeem(second, "WRONG234"), "usage-password-invalid", 403)
        assert_problem(redeem(NEVER_ISSUED, "WRONG234"), "usage-password-invalid", 403)
        # Ten failures over two codes and a guessed one: the right password now waits,
        # and the second code (one try from its lock) is not charged for the refusal.
        refused = redeem(second, issued[1]["usage_password"])
        assert_problem(refused, "too-many-attempts", 429)
        time.sleep(int(refused.headers["Retry-After"]) + 0.1)
        assert redeem(second, issued[1]["usage_password"]).status_code == 200
        # The clerk's own success forgives nothing: the next wrong guess is the eleventh.
        assert_problem(redeem(third, "WRONG234"), "usage-password-invalid", 403)
        refused = redeem(NEVER_ISSUED, "WRONG234")
        assert_problem(refused, "too-many-attempts", 429)
        assert refused.headers["Retry-After"] == "4"


def test_an_unknown_code_and_a_wrong_password_are_answered_alike(
    start_mock: Callable[..., MockProcess],
) -> None:
    with client_for(start_mock()) as client:
        issued, redeem = _redeemer(client, 2)
        code, locked = issued[0]["tracking_code"], issued[1]["tracking_code"]
        for _ in range(5):
            redeem(locked, "WRONG234")
        answers = [
            redeem(code, "WRONG234"),  # a real code, a wrong password
            redeem(NEVER_ISSUED, "WRONG234"),  # a code never issued
            redeem(locked, "WRONG234"),  # a real code, locked, a wrong password
        ]
        seen = {(a.status_code, a.headers["content-type"], a.text) for a in answers}
        assert len(seen) == 1, seen
        body = assert_problem(answers[0], "usage-password-invalid", 403)
        assert set(body) == {"type", "title", "status", "detail"}
        # Only the right password learns that the code is locked.
        assert_problem(redeem(locked, issued[1]["usage_password"]), "code-locked", 423)


def test_the_wait_doubles_with_each_failure_up_to_the_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr("desktop.mock_backend.ratelimit.time.monotonic", lambda: now[0])
    throttle = FailureThrottle(free=3, first_s=2, most_s=10, window_s=900)
    for _ in range(3):
        assert throttle.wait("k") == 0
        throttle.failed("k")
    waits = []
    for _ in range(4):
        waits.append(throttle.wait("k"))
        now[0] += waits[-1]
        assert throttle.wait("k") == 0
        throttle.failed("k")
    assert waits == [2, 4, 8, 10]
    assert throttle.wait("other") == 0
    now[0] += 900
    assert throttle.wait("k") == 0  # a long quiet forgives
    throttle.failed("k")
    assert throttle.wait("k") == 0


def test_failures_leave_the_window_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("desktop.mock_backend.ratelimit.time.monotonic", lambda: now[0])
    throttle = FailureThrottle(free=3, first_s=2, most_s=10, window_s=60)
    for _ in range(3):  # at 1000, 1020 and 1040
        throttle.failed("k")
        now[0] += 20
    # At 1060 the first has left the window: two remain, so no wait.
    assert throttle.wait("k") == 0
    throttle.failed("k")  # three again (1020, 1040, 1060): the next try waits
    assert throttle.wait("k") == 2
    # A guess every 19 s keeps four failures in the window: each try waits 4 s more.
    for _ in range(5):
        now[0] += 19
        throttle.failed("k")
    assert throttle.wait("k") == 4
