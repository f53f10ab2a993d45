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
covers_whole_file           TAMPERED           the signature covers every byte (pyHanko
                                               coverage ENTIRE_FILE)
no_changes_after_signing    TAMPERED           no incremental update after signing
                                               (modification level NONE), one signature
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
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import logging
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from cryptography import x509

from .qr import PREFIX, QrFormatError, QrPayload, key_id, parse_payload, read_qr_texts
from .qr import signature_ok as qr_signature_ok
from .revocation import DEFAULT_MAX_AGE, RevocationData
from .trust import TrustProfile

# pyHanko, Pillow and zxing are imported inside the functions that need them: together
# they take about half a second to import, and most start-ups of the app verify nothing.

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
CLAIMS_FORMAT = "estelam-sso-certificate/1"
CLAIMS_FILE = "claims.json"
MAX_CLAIMS_BYTES = 64 * 1024
_MiB = 1024 * 1024


class Verdict(enum.StrEnum):
    VALID = "VALID"
    TAMPERED = "TAMPERED"
    UNTRUSTED_SIGNER = "UNTRUSTED_SIGNER"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    CLAIMS_MISMATCH = "CLAIMS_MISMATCH"
    NOT_A_CERTIFICATE = "NOT_A_CERTIFICATE"
    UNREADABLE = "UNREADABLE"
    # Amber: nothing is wrong with the certificate, but revocation is not established.
    REVOCATION_STALE = "REVOCATION_STALE"
    INDETERMINATE = "INDETERMINATE"

    @property
    def is_amber(self) -> bool:
        return self in (Verdict.REVOCATION_STALE, Verdict.INDETERMINATE)


class CheckOutcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # could not be established
    SKIPPED = "skipped"  # not run: an earlier check already decided


# (check, verdict when it fails), in precedence order.
PDF_CHECKS: tuple[tuple[str, Verdict], ...] = (
    ("readable", Verdict.UNREADABLE),
    ("recognised", Verdict.NOT_A_CERTIFICATE),
    ("signature_intact", Verdict.TAMPERED),
    ("covers_whole_file", Verdict.TAMPERED),
    ("no_changes_after_signing", Verdict.TAMPERED),
    ("signer_trusted", Verdict.UNTRUSTED_SIGNER),
    ("claims_present", Verdict.NOT_A_CERTIFICATE),
    ("no_active_content", Verdict.NOT_A_CERTIFICATE),
    ("qr_signature", Verdict.TAMPERED),
    ("qr_matches_claims", Verdict.CLAIMS_MISMATCH),
    ("page_qr_matches", Verdict.CLAIMS_MISMATCH),
    ("not_revoked", Verdict.REVOKED),
    ("not_expired", Verdict.EXPIRED),
    ("revocation_fresh", Verdict.REVOCATION_STALE),
)
IMAGE_CHECKS: tuple[tuple[str, Verdict], ...] = (
    ("readable", Verdict.UNREADABLE),
    ("recognised", Verdict.NOT_A_CERTIFICATE),
    ("signer_trusted", Verdict.UNTRUSTED_SIGNER),
    ("qr_signature", Verdict.TAMPERED),
    ("not_revoked", Verdict.REVOKED),
    ("not_expired", Verdict.EXPIRED),
    ("revocation_fresh", Verdict.REVOCATION_STALE),
)
_FAIL_VERDICT = {name: verdict for name, verdict in PDF_CHECKS + IMAGE_CHECKS}


@dataclass(frozen=True)
class Check:
    name: str
    outcome: CheckOutcome
    detail: str = ""


