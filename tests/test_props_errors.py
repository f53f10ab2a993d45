"""Properties of the mapping from error responses to the client's exceptions (hypothesis)."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.api_client import errors
from desktop.api_client.errors import (
    PROBLEM_CLASSES,
    PROBLEM_TYPE_PREFIX,
    ApiError,
    error_from_problem,
    error_from_response,
)
from desktop.mock_backend.certificates import issuer  # noqa: F401 - adds its slugs to PROBLEMS
from desktop.mock_backend.problems import PROBLEMS, problem_response

FAST = settings(max_examples=100, deadline=None)

FIELDS = (
    "type",
    "title",
    "detail",
    "status",
    "retry_after_s",
    "attempts_left",
    "errors",
    "reason",
    "required_scope",
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from([PROBLEM_TYPE_PREFIX + slug for slug in [*PROBLEMS, "no-such-slug"]])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=12,
)
problems = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS))


def encode(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


bodies = (
    st.binary(max_size=200)
    | st.text(max_size=200).map(str.encode)
    | json_values.map(encode)
    | problems.map(encode)
)
latin1 = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)


def touch(exc: ApiError) -> None:
    """Everything the UI reads off an error."""
    str(exc), repr(exc), exc.slug, exc.retry_after
    for name in ("attempts_left", "errors", "reason", "required_scope"):
        getattr(exc, name, None)


@FAST
@given(st.integers(100, 599), bodies, st.none() | latin1, st.none() | latin1)
@example(500, b"[" * 100_000, None, None)
@example(429, b'{"retry_after_s": 1' + b"0" * 400 + b"}", None, None)
@example(503, b"{}", "Wed, 21 Oct 2015 07:28:00 GMT", None)
@example(401, b"{}", "Wed, 31 Dec 99999 23:59:59 GMT", None)
@example(200, b"{}", None, "text/html; charset=no-such-charset")
@example(503, b'{"retry_after_s": NaN}', "nan", None)
@example(503, b'{"retry_after_s": -5}', "inf", None)
def test_any_response_maps_to_an_estelam_error(
    status: int, body: bytes, retry_after: str | None, content_type: str | None
) -> None:
    # Header values as the bytes a server or proxy sends.
    headers = [
        (name, value.encode("latin-1"))
        for name, value in ((b"Retry-After", retry_after), (b"Content-Type", content_type))
        if value is not None
    ]
    response = httpx.Response(status, content=body, headers=headers)
    exc = error_from_response(response)
    assert isinstance(exc, errors.EstelamError) and isinstance(exc, ApiError)
    assert exc.status == status
    if exc.retry_after is not None:  # a wait the retry logic can sleep
        assert math.isfinite(exc.retry_after) and exc.retry_after >= 0
    touch(exc)


@FAST
@given(problems, st.none() | st.integers(100, 599))
def test_any_problem_document_maps_to_an_api_error(problem: dict, status: int | None) -> None:
    exc = error_from_problem(problem, status=status)
    assert isinstance(exc, ApiError)
    assert isinstance(exc.status, int)
    if exc.retry_after is not None:
        assert math.isfinite(exc.retry_after) and exc.retry_after >= 0
    touch(exc)


@pytest.mark.parametrize("slug", sorted(PROBLEMS))
def test_every_slug_of_the_mock_maps_to_its_own_exception(slug: str) -> None:
    rendered = problem_response(slug, "detail of the test", attempts_left=2)
    response = httpx.Response(
        rendered.status_code, content=rendered.body, headers=dict(rendered.headers)
    )
    assert slug in PROBLEM_CLASSES, f"the client has no exception for {slug!r}"
    exc = error_from_response(response)
    assert type(exc) is PROBLEM_CLASSES[slug]
    assert exc.slug == slug and exc.detail == "detail of the test"
    assert exc.status == PROBLEMS[slug][0]
