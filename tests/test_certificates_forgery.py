"""The forgery corpus (tests/forgeries.py): a genuine certificate changed in every way
its class names is TAMPERED (or UNREADABLE), never VALID, in the core and on the
command line. The claims a forger wrote never reach a verdict that vouches for them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from desktop import cli
from desktop.core.certificates import RevocationData, TrustProfile, Verdict, load_crl, verify_pdf
from desktop.core.certificates.structure import LayoutError, signed_layout
from desktop.mock_backend.certificates import keys
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests.forgeries import CLASSES, FORGED_PERSON, Layout, forged_claims, rebalanced

NID = "0012345679"


@pytest.fixture(scope="module")
def issuer() -> keys.IssuerKeys:
    return keys.load_keys()


@pytest.fixture(scope="module")
def trust() -> TrustProfile:
    return TrustProfile.named("test")


@pytest.fixture(scope="module")
def crl(issuer: keys.IssuerKeys, trust: TrustProfile) -> RevocationData:
    return load_crl(build_crl([], issuer), trust)


@pytest.fixture(scope="module")
def genuine(issuer: keys.IssuerKeys) -> tuple[dict[str, Any], bytes]:
    return make_certificate(NID, keys=issuer)


def when(claims: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(claims["issued_at"].replace("Z", "+00:00")) + dt.timedelta(1)


def test_the_certificate_the_forgeries_start_from_is_valid(genuine, trust, crl) -> None:
    claims, pdf = genuine
    result = verify_pdf(pdf, trust, crl, when(claims))
    assert result.verdict is Verdict.VALID, result.reason
    layout = signed_layout(pdf)
    assert layout.byte_range[0] == 0 and sum(layout.byte_range[2:]) == len(pdf)
    assert layout.revisions == 2


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_forgery_is_never_valid(name: str, genuine, issuer, trust, crl) -> None:
    claims, pdf = genuine
    forged = CLASSES[name](pdf, issuer)
    assert forged != pdf
    result = verify_pdf(forged, trust, crl, when(claims))
    assert result.verdict in (Verdict.TAMPERED, Verdict.UNREADABLE), (result.verdict, result.reason)
    if result.verdict is Verdict.TAMPERED:
        trusted = result.check("signer_trusted")
        assert trusted is not None and trusted.outcome == "skipped"  # decided before trust
        assert result.claims is None  # nothing the forger wrote is shown as checked


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_the_byte_layout_alone_refuses_every_forgery(name: str, genuine, issuer) -> None:
    """Not only pyHanko's errors: the bytes themselves say no to each."""
    with pytest.raises(LayoutError):
        signed_layout(CLASSES[name](genuine[1], issuer))


def test_the_published_attack_balances_pyhankos_arithmetic(genuine) -> None:
    """What made the attack read VALID: pyHanko reads the forged claims and still
    reports the whole file covered by an intact signature."""
    _, pdf = genuine
    lay = Layout.of(pdf)
    forged = rebalanced(lay, {lay.claims: forged_claims(lay)})
    assert Layout.of(forged).claims_json["first_name"] == FORGED_PERSON["first_name"]
    sig = next(iter(PdfFileReader(io.BytesIO(forged)).embedded_signatures))
    assert sig.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE


def test_the_command_line_says_tampered(genuine, issuer, tmp_path: Path, capsys) -> None:
    _, pdf = genuine
    path = tmp_path / "forged.pdf"
    path.write_bytes(CLASSES["published-attack/table"](pdf, issuer))
    crl_file = tmp_path / "sso.crl"
    crl_file.write_bytes(build_crl([], issuer))
    code = cli.run(["verify", str(path), "--profile", "test", "--crl", str(crl_file), "--json"])
    assert code == 5
    (file,) = json.loads(capsys.readouterr().out)["files"]
    assert file["verdict"] == "TAMPERED"
    assert file["claims"] is None
