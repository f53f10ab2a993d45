"""The checks of a certificate PDF: readable, signed once over the whole file by a
signer of the trust profile, carrying our claims and a QR code that agree."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import threading
import zlib
from collections.abc import Mapping
from typing import Any

from cryptography import x509

from .pdf_content import CLAIMS_FILE, CLAIMS_FORMAT, active_content, embedded_claims, page_qr_texts
from .qr import QrFormatError, QrPayload, key_id, parse_payload
from .qr import signature_ok as qr_signature_ok
from .result import PDF_CHECKS, CheckOutcome, Run, Stop, Verification, aware_now, short
from .revocation import DEFAULT_MAX_AGE, RevocationData
from .shortcuts import install as install_shortcuts
from .structure import LayoutError, signed_layout
from .trust import TrustProfile

MAX_FILE_BYTES = 10 * 1024 * 1024
_MiB = 1024 * 1024


def _decode_limits() -> Any:
    from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget
    from pyhanko.pdf_utils.decode_limits import StreamDecodeLimits as Stream

    # A certificate is about 50 KB and its largest stream (a font) well under 1 MiB;
    # these caps stop a decompression bomb long before memory is in danger.
    return DecodeLimits(
        per_stream=Stream(max_ratio=1100, ratio_floor=_MiB, max_output_size=16 * _MiB),
        document_budget=DocumentDecodeBudget(base_allowance=64 * _MiB, max_ratio=20),
    )


def verify_pdf(
    data: bytes,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
) -> Verification:
    """Every check on a PDF certificate; never raises for any input."""
    run = Run(PDF_CHECKS, trust, revocations, aware_now(now), max_age, "pdf")
    return run.guarded(lambda: _check_pdf(run, data), "file")


def _damage() -> tuple[type[Exception], ...]:
    """What pyHanko raises on a damaged file: its own errors, the built-in ones its
    parsers let through, an assertion or an AttributeError (a dictionary where a stream
    belongs) in its cross-reference reader, and NotImplementedError for a filter or
    crypt method it does not know (the last three found by fuzzing)."""
    from pyhanko.pdf_utils.misc import PdfError

    return (
        PdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        zlib.error,
        NotImplementedError,
        AssertionError,
        AttributeError,
    )


def _check_pdf(run: Run, data: bytes) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    install_shortcuts()
    if len(data) > MAX_FILE_BYTES:
        run.stop("readable", f"larger than {MAX_FILE_BYTES // _MiB} MiB")
    if b"%PDF-" not in data[:1024]:
        run.passed("readable")
        run.stop("recognised", "not a PDF file")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True, decode_limits=_decode_limits())
        encrypted = reader.encrypted
    except _damage() as exc:
        run.stop("readable", short("the PDF is damaged or truncated", exc))
    if encrypted:
        run.stop("readable", "the PDF is encrypted; certificates never are")
    try:
        signatures = list(reader.embedded_signatures)
    except _damage() as exc:
        run.stop("readable", short("the signature fields cannot be read", exc))
    run.passed("readable", f"{len(data)} bytes")
    if not signatures:
        run.stop("recognised", "the PDF has no digital signature")
    run.passed("recognised", f"{len(signatures)} signature(s)")

    signer = _check_signature(run, data, signatures)
    _check_claims_and_qr(run, reader, signer)


class _ThreadLoop:
    """An event loop kept for one thread, closed with it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        self.loop.close()


_loops = threading.local()


async def _validate(sig: Any, context: Any) -> Any:
    from pyhanko.sign.validation import async_validate_pdf_signature

    # Closed as pyHanko's own sync wrapper closes it: anything the context opened.
    async with contextlib.aclosing(context):
        return await async_validate_pdf_signature(sig, context, skip_diff=True)


def _validate_sync(sig: Any, context: Any) -> Any:
    # pyHanko's sync validate_pdf_signature makes and tears down an event loop for
    # every call (asyncio.run), a fifth of a file's check; one loop per thread serves
    # a whole batch instead.
    holder = getattr(_loops, "holder", None)
    if holder is None:
        holder = _loops.holder = _ThreadLoop()
    return holder.loop.run_until_complete(_validate(sig, context))


