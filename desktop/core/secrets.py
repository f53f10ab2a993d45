"""Where the refresh token is kept: the OS keyring, or memory for this run only.

Nothing here ever writes a file. The calls block (D-Bus, an unlock prompt), so callers on
an event loop run them through `asyncio.to_thread`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

from desktop import APP_NAME

log = logging.getLogger(__name__)

SERVICE = APP_NAME  # "Estelam Desk"
# A name no real account can have (accounts are "server|username"), used to probe.
_PROBE_ACCOUNT = "status probe"


class StoreStatus(enum.StrEnum):
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"  # no keyring backend, no D-Bus, no Secret Service
    LOCKED = "locked"  # the keyring exists but stays locked (unlock refused or failed)


class SecretStoreUnavailable(Exception):
    def __init__(self, status: StoreStatus, detail: str = "") -> None:
        super().__init__(f"secret store {status.value}" + (f": {detail}" if detail else ""))
        self.status = status


class TokenStore(Protocol):
    """What the session needs from a place to keep secrets."""

    @property
    def persistent(self) -> bool: ...

    def status(self) -> StoreStatus: ...

    def get(self, account: str) -> str | None: ...

    def set(self, account: str, secret: str) -> None: ...

    def delete(self, account: str) -> None: ...


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn whatever the keyring backend raises into SecretStoreUnavailable."""
    import keyring.errors  # keyring loads on first use, not with the first window

    try:
        yield
    except keyring.errors.KeyringLocked as exc:
        raise SecretStoreUnavailable(StoreStatus.LOCKED, str(exc)) from exc
    except keyring.errors.NoKeyringError as exc:
        raise SecretStoreUnavailable(StoreStatus.UNAVAILABLE, str(exc)) from exc
    except Exception as exc:
        # Backends leak their own errors (secretstorage, jeepney, D-Bus); to the user they
        # all mean the keyring cannot be used right now. The message names no secret.
        log.warning("keyring %s failed: %s", action, type(exc).__name__)
        raise SecretStoreUnavailable(StoreStatus.UNAVAILABLE, type(exc).__name__) from exc


class SecretStore:
    """Secrets in the OS keyring (Secret Service, Keychain, Credential Locker)."""

    persistent = True

    def __init__(self, service: str = SERVICE, backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend

    def __repr__(self) -> str:
        return f"SecretStore(service={self.service!r})"

    @property
    def backend(self) -> KeyringBackend:
        # Looked up on every use so that keyring.set_keyring() takes effect.
        import keyring

        return self._backend or keyring.get_keyring()

    def status(self) -> StoreStatus:
        """Probe the keyring; with a locked Secret Service this may show an unlock prompt."""
        try:
            self.get(_PROBE_ACCOUNT)
        except SecretStoreUnavailable as exc:
            return exc.status
        return StoreStatus.AVAILABLE

    def get(self, account: str) -> str | None:
        with _translated("read"):
            return self.backend.get_password(self.service, account)

    def set(self, account: str, secret: str) -> None:
        with _translated("write"):
            self.backend.set_password(self.service, account, secret)

    def delete(self, account: str) -> None:
        """Remove the secret; a secret that is not there is not an error."""
        import keyring.errors

        with _translated("delete"), suppress(keyring.errors.PasswordDeleteError):
            self.backend.delete_password(self.service, account)


class MemoryStore:
    """Secrets for this run only, when no keyring can be used."""

    persistent = False

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._secrets)} secrets)"

    def status(self) -> StoreStatus:
        return StoreStatus.AVAILABLE

    def get(self, account: str) -> str | None:
        return self._secrets.get(account)

    def set(self, account: str, secret: str) -> None:
        self._secrets[account] = secret

    def delete(self, account: str) -> None:
        self._secrets.pop(account, None)
