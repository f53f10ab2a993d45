"""The domain's words, in Persian and English, in one place.

Statuses, insurance and pension kinds, why a row was refused, certificate verdicts and
checks: the screens show them in the clerk's language, the exports and the printed
reports in Persian (with English beside it on the certificate report). Keeping the one
table here, Qt-free, means a status is called the same thing on screen, in the Excel
file and on paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Words(NamedTuple):
    fa: str
    en: str

    def in_(self, language: str) -> str:
        return self.fa if language == "fa" else self.en


STATUS: Mapping[str, Words] = {
    "insured_active": Words("بیمه‌شده، دارای پرداخت حق بیمه", "Insured, contributing"),
    "insured_inactive": Words("بیمه‌شده، بدون پرداخت جاری", "Insured, no current contributions"),
    "pensioner": Words("مستمری‌بگیر", "Pensioner"),
    "dependent_of_insured": Words("تحت تکفل بیمه‌شده", "Dependent of an insured person"),
    "dependent_of_pensioner": Words("تحت تکفل مستمری‌بگیر", "Dependent of a pensioner"),
    "not_found": Words("سابقه‌ای یافت نشد", "No insurance record"),
}

#: What became of a row of a bulk inquiry: its status, or why it has none.
OUTCOME: Mapping[str, Words] = {
    **STATUS,
    "invalid": Words("کد ملی نامعتبر", "Invalid ID"),
    "duplicate": Words("تکراری", "Duplicate"),
    "empty": Words("ردیف خالی", "Empty row"),
    "failed": Words("استعلام ناموفق", "Failed"),
    "pending": Words("استعلام نشده", "Not yet asked"),
}

INSURANCE_KIND: Mapping[str, Words] = {
    "mandatory": Words("اجباری (کارگری)", "Mandatory (employee)"),
    "self_employed": Words("مشاغل آزاد", "Self-employed"),
    "voluntary": Words("اختیاری", "Voluntary"),
    "driver": Words("رانندگان", "Drivers"),
    "construction_worker": Words("کارگران ساختمانی", "Construction workers"),
    "carpet_weaver": Words("قالی‌بافان", "Carpet weavers"),
}

PENSION_KIND: Mapping[str, Words] = {
    "retirement": Words("بازنشستگی", "Retirement"),
    "disability": Words("ازکارافتادگی", "Disability"),
    "survivors": Words("بازماندگان", "Survivors"),
}

GENDER: Mapping[str, Words] = {"male": Words("مرد", "Male"), "female": Words("زن", "Female")}

AGENCY_KIND: Mapping[str, Words] = {
    "court": Words("دادگاه", "Court"),
    "insurance_fund": Words("صندوق بیمه", "Insurance fund"),
    "support_org": Words("نهاد حمایتی", "Support organisation"),
    "bank": Words("بانک", "Bank"),
    "other": Words("سایر دستگاه‌ها", "Other agency"),
}

#: Why a value is not a national ID (desktop.core.national_id.Invalid codes).
ID_REASON: Mapping[str, Words] = {
    "empty": Words("کد ملی را وارد کنید.", "Enter a national ID."),
    "not_digits": Words("کد ملی فقط از رقم تشکیل می‌شود.", "A national ID has digits only."),
    "scientific_notation": Words(
        "این کد به نماد علمی تبدیل شده و رقم‌هایی از آن از دست رفته است.",
        "The ID was turned into scientific notation and lost digits.",
    ),
    "wrong_length": Words("کد ملی ۱۰ رقم دارد.", "A national ID has 10 digits."),
    "repeated_digits": Words(
        "کد ملی نمی‌تواند از تکرار یک رقم باشد.", "A national ID cannot repeat one digit."
    ),
    "check_digit": Words(
        "این کد ملی معتبر نیست (رقم کنترل آن نمی‌خواند).",
        "This national ID is not valid (its check digit does not match).",
    ),
}

#: Why a row of a bulk inquiry failed (problem slugs, or the client's error class).
FAILURE: Mapping[str, Words] = {
    "quota-exhausted": Words("سهمیه روزانه دستگاه تمام شد", "The daily quota ran out"),
    "invalid-national-id": Words("سامانه کد ملی را نپذیرفت", "The SSO refused the ID"),
    "case-reference-required": Words("شماره پرونده لازم است", "A case reference is needed"),
    "validation-error": Words("سامانه درخواست را نپذیرفت", "The SSO refused the request"),
    "server-error": Words("خطای سامانه", "The SSO had an error"),
    "rate-limited": Words("سامانه پرمشغله بود", "The SSO was busy"),
    "Timeout": Words("سامانه به‌موقع پاسخ نداد", "The SSO did not answer in time"),
    "ConnectionFailed": Words("ارتباط با سامانه برقرار نشد", "The SSO could not be reached"),
    "UntrustedServer": Words("گواهی سرور معتبر نبود", "The server's certificate was not trusted"),
    "ProxyFailed": Words("پراکسی اتصال را نرساند", "The proxy failed"),
    "forbidden-scope": Words("تفاهم‌نامه اجازه نمی‌دهد", "The MoU does not allow it"),
    "session-expired": Words("نشست پایان یافته بود", "The session had ended"),
    "too-many-attempts": Words("تلاش‌های ناموفق بسیار", "Too many failed attempts"),
    "not-found": Words("سامانه این خدمت را ندارد", "The SSO does not offer this"),
    "code-unknown": Words("کد رهگیری یافت نشد", "Unknown tracking code"),
    "usage-password-invalid": Words(
        "کد رهگیری یا رمز بهره‌برداری نادرست", "Wrong tracking code or usage password"
    ),
    "code-locked": Words("کد رهگیری قفل شده", "Tracking code locked"),
    "certificate-expired": Words("گواهی منقضی شده", "Certificate expired"),
    "certificate-revoked": Words("گواهی ابطال شده", "Certificate revoked"),
}

#: How a bulk inquiry ended (desktop.core.jobs.JobState values), in the audit trail.
RUN_STATE: Mapping[str, Words] = {
    "ready": Words("آماده", "Ready"),
    "running": Words("در حال اجرا", "Running"),
    "paused": Words("متوقف", "Paused"),
    "done": Words("پایان یافت", "Done"),
    "cancelled": Words("لغو شد", "Cancelled"),
}

#: The kinds of record in the audit trail (desktop.core.audit.Kind values).
AUDIT_KIND: Mapping[str, Words] = {
    "intent": Words("ارسال درخواست", "Request sent"),
    "inquiry": Words("استعلام تکی", "Single inquiry"),
    "batch-start": Words("آغاز استعلام گروهی", "Bulk inquiry started"),
    "batch-row": Words("ردیف استعلام گروهی", "Bulk inquiry row"),
    "batch-finish": Words("پایان استعلام گروهی", "Bulk inquiry ended"),
    "redeem": Words("دریافت گواهی با کد رهگیری", "Certificate redeemed"),
    "verify": Words("بررسی آفلاین گواهی", "Certificate checked offline"),
}

VERDICT: Mapping[str, Words] = {
    "VALID": Words("اصیل: همه بررسی‌ها موفق بود.", "Genuine: every check passed."),
    "TAMPERED": Words(
        "نااصیل: سند پس از امضای تأمین اجتماعی تغییر کرده است.",
        "Not genuine: the document was changed after the SSO signed it.",
    ),
    "UNTRUSTED_SIGNER": Words(
        "نااصیل: امضاکننده مرجع معتبر تأمین اجتماعی نیست.",
        "Not genuine: it was not signed by a trusted SSO authority.",
    ),
    "EXPIRED": Words(
        "منقضی شده: از شخص گواهی تازه بخواهید.", "Expired: ask the person for a new certificate."
    ),
    "REVOKED": Words(
        "ابطال‌شده: تأمین اجتماعی این گواهی را باطل کرده است.",
        "Revoked: the SSO has withdrawn it.",
    ),
    "CLAIMS_MISMATCH": Words(
        "نااصیل: کد QR با متن سند نمی‌خواند.",
        "Not genuine: the QR code and the document disagree.",
    ),
    "NOT_A_CERTIFICATE": Words(
        "این سند گواهی وضعیت بیمه تأمین اجتماعی نیست.",
        "This is not an SSO insurance-status certificate.",
    ),
    "UNREADABLE": Words("فایل خوانده نمی‌شود.", "The file cannot be read."),
    "REVOCATION_STALE": Words(
        "احتمالاً اصیل است، اما فهرست ابطال قدیمی‌تر از آن است که ابطال را رد کند.",
        "Probably genuine, but the revocation list is too old to rule out a withdrawal.",
    ),
    "INDETERMINATE": Words(
        "نتیجه قطعی نیست: برخی بررسی‌ها انجام‌پذیر نبود.",
        "Could not be established: some checks could not be made.",
    ),
}

#: A scan or photo is checked by its QR code alone: its verdict says so, never "genuine".
SCAN_GENUINE = Words(
    "کد QR اصیل است — برگهٔ چاپی را با این مشخصات مقایسه کنید.",
    "QR code genuine — compare the printed page with these details.",
)

#: What a scan's check cannot cover, by a stable code (short: they are listed together).
SCAN_NOT_CHECKED: Mapping[str, Words] = {
    "printed_text": Words(
        "متن چاپ‌شدهٔ برگه (تنها کد QR امضا دارد)",
        "the printed text of the page (only the QR code is signed)",
    ),
    "name": Words("نام شخص (در کد QR نیست)", "the person's name (the QR code does not carry it)"),
    "document_signature": Words(
        "امضای دیجیتال و داده‌های درون PDF (برگهٔ چاپی هیچ‌کدام را ندارد)",
        "the PDF's digital signature and embedded data (a printout has neither)",
    ),
}


def verdict_words(verdict: str, kind: str) -> Words:
    """A verdict as said to the clerk; a scan that passed says what it proved: its QR."""
    if kind == "image" and verdict == "VALID":
        return SCAN_GENUINE
    return VERDICT[verdict]


CHECK: Mapping[str, Words] = {
    "readable": Words("فایل خوانا است", "The file can be read"),
    "recognised": Words("گواهی تأمین اجتماعی است", "It is an SSO certificate"),
    "signature_intact": Words("امضای دیجیتال سالم است", "The signature is intact"),
    "covers_whole_file": Words("امضا کل فایل را پوشش می‌دهد", "The signature covers the whole file"),
    "no_changes_after_signing": Words(
        "پس از امضا چیزی افزوده نشده است", "Nothing was added after signing"
    ),
    "signer_trusted": Words(
        "امضاکننده مرجع معتبر تأمین اجتماعی است", "The signer is a trusted SSO authority"
    ),
    "claims_present": Words(
        "داده‌های ماشین‌خوان موجود است", "The machine-readable claims are present"
    ),
    "no_active_content": Words("اسکریپت یا محتوای فعال ندارد", "No scripts or active content"),
    "qr_signature": Words("امضای کد QR معتبر است", "The QR code's signature is valid"),
    "qr_matches_claims": Words("کد QR با سند می‌خواند", "The QR code matches the document"),
    "page_qr_matches": Words("کد QR چاپ‌شده می‌خواند", "The printed QR code matches"),
    "not_revoked": Words("ابطال نشده است", "Not revoked"),
    "not_expired": Words("منقضی نشده است", "Not expired"),
    "revocation_fresh": Words("فهرست ابطال به‌روز است", "The revocation list is recent"),
}

#: Why a failed check decided a verdict, as the clerk reads it. The check's own detail
#: (pyHanko's findings, byte counts, key ids) is for the log and the printed report.
CHECK_FAILED: Mapping[str, Words] = {
    "readable": Words(
        "فایل خوانده نمی‌شود یا آسیب دیده است.", "The file cannot be read or is damaged."
    ),
    "recognised": Words(
        "در این فایل گواهی امضاشده‌ای یافت نشد.", "No signed certificate was found in this file."
    ),
    "signature_intact": Words(
        "امضای دیجیتال شکسته است: محتوای امضاشده پس از امضا تغییر کرده است.",
        "The digital signature is broken: the signed content was changed after signing.",
    ),
    "covers_whole_file": Words(
        "امضا همهٔ فایل را در بر نمی‌گیرد: بخشی از آن پس از امضا تغییر کرده است.",
        "The signature does not cover the whole file: part of it changed after signing.",
    ),
    "no_changes_after_signing": Words(
        "پس از امضا چیزی به فایل افزوده یا در آن تغییر داده شده است.",
        "Something was added to or changed in the file after signing.",
    ),
    "signer_trusted": Words(
        "امضاکننده به مرجع معتبر تأمین اجتماعی نمی‌رسد.",
        "The signer does not lead to a trusted SSO authority.",
    ),
    "claims_present": Words(
        "داده‌های ماشین‌خوان گواهی در فایل نیست.",
        "The certificate's machine-readable data is missing.",
    ),
    "no_active_content": Words(
        "فایل اسکریپت یا محتوای فعال دارد.", "The file contains scripts or active content."
    ),
    "qr_signature": Words(
        "امضای کد QR معتبر نیست یا کد پس از امضا تغییر کرده است.",
        "The QR code's signature is not valid, or the code was changed after signing.",
    ),
    "qr_matches_claims": Words(
        "کد QR با داده‌های سند نمی‌خواند.", "The QR code does not match the document's data."
    ),
    "page_qr_matches": Words(
        "کد QR چاپ‌شده روی صفحه خوانا نیست یا از گواهی دیگری است.",
        "The QR code printed on the page is unreadable or another certificate's.",
    ),
    "not_revoked": Words(
        "شمارهٔ این گواهی در فهرست ابطال است.",
        "This certificate's serial is on the revocation list.",
    ),
    "not_expired": Words("مهلت اعتبار گواهی گذشته است.", "The certificate's validity has ended."),
    "revocation_fresh": Words(
        "فهرست ابطال قدیمی است؛ هنگام اتصال آن را به‌روز کنید.",
        "The revocation list is old; update it while online.",
    ),
}

#: Why a check could not be made (only the revocation checks can be left open).
CHECK_UNKNOWN: Mapping[str, Words] = {
    "not_revoked": Words("فهرست ابطالی در دسترس نیست.", "No revocation list is available."),
    "revocation_fresh": Words("فهرست ابطالی در دسترس نیست.", "No revocation list is available."),
}


def check_reason(name: str, outcome: str) -> Words | None:
    """Why the check that decided a verdict decided it: its failure, or why it could
    not be made (outcome "unknown")."""
    return (CHECK_UNKNOWN if outcome == "unknown" else CHECK_FAILED).get(name)


CHECK_OUTCOME: Mapping[str, Words] = {
    "pass": Words("تأیید", "pass"),
    "fail": Words("رد", "FAIL"),
    "unknown": Words("نامعلوم", "unknown"),
    "skipped": Words("انجام نشد", "skipped"),
}


def word(table: Mapping[str, Words], code: object, language: str, default: str = "—") -> str:
    """The word for a code in a language; an unknown code is shown as it is."""
    if code is None or code == "":
        return default
    found = table.get(str(code))
    return found.in_(language) if found else str(code)
