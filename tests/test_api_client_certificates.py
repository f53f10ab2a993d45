"""The client's certificate calls against the mock, and their models against the contract."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from desktop.api_client import PROBLEM_CLASSES, RedeemedCertificate
from desktop.core.certificates import load_crl
from desktop.core.paths import resource_path
from tests import issuer_fixtures
from tests.conftest import MockProcess
from tests.mock_certificates import NID, issue, signed_in

# -- against the mock ----------------------------------------------------------------------


def test_client_redeem_trust_roots_and_crl(mock_server: MockProcess) -> None:
    trust = issuer_fixtures.trusted()
    issued = issue(mock_server.url)

    async def scenario() -> tuple[RedeemedCertificate, list[bytes], bytes]:
        session = await signed_in(mock_server.url)
        client = session.client
        try:
            got = await client.redeem(issued["tracking_code"], issued["usage_password"])
            return got, await client.trust_roots(), await client.crl()
        finally:
            await session.aclose()

    got, roots, crl = asyncio.run(scenario())
    assert got.serial == issued["serial"] and got.claims["serial"] == issued["serial"]
    assert got.tracking_code == issued["tracking_code"]
    assert got.pdf.startswith(b"%PDF-") and got.redeemed_at.tzinfo is not None
    # Neither personal data nor 50 KB of PDF in a log line.
    assert "pdf=" not in repr(got) and NID not in repr(got)
    assert roots == [trust.roots[0].public_bytes(Encoding.PEM)]
    assert load_crl(crl, trust).issuer.startswith("CN=")


# -- the contract --------------------------------------------------------------------------

OPENAPI: dict[str, Any] = json.loads(
    resource_path("contract", "openapi.json").read_text(encoding="utf-8")
)


def test_redeemed_certificate_is_the_schema() -> None:
    schema = OPENAPI["components"]["schemas"]["Redeemed"]
    fields = {
        RedeemedCertificate.JSON_NAMES.get(f.name, f.name)
        for f in dataclasses.fields(RedeemedCertificate)
    }
    assert fields == set(schema["properties"]) == set(schema["required"])


def test_every_documented_problem_has_a_class() -> None:
    documented: set[str] = set()
    for path in OPENAPI["paths"].values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                description = response.get("description", "")
                if description.startswith("Problem: "):
                    documented |= set(description.removeprefix("Problem: ").split(", "))
    assert {"code-locked", "usage-password-invalid", "certificate-revoked"} <= documented
    assert documented <= set(PROBLEM_CLASSES)
