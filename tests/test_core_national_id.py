"""National IDs: what clerks and spreadsheets type, and what must be refused."""

from __future__ import annotations

import pytest

from desktop.core.national_id import (
    Invalid,
    InvalidNationalId,
    check_digit_ok,
    is_valid,
    normalize,
    with_check_digit,
)


@pytest.mark.parametrize(
    "raw",
    [
        "0012345679",
        "۰۰۱۲۳۴۵۶۷۹",  # Persian digits
        "٠٠١٢٣٤٥٦٧٩",  # Arabic-Indic digits
        "۰۰1234٥٦٧٩",  # mixed
        " 0012345679\t",
        "001-234567-9",
        "001 234 567 9",
        "001\u00a0234\u00a05679",  # no-break spaces
        "۰۰۱\u200c۲۳۴۵۶۷۹",  # ZWNJ
        "\u200f0012345679\u200e",  # bidi marks copied from an RTL document
        "'0012345679",  # spreadsheet "store as text" marker
        "001–234567–9",  # en dashes
    ],
)
def test_normalize_accepts_what_people_paste(raw: str) -> None:
    assert normalize(raw) == "0012345679"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", Invalid.EMPTY),
        (" \u200c- ", Invalid.EMPTY),
        ("0012345678", Invalid.CHECKSUM),
        ("1234567890", Invalid.CHECKSUM),
        ("0000000000", Invalid.REPEATED),
        ("۱۱۱۱۱۱۱۱۱۱", Invalid.REPEATED),
        ("12345679", Invalid.LENGTH),
        ("00123456790", Invalid.LENGTH),
        ("00123a5679", Invalid.NOT_DIGITS),
        ("1.23E+9", Invalid.SCIENTIFIC),
        ("1.2345679e9", Invalid.SCIENTIFIC),
        ("12345679E2", Invalid.SCIENTIFIC),
    ],
)
def test_normalize_names_the_reason(raw: str, reason: Invalid) -> None:
    with pytest.raises(InvalidNationalId) as raised:
        normalize(raw)
    assert raised.value.reason is reason
    assert raised.value.raw == raw
    assert not is_valid(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345679", "0012345679"),  # 8 digits: two zeros lost
        ("84575948", "0084575948"),
        ("499370899", "0499370899"),  # 9 digits: one zero lost
        ("12345679.0", "0012345679"),  # a numeric cell exported with its fraction
        ("۱۲۳۴۵۶۷۹", "0012345679"),
        ("0012345679", "0012345679"),
    ],
)
def test_pad_restores_leading_zeros_a_spreadsheet_dropped(raw: str, expected: str) -> None:
    assert normalize(raw, pad=True) == expected


@pytest.mark.parametrize("raw", ["1234567", "1.23E+9", "12345678.5"])
def test_pad_does_not_guess(raw: str) -> None:
    with pytest.raises(InvalidNationalId):
        normalize(raw, pad=True)


def test_check_digit() -> None:
    # Remainder < 2 keeps the remainder; otherwise 11 - remainder.
    assert with_check_digit("001234567") == "0012345679"
    assert with_check_digit("123456789") == "1234567891"
    assert check_digit_ok("0084575948") and not check_digit_ok("0084575949")
    for first_nine in ("000000012", "987654321", "555555556", "100000000"):
        assert is_valid(with_check_digit(first_nine)) or len(set(first_nine)) == 1
