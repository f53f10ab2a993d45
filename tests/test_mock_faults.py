"""The mock's injected faults over real HTTP, and idempotent answers across a restart."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.mock_backend.cli import build_parser, config_from_args
from tests.batch_fixtures import free_port
from tests.conftest import MockProcess
from tests.test_mock_batch import batch, item, stats, valid_ids

StartMock = Callable[..., MockProcess]
REQUESTS = 12


def charges(client: httpx.Client) -> dict[str, int]:
    return client.get("/_mock/charges").json()


def send_all(
    client: httpx.Client, tokens: dict[str, Any], batches: list[list[dict]]
) -> list[httpx.Response | Exception]:
    outcomes: list[httpx.Response | Exception] = []
    for items in batches:
        try:
            outcomes.append(batch(client, tokens, items))
        except httpx.HTTPError as exc:
            outcomes.append(exc)
    return outcomes


def batches_of(count: int, size: int, start: int) -> list[list[dict]]:
    ids = valid_ids(count * size, start)
    return [[item(n) for n in ids[i : i + size]] for i in range(0, len(ids), size)]


def test_dropped_connections_reach_the_client_as_transport_errors(
    start_mock: StartMock, sign_in: Callable[..., dict]
) -> None:
    mock = start_mock(fault_rate=1.0, fault_kinds="drop", fault_seed=7)
    tokens = sign_in(mock.url)  # signing in is never disturbed
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        outcomes = send_all(client, tokens, batches_of(REQUESTS, 3, 400_000_000))
        assert all(isinstance(o, httpx.RemoteProtocolError | httpx.ReadError) for o in outcomes), (
            outcomes
        )
        counts = stats(client)
        assert counts["faults_drop"] == counts["inquiry_requests"] == REQUESTS
        # Some were cut before any work, some after the work was done and charged.
        assert 0 < counts["faults_after_work"] < REQUESTS
        assert counts["inquiries_answered"] == 3 * counts["faults_after_work"]
        assert client.get("/api/v1/me", headers=_bearer(tokens)).status_code == 200


def test_server_errors_before_and_after_the_work(
    start_mock: StartMock, sign_in: Callable[..., dict]
) -> None:
    mock = start_mock(fault_rate=1.0, fault_kinds="5xx", fault_seed=3)
    tokens = sign_in(mock.url)
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        outcomes = send_all(client, tokens, batches_of(REQUESTS, 2, 410_000_000))
        assert {o.status_code for o in outcomes if isinstance(o, httpx.Response)} == {503}
        counts = stats(client)
        assert counts["faults_5xx"] == REQUESTS and counts["faults_drop"] == 0
        assert 0 < counts["faults_after_work"] < REQUESTS
        assert counts["inquiries_answered"] == 2 * counts["faults_after_work"]


def test_a_timeout_fault_outlasts_the_clients_timeout_and_the_work_still_happens(
    start_mock: StartMock, sign_in: Callable[..., dict]
) -> None:
    mock = start_mock(fault_rate=1.0, fault_kinds="timeout", fault_timeout=1.0, fault_seed=1)
    tokens = sign_in(mock.url)
    requests = 4
    with httpx.Client(base_url=mock.url, timeout=0.3) as client:
        outcomes = send_all(client, tokens, batches_of(requests, 1, 420_000_000))
        assert all(isinstance(o, httpx.ReadTimeout) for o in outcomes), outcomes
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        deadline = time.monotonic() + 5
        # Those held back before their work are handled late, after the client gave up.
        while (counts := stats(client))["inquiries_answered"] < requests:
            assert time.monotonic() < deadline, counts
            time.sleep(0.1)
        assert counts["faults_timeout"] == requests


def test_a_fault_rate_draws_every_kind(start_mock: StartMock, sign_in: Callable[..., dict]) -> None:
    mock = start_mock(fault_rate=0.5, fault_seed=11, fault_timeout=0.5)
    tokens = sign_in(mock.url)
    with httpx.Client(base_url=mock.url, timeout=0.2) as client:
        send_all(client, tokens, batches_of(30, 1, 430_000_000))
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        counts = stats(client)
    faults = sum(counts[f"faults_{kind}"] for kind in ("5xx", "timeout", "drop"))
    assert counts["inquiry_requests"] == 30 and 5 <= faults <= 25
    assert all(counts[f"faults_{kind}"] > 0 for kind in ("5xx", "timeout", "drop")), counts


def test_answers_lost_after_the_charge_are_replayed_free_after_a_restart(
    start_mock: StartMock, sign_in: Callable[..., dict]
) -> None:
    port = free_port()
    faulty = start_mock(port=port, fault_rate=1.0, fault_kinds="drop,5xx", fault_seed=5)
    tokens = sign_in(faulty.url)
    sent = batches_of(REQUESTS, 5, 440_000_000)
    with httpx.Client(base_url=faulty.url, timeout=10) as client:
        send_all(client, tokens, sent)
        lost = stats(client)
    assert 0 < lost["faults_after_work"] < REQUESTS
    faulty.process.kill()  # a crash: what was committed must be all there is
    faulty.stop()

    healthy = start_mock(data_dir=faulty.data_dir, port=port)
    with httpx.Client(base_url=healthy.url, timeout=10) as client:
        first = [r.json()["results"] for r in send_all(client, tokens, sent)]
        again = [r.json()["results"] for r in send_all(client, tokens, sent)]
        counts = stats(client)
        charged = charges(client)
    assert first == again  # the stored answers, word for word
    items = REQUESTS * 5
    # Charged once each: those whose answers were lost before the restart are replayed.
    assert counts["inquiries_answered"] == items
    assert counts["inquiries_replayed"] == 5 * lost["faults_after_work"] + items
    assert charged == {
        "charged": items,
        "idempotency_keys": items,
        "national_ids": items,
        "idempotency_keys_charged_twice": 0,
        "national_ids_charged_twice": 0,
    }


def test_fault_options_are_checked(tmp_path: Path) -> None:
    parser = build_parser()
    for flags, message in (
        (["--fault-kinds", "5xx,flood"], "--fault-kinds"),
        (["--fault-rate", "1.5"], "--fault-rate"),
    ):
        with pytest.raises(SystemExit, match=message):
            config_from_args(parser.parse_args(["--data-dir", str(tmp_path), *flags]))
    config = config_from_args(
        parser.parse_args(["--data-dir", str(tmp_path), "--fault-rate", "0.1", "--fault-seed", "4"])
    )
    assert (config.fault_rate, config.fault_seed, config.fault_kinds) == (
        0.1,
        4,
        "5xx,timeout,drop",
    )


def _bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
