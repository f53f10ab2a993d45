"""Forged certificates, by class, made from a freshly signed one (tested in test_certificates.py).

Each class is one function ``(signed pdf, issuer keys) -> forged pdf``; ``CLASSES`` names
them all. Most forgeries append an incremental update after the signed bytes, written
here by hand so that its shape (classic cross-reference table, cross-reference stream,
object stream, hybrid) is exactly the one the class names. "Rebalanced" updates also
redefine the signature dictionary, keeping its /ByteRange but growing its /Contents so
that file size = signed ranges + 2 x len(Contents) + 2 holds again: the arithmetic a
verifier that trusts pyHanko's coverage level takes for "the whole file is signed".

Run ``python -m tests.forgeries OUT_DIR`` to write every class to a folder (for a look
with other readers such as ``pdfsig`` or a viewer).
"""

from __future__ import annotations

import functools
import io
import json
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.mock_backend.certificates import document
from desktop.mock_backend.certificates.keys import IssuerKeys

# What the forger writes into the copy: someone else's particulars under the same QR.
FORGED_PERSON = {"first_name": "Forged", "last_name": "Person", "father_name": "Nobody"}
COVER = b"q 1 1 1 rg 40 600 520 180 re f Q\n"  # a white box over the particulars
MARK = b"q 0 0 0 rg 60 620 200 40 re f Q\n"  # forged content: a black bar


@dataclass(frozen=True)
class Layout:
    """Where things are in a signed certificate, as read by pyHanko (strict)."""

    pdf: bytes
    startxref: int
    size: int
    root: int
    info: int | None
    ids: bytes
    sig: int  # object number of the signature dictionary (0: not signed)
    claims: int  # the embedded claims.json stream
    filespec: int
    page: int
    content: int
    claims_json: dict[str, Any]

    @classmethod
    def of(cls, pdf: bytes) -> Layout:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = list(reader.embedded_signatures)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        filespec = names.raw_get(1)
        claims = filespec.get_object()["/EF"].raw_get("/F")
        page = reader.root["/Pages"]["/Kids"].raw_get(0)
        content = page.get_object().raw_get("/Contents")
        if isinstance(content, generic.ArrayObject):  # a shadow attack's page
            content = content.raw_get(0)
        tail = pdf[pdf.rindex(b"trailer") :]
        info = re.search(rb"/Info (\d+) 0 R", tail)
        return cls(
            pdf=pdf,
            startxref=int(re.findall(rb"startxref\s+(\d+)", pdf)[-1]),
            size=int(re.search(rb"/Size (\d+)", tail).group(1)),  # type: ignore[union-attr]
            root=reader.root_ref.idnum,
            info=int(info.group(1)) if info else None,
            ids=re.search(rb"/ID\s*\[[^\]]*\]", tail).group(0),  # type: ignore[union-attr]
            sig=sigs[0].sig_field.raw_get("/V").idnum if sigs else 0,
            claims=claims.idnum,
            filespec=filespec.idnum,
            page=page.idnum,
            content=content.idnum,
            claims_json=json.loads(claims.get_object().data),
        )

    def body(self, idnum: int) -> bytes:
        """The latest definition of an object, between "N 0 obj" and "endobj"."""
        start = [m.end() for m in re.finditer(rb"(?<!\d)%d 0 obj" % idnum, self.pdf)][-1]
        return self.pdf[start : self.pdf.index(b"endobj", start)]

    def sig_body(self, contents: bytes) -> bytes:
        """The signature dictionary with another /Contents, everything else as signed."""
        body = self.body(self.sig)
        return re.sub(rb"/Contents\s*<[0-9A-Fa-f]*>", lambda _: b"/Contents " + contents, body)

    def signed_contents(self) -> bytes:
        gap = re.search(rb"/Contents\s*<([0-9A-Fa-f]*)>", self.body(self.sig))
        return bytes.fromhex(gap.group(1).decode())  # type: ignore[union-attr]


# writing an update ------------------------------------------------------------------------


