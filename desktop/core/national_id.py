"""Iranian national IDs (کد ملی): normalisation and the mod-11 check digit."""

from __future__ import annotations

import enum
import re

from desktop.core.digits import to_latin_digits

# Characters people and spreadsheets put inside IDs that carry no meaning:
# spaces of every kind, dashes, ZWNJ/ZWJ, bidi marks, and a leading apostrophe
# (the spreadsheet "store as text" marker).
_NOISE = re.compile(r"[\s\u00a0\u200b-\u200f\u202a-\u202e\u2066-\u2069\-\u2010-\u2015_.'’]")


class Invalid(enum.StrEnum):
    """Why a value is not a national ID; the values are stable reason codes."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    SCIENTIFIC = "scientific_notation"
    LENGTH = "wrong_length"
    REPEATED = "repeated_digits"
    CHECKSUM = "check_digit"


class InvalidNationalId(ValueError):
    def __init__(self, reason: Invalid, raw: str) -> None:
        super().__init__(f"{reason.value}: {raw!r}")
        self.reason = reason
        self.raw = raw


_SCIENTIFIC = re.compile(r"^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$")


def clean(raw: str) -> str:
    """Latin digits with the noise removed; no validation."""
    return _NOISE.sub("", to_latin_digits(raw))


def check_digit_ok(digits: str) -> bool:
    """True when ten Latin digits satisfy the mod-11 check digit."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    r = total % 11
    expected = r if r < 2 else 11 - r
    return int(digits[9]) == expected


def normalize(raw: str, *, pad: bool = False) -> str:
    """Return the 10-digit ID or raise InvalidNationalId.

    pad=True restores the leading zeros a spreadsheet drops when it stores an ID
    as a number (8 or 9 digits, or such a number written as "12345678.0").
    """
    text = clean(raw)
    if not text:
        raise InvalidNationalId(Invalid.EMPTY, raw)
    if _SCIENTIFIC.match(text):
        # A number like 1.23E+9 has lost digits; guessing would inquire about
        # somebody else.
        raise InvalidNationalId(Invalid.SCIENTIFIC, raw)
    if pad and text.endswith(".0"):
        text = text[:-2]
    if not text.isascii() or not text.isdigit():
        raise InvalidNationalId(Invalid.NOT_DIGITS, raw)
    if pad and len(text) in (8, 9):
        text = text.zfill(10)
    if len(text) != 10:
        raise InvalidNationalId(Invalid.LENGTH, raw)
    if len(set(text)) == 1:
        raise InvalidNationalId(Invalid.REPEATED, raw)
    if not check_digit_ok(text):
        raise InvalidNationalId(Invalid.CHECKSUM, raw)
    return text


def is_valid(raw: str) -> bool:
    try:
        normalize(raw)
    except InvalidNationalId:
        return False
    return True


def with_check_digit(first_nine: str) -> str:
    """Complete nine digits with their check digit (for generating test data)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    r = total % 11
    return first_nine + str(r if r < 2 else 11 - r)
