"""The QR payload: a compact claim set signed by the certificate-signing key.

Format (version 1), all ASCII so it fits a QR code in byte mode::

    SSO1:<claims>.<signature>

- ``<claims>`` is base64url without padding of canonical JSON (keys sorted, no spaces,
  ASCII only) with short keys: ``s`` serial (16 digits, a string), ``n`` national ID,
  ``st`` status code (as in the inquiry API), ``i`` issued and ``e`` expires (integer
  Unix seconds, UTC), ``k`` key id: base64url of the first 8 bytes of SHA-256 over the
  signer's DER SubjectPublicKeyInfo, so a verifier can pick the right signer and tell
  "unknown key" from "altered payload".
- ``<signature>`` is base64url without padding of the raw ECDSA P-256 signature
  ``r || s`` (32 + 32 bytes, big-endian) with SHA-256 over the ASCII bytes
  ``SSO1:<claims>`` — the prefix is signed so the version cannot be swapped.

This module is the encoder, used by the mock issuer. The decoder and verifier live in
``desktop.core.certificates.qr`` (the mock is a separate program and shares no code
with the app); a test encodes here and decodes there.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any

import qrcode
import qrcode.constants
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

PREFIX = "SSO1:"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    spki = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return b64url(hashlib.sha256(spki).digest()[:8])


def qr_claims(
    serial: str, national_id: str, status: str, issued: int, expires: int, kid: str
) -> dict[str, Any]:
    return {"s": serial, "n": national_id, "st": status, "i": issued, "e": expires, "k": kid}


def encode_payload(claims: dict[str, Any], key: ec.EllipticCurvePrivateKey) -> str:
    body = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    signed = PREFIX + b64url(body.encode("ascii"))
    r, s = decode_dss_signature(key.sign(signed.encode("ascii"), ec.ECDSA(hashes.SHA256())))
    return signed + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules, quiet zone included (error correction M: survives smudges)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload.encode("ascii"), optimize=0)
    code.make(fit=True)
    return code.get_matrix()


def qr_png(payload: str) -> bytes:
    """A 1-pixel-per-module greyscale PNG; the PDF scales it up without smoothing."""
    from PIL import Image  # Pillow comes with qrcode's image support

    matrix = qr_matrix(payload)
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