def stream(data: bytes, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    if deflate:
        data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def literal(data: bytes) -> bytes:
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped.replace(b"\r", b"\\r") + b")"


def _subsections(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _trailer_keys(lay: Layout, size: int, root: int | None) -> bytes:
    info = b" /Info %d 0 R" % lay.info if lay.info is not None else b""
    return b"/Size %d /Root %d 0 R%s %s /Prev %d" % (
        size,
        root or lay.root,
        info,
        lay.ids,
        lay.startxref,
    )


def update(
    lay: Layout,
    objects: dict[int, bytes],
    style: str = "table",
    *,
    pad: int = 0,
    root: int | None = None,
) -> bytes:
    """``lay``'s file plus one incremental update defining ``objects``.

    style: "table" (classic xref table), "xref-stream" (objects plain, xref as a stream),
    "objstm" (dictionaries packed into a compressed object stream, xref stream), or
    "hybrid" (a classic table whose trailer's /XRefStm lists the object stream: only
    readers that honour /XRefStm see the packed objects)."""
    out = bytearray(lay.pdf + b" " * pad)
    offsets: dict[int, int] = {}
    packed: dict[int, int] = {}  # object number -> index in the object stream
    next_num = max([lay.size, *(n + 1 for n in objects)])
    loose = dict(objects)
    if style in ("objstm", "hybrid"):
        inner = {n: b for n, b in objects.items() if b"stream\n" not in b}
        loose = {n: b for n, b in objects.items() if n not in inner}
        packed = {n: i for i, n in enumerate(sorted(inner))}
        objstm_num, next_num = next_num, next_num + 1
        loose[objstm_num] = object_stream(inner)
    for n, b in sorted(loose.items()):
        offsets[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, b)
    if style == "table":
        size = max(next_num, lay.size)
        table_at = len(out)
        out += _xref_table(offsets)
        out += b"trailer\n<< %s >>\n" % _trailer_keys(lay, size, root)
        return bytes(out + b"startxref\n%d\n%%%%EOF\n" % table_at)
    xref_num = next_num
    size = max(xref_num + 1, lay.size)
    xref_at = len(out)
    offsets[xref_num] = xref_at
    rows = {n: b"\x01" + o.to_bytes(4, "big") + b"\x00\x00" for n, o in offsets.items()}
    rows |= {
        n: b"\x02" + objstm_num.to_bytes(4, "big") + i.to_bytes(2, "big") for n, i in packed.items()
    }
    if style == "hybrid":
        # The stream lists only the packed objects; the table lists the rest.
        stm_rows = {n: rows[n] for n in packed} | {xref_num: rows[xref_num]}
        out += _xref_stream(lay, xref_num, stm_rows, size, root)
        table_at = len(out)
        out += _xref_table({n: o for n, o in offsets.items() if n != xref_num})
        out += b"trailer\n<< %s /XRefStm %d >>\n" % (_trailer_keys(lay, size, root), xref_at)
        return bytes(out + b"startxref\n%d\n%%%%EOF\n" % table_at)
    out += _xref_stream(lay, xref_num, rows, size, root)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref_at)


def object_stream(objects: dict[int, bytes], kind: bytes = b"/ObjStm") -> bytes:
    """A compressed object stream holding ``objects`` (dictionaries), in number order."""
    header, parts, at = [], [], 0
    for n, body in sorted(objects.items()):
        header.append(b"%d %d" % (n, at))
        parts.append(body.strip())
        at += len(body.strip()) + 1
    head = b" ".join(header) + b"\n"
    extra = b" /Type %s /N %d /First %d" % (kind, len(objects), len(head))
    return stream(head + b"\n".join(parts), extra, deflate=True)


def _xref_table(offsets: dict[int, int]) -> bytes:
    lines = [b"xref\n" if offsets else b"xref\n0 1\n0000000000 65535 f \n"]
    for run in _subsections(list(offsets)):
        lines.append(b"%d %d\n" % (run[0], len(run)))
        lines += [b"%010d 00000 n \n" % offsets[n] for n in run]
    return b"".join(lines)


def _xref_stream(
    lay: Layout, num: int, rows: dict[int, bytes], size: int, root: int | None
) -> bytes:
    runs = _subsections(list(rows))
    index = b" ".join(b"%d %d" % (r[0], len(r)) for r in runs)
    data = b"".join(rows[n] for r in runs for n in r)
    extra = b" /Type /XRef /W [1 4 2] /Index [%s] %s" % (index, _trailer_keys(lay, size, root))
    return b"%d 0 obj\n%s\nendobj\n" % (num, stream(data, extra))


def rebalanced(lay: Layout, objects: dict[int, bytes], style: str = "table", **kw: Any) -> bytes:
    """``update`` that also redefines the signature dictionary, its /Contents grown
    (the signed CMS, then zero bytes) until pyHanko's coverage arithmetic balances.
    Packed in an object stream the zeros compress, so /Contents stays hex; otherwise
    it is a literal string, one byte per byte."""
    signed = lay.signed_contents()
    hex_contents = style in ("objstm", "hybrid")
    length, pad = len(signed), 0
    for _ in range(64):
        value = signed + b"\0" * (length - len(signed))
        token = b"<" + value.hex().encode() + b">" if hex_contents else literal(value)
        forged = update(lay, {**objects, lay.sig: lay.sig_body(token)}, style, pad=pad, **kw)
        # The signed ranges are the original file minus its gap; the gap was 2 x len + 2.
        owed = (len(lay.pdf) - 2 * len(signed) - 2 + 2 * length + 2) - len(forged)
        if owed == 0:
            return forged
        if owed > 0:
            pad += owed
        else:
            length += -owed
            pad = 0
    raise AssertionError("the coverage arithmetic did not balance")


# what the forger changes ---------------------------------------------------------------


def forged_claims(lay: Layout, *, same_length: bool = False) -> bytes:
    claims = {**lay.claims_json, **FORGED_PERSON, "insurance_number": "9999999999"}
    raw = json.dumps(claims, ensure_ascii=False).encode()
    original = lay.body(lay.claims)
    body = stream(raw, b" /Type /EmbeddedFile /Subtype /application#2Fjson", deflate=True)
    if same_length and len(body) < len(original):
        body += b" " * (len(original) - len(body))  # the redefinition keeps the length
    return body


def forged_content(lay: Layout, *, same_length: bool = False) -> bytes:
    reader = PdfFileReader(io.BytesIO(lay.pdf), strict=False)
    original = reader.root["/Pages"]["/Kids"][0]["/Contents"].data
    body = stream(original + COVER + MARK, deflate=True)
    old = lay.body(lay.content)
    if same_length and len(body) < len(old):
        body += b" " * (len(old) - len(body))
    return body


def forged_page(lay: Layout, extra: int) -> bytes:
    """The page, its /Contents an array that adds stream ``extra`` on top."""
    body = lay.body(lay.page)
    return re.sub(
        rb"/Contents \d+ 0 R", b"/Contents [ %d 0 R %d 0 R ]" % (lay.content, extra), body
    )


def forged_sig_same_length(lay: Layout) -> bytes:
    """The signature dictionary redefined byte for byte but for its signing time."""
    body = lay.sig_body(b"<" + lay.signed_contents().hex().upper().encode() + b">")
    return re.sub(rb"/M \(D\\072(\d{4})", rb"/M (D\\0721999", body)


Forgery = Callable[[bytes, IssuerKeys], bytes]
CLASSES: dict[str, Forgery] = {}


def forgery(name: str) -> Callable[[Forgery], Forgery]:
    def register(fn: Forgery) -> Forgery:
        CLASSES[name] = fn
        return fn

    return register


# the published attack and its encodings --------------------------------------------------

for _style in ("table", "xref-stream", "objstm", "hybrid"):

    def _attack(pdf: bytes, keys: IssuerKeys, style: str = _style) -> bytes:
        lay = Layout.of(pdf)
        extra = lay.size
        return rebalanced(
            lay,
            {
                lay.claims: forged_claims(lay),
                lay.page: forged_page(lay, extra),
                extra: stream(COVER + MARK),
            },
            style,
        )

    forgery(f"published-attack/{_style}")(_attack)


@forgery("rebalanced/signature-dictionary-only")
def _sig_only(pdf: bytes, keys: IssuerKeys) -> bytes:
    return rebalanced(Layout.of(pdf), {})


# same-length redefinitions of signed objects ----------------------------------------------


def _same_length(what: str, balance: bool) -> Forgery:
    def make(pdf: bytes, keys: IssuerKeys) -> bytes:
        lay = Layout.of(pdf)
        objects = {
            "claims": lambda: {lay.claims: forged_claims(lay, same_length=True)},
            "content": lambda: {lay.content: forged_content(lay, same_length=True)},
            "page": lambda: {lay.page: lay.body(lay.page).replace(b"/Type /Page", b"/Type/Page ")},
            "signature-dictionary": lambda: {lay.sig: forged_sig_same_length(lay)},
        }[what]()
        if balance and what != "signature-dictionary":
            return rebalanced(lay, objects)
        return update(lay, objects)

    return make


for _what in ("claims", "content", "page", "signature-dictionary"):
    forgery(f"same-length/{_what}")(_same_length(_what, balance=False))
    if _what != "signature-dictionary":
        forgery(f"same-length/{_what}/rebalanced")(_same_length(_what, balance=True))


# the gap ----------------------------------------------------------------------------------


def _gap(pdf: bytes) -> tuple[int, int]:
    lay = Layout.of(pdf)
    at = pdf.rindex(b"%d 0 obj" % lay.sig)
    m = re.compile(rb"/Contents\s*(<[0-9A-Fa-f]*>)").search(pdf, at)
    assert m is not None
    return m.start(1), m.end(1)


def _regap(pdf: bytes, new: bytes) -> bytes:
    start, end = _gap(pdf)
    assert len(new) == end - start, (len(new), end - start)
    return pdf[:start] + new + pdf[end:]


@forgery("gap/literal-contents")
def _gap_literal(pdf: bytes, keys: IssuerKeys) -> bytes:
    """The gap's hex string replaced by a literal string of the same length."""
    start, end = _gap(pdf)
    signed = Layout.of(pdf).signed_contents().rstrip(b"\0")
    token = literal(signed)
    return _regap(pdf, token[:-1] + b" " * (end - start - len(token)) + b")")


@forgery("gap/whitespace-in-hex")
def _gap_whitespace(pdf: bytes, keys: IssuerKeys) -> bytes:
    start, end = _gap(pdf)
    old = pdf[start:end]
    return _regap(pdf, old[:-41] + b" " * 40 + b">")


@forgery("gap/padding-rewritten")
def _gap_padding(pdf: bytes, keys: IssuerKeys) -> bytes:
    """Hex digits after the CMS changed: the gap is still one hex string."""
    start, end = _gap(pdf)
    old = pdf[start:end]
    return _regap(pdf, old[:-41] + b"F" * 40 + b">")


@forgery("gap/second-token")
def _gap_second_token(pdf: bytes, keys: IssuerKeys) -> bytes:
    """The padding turned into PDF syntax: the hex string ends early, a key follows."""
    start, end = _gap(pdf)
    old = pdf[start:end]
    tail = b"> /Reason (forged) /X <"
    return _regap(pdf, old[: -len(tail) - 1] + tail + b">")


# edits inside the signed bytes -----------------------------------------------------------

# Caught by the digest alone: the layout of these files is still the issuer's.
DIGEST_ONLY = frozenset(("in-place/signed-byte",))


@forgery("in-place/signed-byte")
def _signed_byte(pdf: bytes, keys: IssuerKeys) -> bytes:
    """One byte of the page's content stream changed where it lies."""
    lay = Layout.of(pdf)
    at = pdf.index(b"stream\n", pdf.index(b"%d 0 obj" % lay.content)) + 100
    return pdf[:at] + bytes((pdf[at] ^ 0x01,)) + pdf[at + 1 :]


@forgery("in-place/byte-range")
def _byte_range(pdf: bytes, keys: IssuerKeys) -> bytes:
    """/ByteRange rewritten in its padding so that it stops short of the end of the file
    (what a partial-coverage signature looks like)."""
    found = re.search(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\] *", pdf)
    assert found is not None
    b, c, d = (int(x) for x in found.groups())
    new = b"/ByteRange [0 %d %d %d]" % (b, c, d - 10)
    return pdf[: found.start()] + new.ljust(found.end() - found.start()) + pdf[found.end() :]


# trailing data ----------------------------------------------------------------------------

forgery("trailing/bytes")(lambda pdf, keys: pdf + b"garbage")
forgery("trailing/whitespace")(lambda pdf, keys: pdf + b"\n \r\n")
forgery("trailing/comment")(lambda pdf, keys: pdf + b"% a comment\n")
forgery("trailing/second-eof")(lambda pdf, keys: pdf + b"%%EOF\n")


# shadow attacks: prepared in the signed revision, revealed by an update -------------------
# (PDF-Insecurity, "Shadow Attacks": the signer signs a document that holds hidden
# content; an update the signer never saw reveals, swaps in or switches to it.)


def _signed_with(
    pdf: bytes, keys: IssuerKeys, prepare: Callable[[Layout], bytes], *, strict: bool = True
) -> bytes:
    """The same certificate, re-issued with ``prepare``'s update in it before signing
    (``strict=False``: by a signer that accepts hybrid-reference files)."""
    unsigned = document.render_pdf(Layout.of(pdf).claims_json)
    prepared = prepare(Layout.of(unsigned))
    if strict:
        return document.sign_pdf(prepared, keys)
    lenient = functools.partial(IncrementalPdfFileWriter, strict=False)
    with mock.patch.object(document, "IncrementalPdfFileWriter", lenient):
        return document.sign_pdf(prepared, keys)


Prepare = Callable[[Layout, int, bytes | None], dict[int, bytes]]
Reveal = Callable[[Layout, int], tuple[dict[int, bytes], int | None]]


def _shadow(prepare_objects: Prepare, reveal: Reveal, balance: bool) -> Forgery:
    def make(pdf: bytes, keys: IssuerKeys) -> bytes:
        first: list[int] = []

        def prepare(lay: Layout, catalog: bytes | None = None) -> bytes:
            first.append(lay.size)
            return update(lay, prepare_objects(lay, lay.size, catalog))

        lay = Layout.of(_signed_with(pdf, keys, prepare))
        if prepare_objects is _hide_and_replace_prepare:
            # Signed once to learn the catalog the signer writes (its form and
            # permissions), then again with a twin of it prepared: numbering is the same.
            signed_catalog = lay.body(lay.root)
            lay = Layout.of(_signed_with(pdf, keys, lambda lay: prepare(lay, signed_catalog)))
        objects, root = reveal(lay, first[0])
        if balance:
            return rebalanced(lay, objects, root=root)
        return update(lay, objects, root=root)

    return make


def _hide_prepare(lay: Layout, n: int, catalog: bytes | None) -> dict[int, bytes]:
    # The forged mark is drawn, then covered: signed, it shows nothing.
    return {
        n: stream(MARK),
        n + 1: stream(COVER),
        lay.page: forged_page(lay, n).replace(b"R ]", b"R %d 0 R ]" % (n + 1)),
    }


def _hide_reveal(lay: Layout, n: int) -> tuple[dict[int, bytes], int | None]:
    return {lay.page: lay.body(lay.page).replace(b" %d 0 R ]" % (n + 1), b" ]")}, None


def _replace_prepare(lay: Layout, n: int, catalog: bytes | None) -> dict[int, bytes]:
    return {n: forged_claims(lay)}  # referenced by nothing when signed


def _replace_reveal(lay: Layout, n: int) -> tuple[dict[int, bytes], int | None]:
    spec = re.sub(rb"/F %d 0 R" % lay.claims, b"/F %d 0 R" % n, lay.body(lay.filespec))
    return {lay.filespec: spec}, None


def _hide_and_replace_prepare(lay: Layout, n: int, catalog: bytes | None) -> dict[int, bytes]:
    # A whole second catalog, naming the forged claims; the signed one stays in use.
    spec = re.sub(rb"/F %d 0 R" % lay.claims, b"/F %d 0 R" % n, lay.body(lay.filespec))
    twin = (catalog or lay.body(lay.root)).replace(b"%d 0 R" % lay.filespec, b"%d 0 R" % (n + 1))
    return {n: forged_claims(lay), n + 1: spec, n + 2: twin}


def _hide_and_replace_reveal(lay: Layout, n: int) -> tuple[dict[int, bytes], int | None]:
    return {}, n + 2  # the update holds only a cross-reference section and a new /Root


for _name, (_prep, _rev) in {
    "hide": (_hide_prepare, _hide_reveal),
    "replace": (_replace_prepare, _replace_reveal),
    "hide-and-replace": (_hide_and_replace_prepare, _hide_and_replace_reveal),
}.items():
    forgery(f"shadow/{_name}")(_shadow(_prep, _rev, balance=False))
    forgery(f"shadow/{_name}/rebalanced")(_shadow(_prep, _rev, balance=True))


# ambiguous signed revisions: signed by the issuer, read differently by different readers --


def _written_in(
    unsigned: bytes, insert: bytes, listed: int | None = None, trailer: bytes = b"", size: int = 0
) -> bytes:
    """The issuer's unsigned document with ``insert`` written into its one revision, just
    before its cross-reference table (no offset moves), optionally listed in the table
    as object ``listed``; ``trailer`` adds keys to the trailer, ``size`` raises /Size."""
    table_at = int(re.findall(rb"startxref\s+(\d+)", unsigned)[-1])
    entry = b"%d 1\n%010d 00000 n \n" % (listed, table_at) if listed is not None else b""
    head, tail = unsigned[:table_at], unsigned[table_at:]
    tail = tail.replace(b"trailer\n<<", entry + b"trailer\n<<" + trailer, 1)
    if listed is not None or size:
        tail = re.sub(rb"/Size \d+", b"/Size %d" % max(size, (listed or 0) + 1), tail, count=1)
    tail = re.sub(rb"startxref\n\d+", b"startxref\n%d" % (table_at + len(insert)), tail)
    return head + insert + tail


def _issued_written_in(
    pdf: bytes, keys: IssuerKeys, write: Callable[[Layout, bytes], bytes], *, strict: bool = True
) -> bytes:
    return _signed_with(pdf, keys, lambda lay: write(lay, lay.pdf), strict=strict)


@forgery("signed-revision/duplicate-object")
def _duplicate(pdf: bytes, keys: IssuerKeys) -> bytes:
    """Two definitions of the claims stream in the one signed revision: the table points
    at the genuine one, a reader that rebuilds the table takes the later, forged one."""

    def write(lay: Layout, unsigned: bytes) -> bytes:
        return _written_in(unsigned, b"%d 0 obj\n%s\nendobj\n" % (lay.claims, forged_claims(lay)))

    return _issued_written_in(pdf, keys, write)


def _packed_page(lay: Layout, kind: bytes) -> bytes:
    forged = lay.body(lay.page).replace(b"/Type /Page", b"/Type /Page /Rotate 90")
    return b"%d 0 obj\n%s\nendobj\n" % (lay.size, object_stream({lay.page: forged}, kind))


@forgery("signed-revision/object-stream")
def _signed_objstm(pdf: bytes, keys: IssuerKeys) -> bytes:
    """An object stream, listed in the table, redefining the page inside it."""
    return _issued_written_in(
        pdf, keys, lambda lay, u: _written_in(u, _packed_page(lay, b"/ObjStm"), lay.size)
    )


@forgery("signed-revision/object-stream-escaped-name")
def _signed_objstm_escaped(pdf: bytes, keys: IssuerKeys) -> bytes:
    """The same, its type written /Obj#53tm (a reader decodes the escape)."""
    return _issued_written_in(
        pdf, keys, lambda lay, u: _written_in(u, _packed_page(lay, b"/Obj#53tm"), lay.size)
    )


@forgery("signed-revision/hybrid")
def _signed_hybrid(pdf: bytes, keys: IssuerKeys) -> bytes:
    """A hybrid-reference revision: its trailer's /XRefStm names a cross-reference stream
    that redefines the page from an object stream, for the readers that honour it."""

    def write(lay: Layout, unsigned: bytes) -> bytes:
        objstm = _packed_page(lay, b"/ObjStm")
        table_at = int(re.findall(rb"startxref\s+(\d+)", unsigned)[-1])
        n = lay.size
        rows = {
            n: b"\x01" + table_at.to_bytes(4, "big") + b"\0\0",
            lay.page: b"\x02" + n.to_bytes(4, "big") + b"\0\0",
        }
        xref_at = table_at + len(objstm)
        rows[n + 1] = b"\x01" + xref_at.to_bytes(4, "big") + b"\0\0"
        xref = _xref_stream(lay, n + 1, rows, n + 2, None).replace(
            b" /Prev %d" % lay.startxref, b""
        )
        return _written_in(unsigned, objstm + xref, trailer=b"\n/XRefStm %d" % xref_at, size=n + 2)

    return _issued_written_in(pdf, keys, write, strict=False)


@forgery("signed-revision/extra-revision")
def _extra_revision(pdf: bytes, keys: IssuerKeys) -> bytes:
    """An update made before signing (where a shadow attack prepares its content)."""
    return _signed_with(pdf, keys, lambda lay: update(lay, {lay.page: lay.body(lay.page)}))


def main(folder: str) -> None:
    from desktop.mock_backend.certificates.issuer import make_certificate
    from tests import issuer_fixtures

    keys = issuer_fixtures.issuer()
    _, pdf = make_certificate("0012345679", keys=keys)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "genuine.pdf").write_bytes(pdf)
    for name, make in CLASSES.items():
        (out / (name.replace("/", "--") + ".pdf")).write_bytes(make(pdf, keys))


if __name__ == "__main__":
    main(sys.argv[1])
