"""SecretStore and Session against a real Secret Service (gnome-keyring on D-Bus).

Skipped when no Secret Service answers; CI runs the suite inside `dbus-run-session` with
an unlocked gnome-keyring (see .ci/run).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import keyring
import pytest

from desktop.core.secrets import MemoryStore, SecretStore, SecretStoreUnavailable, StoreStatus
from desktop.core.session import Session, account_key

pytestmark = pytest.mark.keyring


@pytest.fixture
def store() -> Iterator[SecretStore]:
    # A service name of its own, so a developer's real entries are never touched.
    store = SecretStore(service=f"Estelam Desk test {uuid.uuid4().hex[:8]}")
    status = store.status()
    if status is not StoreStatus.AVAILABLE:
        pytest.skip(f"no usable Secret Service ({status.value}; {keyring.get_keyring()!r})")
    yield store


def test_refresh_token_round_trip(store: SecretStore) -> None:
    account = account_key("http://127.0.0.1:8000", "demo.clerk")
    assert store.get(account) is None
    store.set(account, "refresh-token-1")
    assert store.get(account) == "refresh-token-1"
    store.set(account, "refresh-token-2")  # rotation overwrites
    assert store.get(account) == "refresh-token-2"
    store.delete(account)
    assert store.get(account) is None
    store.delete(account)


def test_remembered_session_survives_a_restart(store: SecretStore, mock_server, read_otp) -> None:
    async def scenario() -> None:
        first = Session(store)
        await first.start_sign_in(mock_server.url, "demo.clerk", "demo-pass")
        signed_in = await first.finish_sign_in(read_otp(mock_server.url, "demo.clerk"), True)
        assert signed_in.persisted
        await first.aclose()

        again = Session(store)  # the app started anew
        restored = await again.restore(mock_server.url, "demo.clerk")
        assert restored is not None and restored.me.username == "demo.clerk"
        assert await again.sign_out() is True
        assert store.get(account_key(mock_server.url, "demo.clerk")) is None
        await again.aclose()

    asyncio.run(scenario())


@pytest.fixture
def locked_keyring(store: SecretStore) -> Iterator[None]:
    """Lock the default collection for one test, then unlock it with the known password.

    Needs the keyring's password in ESTELAM_KEYRING_PASSWORD (the one piped to
    gnome-keyring-daemon --unlock) and no display: on a desktop, probing a locked keyring
    shows an unlock prompt and the test would wait for a person.
    """
    password = os.environ.get("ESTELAM_KEYRING_PASSWORD")
    if password is None or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        pytest.skip("set ESTELAM_KEYRING_PASSWORD (and have no display) to test a locked keyring")
    import secretstorage
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    collection.lock()
    try:
        yield
    finally:
        # gnome-keyring's own interface for unlocking without a prompt.
        DBusAddressWrapper(
            "/org/freedesktop/secrets",
            "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
            connection,
        ).call(
            "UnlockWithMasterPassword",
            "o(oayays)",
            collection.collection_path,
            format_secret(open_session(connection), password.encode(), "text/plain"),
        )
        connection.close()
        assert store.status() is StoreStatus.AVAILABLE


def test_a_locked_keyring_is_reported_as_locked(
    store: SecretStore, locked_keyring: None, mock_server, read_otp
) -> None:
    assert store.status() is StoreStatus.LOCKED
    with pytest.raises(SecretStoreUnavailable) as raised:
        store.set("account", "refresh-token")
    assert raised.value.status is StoreStatus.LOCKED

    async def scenario() -> None:
        session = Session(store)
        await session.start_sign_in(mock_server.url, "demo.clerk", "demo-pass")
        signed_in = await session.finish_sign_in(read_otp(mock_server.url, "demo.clerk"), True)
        assert signed_in.store_status is StoreStatus.LOCKED and not signed_in.persisted
        assert isinstance(session._store, MemoryStore)
        await session.aclose()

    asyncio.run(scenario())
