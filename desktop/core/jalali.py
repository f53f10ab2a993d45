"""Jalali (Solar Hijri) dates for display; the Gregorian text goes in tooltips."""

from __future__ import annotations

import calendar
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


# The same arithmetic as jdatetime's (FarsiWeb's jalali.c: 33-year cycles from 1600), on
# plain integers: jdatetime builds a date object and looks up the locale for each day,
# some 20 µs, and an export converts tens of thousands of distinct birthdays.
_CYCLE, _FOUR_YEARS = 12053, 1461  # days in 33 Jalali years, and in 4
# Days of a common year before each Gregorian month.
_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


# Days seen again (a clerk's list, a results table) are looked up rather than converted.
@functools.lru_cache(maxsize=1 << 16)
def _jalali(year: int, month: int, day: int) -> str:
    """The Gregorian day as Jalali "1405/09/04", Latin digits."""
    # Days since 1 Farvardin 979 (1600-03-20), counted as jdatetime counts them (which
    # is not the proleptic calendar's count before 1600).
    years = year - 1600
    days = 365 * years + (years + 3) // 4 - (years + 99) // 100 + (years + 399) // 400
    days += _BEFORE_MONTH[month - 1] + day - 80
    if month > 2 and calendar.isleap(year):
        days += 1
    cycles, days = divmod(days, _CYCLE)
    fours, days = divmod(days, _FOUR_YEARS)
    jyear = 979 + 33 * cycles + 4 * fours
    if days >= 366:
        years, days = divmod(days - 1, 365)
        jyear += years
    if not jdatetime.MINYEAR <= jyear <= jdatetime.MAXYEAR:
        raise ValueError(f"year is out of range: {jyear}")  # as jdatetime refuses it
    if days < 186:  # six months of 31 days, then five of 30 and the last of 29 or 30
        jmonth, jday = divmod(days, 31)
    else:
        jmonth, jday = divmod(days - 186, 30)
        jmonth += 6
    return f"{jyear:04d}/{jmonth + 1:02d}/{jday + 1:02d}"


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
