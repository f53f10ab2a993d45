"""Printable PDF reports: one certificate's verification, and a batch of inquiries.

Both are A4, Persian first with English beside it, Jalali dates with the Gregorian
ones, made with fpdf2, HarfBuzz shaping (uharfbuzz) and the bundled Vazirmatn. One page
class, ``_Document``, sets up fonts, shaping, the running header and the footer
("صفحه ۱ از ۳") for both; the two builders only lay out their content.

Numbers that are prose (counts, row and page numbers, Jalali dates) are written in
Persian digits; codes (serials, national IDs, hashes) stay in Latin digits, left to
right, so they can be compared with what other systems print and searched for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from desktop import APP_NAME, __version__
from desktop.core import jalali, wording
from desktop.core.certificates import Outcome, Verdict, Verification
from desktop.core.certificates.trust import TEST
from desktop.core.digits import to_persian_digits
from desktop.core.paths import resource_path

FONT = "Vazirmatn"
MARGIN = 14.0  # mm, left and right
TOP = 10.0
HEADER_BOTTOM = 22.0  # where a page's content starts
FOOTER_TOP = 297.0 - 18.0  # where it must end
ELLIPSIS = "…"
VERIFICATION_TITLE = ("گزارش بررسی اصالت گواهی وضعیت بیمه‌ای", "Certificate verification report")
BATCH_TITLE = ("گزارش استعلام گروهی وضعیت بیمه‌ای", "Batch insurance-status inquiry report")

# Characters of right-to-left scripts; text without any needs no shaping and no bidi
# pass, which makes such cells several times cheaper (it counts in a 10,000-row table).
_RTL = re.compile(r"[\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")

Colour = tuple[int, int, int]
GREEN: Colour = (30, 120, 60)
AMBER: Colour = (170, 110, 0)
RED: Colour = (180, 40, 30)
GREY: Colour = (95, 95, 95)
INK: Colour = (20, 20, 20)
RULE: Colour = (190, 190, 190)
SHADE: Colour = (244, 246, 250)


def fa_number(value: object) -> str:
    return to_persian_digits(str(value))


def prose(text: str) -> str:
    """Persian text gets Persian digits ("شعبه 12" -> "شعبه ۱۲"); Latin text and codes
    keep theirs. Only for values that are prose through and through (names, labels)."""
    return to_persian_digits(text) if _RTL.search(text) else text


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime: {moment!r}")
    return moment.astimezone()


def fa_moment(moment: dt.datetime) -> str:
    """'۱۴۰۵/۰۹/۰۴ ساعت ۱۱:۴۲' in the machine's local time."""
    local = _local(moment)
    return f"{jalali.format_date(local)} ساعت {to_persian_digits(local.strftime('%H:%M'))}"