@dataclass(frozen=True)
class RevocationState:
    """How old the revocation data behind a verdict is (all None when there was none)."""

    available: bool
    this_update: dt.datetime | None = None
    next_update: dt.datetime | None = None
    fetched_at: dt.datetime | None = None
    age_seconds: float | None = None
    fresh: bool = False

    @classmethod
    def of(
        cls, data: RevocationData | None, now: dt.datetime, max_age: dt.timedelta
    ) -> RevocationState:
        if data is None:
            return cls(available=False)
        return cls(
            available=True,
            this_update=data.this_update,
            next_update=data.next_update,
            fetched_at=data.fetched_at,
            age_seconds=data.age(now).total_seconds(),
            fresh=data.is_fresh(now, max_age),
        )


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    profile: str
    kind: str  # "pdf", "image" or "unknown"
    checks: tuple[Check, ...]
    revocation: RevocationState
    checked_at: dt.datetime
    claims: Mapping[str, Any] | None = None
    source: str | None = None  # the path, when verified from a file

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def reason(self) -> str:
        """The detail of the check that decided the verdict ("" when VALID)."""
        for c in self.checks:
            if c.outcome is CheckOutcome.FAIL and _FAIL_VERDICT.get(c.name) is self.verdict:
                return c.detail
        unknown = [c.detail for c in self.checks if c.outcome is CheckOutcome.UNKNOWN]
        return unknown[0] if unknown else ""

    def to_json(self) -> dict[str, Any]:
        rev = self.revocation
        return {
            "path": self.source,
            "verdict": str(self.verdict),
            "reason": self.reason,
            "profile": self.profile,
            "kind": self.kind,
            "checked_at": _iso(self.checked_at),
            "checks": [
                {"name": c.name, "outcome": str(c.outcome), "detail": c.detail} for c in self.checks
            ],
            "revocation": {
                "available": rev.available,
                "this_update": _iso(rev.this_update),
                "next_update": _iso(rev.next_update),
                "fetched_at": _iso(rev.fetched_at),
                "age_seconds": rev.age_seconds,
                "fresh": rev.fresh,
            },
            "claims": dict(self.claims) if self.claims is not None else None,
        }


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Stop(Exception):
    """An earlier check decided; the rest are skipped."""


@dataclass
class _Run:
    order: tuple[tuple[str, Verdict], ...]
    trust: TrustProfile
    revocations: RevocationData | None
    now: dt.datetime
    max_age: dt.timedelta
    kind: str
    checks: dict[str, Check] = field(default_factory=dict)
    claims: Mapping[str, Any] | None = None

    def passed(self, name: str, detail: str = "") -> None:
        self.checks[name] = Check(name, CheckOutcome.PASS, detail)

    def failed(self, name: str, detail: str) -> None:
        self.checks[name] = Check(name, CheckOutcome.FAIL, detail)

    def stop(self, name: str, detail: str) -> NoReturn:
        """Record a failure that decides the verdict on its own; skip the rest."""
        self.failed(name, detail)
        raise _Stop

    def unknown(self, name: str, detail: str) -> None:
        self.checks[name] = Check(name, CheckOutcome.UNKNOWN, detail)

    def result(self) -> Verification:
        ordered = tuple(
            self.checks.get(name, Check(name, CheckOutcome.SKIPPED)) for name, _ in self.order
        )
        verdict = Verdict.VALID
        for check, (_, on_fail) in zip(ordered, self.order, strict=True):
            if check.outcome is CheckOutcome.FAIL:
                verdict = on_fail
                break
        else:
            if any(c.outcome is CheckOutcome.UNKNOWN for c in ordered):
                verdict = Verdict.INDETERMINATE
        return Verification(
            verdict=verdict,
            profile=self.trust.name,
            kind=self.kind,
            checks=ordered,
            revocation=RevocationState.of(self.revocations, self.now, self.max_age),
            checked_at=self.now,
            claims=self.claims,
        )

    # the checks every kind ends with -------------------------------------------------

    def status_checks(self, serial: str, expires: dt.datetime) -> None:
        rev = self.revocations
        if rev is None:
            self.unknown("not_revoked", "no revocation list is available")
            self.unknown("revocation_fresh", "no revocation list is available")
        else:
            if rev.is_revoked(serial):
                self.failed("not_revoked", f"serial {serial} is on the revocation list")
            else:
                self.passed("not_revoked", f"serial {serial} is not on the revocation list")
            age = _days(rev.age(self.now))
            if rev.is_fresh(self.now, self.max_age):
                self.passed("revocation_fresh", f"the list is {age} old")
            else:
                self.failed(
                    "revocation_fresh",
                    f"the list is {age} old (issued {_iso(rev.this_update)}); "
                    "update it to rule out recent revocations",
                )
        if self.now < expires:
            self.passed("not_expired", f"valid until {_iso(expires)}")
        else:
            self.failed("not_expired", f"expired at {_iso(expires)}")


