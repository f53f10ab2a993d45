"""The verifier's shortcuts inside pyHanko and asn1crypto give what their own code gives."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfReadError, PdfStreamError

from desktop.core.certificates import shortcuts


def _both(installed: Callable[..., Any], *args: Any) -> tuple[object, object]:
    """What the installed shortcut and the library's own function (which it wraps) give
    for the same input: a value, or the error's type and text."""

    def outcome(fn: Callable[..., Any]) -> object:
        try:
            return fn(*args)
        except Exception as exc:
            return ("error", type(exc), str(exc))

    return outcome(installed), outcome(installed.__wrapped__)


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
def test_hex_strings_read_as_pyhanko_reads_them(text: bytes) -> None:
    shortcuts.install()
    fast = generic.read_hex_string_from_stream

    def read(reader: Callable[..., Any]) -> tuple[object, int]:
        stream = io.BytesIO(text)
        try:
            value: object = reader(stream)
        except PdfStreamError as exc:
            value = ("error", str(exc))
        return value, stream.tell()

    (fast_value, fast_end), (slow_value, slow_end) = read(fast), read(fast.__wrapped__)
    assert fast_value == slow_value
    assert type(fast_value) is type(slow_value)
    if not isinstance(slow_value, tuple):
        assert fast_end == slow_end


@pytest.mark.parametrize(
    "text",
    [
        b"/Type /Page",
        b"/Type",  # ends the file
        b"/",
        b"/ ",
        b"/Length 120",
        b"/Sub#20Type ",  # an escape
        b"/A#2",  # an unterminated escape
        b"/A#zz ",
        b"/A\x80B ",  # a byte that must be escaped
        b"/\xc3\xa9 ",
        b"/Ty\x00pe",
        b"/ab(c",
        b"/a%comment",
        b"/x/y",
        b"/" + b"a" * 300 + b" ",  # longer than the look-ahead
        b"x/a ",
        b"",
    ],
)
def test_pdf_names_read_as_pyhanko_reads_them(text: bytes) -> None:
    shortcuts.install()
    fast = generic.NameObject.read_from_stream

    def read(reader: Callable[..., Any]) -> tuple[object, type, int]:
        stream = io.BytesIO(text)
        try:
            value: object = reader(stream)
        except PdfReadError as exc:
            value = ("error", type(exc), str(exc))
        return value, type(value), stream.tell()

    assert read(fast) == read(fast.__wrapped__)


@pytest.mark.parametrize(
    "value",
    [
        "SSO Certificate Signer",
        "  Many   inner\tspaces  ",
        "ÉCOLE ﬁne Straße",  # case folding and compatibility forms
        "سازمان تأمین اجتماعی",
        "soft\u00adhyphen and zero\u200bwidth",
        "\u0627\u0661a",  # mixed bidirectional text: prohibited, an error
        "x" * 300,  # too long to remember
        "",
    ],
)
def test_names_compare_as_asn1crypto_compares_them(value: str) -> None:
    shortcuts.install()
    prep = x509.NameTypeAndValue._ldap_string_prep
    fast, slow = _both(prep, None, value)
    assert fast == slow
    assert _both(prep, None, value) == (fast, slow)  # and again, remembered


def test_a_signer_name_still_equals_itself_and_no_other() -> None:
    shortcuts.install()
    a = x509.Name.build({"common_name": "SSO  Signer", "organization_name": "TEST ONLY"})
    b = x509.Name.build({"common_name": "sso signer", "organization_name": "test only"})
    c = x509.Name.build({"common_name": "SSO Signer 2", "organization_name": "TEST ONLY"})
    assert a == b
    assert a != c


_NAMES = {
    "signer": {"common_name": "SSO  Signer", "organization_name": "TEST ONLY"},
    "signer, folded": {"common_name": "sso signer", "organization_name": "test only"},
    "another": {"common_name": "SSO Signer 2", "organization_name": "TEST ONLY"},
    "fewer parts": {"common_name": "SSO Signer"},
    "Persian": {"common_name": "سازمان تأمین اجتماعی", "country_name": "IR"},
    "long": {"common_name": "x" * 2000},  # too long to remember
}


@pytest.mark.parametrize("left", sorted(_NAMES))
@pytest.mark.parametrize("right", [*sorted(_NAMES), "not a name"])
def test_name_pairs_compare_as_asn1crypto_compares_them(left: str, right: str) -> None:
    shortcuts.install()
    a = x509.Name.load(x509.Name.build(_NAMES[left]).dump())
    b = right if right not in _NAMES else x509.Name.load(x509.Name.build(_NAMES[right]).dump())
    fast, slow = _both(x509.Name.__eq__, a, b)
    assert fast == slow
    assert _both(x509.Name.__eq__, a, b) == (fast, slow)  # and again, remembered


def test_a_name_that_cannot_be_compared_raises_each_time() -> None:
    """asn1crypto's error on a malformed name is raised again, never remembered."""
    shortcuts.install()
    good = x509.Name.build(_NAMES["signer"])
    # A UTF8String whose bytes are not UTF-8.
    bad = x509.Name.load(good.dump().replace(b"SSO  Signer", b"SSO \xff\xfeigner"))
    for _ in range(2):
        fast, slow = _both(x509.Name.__eq__, bad, good)
        assert fast == slow


def test_a_bad_hex_string_is_not_read_far_past_its_fault() -> None:
    """A hostile file cannot make each hex string read to the end of the file."""
    shortcuts.install()

    class Counted(io.BytesIO):
        taken = 0

        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            self.taken += len(data)
            return data

    stream = Counted(b"<41 z" + b"0" * 1_000_000)
    with pytest.raises(PdfStreamError):
        generic.read_hex_string_from_stream(stream)
    assert stream.taken < 20_000
