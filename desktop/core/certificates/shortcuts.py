"""Two hot spots of pyHanko's check, done faster with the same results.

- Hex strings: pyHanko's parser reads a hex string one byte at a time through
  generators. A certificate's signature /Contents is a 4 KB hex string, and reading it
  was about a fifth of the whole check of a file. The reader installed here takes the
  usual shape (hex digits and whitespace up to the closing ``>``) in one slice; any other
  shape (a comment, a byte that is not a digit, no closing ``>``) is handed to pyHanko's
  own reader from the same position, so what is read, and every error, stays pyHanko's.
- PDF names: pyHanko reads a name (``/Type``, every dictionary key) a byte at a time
  through a generator and decodes it a byte at a time again; names were a sixth of a
  file's check. A name of plain characters up to a delimiter is taken in one slice; a
  name with a ``#`` escape, a byte outside printable ASCII, or no delimiter within the
  look-ahead is handed to pyHanko's reader from the same position, as above.
- Names: comparing two X.509 names (the signer's, against the CMS's issuer and the
  signing-certificate attribute) prepares each value by RFC 4518 string preparation, a
  pure function of the text that asn1crypto computes afresh for every certificate it
  parses: another fifth of a file's check, for the same few names in every file. It is
  remembered for short values (a hostile long name cannot fill memory).
- Name equality: pyHanko compares the same few X.509 names about fifteen times a file
  (the CMS's issuer against the signer's, the signing-certificate attribute, the path
  to the root), and each comparison walks both names' parsed values again: a tenth of
  a file's check. The answer is a function of the two names' encodings, so it is
  remembered for short ones: the first comparison of a pair is asn1crypto's own (an
  error it raises is raised again, never remembered), later ones a look-up.
"""

from __future__ import annotations

import binascii
import functools
import re
from typing import Any, BinaryIO

_CHUNK = 8192
_HEX_DIGITS = b"0123456789abcdefABCDEF"
_LONGEST_REMEMBERED_NAME = 256
_NAME_LOOK_AHEAD = 128
_LONGEST_REMEMBERED_DER = 1024
_NAME_PAIRS_REMEMBERED = 1024


@functools.cache
def install() -> None:
    """Put them into pyHanko's parser and asn1crypto's names (once per process)."""
    _install_hex_strings()
    _install_pdf_names()
    _install_name_preparation()
    _install_name_equality()


def _install_hex_strings() -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PDF_WHITESPACE

    slow = generic.read_hex_string_from_stream
    allowed = _HEX_DIGITS + PDF_WHITESPACE

    @functools.wraps(slow)
    def read_hex_string_from_stream(stream: BinaryIO) -> Any:
        start = stream.tell()
        stream.read(1)  # the opening "<", as pyHanko's reader skips it
        pieces = []
        while True:
            piece = stream.read(_CHUNK)
            end = piece.find(b">")
            if end >= 0:
                piece = piece[:end]
            # Any other byte (or no closing ">"), and pyHanko's reader says what it is;
            # the look ahead stops there too, one read past where that reader stops.
            if piece.translate(None, allowed) or not (piece or end >= 0):
                stream.seek(start)
                return slow(stream)
            pieces.append(piece)
            if end >= 0:
                break
        body = b"".join(pieces)
        digits = body.translate(None, PDF_WHITESPACE)
        stream.seek(start + len(body) + 2)
        if len(digits) % 2:
            digits += b"0"  # an odd last digit is followed by 0, as the standard says
        return generic.pdf_string(binascii.unhexlify(digits))

    generic.read_hex_string_from_stream = read_hex_string_from_stream


def _install_pdf_names() -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PDF_DELIMITERS, PDF_WHITESPACE

    slow = generic.NameObject.read_from_stream
    ends = PDF_WHITESPACE + PDF_DELIMITERS
    # Printable ASCII that is neither a delimiter nor the escape "#".
    plain = bytes(b for b in range(0x21, 0x7F) if b not in ends and b != ord("#"))
    plain_name = re.compile(b"/[" + re.escape(plain) + b"]*")

    @functools.wraps(slow)
    def read_from_stream(stream: BinaryIO) -> Any:
        start = stream.tell()
        ahead = stream.read(_NAME_LOOK_AHEAD)
        found = plain_name.match(ahead)
        end = found.end() if found else len(ahead)
        if end == len(ahead) or ahead[end] not in ends:
            stream.seek(start)
            return slow(stream)
        stream.seek(start + end)  # at the delimiter, where pyHanko's reader stops
        return generic.NameObject(ahead[:end].decode("ascii"))

    generic.NameObject.read_from_stream = staticmethod(read_from_stream)  # type: ignore[method-assign]


def _install_name_preparation() -> None:
    from asn1crypto.x509 import NameTypeAndValue

    slow = NameTypeAndValue._ldap_string_prep

    @functools.lru_cache(maxsize=1024)
    def remembered(string: str) -> str:
        result: str = slow(None, string)  # uses only its text, never the instance
        return result

    @functools.wraps(slow)
    def _ldap_string_prep(self: Any, string: str) -> str:
        if not isinstance(string, str) or len(string) > _LONGEST_REMEMBERED_NAME:
            result: str = slow(self, string)
            return result
        return remembered(string)

    NameTypeAndValue._ldap_string_prep = _ldap_string_prep


def _install_name_equality() -> None:
    from asn1crypto.x509 import Name

    slow = Name.__eq__
    known: dict[tuple[bytes, bytes], bool] = {}

    @functools.wraps(slow)
    def __eq__(self: Any, other: Any) -> bool:
        try:
            key = (self.dump(), other.dump()) if isinstance(other, Name) else None
        except Exception:  # a name that cannot be encoded: asn1crypto's own answer
            key = None
        if key is None:
            result: bool = slow(self, other)
            return result
        found = known.get(key)
        if found is None:
            found = slow(self, other)
            if (
                len(known) < _NAME_PAIRS_REMEMBERED
                and max(len(key[0]), len(key[1])) <= _LONGEST_REMEMBERED_DER
            ):
                known[key] = found
        return found

    Name.__eq__ = __eq__
