"""Reading and checking the QR payload of an SSO certificate.

Format (version 1), all ASCII::

    SSO1:<claims>.<signature>

- ``<claims>``: base64url without padding of canonical JSON (sorted keys, no spaces,
  ASCII) with short keys: ``s`` serial (digits, a string), ``n`` national ID, ``st``
  status code, ``i`` issued and ``e`` expires (integer Unix seconds, UTC), ``k`` key id
  = base64url of the first 8 bytes of SHA-256 over the signer's DER
  SubjectPublicKeyInfo.
- ``<signature>``: base64url without padding of the raw ECDSA P-256 signature
  ``r || s`` (64 bytes) with SHA-256 over the ASCII bytes ``SSO1:<claims>``.

The encoder is the issuer's (``desktop.mock_backend.certificates.qr``; the mock shares
no code with the app). The signature is checked over the bytes as received, so the
JSON need not be re-canonicalised here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

PREFIX = "SSO1:"
MAX_PAYLOAD_CHARS = 1024  # a version-1 payload is about 240; more is not ours
# A scan of an A4 page at 600 dpi is about 35 megapixels; refuse far beyond that.
MAX_IMAGE_PIXELS = 60_000_000
# The last Unix second a datetime can hold (9999-12-31T23:59:59Z).
_MAX_TIME = 253_402_300_799


class QrFormatError(ValueError):
    """The text is not a version-1 SSO payload."""


@dataclass(frozen=True)
class QrClaims:
    serial: str
    national_id: str
    status: str
    issued: dt.datetime
    expires: dt.datetime
    key_id: str


@dataclass(frozen=True)
class QrPayload:
    text: str
    claims: QrClaims
    signed: bytes  # the ASCII bytes the signature covers
    signature: bytes  # r || s


def _unb64(text: str) -> bytes:
    if not text or any(c not in _B64URL for c in text):
        raise QrFormatError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise QrFormatError("not base64url") from exc


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def parse_payload(text: str) -> QrPayload:
    """Split and decode a payload; raises QrFormatError. Does not check the signature."""
    if len(text) > MAX_PAYLOAD_CHARS or not text.startswith(PREFIX):
        raise QrFormatError("not an SSO1 payload")
    body, dot, sig = text[len(PREFIX) :].partition(".")
    if not dot:
        raise QrFormatError("no signature")
    signature = _unb64(sig)
    if len(signature) != 64:
        raise QrFormatError("the signature is not 64 bytes")
    try:
        raw = json.loads(_unb64(body).decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise QrFormatError("the claims are not JSON") from exc
    if not isinstance(raw, dict):
        raise QrFormatError("the claims are not an object")
    try:
        serial, nid, status, kid = raw["s"], raw["n"], raw["st"], raw["k"]
        issued, expires = raw["i"], raw["e"]
    except KeyError as exc:
        raise QrFormatError(f"claim {exc} missing") from exc
    if not all(isinstance(v, str) for v in (serial, nid, status, kid)):
        raise QrFormatError("a text claim is not a string")
    if not all(type(v) is int and 0 <= v <= _MAX_TIME for v in (issued, expires)):
        raise QrFormatError("a time claim is not a Unix time")
    claims = QrClaims(
        serial=serial,
        national_id=nid,
        status=status,
        issued=dt.datetime.fromtimestamp(issued, dt.UTC),
        expires=dt.datetime.fromtimestamp(expires, dt.UTC),
        key_id=kid,
    )
    signed = (PREFIX + body).encode("ascii")
    return QrPayload(text=text, claims=claims, signed=signed, signature=signature)


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    spki = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashlib.sha256(spki).digest()[:8]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def signature_ok(payload: QrPayload, public_key: object) -> bool:
    """True if ``public_key`` (an EC P-256 key) signed the payload."""
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return False
    r = int.from_bytes(payload.signature[:32], "big")
    s = int.from_bytes(payload.signature[32:], "big")
    try:
        public_key.verify(encode_dss_signature(r, s), payload.signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def read_qr_texts(image: object) -> list[str]:
    """Every QR code's text in an image: a PIL image, a path, or encoded bytes."""
    from PIL import Image

    if isinstance(image, Image.Image):
        picture = image
    else:
        source = io.BytesIO(image) if isinstance(image, bytes | bytearray) else Path(str(image))
        picture = Image.open(source)
        # Checked before decoding pixels: a small file can declare a huge canvas.
        if picture.width * picture.height > MAX_IMAGE_PIXELS:
            raise QrFormatError(f"the image is too large ({picture.width}×{picture.height})")
        picture.load()
    if picture.mode not in ("L", "RGB", "RGBA"):
        picture = picture.convert("L")
    return _decode(picture)


def read_qr_pixels(width: int, height: int, grey: bytes) -> list[str]:
    """Every QR code's text in 8-bit greyscale pixels, row after row. zxing-cpp reads
    the bytes through a 2-D view of them: no image object, no copy, and no Pillow (whose
    import was half of a fresh worker's first PDF)."""
    return _decode(memoryview(grey).cast("B", (height, width)))


def _decode(image: object) -> list[str]:
    import zxingcpp

    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [r.text for r in found if r.valid]
