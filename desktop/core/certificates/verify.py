"""Offline verification of SSO certificates: the PDF, or a scan or photo of its printout.

A PDF is VALID only when every check passes, in this order (the first failure names
the verdict, so an untrusted forgery is reported as such whatever else is wrong):

==========================  =================  ==========================================
check                       on failure         what it establishes
==========================  =================  ==========================================
readable                    UNREADABLE         size limit, parses, not encrypted
recognised                  NOT_A_CERTIFICATE  a PDF (or image with an SSO QR) with a
                                               signature
signature_intact            TAMPERED           the signed bytes are unchanged
covers_whole_file           TAMPERED           the signature covers every byte but its
                                               own hex /Contents, read from the bytes
                                               (``structure``), and pyHanko agrees
no_changes_after_signing    TAMPERED           nothing after the signed revision, and
                                               one signature
signer_trusted              UNTRUSTED_SIGNER   the signer chains to a root of the profile
claims_present              NOT_A_CERTIFICATE  an embedded claims.json in our format
no_active_content           NOT_A_CERTIFICATE  no JavaScript, launch or submit actions
qr_signature                TAMPERED           the QR payload (claims.json "qr") is signed
                                               by the key that signed the PDF
qr_matches_claims           CLAIMS_MISMATCH    QR claims equal the embedded claims
page_qr_matches             CLAIMS_MISMATCH    the QR printed on the page is that payload
not_revoked                 REVOKED            serial not in the cached revocation list
not_expired                 EXPIRED            before expires_at
revocation_fresh            REVOCATION_STALE   the list is at most 7 days old and before
                                               its nextUpdate
==========================  =================  ==========================================

An UNKNOWN outcome (no revocation list at all) gives INDETERMINATE. An image has only
the QR to go on: its checks are readable, recognised, signer_trusted (the QR's key id
names a signer of the profile), qr_signature, not_revoked, not_expired and
revocation_fresh, and its claims are the QR's.

Bounds: files over 10 MiB are refused unread; pyHanko's stream decoding is capped
(a decompression bomb stops at the cap); images over 60 megapixels are refused before
decoding. A hard per-file time and memory limit needs a separate process: see
``sandbox.py``, which the command line and the app use for files from outside.

Modules: ``result`` (verdicts, checks, the run), ``pdf`` (the PDF checks), ``structure``
(coverage from the bytes), ``pdf_content`` (claims, active content, the page's QR),
``pixels`` (QR image decoding), ``shortcuts`` (two of pyHanko's hot spots, faster with
the same results); this one checks images and files and is the entry point.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .pdf import MAX_FILE_BYTES, verify_pdf
from .qr import MAX_PAYLOAD_CHARS, PREFIX, QrFormatError, parse_payload, read_qr_texts
from .qr import signature_ok as qr_signature_ok
from .result import (
    IMAGE_CHECKS,
    PDF_CHECKS,
    Check,
    CheckOutcome,
    RevocationState,
    Run,
    Verdict,
    Verification,
    aware_now,
    iso,
    short,
)
from .revocation import DEFAULT_MAX_AGE, RevocationData
from .trust import TrustProfile

# pyHanko, Pillow and zxing are imported inside the functions that need them: together
# they take about half a second to import, and most start-ups of the app verify nothing.

__all__ = [
    "IMAGE_CHECKS",
    "MAX_FILE_BYTES",
    "PDF_CHECKS",
    "Check",
    "CheckOutcome",
    "RevocationState",
    "Verdict",
    "Verification",
    "sniff",
    "unreadable",
    "verify_bytes",
    "verify_image",
    "verify_path",
    "verify_pdf",
    "verify_qr_text",
]

_MiB = 1024 * 1024


# images ----------------------------------------------------------------------------------


def verify_image(
    source: bytes | str | Path,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
) -> Verification:
    """Check a scan or photo of a printed certificate by its QR code alone."""
    run = Run(IMAGE_CHECKS, trust, revocations, aware_now(now), max_age, "image")

    def checks() -> None:
        _check_image(run, source if isinstance(source, bytes) else _read_limited(Path(source)))

    return run.guarded(checks, "image")


def _check_image(run: Run, data: bytes) -> None:
    from PIL import UnidentifiedImageError

    try:
        texts = read_qr_texts(data)
    except UnidentifiedImageError:
        run.passed("readable")
        run.stop("recognised", "not an image")
    except (QrFormatError, OSError, ValueError, SyntaxError) as exc:
        run.stop("readable", short("the image cannot be decoded", exc))
    run.passed("readable", f"{len(data)} bytes")
    _check_qr_texts(run, texts, "no certificate QR code found in the image")


def verify_qr_text(
    text: str,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
) -> Verification:
    """Check a QR code's text as a scanner read it off a printout: the QR alone, like a
    scan of the page (its verdict and claims are an image's)."""
    run = Run(IMAGE_CHECKS, trust, revocations, aware_now(now), max_age, "image")

    def checks() -> None:
        if len(text) > MAX_PAYLOAD_CHARS:
            run.stop("readable", f"longer than {MAX_PAYLOAD_CHARS} characters")
        if text.startswith(PREFIX):
            try:
                parse_payload(text)
            except QrFormatError as exc:
                # A key lost or added on the way, not a forgery: the printout may be fine.
                run.stop("readable", f"the scan is incomplete or garbled ({exc}); scan again")
        run.passed("readable", f"{len(text)} characters")
        _check_qr_texts(run, [text], "the scanned text is not a certificate's QR code")

    return run.guarded(checks, "scan")


def _check_qr_texts(run: Run, texts: list[str], none_found: str) -> None:
    """The checks of a certificate's QR code among the texts of the QR codes read."""
    ours = sorted({t for t in texts if t.startswith(PREFIX)})
    if not ours:
        run.stop("recognised", none_found)
    if len(ours) > 1:
        run.stop("recognised", "more than one certificate QR; scan one at a time")
    run.passed("recognised", "a certificate QR code")
    try:
        payload = parse_payload(ours[0])
    except QrFormatError as exc:
        run.stop("qr_signature", f"the QR payload is unreadable: {exc}")
    q = payload.claims
    run.claims = {
        "serial": q.serial,
        "national_id": q.national_id,
        "status": q.status,
        "issued_at": iso(q.issued),
        "expires_at": iso(q.expires),
    }
    signer = run.trust.signer_for(q.key_id, run.now)
    if signer is None:
        run.stop(
            "signer_trusted", f"key {q.key_id} is not a signer of the {run.trust.name!r} profile"
        )
    run.passed("signer_trusted", signer.subject.rfc4514_string())
    if not qr_signature_ok(payload, signer.public_key()):
        run.stop("qr_signature", "the QR payload was altered after signing")
    run.passed("qr_signature", f"key {q.key_id}")
    run.status_checks(q.serial, q.expires)


# files -----------------------------------------------------------------------------------

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
)


