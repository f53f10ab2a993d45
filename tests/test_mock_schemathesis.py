"""The mock's API against its own OpenAPI document, with generated requests (schemathesis).

Every operation, with valid requests and (where it takes any input) invalid ones, signed
in where it needs to be: a clerk's token for the agency operations, a person's for the
portal's. Each answer must not be a server error, must
carry a status the document lists for the operation, and its body must match the
documented schema for that status.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from desktop.mock_backend.cli import SNAPSHOT
from tests.conftest import MockProcess, launch_mock, sign_in_tokens
from tests.mock_certificates import NID as PERSON_NID

#: Generated requests per operation and mode (valid, invalid): 26 runs of 10, about 40 s.
EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def contract_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """A mock of its own: generated sign-ins may lock accounts and use up the quota.
    Limits are raised so that the answers are about the requests, not their rate."""
    mock = launch_mock(
        tmp_path_factory.mktemp("mock-contract-fuzz"),
        demo=True,
        rate_limit=10_000,
        rate_burst=10_000,
        quota=1_000_000,
    )
    yield mock
    mock.stop()


@pytest.fixture(scope="module")
def tokens(contract_mock: MockProcess) -> dict[str, str]:
    clerk = sign_in_tokens(contract_mock.url)["access_token"]
    person = httpx.post(
        f"{contract_mock.url}/api/v1/individual/login",
        json={"national_id": PERSON_NID, "password": "demo-pass"},
        timeout=10,
    )
    person.raise_for_status()
    return {"clerk": clerk, "person": person.json()["access_token"]}


@pytest.fixture(scope="module")
def api_schema(contract_mock: MockProcess) -> Any:
    return schemathesis.openapi.from_url(f"{contract_mock.url}/openapi.json")


# The operations, from the snapshot the served document is checked against
# (test_mock_contract); schemathesis' own pytest loader does not run under pytest 9.
# An operation without parameters or body has no invalid request to make.
OPERATIONS = [
    (method.upper(), path, mode)
    for path, item in json.loads(SNAPSHOT.read_text(encoding="utf-8"))["paths"].items()
    for method, operation in item.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or {"parameters", "requestBody"} & operation.keys()
]


@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS)
def test_every_operation_keeps_to_the_document(
    method: str,
    path: str,
    mode: GenerationMode,
    api_schema: Any,
    contract_mock: MockProcess,
    tokens: dict[str, str],
) -> None:
    operation = api_schema[path][method]
    who = "person" if path.startswith("/api/v1/individual/") else "clerk"
    headers = {"Authorization": f"Bearer {tokens[who]}"}

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(base_url=contract_mock.url, headers=headers, checks=CHECKS)

    run()


# What a longer run (the schemathesis command over the same document, every check) found.


def test_a_body_that_is_not_utf8_is_a_documented_validation_problem(
    contract_mock: MockProcess, tokens: dict[str, str]
) -> None:
    response = httpx.post(
        f"{contract_mock.url}/api/v1/inquiries",
        content=b"\xff\xfe{",
        headers={"Authorization": f"Bearer {tokens['clerk']}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 422  # not 400, which the document does not list
    assert response.json()["type"] == "urn:estelam:problem:validation-error"


def test_a_method_not_allowed_names_the_allowed_ones(contract_mock: MockProcess) -> None:
    response = httpx.request("TRACE", f"{contract_mock.url}/api/v1/auth/login", timeout=10)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json()["type"] == "urn:estelam:problem:method-not-allowed"