def _days(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} hours" if abs(hours) < 48 else f"{hours / 24:.1f} days"


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


# PDF -------------------------------------------------------------------------------------


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
    run = _Run(PDF_CHECKS, trust, revocations, _now(now), max_age, "pdf")
    try:
        _check_pdf(run, data)
    except _Stop:
        pass
    except MemoryError:
        run.failed("readable", "the file needs too much memory to read")
    except RecursionError:
        run.failed("readable", "the file's structure is nested too deeply")
    except Exception as exc:  # hostile input must give a verdict, not a crash
        log.debug("verify_pdf failed", exc_info=True)
        run.failed("readable", f"the file could not be read ({type(exc).__name__}: {exc})"[:300])
    return run.result()


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


def _check_pdf(run: _Run, data: bytes) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    if len(data) > MAX_FILE_BYTES:
        run.stop("readable", f"larger than {MAX_FILE_BYTES // _MiB} MiB")
    if b"%PDF-" not in data[:1024]:
        run.passed("readable")
        run.stop("recognised", "not a PDF file")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True, decode_limits=_decode_limits())
        encrypted = reader.encrypted
    except _damage() as exc:
        run.stop("readable", _short("the PDF is damaged or truncated", exc))
    if encrypted:
        run.stop("readable", "the PDF is encrypted; certificates never are")
    try:
        signatures = list(reader.embedded_signatures)
    except _damage() as exc:
        run.stop("readable", _short("the signature fields cannot be read", exc))
    run.passed("readable", f"{len(data)} bytes")
    if not signatures:
        run.stop("recognised", "the PDF has no digital signature")
    run.passed("recognised", f"{len(signatures)} signature(s)")

    signer = _check_signature(run, signatures)
    _check_claims_and_qr(run, reader, signer)


def _short(what: str, exc: BaseException) -> str:
    return f"{what} ({type(exc).__name__}: {exc})"[:300]


def _check_signature(run: _Run, signatures: list[Any]) -> x509.Certificate:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    sig = signatures[0]
    unreadable: tuple[type[Exception], ...] = (SignatureValidationError, *_damage())
    try:
        coverage = sig.evaluate_signature_coverage()
        context = ValidationContext(
            trust_roots=run.trust.pyhanko_roots, allow_fetching=False, moment=run.now
        )
        # With the whole file covered there is no later revision to compare, so the
        # (costly) difference analysis only runs when something was added.
        whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
        status = validate_pdf_signature(sig, context, skip_diff=whole)
    except unreadable as exc:
        # The signed revision cannot be read back as it was signed: changed bytes.
        run.stop("signature_intact", _short("the signature cannot be checked", exc))

    if status.intact and status.valid:
        run.passed("signature_intact", "the signed bytes are unchanged")
    else:
        run.failed("signature_intact", "the signed content was changed after signing")
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        run.passed("covers_whole_file", "every byte of the file is signed")
    else:
        cover = status.coverage.name if status.coverage else "unknown"
        run.failed("covers_whole_file", f"the signature covers only part of the file ({cover})")
    level = status.modification_level
    if len(signatures) > 1:
        run.failed("no_changes_after_signing", f"signed {len(signatures)} times; ours once")
    elif whole and status.docmdp_ok is not False:
        run.passed("no_changes_after_signing", "nothing was added after signing")
    elif level is not None and level != ModificationLevel.NONE:
        run.failed("no_changes_after_signing", f"changed after signing ({level.name})")
    else:
        run.failed("no_changes_after_signing", "content was added after signing")
    if any(c.outcome is CheckOutcome.FAIL for c in run.checks.values()):
        raise _Stop

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


