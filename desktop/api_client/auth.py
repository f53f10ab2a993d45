"""Bearer tokens in memory and the httpx auth flow that refreshes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import httpx

from desktop.api_client.errors import SessionExpired, problem_slug
from desktop.api_client.models import TokenPair

# Answers after which a fresh access token may help.
_REFRESHABLE = frozenset({"token-expired", "token-invalid"})


class Tokens:
    """The session's current tokens. The access token only ever lives here, in memory."""

    def __init__(self) -> None:
        self.access_token: str | None = None
        self.refresh_token: str | None = None

    def install(self, pair: TokenPair) -> None:
        self.access_token = pair.access_token
        self.refresh_token = pair.refresh_token

    def use_refresh_token(self, refresh_token: str) -> None:
        self.access_token = None
        self.refresh_token = refresh_token

    def forget(self) -> None:
        self.access_token = None
        self.refresh_token = None

    def __repr__(self) -> str:
        return (
            f"Tokens(access_token={'***' if self.access_token else None}, "
            f"refresh_token={'***' if self.refresh_token else None})"
        )


class BearerAuth(httpx.Auth):
    """Adds the access token; on a token-expired/-invalid answer refreshes once and resends.

    Refreshes are serialised: requests that fail together with the same stale token wait
    for one refresh and then all resend with its result. Refresh tokens rotate and a reused
    one ends the whole session, so refreshing twice in parallel would sign the user out.
    """

    def __init__(self, tokens: Tokens, refresh: Callable[[], Awaitable[TokenPair]]) -> None:
        self._tokens = tokens
        self._refresh = refresh
        self._lock = asyncio.Lock()

    async def refresh(self) -> TokenPair:
        """Refresh now, whatever the state of the access token."""
        async with self._lock:
            return await self._refresh()

    async def refresh_if_stale(self, stale_access_token: str | None) -> None:
        """Refresh unless another request already replaced `stale_access_token`."""
        async with self._lock:
            if self._tokens.access_token != stale_access_token:
                return
            if self._tokens.refresh_token is None:
                raise SessionExpired.local("Not signed in.")
            await self._refresh()

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError("BearerAuth works with httpx.AsyncClient only")
        yield request  # pragma: no cover - makes this a generator like the base class

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = self._tokens.access_token
        if token is None:
            # A restored session starts with only a refresh token.
            await self.refresh_if_stale(None)
            token = self._tokens.access_token
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        await response.aread()  # overriding async_auth_flow skips the base class's read
        if problem_slug(response) not in _REFRESHABLE:
            return
        await self.refresh_if_stale(token)
        request.headers["Authorization"] = f"Bearer {self._tokens.access_token}"
        yield request
