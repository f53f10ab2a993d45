"""Properties of the certificate QR payload parser (hypothesis)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.certificates import qr as core_qr
from desktop.mock_backend.certificates import qr as mock_qr
from tests import issuer_fixtures

FAST = settings(max_examples=150, deadline=None)
ISSUER = issuer_fixtures.issuer()
KID = mock_qr.key_id(ISSUER.signer_key.public_key())
# Unix seconds a datetime can hold (up to the end of year 9999).
LAST_TIME = int(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp())
times = st.integers(0, LAST_TIME)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@FAST
@given(
    st.text("0123456789", min_size=1, max_size=16),
    st.text("0123456789", min_size=10, max_size=10),
    st.sampled_from(["insured_active", "insured_inactive", "not_insured", "x"]),
    times,
    times,
)
def test_issued_payloads_round_trip(serial: str, nid: str, status: str, i: int, e: int) -> None:
    claims = mock_qr.qr_claims(serial, nid, status, i, e, KID)
    text = mock_qr.encode_payload(claims, ISSUER.signer_key)
    payload = core_qr.parse_payload(text)
    assert payload.text == text
    got = payload.claims
    assert (got.serial, got.national_id, got.status, got.key_id) == (serial, nid, status, KID)
    assert (int(got.issued.timestamp()), int(got.expires.timestamp())) == (i, e)
    assert core_qr.signature_ok(payload, ISSUER.signer_cert.public_key())
    # Any other claims under the same signature fail the check.
    forged = core_qr.parse_payload(
        mock_qr.PREFIX
        + b64(json.dumps({**claims, "n": nid[::-1] + "0"}).encode())
        + text[text.index(".") :]
    )
    assert not core_qr.signature_ok(forged, ISSUER.signer_cert.public_key())


def _parse_or_refuse(text: str) -> None:
    try:
        payload = core_qr.parse_payload(text)
    except core_qr.QrFormatError:
        return
    assert payload.text == text and len(payload.signature) == 64
    core_qr.signature_ok(payload, ISSUER.signer_cert.public_key())


@FAST
@given(st.text(max_size=300) | st.text(max_size=300).map(lambda t: mock_qr.PREFIX + t))
@example("SSO1:.")
@example("SSO1:A." + "A" * 86)
def test_any_text_is_parsed_or_refused_with_qr_format_error(text: str) -> None:
    _parse_or_refuse(text)


claim_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.lists(st.integers(), max_size=2)
)


@FAST
@given(
    st.dictionaries(st.sampled_from(["s", "n", "st", "i", "e", "k", "x"]), claim_values)
    | st.lists(st.integers(), max_size=3)
    | st.integers(),
    st.binary(min_size=64, max_size=64),
)
@example({"s": "1", "n": "1", "st": "a", "k": "k", "i": 2**40 - 1, "e": 0}, bytes(64))
@example({"s": "1", "n": "1", "st": "a", "k": "k", "i": 0, "e": LAST_TIME + 1}, bytes(64))
def test_any_claims_are_parsed_or_refused_with_qr_format_error(claims: object, sig: bytes) -> None:
    _parse_or_refuse(mock_qr.PREFIX + b64(json.dumps(claims).encode()) + "." + b64(sig))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_as_text_are_parsed_or_refused(data: bytes) -> None:
    _parse_or_refuse(data.decode("latin-1"))


def test_time_beyond_year_9999_is_a_format_error() -> None:
    text = mock_qr.encode_payload(
        mock_qr.qr_claims("1", "0012345679", "insured_active", 0, LAST_TIME + 1, KID),
        ISSUER.signer_key,
    )
    with pytest.raises(core_qr.QrFormatError):
        core_qr.parse_payload(text)
