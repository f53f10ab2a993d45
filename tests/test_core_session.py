"""Session and SecretStore against a scripted server and in-process keyring backends."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

from desktop.api_client import (
    CaseReferenceRequired,
    ConnectionFailed,
    InquiryStatus,
    OtpInvalid,
    SessionExpired,
    SsoClient,
)
from desktop.core.inquiry import inquire_one
from desktop.core.national_id import Invalid, InvalidNationalId
from desktop.core.secrets import (
    SERVICE,
    MemoryStore,
    SecretStore,
    SecretStoreUnavailable,
    StoreStatus,
)
from desktop.core.session import Session, account_key
from tests.api_fakes import SERVER, FakeSso, make_client, problem

ACCOUNT = f"{SERVER}|demo.clerk"


class DictKeyring(KeyringBackend):
    """An in-process keyring backend; `fail_with` makes every call raise."""

    # keyring picks its default among every loaded KeyringBackend subclass; a priority
    # that raises keeps this one out, so it is only ever used where passed explicitly.
    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test backend, never a default")

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None

    def _check(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError("no such password")
        del self.secrets[(service, username)]


@pytest.fixture
def backend() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def fail_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def factory(fake: FakeSso):
    def build(url: str) -> SsoClient:
        assert url == SERVER
        return make_client(fake)

    return build


async def sign_in(session: Session, remember: bool, code: str = "123456"):
    await session.start_sign_in(SERVER + "/", " demo.clerk ", "demo-pass")
    return await session.finish_sign_in(code, remember)


# -- SecretStore -------------------------------------------------------------------------


def test_secret_store_round_trip(backend: DictKeyring) -> None:
    store = SecretStore(backend=backend)
    assert store.status() is StoreStatus.AVAILABLE
    assert store.get(ACCOUNT) is None
    store.set(ACCOUNT, "refresh-1")
    assert backend.secrets == {(SERVICE, ACCOUNT): "refresh-1"}
    assert store.get(ACCOUNT) == "refresh-1"
    store.delete(ACCOUNT)
    store.delete(ACCOUNT)  # deleting what is not there is fine
    assert store.get(ACCOUNT) is None


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), StoreStatus.LOCKED),
        (keyring.errors.NoKeyringError("none"), StoreStatus.UNAVAILABLE),
        (keyring.errors.InitError("no D-Bus"), StoreStatus.UNAVAILABLE),
        (ConnectionRefusedError("D-Bus socket"), StoreStatus.UNAVAILABLE),
    ],
)
def test_secret_store_reports_why_it_cannot_be_used(
    backend: DictKeyring, error: Exception, status: StoreStatus
) -> None:
    backend.fail_with = error
    store = SecretStore(backend=backend)
    assert store.status() is status
    for call in (lambda: store.get("a"), lambda: store.set("a", "s"), lambda: store.delete("a")):
        with pytest.raises(SecretStoreUnavailable) as raised:
            call()
        assert raised.value.status is status


def test_secret_store_follows_the_configured_keyring(fail_keyring: None) -> None:
    assert SecretStore().status() is StoreStatus.UNAVAILABLE


def test_memory_store_has_the_same_interface() -> None:
    store = MemoryStore()
    assert store.status() is StoreStatus.AVAILABLE and not store.persistent
    store.set("a", "refresh-xyz")
    assert store.get("a") == "refresh-xyz" and "xyz" not in repr(store)
    store.delete("a")
    store.delete("a")
    assert store.get("a") is None


# -- Session -----------------------------------------------------------------------------


def test_remembered_sign_in_keeps_every_rotated_refresh_token(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        signed_in = await sign_in(session, remember=True)
        assert signed_in.persisted and signed_in.store_status is StoreStatus.AVAILABLE
        assert signed_in.me.username == "demo.clerk"
        assert backend.secrets == {(SERVICE, ACCOUNT): "refresh-1"}
        fake.expire_access()
        await session.refresh_me()
        assert backend.secrets == {(SERVICE, ACCOUNT): "refresh-2"}
        await session.aclose()

    asyncio.run(scenario())


def test_the_code_may_be_typed_in_persian_digits(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=False, code=" ۱۲۳ ۴۵۶ ")
        otp = next(r for r in fake.requests if r.url.path.endswith("/otp"))
        assert json.loads(otp.content)["code"] == "123456"
        await session.aclose()

    asyncio.run(scenario())


def test_not_remembering_forgets_an_earlier_remembered_session(backend: DictKeyring) -> None:
    async def scenario() -> None:
        backend.secrets[(SERVICE, ACCOUNT)] = "refresh-old"
        session = Session(SecretStore(backend=backend), client_factory=factory(FakeSso()))
        signed_in = await sign_in(session, remember=False)
        assert not signed_in.remembered and not signed_in.persisted
        assert backend.secrets == {}
        await session.aclose()

    asyncio.run(scenario())


def test_unavailable_keyring_falls_back_to_memory_and_says_so(fail_keyring: None) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(client_factory=factory(fake))
        assert await session.check_store() is StoreStatus.UNAVAILABLE
        signed_in = await sign_in(session, remember=True)
        assert signed_in.remembered and not signed_in.persisted
        assert signed_in.store_status is StoreStatus.UNAVAILABLE
        fake.expire_access()
        await session.refresh_me()  # the rotated token is kept in memory
        assert session.signed_in
        assert await session.sign_out() is True
        await session.aclose()

    asyncio.run(scenario())


def test_locked_keyring_falls_back_to_memory(backend: DictKeyring) -> None:
    async def scenario() -> None:
        backend.fail_with = keyring.errors.KeyringLocked("Failed to unlock the collection!")
        session = Session(SecretStore(backend=backend), client_factory=factory(FakeSso()))
        signed_in = await sign_in(session, remember=True)
        assert signed_in.store_status is StoreStatus.LOCKED and not signed_in.persisted
        await session.aclose()

    asyncio.run(scenario())


def test_keyring_lost_mid_session_switches_to_memory(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=True)
        backend.fail_with = keyring.errors.KeyringLocked("locked again")
        fake.expire_access()
        await session.refresh_me()
        assert session.store_status is StoreStatus.LOCKED
        await session.aclose()

    asyncio.run(scenario())


def test_restore_resumes_a_remembered_session(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        fake.issue()
        backend.secrets[(SERVICE, ACCOUNT)] = "refresh-1"
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        signed_in = await session.restore(SERVER, "demo.clerk")
        assert signed_in is not None and signed_in.persisted
        assert backend.secrets == {(SERVICE, ACCOUNT): "refresh-2"}
        await session.aclose()

    asyncio.run(scenario())


def test_restore_without_a_remembered_session(backend: DictKeyring, fail_keyring: None) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        assert await session.restore(SERVER, "demo.clerk") is None
        backend.fail_with = keyring.errors.KeyringLocked("locked")
        assert await session.restore(SERVER, "demo.clerk") is None
        assert session.store_status is StoreStatus.LOCKED
        assert fake.requests == []
        await session.aclose()

    asyncio.run(scenario())


def test_restore_of_an_ended_session_forgets_it(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        backend.secrets[(SERVICE, ACCOUNT)] = "refresh-revoked"
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        assert await session.restore(SERVER, "demo.clerk") is None
        assert backend.secrets == {}
        assert not session.signed_in
        await session.aclose()

    asyncio.run(scenario())


def test_restore_while_the_server_is_unreachable_keeps_the_token(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        fake.script["POST /auth/refresh"] = [httpx.ConnectError("refused")]
        backend.secrets[(SERVICE, ACCOUNT)] = "refresh-1"
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        with pytest.raises(ConnectionFailed):
            await session.restore(SERVER, "demo.clerk")
        assert not session.signed_in
        assert backend.secrets == {(SERVICE, ACCOUNT): "refresh-1"}
        await session.aclose()

    asyncio.run(scenario())


def test_sign_out_revokes_and_forgets(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=True)
        assert await session.sign_out() is True
        assert fake.count("POST /auth/revoke") == 1 and fake.current_refresh is None
        assert backend.secrets == {} and not session.signed_in
        with pytest.raises(SessionExpired):
            await session.refresh_me()
        await session.aclose()

    asyncio.run(scenario())


def test_sign_out_forgets_locally_when_the_server_is_unreachable(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=True)
        fake.script["POST /auth/revoke"] = [httpx.ConnectError("refused")] * 10
        assert await session.sign_out() is False
        assert backend.secrets == {} and not session.signed_in
        await session.aclose()

    asyncio.run(scenario())


def test_a_wrong_code_can_be_corrected(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        fake.script["POST /auth/otp"] = [problem("otp-invalid", 401, attempts_left=4)]
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await session.start_sign_in(SERVER, "demo.clerk", "demo-pass")
        with pytest.raises(OtpInvalid) as wrong:
            await session.finish_sign_in("000000", remember=True)
        assert wrong.value.attempts_left == 4
        assert (await session.finish_sign_in("123456", remember=True)).persisted
        await session.aclose()

    asyncio.run(scenario())


def test_finishing_without_starting_is_refused() -> None:
    async def scenario() -> None:
        session = Session(MemoryStore())
        with pytest.raises(SessionExpired):
            await session.finish_sign_in("123456", remember=False)

    asyncio.run(scenario())


def test_secrets_stay_out_of_reprs(backend: DictKeyring) -> None:
    async def scenario() -> None:
        session = Session(SecretStore(backend=backend), client_factory=factory(FakeSso()))
        await sign_in(session, remember=True)
        for text in (repr(session), repr(session.client), repr(session.client._tokens)):
            assert "refresh-1" not in text and "access-1" not in text
        await session.aclose()

    asyncio.run(scenario())


def test_account_key_uses_the_normalised_server() -> None:
    assert account_key("http://h:8000/", "demo.clerk") == "http://h:8000|demo.clerk"


# -- inquire_one -------------------------------------------------------------------------


def test_inquire_one_normalises_and_sends_one_key_per_call(backend: DictKeyring) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=False)
        result = await inquire_one(session, "۰۰۱-۲۳۴۵۶۷-۹", "  ۱۴۰۳/۱۲۳ ")
        assert result.status is InquiryStatus.INSURED_ACTIVE
        await inquire_one(session, "0012345679", "x")
        sent = [r for r in fake.requests if r.url.path.endswith("/inquiries")]
        body = json.loads(sent[0].content)
        assert body == {"national_id": "0012345679", "case_reference": "۱۴۰۳/۱۲۳", "purpose": None}
        assert sent[0].headers["Idempotency-Key"] != sent[1].headers["Idempotency-Key"]
        await session.aclose()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("national_id", "reference", "error"),
    [
        ("0012345678", "ref", InvalidNationalId),
        ("1.23E+9", "ref", InvalidNationalId),
        ("0012345679", " \u200c ", CaseReferenceRequired),
    ],
)
def test_inquire_one_checks_input_before_asking(
    backend: DictKeyring, national_id: str, reference: str, error: type
) -> None:
    async def scenario() -> None:
        fake = FakeSso()
        session = Session(SecretStore(backend=backend), client_factory=factory(fake))
        await sign_in(session, remember=False)
        with pytest.raises(error):
            await inquire_one(session, national_id, reference)
        assert fake.count("POST /inquiries") == 0
        await session.aclose()

    asyncio.run(scenario())


def test_inquire_one_reports_the_national_id_reason() -> None:
    async def scenario() -> None:
        with pytest.raises(InvalidNationalId) as raised:
            await inquire_one(Session(MemoryStore()), "1111111111", "ref")
        assert raised.value.reason is Invalid.REPEATED

    asyncio.run(scenario())
