"""Asking about one person."""

from __future__ import annotations

import logging
import unicodedata
import uuid

from desktop.api_client import CaseReferenceRequired, StatusResult
from desktop.core.logs import mask_national_id
from desktop.core.national_id import normalize
from desktop.core.session import Session

log = logging.getLogger(__name__)


def _visible(text: str) -> bool:
    """False for text made only of spaces and invisible marks (ZWNJ, bidi controls)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def check_input(national_id_raw: str, case_reference: str) -> tuple[str, str]:
    """The normalised national ID and trimmed case reference, or the reason they are unusable.

    Raises InvalidNationalId (with its reason) or CaseReferenceRequired.
    """
    national_id = normalize(national_id_raw)
    return national_id, check_case_reference(case_reference)


def check_case_reference(case_reference: str) -> str:
    """The trimmed case reference; CaseReferenceRequired when nothing visible is left."""
    reference = case_reference.strip()
    if not _visible(reference):
        raise CaseReferenceRequired.local("A case reference is required for every inquiry.")
    return reference


async def inquire_one(
    session: Session,
    national_id_raw: str,
    case_reference: str,
    *,
    purpose: str | None = None,
) -> StatusResult:
    """Check the input here first (see check_input), then ask the server, so a typo never
    spends the agency's quota."""
    national_id, reference = check_input(national_id_raw, case_reference)
    # One key for this call: its retries are answered from the server's record, not
    # charged again.
    masked = mask_national_id(national_id)
    log.info("inquiry sent for %s", masked)
    try:
        result = await session.client.inquire(
            national_id, reference, purpose=purpose, idempotency_key=str(uuid.uuid4())
        )
    except Exception as exc:
        log.warning("inquiry for %s failed: %s", masked, type(exc).__name__)
        raise
    log.info("inquiry for %s answered: %s, %s", masked, result.status.value, result.inquiry_id)
    return result
