"""The mock's synthetic population and its own national-ID check (in process, no HTTP)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest

from desktop.core import national_id as core_ids
from desktop.mock_backend.national_id import invalid_reason, with_check_digit
from desktop.mock_backend.population import STATUS_SHARES, person_for, status_for

TODAY = dt.date(2026, 11, 25)


def valid_ids(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids: list[str] = []
    while len(ids) < count:
        nid = with_check_digit(f"{rng.randrange(10**9):09d}")
        if invalid_reason(nid) is None:  # skips the rare all-same-digit ID
            ids.append(nid)
    return ids


def test_status_spread_of_2000_ids_is_near_the_target_shares() -> None:
    counts = Counter(status_for(nid) for nid in valid_ids(2000))
    for status, share in STATUS_SHARES:
        observed = counts[status] / 2000
        # About four standard deviations for n=2000: a real skew fails, noise does not.
        assert abs(observed - share) < 0.045, (status, observed, share)


def test_same_id_same_person() -> None:
    for nid in valid_ids(50, seed=11):
        assert person_for(nid, TODAY) == person_for(nid, TODAY)


def test_fields_fit_the_status() -> None:
    jalali_month = re.compile(r"1[34][0-9]{2}-(0[1-9]|1[0-2])")
    ages: dict[str, list[int]] = {}
    for nid in valid_ids(600, seed=3):
        person = person_for(nid, TODAY)
        f = person.fields
        if person.status == "not_found":
            assert all(value is None for value in f.values())
            continue
        age = (TODAY - dt.date.fromisoformat(f["birth_date"])).days // 365
        ages.setdefault(person.status, []).append(age)
        assert re.fullmatch(r"[0-9]{10}", f["insurance_number"])
        assert f["gender"] in ("male", "female")
        assert f["branch"] and re.fullmatch(r"[0-9]{4}", f["branch"]["code"])
        if person.status.startswith("dependent"):
            assert f["workshop"] is None and f["total_record"] is None
            assert f["pension_kind"] is None and f["last_contribution_month"] is None
        elif person.status == "pensioner":
            assert f["pension_kind"] in ("retirement", "disability", "survivors")
            assert f["workshop"] is None
            assert jalali_month.fullmatch(f["last_contribution_month"])
        else:
            assert f["pension_kind"] is None
            assert re.fullmatch(r"[0-9]{10}", f["workshop"]["id"]) and f["workshop"]["name"]
            assert jalali_month.fullmatch(f["last_contribution_month"])
            assert f["total_record"]["years"] <= max(1, age - 17)
        if person.status == "insured_active":
            # Today is 1405-09-04: the last paid month is one or two months back.
            assert f["last_contribution_month"] in ("1405-07", "1405-08")
        if person.status == "insured_inactive":
            assert f["last_contribution_month"] < "1404-05"
    mean = {status: sum(a) / len(a) for status, a in ages.items()}
    assert mean["pensioner"] > mean["insured_active"] + 15
    assert all(18 <= a <= 63 for a in ages["insured_active"])
    assert min(ages["pensioner"]) >= 45


def test_names_are_persian() -> None:
    persian = re.compile(r"[\u0600-\u06ff\u200c ]+")
    for nid in valid_ids(200, seed=5):
        f = person_for(nid, TODAY).fields
        if f["first_name"] is not None:
            for name in (f["first_name"], f["last_name"], f["father_name"]):
                assert persian.fullmatch(name)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("12a4567890", "not_digits"),
        ("۰۰۱۲۳۴۵۶۱۱", "not_digits"),
        ("001234561", "wrong_length"),
        ("0000000000", "repeated_digits"),
        ("0012345612", "check_digit"),
        ("0012345611", None),
    ],
)
def test_invalid_reasons(value: str, reason: str | None) -> None:
    assert invalid_reason(value) == reason


def test_mock_and_client_agree_on_valid_ids() -> None:
    # The mock keeps its own copy of the check digit; both must say the same thing.
    rng = random.Random(1)
    for _ in range(3000):
        value = f"{rng.randrange(10**10):010d}"
        assert (invalid_reason(value) is None) == core_ids.is_valid(value), value
