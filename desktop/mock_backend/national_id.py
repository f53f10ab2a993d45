"""The national-ID check the SSO side applies (its own copy: the mock is separate)."""

from __future__ import annotations


def invalid_reason(value: str) -> str | None:
    """None for a valid ID, else a stable reason code (the client's own codes)."""
    if not value.strip():
        return "empty"
    if not (value.isascii() and value.isdigit()):
        return "not_digits"
    if len(value) != 10:
        return "wrong_length"
    if len(set(value)) == 1:
        return "repeated_digits"
    total = sum(int(d) * (10 - i) for i, d in enumerate(value[:9]))
    r = total % 11
    if int(value[9]) != (r if r < 2 else 11 - r):
        return "check_digit"
    return None


def with_check_digit(first_nine: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    r = total % 11
    return first_nine + str(r if r < 2 else 11 - r)
