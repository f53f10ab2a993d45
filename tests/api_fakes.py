"""A scripted stand-in for the service, served through httpx.MockTransport.

For single-layer tests of the client; the API tests use the real mock backend.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx

from desktop.api_client import RetryPolicy, SsoClient

SERVER = "https://sso.test"

ME_JSON: dict[str, Any] = {
    "username": "demo.clerk",
    "full_name": "مریم احمدی",
    "agency": {"id": "AG-1001", "name": "دادگاه خانواده شماره ۲ تهران", "kind": "court"},
    "mou": {"number": "MOU-1402-0153", "valid_from": "2024-03-20", "valid_until": "2027-03-20"},
    "scopes": ["inquiry", "redeem"],
    "quota": {"daily_limit": 100000, "used_today": 12, "left_today": 99988},
}

STATUS_JSON: dict[str, Any] = {
    "inquiry_id": "INQ-20261125-000042",
    "national_id": "0012345679",
    "status": "insured_active",
    "first_name": "علی",
    "last_name": "رضایی",
    "father_name": "حسن",
    "birth_date": "1988-04-12",
    "gender": "male",
    "insurance_number": "1234567890",
    "insurance_kind": "mandatory",
    "last_contribution_month": "1405-07",
    "total_record": {"years": 12, "months": 3, "days": 14},
    "workshop": {"id": "1234567890", "name": "شرکت نمونه"},
    "branch": {"code": "1234", "name": "شعبه ۱۲ تهران"},
    "pension_kind": None,
    "as_of": "2026-11-25T08:12:00Z",
    "answered_at": "2026-11-25T08:12:00Z",
}

NOT_FOUND_JSON: dict[str, Any] = {
    "inquiry_id": "INQ-20261125-000043",
    "national_id": "0012345679",
    "status": "not_found",
    **dict.fromkeys(
        [
            "first_name",
            "last_name",
            "father_name",
            "birth_date",
            "gender",
            "insurance_number",
            "insurance_kind",
            "last_contribution_month",
            "total_record",
            "workshop",
            "branch",
            "pension_kind",
        ]
    ),
    "as_of": "2026-11-25T08:12:00Z",
    "answered_at": "2026-11-25T08:12:00Z",
}


def problem(
    slug: str, status: int, headers: dict[str, str] | None = None, **extensions: Any
) -> httpx.Response:
    body = {
        "type": f"urn:estelam:problem:{slug}",
        "title": slug.replace("-", " ").capitalize(),
        "status": status,
        "detail": f"detail of {slug}",
        **extensions,
    }
    headers = dict(headers or {})
    if status == 401 and slug.startswith(("token-", "session-")):
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/problem+json", **headers},
    )


def token_json(n: int) -> dict[str, Any]:
    return {
        "access_token": f"access-{n}",
        "refresh_token": f"refresh-{n}",
        "token_type": "Bearer",
        "expires_in": 300,
        "refresh_expires_in": 43200,
    }


class FakeSso:
    """Issues numbered tokens and answers /me and /inquiries while the token is current.

    `script` maps "METHOD /path" to a list of canned responses (or exceptions) served
    before the normal behaviour, one per request.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.script: dict[str, list[httpx.Response | Exception]] = {}
        self.generation = 0
        self.current_access: str | None = None
        self.current_refresh: str | None = None
        self.refresh_gate: asyncio.Event | None = None
        self._arrived: asyncio.Condition | None = None

    async def wait_for_requests(self, route: str, n: int) -> None:
        """Return once `route` has been requested n times."""
        self._arrived = self._arrived or asyncio.Condition()
        async with self._arrived:
            await self._arrived.wait_for(lambda: self.count(route) >= n)

    def issue(self) -> dict[str, Any]:
        self.generation += 1
        self.current_access = f"access-{self.generation}"
        self.current_refresh = f"refresh-{self.generation}"
        return token_json(self.generation)

    def expire_access(self) -> None:
        self.current_access = "expired"

    def count(self, route: str) -> int:
        method, path = route.split(" ", 1)
        return sum(1 for r in self.requests if r.method == method and r.url.path.endswith(path))

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self._arrived is not None:
            async with self._arrived:
                self._arrived.notify_all()
        route = f"{request.method} {request.url.path.removeprefix('/api/v1')}"
        canned = self.script.get(route)
        if canned:
            item = canned.pop(0)
            if isinstance(item, Exception):
                raise item
            return item
        body = json.loads(request.content) if request.content else {}
        if route == "POST /auth/login":
            return httpx.Response(
                200,
                json={
                    "challenge_id": "ch-1",
                    "channel": "sms",
                    "masked_phone": "0912***4567",
                    "expires_in": 120,
                },
            )
        if route == "POST /auth/otp":
            return httpx.Response(200, json=self.issue())
        if route == "POST /auth/refresh":
            if self.refresh_gate is not None:
                await self.refresh_gate.wait()
            if body.get("refresh_token") != self.current_refresh:
                self.current_refresh = None
                return problem("session-expired", 401)
            return httpx.Response(200, json=self.issue())
        if route == "POST /auth/revoke":
            self.current_access = self.current_refresh = None
            return httpx.Response(204)
        if route in ("GET /me", "POST /inquiries"):
            auth = request.headers.get("Authorization", "")
            if auth == "Bearer expired":
                return problem("token-expired", 401)
            if self.current_access is None or auth != f"Bearer {self.current_access}":
                return problem("token-invalid", 401)
            return httpx.Response(200, json=ME_JSON if route == "GET /me" else STATUS_JSON)
        return problem("not-found", 404)


class Sleeps(list[float]):
    """An injectable sleep that records the requested waits and does not wait."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(
    fake: Callable[[httpx.Request], Any],
    *,
    sleeps: Sleeps | None = None,
    max_retries: int = 3,
    jitter: float = 1.0,
    **kwargs: Any,
) -> SsoClient:
    kwargs.setdefault("retry_policy", RetryPolicy(max_retries=max_retries, random=lambda: jitter))
    return SsoClient(
        SERVER,
        transport=httpx.MockTransport(fake),
        sleep=sleeps if sleeps is not None else Sleeps(),
        **kwargs,
    )
