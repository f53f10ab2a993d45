"""Offline proof of SSO certificates (Qt-free, no network).

``verify_pdf``/``verify_image``/``verify_path`` check a certificate against a
``TrustProfile`` and the cached ``RevocationData``; ``SandboxedVerifier`` runs the same
checks on files from outside in a worker process with a time and memory limit.
"""

from .qr import QrClaims, QrFormatError, QrPayload, parse_payload
from .revocation import (
    DEFAULT_MAX_AGE,
    RevocationCache,
    RevocationData,
    RevocationError,
    load_crl,
)
from .sandbox import SandboxedVerifier
from .trust import PRODUCTION, PROFILES, TEST, TrustProfile
from .verify import (
    MAX_FILE_BYTES,
    Check,
    CheckOutcome,
    RevocationState,
    Verdict,
    Verification,
    sniff,
    verify_bytes,
    verify_image,
    verify_path,
    verify_pdf,
)

__all__ = [
    "DEFAULT_MAX_AGE",
    "MAX_FILE_BYTES",
    "PRODUCTION",
    "PROFILES",
    "TEST",
    "Check",
    "CheckOutcome",
    "QrClaims",
    "QrFormatError",
    "QrPayload",
    "RevocationCache",
    "RevocationData",
    "RevocationError",
    "RevocationState",
    "SandboxedVerifier",
    "TrustProfile",
    "Verdict",
    "Verification",
    "load_crl",
    "parse_payload",
    "sniff",
    "verify_bytes",
    "verify_image",
    "verify_path",
    "verify_pdf",
]
