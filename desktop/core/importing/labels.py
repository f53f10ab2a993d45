"""Column names: letters, header text as people spell it, headers that name a national ID."""

from __future__ import annotations

import re

from desktop.core.digits import to_latin_digits

# Windows-1256 and Arabic keyboard layouts give Arabic yeh and kaf where Persian text
# has its own letters; the two look alike but compare unequal.
ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})

# Everything but letters and digits: spaces, ZWNJ, punctuation, underscores, and the
# tatweel that stretches Persian words in titles.
_NOT_A_LETTER = re.compile(r"[\W_\u0640]+")


def header_key(text: str) -> str:
    """A header reduced to what identifies it: «كد ملي», "کد‌ملی" and "کدملی" agree,
    as do "National_ID", "national id" and "NationalID"."""
    return _NOT_A_LETTER.sub("", to_latin_digits(text).translate(ARABIC_TO_PERSIAN).casefold())


def _keys(*names: str) -> frozenset[str]:
    return frozenset(header_key(n) for n in names)


_ID_HEADERS = _keys(
    "کد ملی",
    "شماره ملی",
    "کد ملی فرد",
    "کد ملی متقاضی",
    "کد ملی بیمه شده",
    "national id",
    "national code",
    "national number",
    "national no",
    "national id number",
    "national id no",
    "code melli",
    "code meli",
    "kode melli",
    "melli code",
    "meli code",
    "nid",
    "ncode",
)
# A header that mentions a national ID but may name somebody else's ("کد ملی پدر",
# "spouse national id"). The legal-entity "شناسه ملی" (11 digits) is deliberately absent.
_ID_HEADER_PARTS = tuple(
    _keys("کد ملی", "شماره ملی", "national id", "national code", "code melli", "melli code")
)

EXACT = 2
PARTIAL = 1


def id_header_match(text: str) -> int:
    """EXACT when a header names a national-ID column, PARTIAL when it mentions one, else 0."""
    if not text or len(text) > 60:
        return 0
    key = header_key(text)
    if key in _ID_HEADERS:
        return EXACT
    if any(part in key for part in _ID_HEADER_PARTS):
        return PARTIAL
    return 0


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def column_ref(spec: str | int) -> int | None:
    """The 0-based index a column reference means: 3 or "3" (1-based), "C" or "c".

    None when `spec` is neither; the caller has tried it as a header name first.
    """
    if isinstance(spec, int):
        return spec - 1 if spec >= 1 else None
    text = to_latin_digits(spec.strip())
    if text.isascii() and text.isdigit():
        return int(text) - 1 if int(text) >= 1 else None
    if _LETTERS.match(text):
        index = 0
        for char in text.upper():
            index = index * 26 + ord(char) - 64
        return index - 1
    return None