def _check_claims_and_qr(run: _Run, reader: Any, signer: x509.Certificate) -> None:
    claims = _embedded_claims(reader)
    if claims is None:
        run.stop("claims_present", f"no {CLAIMS_FILE} in format {CLAIMS_FORMAT}")
    run.passed("claims_present", CLAIMS_FILE)
    run.claims = claims

    active = _active_content(reader)
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

    printed = _page_qr_texts(reader)
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


def _embedded_claims(reader: Any) -> dict[str, Any] | None:
    """claims.json from the catalog's flat /EmbeddedFiles name list, or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        entries = list(names)[:64]
        for name, spec in zip(entries[::2], entries[1::2], strict=False):
            if str(name) != CLAIMS_FILE:
                continue
            stream = spec.get_object()["/EF"]["/F"]
            raw = stream.data  # decoded under the reader's decode limits
            if len(raw) > MAX_CLAIMS_BYTES:
                return None
            claims = json.loads(raw.decode("utf-8"))
            if isinstance(claims, dict) and claims.get("format") == CLAIMS_FORMAT:
                return claims
            return None
    except Exception:  # any shape we did not write means "not ours"
        log.debug("no embedded claims", exc_info=True)
    return None


_BAD_ACTIONS = frozenset(("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"))


def _active_content(reader: Any) -> str | None:
    """A description of the first script or launch action found, or None."""
    if b"/JavaScript" in _raw(reader):
        return "JavaScript"
    try:
        root = reader.root
        candidates: list[Any] = [root.get("/OpenAction"), root.get("/AA")]
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names:
            return "a document-level JavaScript name tree"
        for page in _pages(reader):
            candidates.append(page.get("/AA"))
            annots = page.get("/Annots")
            for annot in list(annots)[:256] if annots is not None else []:
                annot = annot.get_object()
                candidates += [annot.get("/A"), annot.get("/AA")]
        for action in candidates:
            found = _bad_action(action, depth=0)
            if found:
                return found
    except Exception as exc:  # a structure we cannot walk is not one we issued
        return f"a structure that cannot be inspected ({type(exc).__name__})"
    return None


def _raw(reader: Any) -> bytes:
    stream = reader.stream
    position = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(position)
    return data


def _bad_action(action: Any, depth: int) -> str | None:
    from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject

    if action is None or depth > 8:
        return None
    action = action.get_object() if hasattr(action, "get_object") else action
    if isinstance(action, DictionaryObject):
        kind = action.get("/S")
        if kind is not None and str(kind) in _BAD_ACTIONS:
            return f"a {str(kind)[1:]} action"
        if "/JS" in action:
            return "JavaScript"
        for key in ("/Next", *(k for k in action if k in _TRIGGERS)):
            found = _bad_action(action.get(key), depth + 1)
            if found:
                return found
    elif isinstance(action, ArrayObject):
        for item in list(action)[:64]:
            if isinstance(item.get_object(), DictionaryObject) and "/S" in item.get_object():
                found = _bad_action(item, depth + 1)
                if found:
                    return found
    return None


# Additional-action triggers (/AA): document, page and annotation events.
_TRIGGERS = frozenset(
    ("/WC", "/WS", "/DS", "/WP", "/DP", "/O", "/C", "/E", "/X", "/D", "/U", "/Fo", "/Bl",
     "/PO", "/PC", "/PV", "/PI", "/K", "/F", "/V")
)  # fmt: skip


def _pages(reader: Any, limit: int = 16) -> Iterable[Any]:
    """The first pages, walked iteratively (a circular page tree cannot loop us)."""
    stack = [reader.root["/Pages"]]
    seen: set[int] = set()
    found = 0
    while stack and found < limit and len(seen) < 1024:
        node = stack.pop().get_object()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kids = node.get("/Kids")
        if kids is None:
            found += 1
            yield node
        else:
            stack.extend(reversed(list(kids)[:256]))


def _page_qr_texts(reader: Any) -> list[str]:
    """SSO payloads read from the small greyscale images on the first page."""
    from PIL import Image

    texts: list[str] = []
    try:
        page = next(iter(_pages(reader, limit=1)))
        xobjects = page["/Resources"]["/XObject"]
        for name in list(xobjects)[:32]:
            pixels = _qr_image_pixels(xobjects[name])
            if pixels is None:
                continue
            width, height, data = pixels
            image = Image.frombytes("L", (width, height), data)
            texts += [t for t in read_qr_texts(image) if t.startswith(PREFIX)]
    except Exception:  # an odd page is reported as "no readable QR", not a crash
        log.debug("no page QR", exc_info=True)
    return texts


def _qr_image_pixels(stream: Any) -> tuple[int, int, bytes] | None:
    """Decode a small 8-bit greyscale Flate image (PNG predictors allowed), bounded."""
    stream = stream.get_object()
    width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
    if (
        stream.get("/Subtype") != "/Image"
        or not (21 <= width <= 512 and 21 <= height <= 512)
        or stream.get("/ColorSpace") != "/DeviceGray"
        or int(stream.get("/BitsPerComponent", 0)) != 8
        or stream.get("/Filter") != "/FlateDecode"
    ):
        return None
    params = stream.get("/DecodeParms") or {}
    predictor = int(params.get("/Predictor", 1)) if hasattr(params, "get") else 1
    row = width + (1 if predictor >= 10 else 0)
    inflater = zlib.decompressobj()
    raw = inflater.decompress(stream.encoded_data, row * height + 1)
    if len(raw) != row * height:
        return None
    if predictor < 10:
        return width, height, raw
    return width, height, _unfilter_png(raw, width, height)


def _unfilter_png(raw: bytes, width: int, height: int) -> bytes:
    """Undo PNG row filters for one byte per pixel."""
    out = bytearray(width * height)
    prev = bytearray(width)
    for y in range(height):
        kind = raw[y * (width + 1)]
        line = bytearray(raw[y * (width + 1) + 1 : (y + 1) * (width + 1)])
        for x in range(width if kind else 0):  # filter 0: the row is stored as is
            left = line[x - 1] if x else 0
            up = prev[x]
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = prev[x - 1] if x else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + guess) & 0xFF
        out[y * width : (y + 1) * width] = line
        prev = line
    return bytes(out)


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
    run = _Run(IMAGE_CHECKS, trust, revocations, _now(now), max_age, "image")
    try:
        data = source if isinstance(source, bytes) else _read_limited(Path(source))
        _check_image(run, data)
    except _Stop:
        pass
    except MemoryError:
        run.failed("readable", "the image needs too much memory to read")
    except Exception as exc:  # hostile input must give a verdict, not a crash
        log.debug("verify_image failed", exc_info=True)
        run.failed("readable", _short("the image could not be read", exc))
    return run.result()


def _check_image(run: _Run, data: bytes) -> None:
    from PIL import UnidentifiedImageError

    try:
        texts = read_qr_texts(data)
    except UnidentifiedImageError:
        run.passed("readable")
        run.stop("recognised", "not an image")
    except (QrFormatError, OSError, ValueError, SyntaxError) as exc:
        run.stop("readable", _short("the image cannot be decoded", exc))
    run.passed("readable", f"{len(data)} bytes")
    ours = sorted({t for t in texts if t.startswith(PREFIX)})
    if not ours:
        run.stop("recognised", "no certificate QR code found in the image")
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
        "issued_at": _iso(q.issued),
        "expires_at": _iso(q.expires),
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
    run = _Run(PDF_CHECKS, trust, revocations, _now(now), max_age, "unknown")
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
        run = _Run(PDF_CHECKS, trust, revocations, _now(now), max_age, "unknown")
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
    run = _Run(PDF_CHECKS, trust, revocations, _now(now), DEFAULT_MAX_AGE, "unknown")
    run.failed("readable", detail)
    return _with_source(run.result(), source) if source else run.result()
