"""A period of the audit trail for a supervisor, as a spreadsheet or a printable PDF.

Each line: when, who, what kind of look-up, the case, the person (national ID masked,
and the name while the details are still kept; otherwise a note that retention purged
them), the outcome and the server's reference, and at the head or foot the trail's own
check, so the reader knows whether the log the lines came from is intact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO

from desktop.core import jalali, wording, xlsx_writer
from desktop.core.audit import AuditLog, ChainReport, Entry, Kind, Protection, mask
from desktop.core.digits import to_persian_digits
from desktop.core.export import neutralise
from desktop.core.files import written_whole

SHEET_TITLE = "دفتر استعلام‌ها"
PURGED = wording.Words("حذف‌شده (مدت نگهداری)", "purged (retention)")
UNFAITHFUL = wording.Words("⚠ با دفتر نمی‌خواند", "⚠ does not match the trail")

_CHAIN = {
    "ok": wording.Words("سالم: %1 رکورد", "intact: %1 records"),
    "broken": wording.Words("شکسته در رکورد %1 (%2)", "broken at record %1 (%2)"),
}
_PROBLEM = {
    "edited": wording.Words("دست‌کاری شده", "edited"),
    "missing": wording.Words("حذف شده", "missing"),
    "reordered": wording.Words("جابه‌جا شده", "reordered"),
    "inserted": wording.Words("افزوده شده", "inserted"),
    "truncated": wording.Words("رکوردهای آخر حذف شده", "newest records removed"),
    "rolled-back": wording.Words("نسخهٔ قدیمی‌تر دفتر جایگزین شده", "an older copy put back"),
    "no-anchor": wording.Words("نشانگر انتهای دفتر گم شده", "head anchor missing"),
    "forged-anchor": wording.Words("نشانگر انتهای دفتر دست‌کاری شده", "head anchor changed"),
    "no-key": wording.Words("کلید مهر دفتر در جاکلیدی نیست", "seal key missing from the keyring"),
}
_UNSEALED = wording.Words(
    "بی‌مهر: جاکلیدی در دسترس نیست و حذف رکوردهای آخر دیده نمی‌شود",
    "unsealed: no keyring, so removal of the newest records goes unseen",
)


def chain_text(report: ChainReport, language: str) -> str:
    """The trail's check in a few words of one language."""
    digits = to_persian_digits if language == "fa" else str
    if report.ok:
        text = _CHAIN["ok"].in_(language).replace("%1", digits(f"{report.count:,}"))
        if report.protection is Protection.UNSEALED:
            text += (" — " if language != "fa" else "؛ ") + _UNSEALED.in_(language)
        return text
    problem = wording.word(_PROBLEM, report.problem.value if report.problem else "", language)
    text = _CHAIN["broken"].in_(language).replace("%1", digits(str(report.first_bad)))
    return text.replace("%2", problem)


_COUNTS = {
    "pending": wording.Words("%1 ردیف برای پرسش", "%1 rows to ask"),
    "finished": wording.Words("%1: %2 پاسخ، %3 ناموفق", "%1: %2 answered, %3 failed"),
}
_PURPOSE = wording.Words("به استناد تفاهم‌نامه %1: %2", "Under MoU %1: %2")
_FINISHED = re.compile(r"(?P<state>[a-z]+)(?::[a-z-]+)? answered:(?P<ok>\d+) failed:(?P<bad>\d+)")


def outcome_text(code: str, language: str) -> str:
    """A record's outcome code in words: a status, a verdict, a failure, a bulk run's
    counts; a code this version does not know is said to be a failure or shown as it is."""
    digits = to_persian_digits if language == "fa" else str
    if code.startswith("error:"):
        failure = wording.FAILURE.get(code.removeprefix("error:"))
        return (failure or wording.OUTCOME["failed"]).in_(language)
    for table in (wording.STATUS, wording.VERDICT, wording.AUDIT_KIND):
        if code in table:
            return table[code].in_(language)
    if code.startswith("pending:"):
        return _COUNTS["pending"].in_(language).replace("%1", digits(code.partition(":")[2]))
    if finished := _FINISHED.fullmatch(code):
        state = wording.word(wording.RUN_STATE, finished["state"], language)
        return (
            _COUNTS["finished"]
            .in_(language)
            .replace("%1", state)
            .replace("%2", digits(finished["ok"]))
            .replace("%3", digits(finished["bad"]))
        )
    return code or "—"


def purpose_text(purpose: str, language: str, code: Callable[[str], str] = str) -> str:
    """A record's purpose in words: the MoU a look-up was made under (its number passed
    through ``code``, e.g. to keep it left to right), or the purpose given, as it is."""
    mou, sep, kind = purpose.rpartition(": ")
    if sep and mou.startswith("MoU ") and kind in wording.AUDIT_KIND:
        text = _PURPOSE.in_(language).replace("%1", code(mou.removeprefix("MoU ")))
        return text.replace("%2", wording.AUDIT_KIND[kind].in_(language))
    return wording.word(wording.AUDIT_KIND, purpose, language, "")


def person_text(entry: Entry, language: str, unfaithful: frozenset[int] = frozenset()) -> str:
    """The national ID masked while the details are kept; after retention, a note; for a
    record whose details no longer match its chained digests, a warning instead."""
    if entry.seq in unfaithful:
        return UNFAITHFUL.in_(language)
    if entry.national_id:
        return mask(entry.national_id)
    return PURGED.in_(language) if entry.subject else ""


