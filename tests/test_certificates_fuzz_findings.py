"""Inputs the coverage-guided fuzz of the verifier (tests/fuzz/fuzz_verifier.py) found
reaching its last-resort handler: each must be named by the check it fails instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.certificates import Verdict, verify_pdf
from tests import issuer_fixtures

FOUND = Path(__file__).parent / "data" / "fuzz"
NOW = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("name", "verdict", "check", "detail"),
    [
        # pyHanko's cross-reference reader asserts on a mangled xref table.
        ("verifier-xref-assertion.pdf", Verdict.UNREADABLE, "readable", "AssertionError"),
        # A dictionary where pyHanko's cross-reference reader expects a stream.
        ("verifier-xref-attribute-error.pdf", Verdict.UNREADABLE, "readable", "AttributeError"),
        # A crypt filter method pyHanko does not implement: NotImplementedError.
        (
            "verifier-unknown-crypt-filter.pdf",
            Verdict.UNREADABLE,
            "readable",
            "NotImplementedError",
        ),
        # A PNG predictor byte out of range in a cross-reference stream.
        ("verifier-unknown-png-filter.pdf", Verdict.UNREADABLE, "readable", "PNG filter"),
        # Signature fields read, but a cross-reference stream where a certificate has a
        # table (its broken stream once stopped pyHanko's difference analysis).
        (
            "verifier-broken-stream-in-signed-file.pdf",
            Verdict.TAMPERED,
            "covers_whole_file",
            "not a classic table",
        ),
    ],
)
def test_fuzz_finding_gets_the_verdict_of_its_check(
    name: str, verdict: Verdict, check: str, detail: str
) -> None:
    result = verify_pdf((FOUND / name).read_bytes(), issuer_fixtures.trusted(), None, NOW)
    assert result.verdict is verdict
    decided = result.check(check)
    assert decided is not None and decided.outcome == "fail"
    assert detail in decided.detail
    assert not decided.detail.startswith("the file could not be read")
