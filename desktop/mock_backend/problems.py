"""RFC 9457 problem documents: the one shape every error leaves the mock in."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:estelam:problem:"
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer error="invalid_token"'}

log = logging.getLogger(__name__)

# slug -> (status, title). The slugs are part of the contract; never rename one.
PROBLEMS: dict[str, tuple[int, str]] = {
    "invalid-credentials": (401, "Wrong username or password"),
    "account-locked": (423, "Account temporarily locked"),
    "otp-invalid": (401, "Wrong one-time code"),
    "otp-expired": (401, "One-time code expired"),
    "challenge-locked": (423, "Too many wrong codes"),
    "challenge-unknown": (404, "Unknown sign-in challenge"),
    "token-expired": (401, "Access token expired"),
    "token-invalid": (401, "Access token invalid"),
    "session-expired": (401, "Session expired"),
    "forbidden-scope": (403, "Not allowed by the agency's scopes"),
    "validation-error": (422, "Invalid request"),
    "invalid-national-id": (422, "Invalid national ID"),
    "case-reference-required": (422, "Case reference required"),
    "quota-exhausted": (429, "Daily quota used up"),
    "rate-limited": (429, "Too many requests"),
    "too-many-attempts": (429, "Too many failed attempts"),
    "server-error": (503, "Service unavailable"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "payload-too-large": (413, "Request body too large"),
}


class ProblemError(Exception):
    """Raised anywhere in a request; the handler turns it into a problem response."""

    def __init__(
        self,
        slug: str,
        detail: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(f"{slug}: {detail}")
        default_status, self.title = PROBLEMS[slug]
        self.slug = slug
        self.status = status or default_status
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_response(
    slug: str,
    detail: str,
    *,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    return render(ProblemError(slug, detail, status=status, headers=headers, **extensions))


def problem_body(exc: ProblemError) -> dict[str, Any]:
    """The problem document alone: a response's body, or one item's answer in a batch."""
    return jsonable_encoder(
        {
            "type": TYPE_PREFIX + exc.slug,
            "title": exc.title,
            "status": exc.status,
            "detail": exc.detail,
            **exc.extensions,
        }
    )


def render(exc: ProblemError) -> JSONResponse:
    body = problem_body(exc)
    headers = dict(exc.headers)
    if exc.status == 401 and exc.slug.startswith(("token-", "session-")):
        headers.update(BEARER_CHALLENGE)
    return JSONResponse(
        body,
        status_code=exc.status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def install(app: FastAPI) -> None:
    """Route every error, including FastAPI's own, through the problem shape."""

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return render(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return problem_response(
            "validation-error", "The request body or parameters are not valid.", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return problem_response("not-found", "No such resource.")
        if exc.status_code == 405:
            # RFC 9110: a 405 names the methods that are allowed (Starlette's Allow header).
            return problem_response(
                "method-not-allowed", "This method is not allowed here.", headers=exc.headers
            )
        if exc.status_code == 400:
            # A body that is not JSON at all (bytes that are not UTF-8): the same documented
            # validation problem as a JSON body of the wrong shape.
            return problem_response("validation-error", str(exc.detail), errors=[])
        return problem_response(
            "validation-error" if exc.status_code < 500 else "server-error",
            str(exc.detail),
            status=exc.status_code,
        )

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem_response("server-error", "Internal error.", status=500)
