"""Checking a printout at the counter: the QR code's text as a handheld scanner types it,
or a camera's frames. Each check is the QR-only check of a scan of the page and is
recorded in the audit trail like a file's. Qt-free and blocking; the GUI calls it from
worker threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from desktop.core.audit import Actor, AuditLog, record_verifications
from desktop.core.certificates import Verification
from desktop.core.certificates.qr import PREFIX, read_qr_texts
from desktop.core.certificates.verify import verify_qr_text
from desktop.core.keyboard import us_keys
from desktop.core.proof import Proof

log = logging.getLogger(__name__)

#: Where a counter scan came from, as its Verification.source says (stable codes).
SCANNER = "scanner"
CAMERA = "camera"
SOURCES = (SCANNER, CAMERA)


def typed_payload(text: str) -> str:
    """What a scanner meant to type: the US keys of text typed under the Persian layout,
    without the whitespace a scanner may add around it (a suffix, a line break)."""
    return us_keys(text).strip()


def check_text(
    proof: Proof,
    text: str,
    *,
    source: str = SCANNER,
    audit: AuditLog | None = None,
    actor: Actor | None = None,
) -> Verification:
    """Check a QR code's text under the proof's trust profile and revocation list, and
    record it. The text is bounded and needs no parser of outside files, so it is checked
    here rather than in a sandboxed worker."""
    result = replace(
        verify_qr_text(typed_payload(text), proof.trust, proof.revocations()), source=source
    )
    log.info("checked a %s scan: %s", source, result.verdict.value)
    if audit is not None:
        record_verifications(audit, actor or Actor.local(), [result])
    return result


@dataclass(frozen=True)
class FrameCheck:
    """What one camera frame showed."""

    verification: Verification | None  # the check of a certificate's QR code in view
    others: int  # QR codes in view that are not a certificate's


def check_frame(
    proof: Proof,
    width: int,
    height: int,
    stride: int,
    grey: bytes,
    *,
    audit: AuditLog | None = None,
    actor: Actor | None = None,
) -> FrameCheck:
    """Look for a certificate's QR code in an 8-bit greyscale frame (rows `stride` bytes
    apart) and check the first one found, as check_text does; frames with none are not
    recorded."""
    from PIL import Image

    picture = Image.frombuffer("L", (width, height), grey, "raw", "L", stride, 1)
    texts = read_qr_texts(picture)
    ours = [t for t in texts if t.startswith(PREFIX)]
    others = len(texts) - len(ours)
    if not ours:
        return FrameCheck(None, others)
    return FrameCheck(check_text(proof, ours[0], source=CAMERA, audit=audit, actor=actor), others)
