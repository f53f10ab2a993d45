"""Showing domain values in the current language: digits, Jalali dates, enum labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from desktop.core import jalali, wording
from desktop.ui.i18n import Language, current_language, localize_digits, pseudo


def language() -> str:
    """ "fa" or "en": the language the domain's words are shown in."""
    return "fa" if current_language() is Language.FA else "en"


def word(table: Mapping[str, wording.Words], code: object) -> str:
    """The reader's word for a domain code (a status, an insurance kind...)."""
    text = wording.word(table, code, language())
    # The shared vocabulary is no Qt translation: stretch it here like the rest.
    return pseudo(text) if current_language() is Language.PSEUDO else text


def words(found: wording.Words | None) -> str:
    """Words of the shared vocabulary in the reader's language ("" for none)."""
    text = found.in_(language()) if found else ""
    return pseudo(text) if text and current_language() is Language.PSEUDO else text


def _persian() -> bool:
    return current_language() is Language.FA


def number(value: object) -> str:
    """A code or number as it is written, in the reader's digits."""
    return "—" if value is None else localize_digits(str(value))


def count(value: float) -> str:
    """A quantity with thousands grouped: 12,345 in English, ۱۲٬۳۴۵ in Persian."""
    text = f"{value:,.0f}"
    return localize_digits(text.replace(",", "\u066c") if _persian() else text)


def counted(value: int, one: str, many: str) -> str:
    """The text for one, or for many ("%1 duplicate", "%1 duplicates"), %1 filled with
    the count; both forms are translated texts (Persian says both alike)."""
    return (one if value == 1 else many).replace("%1", count(value))


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
