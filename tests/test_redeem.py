"""Redeeming a certificate and proving it: the core use-case against the mock.

Certificates are obtained through the mock's individual endpoints over HTTP, like a
person would; an expired one is written into the running mock's database directly,
since no endpoint issues one. Sandboxed verifiers start a worker process each (about a
second), so one is shared by the module wherever the revocation data allows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import time
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from desktop.api_client import (
    CertificateExpired,
    CertificateRevoked,
    CodeLocked,
    ConnectionFailed,
    Forbidden,
    RedeemedCertificate,
    RedeemRefused,
    SsoClient,
    UsagePasswordInvalid,
)
from desktop.core.certificates import (
    RevocationCache,
    RevocationData,
    SandboxedVerifier,
    TrustProfile,
    Verdict,
)
from desktop.core.redeem import (
    Field,
    InvalidRedeemInput,
    Reason,
    check_input,
    luhn_ok,
    normalize_tracking_code,
    normalize_usage_password,
    redeem_and_verify,
    reverify,
    sync_revocations,
)
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from desktop.mock_backend.certificates.issuer import MAX_WRONG_PASSWORDS, Issuer
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.store import Store
from tests import issuer_fixtures
from tests.conftest import DEMO_USER, DEMO_USER2, MockProcess
from tests.mock_certificates import NID, issue, signed_in

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def trust() -> TrustProfile:
    return issuer_fixtures.trusted()


@dataclasses.dataclass
class Proofing:
    cache: RevocationCache
    verifier: SandboxedVerifier
    revocations: RevocationData


@pytest.fixture(scope="module")
def proofing(
    mock_server: MockProcess, trust: TrustProfile, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Proofing]:
    """A revocation cache synced once and a verifier holding that list, as the app has."""
    cache = RevocationCache(tmp_path_factory.mktemp("trust") / "trust-cache.sqlite3")

    async def sync() -> RevocationData:
        session = await signed_in(mock_server.url)
        try:
            return await sync_revocations(session, cache, trust)
        finally:
            await session.aclose()

    revocations = run(sync())
    with SandboxedVerifier(trust, revocations) as verifier:
        yield Proofing(cache, verifier, revocations)


def redeem_with(
    url: str, proofing: Proofing, trust: TrustProfile, code: str, password: str, **kw: Any
) -> Any:
    async def scenario() -> Any:
        session = await signed_in(url, kw.pop("username", DEMO_USER))
        try:
            return await redeem_and_verify(
                session,
                code,
                password,
                verifier=proofing.verifier,
                cache=proofing.cache,
                trust=trust,
                **kw,
            )
        finally:
            await session.aclose()

    return run(scenario())


# -- input, checked before any request -----------------------------------------------------


def with_check_digit(eleven: str) -> str:
    return next(eleven + d for d in "0123456789" if luhn_ok(eleven + d))


def test_tracking_codes_are_normalised_from_what_clerks_type() -> None:
    code = with_check_digit("14051234567")
    formatted = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    for typed in (code, formatted, f" {code[:4]} {code[4:8]} {code[8:]} ", persian):
        assert normalize_tracking_code(typed) == formatted
    # A copy from a Persian text brings invisible marks along.
    assert normalize_tracking_code(f"\u200f{formatted}\u200c") == formatted
    assert normalize_usage_password(" ab۲۳ cd۴۵ ") == "AB23CD45"


@pytest.mark.parametrize(
    ("code", "password", "field", "reason"),
    [
        ("", "ABCD2345", Field.TRACKING_CODE, Reason.EMPTY),
        ("1405-12A4-5674", "ABCD2345", Field.TRACKING_CODE, Reason.CHARACTERS),
        ("1405-1234-567", "ABCD2345", Field.TRACKING_CODE, Reason.LENGTH),
        ("CHECK", "ABCD2345", Field.TRACKING_CODE, Reason.CHECK_DIGIT),
        ("VALID", "", Field.USAGE_PASSWORD, Reason.EMPTY),
        ("VALID", "ABCD234", Field.USAGE_PASSWORD, Reason.LENGTH),
        ("VALID", "شذزی۲۳۴۵", Field.USAGE_PASSWORD, Reason.CHARACTERS),  # Persian keyboard
    ],
)
def test_a_wrong_format_is_refused_before_any_request(
    code: str, password: str, field: Field, reason: Reason, trust: TrustProfile
) -> None:
    valid = with_check_digit("14051234567")
    code = {"VALID": valid, "CHECK": valid[:11] + str((int(valid[11]) + 1) % 10)}.get(code, code)
    with pytest.raises(InvalidRedeemInput) as refused:
        check_input(code, password)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    # The message names the field and the reason, never the value (a password is secret).
    assert str(refused.value) == f"{field.value}: {reason.value}"
    # The use-case refuses it too, before it even looks for a session (there is none).
    with SandboxedVerifier(trust, None) as verifier, pytest.raises(InvalidRedeemInput):
        run(
            redeem_and_verify(
                Session(MemoryStore()),
                code,
                password,
                verifier=verifier,
                cache=RevocationCache(Path("/nonexistent/cache.sqlite3")),
                trust=trust,
            )
        )


# -- refusals ------------------------------------------------------------------------------


def test_wrong_usage_passwords_lock_the_code(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile
) -> None:
    issued = issue(mock_server.url)
    code = issued["tracking_code"]
    # One attempt spent per call: a refused redeem is never resent behind the clerk's back.
    for _ in range(MAX_WRONG_PASSWORDS):
        with pytest.raises(UsagePasswordInvalid) as wrong:
            redeem_with(mock_server.url, proofing, trust, code, "WRONG234")
        assert wrong.value.status == 403
    # Locked for good: the right password learns it, and no longer opens it.
    with pytest.raises(CodeLocked) as locked:
        redeem_with(mock_server.url, proofing, trust, code, issued["usage_password"])
    assert isinstance(locked.value, RedeemRefused) and locked.value.slug == "code-locked"


def test_unknown_code_and_an_agency_without_the_redeem_scope(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile
) -> None:
    unknown = with_check_digit("14050000000")
    # Answered as a wrong password: the service does not tell which codes exist.
    with pytest.raises(UsagePasswordInvalid) as caught:
        redeem_with(mock_server.url, proofing, trust, unknown, "ABCD2345")
    assert caught.value.status == 403
    issued = issue(mock_server.url)
    with pytest.raises(Forbidden) as refused:
        redeem_with(
            mock_server.url,
            proofing,
            trust,
            issued["tracking_code"],
            issued["usage_password"],
            username=DEMO_USER2,
        )
    assert refused.value.required_scope == "redeem"
    assert not isinstance(refused.value, RedeemRefused)


def test_expired_certificate_is_refused(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile
) -> None:
    config = MockConfig(data_dir=mock_server.data_dir)
    store = Store(config.db_path)
    try:
        issued = Issuer(store, config).issue(NID, now=time.time() - 40 * 86400)
    finally:
        store.close()
    with pytest.raises(CertificateExpired) as expired:
        redeem_with(mock_server.url, proofing, trust, issued.tracking_code, issued.usage_password)
    assert expired.value.status == 410


# -- redeem and verify ---------------------------------------------------------------------


def test_redeem_and_verify_gives_valid_with_the_pdfs_own_claims(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile
) -> None:
    issued = issue(mock_server.url)
    # Lower case and spaces in the password, Persian digits in the code: as typed.
    code = issued["tracking_code"].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    password = " ".join(issued["usage_password"].lower())
    outcome = redeem_with(mock_server.url, proofing, trust, code, password)
    assert outcome.verification.verdict is Verdict.VALID and outcome.ok
    assert outcome.claims["serial"] == issued["serial"]
    assert outcome.claims["national_id"] == NID
    assert outcome.server_claims_match
    assert re.fullmatch(r"[0-9a-f]{64}", outcome.sha256)
    # The list was synced minutes ago: used as it is, with the verifier already holding it.
    assert not outcome.revocations_refreshed and outcome.refresh_error is None
    assert outcome.revocations.der == proofing.revocations.der
    assert outcome.server_url == mock_server.url


def test_the_server_is_never_believed_over_the_pdf(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile, monkeypatch
) -> None:
    issued = issue(mock_server.url)
    honest = SsoClient.redeem

    async def lying(self: SsoClient, code: str, password: str) -> RedeemedCertificate:
        got = await honest(self, code, password)
        # The JSON claims another status; one byte of the PDF (in its title) is changed.
        pdf = bytearray(got.pdf)
        pdf[pdf.find(b"/Title (Certificate") + 10] ^= 0x01
        claims = {**got.claims, "status": "pensioner"}
        return dataclasses.replace(got, claims=claims, pdf=bytes(pdf))

    monkeypatch.setattr(SsoClient, "redeem", lying)
    outcome = redeem_with(
        mock_server.url, proofing, trust, issued["tracking_code"], issued["usage_password"]
    )
    assert outcome.verification.verdict is Verdict.TAMPERED
    assert not outcome.server_claims_match
    # Nothing the PDF did not prove is reported as its content.
    assert dict(outcome.claims) == {}


def test_revoked_after_issue_is_revoked_after_a_sync(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile, tmp_path: Path
) -> None:
    issued = issue(mock_server.url)
    cache = RevocationCache(tmp_path / "trust-cache.sqlite3")

    async def scenario() -> tuple[Any, Any, Any]:
        session = await signed_in(mock_server.url)
        # A verifier started before any list was cached, as on a first run.
        with SandboxedVerifier(trust, None) as verifier:
            try:
                first = await redeem_and_verify(
                    session,
                    issued["tracking_code"],
                    issued["usage_password"],
                    verifier=verifier,
                    cache=cache,
                    trust=trust,
                )
                revoked = await asyncio.to_thread(
                    httpx.post,
                    f"{mock_server.url}/_mock/revoke",
                    json={"serial": issued["serial"]},
                )
                assert revoked.status_code == 204
                synced = await sync_revocations(session, cache, trust)
                again = await reverify(first, verifier=verifier, cache=cache, trust=trust)
                return first, synced, again
            finally:
                await session.aclose()

    first, synced, again = run(scenario())
    # No list was cached: one was fetched, and the check used it, not the verifier's none.
    assert first.revocations_refreshed and first.verification.verdict is Verdict.VALID
    assert synced.is_revoked(issued["serial"])
    assert again.verification.verdict is Verdict.REVOKED
    assert again.certificate is first.certificate and again.revocations.der == synced.der
    # The server refuses it now as well.
    with pytest.raises(CertificateRevoked):
        redeem_with(
            mock_server.url, proofing, trust, issued["tracking_code"], issued["usage_password"]
        )


def test_an_unreachable_revocation_list_does_not_lose_the_certificate(
    mock_server: MockProcess, proofing: Proofing, trust: TrustProfile, monkeypatch
) -> None:
    issued = issue(mock_server.url)

    async def crl_down(self: Any) -> bytes:
        raise ConnectionFailed("GET /trust/crl: ConnectError")

    monkeypatch.setattr("desktop.api_client.client.SsoClient.crl", crl_down)
    # An hour after the sync, the list is due for a refresh, which fails.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    outcome = redeem_with(
        mock_server.url,
        proofing,
        trust,
        issued["tracking_code"],
        issued["usage_password"],
        now=later,
    )
    assert isinstance(outcome.refresh_error, ConnectionFailed)
    assert not outcome.revocations_refreshed
    # Checked with the cached list, whose age the verification states.
    assert outcome.verification.verdict is Verdict.VALID
    assert outcome.verification.revocation.age_seconds >= 2 * 3600
