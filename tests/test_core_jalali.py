"""Jalali display of dates and times."""

from __future__ import annotations

import datetime as dt
import time

import jdatetime
import pytest

from desktop.core import jalali

TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (dt.date(2026, 3, 21), "1405/01/01"),  # Nowruz 1405
        (dt.date(2026, 3, 20), "1404/12/29"),
        (dt.date(2026, 11, 25), "1405/09/04"),
        (dt.date(2025, 3, 21), "1404/01/01"),
        (dt.date(1988, 4, 12), "1367/01/23"),
        (dt.date(2024, 3, 19), "1402/12/29"),
        (dt.date(2025, 3, 20), "1403/12/30"),  # 1403 is a leap year
    ],
)
def test_format_date(gregorian: dt.date, expected: str) -> None:
    assert jalali.format_date(gregorian, persian_digits=False) == expected


def test_persian_digits_by_default() -> None:
    assert jalali.format_date(dt.date(2026, 3, 21)) == "۱۴۰۵/۰۱/۰۱"
    assert jalali.format_year_month("1405-07") == "۱۴۰۵/۰۷"


def test_format_datetime_in_local_time() -> None:
    moment = dt.datetime(2026, 3, 20, 22, 0, tzinfo=dt.UTC)  # 01:30 on Nowruz in Tehran
    assert jalali.format_datetime(moment, persian_digits=False, tz=TEHRAN) == "1405/01/01 01:30"
    assert jalali.format_datetime(moment, persian_digits=False, tz=dt.UTC) == "1404/12/29 22:00"
    assert jalali.format_datetime(moment, tz=TEHRAN, seconds=True) == "۱۴۰۵/۰۱/۰۱ ۰۱:۳۰:۰۰"


def test_format_datetime_defaults_to_the_machine_zone() -> None:
    moment = dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)
    local = moment.astimezone()
    expected = f"{jalali.format_date(local.date(), persian_digits=False)} {local:%H:%M}"
    assert jalali.format_datetime(moment, persian_digits=False) == expected


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        jalali.format_datetime(dt.datetime(2026, 11, 25, 8, 12))


@pytest.mark.parametrize("bad", ["1405-13", "1405/07", "05-07", "", "1405-7"])
def test_format_year_month_refuses_other_shapes(bad: str) -> None:
    with pytest.raises(ValueError):
        jalali.format_year_month(bad)


def test_gregorian_text() -> None:
    assert jalali.gregorian_text(dt.date(2026, 11, 25)) == "2026-11-25"
    moment = dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)
    assert jalali.gregorian_text(moment, tz=TEHRAN) == "2026-11-25 11:42"


def test_days_written_once_are_never_mixed_up() -> None:
    """Each day's Jalali text is kept once worked out; neighbouring days, a day asked
    again and again, a date and a datetime of the same day each get their own."""
    days = [dt.date(2026, 3, 20), dt.date(2026, 3, 21), dt.date(2025, 3, 20)] * 3
    assert [jalali.format_date(d, persian_digits=False) for d in days] == [
        "1404/12/29",
        "1405/01/01",
        "1403/12/30",
    ] * 3
    assert jalali.format_date(dt.datetime(2026, 3, 21, 23, 59)) == "۱۴۰۵/۰۱/۰۱"
    assert jalali.format_date(dt.date(2026, 3, 21), persian_digits=False) == "1405/01/01"


def test_one_instant_is_written_in_each_zone_asked_for(monkeypatch) -> None:
    """The same moment is a different day and hour in Tehran and in UTC, and in the
    machine's own zone whatever it is now (the zone is not kept with the day)."""
    moment = dt.datetime(2026, 11, 25, 22, 45, tzinfo=dt.UTC)
    assert jalali.format_datetime(moment, persian_digits=False, tz=dt.UTC) == "1405/09/04 22:45"
    assert jalali.format_datetime(moment, persian_digits=False, tz=TEHRAN) == "1405/09/05 02:15"
    for zone, expected in [("UTC0", "1405/09/04 22:45"), ("IRST-3:30", "1405/09/05 02:15")]:
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        assert jalali.format_datetime(moment, persian_digits=False) == expected
    monkeypatch.undo()
    time.tzset()
    assert jalali.format_datetime(moment, seconds=True, tz=TEHRAN) == "۱۴۰۵/۰۹/۰۵ ۰۲:۱۵:۰۰"


def test_every_day_from_1900_to_2100_as_jdatetime_converts_it() -> None:
    """The conversion is plain arithmetic; jdatetime is the reference it must match."""
    day, last = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
    while day <= last:
        expected = jdatetime.date.fromgregorian(date=day)
        assert jalali.format_date(day, persian_digits=False) == (
            f"{expected.year:04d}/{expected.month:02d}/{expected.day:02d}"
        ), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (dt.date(622, 3, 21), "0001/01/01"),  # jdatetime's first day, by its count
        (dt.date(1599, 12, 31), "0978/10/10"),  # before 1600, where its count starts
        (dt.date(1600, 3, 20), "0979/01/01"),
        (dt.date(9999, 3, 20), "9377/12/30"),
    ],
)
def test_the_ends_of_jdatetimes_range(gregorian: dt.date, expected: str) -> None:
    assert jalali.format_date(gregorian, persian_digits=False) == expected


@pytest.mark.parametrize("gregorian", [dt.date(622, 3, 20), dt.date(9999, 12, 31)])
def test_days_outside_jdatetimes_years_are_refused(gregorian: dt.date) -> None:
    with pytest.raises(ValueError):
        jalali.format_date(gregorian)
