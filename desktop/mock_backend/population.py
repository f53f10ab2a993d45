"""Synthetic people: every valid national ID maps to the same person everywhere.

A person is derived from SHA-256 of the ID, so two mocks on two machines answer the
same way. Only "active" contribution months follow today's date, as a real record would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

import jdatetime

STATUS_SHARES: tuple[tuple[str, float], ...] = (
    ("insured_active", 0.45),
    ("insured_inactive", 0.15),
    ("pensioner", 0.15),
    ("dependent_of_insured", 0.10),
    ("dependent_of_pensioner", 0.05),
    ("not_found", 0.10),
)

# Ages are counted from a fixed day so a person's birth date never drifts.
_ANCHOR = dt.date(2026, 1, 1)

MALE_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "حسن", "امیر", "سعید", "مجید", "حمید",
    "احمد", "جواد", "مصطفی", "مرتضی", "ابوالفضل", "علیرضا", "محمدرضا", "امیرحسین", "عباس",
    "داوود", "کاظم", "سجاد", "یوسف", "ناصر", "بهروز", "فرهاد", "کامران", "پیمان", "بابک",
    "سیاوش", "هادی", "وحید", "مسعود", "اکبر", "قاسم", "صادق", "میلاد", "آرش",
)  # fmt: skip
FEMALE_NAMES = (
    "فاطمه", "زهرا", "مریم", "زینب", "معصومه", "سمیرا", "نرگس", "الهام", "لیلا", "مهسا",
    "سارا", "نازنین", "فرشته", "شیرین", "پریسا", "نسرین", "طاهره", "اعظم", "منیژه", "سیمین",
    "مینا", "ریحانه", "کوثر", "هانیه", "سمانه", "الناز", "آزاده", "نگین", "ژیلا", "رقیه",
    "صدیقه", "فریبا", "شهلا", "مهناز",
)  # fmt: skip
LAST_NAMES = (
    "احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "کاظمی", "رحیمی",
    "صادقی", "حیدری", "قاسمی", "نوری", "مرادی", "عباسی", "اکبری", "سلطانی", "طاهری",
    "نجفی", "یوسفی", "ابراهیمی", "کرمانی", "شیرازی", "تهرانی", "اصفهانی", "زمانی",
    "فرهادی", "باقری", "ملکی", "هاشمی", "شریفی", "عزیزی", "میرزایی", "امینی", "بهرامی",
    "خسروی", "نظری", "قربانی",
)  # fmt: skip
_WORKSHOP_KINDS = ("شرکت", "کارخانه", "فروشگاه", "کارگاه", "مؤسسه")
_WORKSHOP_TRADES = (
    "صنایع غذایی", "ساختمانی", "نساجی", "حمل و نقل", "خدمات فنی", "فولاد", "پخش دارویی",
    "چاپ و نشر", "قطعات خودرو", "کاشی و سرامیک", "بازرگانی", "خدمات رایانه‌ای",
)  # fmt: skip
_WORKSHOP_BRANDS = (
    "البرز", "پارس", "سپهر", "آریا", "کوثر", "نوین", "مهر", "دماوند", "زاگرس",
    "خلیج فارس", "کیان", "آفتاب",
)  # fmt: skip
_CITIES = (
    "تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "اهواز", "قم", "کرمانشاه", "رشت",
    "یزد", "کرمان", "همدان", "اراک", "زنجان", "ارومیه", "سنندج", "بندرعباس", "ساری", "قزوین",
)  # fmt: skip
_INSURANCE_KINDS = (
    ("mandatory", 70),
    ("self_employed", 10),
    ("voluntary", 7),
    ("driver", 6),
    ("construction_worker", 5),
    ("carpet_weaver", 2),
)
_PENSION_KINDS = (("retirement", 75), ("survivors", 15), ("disability", 10))
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Person:
    national_id: str
    status: str
    fields: dict[str, Any]  # every StatusResult personal field; all None for not_found


def status_for(national_id: str) -> str:
    """The status alone, from the first 8 bytes of the digest (cheap for spreads)."""
    digest = hashlib.sha256(national_id.encode("ascii")).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    total = 0.0
    for status, share in STATUS_SHARES:
        total += share
        if u < total:
            return status
    return STATUS_SHARES[-1][0]


def person_for(national_id: str, today: dt.date | None = None) -> Person:
    """The synthetic person behind a valid national ID."""
    status = status_for(national_id)
    if status == "not_found":
        return Person(national_id, status, dict.fromkeys(_PERSONAL_FIELDS))
    seed = int.from_bytes(hashlib.sha256(b"person:" + national_id.encode("ascii")).digest())
    rng = random.Random(seed)
    return Person(national_id, status, _make(rng, status, today or dt.date.today()))


_PERSONAL_FIELDS = (
    "first_name", "last_name", "father_name", "birth_date", "gender", "insurance_number",
    "insurance_kind", "last_contribution_month", "total_record", "workshop", "branch",
    "pension_kind",
)  # fmt: skip


def _make(rng: random.Random, status: str, today: dt.date) -> dict[str, Any]:
    gender = rng.choice(("male", "female"))
    age, pension_kind = _age_and_pension(rng, status)
    birth = _ANCHOR - dt.timedelta(days=age * 365 + rng.randrange(365))
    insured = status in ("insured_active", "insured_inactive", "pensioner")
    fields: dict[str, Any] = {
        "first_name": rng.choice(MALE_NAMES if gender == "male" else FEMALE_NAMES),
        "last_name": rng.choice(LAST_NAMES),
        "father_name": rng.choice(MALE_NAMES),
        "birth_date": birth.isoformat(),
        "gender": gender,
        "insurance_number": str(rng.randrange(10**9, 10**10)),
        "insurance_kind": _weighted(rng, _INSURANCE_KINDS) if insured else None,
        "last_contribution_month": None,
        "total_record": None,
        "workshop": None,
        "branch": _branch(rng),
        "pension_kind": pension_kind,
    }
    if status == "insured_active":
        fields["last_contribution_month"] = _jalali_month(today, months_back=rng.randint(1, 2))
        fields["total_record"] = _record(rng, max_years=min(35, age - 18))
        fields["workshop"] = _workshop(rng)
    elif status == "insured_inactive":
        fields["last_contribution_month"] = _jalali_month(_ANCHOR, rng.randint(6, 120))
        fields["total_record"] = _record(rng, max_years=min(30, age - 19))
        fields["workshop"] = _workshop(rng)
    elif status == "pensioner":
        # Contributions stopped when the pension began, some years before the anchor.
        years_retired = rng.randint(1, max(1, min(25, age - 45)))
        fields["last_contribution_month"] = _jalali_month(_ANCHOR, years_retired * 12)
        low = 2 if pension_kind == "disability" else 20
        fields["total_record"] = _record(rng, max_years=rng.randint(low, 35), min_years=low)
    return fields


def _age_and_pension(rng: random.Random, status: str) -> tuple[int, str | None]:
    if status == "insured_active":
        return rng.randint(19, 62), None
    if status == "insured_inactive":
        return rng.randint(22, 65), None
    if status == "pensioner":
        kind = _weighted(rng, _PENSION_KINDS)
        ages = {"retirement": (56, 88), "disability": (46, 75), "survivors": (50, 90)}[kind]
        return rng.randint(*ages), kind
    if status == "dependent_of_insured":
        span = rng.choices(((0, 24), (20, 60), (60, 90)), weights=(60, 30, 10))[0]
        return rng.randint(*span), None
    span = rng.choices(((55, 88), (0, 24)), weights=(60, 40))[0]
    return rng.randint(*span), None


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _record(rng: random.Random, max_years: int, min_years: int = 0) -> dict[str, int]:
    years = rng.randint(min_years, max(min_years, max_years))
    return {"years": years, "months": rng.randint(0, 11), "days": rng.randint(0, 29)}


def _workshop(rng: random.Random) -> dict[str, str]:
    kind = rng.choice(_WORKSHOP_KINDS)
    name = f"{kind} {rng.choice(_WORKSHOP_TRADES)} {rng.choice(_WORKSHOP_BRANDS)}"
    if kind == "شرکت":
        name += " (سهامی خاص)"
    return {"id": str(rng.randrange(10**9, 10**10)), "name": name}


def _branch(rng: random.Random) -> dict[str, str]:
    city = rng.randrange(len(_CITIES))
    number = rng.randint(1, 40)
    # The code follows from city and number, so one branch name always has one code.
    return {
        "code": f"{(city + 1) * 100 + number:04d}",
        "name": f"شعبه {str(number).translate(_PERSIAN_DIGITS)} {_CITIES[city]}",
    }


def _jalali_month(day: dt.date, months_back: int) -> str:
    j = jdatetime.date.fromgregorian(date=day)
    index = j.year * 12 + (j.month - 1) - months_back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
