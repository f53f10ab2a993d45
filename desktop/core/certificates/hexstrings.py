"""PDF hex strings read in one slice instead of one byte at a time, inside pyHanko.

pyHanko's parser reads a hex string byte by byte through generators. A certificate's
signature /Contents is a 4 KB hex string, and reading it was about a fifth of the whole
check of a file. ``install`` gives pyHanko's parser a reader that takes the usual shape
(hex digits and whitespace up to the closing ``>``) in one slice; any other shape (a
comment, a byte that is not a digit, no closing ``>``) is handed to pyHanko's own reader
from the same position, so what is read, and every error, stays pyHanko's.
"""

from __future__ import annotations

import binascii
import functools
from typing import Any, BinaryIO

_CHUNK = 8192
_HEX_DIGITS = b"0123456789abcdefABCDEF"


@functools.cache
def install() -> None:
    """Put the fast reader in pyHanko's object parser (once per process)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PDF_WHITESPACE

    slow = generic.read_hex_string_from_stream

    @functools.wraps(slow)
    def read_hex_string_from_stream(stream: BinaryIO) -> Any:
        start = stream.tell()
        stream.read(1)  # the opening "<", as pyHanko's reader skips it
        pieces = []
        while True:
            piece = stream.read(_CHUNK)
            end = piece.find(b">")
            if end >= 0:
                pieces.append(piece[:end])
                break
            if not piece:  # no closing ">": pyHanko's reader says how it fails
                stream.seek(start)
                return slow(stream)
            pieces.append(piece)
        body = b"".join(pieces)
        digits = body.translate(None, PDF_WHITESPACE)
        if digits.translate(None, _HEX_DIGITS):
            stream.seek(start)
            return slow(stream)
        stream.seek(start + len(body) + 2)
        if len(digits) % 2:
            digits += b"0"  # an odd last digit is followed by 0, as the standard says
        return generic.pdf_string(binascii.unhexlify(digits))

    generic.read_hex_string_from_stream = read_hex_string_from_stream
