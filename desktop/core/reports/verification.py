"""The printable report of one certificate's verification."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from desktop.core import wording
from desktop.core.certificates import CheckOutcome, Verdict, Verification
from desktop.core.certificates.trust import TEST
from desktop.core.reports.page import (
    AMBER,
    FOOTER_TOP,
    GREEN,
    GREY,
    INK,
    RED,
    SHADE,
    Colour,
    Document,
    Fact,
    code_fact,
    moment_fact,
)
from desktop.core.reports.text import RTL, en_duration, fa_duration, fa_number, prose

VERIFICATION_TITLE = ("گزارش بررسی اصالت گواهی وضعیت بیمه‌ای", "Certificate verification report")

CHECK_COLOURS: Mapping[CheckOutcome, Colour] = {
    CheckOutcome.PASS: GREEN,
    CheckOutcome.FAIL: RED,
    CheckOutcome.UNKNOWN: AMBER,
    CheckOutcome.SKIPPED: GREY,
}


def verdict_colour(verdict: Verdict) -> Colour:
    if verdict is Verdict.VALID:
        return GREEN
    return AMBER if verdict.is_amber else RED


@dataclasses.dataclass(frozen=True)
class VerificationReportMeta:
    """Who made the check and about what; everything the Verification does not hold."""

    clerk: str  # full name
    agency: str  # name
    sha256: str  # of the certificate file
    created: dt.datetime  # when the report is made (aware)
    username: str = ""
    agency_id: str = ""
    tracking_code: str | None = None  # when the certificate was redeemed by code
    # How the certificate came: "fetched by tracking code from https://..." or a file name.
    source: str | None = None


def verification_report_pdf(
    verification: Verification, meta: VerificationReportMeta, path: str | Path | BinaryIO
) -> int:
    """Write the report of one certificate's verification; returns its page count."""
    # Drawn twice: the first pass only counts the pages for the footers ("page 1 of 2").
    pages = _verification_document(verification, meta, None).pages_count
    document = _verification_document(verification, meta, pages)
    document.output(str(path))
    return pages


def _verification_document(
    verification: Verification, meta: VerificationReportMeta, total: int | None
) -> Document:
    doc = Document(*VERIFICATION_TITLE, meta.created)
    doc.total_pages = total
    doc.set_author(meta.clerk)
    doc.set_auto_page_break(True, margin=297.0 - FOOTER_TOP)
    doc.add_page()
    doc.title_block(*VERIFICATION_TITLE)
    _verdict_box(doc, verification)
    doc.ln(4)
    doc.section("گواهی", "Certificate")
    doc.facts(_certificate_facts(verification, meta))
    if verification.kind == "image":
        _not_checked(doc)
    doc.ln(4)
    doc.section("بررسی", "The check")
    doc.facts(_check_facts(verification, meta))
    doc.ln(4)
    doc.section("بررسی‌ها به ترتیب", "Checks, in order")
    _checks_table(doc, verification)
    return doc


