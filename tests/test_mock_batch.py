"""The mock's batch inquiry over real HTTP: per-item answers, replays, limits, knobs."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.mock_backend.accounts import Principal
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.inquiries import Ask, Inquiries
from desktop.mock_backend.national_id import with_check_digit
from desktop.mock_backend.population import status_for
from desktop.mock_backend.store import Store
from tests.conftest import MockProcess

CASE = "۱۴۰۳/۱۲۳"
BATCH = "/api/v1/inquiries/batch"
PROBLEM = "urn:estelam:problem:"


def valid_ids(count: int, start: int = 200_000_000) -> list[str]:
    return [with_check_digit(f"{start + i:09d}") for i in range(count)]


def item(national_id: str, case_reference: str = CASE, key: str | None = None) -> dict[str, Any]:
    return {
        "national_id": national_id,
        "case_reference": case_reference,
        "idempotency_key": key or str(uuid.uuid4()),
    }


def batch(client: httpx.Client, tokens: dict[str, Any], items: list[dict]) -> httpx.Response:
    return client.post(
        BATCH, json={"items": items}, headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )


def stats(client: httpx.Client) -> dict[str, int]:
    return client.get("/_mock/stats").json()


def used_today(client: httpx.Client, tokens: dict[str, Any]) -> int:
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    return me.json()["quota"]["used_today"]


def slug(result: dict[str, Any]) -> str | None:
    problem = result["problem"]
    return None if problem is None else problem["type"].removeprefix(PROBLEM)


@pytest.fixture
def api(mock_server: MockProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_server.url, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def clerk(mock_server: MockProcess) -> dict[str, Any]:
    from tests.conftest import sign_in_tokens

    return sign_in_tokens(mock_server.url)


def test_items_are_answered_in_order_each_with_its_own_problem(
    api: httpx.Client, clerk: dict[str, Any]
) -> None:
    good = valid_ids(3)
    missing = next(n for n in valid_ids(200, 300_000_000) if status_for(n) == "not_found")
    items = [
        item(good[0]),
        item("0012345612"),  # wrong check digit
        item(good[1], case_reference="\u200c "),  # blank once invisible marks are dropped
        item(missing),
        item(good[2]),
    ]
    before, used = stats(api), used_today(api, clerk)
    response = batch(api, clerk, items)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["idempotency_key"] for r in results] == [i["idempotency_key"] for i in items]
    assert [slug(r) for r in results] == [
        None,
        "invalid-national-id",
        "case-reference-required",
        None,
        None,
    ]
    assert results[1]["problem"]["reason"] == "check_digit"
    assert results[1]["problem"]["status"] == 422 and results[1]["result"] is None
    assert [r["result"]["national_id"] for r in results if r["result"]] == [
        good[0],
        missing,
        good[2],
    ]
    assert results[3]["result"]["status"] == "not_found"
    assert len({r["result"]["inquiry_id"] for r in results if r["result"]}) == 3
    # Only answered items are charged and counted.
    assert stats(api)["inquiries_answered"] == before["inquiries_answered"] + 3
    assert used_today(api, clerk) == used + 3


def test_replayed_keys_are_answered_again_uncharged_as_in_the_single_inquiry(
    api: httpx.Client, clerk: dict[str, Any]
) -> None:
    items = [item(n) for n in valid_ids(4, 210_000_000)]
    first = batch(api, clerk, items).json()["results"]
    before, used = stats(api), used_today(api, clerk)
    again = batch(api, clerk, [*items, item(valid_ids(1, 220_000_000)[0])]).json()["results"]
    assert again[:4] == first
    after = stats(api)
    assert after["inquiries_replayed"] == before["inquiries_replayed"] + 4
    assert after["inquiries_answered"] == before["inquiries_answered"] + 1
    assert used_today(api, clerk) == used + 1
    # One key, one answer: the single inquiry replays an item's key too, and vice versa.
    single = api.post(
        "/api/v1/inquiries",
        json={"national_id": items[0]["national_id"], "case_reference": CASE},
        headers={
            "Authorization": f"Bearer {clerk['access_token']}",
            "Idempotency-Key": items[0]["idempotency_key"],
        },
    )
    assert single.json() == first[0]["result"]
    # A key reused for another person is refused for that item alone.
    reused = dict(items[1], national_id=valid_ids(1, 230_000_000)[0])
    results = batch(api, clerk, [reused, item(valid_ids(1, 240_000_000)[0])]).json()["results"]
    assert [slug(r) for r in results] == ["validation-error", None]


def test_a_key_repeated_within_one_request_is_answered_once(
    api: httpx.Client, clerk: dict[str, Any]
) -> None:
    twin = item(valid_ids(1, 250_000_000)[0])
    before = stats(api)
    results = batch(api, clerk, [twin, twin]).json()["results"]
    assert results[0] == results[1]
    after = stats(api)
    assert after["inquiries_answered"] == before["inquiries_answered"] + 1
    assert after["inquiries_replayed"] == before["inquiries_replayed"] + 1


@pytest.mark.parametrize("count", [0, 501])
def test_empty_or_oversized_batches_are_refused(
    api: httpx.Client, clerk: dict[str, Any], count: int
) -> None:
    before = stats(api)["inquiries_answered"]
    ids = valid_ids(count, 260_000_000)
    response = batch(api, clerk, [item(n) for n in ids])
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == PROBLEM + "validation-error"
    assert any(e["loc"] == ["body", "items"] for e in body["errors"])
    assert stats(api)["inquiries_answered"] == before


def test_a_batch_needs_a_token(api: httpx.Client) -> None:
    response = api.post(BATCH, json={"items": [item(valid_ids(1)[0])]})
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM + "token-invalid"


def test_rate_limit_counts_requests_not_items(
    start_mock: Callable[..., MockProcess], sign_in: Callable[..., dict]
) -> None:
    mock = start_mock(rate_limit=0.01, rate_burst=2)
    tokens = sign_in(mock.url)
    ids = valid_ids(300, 270_000_000)
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        # Two requests of 100 items each pass a burst of two.
        for part in (ids[:100], ids[100:200]):
            assert batch(client, tokens, [item(n) for n in part]).status_code == 200
        refused = batch(client, tokens, [item(n) for n in ids[200:]])
        assert refused.status_code == 429
        assert refused.json()["type"] == PROBLEM + "rate-limited"
        assert int(refused.headers["Retry-After"]) >= 1
        counts = stats(client)
        assert counts["inquiries_answered"] == 200  # the refused request charged nothing
        assert counts["rate_limited"] == 1
        assert used_today(client, tokens) == 200


def test_quota_counts_items_and_items_beyond_it_get_their_own_problem(
    start_mock: Callable[..., MockProcess], sign_in: Callable[..., dict]
) -> None:
    mock = start_mock(quota=3)
    tokens = sign_in(mock.url)
    items = [item(n) for n in valid_ids(5, 280_000_000)]
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        results = batch(client, tokens, items).json()["results"]
        assert [slug(r) for r in results] == [None] * 3 + ["quota-exhausted"] * 2
        problem = results[3]["problem"]
        assert problem["status"] == 429 and 1 <= problem["retry_after_s"] <= 24 * 3600
        # With the quota used up, replays are still answered; new items are not.
        again = batch(client, tokens, items[:4]).json()["results"]
        assert again[:3] == results[:3] and slug(again[3]) == "quota-exhausted"
        assert stats(client)["inquiries_answered"] == 3
        assert used_today(client, tokens) == 3


def test_latency_applies_once_per_request_and_failures_before_any_work(
    start_mock: Callable[..., MockProcess], sign_in: Callable[..., dict]
) -> None:
    slow = start_mock(latency_ms=300)
    tokens = sign_in(slow.url)
    with httpx.Client(base_url=slow.url, timeout=10) as client:
        started = time.monotonic()
        response = batch(client, tokens, [item(n) for n in valid_ids(200, 290_000_000)])
        elapsed = time.monotonic() - started
        assert response.status_code == 200
        assert 0.3 <= elapsed < 3.0  # once, not 200 times 0.3 s
    failing = start_mock(fail_rate=1.0)
    with httpx.Client(base_url=failing.url, timeout=10) as client:
        response = batch(client, {"access_token": "unused"}, [item(valid_ids(1)[0])])
        assert response.status_code == 503
        assert response.json()["type"] == PROBLEM + "server-error"
        assert stats(client)["inquiries_answered"] == 0


def test_one_commit_for_a_whole_batch(tmp_path: Path) -> None:
    store = Store(tmp_path / "mock.sqlite3")
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    inquiries = Inquiries(store, MockConfig(data_dir=tmp_path, quota=1000))
    who = Principal("demo.clerk", "مریم احمدی", "AG-1001", ("inquiry",))
    asks = [Ask(n, CASE, None, str(uuid.uuid4())) for n in valid_ids(500, 310_000_000)]
    outcomes = inquiries.inquire_batch(who, asks)
    assert all(isinstance(o, dict) for o in outcomes)
    assert statements.count("COMMIT") == 1
    assert store.stats()["inquiries_answered"] == 500
    store.close()
    with sqlite3.connect(tmp_path / "mock.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 500
