"""The verifier's shortcuts read what pyHanko's own code reads."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfStreamError

from desktop.core.certificates import hexstrings


@pytest.mark.parametrize(
    "text",
    [
        b"<>",
        b"<30820a0B>",
        b"<3082 0a\r\n0b\t\x0c\x00ff>",
        b"<abc>",  # an odd last digit takes a 0
        b"<" + b"00" * 5000 + b"> tail",  # longer than one read
        b"<41 % a comment > holding a bracket\n42>",
        b"<41 zz>",
        b"<4142",  # no closing bracket
        b"<",
    ],
)
def test_fast_hex_strings_read_as_pyhanko_does(text: bytes) -> None:
    hexstrings.install()
    fast = generic.read_hex_string_from_stream
    slow = fast.__wrapped__  # pyHanko's own

    def outcome(reader: object) -> tuple[object, int]:
        stream = io.BytesIO(text)
        try:
            value: object = reader(stream)  # type: ignore[operator]
        except PdfStreamError as exc:
            value = ("error", str(exc))
        return value, stream.tell()

    slow_value, slow_end = outcome(slow)
    fast_value, fast_end = outcome(fast)
    assert fast_value == slow_value
    assert type(fast_value) is type(slow_value)
    if not isinstance(slow_value, tuple):
        assert fast_end == slow_end