def _verdict_box(doc: Document, verification: Verification) -> None:
    colour = verdict_colour(verification.verdict)
    fa, en = wording.verdict_words(verification.verdict, verification.kind)
    reason = verification.reason
    deciding = verification.deciding
    said = wording.check_reason(deciding.name, deciding.outcome) if deciding else None
    top = doc.get_y()
    reason_lines = doc.lines_needed(doc.epw - 8, reason) if reason else 0
    reason_lines += 1 if said else 0
    height = 18 + 4.5 * reason_lines + (1 if reason else 0)
    doc.set_draw_color(*colour)
    doc.set_fill_color(*(255 - (255 - c) // 9 for c in colour))
    doc.set_line_width(0.6)
    doc.rect(doc.l_margin, top, doc.epw, height, style="DF")
    doc.set_xy(doc.l_margin + 4, top + 2.5)
    doc.style(13.5, bold=True, colour=colour)
    doc.put(doc.epw - 8, 8, fa, align="R", next_line=True)
    doc.set_x(doc.l_margin + 4)
    doc.style(10.5, bold=True, colour=colour)
    doc.put(doc.epw - 8, 6, f"{verification.verdict.value} — {en}", align="L", next_line=True)
    if said:  # the reason in the clerk's words; the verifier's own detail below it
        doc.set_x(doc.l_margin + 4)
        doc.style(9, colour=INK)
        doc.put(doc.epw - 8, 4.5, f"دلیل: {said.fa}", align="R", next_line=True)
    if reason:
        doc.set_x(doc.l_margin + 4)
        doc.style(8.5, colour=INK)
        doc.paragraph(doc.epw - 8, 4.5, f"Reason: {reason}")
    doc.set_y(top + height)


def _certificate_facts(verification: Verification, meta: VerificationReportMeta) -> list[Fact]:
    claims = verification.claims
    if claims is None:
        # Nothing the file says was proven; showing its text would lend it weight.
        facts = [Fact("محتوا", "اثبات نشد؛ نمایش داده نمی‌شود", "not proven; not shown", "Content")]
    else:
        name = prose(" ".join(str(claims[k]) for k in ("first_name", "last_name") if claims.get(k)))
        status_fa, status_en = wording.STATUS.get(
            str(claims.get("status")), wording.Words("—", "—")
        )
        # A scan's QR code carries no name (see _not_checked): no row rather than a blank.
        named = [] if verification.kind == "image" else [Fact("نام", name or "—", "", "Name")]
        facts = [
            code_fact("شماره سریال", str(claims.get("serial") or "—"), "Serial"),
            code_fact("کد ملی", str(claims.get("national_id") or "—"), "National ID"),
            *named,
            Fact("وضعیت بیمه‌ای", status_fa, status_en, "Status"),
            moment_fact("زمان صدور", _time(claims.get("issued_at")), "Issued"),
            moment_fact("معتبر تا", _time(claims.get("expires_at")), "Valid until"),
        ]
    facts.append(code_fact("اثر SHA-256 فایل", meta.sha256, "SHA-256 of the file", size=8))
    if meta.tracking_code:
        facts.append(code_fact("کد رهگیری", meta.tracking_code, "Tracking code"))
    if meta.source:
        facts.append(code_fact("منبع", meta.source, "Source", size=8.5))
    return facts


def _not_checked(doc: Document) -> None:
    """What a scan's check could not cover: the clerk compares the page by hand."""
    doc.ln(3)
    doc.section("بررسی نشد (تصویر اسکن تنها کد QR را اثبات می‌کند)", "Not checked (a scan)")
    for words in wording.SCAN_NOT_CHECKED.values():
        doc.style(9.5, colour=AMBER)
        doc.paragraph(doc.epw, 5.5, f"• {words.fa}", align="R")
        doc.style(8.5, colour=GREY)
        doc.paragraph(doc.epw, 4.5, words.en, align="L")


def _check_facts(verification: Verification, meta: VerificationReportMeta) -> list[Fact]:
    clerk = prose(meta.clerk) + (f" ({meta.username})" if meta.username else "")
    agency = prose(meta.agency) + (f" ({meta.agency_id})" if meta.agency_id else "")
    test = verification.profile == TEST
    profile = Fact(
        "نمایه اعتماد",
        "آزمایشی — فقط برای آزمون" if test else "تولید (سازمان تأمین اجتماعی)",
        f"{verification.profile}" + (" — testing only" if test else ""),
        "Trust profile",
        colour=RED if test else INK,
    )
    return [
        moment_fact("زمان بررسی", verification.checked_at, "Checked at"),
        Fact("بررسی‌کننده", clerk, "", "Checked by"),
        Fact("دستگاه", agency, "", "Agency"),
        profile,
        _revocation_fact(verification),
        moment_fact("دریافت فهرست ابطال", verification.revocation.fetched_at, "List fetched"),
    ]


def _revocation_fact(verification: Verification) -> Fact:
    state = verification.revocation
    if not state.available or state.age_seconds is None or state.this_update is None:
        return Fact(
            "فهرست ابطال",
            "در دسترس نیست؛ ابطال بررسی نشد",
            "none: revocation not checked",
            "Revocation list",
            colour=AMBER,
        )
    age = dt.timedelta(seconds=state.age_seconds)
    fa = f"صادرشده {fa_duration(age)} پیش" + ("" if state.fresh else " — قدیمی")
    en = f"{en_duration(age)} old" + ("" if state.fresh else " — STALE")
    return Fact("فهرست ابطال", fa, en, "Revocation list", colour=INK if state.fresh else AMBER)


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


# The checks table, right to left: number, Persian check and outcome, then the English
# outcome and check, and the detail (English, from the verifier) in the rest.
_CHECK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("#", 7.0),
    ("بررسی", 47.0),
    ("نتیجه", 17.0),
    ("Result", 15.0),
    ("Check", 46.0),
    ("Detail", 0.0),
)
_CHECK_LINE_H = 3.8


def _check_widths(doc: Document) -> list[float]:
    fixed = sum(w for _, w in _CHECK_COLUMNS)
    return [w or doc.epw - fixed for _, w in _CHECK_COLUMNS]


def _checks_header(doc: Document, widths: list[float]) -> None:
    doc.set_fill_color(228, 232, 240)
    doc.set_x(doc.l_margin)
    for (name, _), width in reversed(list(zip(_CHECK_COLUMNS, widths, strict=True))):
        persian = RTL.search(name) is not None
        doc.style(8.5 if persian else 7.5, bold=persian, colour=GREY)
        doc.put(width, 6, name, align="R" if persian else "L", fill=True)
    doc.ln(6)


def _checks_table(doc: Document, verification: Verification) -> None:
    widths = _check_widths(doc)
    no_w, fa_w, outcome_fa_w, outcome_en_w, en_w, detail_w = widths
    _checks_header(doc, widths)
    for number, check in enumerate(verification.checks, 1):
        fa, en = wording.CHECK.get(check.name, wording.Words(check.name, check.name))
        outcome_fa, outcome_en = wording.CHECK_OUTCOME[check.outcome]
        colour = CHECK_COLOURS[check.outcome]
        # The English check and the detail wrap; everything else is one line.
        doc.style(8)
        en_lines = doc.lines_needed(en_w, en)
        doc.style(7.5)
        detail_lines = doc.lines_needed(detail_w, check.detail) if check.detail else 1
        height = max(6.0, max(en_lines, detail_lines) * _CHECK_LINE_H + 2)
        if doc.get_y() + height > FOOTER_TOP:
            doc.add_page()
            _checks_header(doc, widths)
        top = doc.get_y()
        if number % 2 == 0:
            doc.set_fill_color(*SHADE)
            doc.rect(doc.l_margin, top, doc.epw, height, style="F")
        x = doc.l_margin
        doc.style(7.5, colour=GREY)
        doc.set_xy(x, top + 1)
        doc.paragraph(detail_w, _CHECK_LINE_H, check.detail)
        x += detail_w
        doc.style(8)
        doc.set_xy(x, top + (height - en_lines * _CHECK_LINE_H) / 2)
        doc.paragraph(en_w, _CHECK_LINE_H, en)
        x += en_w
        doc.set_xy(x, top)
        doc.style(8, bold=True, colour=colour)
        doc.put(outcome_en_w, height, outcome_en, align="L")
        doc.style(8.5, bold=True, colour=colour)
        doc.put(outcome_fa_w, height, outcome_fa, align="R")
        doc.style(9)
        doc.put(fa_w, height, fa, align="R")
        doc.style(8.5, colour=GREY)
        doc.put(no_w, height, fa_number(number), align="C")
        doc.rule(top + height)
        doc.set_xy(doc.l_margin, top + height)
