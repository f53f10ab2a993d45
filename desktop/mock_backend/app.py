"""The FastAPI application: routes, auth dependencies, latency and failure knobs."""

import asyncio
import contextlib
import datetime as dt
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from . import clock
from .accounts import Accounts, Principal
from .certificates.router import install_certificates
from .config import MockConfig
from .faults import FaultInjection
from .inquiries import Ask, Inquiries, daily_limit, used_today
from .limits import BodyLimit
from .models import (
    AgencyRecord,
    BatchInquiryRequest,
    BatchInquiryResponse,
    InquiryRequest,
    LoginRequest,
    Me,
    OtpChallenge,
    OtpRequest,
    Outbox,
    Problem,
    RefreshRequest,
    Stats,
    StatusResult,
    TokenPair,
)
from .problems import (
    PROBLEM_MEDIA_TYPE,
    PROBLEMS,
    ProblemError,
    install,
    problem_body,
    problem_response,
)
from .store import Store

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"

_bearer = HTTPBearer(auto_error=False, description="The opaque access token from /auth/otp.")


def errors(*slugs: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for the problems a route can answer with."""
    by_status: dict[int, list[str]] = {}
    for slug in slugs:
        by_status.setdefault(PROBLEMS[slug][0], []).append(slug)
    return {
        status: {"model": Problem, "description": "Problem: " + ", ".join(names)}
        for status, names in sorted(by_status.items())
    }


# Every /api/v1 route may be failed on purpose (--fail-rate), and refuses a body over
# the limit (limits.py).
COMMON_PROBLEMS = ("server-error", "validation-error", "payload-too-large")
_TOKEN = ("token-expired", "token-invalid")


def create_app(config: MockConfig) -> FastAPI:
    store = Store(config.db_path)
    accounts = Accounts(store, config)
    accounts.seed()
    inquiries = Inquiries(store, config)
    chance = random.Random(config.fault_seed)  # --fault-seed makes --fail-rate repeatable too

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Estelam mock SSO",
        version=API_VERSION,
        description="Account service and status inquiry, as the SSO side of Estelam Desk.",
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.store = store
    install(app)

    @app.middleware("http")
    async def knobs(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Any:
        if not request.url.path.startswith(API_PREFIX + "/"):
            return await call_next(request)
        if config.latency_ms > 0:
            await asyncio.sleep(config.latency_ms / 1000)
        # Decided before any work, so an injected failure never follows a charge.
        if config.fail_rate > 0 and chance.random() < config.fail_rate:
            await asyncio.to_thread(store.increment, "failures_injected")
            return problem_response("server-error", "Injected failure; try again.")
        return await call_next(request)

    # Outside the routes and the knobs: a body over the limit meets none of them.
    app.add_middleware(BodyLimit)
    if config.fault_rate > 0:
        # Added last, so it sits outside everything else: dropping a connection needs
        # uvicorn's own `receive`, not one wrapped by another middleware.
        app.add_middleware(FaultInjection, config=config, store=store)

    def principal(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        return accounts.authenticate(creds.credentials if creds else None)

    def scope(name: str) -> Callable[..., Principal]:
        def check(who: Annotated[Principal, Depends(principal)]) -> Principal:
            if name not in who.scopes:
                raise ProblemError(
                    "forbidden-scope",
                    f"The agency's MoU does not grant '{name}'.",
                    required_scope=name,
                )
            return who

        return check

    @app.post(
        f"{API_PREFIX}/auth/login",
        tags=["account"],
        summary="Check the password and send a one-time code by SMS",
        response_model=OtpChallenge,
        responses=errors(
            *COMMON_PROBLEMS, "invalid-credentials", "account-locked", "too-many-attempts"
        ),
    )
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        return accounts.login(body.username, body.password, _address(request))

    @app.post(
        f"{API_PREFIX}/auth/otp",
        tags=["account"],
        summary="Exchange the one-time code for tokens",
        response_model=TokenPair,
        responses=errors(
            *COMMON_PROBLEMS,
            "otp-invalid",
            "otp-expired",
            "challenge-locked",
            "challenge-unknown",
            "too-many-attempts",
        ),
    )
    def verify_otp(body: OtpRequest, request: Request) -> dict[str, Any]:
        return accounts.verify_otp(body.challenge_id, body.code, _address(request))

    @app.post(
        f"{API_PREFIX}/auth/refresh",
        tags=["account"],
        summary="Rotate the refresh token and get a new access token",
        response_model=TokenPair,
        responses=errors(*COMMON_PROBLEMS, "session-expired"),
    )
    def refresh(body: RefreshRequest) -> dict[str, Any]:
        return accounts.refresh(body.refresh_token)

    @app.post(
        f"{API_PREFIX}/auth/revoke",
        tags=["account"],
        summary="End the session (idempotent)",
        status_code=204,
        response_class=Response,
        responses=errors(*COMMON_PROBLEMS),
    )
    def revoke(body: RefreshRequest) -> Response:
        accounts.revoke(body.refresh_token)
        return Response(status_code=204)

    @app.get(
        f"{API_PREFIX}/me",
        tags=["account"],
        summary="The clerk, agency, MoU, scopes and today's quota",
        response_model=Me,
        responses=errors(*COMMON_PROBLEMS, *_TOKEN),
    )
    def me(who: Annotated[Principal, Depends(principal)]) -> dict[str, Any]:
        agency = store.one("SELECT * FROM agencies WHERE id = ?", who.agency_id)
        assert agency is not None
        limit = daily_limit(store, config, who.agency_id)
        used = used_today(store, who.agency_id, clock.now())
        return {
            "username": who.username,
            "full_name": who.full_name,
            "agency": {"id": agency["id"], "name": agency["name"], "kind": agency["kind"]},
            "mou": {
                "number": agency["mou_number"],
                "valid_from": agency["mou_valid_from"],
                "valid_until": agency["mou_valid_until"],
            },
            "scopes": list(who.scopes),
            "quota": {"daily_limit": limit, "used_today": used, "left_today": max(0, limit - used)},
        }

    @app.post(
        f"{API_PREFIX}/inquiries",
        tags=["inquiry"],
        summary="Inquire one person's insurance status for a case",
        response_model=StatusResult,
        # Fields the agency may not see are left out, not sent as null.
        response_model_exclude_unset=True,
        responses=errors(
            *COMMON_PROBLEMS,
            *_TOKEN,
            "forbidden-scope",
            "invalid-national-id",
            "case-reference-required",
            "quota-exhausted",
            "rate-limited",
        ),
    )
    def inquire(
        body: InquiryRequest,
        who: Annotated[Principal, Depends(scope("inquiry"))],
        idempotency_key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                min_length=1,
                max_length=200,
                description="Same key within 24 h returns the stored answer, uncharged.",
            ),
        ] = None,
    ) -> dict[str, Any]:
        return inquiries.inquire(
            who, body.national_id, body.case_reference, body.purpose, idempotency_key
        )

    @app.post(
        f"{API_PREFIX}/inquiries/batch",
        tags=["inquiry"],
        summary="Inquire many people's insurance status in one request",
        description="Each item is answered as the single inquiry would answer it, in order, "
        "with its `result` or its own `problem` (invalid-national-id, "
        "case-reference-required, quota-exhausted, validation-error for a reused key). "
        "The rate limit counts requests: a refused request charges nothing. The daily "
        "quota counts items: items beyond it get quota-exhausted, the rest are answered.",
        response_model=BatchInquiryResponse,
        response_model_exclude_unset=True,
        responses=errors(*COMMON_PROBLEMS, *_TOKEN, "forbidden-scope", "rate-limited"),
    )
    def inquire_batch(
        body: BatchInquiryRequest, who: Annotated[Principal, Depends(scope("inquiry"))]
    ) -> dict[str, Any]:
        asks = [
            Ask(i.national_id, i.case_reference, i.purpose, i.idempotency_key) for i in body.items
        ]
        outcomes = inquiries.inquire_batch(who, asks)
        return {
            "results": [
                {
                    "idempotency_key": ask.idempotency_key,
                    "result": None if isinstance(outcome, ProblemError) else outcome,
                    "problem": problem_body(outcome) if isinstance(outcome, ProblemError) else None,
                }
                for ask, outcome in zip(asks, outcomes, strict=True)
            ]
        }

    @app.get(
        f"{API_PREFIX}/agency/inquiries",
        tags=["inquiry"],
        summary="The agency's recent inquiries and redeems, as the SSO recorded them",
        description="Only the caller's agency; every clerk of it sees every clerk's lines. "
        "National IDs are masked: a listing of everyone an agency asked about reaches "
        "further than any one case needs, and the masked ID with the case reference and the "
        "inquiry id is enough to match a line to a case file.",
        response_model=AgencyRecord,
        responses=errors(*COMMON_PROBLEMS, *_TOKEN),
    )
    def agency_record(
        who: Annotated[Principal, Depends(principal)],
        since: Annotated[
            dt.datetime | None,
            Query(description="Only lines at or after this time (ISO-8601 with a zone)."),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        return {"items": agency_lines(store, who.agency_id, since, limit)}

    install_certificates(app, store, config, redeemer=scope("redeem"))

    if config.test_endpoints_enabled:
        _add_test_endpoints(app, store, accounts)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _address(request: Request) -> str:
    """Where a sign-in comes from, for throttling guesses spread over many accounts: the
    peer's address, or X-Forwarded-For's only when the mock was told it stands behind a
    proxy (MockConfig.trust_proxy; server.make_server)."""
    return request.client.host if request.client else ""


def _add_test_endpoints(app: FastAPI, store: Store, accounts: Accounts) -> None:
    @app.get("/_mock/outbox", response_model=Outbox, include_in_schema=False)
    def outbox(username: Annotated[str | None, Query()] = None) -> dict[str, Any]:
        if username is None:
            rows = store.all("SELECT * FROM outbox ORDER BY id")
        else:
            rows = store.all("SELECT * FROM outbox WHERE username = ? ORDER BY id", username)
        return {
            "messages": [
                {
                    "username": r["username"],
                    "code": r["code"],
                    "challenge_id": r["challenge_id"],
                    "sent_at": clock.iso_utc(r["sent_at"]),
                }
                for r in rows
            ]
        }

    @app.get("/_mock/stats", response_model=Stats, include_in_schema=False)
    def stats() -> dict[str, int]:
        return store.stats()

    @app.get("/_mock/charges", include_in_schema=False)
    def charges(agency_id: Annotated[str | None, Query()] = None) -> dict[str, int]:
        """Charged inquiries (the audit) counted per idempotency key and per national ID:
        a key or an ID charged more than once shows in the `twice` counts."""
        where, params = ("WHERE agency_id = ?", (agency_id,)) if agency_id else ("", ())
        counts: dict[str, int] = {}
        for column in ("idempotency_key", "national_id"):
            row = store.one(
                "SELECT count(*) AS n, sum(times) AS charged, sum(times > 1) AS twice FROM "
                f"(SELECT count(*) AS times FROM audit {where} GROUP BY agency_id, {column})",
                *params,
            )
            assert row is not None
            counts[f"{column}s"] = int(row["n"])
            counts["charged"] = int(row["charged"] or 0)
            counts[f"{column}s_charged_twice"] = int(row["twice"] or 0)
        return counts

    @app.post("/_mock/users/{username}/end-sessions", include_in_schema=False)
    def end_sessions(username: str) -> dict[str, int]:
        return {"ended": accounts.revoke_user(username)}


def agency_lines(
    store: Store, agency_id: str, since: dt.datetime | None, limit: int
) -> list[dict[str, Any]]:
    """Inquiries (the `audit` table, single and batch alike) and redeems of one agency,
    newest first."""
    if since is not None and since.tzinfo is None:
        raise ProblemError(
            "validation-error",
            "'since' needs a time zone.",
            errors=[{"loc": ["query", "since"], "msg": "no time zone", "type": "value_error"}],
        )
    after = since.timestamp() if since is not None else float("-inf")
    rows = store.all(
        "SELECT * FROM ("
        "  SELECT 'inquiry' AS kind, inquiry_id AS reference, answered_at AS at, username,"
        "         national_id, case_reference, purpose, status AS outcome"
        "  FROM audit WHERE agency_id = ? AND answered_at >= ?"
        "  UNION ALL"
        "  SELECT 'redeem', r.serial, r.redeemed_at, r.username, c.national_id, NULL, NULL,"
        "         'redeemed'"
        "  FROM cert_redemptions r JOIN cert_certificates c ON c.serial = r.serial"
        "  WHERE r.agency_id = ? AND r.redeemed_at >= ?"
        ") ORDER BY at DESC, reference DESC LIMIT ?",
        agency_id,
        after,
        agency_id,
        after,
        limit,
    )
    return [
        {
            "kind": r["kind"],
            "reference": r["reference"],
            "at": clock.iso_utc(r["at"]),
            "username": r["username"],
            "national_id_masked": _mask(r["national_id"]),
            "case_reference": r["case_reference"],
            "purpose": r["purpose"],
            "outcome": r["outcome"],
        }
        for r in rows
    ]


def _mask(national_id: str) -> str:
    return national_id[:3] + "*" * max(0, len(national_id) - 5) + national_id[-2:]


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with errors typed as application/problem+json."""
    if app.openapi_schema is None:
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for path in doc.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if status.isdigit() and int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
        app.openapi_schema = doc
    return app.openapi_schema
