"""Text typed under the Persian keyboard layout, read back as the US keys that were pressed.

A handheld barcode scanner types what it reads as key presses of a US keyboard; with the
standard Persian layout (ISIRI 9147) active, the operating system turns those keys into
Persian letters, marks and digits, so ``SSO1:eyJ`` arrives as ``ئئ]۱:ثغتو``. The tables
below are the layout's first two levels (no modifier, Shift), key by key, beside the US
QWERTY characters of the same keys (as in xkb's ``ir(pes)``).
"""

from __future__ import annotations

_US_PLAIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,./1234567890-=\\`"
_PERSIAN_PLAIN = "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپو./۱۲۳۴۵۶۷۸۹۰-=\\\u200d"
_US_SHIFT = 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?!@#$%^&*()_+|~'
_PERSIAN_SHIFT = (
    "\u0652\u064c\u064d\u064b\u064f\u0650\u064e\u0651][}{"
    "\u0624\u0626\u064a\u0625\u0623\u0622\u0629»«:\u061b"
    "\u0643\u0653\u0698\u0670\u200c\u0654\u0621><\u061f"
    "!\u066c\u066b\ufdfc\u066a×\u060c*)("
    "\u0640+|÷"
)
# Arabic-Indic digits come from other Arabic-script layouts and from number pads.
_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"

PERSIAN_TO_US: dict[str, str] = {
    **dict(zip(_PERSIAN_PLAIN, _US_PLAIN, strict=True)),
    **dict(zip(_PERSIAN_SHIFT, _US_SHIFT, strict=True)),
    **dict(zip(_ARABIC_INDIC, "0123456789", strict=True)),
}
_TABLE = str.maketrans(PERSIAN_TO_US)


def typed_under_persian(text: str) -> bool:
    """True when the text holds a character only the Persian layout types (a letter,
    mark or digit outside ASCII): it was typed with that layout active."""
    return any(not c.isascii() and c in PERSIAN_TO_US for c in text)


def us_keys(text: str) -> str:
    """The US QWERTY characters of the keys that typed ``text``.

    Text typed under the Persian layout is mapped key by key, the ASCII it produces too
    (Shift+O types ``]`` there); text with no Persian character is returned as it is,
    since it was typed under a Latin layout. Characters of no key are kept.
    """
    return text.translate(_TABLE) if typed_under_persian(text) else text
