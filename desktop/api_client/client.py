"""SsoClient: the account and inquiry services over one shared httpx.AsyncClient."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
import re
import ssl
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import urlencode

import httpx

from desktop import __version__
from desktop.api_client.auth import BearerAuth, Tokens
from desktop.api_client.errors import (
    BadResponse,
    ConnectionFailed,
    EstelamError,
    ProxyFailed,
    SessionExpired,
    Timeout,
    UntrustedServer,
    error_from_response,
)
from desktop.api_client.models import (
    AgencyRecordItem,
    BatchInquiryItem,
    BatchItemResult,
    Me,
    OtpChallenge,
    RedeemedCertificate,
    StatusResult,
    TokenPair,
)
from desktop.api_client.network import (
    API_PREFIX,
    NetworkOptions,
    check_server_url,
    normalize_server_url,
)
from desktop.api_client.retry import RetryPolicy, may_repeat

log = logging.getLogger(__name__)

PEM_MEDIA_TYPE = "application/x-pem-file"
CRL_MEDIA_TYPE = "application/pkix-crl"
_PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)

Sleep = Callable[[float], Awaitable[None]]
TokensCallback = Callable[[TokenPair], Awaitable[None] | None]
_Model = TypeVar("_Model")


class SsoClient:
    """Account service and status inquiry.

    `on_tokens` is called (and awaited, when it returns an awaitable) after every new
    token pair: the OTP step and every refresh. Refresh tokens rotate, so whoever keeps
    the refresh token must store the new one each time.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 15.0,
        max_retries: int = 3,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        on_tokens: TokensCallback | None = None,
        network: NetworkOptions | None = None,
    ) -> None:
        self.server_url = check_server_url(normalize_server_url(base_url))
        self.network = network or NetworkOptions()
        self.on_tokens = on_tokens
        self._retry = retry_policy or RetryPolicy(max_retries=max_retries)
        self._sleep = sleep
        self._tokens = Tokens()
        self._auth = BearerAuth(self._tokens, self._refresh_tokens)
        self._http = httpx.AsyncClient(
            base_url=self.server_url + API_PREFIX,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": f"EstelamDesk/{__version__}", "Accept": "application/json"},
            **self.network.httpx_arguments(self.server_url),
        )

    def __repr__(self) -> str:
        return f"SsoClient({self.server_url!r}, signed_in={self.signed_in})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def signed_in(self) -> bool:
        """True while the client holds a refresh token (it may still turn out revoked)."""
        return self._tokens.refresh_token is not None

    # -- account service ---------------------------------------------------------------

    async def login(self, username: str, password: str) -> OtpChallenge:
        response = await self._call(
            "POST", "/auth/login", json={"username": username, "password": password}
        )
        return _parse(OtpChallenge.from_json, response)

    async def verify_otp(self, challenge_id: str, code: str) -> TokenPair:
        response = await self._call(
            "POST", "/auth/otp", json={"challenge_id": challenge_id, "code": code}
        )
        pair = _parse(TokenPair.from_json, response)
        await self._install(pair)
        return pair

    def use_refresh_token(self, refresh_token: str) -> None:
        """Resume a session from a stored refresh token; the next call refreshes."""
        self._tokens.use_refresh_token(refresh_token)

    def forget(self) -> None:
        """Drop the tokens here without telling the server (see revoke)."""
        self._tokens.forget()

    async def refresh(self) -> TokenPair:
        return await self._auth.refresh()

    async def revoke(self) -> None:
        """End the session on the server. The tokens are forgotten even if that fails."""
        refresh_token = self._tokens.refresh_token
        self._tokens.forget()
        if refresh_token is None:
            return
        # Revoking is idempotent by contract, so it may be retried like a GET.
        await self._call(
            "POST", "/auth/revoke", json={"refresh_token": refresh_token}, repeatable=True
        )

    async def me(self) -> Me:
        response = await self._call("GET", "/me", authenticated=True)
        return _parse(Me.from_json, response)

    # -- inquiry -----------------------------------------------------------------------

    async def inquire(
        self,
        national_id: str,
        case_reference: str,
        *,
        purpose: str | None = None,
        idempotency_key: str | None = None,
    ) -> StatusResult:
        """Ask for one person's status. Retries reuse the key, so they are never charged twice."""
        response = await self._call(
            "POST",
            "/inquiries",
            json={"national_id": national_id, "case_reference": case_reference, "purpose": purpose},
            headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())},
            authenticated=True,
        )
        return _parse(StatusResult.from_json, response)

    async def inquire_batch(self, items: Sequence[BatchInquiryItem]) -> list[BatchItemResult]:
        """Ask for many people at once (at most 500), answered in the same order.

        Each item is answered or carries its own error (invalid ID, quota used up...);
        only a failure of the whole request raises. The request is retried like the
        single inquiry: each item's key keeps a resent item from being charged twice.
        """
        response = await self._call(
            "POST",
            "/inquiries/batch",
            json={"items": [item.to_json() for item in items]},
            authenticated=True,
        )
        results = _parse(_batch_results, response)
        keys = [r.idempotency_key for r in results]
        if keys != [item.idempotency_key for item in items]:
            raise BadResponse(
                response.status_code,
                "about:blank",
                "Unexpected response",
                f"POST /inquiries/batch: {len(items)} items sent, the answers do not match them",
            )
        return results

    async def agency_record(
        self, *, since: dt.datetime | None = None, limit: int = 100
    ) -> list[AgencyRecordItem]:
        """The agency's recent inquiries and redeems as the server recorded them, newest
        first (every clerk of the agency; national IDs masked)."""
        params: dict[str, str | int] = {"limit": limit}
        if since is not None:
            params["since"] = since.astimezone(dt.UTC).isoformat()
        response = await self._call(
            "GET", f"/agency/inquiries?{urlencode(params)}", authenticated=True
        )
        return _parse(_agency_items, response)

    # -- certificates ------------------------------------------------------------------

    async def redeem(self, tracking_code: str, usage_password: str) -> RedeemedCertificate:
        """Fetch a certificate by its tracking code and usage password (scope "redeem").

        Never resent automatically: the server counts wrong usage passwords (a few lock
        the code for good) and takes no idempotency key, so resending after a lost
        answer could spend another of the person's attempts. (A refresh-and-resend after
        an expired access token is still made: that 401 comes before any work.)
        """
        response = await self._call(
            "POST",
            "/certificates/redeem",
            json={"tracking_code": tracking_code, "usage_password": usage_password},
            authenticated=True,
        )
        return _parse(RedeemedCertificate.from_json, response)

    async def trust_roots(self) -> list[bytes]:
        """The roots the server says its signers chain to, one PEM certificate each.

        For comparison only: what is trusted is decided by the roots shipped with the app.
        """
        response = await self._call("GET", "/trust/roots", headers={"Accept": PEM_MEDIA_TYPE})
        return _parse(_pem_certificates, response, raw=True)

    async def crl(self) -> bytes:
        """The issuer's signed revocation list (DER), to be checked and cached by the core."""
        response = await self._call("GET", "/trust/crl", headers={"Accept": CRL_MEDIA_TYPE})
        return _parse(_not_empty, response, raw=True)

    # -- plumbing ----------------------------------------------------------------------

    async def _refresh_tokens(self) -> TokenPair:
        """Called by BearerAuth under its lock. Never retried: a refresh token is single-use
        and resending one whose answer was lost would end the session."""
        refresh_token = self._tokens.refresh_token
        if refresh_token is None:
            raise SessionExpired.local("Not signed in.")
        try:
            response = await self._call(
                "POST", "/auth/refresh", json={"refresh_token": refresh_token}
            )
        except SessionExpired:
            self._tokens.forget()
            raise
        pair = _parse(TokenPair.from_json, response)
        await self._install(pair)
        return pair

    async def _install(self, pair: TokenPair) -> None:
        self._tokens.install(pair)
        if self.on_tokens is not None:
            result = self.on_tokens(pair)
            if inspect.isawaitable(result):
                await result

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        authenticated: bool = False,
        repeatable: bool = False,
    ) -> httpx.Response:
        """Send with retries; return a 2xx response or raise an EstelamError."""
        repeatable = repeatable or may_repeat(method, headers, path)
        attempt = 0
        while True:
            error = await self._send_once(method, path, json, headers, authenticated)
            if isinstance(error, httpx.Response):
                return error
            delay = self._retry.delay(attempt, error) if repeatable else None
            if delay is None:
                raise error
            attempt += 1
            log.info(
                "%s %s failed (%s); retry %d in %.2f s",
                method,
                path,
                type(error).__name__,
                attempt,
                delay,
            )
            await self._sleep(delay)

    async def _send_once(
        self,
        method: str,
        path: str,
        json: Any,
        headers: Mapping[str, str] | None,
        authenticated: bool,
    ) -> httpx.Response | EstelamError:
        """One attempt: the successful response, or the error it ended in."""
        try:
            response = await self._http.request(
                method,
                path,
                json=json,
                headers=headers,
                auth=self._auth if authenticated else None,
            )
        except httpx.TimeoutException as exc:
            return Timeout(f"{method} {path}: no answer in time ({type(exc).__name__})")
        except httpx.ProxyError as exc:
            return ProxyFailed(f"{method} {path}: {type(exc).__name__}: {exc}")
        except httpx.TransportError as exc:
            text = f"{method} {path}: {type(exc).__name__}: {exc}"
            if _caused_by(exc, ssl.SSLCertVerificationError):
                return UntrustedServer(text)
            return ConnectionFailed(text)
        if response.is_success:
            return response
        return error_from_response(response)


def _agency_items(data: Mapping[str, Any]) -> list[AgencyRecordItem]:
    return [AgencyRecordItem.from_json(item) for item in data["items"]]


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is somewhere in the chain of causes behind `error`."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _batch_results(data: Mapping[str, Any]) -> list[BatchItemResult]:
    return [BatchItemResult.from_json(item) for item in data["results"]]


def _pem_certificates(body: bytes) -> list[bytes]:
    blocks = [match.group(0) + b"\n" for match in _PEM_CERTIFICATE.finditer(body)]
    if not blocks:
        raise ValueError("no PEM certificate in the answer")
    return blocks


def _not_empty(body: bytes) -> bytes:
    if not body:
        raise ValueError("empty answer")
    return body


def _parse(
    parse: Callable[[Any], _Model], response: httpx.Response, *, raw: bool = False
) -> _Model:
    """The body parsed (as JSON, or its bytes when `raw`); BadResponse when it does not fit."""
    try:
        return parse(response.content if raw else response.json())
    except (ValueError, KeyError, TypeError) as exc:
        raise BadResponse(
            response.status_code,
            "about:blank",
            "Unexpected response",
            f"{response.request.method} {response.request.url.path}: {type(exc).__name__}: {exc}",
        ) from exc
