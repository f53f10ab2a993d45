"""The printable report of a period of the audit trail, for a supervisor."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from desktop.core import jalali
from desktop.core.digits import to_persian_digits
from desktop.core.reports.page import (
    GREEN,
    GREY,
    RED,
    ROW_H,
    SHADE,
    Document,
    Fact,
    ReportHead,
    moment_fact,
    table_report,
)
from desktop.core.reports.text import fa_number, local_time, prose

AUDIT_TITLE = ("گزارش دفتر استعلام‌ها", "Inquiry log report")


@dataclasses.dataclass(frozen=True)
class AuditReportMeta:
    agency: str
    clerk: str  # who made the report
    period_fa: str  # e.g. "۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۰۹"
    period_en: str
    chain_fa: str  # the trail's check, in one sentence
    chain_en: str
    chain_ok: bool
    created: dt.datetime  # aware
    summary: Sequence[tuple[str, int]] = ()


@dataclasses.dataclass(frozen=True)
class AuditReportRow:
    seq: int
    at: dt.datetime
    clerk: str
    kind_fa: str
    case_reference: str
    national_id: str  # masked, or a note that the details were purged
    outcome_fa: str
    reference: str


# Columns of the audit table, right to left.
_AUDIT_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("ردیف", "Seq", 10.0),
    ("زمان", "Time", 24.0),
    ("کاربر", "Clerk", 22.0),
    ("نوع", "Kind", 22.0),
    ("شماره پرونده", "Case", 22.0),
    ("کد ملی", "National ID", 21.0),
    ("نتیجه", "Outcome", 0.0),
    ("مرجع سامانه", "Reference", 28.0),
)


def audit_report_pdf(
    meta: AuditReportMeta, rows: Sequence[AuditReportRow], path: str | Path | BinaryIO
) -> int:
    """A period of the audit trail for a supervisor; returns its page count."""
    facts = [
        Fact("دستگاه", prose(meta.agency), "", "Agency"),
        Fact("تهیه‌کننده", prose(meta.clerk), "", "Prepared by"),
        Fact("دوره", meta.period_fa, meta.period_en, "Period"),
        moment_fact("تاریخ گزارش", meta.created, "Created"),
        Fact(
            "زنجیره دفتر",
            meta.chain_fa,
            meta.chain_en,
            "Audit chain",
            colour=GREEN if meta.chain_ok else RED,
            size=8,
        ),
        Fact("تعداد ردیف‌ها", fa_number(len(rows)), str(len(rows)), "Records"),
    ]
    head = ReportHead(meta.created, prose(meta.agency), meta.clerk, facts, meta.summary)
    return table_report(path, AUDIT_TITLE, head, _AUDIT_COLUMNS, rows, _audit_row)


def _audit_row(doc: Document, widths: list[float], item: AuditReportRow, shade: bool) -> None:
    seq_w, at_w, clerk_w, kind_w, case_w, id_w, outcome_w, ref_w = widths
    doc.set_fill_color(*SHADE)
    doc.set_x(doc.l_margin)
    doc.style(7, colour=GREY)
    doc.put(ref_w, ROW_H, item.reference, align="C", fill=shade)
    doc.style(8)
    doc.put(outcome_w, ROW_H, prose(item.outcome_fa), align="R", fill=shade)
    doc.put(id_w, ROW_H, item.national_id, align="C", fill=shade)
    doc.put(case_w, ROW_H, item.case_reference, align="C", fill=shade)
    doc.put(kind_w, ROW_H, prose(item.kind_fa), align="R", fill=shade)
    doc.put(clerk_w, ROW_H, item.clerk, align="C", fill=shade)
    local = local_time(item.at)
    moment = f"{jalali.format_date(local)} {to_persian_digits(local.strftime('%H:%M'))}"
    doc.put(at_w, ROW_H, moment, align="C", fill=shade)
    doc.style(8, colour=GREY)
    doc.put(seq_w, ROW_H, fa_number(item.seq), align="C", fill=shade, next_line=True)