def sniff(head: bytes) -> str:
    """ "pdf", "image" or "unknown", from the first bytes (never the file name)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return "unknown"


def verify_bytes(
    data: bytes,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
) -> Verification:
    kind = sniff(data[:1024])
    if kind == "pdf":
        return verify_pdf(data, trust, revocations, now, max_age=max_age)
    if kind == "image":
        return verify_image(data, trust, revocations, now, max_age=max_age)
    run = Run(PDF_CHECKS, trust, revocations, aware_now(now), max_age, "unknown")
    if len(data) > MAX_FILE_BYTES:
        run.failed("readable", f"larger than {MAX_FILE_BYTES // _MiB} MiB")
    else:
        run.passed("readable", f"{len(data)} bytes")
        run.failed("recognised", "neither a PDF nor an image")
    return run.result()


def _read_limited(path: Path) -> bytes:
    with path.open("rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    return data


def verify_path(
    path: str | Path,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
) -> Verification:
    """Verify a file, PDF or image, recognised by its content, not its extension."""
    path = Path(path)
    try:
        data = _read_limited(path)
    except OSError as exc:
        run = Run(PDF_CHECKS, trust, revocations, aware_now(now), max_age, "unknown")
        run.failed("readable", f"cannot read the file ({exc.strerror or exc})")
        result = run.result()
    else:
        result = verify_bytes(data, trust, revocations, now, max_age=max_age)
    return _with_source(result, str(path))


def _with_source(result: Verification, source: str) -> Verification:
    return replace(result, source=source)


def unreadable(
    source: str | None,
    detail: str,
    trust: TrustProfile,
    revocations: RevocationData | None,
    now: dt.datetime | None = None,
) -> Verification:
    """The verdict for a file whose check could not finish (time or memory limit)."""
    run = Run(PDF_CHECKS, trust, revocations, aware_now(now), DEFAULT_MAX_AGE, "unknown")
    run.failed("readable", detail)
    return _with_source(run.result(), source) if source else run.result()
