"""Asking about one person."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import unicodedata
import uuid
from pathlib import Path

from desktop.api_client import AgencyRecordItem as AgencyRecordItem
from desktop.api_client import CaseReferenceRequired, EstelamError
from desktop.api_client import StatusResult as StatusResult
from desktop.core.audit import Actor, AuditLog, Kind, NewEntry, error_outcome, inquiry_entry
from desktop.core.files import written_whole
from desktop.core.logs import mask_national_id
from desktop.core.national_id import normalize
from desktop.core.session import Me, Session
from desktop.core.storage import check_room, guarded

# AgencyRecordItem and StatusResult, imported `as` themselves, are re-exported: the answers
# this use-case hands back, named here so that a face needs no client import.

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
    audit: AuditLog | None = None,
) -> StatusResult:
    """Check the input here first (see check_input), then ask the server, so a typo never
    spends the agency's quota.

    With an audit log, every request that left for the server is recorded, answered or
    not (a refusal or a timeout may still have been a look-up on the server's side).
    Nothing is sent that could not be recorded: the audit trail's folder is checked for
    room, and the intent (who asks about whom, for which case, under which key) is
    written before the request, so a charge without a record cannot happen; a folder
    that refuses raises StorageError.
    """
    national_id, reference = check_input(national_id_raw, case_reference)
    client = session.client
    actor = Actor.of(session.me) if audit is not None and session.me is not None else None
    # One key for this call: its retries are answered from the server's record, not
    # charged again.
    key = str(uuid.uuid4())

    async def keep(answer: StatusResult | None, outcome: str = "") -> None:
        if actor is not None and audit is not None:
            entry = inquiry_entry(
                actor,
                Kind.INQUIRY,
                national_id,
                reference,
                purpose=purpose,
                answer=answer,
                outcome=outcome,
            )
            with guarded(audit.path.parent):
                await asyncio.to_thread(audit.record_many, [entry])

    if actor is not None and audit is not None:
        intent = NewEntry(
            Kind.INTENT,
            actor,
            reference,
            actor.purpose(Kind.INQUIRY, purpose),
            national_id,
            server_ref=f"key:{key}",
            outcome=Kind.INQUIRY.value,
        )

        def note_intent() -> None:
            with guarded(audit.path.parent):
                check_room(audit.path.parent)
                audit.record_many([intent])

        await asyncio.to_thread(note_intent)
    masked = mask_national_id(national_id)
    log.info("inquiry sent for %s", masked)
    try:
        result = await client.inquire(national_id, reference, purpose=purpose, idempotency_key=key)
    except EstelamError as error:
        log.warning("inquiry for %s failed: %s", masked, type(error).__name__)
        await keep(None, error_outcome(error))
        raise
    log.info("inquiry for %s answered: %s, %s", masked, result.status.value, result.inquiry_id)
    await keep(result)
    return result


async def agency_record(
    session: Session, *, since: dt.datetime | None = None, limit: int = 200
) -> list[AgencyRecordItem]:
    """The agency's recent inquiries and redeems as the SSO recorded them (all its clerks,
    national IDs masked): the record this computer cannot change, beside its own."""
    return await session.client.agency_record(since=since, limit=limit)


def answer_report(
    result: StatusResult, me: Me | None, case_reference: str, *, created: dt.datetime | None = None
) -> bytes:
    """The printable record of one answer for the case file, as PDF bytes: the same page
    as the other reports. Blocking (fonts, shaping): run it in a worker thread."""
    # Imported here: fpdf2 and its fonts are not needed until a report is asked for.
    from desktop.core.reports import AnswerReportMeta, answer_report_pdf

    meta = AnswerReportMeta(
        clerk=me.full_name if me else "",
        agency=me.agency.name if me else "",
        case_reference=case_reference,
        created=created or dt.datetime.now(dt.UTC),
        username=me.username if me else "",
        mou=me.mou.number if me else "",
    )
    buffer = io.BytesIO()
    answer_report_pdf(result, meta, buffer)
    return buffer.getvalue()


def save_answer_report(
    result: StatusResult, me: Me | None, case_reference: str, path: str | Path
) -> Path:
    """Write the answer's record to `path`, whole or not at all (blocking)."""
    target = Path(path)
    data = answer_report(result, me, case_reference)
    with written_whole(target) as file:
        file.write(data)
    return target
