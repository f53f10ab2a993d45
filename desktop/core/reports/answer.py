"""The printable record of one status inquiry's answer, for the case file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from desktop.core import jalali, wording
from desktop.core.inquiry import StatusResult
from desktop.core.reports.page import (
    AMBER,
    FOOTER_TOP,
    GREEN,
    RED,
    Colour,
    Document,
    Fact,
    code_fact,
    moment_fact,
)
from desktop.core.reports.text import fa_number, prose

ANSWER_TITLE = ("پاسخ استعلام وضعیت بیمه‌ای", "Insurance-status inquiry answer")

_STATUS_COLOURS: Mapping[str, Colour] = {
    "insured_active": GREEN,
    "insured_inactive": AMBER,
    "not_found": RED,
}


@dataclasses.dataclass(frozen=True)
class AnswerReportMeta:
    """Who asked, for which case; everything the answer does not hold."""

    clerk: str  # full name
    agency: str  # name
    case_reference: str
    created: dt.datetime  # when the report is made (aware)
    username: str = ""
    mou: str = ""


def answer_report_pdf(
    result: StatusResult, meta: AnswerReportMeta, path: str | Path | BinaryIO
) -> int:
    """Write the record of one answer; returns its page count (one, as a rule)."""
    doc = Document(*ANSWER_TITLE, meta.created, f"پرونده {meta.case_reference}")
    doc.total_pages = 1
    doc.set_author(meta.clerk)
    doc.set_auto_page_break(True, margin=297.0 - FOOTER_TOP)
    doc.add_page()
    doc.title_block(*ANSWER_TITLE)
    doc.section("شخص", "The person")
    doc.facts(_person_facts(result))
    doc.ln(4)
    doc.section("سابقه بیمه", "Insurance record")
    doc.facts(_record_facts(result))
    doc.ln(4)
    doc.section("استعلام", "The inquiry")
    doc.facts(_inquiry_facts(result, meta))
    if doc.pages_count != doc.total_pages:  # the footer said "page 1 of 1": a bug here
        raise RuntimeError(f"{doc.pages_count} pages, 1 foreseen")
    doc.output(path)
    return doc.pages_count


def _words(table: Mapping[str, wording.Words], code: object, label_fa: str, label_en: str) -> Fact:
    found = table.get(str(code)) if code is not None else None
    return (
        Fact(label_fa, found.fa, found.en, label_en) if found else Fact(label_fa, "—", "", label_en)
    )


def _date_fact(label_fa: str, value: dt.date | None, label_en: str) -> Fact:
    if value is None:
        return Fact(label_fa, "—", "", label_en)
    return Fact(label_fa, jalali.format_date(value), value.isoformat(), label_en)


def _person_facts(r: StatusResult) -> list[Fact]:
    name = " ".join(p for p in (r.first_name, r.last_name) if p)
    status = _words(wording.STATUS, r.status, "وضعیت بیمه‌ای", "Status")
    status = dataclasses.replace(status, colour=_STATUS_COLOURS.get(str(r.status), status.colour))
    return [
        code_fact("کد ملی", r.national_id, "National ID"),
        Fact("نام و نام خانوادگی", prose(name) or "—", "", "Name"),
        Fact("نام پدر", prose(r.father_name or "") or "—", "", "Father's name"),
        _date_fact("تاریخ تولد", r.birth_date, "Date of birth"),
        _words(wording.GENDER, r.gender, "جنسیت", "Gender"),
        status,
    ]


def _record_facts(r: StatusResult) -> list[Fact]:
    record = r.total_record
    month = r.last_contribution_month
    facts = [
        code_fact("شماره بیمه", r.insurance_number or "—", "Insurance number"),
        _words(wording.INSURANCE_KIND, r.insurance_kind, "نوع بیمه", "Insurance kind"),
        Fact(
            "آخرین ماه پرداخت",
            jalali.format_year_month(month) if month else "—",
            jalali.format_year_month(month, persian_digits=False) if month else "",
            "Last contribution month",
        ),
        Fact(
            "سابقه کل",
            fa_number(f"{record.years} سال، {record.months} ماه، {record.days} روز")
            if record
            else "—",
            f"{record.years} yr, {record.months} mo, {record.days} d" if record else "",
            "Total record",
        ),
    ]
    if r.workshop:
        facts.append(Fact("کارگاه", prose(r.workshop.name), "", "Workshop"))
        facts.append(code_fact("شناسه کارگاه", r.workshop.id, "Workshop ID"))
    if r.branch:
        facts.append(Fact("شعبه", f"{prose(r.branch.name)} ({r.branch.code})", "", "Branch"))
    if r.pension_kind:
        facts.append(_words(wording.PENSION_KIND, r.pension_kind, "نوع مستمری", "Pension kind"))
    return facts


def _inquiry_facts(r: StatusResult, meta: AnswerReportMeta) -> list[Fact]:
    clerk = prose(meta.clerk) + (f" ({meta.username})" if meta.username else "")
    return [
        code_fact("شماره پرونده", meta.case_reference or "—", "Case reference"),
        Fact("دستگاه", prose(meta.agency) or "—", "", "Agency"),
        Fact("کاربر", clerk or "—", "", "Clerk"),
        code_fact("تفاهم‌نامه", meta.mou or "—", "MoU"),
        moment_fact("وضعیت در زمان", r.as_of, "Status as of"),
        moment_fact("زمان پاسخ", r.answered_at, "Answered at"),
        code_fact("شناسه استعلام", r.inquiry_id, "Inquiry ID"),
        moment_fact("تاریخ گزارش", meta.created, "Created"),
    ]
