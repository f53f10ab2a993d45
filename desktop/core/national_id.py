"""Iranian national IDs (کد ملی): normalisation and the mod-11 check digit."""

from __future__ import annotations

import enum
import re
from operator import mul

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


# Checked after the noise (dots included) is gone; the comma and the Arabic decimal
# separator are what Persian-locale spreadsheets write instead of the dot.
_SCIENTIFIC = re.compile(r"^[0-9]+([.,\u066b][0-9]+)?[eE][+-]?[0-9]+$")
# A number written with a fraction, as a spreadsheet exports a numeric cell.
_DECIMAL = re.compile(r"^'?([0-9]+)[.\u066b]([0-9]+)$")


def clean(raw: str) -> str:
    """Latin digits with the noise removed; no validation."""
    return _NOISE.sub("", to_latin_digits(raw))


_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit_ok(digits: str) -> bool:
    """True when ten Latin digits satisfy the mod-11 check digit."""
    # Arithmetic on the code points (48 is ord("0"), 2592 = 48 * (10 + 9 + ... + 2)):
    # several times faster than int() per digit, which counts in a 100,000-row import.
    b = digits.encode("ascii")
    r = (sum(map(mul, b, _WEIGHTS)) - 2592) % 11
    expected = r if r < 2 else 11 - r
    return b[9] - 48 == expected


def normalize(raw: str, *, pad: bool = False) -> str:
    """Return the 10-digit ID or raise InvalidNationalId.

    pad=True is for values that come from spreadsheets: it restores the leading zeros
    lost when an ID was stored as a number (8 or 9 digits, or such a number written as
    "12345678.0"), and rejects a number with a fraction ("12345678.5") instead of
    reading its dot as noise.
    """
    # Ten Latin digits, the common case, need none of the cleaning.
    plain = len(raw) == 10 and raw.isascii() and raw.isdigit()
    text = raw if plain else _ten_digits(raw, pad=pad)
    if text == text[0] * 10:
        raise InvalidNationalId(Invalid.REPEATED, raw)
    if not check_digit_ok(text):
        raise InvalidNationalId(Invalid.CHECKSUM, raw)
    return text


def _ten_digits(raw: str, *, pad: bool) -> str:
    """The cleaned value when it is ten Latin digits; raise with the reason otherwise."""
    decimal = _DECIMAL.match(to_latin_digits(raw).strip()) if pad else None
    if decimal:
        if decimal.group(2).strip("0"):
            raise InvalidNationalId(Invalid.NOT_DIGITS, raw)
        # "12345678.0": the dot would otherwise be dropped as noise, leaving a stray
        # zero at the end.
        text = decimal.group(1)
    else:
        text = clean(raw)
    if not text:
        raise InvalidNationalId(Invalid.EMPTY, raw)
    if _SCIENTIFIC.match(text):
        # A number like 1.23E+9 has lost digits; guessing would inquire about
        # somebody else.
        raise InvalidNationalId(Invalid.SCIENTIFIC, raw)
    if not text.isascii() or not text.isdigit():
        raise InvalidNationalId(Invalid.NOT_DIGITS, raw)
    if pad and len(text) in (8, 9):
        text = text.zfill(10)
    if len(text) != 10:
        raise InvalidNationalId(Invalid.LENGTH, raw)
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
