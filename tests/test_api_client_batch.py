"""SsoClient.inquire_batch: per-item results and errors, retries, and the real mock."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from desktop.api_client import (
    BadResponse,
    BatchInquiryItem,
    InquiryStatus,
    InvalidNationalIdError,
    QuotaExhausted,
    RateLimited,
    ServerError,
    SsoClient,
    StatusResult,
    error_from_problem,
)
from desktop.api_client.retry import may_repeat
from desktop.mock_backend.national_id import with_check_digit
from tests.api_fakes import NOT_FOUND_JSON, STATUS_JSON, FakeSso, Sleeps, make_client, problem
from tests.conftest import MockProcess

CASE = "۱۴۰۳/۱۲۳"


def items(*national_ids: str) -> list[BatchInquiryItem]:
    return [BatchInquiryItem(n, CASE, None, str(uuid.uuid4())) for n in national_ids]


def problem_json(slug: str, status: int, **extensions: Any) -> dict[str, Any]:
    return json.loads(problem(slug, status, **extensions).content)


def answer(batch: list[BatchInquiryItem], outcomes: list[dict[str, Any]]) -> httpx.Response:
    """A 200 batch response: each outcome is a StatusResult or a problem document."""
    results = [
        {
            "idempotency_key": item.idempotency_key,
            "result": None if "type" in outcome else outcome,
            "problem": outcome if "type" in outcome else None,
        }
        for item, outcome in zip(batch, outcomes, strict=True)
    ]
    return httpx.Response(200, json={"results": results})


async def signed_in(fake: FakeSso, **kwargs: Any) -> SsoClient:
    client = make_client(fake, **kwargs)
    challenge = await client.login("demo.clerk", "demo-pass")
    await client.verify_otp(challenge.challenge_id, "123456")
    return client


def test_error_from_problem_maps_a_bare_problem_document() -> None:
    quota = error_from_problem(problem_json("quota-exhausted", 429, retry_after_s=3600))
    assert type(quota) is QuotaExhausted
    assert (quota.status, quota.slug, quota.retry_after) == (429, "quota-exhausted", 3600.0)
    invalid = error_from_problem(problem_json("invalid-national-id", 422, reason="check_digit"))
    assert isinstance(invalid, InvalidNationalIdError) and invalid.reason == "check_digit"
    unknown = error_from_problem({"type": "urn:other:thing", "status": 502})
    assert type(unknown) is ServerError and unknown.status == 502


def test_the_batch_post_is_repeatable_by_contract_other_posts_need_a_key() -> None:
    assert may_repeat("POST", None, "/inquiries/batch")
    assert not may_repeat("POST", None, "/inquiries")
    assert not may_repeat("POST", None, "/auth/refresh")


def test_results_and_per_item_errors_in_order() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        batch = items("0012345679", "0012345612", "0012345679")
        fake.script["POST /inquiries/batch"] = [
            answer(
                batch,
                [
                    STATUS_JSON,
                    problem_json("invalid-national-id", 422, reason="check_digit"),
                    NOT_FOUND_JSON,
                ],
            )
        ]
        client = await signed_in(fake)
        results = await client.inquire_batch(batch)
        assert [r.idempotency_key for r in results] == [i.idempotency_key for i in batch]
        assert isinstance(results[0].result, StatusResult) and results[0].error is None
        assert results[0].result.status is InquiryStatus.INSURED_ACTIVE
        assert results[1].result is None
        assert isinstance(results[1].error, InvalidNationalIdError)
        assert results[1].error.reason == "check_digit"
        assert results[2].result is not None
        assert results[2].result.status is InquiryStatus.NOT_FOUND
        sent = json.loads(fake.requests[-1].content)
        assert sent == {"items": [i.to_json() for i in batch]}
        await client.aclose()

    asyncio.run(scenario())


def test_a_failed_batch_is_resent_unchanged_honouring_retry_after() -> None:
    async def scenario() -> None:
        fake, sleeps = FakeSso(), Sleeps()
        batch = items("0012345679")
        fake.script["POST /inquiries/batch"] = [
            problem("server-error", 503, {"Retry-After": "1"}),
            httpx.ReadError("connection reset"),
            problem("rate-limited", 429, {"Retry-After": "2"}),
            answer(batch, [STATUS_JSON]),
        ]
        client = await signed_in(fake, sleeps=sleeps)
        [result] = await client.inquire_batch(batch)
        assert result.result is not None
        sent = [r.content for r in fake.requests if r.url.path.endswith("/batch")]
        assert len(sent) == 4 and len(set(sent)) == 1
        assert sleeps[0] == 1.0 and sleeps[2] == 2.0
        await client.aclose()

    asyncio.run(scenario())


def test_answers_that_do_not_match_the_items_are_a_bad_response() -> None:
    async def scenario() -> None:
        fake = FakeSso()
        batch = items("0012345679", "0012345679")
        fake.script["POST /inquiries/batch"] = [
            answer(batch[:1], [STATUS_JSON]),
            answer(list(reversed(batch)), [STATUS_JSON, STATUS_JSON]),
            httpx.Response(200, json={"results": [{"idempotency_key": "x"}]}),
        ]
        client = await signed_in(fake, max_retries=0)
        for _ in range(3):
            with pytest.raises(BadResponse):
                await client.inquire_batch(batch)
        await client.aclose()

    asyncio.run(scenario())


def test_against_the_mock_quota_items_and_a_resent_batch(
    start_mock: Callable[..., MockProcess], read_otp: Callable[[str, str], str]
) -> None:
    mock = start_mock(quota=2)

    async def scenario() -> None:
        client = SsoClient(mock.url, sleep=Sleeps())
        challenge = await client.login("demo.clerk", "demo-pass")
        await client.verify_otp(challenge.challenge_id, read_otp(mock.url, "demo.clerk"))
        batch = items(*(with_check_digit(f"{400_000_000 + i:09d}") for i in range(3)), "123")
        results = await client.inquire_batch(batch)
        assert [r.result is not None for r in results] == [True, True, False, False]
        assert isinstance(results[2].error, QuotaExhausted)
        assert results[2].error.retry_after is not None and results[2].error.retry_after >= 1
        assert isinstance(results[3].error, InvalidNationalIdError)
        assert not isinstance(results[3].error, RateLimited)
        # Sent again (as after a lost answer): the same answers, nothing charged twice.
        again = await client.inquire_batch(batch[:2])
        assert [r.result for r in again] == [r.result for r in results[:2]]
        assert (await client.me()).quota.used_today == 2
        await client.aclose()

    asyncio.run(scenario())
    stats = httpx.get(f"{mock.url}/_mock/stats", timeout=10).json()
    assert (stats["inquiries_answered"], stats["inquiries_replayed"]) == (2, 2)