def name_in(details: Mapping[str, Any] | None) -> str:
    """The person's name from kept details (an answer, or a certificate's claims)."""
    if not details:
        return ""
    answer = details.get("answer") or {}
    source = answer.get("claims") or answer
    return " ".join(str(source.get(k) or "") for k in ("first_name", "last_name")).strip()


@dataclasses.dataclass(frozen=True)
class Period:
    """Days as the clerk chose them (Jalali on screen), both ends included."""

    first: dt.date | None = None
    last: dt.date | None = None

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """Local midnight of the first day, and of the day after the last (exclusive)."""
        since = _midnight(self.first) if self.first else None
        until = _midnight(self.last + dt.timedelta(days=1)) if self.last else None
        return since, until

    def text(self, language: str) -> str:
        persian = language == "fa"
        first = jalali.format_date(self.first, persian_digits=persian) if self.first else "…"
        last = jalali.format_date(self.last, persian_digits=persian) if self.last else "…"
        return f"{first} {'تا' if persian else 'to'} {last}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()


_COLUMNS: tuple[tuple[str, bool, float], ...] = (
    ("ردیف دفتر", False, 9),
    ("زمان", False, 17),
    ("زمان (UTC)", True, 20),
    ("کاربر", True, 14),
    ("دستگاه", True, 10),
    ("نوع", False, 22),
    ("شماره پرونده", True, 16),
    ("هدف", False, 24),
    ("کد ملی", True, 14),
    ("نام", False, 20),
    ("نتیجه", False, 28),
    ("مرجع سامانه", True, 22),
    ("چکیده پاسخ (SHA-256)", True, 20),
)


def export_history(
    log: AuditLog,
    path: str | PathLike[str],
    entries: Sequence[Entry],
    period: Period,
    *,
    agency: str,
    clerk: str,
    created: dt.datetime | None = None,
    chain: ChainReport | None = None,
    unfaithful: frozenset[int] = frozenset(),
) -> Path:
    """Write the entries (a search's results) to .xlsx or .pdf; blocking, off the GUI.
    `chain` is the trail's check (made here when not given); the records in
    `unfaithful` (details not matching the chain) are marked so, not shown as kept."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise ValueError(f"cannot export to {target.name}: use .xlsx or .pdf")
    chain = chain or log.check()
    details = {e.seq: log.details(e.seq) for e in entries if e.has_details}
    with written_whole(target) as file:  # never half a file where the supervisor expects one
        if suffix == ".xlsx":
            _xlsx(file, entries, details, period, chain, unfaithful)
        else:
            _pdf(file, entries, period, chain, agency, clerk, created, unfaithful)
    return target


def _xlsx(
    path: BinaryIO,
    entries: Sequence[Entry],
    details: Mapping[int, dict[str, Any] | None],
    period: Period,
    chain: ChainReport,
    unfaithful: frozenset[int],
) -> None:
    lines = (
        [
            str(e.seq),
            jalali.format_datetime(e.at, persian_digits=False, seconds=True),
            e.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            neutralise(e.clerk),
            e.agency,
            wording.word(wording.AUDIT_KIND, e.kind.value, "fa"),
            neutralise(e.case_reference),
            neutralise(purpose_text(e.purpose, "fa")),
            person_text(e, "fa", unfaithful),
            neutralise(name_in(details.get(e.seq))) if e.seq not in unfaithful else "",
            outcome_text(e.outcome, "fa"),
            e.server_ref,
            e.result_digest,
        ]
        for e in entries
    )
    foot = [
        [],
        ["دوره", period.text("fa")],
        ["زنجیره دفتر", chain_text(chain, "fa"), chain.sentence()],
    ]
    xlsx_writer.write_sheet(
        path,
        itertools.chain([[c for c, _, _ in _COLUMNS]], lines, foot),
        sheet_name=SHEET_TITLE,
        styles=[xlsx_writer.TEXT if code else xlsx_writer.PLAIN for _, code, _ in _COLUMNS],
        right_to_left=True,
        widths=[w for _, _, w in _COLUMNS],
    )


def _pdf(
    path: BinaryIO,
    entries: Sequence[Entry],
    period: Period,
    chain: ChainReport,
    agency: str,
    clerk: str,
    created: dt.datetime | None,
    unfaithful: frozenset[int],
) -> None:
    # Imported here: fpdf2 and its fonts are not needed until a report is asked for.
    from desktop.core import reports

    lookups = [e for e in entries if e.kind in (Kind.INQUIRY, Kind.BATCH_ROW, Kind.REDEEM)]
    summary = [
        ("استعلام و دریافت گواهی", len(lookups)),
        ("پاسخ‌داده", sum(1 for e in lookups if not e.outcome.startswith("error:"))),
        ("بررسی آفلاین", sum(1 for e in entries if e.kind is Kind.VERIFY)),
    ]
    meta = reports.AuditReportMeta(
        agency=agency,
        clerk=clerk,
        period_fa=period.text("fa"),
        period_en=period.text("en"),
        chain_fa=chain_text(chain, "fa"),
        chain_en=chain_text(chain, "en"),
        chain_ok=chain.ok,
        created=created or dt.datetime.now(dt.UTC),
        summary=[(label, n) for label, n in summary if n],
    )
    rows = [
        reports.AuditReportRow(
            seq=e.seq,
            at=e.at,
            clerk=e.clerk,
            kind_fa=wording.word(wording.AUDIT_KIND, e.kind.value, "fa"),
            case_reference=e.case_reference,
            national_id=person_text(e, "fa", unfaithful),
            outcome_fa=outcome_text(e.outcome, "fa"),
            reference=e.server_ref,
        )
        for e in entries
    ]
    reports.audit_report_pdf(meta, rows, path)
