"""What a signed certificate's bytes say about its signature, read without pyHanko.

pyHanko decides coverage from arithmetic on values it reads from the newest revision
(file size = signed ranges + 2 x len(/Contents) + 2). An update appended after signing
can redefine the signature dictionary, keep its /ByteRange and grow its /Contents until
the sum holds again; pyHanko then reports the whole file as signed. So coverage and
"nothing added after signing" are established here, from the bytes, against the one
layout our issuer writes:

- the file is the issued document plus one incremental update holding the signature
  (at most ``MAX_REVISIONS`` revisions, one ``%%EOF`` each, nothing after the last);
- every revision is a classic cross-reference table whose trailer has only /Size,
  /Root, /Info, /ID and /Prev (no /XRefStm: a hybrid file shows different objects to
  readers that honour it), and no object anywhere is a cross-reference or object stream;
- every byte of a revision belongs to the header, one object its table lists, or the
  table and trailer: no object defined twice, none hidden between two others (a reader
  that rebuilds the table, as poppler and pypdf do on damage, would take the later one);
- exactly one object carries a /ByteRange, in the last revision; its range is
  [0 b c d] with c + d the file's length, and bytes b..c are that object's /Contents: one
  hex string, digits only (see ``_gap``), the CMS followed by zero padding.

With all of this and a digest that matches, every byte but the CMS itself is the
issuer's. The check is one linear pass over a file of about 50 KB.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

MAX_REVISIONS = 2  # the issued document, and the update that signs it
_TRAILER_KEYS = frozenset((b"/Size", b"/Root", b"/Info", b"/ID", b"/Prev"))
_STREAM_TYPES = frozenset((b"/XRef", b"/ObjStm", b"/XRefStm"))
_BYTE_RANGE_NAME = frozenset((b"/ByteRange",))

_EOL = rb"(?:\r\n|\n|\r)"
_TAIL = re.compile(rb"startxref" + _EOL + rb"(\d+)" + _EOL + rb"%%EOF" + _EOL + rb"?\Z")
_HEADER = re.compile(rb"%PDF-\d\.\d" + _EOL + rb"(?:%[^\r\n]*" + _EOL + rb")*")
_XREF = re.compile(rb"xref" + _EOL)
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ ]?" + _EOL)
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
# Possessive quantifiers: a long run of digits must not be split every way on failure.
_TRAILER = re.compile(
    rb"trailer\s*+<<((?:\s*+(?:/[A-Za-z]++|\d++|R|\[|\]|<[0-9A-Fa-f]*+>))*+)\s*+>>\s*+"
    rb"startxref" + _EOL + rb"(\d+)" + _EOL + rb"%%EOF" + _EOL + rb"?"
)
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_ANY_OBJ = re.compile(rb"(?<![0-9])\d+\s+\d+\s+obj\b")
_STREAM = re.compile(rb"\bstream(?:\r\n|\n)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_SPACE = re.compile(rb"\s*")
_STREAM_END = re.compile(rb"\s*endstream\s+endobj\s*\Z")
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_CONTENTS = re.compile(rb"/Contents\s*(<)")
_HEX_DIGITS = b"0123456789ABCDEFabcdef"


class LayoutError(Exception):
    """The bytes are not a certificate signed over its whole file, and why."""


@dataclass(frozen=True)
class SignedLayout:
    byte_range: tuple[int, int, int, int]
    contents: bytes = field(repr=False)  # the signature's /Contents, decoded
    signature_object: int  # the number of the object that holds them
    revisions: int


@dataclass(frozen=True)
class _Object:
    number: int
    start: int
    end: int  # where the next object, or the revision's table, begins
    dictionary: bytes  # the object's text without any stream data


def signed_layout(data: bytes) -> SignedLayout:
    """The signature's place in ``data``; raises LayoutError unless the layout holds."""
    tail = _TAIL.search(data, max(0, len(data) - 64))
    if tail is None:
        raise LayoutError("the file does not end at its last %%EOF")
    revisions = _revisions(data, int(tail.group(1)))
    if data.count(b"%%EOF") != len(revisions):
        raise LayoutError("the file holds a revision its cross-references do not chain")
    objects: list[_Object] = []
    start = 0
    for revision in revisions:
        objects += _tile(data, start, revision, first=start == 0)
        start = revision.end
    return _signature(data, objects, revisions)


