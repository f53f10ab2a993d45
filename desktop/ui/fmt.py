"""Showing domain values in the current language: digits, Jalali dates, enum labels."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core import jalali
from desktop.ui.i18n import Language, current_language, localize_digits

_CTX = "Labels"

# Marked for lupdate here, translated when shown, so a language switch needs no rebuild.
_LABELS: dict[str, str] = {
    # statuses
    "insured_active": QT_TRANSLATE_NOOP("Labels", "Insured, contributing"),
    "insured_inactive": QT_TRANSLATE_NOOP("Labels", "Insured, no current contributions"),
    "pensioner": QT_TRANSLATE_NOOP("Labels", "Pensioner"),
    "dependent_of_insured": QT_TRANSLATE_NOOP("Labels", "Dependent of an insured person"),
    "dependent_of_pensioner": QT_TRANSLATE_NOOP("Labels", "Dependent of a pensioner"),
    "not_found": QT_TRANSLATE_NOOP("Labels", "Not found"),
    # insurance kinds
    "mandatory": QT_TRANSLATE_NOOP("Labels", "Mandatory (employee)"),
    "self_employed": QT_TRANSLATE_NOOP("Labels", "Self-employed"),
    "voluntary": QT_TRANSLATE_NOOP("Labels", "Voluntary"),
    "driver": QT_TRANSLATE_NOOP("Labels", "Drivers"),
    "construction_worker": QT_TRANSLATE_NOOP("Labels", "Construction workers"),
    "carpet_weaver": QT_TRANSLATE_NOOP("Labels", "Carpet weavers"),
    # pension kinds
    "retirement": QT_TRANSLATE_NOOP("Labels", "Retirement"),
    "disability": QT_TRANSLATE_NOOP("Labels", "Disability"),
    "survivors": QT_TRANSLATE_NOOP("Labels", "Survivors"),
    # agency kinds
    "court": QT_TRANSLATE_NOOP("Labels", "Court"),
    "insurance_fund": QT_TRANSLATE_NOOP("Labels", "Insurance fund"),
    "support_org": QT_TRANSLATE_NOOP("Labels", "Support organisation"),
    "bank": QT_TRANSLATE_NOOP("Labels", "Bank"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other agency"),
    # genders
    "male": QT_TRANSLATE_NOOP("Labels", "Male"),
    "female": QT_TRANSLATE_NOOP("Labels", "Female"),
}


def label(code: str | None) -> str:
    """The reader's word for an enum value; unknown codes are shown as they are."""
    if code is None:
        return "—"
    source = _LABELS.get(str(code))
    return QCoreApplication.translate(_CTX, source) if source else str(code)


def _persian() -> bool:
    return current_language() is Language.FA


def number(value: object) -> str:
    """A code or number as it is written, in the reader's digits."""
    return "—" if value is None else localize_digits(str(value))


def count(value: float) -> str:
    """A quantity with thousands grouped: 12,345 in English, ۱۲٬۳۴۵ in Persian."""
    text = f"{value:,.0f}"
    return localize_digits(text.replace(",", "\u066c") if _persian() else text)


def date(value: dt.date | None) -> str:
    """Jalali in Persian; in English the Jalali date too, as the domain is Jalali."""
    return "—" if value is None else jalali.format_date(value, persian_digits=_persian())


def datetime(value: dt.datetime | None) -> str:
    return "—" if value is None else jalali.format_datetime(value, persian_digits=_persian())


def year_month(value: str | None) -> str:
    return "—" if not value else jalali.format_year_month(value, persian_digits=_persian())


def gregorian(value: dt.date | dt.datetime | None) -> str:
    """For the tooltip beside a Jalali date."""
    return "" if value is None else jalali.gregorian_text(value)


def duration(years: int, months: int, days: int) -> str:
    text = QCoreApplication.translate("Labels", "%1 yr, %2 mo, %3 d")
    return localize_digits(
        text.replace("%1", str(years)).replace("%2", str(months)).replace("%3", str(days))
    )
