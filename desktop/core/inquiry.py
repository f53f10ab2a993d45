"""Asking about one person."""

from __future__ import annotations

import unicodedata
import uuid

from desktop.api_client import CaseReferenceRequired, StatusResult
from desktop.core.national_id import normalize
from desktop.core.session import Session


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
    return await session.client.inquire(
        national_id, reference, purpose=purpose, idempotency_key=str(uuid.uuid4())
    )