@dataclass(frozen=True)
class _Revision:
    table_at: int
    end: int  # just after its %%EOF line
    entries: dict[int, int]  # in-use object number -> offset


def _revisions(data: bytes, last: int) -> list[_Revision]:
    """Every revision, oldest first, each read to the byte."""
    chain: list[_Revision] = []
    at: int | None = last
    while at is not None:
        if len(chain) == MAX_REVISIONS:
            raise LayoutError(f"more than {MAX_REVISIONS} revisions: changed after signing")
        revision, at = _table(data, at)
        chain.append(revision)
    chain.reverse()
    for earlier, later in itertools.pairwise(chain):
        if later.table_at < earlier.end:
            raise LayoutError("a cross-reference table lies inside an earlier revision")
    if chain[-1].end != len(data):
        raise LayoutError("bytes follow the last revision")
    return chain


def _table(data: bytes, at: int) -> tuple[_Revision, int | None]:
    """The revision whose classic table starts at ``at``, and its /Prev."""
    xref = _XREF.match(data, at)
    if xref is None:
        raise LayoutError("a cross-reference section is not a classic table")
    entries: dict[int, int] = {}
    pos = xref.end()
    while (sub := _SUBSECTION.match(data, pos)) is not None:
        first, count = int(sub.group(1)), int(sub.group(2))
        for i in range(count):
            entry = _ENTRY.match(data, sub.end() + 20 * i)
            if entry is None:
                raise LayoutError("a cross-reference entry is malformed")
            if entry.group(3) == b"n":
                entries[first + i] = int(entry.group(1))
        pos = sub.end() + 20 * count
    trailer = _TRAILER.match(data, pos)
    if trailer is None:
        raise LayoutError("a trailer is malformed or holds more than our issuer writes")
    names = set(_NAME.findall(trailer.group(1)))
    if not names <= _TRAILER_KEYS:
        # /XRefStm makes a hybrid file; /Encrypt and the rest are never ours.
        raise LayoutError(f"a trailer holds {b', '.join(sorted(names - _TRAILER_KEYS)).decode()}")
    if int(trailer.group(2)) != at:
        raise LayoutError("a revision's startxref does not point at its table")
    prev = re.search(rb"/Prev\s+(\d+)", trailer.group(1))
    return _Revision(at, trailer.end(), entries), int(prev.group(1)) if prev else None


def _tile(data: bytes, start: int, revision: _Revision, *, first: bool) -> list[_Object]:
    """The revision's objects, once every byte from ``start`` to its table is one of
    them (or, in the first revision, the header)."""
    entries, table_at = revision.entries, revision.table_at
    offsets = sorted(entries.values())
    if len(set(offsets)) != len(offsets):
        raise LayoutError("two cross-reference entries share one object")
    lead = (_HEADER if first else _SPACE).match(data, start)
    begins = offsets[0] if offsets else table_at
    if lead is None or lead.end() != begins:
        raise LayoutError("bytes before a revision's first object belong to no object")
    by_offset = {offset: number for number, offset in entries.items()}
    objects = []
    for offset, following in zip(offsets, [*offsets[1:], table_at], strict=True):
        if not start <= offset < following <= table_at < revision.end:
            raise LayoutError("a cross-reference entry points outside its revision")
        objects.append(_object(data, by_offset[offset], offset, following))
    return objects


