"""Time helpers: UTC timestamps for the wire, Tehran days for quotas."""

from __future__ import annotations

import datetime as dt
import time

# Iran has kept +03:30 all year since 2022, so a fixed offset is exact and needs no
# tz database on the machine running the mock.
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30), "IRST")


def now() -> float:
    return time.time()


def iso_utc(ts: float) -> str:
    """RFC 3339 UTC with a Z and whole seconds, as the contract writes timestamps."""
    return dt.datetime.fromtimestamp(int(ts), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tehran_day(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, TEHRAN).date().isoformat()


def seconds_to_tehran_midnight(ts: float) -> int:
    local = dt.datetime.fromtimestamp(ts, TEHRAN)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), TEHRAN)
    return max(1, int((midnight - local).total_seconds() + 0.999))
