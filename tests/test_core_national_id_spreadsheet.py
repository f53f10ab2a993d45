"""National IDs as spreadsheets hand them over: numeric cells, fractions, exponents."""

from __future__ import annotations

import random

import pytest

from desktop.core.national_id import (
    Invalid,
    InvalidNationalId,
    check_digit_ok,
    normalize,
    with_check_digit,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345679.0", "0012345679"),
        ("12345679.00", "0012345679"),
        ("499370899.0", "0499370899"),
        ("'12345679.0", "0012345679"),
        (" 12345679.0 ", "0012345679"),
        ("۱۲۳۴۵۶۷۹٫۰", "0012345679"),  # Persian digits and decimal separator
        ("0012345679.0", "0012345679"),
    ],
)
def test_pad_reads_a_numeric_cell_with_its_fraction(raw: str, expected: str) -> None:
    assert normalize(raw, pad=True) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("12345679.5", Invalid.NOT_DIGITS),  # a fraction is not a lost zero
        ("1234567.90", Invalid.NOT_DIGITS),
        ("1,23E+09", Invalid.SCIENTIFIC),  # comma as decimal separator
        ("۱٫۲۳E+۰۹", Invalid.SCIENTIFIC),
        ("1.23E-9", Invalid.SCIENTIFIC),
        ("123456789012.0", Invalid.LENGTH),
    ],
)
def test_pad_refuses_what_it_would_have_to_guess(raw: str, reason: Invalid) -> None:
    with pytest.raises(InvalidNationalId) as raised:
        normalize(raw, pad=True)
    assert raised.value.reason is reason


def test_without_pad_a_fraction_is_not_read_as_a_number() -> None:
    with pytest.raises(InvalidNationalId) as raised:
        normalize("12345679.0")
    assert raised.value.reason is Invalid.LENGTH


def _reference_check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    r = total % 11
    return int(digits[9]) == (r if r < 2 else 11 - r)


def test_check_digit_agrees_with_the_textbook_formula() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        digits = f"{rng.randrange(10**10):010d}"
        assert check_digit_ok(digits) is _reference_check_digit_ok(digits)
    for _ in range(200):
        assert check_digit_ok(with_check_digit(f"{rng.randrange(10**9):09d}"))