def en_moment(moment: dt.datetime) -> str:
    """'2026-11-25 11:42 (UTC+03:30)': local time, with its offset, as a record needs."""
    local = _local(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def fa_duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "کمتر از یک ساعت"
    if hours < 48:
        return f"{fa_number(int(hours))} ساعت"
    return f"{fa_number(int(hours // 24))} روز"


def en_duration(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "less than an hour"
    if hours < 48:
        return f"{int(hours)} hours"
    return f"{int(hours // 24)} days"


# -- the page ----------------------------------------------------------------------------


class _Document(FPDF):
    """A4 portrait in Vazirmatn with shaping; a running header and a numbered footer.

    ``total_pages`` must be known before the first footer is drawn (when the second page
    starts, or at output): fpdf2's own page-count alias is replaced with Latin digits.
    """

    def __init__(self, title_fa: str, title_en: str, created: dt.datetime, note: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.title_fa, self.title_en, self.note = title_fa, title_en, note
        self.created = created
        self.total_pages: int | None = None
        self.set_margins(MARGIN, HEADER_BOTTOM, MARGIN)
        self.alias_nb_pages(None)
        fonts = resource_path("fonts")
        self.add_font(FONT, "", str(fonts / "Vazirmatn-Regular.ttf"))
        self.add_font(FONT, "B", str(fonts / "Vazirmatn-Bold.ttf"))
        # HarfBuzz joins the letters; fpdf2's bidi pass orders mixed Persian and Latin.
        self.set_text_shaping(use_shaping_engine=True)
        self._shaping = self.text_shaping
        self.set_creation_date(created)
        self.set_creator(f"{APP_NAME} {__version__}")
        self.set_title(title_en)
        self.set_lang("fa")

    # drawing text --------------------------------------------------------------------

    def style(self, size: float, *, bold: bool = False, colour: Colour = INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    @contextmanager
    def _shaped(self, text: str) -> Iterator[None]:
        """Shaping on only for text with right-to-left letters (see _RTL)."""
        self.text_shaping = self._shaping if _RTL.search(text) else None
        try:
            yield
        finally:
            self.text_shaping = self._shaping

    def width_of(self, text: str) -> float:
        with self._shaped(text):
            return self.get_string_width(text)

    def _rough_width(self, text: str) -> float:
        """The sum of the letters' own widths: cheap, and an upper bound for real text.

        Joined Persian letters are narrower than the sum of their isolated forms (real
        names and labels measure 0.6 to 0.95 of it; a run of medial heh, 1.16).
        """
        widths = self.current_font.cw  # per code point, in thousandths of the em
        return sum(widths[ord(c)] for c in text) * self.font_size_pt / 1000 / self.k

    def fit(self, text: str, width: float) -> str:
        """The text, cut with an ellipsis where it would run past ``width``."""
        room = width - 2 * self.c_margin
        rough = self._rough_width(text)
        # Shaping just to measure costs as much as drawing; most cells clearly fit.
        if rough * 1.25 <= room or (rough * 0.55 <= room and self.width_of(text) <= room):
            return text
        # Too long. Guess the cut from the rough widths, scaled by how this text actually
        # shapes, then check it; a second guess or a search only when the first is off.
        ratio = self.width_of(text) / rough if rough else 1.0
        for scale in (ratio, 1.0):
            cut = self._longest_prefix(text, room / scale)
            if self.width_of(cut) <= room:
                return cut
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width_of(text[:mid].rstrip() + ELLIPSIS) <= room:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + ELLIPSIS

    def _longest_prefix(self, text: str, rough_room: float) -> str:
        """The longest prefix, with an ellipsis, whose rough width is within the room."""
        widths = self.current_font.cw
        scale = self.font_size_pt / 1000 / self.k
        used = widths[ord(ELLIPSIS)] * scale
        end = len(text)
        for i, char in enumerate(text):
            used += widths[ord(char)] * scale
            if used > rough_room:
                end = i
                break
        return text[:end].rstrip() + ELLIPSIS

    def put(
        self,
        width: float,
        height: float,
        text: str,
        align: str = "R",
        *,
        fill: bool = False,
        next_line: bool = False,
    ) -> None:
        """One line in one cell, never spilling into its neighbour."""
        text = self.fit(text, width) if text else text
        with self._shaped(text):
            self.cell(
                width,
                height,
                text,
                align=align,
                fill=fill,
                new_x=XPos.LMARGIN if next_line else XPos.RIGHT,
                new_y=YPos.NEXT if next_line else YPos.TOP,
            )

    def paragraph(self, width: float, height: float, text: str, align: str = "L") -> None:
        """Wrapped text from the cursor; the cursor ends below it at the left margin."""
        with self._shaped(text):
            self.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def lines_needed(self, width: float, text: str) -> int:
        with self._shaped(text):
            return max(1, len(self.multi_cell(width, 4, text, dry_run=True, output="LINES")))

    def rule(self, y: float) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    # header and footer ----------------------------------------------------------------

    def header(self) -> None:
        self.set_y(TOP)
        half = self.epw / 2
        self.style(8.5, colour=GREY)
        self.put(half, 5, f"{APP_NAME} · {self.title_en}", align="L")
        self.style(10.5, bold=True)
        self.put(half, 5, self.title_fa, align="R", next_line=True)
        if self.note:
            self.style(8, colour=GREY)
            self.put(self.epw, 4.5, self.note, align="R", next_line=True)
        self.rule(HEADER_BOTTOM - 2)
        self.set_y(HEADER_BOTTOM)

    def footer(self) -> None:
        top = FOOTER_TOP + 2
        self.rule(top)
        number, total = self.page_no(), self.total_pages
        third = self.epw / 3
        self.set_xy(self.l_margin, top + 1)
        self.style(8, colour=GREY)
        self.put(third, 4.2, f"Page {number}" + (f" of {total}" if total else ""), align="L")
        self.put(third, 4.2, f"{APP_NAME} {__version__}", align="C")
        self.style(8.5, bold=True, colour=GREY)
        fa = f"صفحه {fa_number(number)}" + (f" از {fa_number(total)}" if total else "")
        self.put(third, 4.2, fa, align="R", next_line=True)
        half = self.epw / 2
        self.style(7.5, colour=GREY)
        self.put(half, 4.2, f"Created {en_moment(self.created)}", align="L")
        self.put(half, 4.2, f"ساخته‌شده در {fa_moment(self.created)}", align="R")

    # shared blocks -------------------------------------------------------------------

    def title_block(self, title_fa: str, title_en: str) -> None:
        self.style(16, bold=True)
        self.put(self.epw, 9, title_fa, align="C", next_line=True)
        self.style(10.5, colour=GREY)
        self.put(self.epw, 6, title_en, align="C", next_line=True)
        self.ln(3)

    def facts(self, rows: Sequence[Fact], *, label_w: float = 34.0) -> None:
        """Four columns: English label | English value | Persian value | Persian label.

        A fact with only one value (a code, a name) gets both value columns, so long
        values such as a SHA-256 fit on one line.
        """
        value_w = (self.epw - 2 * label_w) / 2
        height = 6.8
        for i, fact in enumerate(rows):
            fill = i % 2 == 0
            self.set_fill_color(*SHADE)
            self.set_x(self.l_margin)
            self.style(8, colour=GREY)
            self.put(label_w, height, fact.label_en, align="L", fill=fill)
            self.style(fact.size or 9.5, colour=fact.colour)
            if fact.value_en and fact.value_fa:
                self.put(value_w, height, fact.value_en, align="L", fill=fill)
                self.put(value_w, height, fact.value_fa, align="R", fill=fill)
            else:
                value = fact.value_fa or fact.value_en
                self.put(2 * value_w, height, value, align="C" if fact.code else "R", fill=fill)
            self.style(9, bold=True, colour=GREY)
            self.put(label_w, height, fact.label_fa, align="R", fill=fill, next_line=True)


@dataclasses.dataclass(frozen=True)
class Fact:
    label_fa: str
    value_fa: str
    value_en: str
    label_en: str
    code: bool = False  # a language-neutral value, shown once and centred
    colour: Colour = INK
    size: float | None = None


def _code(label_fa: str, value: str, label_en: str, *, size: float | None = None) -> Fact:
    return Fact(label_fa, "", value or "—", label_en, code=True, size=size)


def _moment_fact(label_fa: str, moment: dt.datetime | None, label_en: str) -> Fact:
    if moment is None:
        return Fact(label_fa, "—", "", label_en)
    return Fact(label_fa, fa_moment(moment), en_moment(moment), label_en)


# -- the verification report -------------------------------------------------------------

CHECK_COLOURS: Mapping[Outcome, Colour] = {
    Outcome.PASS: GREEN,
    Outcome.FAIL: RED,
    Outcome.UNKNOWN: AMBER,
    Outcome.SKIPPED: GREY,
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
    verification: Verification, meta: VerificationReportMeta, path: str | Path
) -> int:
    """Write the report of one certificate's verification; returns its page count."""
    # Drawn twice: the first pass only counts the pages for the footers ("page 1 of 2").
    pages = _verification_document(verification, meta, None).pages_count
    document = _verification_document(verification, meta, pages)
    document.output(str(path))
    return pages


def _verification_document(
    verification: Verification, meta: VerificationReportMeta, total: int | None
) -> _Document:
    doc = _Document(*VERIFICATION_TITLE, meta.created)
    doc.total_pages = total
    doc.set_author(meta.clerk)
    doc.set_auto_page_break(True, margin=297.0 - FOOTER_TOP)
    doc.add_page()
    doc.title_block(*VERIFICATION_TITLE)
    _verdict_box(doc, verification)
    doc.ln(4)
    _section(doc, "گواهی", "Certificate")
    doc.facts(_certificate_facts(verification, meta))
    doc.ln(4)
    _section(doc, "بررسی", "The check")
    doc.facts(_check_facts(verification, meta))
    doc.ln(4)
    _section(doc, "بررسی‌ها به ترتیب", "Checks, in order")
    _checks_table(doc, verification)
    return doc


def _section(doc: _Document, title_fa: str, title_en: str) -> None:
    if doc.get_y() > FOOTER_TOP - 30:
        doc.add_page()
    half = doc.epw / 2
    doc.style(9.5, colour=GREY)
    doc.put(half, 7, title_en, align="L")
    doc.style(11.5, bold=True)
    doc.put(half, 7, title_fa, align="R", next_line=True)


def _verdict_box(doc: _Document, verification: Verification) -> None:
    colour = verdict_colour(verification.verdict)
    fa, en = wording.VERDICT[verification.verdict]
    reason = verification.reason
    top = doc.get_y()
    reason_lines = doc.lines_needed(doc.epw - 8, reason) if reason else 0
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
        facts = [
            _code("شماره سریال", str(claims.get("serial") or "—"), "Serial"),
            _code("کد ملی", str(claims.get("national_id") or "—"), "National ID"),
            Fact("نام", name or "—", "", "Name"),
            Fact("وضعیت بیمه‌ای", status_fa, status_en, "Status"),
            _moment_fact("زمان صدور", _time(claims.get("issued_at")), "Issued"),
            _moment_fact("معتبر تا", _time(claims.get("expires_at")), "Valid until"),
        ]
    facts.append(_code("اثر SHA-256 فایل", meta.sha256, "SHA-256 of the file", size=8))
    if meta.tracking_code:
        facts.append(_code("کد رهگیری", meta.tracking_code, "Tracking code"))
    if meta.source:
        facts.append(_code("منبع", meta.source, "Source", size=8.5))
    return facts


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
        _moment_fact("زمان بررسی", verification.checked_at, "Checked at"),
        Fact("بررسی‌کننده", clerk, "", "Checked by"),
        Fact("دستگاه", agency, "", "Agency"),
        profile,
        _revocation_fact(verification),
        _moment_fact("دریافت فهرست ابطال", verification.revocation.fetched_at, "List fetched"),
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


def _check_widths(doc: _Document) -> list[float]:
    fixed = sum(w for _, w in _CHECK_COLUMNS)
    return [w or doc.epw - fixed for _, w in _CHECK_COLUMNS]


def _checks_header(doc: _Document, widths: list[float]) -> None:
    doc.set_fill_color(228, 232, 240)
    doc.set_x(doc.l_margin)
    for (name, _), width in reversed(list(zip(_CHECK_COLUMNS, widths, strict=True))):
        persian = _RTL.search(name) is not None
        doc.style(8.5 if persian else 7.5, bold=persian, colour=GREY)
        doc.put(width, 6, name, align="R" if persian else "L", fill=True)
    doc.ln(6)


def _checks_table(doc: _Document, verification: Verification) -> None:
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


# -- the batch report --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BatchReportMeta:
    agency: str
    clerk: str
    case_reference: str
    created: dt.datetime  # aware
    # (Persian label, count) in the order to print, e.g. ("بیمه‌شده", 812); the caller
    # names its own outcomes, so this report needs to know nothing of the batch engine.
    summary: Sequence[tuple[str, int]] = ()


@dataclasses.dataclass(frozen=True)
class ReportRow:
    row: int  # the row's number in the clerk's file
    national_id: str
    name: str
    status_label_fa: str
    detail: str = ""


# Columns of the batch table, right to left.
_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("ردیف", "Row", 13.0),
    ("کد ملی", "National ID", 25.0),
    ("نام و نام خانوادگی", "Name", 48.0),
    ("وضعیت", "Status", 48.0),
    ("توضیح", "Detail", 0.0),  # the rest of the line
)
_ROW_H = 6.0
_TABLE_HEADER_H = 9.0


def batch_report_pdf(
    meta: BatchReportMeta,
    rows: Iterable[ReportRow],
    path: str | Path | BinaryIO,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the printable report of a batch; returns its page count.

    Rows are one line each (long names and details are cut with an ellipsis), so the
    page count is known before the first footer is drawn. ``progress`` is called with
    the number of rows laid out so far, every few hundred rows.
    """
    rows = rows if isinstance(rows, Sequence) else list(rows)
    # The case reference is printed as the clerk typed it: it is a reference, not prose.
    note = f"{prose(meta.agency)} · پرونده {meta.case_reference}"
    doc = _Document(*BATCH_TITLE, meta.created, note)
    doc.set_author(meta.clerk)
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.title_block(*BATCH_TITLE)
    doc.facts(
        [
            Fact("دستگاه", prose(meta.agency), "", "Agency"),
            Fact("کاربر", prose(meta.clerk), "", "Clerk"),
            Fact("شماره پرونده", meta.case_reference, "", "Case reference"),
            _moment_fact("تاریخ گزارش", meta.created, "Created"),
            Fact("تعداد ردیف‌ها", fa_number(len(rows)), str(len(rows)), "Rows"),
        ]
    )
    doc.ln(3)
    _summary(doc, meta.summary)
    doc.ln(4)
    _paged_table(doc, _COLUMNS, rows, _table_row, progress)
    doc.output(path)
    if progress is not None:
        progress(len(rows))
    return doc.pages_count


def _paged_table(
    doc: _Document,
    columns: Sequence[tuple[str, str, float]],
    rows: Sequence[Any],
    draw: Callable[[_Document, list[float], Any, bool], None],
    progress: Callable[[int], None] | None = None,
) -> None:
    """A table of one-line rows from the current position, its header repeated on every
    page; the page count is settled first, so every footer can say "page n of N"."""
    first_page = int((FOOTER_TOP - doc.get_y() - _TABLE_HEADER_H) // _ROW_H)
    per_page = int((FOOTER_TOP - HEADER_BOTTOM - _TABLE_HEADER_H) // _ROW_H)
    rest = max(0, len(rows) - first_page)
    doc.total_pages = doc.pages_count + math.ceil(rest / per_page)

    widths = _column_widths(doc, columns)
    _table_header(doc, widths, columns)
    if not rows:
        doc.style(9.5, colour=GREY)
        doc.put(doc.epw, 10, "ردیفی در این گزارش نیست.", align="C", next_line=True)
    for count, item in enumerate(rows, 1):
        if doc.get_y() + _ROW_H > FOOTER_TOP:
            doc.add_page()
            _table_header(doc, widths, columns)
        draw(doc, widths, item, count % 2 == 0)
        if progress is not None and count % 500 == 0:
            progress(count)
    if doc.pages_count != doc.total_pages:  # every footer would be wrong: a bug here
        raise RuntimeError(f"{doc.pages_count} pages, {doc.total_pages} foreseen")


def _summary(doc: _Document, summary: Sequence[tuple[str, int]]) -> None:
    """The counts as a row of boxes, right to left, wrapping after five."""
    if not summary:
        return
    per_line = min(5, len(summary))
    gap = 3.0
    box_w = (doc.epw - gap * (per_line - 1)) / per_line
    for start in range(0, len(summary), per_line):
        top = doc.get_y()
        for i, (label, count) in enumerate(summary[start : start + per_line]):
            x = doc.w - doc.r_margin - (i + 1) * box_w - i * gap
            doc.set_draw_color(*RULE)
            doc.set_fill_color(*SHADE)
            doc.set_line_width(0.2)
            doc.rect(x, top, box_w, 15, style="DF")
            doc.set_xy(x, top + 1.5)
            doc.style(14, bold=True)
            doc.put(box_w, 7, fa_number(f"{count:,}".replace(",", "٬")), align="C")
            doc.set_xy(x, top + 8.5)
            doc.style(8.5, colour=GREY)
            doc.put(box_w, 5, label, align="C")
        doc.set_xy(doc.l_margin, top + 15 + gap)


def _column_widths(doc: _Document, columns: Sequence[tuple[str, str, float]]) -> list[float]:
    fixed = sum(w for _, _, w in columns)
    return [w or doc.epw - fixed for _, _, w in columns]


def _table_header(
    doc: _Document, widths: list[float], columns: Sequence[tuple[str, str, float]]
) -> None:
    """Persian names over English ones; drawn left to right, so the columns reversed."""
    top = doc.get_y()
    x = doc.l_margin
    doc.set_fill_color(228, 232, 240)
    doc.rect(x, top, doc.epw, _TABLE_HEADER_H, style="F")
    for (fa, en, _), width in reversed(list(zip(columns, widths, strict=True))):
        doc.set_xy(x, top + 0.5)
        doc.style(8.5, bold=True)
        doc.put(width, 4.5, fa)
        doc.set_xy(x, top + 4.6)
        doc.style(6.5, colour=GREY)
        doc.put(width, 3.8, en)
        x += width
    doc.set_xy(doc.l_margin, top + _TABLE_HEADER_H)


def _table_row(doc: _Document, widths: list[float], item: ReportRow, shade: bool) -> None:
    row_w, id_w, name_w, status_w, detail_w = widths
    doc.set_fill_color(*SHADE)
    doc.set_x(doc.l_margin)
    doc.style(7.5, colour=GREY)
    doc.put(detail_w, _ROW_H, prose(item.detail), align="R", fill=shade)
    doc.style(8.5)
    doc.put(status_w, _ROW_H, prose(item.status_label_fa), align="R", fill=shade)
    doc.put(name_w, _ROW_H, prose(item.name), align="R", fill=shade)
    doc.put(id_w, _ROW_H, item.national_id, align="C", fill=shade)
    doc.style(8.5, colour=GREY)
    doc.put(row_w, _ROW_H, fa_number(item.row), align="C", fill=shade, next_line=True)


# -- the audit report --------------------------------------------------------------------

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
    doc = _Document(*AUDIT_TITLE, meta.created, prose(meta.agency))
    doc.set_author(meta.clerk)
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.title_block(*AUDIT_TITLE)
    doc.facts(
        [
            Fact("دستگاه", prose(meta.agency), "", "Agency"),
            Fact("تهیه‌کننده", prose(meta.clerk), "", "Prepared by"),
            Fact("دوره", meta.period_fa, meta.period_en, "Period"),
            _moment_fact("تاریخ گزارش", meta.created, "Created"),
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
    )
    doc.ln(3)
    _summary(doc, meta.summary)
    doc.ln(4)
    _paged_table(doc, _AUDIT_COLUMNS, rows, _audit_row)
    doc.output(path)
    return doc.pages_count


def _audit_row(doc: _Document, widths: list[float], item: AuditReportRow, shade: bool) -> None:
    seq_w, at_w, clerk_w, kind_w, case_w, id_w, outcome_w, ref_w = widths
    doc.set_fill_color(*SHADE)
    doc.set_x(doc.l_margin)
    doc.style(7, colour=GREY)
    doc.put(ref_w, _ROW_H, item.reference, align="C", fill=shade)
    doc.style(8)
    doc.put(outcome_w, _ROW_H, prose(item.outcome_fa), align="R", fill=shade)
    doc.put(id_w, _ROW_H, item.national_id, align="C", fill=shade)
    doc.put(case_w, _ROW_H, item.case_reference, align="C", fill=shade)
    doc.put(kind_w, _ROW_H, prose(item.kind_fa), align="R", fill=shade)
    doc.put(clerk_w, _ROW_H, item.clerk, align="C", fill=shade)
    local = _local(item.at)
    moment = f"{jalali.format_date(local)} {to_persian_digits(local.strftime('%H:%M'))}"
    doc.put(at_w, _ROW_H, moment, align="C", fill=shade)
    doc.style(8, colour=GREY)
    doc.put(seq_w, _ROW_H, fa_number(item.seq), align="C", fill=shade, next_line=True)
