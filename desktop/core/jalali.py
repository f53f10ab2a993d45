"""Jalali (Solar Hijri) dates for display; the Gregorian text goes in tooltips."""

from __future__ import annotations

import datetime as dt
import functools
import re

import jdatetime

from desktop.core.digits import to_latin_digits, to_persian_digits

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$")


def _digits(text: str, persian_digits: bool) -> str:
    return to_persian_digits(text) if persian_digits else text


def _local(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    if value.tzinfo is None:
        # A naive time could be UTC or local; showing the wrong hour is worse than failing.
        raise ValueError(f"naive datetime: {value!r}")
    return value.astimezone(tz)


def parse_date(text: str) -> dt.date:
    """A Jalali date typed as "1405/09/04", "۱۴۰۵-۹-۴" and the like -> the Gregorian date.

    ValueError when it is not one (wrong shape, or a day the month does not have).
    """
    match = _DATE.match(to_latin_digits(text).strip())
    if match is None:
        raise ValueError(f"not a Jalali date: {text!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError as exc:
        raise ValueError(f"not a Jalali date: {text!r}") from exc


def format_date(value: dt.date, *, persian_digits: bool = True) -> str:
    """2026-11-25 -> "۱۴۰۵/۰۹/۰۴"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _digits(_jalali(value.year, value.month, value.day), persian_digits)


# A hundred thousand rows of an export hold far fewer distinct days, and jdatetime takes
# tens of microseconds for each (it looks up the locale every time).
@functools.lru_cache(maxsize=1 << 16)
def _jalali(year: int, month: int, day: int) -> str:
    """The Gregorian day as Jalali "1405/09/04", Latin digits."""
    j = jdatetime.date.fromgregorian(year=year, month=month, day=day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def format_datetime(
    value: dt.datetime,
    *,
    persian_digits: bool = True,
    seconds: bool = False,
    tz: dt.tzinfo | None = None,
) -> str:
    """An aware time in local time (or `tz`): "۱۴۰۵/۰۹/۰۴ ۱۱:۴۲"."""
    local = _local(value, tz)
    clock = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if seconds else "")
    return _digits(f"{_jalali(local.year, local.month, local.day)} {clock}", persian_digits)


def format_year_month(value: str, *, persian_digits: bool = True) -> str:
    """A Jalali "1405-07" -> "۱۴۰۵/۰۷"."""
    match = _YEAR_MONTH.match(value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a Jalali year-month: {value!r}")
    return _digits(f"{match.group(1)}/{match.group(2)}", persian_digits)


def gregorian_text(value: dt.date, *, tz: dt.tzinfo | None = None) -> str:
    """The Gregorian date ("2026-11-25"), or local date and time for an aware datetime."""
    if isinstance(value, dt.datetime):
        return _local(value, tz).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
