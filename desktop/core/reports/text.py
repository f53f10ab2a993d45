"""Numbers, moments and durations as a report writes them.

Numbers that are prose (counts, row and page numbers, Jalali dates) are written in
Persian digits; codes (serials, national IDs, hashes) stay in Latin digits, left to
right, so they can be compared with what other systems print and searched for.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.core import jalali
from desktop.core.digits import to_persian_digits

# Characters of right-to-left scripts; text without any needs no shaping and no bidi
# pass, which makes such cells several times cheaper (it counts in a 10,000-row table).
RTL = re.compile(r"[\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


def fa_number(value: object) -> str:
    return to_persian_digits(str(value))


def prose(text: str) -> str:
    """Persian text gets Persian digits ("شعبه 12" -> "شعبه ۱۲"); Latin text and codes
    keep theirs. Only for values that are prose through and through (names, labels)."""
    return to_persian_digits(text) if RTL.search(text) else text


def local_time(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime: {moment!r}")
    return moment.astimezone()


def fa_moment(moment: dt.datetime) -> str:
    """'۱۴۰۵/۰۹/۰۴ ساعت ۱۱:۴۲' in the machine's local time."""
    local = local_time(moment)
    return f"{jalali.format_date(local)} ساعت {to_persian_digits(local.strftime('%H:%M'))}"


def en_moment(moment: dt.datetime) -> str:
    """'2026-11-25 11:42 (UTC+03:30)': local time, with its offset, as a record needs."""
    local = local_time(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def fa_duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "کمتر از یک ساعت"
    if hours < 48:
        return f"{fa_number(int(hours))} ساعت"
    return f"{fa_number(int(hours // 24))} روز"


def en_duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "less than an hour"
    if hours < 48:
        return f"{int(hours)} hours"
    return f"{int(hours // 24)} days"
