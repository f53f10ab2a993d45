"""Digit sets: Persian (U+06F0..), Arabic-Indic (U+0660..) and Latin."""

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC = "٠١٢٣٤٥٦٧٨٩"
_LATIN = "0123456789"

_TO_LATIN = str.maketrans(_PERSIAN + _ARABIC, _LATIN * 2)
_TO_PERSIAN = str.maketrans(_LATIN + _ARABIC, _PERSIAN * 2)


def to_latin_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with Latin ones."""
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    """Replace Latin and Arabic-Indic digits with Persian ones."""
    return text.translate(_TO_PERSIAN)