def _object(data: bytes, number: int, start: int, end: int) -> _Object:
    header = _OBJ.match(data, start)
    if header is None or int(header.group(1)) != number:
        raise LayoutError(f"object {number} is not where its cross-reference says")
    stream = _STREAM.search(data, header.end(), end)
    text_end = stream.start() if stream else end
    text = data[header.end() : text_end]
    if stream is None:
        if not text.rstrip().endswith(b"endobj"):
            raise LayoutError(f"object {number} is followed by bytes of no object")
    else:
        length = _LENGTH.search(text)
        if length is None or length.group(2) is not None:
            raise LayoutError(f"stream {number} has no direct /Length")
        if not _STREAM_END.match(data, stream.end() + int(length.group(1)), end):
            raise LayoutError(f"stream {number} is followed by bytes of no object")
    # (a plain object's text ends in "endobj"; the regular expression only runs on more)
    if text.count(b"obj") > (stream is None) and _ANY_OBJ.search(text):
        raise LayoutError(f"object {number} hides another object definition")
    if _mentions(text, _STREAM_TYPES):
        raise LayoutError("the file holds a cross-reference or object stream")
    return _Object(number, start, end, text)


def _signature(data: bytes, objects: list[_Object], revisions: list[_Revision]) -> SignedLayout:
    signed = [o for o in objects if _mentions(o.dictionary, _BYTE_RANGE_NAME)]
    if len(signed) != 1:
        raise LayoutError(f"{len(signed)} objects carry a /ByteRange; a certificate has one")
    sig = signed[0]
    names = _unescaped(sig.dictionary)
    if len(revisions) > 1 and sig.start < revisions[-2].end:
        raise LayoutError("the signature is not in the last revision")
    ranges = _BYTE_RANGE.findall(sig.dictionary)
    contents = list(_CONTENTS.finditer(data, sig.start, sig.end))
    if (
        len(ranges) != 1
        or len(contents) != 1
        or names.count(b"/ByteRange") != 1
        or names.count(b"/Contents") != 1
    ):
        raise LayoutError("the signature dictionary has not exactly one /ByteRange and /Contents")
    a, b, c, d = (int(x) for x in ranges[0])
    if a != 0 or c + d != len(data) or not b < c:
        raise LayoutError(
            f"the signature covers bytes {a}..{b} and {c}..{c + d} of {len(data)}, "
            "not the whole file"
        )
    if contents[0].start(1) != b:
        raise LayoutError("the signed ranges leave out something else than the /Contents")
    return SignedLayout((a, b, c, d), _gap(data, b, c), sig.number, len(revisions))


def _gap(data: bytes, start: int, end: int) -> bytes:
    """The bytes left out of the signed ranges, decoded: exactly one hex string of
    digits only, the DER-encoded CMS then zeros. Whitespace is legal in a PDF hex string
    but readers skip it, so it would let the gap's length differ from what it holds;
    our issuer never writes it, nor anything but zeros after the CMS."""
    digits = data[start + 1 : end - 1]
    if (
        data[start : start + 1] != b"<"
        or data[end - 1 : end] != b">"
        or len(digits) % 2
        or digits.translate(None, _HEX_DIGITS)
    ):
        raise LayoutError("the unsigned gap is not one hex string of digits only")
    contents = bytes.fromhex(digits.decode("ascii"))
    used = _der_size(contents)
    if used is None or contents[used:].strip(b"\0"):
        raise LayoutError("the unsigned gap holds more than the signature")
    return contents


def _der_size(der: bytes) -> int | None:
    """The size of the DER SEQUENCE at the start of ``der``, or None."""
    if len(der) < 2 or der[0] != 0x30:
        return None
    if der[1] < 0x80:
        return 2 + der[1]
    count = der[1] & 0x7F
    if not 1 <= count <= 4 or len(der) < 2 + count:
        return None
    return 2 + count + int.from_bytes(der[2 : 2 + count], "big")


def _mentions(text: bytes, names: frozenset[bytes]) -> bool:
    """Whether ``text`` holds one of ``names``, written plainly or with #xx escapes (a
    plain substring is enough to say yes: any doubt counts against the file)."""
    if b"#" not in text:
        return _plainly(names).search(text) is not None
    return not names.isdisjoint(_unescaped(text))


@functools.cache
def _plainly(names: frozenset[bytes]) -> re.Pattern[bytes]:
    return re.compile(b"|".join(re.escape(name) for name in sorted(names)))


def _unescaped(text: bytes) -> list[bytes]:
    """The names in ``text``, #xx escapes decoded (/Obj#53tm is /ObjStm to a reader)."""
    return [
        _ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), n) if b"#" in n else n
        for n in _NAME.findall(text)
    ]
