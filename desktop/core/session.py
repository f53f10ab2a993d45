"""The signed-in session: sign-in with a one-time code, "remember me", sign-out.

The refresh token is the only secret kept beyond memory, and only in the OS keyring when
the clerk asks to be remembered. Refresh tokens rotate, so every new one is written back.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.api_client import (
    ApiError,
    ConnectionFailed,
    NetworkOptions,
    SessionExpired,
    TokenPair,
    normalize_server_url,
)
from desktop.api_client import Me as Me
from desktop.api_client import OtpChallenge as OtpChallenge
from desktop.core.digits import to_latin_digits
from desktop.core.secrets import (
    MemoryStore,
    SecretStore,
    SecretStoreUnavailable,
    StoreStatus,
    TokenStore,
)

if TYPE_CHECKING:
    from desktop.api_client import SsoClient

# Me and OtpChallenge, imported `as` themselves, are re-exported: who is signed in and the
# code step's challenge, named here so that a face needs no client import.

log = logging.getLogger(__name__)

ClientFactory = Callable[[str], "SsoClient"]


@dataclasses.dataclass(frozen=True)
class SignedIn:
    me: Me
    # The clerk asked to be remembered on this machine.
    remembered: bool
    # The keyring's state when the token was to be kept: anything but AVAILABLE means the
    # token lives in memory only and the clerk should be told.
    store_status: StoreStatus

    @property
    def persisted(self) -> bool:
        """The session will survive a restart."""
        return self.remembered and self.store_status is StoreStatus.AVAILABLE


def account_key(server_url: str, username: str) -> str:
    """The keyring account name of a clerk on a server."""
    return f"{normalize_server_url(server_url)}|{username}"


class Session:
    """One clerk's session with one server at a time.

    All methods are coroutines for one asyncio loop; keyring calls run in worker threads.
    """

    def __init__(
        self,
        store: TokenStore | None = None,
        *,
        client_factory: ClientFactory | None = None,
        network: NetworkOptions | None = None,
    ) -> None:
        self._keyring: TokenStore = store if store is not None else SecretStore()
        self._store: TokenStore = self._keyring
        self._client_factory = client_factory or self._new_client
        # Proxy and extra CAs for clients made from now on; a signed-in client keeps its own.
        self.network = network or NetworkOptions()
        self._clients: dict[tuple[str, NetworkOptions], SsoClient] = {}
        self._client: SsoClient | None = None
        self._account: str | None = None
        self._challenge: OtpChallenge | None = None
        self.store_status: StoreStatus = StoreStatus.AVAILABLE
        self.me: Me | None = None
        # Unlocking: a client of its own and the challenge its password check got.
        self._unlock: tuple[SsoClient, OtpChallenge] | None = None

    def __repr__(self) -> str:
        return f"Session(account={self._account!r}, signed_in={self.signed_in})"

    @property
    def signed_in(self) -> bool:
        return self._client is not None and self._client.signed_in

    @property
    def client(self) -> SsoClient:
        """The signed-in client; SessionExpired when there is no session."""
        if self._client is None or not self._client.signed_in:
            raise SessionExpired.local("Not signed in.")
        return self._client

    async def start_sign_in(self, server_url: str, username: str, password: str) -> OtpChallenge:
        """Send the password; the server texts a one-time code to the clerk."""
        client = self._client_for(server_url)
        try:
            self._challenge = await client.login(username.strip(), password)
        except Exception as exc:
            log.warning(
                "sign-in refused for %s on %s: %s",
                username.strip(),
                client.server_url,
                type(exc).__name__,
            )
            raise
        log.info("password accepted for %s on %s; code sent", username.strip(), client.server_url)
        self._client = client
        self._account = account_key(client.server_url, username.strip())
        return self._challenge

    async def finish_sign_in(self, code: str, remember: bool) -> SignedIn:
        """Send the one-time code (either digit set); keep the token if asked to."""
        if self._challenge is None or self._client is None or self._account is None:
            raise SessionExpired.local("Sign in with a password first.")
        code = to_latin_digits("".join(code.split()))
        if remember:
            await self._choose_store()
        else:
            self._store = MemoryStore()
            # Not remembering now also means forgetting an earlier remembered session.
            await self._forget_remembered()
        self._client.on_tokens = self._keep_tokens
        try:
            await self._client.verify_otp(self._challenge.challenge_id, code)
        except Exception as exc:
            log.warning("one-time code refused for %s: %s", self._account, type(exc).__name__)
            raise
        self._challenge = None
        self.me = await self._client.me()
        log.info(
            "signed in as %s (agency %s); remember %s, keyring %s",
            self.me.username,
            self.me.agency.id,
            remember,
            self.store_status.value,
        )
        return SignedIn(self.me, remember, self.store_status)

    async def restore(self, server_url: str, username: str) -> SignedIn | None:
        """Resume a remembered session; None when there is none (or it has ended).

        Network errors propagate: the remembered token stays for the next try.
        """
        client = self._client_for(server_url)
        account = account_key(client.server_url, username)
        try:
            refresh_token = await asyncio.to_thread(self._keyring.get, account)
        except SecretStoreUnavailable as exc:
            self.store_status = exc.status
            return None
        self.store_status = StoreStatus.AVAILABLE
        if refresh_token is None:
            return None
        self._client, self._account = client, account
        self._store = self._keyring
        client.on_tokens = self._keep_tokens
        client.use_refresh_token(refresh_token)
        try:
            self.me = await client.me()
        except SessionExpired:
            await self._forget_remembered()
            self._client = None
            return None
        except BaseException:
            # Not signed in after all; the remembered token stays for the next try.
            client.forget()
            self._client = None
            raise
        log.info("remembered session resumed for %s", account)
        return SignedIn(self.me, True, self.store_status)

    async def refresh_me(self) -> Me:
        client = self.client
        me = await client.me()
        if self._client is client:  # not after a sign-out (or another sign-in) meanwhile
            self.me = me
        return me

    async def sign_out(self) -> bool:
        """End the session here and on the server; True when the server confirmed it.

        The local copy is deleted first and whatever happens, so an unreachable server
        never leaves a remembered session behind.
        """
        client = self._client
        log.info("signing out %s", self._account)
        await self._forget_remembered()
        await self._drop_unlock()
        self._client, self._challenge, self.me = None, None, None
        if client is None:
            return True
        client.on_tokens = None
        try:
            await client.revoke()
        except (ApiError, ConnectionFailed) as exc:
            log.warning("could not revoke the session on the server: %s", type(exc).__name__)
            return False
        return True

    async def check_password(self, password: str) -> OtpChallenge:
        """Unlocking a locked window: the signed-in clerk's own password, checked by the
        server, which then texts a one-time code (see `check_code`).

        The check runs on a client of its own, so the session (and a batch running on it)
        goes on untouched; no other username can be given.
        """
        if self._client is None or self.me is None:
            raise SessionExpired.local("Not signed in.")
        await self._drop_unlock()
        checker = self._client_factory(self._client.server_url)
        try:
            challenge = await checker.login(self.me.username, password)
        except BaseException:
            await checker.aclose()
            raise
        self._unlock = (checker, challenge)
        return challenge

    async def check_code(self, code: str) -> None:
        """The one-time code for `check_password`'s challenge (either digit set). A wrong
        code may be tried again; the server session it opens is ended at once."""
        if self._unlock is None:
            raise SessionExpired.local("Enter the password first.")
        checker, challenge = self._unlock
        await checker.verify_otp(challenge.challenge_id, to_latin_digits("".join(code.split())))
        self._unlock = None
        try:
            await checker.revoke()
        except (ApiError, ConnectionFailed) as exc:
            log.warning("could not end the unlock check's session: %s", type(exc).__name__)
        finally:
            await checker.aclose()

    async def _drop_unlock(self) -> None:
        if self._unlock is not None:
            checker, self._unlock = self._unlock[0], None
            await checker.aclose()

    async def forget(self, server_url: str, username: str) -> None:
        """Delete a remembered session from the keyring without signing in (wiping local
        data when a stale one was never resumed)."""
        # Nothing can have been remembered in a keyring that is not there.
        with contextlib.suppress(SecretStoreUnavailable):
            await asyncio.to_thread(self._keyring.delete, account_key(server_url, username))

    async def check_store(self) -> StoreStatus:
        """The keyring's state now, e.g. to explain a disabled "remember me"."""
        return await asyncio.to_thread(self._keyring.status)

    async def aclose(self) -> None:
        await self._drop_unlock()
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        self._client = None

    # -- internals ---------------------------------------------------------------------

    def _new_client(self, url: str) -> SsoClient:
        # Imported here: httpx loads with the first connection, not with the first window.
        from desktop.api_client import SsoClient

        return SsoClient(url, network=self.network)

    def _client_for(self, server_url: str) -> SsoClient:
        key = (normalize_server_url(server_url), self.network)
        if key not in self._clients:
            self._clients[key] = self._client_factory(key[0])
        return self._clients[key]

    async def _choose_store(self) -> None:
        status = await asyncio.to_thread(self._keyring.status)
        self._use_store(status)

    def _use_store(self, status: StoreStatus) -> None:
        self.store_status = status
        if status is StoreStatus.AVAILABLE:
            self._store = self._keyring
        elif self._store is self._keyring:
            log.warning("keyring %s; keeping the session in memory only", status.value)
            self._store = MemoryStore()

    async def _keep_tokens(self, pair: TokenPair) -> None:
        """Called by the client after each token change; awaited under its refresh lock,
        so writes happen in rotation order."""
        account = self._account
        if account is None:
            return
        try:
            await asyncio.to_thread(self._store.set, account, pair.refresh_token)
        except SecretStoreUnavailable as exc:
            # The keyring went away mid-session: keep going in memory, and say so.
            self._use_store(exc.status)
            self._store.set(account, pair.refresh_token)

    async def _forget_remembered(self) -> None:
        account = self._account
        if account is None:
            return
        if self._store is not self._keyring:
            self._store.delete(account)
        try:
            await asyncio.to_thread(self._keyring.delete, account)
        except SecretStoreUnavailable as exc:
            # Nothing can have been remembered in a keyring that is not there.
            level = logging.WARNING if exc.status is StoreStatus.LOCKED else logging.INFO
            log.log(level, "could not delete the remembered session: keyring %s", exc.status.value)
