"""The mock's certificate service: codes, redeem rules, revocation, and the HTTP API."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.core.certificates import RevocationCache, Verdict, verify_pdf
from desktop.mock_backend.certificates.issuer import (
    MAX_WRONG_PASSWORDS,
    Issuer,
    luhn_digit,
    normalize_tracking_code,
)
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.problems import ProblemError
from desktop.mock_backend.store import Store
from tests import issuer_fixtures

NID = "0012345679"


@pytest.fixture
def issuer(tmp_path: Path) -> Iterator[Issuer]:
    config = MockConfig(data_dir=tmp_path)
    issuer_fixtures.install(tmp_path)
    store = Store(config.db_path)
    yield Issuer(store, config)
    store.close()


def redeem(issuer: Issuer, code: str, password: str, **kw: object) -> dict:
    return issuer.redeem(code, password, agency_id="AG-1001", username="demo.clerk", **kw)


def problem(call: object) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_codes_have_the_documented_shape(issuer: Issuer) -> None:
    issued = issuer.issue(NID).to_json()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}", issued["tracking_code"])
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", issued["usage_password"])
    assert re.fullmatch(r"[1-9]\d{15}", issued["serial"])
    digits = issued["tracking_code"].replace("-", "")
    assert luhn_digit(digits[:11]) == digits[11]
    assert normalize_tracking_code(issued["tracking_code"]) == digits
    assert normalize_tracking_code(digits[:11] + str((int(digits[11]) + 1) % 10)) is None


def test_redeem_returns_the_signed_pdf_and_records_the_agency(issuer: Issuer) -> None:
    issued = issuer.issue(NID)
    # Spaces and lower case are forgiven: clerks type what they are told.
    got = redeem(issuer, issued.tracking_code, f" {issued.usage_password.lower()} ")
    assert got["serial"] == issued.serial and got["pdf"] == issued.pdf
    assert got["claims"]["national_id"] == NID
    assert issuer.redemptions(issued.serial)[0]["agency_id"] == "AG-1001"
    claims = got["claims"]
    now = dt.datetime.fromisoformat(claims["issued_at"].replace("Z", "+00:00"))
    # Everything holds but revocation, for which no list was given.
    assert verify_pdf(got["pdf"], issuer_fixtures.trusted(), None, now).verdict is (
        Verdict.INDETERMINATE
    )


def test_wrong_passwords_are_counted_then_the_code_locks(issuer: Issuer) -> None:
    issued = issuer.issue(NID)
    for _ in range(MAX_WRONG_PASSWORDS + 1):  # the lock says no more than a wrong password
        err = problem(lambda: redeem(issuer, issued.tracking_code, "WRONGPWD"))
        assert (err.slug, err.status, err.extensions) == ("usage-password-invalid", 403, {})
    # Locked for good: the right password learns it, and no longer opens the code.
    err = problem(lambda: redeem(issuer, issued.tracking_code, issued.usage_password))
    assert (err.slug, err.status) == ("code-locked", 423)


def test_unknown_codes_answer_as_a_wrong_password_expired_and_revoked_are_told(
    issuer: Issuer,
) -> None:
    issued = issuer.issue(NID)
    wrong = problem(lambda: redeem(issuer, issued.tracking_code, "WRONGPWD"))
    for unknown in ("1405-0000-0000", "not a code"):
        err = problem(lambda code=unknown: redeem(issuer, code, "x"))
        assert (err.slug, err.status, err.detail) == (wrong.slug, wrong.status, wrong.detail)
    issued = issuer.issue(NID)
    later = time.time() + 31 * 86400
    err = problem(lambda: redeem(issuer, issued.tracking_code, issued.usage_password, now=later))
    assert (err.slug, err.status) == ("certificate-expired", 410)
    assert issuer.revoke(issued.serial) and not issuer.revoke("1234")
    err = problem(lambda: redeem(issuer, issued.tracking_code, issued.usage_password))
    assert (err.slug, err.status) == ("certificate-revoked", 410)


def test_the_http_flow_against_the_running_mock(mock_server, sign_in, tmp_path: Path) -> None:
    url = mock_server.url
    with httpx.Client(base_url=url, timeout=30) as client:
        login = client.post(
            "/api/v1/individual/login", json={"national_id": NID, "password": "demo-pass"}
        )
        assert login.status_code == 200, login.text
        person = {"Authorization": f"Bearer {login.json()['access_token']}"}
        obtained = client.post("/api/v1/individual/certificates", headers=person)
        assert obtained.status_code == 201, obtained.text
        cert = obtained.json()

        clerk = {"Authorization": f"Bearer {sign_in(url)['access_token']}"}
        body = {"tracking_code": cert["tracking_code"], "usage_password": "WRONG123"}
        wrong = client.post("/api/v1/certificates/redeem", headers=clerk, json=body)
        assert wrong.status_code == 403
        assert wrong.headers["content-type"].startswith("application/problem+json")
        assert wrong.json()["type"] == "urn:estelam:problem:usage-password-invalid"
        assert "attempts_left" not in wrong.json()  # it would tell that the code exists

        no_scope = {"Authorization": f"Bearer {sign_in(url, 'demo.clerk2')['access_token']}"}
        body["usage_password"] = cert["usage_password"]
        refused = client.post("/api/v1/certificates/redeem", headers=no_scope, json=body)
        assert refused.json()["type"] == "urn:estelam:problem:forbidden-scope"
        # The individual's token is no clerk's token.
        as_person = client.post("/api/v1/certificates/redeem", headers=person, json=body)
        assert as_person.status_code == 401

        redeemed = client.post("/api/v1/certificates/redeem", headers=clerk, json=body)
        assert redeemed.status_code == 200, redeemed.text
        got = redeemed.json()
        pdf = base64.b64decode(got["pdf_base64"])
        assert got["claims"]["serial"] == cert["serial"]

        trust = issuer_fixtures.trusted()
        roots = client.get("/api/v1/trust/roots")
        assert roots.headers["content-type"].startswith("application/x-pem-file")
        assert roots.content.strip() == trust.roots[0].public_bytes(Encoding.PEM).strip()
        cache = RevocationCache(tmp_path / "trust-cache.sqlite3")
        crl = client.get("/api/v1/trust/crl")
        assert crl.headers["content-type"] == "application/pkix-crl"
        fresh = cache.store(crl.content, trust)
        assert verify_pdf(pdf, trust, fresh).verdict is Verdict.VALID

        assert client.post("/_mock/revoke", json={"serial": cert["serial"]}).status_code == 204
        assert client.post("/_mock/revoke", json={"serial": "42"}).status_code == 404
        revoked = cache.store(client.get("/api/v1/trust/crl").content, trust)
        assert verify_pdf(pdf, trust, revoked).verdict is Verdict.REVOKED
        again = client.post("/api/v1/certificates/redeem", headers=clerk, json=body)
        assert again.json()["type"] == "urn:estelam:problem:certificate-revoked"


def test_mock_commands_issue_and_revoke(mock_server, capsys) -> None:
    from desktop.mock_backend import cli as mock_cli

    url = mock_server.url
    args = ["issue-certificate", "--server", url, "--national-id", NID, "--json"]
    assert mock_cli.main(args) == 0
    issued = json.loads(capsys.readouterr().out)
    assert set(issued) >= {"tracking_code", "usage_password", "serial", "expires_at"}
    assert mock_cli.main(["revoke", "--server", url, "--serial", issued["serial"]]) == 0
    assert f"revoked {issued['serial']}" in capsys.readouterr().out
    assert mock_cli.main(["revoke", "--server", url, "--serial", "1"]) == 1
    bad = ["issue-certificate", "--server", url, "--national-id", "0012345678"]
    assert mock_cli.main(bad) == 1
    assert "422" in capsys.readouterr().err