def _check_signature(run: Run, data: bytes, signatures: list[Any]) -> x509.Certificate:
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    sig = signatures[0]
    unreadable: tuple[type[Exception], ...] = (SignatureValidationError, *_damage())
    try:
        context = ValidationContext(
            trust_roots=run.trust.pyhanko_roots, allow_fetching=False, moment=run.now
        )
        # pyHanko is asked only whether the signed ranges match the CMS and who signed.
        # Its difference analysis is skipped: a certificate is certified "no changes",
        # so any byte after the signed range is TAMPERED (decided below, from the bytes).
        status = _validate_sync(sig, context)
    except unreadable as exc:
        # The signed revision cannot be read back as it was signed: changed bytes.
        run.stop("signature_intact", short("the signature cannot be checked", exc))

    if status.intact and status.valid:
        run.passed("signature_intact", "the signed bytes are unchanged")
    else:
        run.failed("signature_intact", "the signed content was changed after signing")
    # Not trusted from pyHanko alone: its coverage level. ENTIRE_FILE is arithmetic on
    # the newest revision's /Contents, which an update can redefine so the sum holds.
    # Coverage, and that nothing came after signing, are read from the bytes here;
    # pyHanko must agree, and the signature it read must be the one the bytes hold.
    try:
        layout = signed_layout(data)
    except LayoutError as exc:
        run.failed("covers_whole_file", str(exc))
    else:
        if (
            status.coverage != SignatureCoverageLevel.ENTIRE_FILE
            or tuple(sig.byte_range) != layout.byte_range
            or sig.pkcs7_content != layout.contents
            or getattr(sig.sig_field.raw_get("/V"), "idnum", None) != layout.signature_object
        ):
            run.failed("covers_whole_file", "the signature read is not the one the bytes hold")
        else:
            run.passed("covers_whole_file", "every byte of the file is signed")
    if len(signatures) > 1:
        run.failed("no_changes_after_signing", f"signed {len(signatures)} times; ours once")
    elif run.checks["covers_whole_file"].outcome is CheckOutcome.PASS:
        run.passed("no_changes_after_signing", "nothing was added after signing")
    else:
        run.failed("no_changes_after_signing", "the file was changed after signing")
    if any(c.outcome is CheckOutcome.FAIL for c in run.checks.values()):
        raise Stop

    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    subject = cert.subject.rfc4514_string()
    if status.trusted:
        run.passed("signer_trusted", f"{subject}, under the {run.trust.name!r} profile")
    else:
        why = "" if run.trust.roots else "; the profile has no roots yet"
        run.stop(
            "signer_trusted",
            f"{subject} does not chain to a root of the {run.trust.name!r} profile{why}",
        )
    return cert


def _check_claims_and_qr(run: Run, reader: Any, signer: x509.Certificate) -> None:
    claims = embedded_claims(reader)
    if claims is None:
        run.stop("claims_present", f"no {CLAIMS_FILE} in format {CLAIMS_FORMAT}")
    run.passed("claims_present", CLAIMS_FILE)
    run.claims = claims

    active = active_content(reader)
    if active:
        run.stop("no_active_content", f"the PDF contains {active}")
    run.passed("no_active_content")

    qr_text = claims.get("qr")
    try:
        payload = parse_payload(qr_text if isinstance(qr_text, str) else "")
    except QrFormatError as exc:
        run.stop("qr_signature", f"the QR payload is unreadable: {exc}")
    signer_key = signer.public_key()
    if payload.claims.key_id != key_id(signer_key):  # type: ignore[arg-type]
        run.stop("qr_signature", "the QR was signed by another key than the PDF")
    if not qr_signature_ok(payload, signer_key):
        run.stop("qr_signature", "the QR payload was altered after signing")
    run.passed("qr_signature", f"key {payload.claims.key_id}")

    mismatched = _mismatches(payload, claims)
    if mismatched:
        run.failed("qr_matches_claims", "QR and embedded claims differ: " + ", ".join(mismatched))
    else:
        run.passed("qr_matches_claims")

    printed = page_qr_texts(reader)
    if payload.text in printed:
        run.passed("page_qr_matches")
    elif printed:
        run.failed("page_qr_matches", "the QR printed on the page is another certificate's")
    else:
        run.failed("page_qr_matches", "no readable QR code is printed on the page")

    expires = _parse_time(claims.get("expires_at")) or payload.claims.expires
    run.status_checks(str(claims.get("serial")), min(expires, payload.claims.expires))


def _mismatches(payload: QrPayload, claims: Mapping[str, Any]) -> list[str]:
    q = payload.claims
    pairs = {
        "serial": (q.serial, claims.get("serial")),
        "national_id": (q.national_id, claims.get("national_id")),
        "status": (q.status, claims.get("status")),
        "issued_at": (q.issued, _parse_time(claims.get("issued_at"))),
        "expires_at": (q.expires, _parse_time(claims.get("expires_at"))),
    }
    return [name for name, (a, b) in pairs.items() if a != b]


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
