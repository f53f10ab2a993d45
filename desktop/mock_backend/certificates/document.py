"""The certificate itself: claims, the A4 bilingual PDF, and its PAdES signature.

Where the claims live (the primary machine-readable copy): a PDF embedded file named
``claims.json`` (UTF-8 JSON, listed in the catalog's /EmbeddedFiles name tree). Its
keys are the inquiry API's StatusResult fields plus ``format``, ``serial``,
``issued_at``, ``expires_at``, ``issuer`` and ``qr`` — the exact string the page's QR
code holds (see ``qr.py`` for that format). The document information dictionary only
carries a title and the serial for people browsing files; verifiers ignore it.

The whole file, claims included, is covered by one PAdES (ETSI.CAdES.detached)
signature by the signing certificate, appended as an incremental update by pyHanko.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jdatetime
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .. import clock
from .keys import IssuerKeys
from .qr import encode_payload, key_id, qr_claims, qr_png

CLAIMS_FORMAT = "estelam-sso-certificate/1"
CLAIMS_FILE = "claims.json"
SIGNATURE_FIELD = "SSOSignature"
SIGNATURE_ROOM = 4096  # hex digits, for a CMS of up to 2 KB; ours is about 1.85 KB
ISSUER_LABEL = "Estelam mock SSO (TEST)"
FONTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"

PERSON_FIELDS = (
    "first_name", "last_name", "father_name", "birth_date", "gender", "insurance_number",
    "insurance_kind", "last_contribution_month", "total_record", "workshop", "branch",
    "pension_kind",
)  # fmt: skip

STATUS_TEXT = {
    "insured_active": ("بیمه‌شده — دارای پرداخت حق بیمه جاری", "Insured — contributing"),
    "insured_inactive": ("بیمه‌شده — بدون پرداخت جاری", "Insured — no current contributions"),
    "pensioner": ("مستمری‌بگیر", "Pensioner"),
    "dependent_of_insured": ("تحت تکفل بیمه‌شده", "Dependent of an insured person"),
    "dependent_of_pensioner": ("تحت تکفل مستمری‌بگیر", "Dependent of a pensioner"),
    "not_found": ("سابقه‌ای یافت نشد", "No record found"),
}
INSURANCE_KIND_TEXT = {
    "mandatory": ("اجباری", "Mandatory"),
    "self_employed": ("مشاغل آزاد", "Self-employed"),
    "voluntary": ("اختیاری", "Voluntary"),
    "driver": ("رانندگان", "Drivers"),
    "construction_worker": ("کارگران ساختمانی", "Construction workers"),
    "carpet_weaver": ("قالی‌بافان", "Carpet weavers"),
}
PENSION_KIND_TEXT = {
    "retirement": ("بازنشستگی", "Retirement"),
    "disability": ("از کارافتادگی", "Disability"),
    "survivors": ("بازماندگان", "Survivors"),
}
GENDER_TEXT = {"male": ("مرد", "Male"), "female": ("زن", "Female")}
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_NONE = ("—", "—")


# claims --------------------------------------------------------------------------------


def build_claims(
    serial: str,
    national_id: str,
    status: str,
    person: Mapping[str, Any],
    issued: dt.datetime,
    validity: dt.timedelta,
    keys: IssuerKeys,
) -> dict[str, Any]:
    """The embedded claims, QR payload included (whole seconds: the QR has no fractions)."""
    issued_s = int(issued.timestamp())
    expires_s = issued_s + int(validity.total_seconds())
    kid = key_id(keys.signer_key.public_key())
    payload = encode_payload(
        qr_claims(serial, national_id, status, issued_s, expires_s, kid), keys.signer_key
    )
    return {
        "format": CLAIMS_FORMAT,
        "serial": serial,
        "national_id": national_id,
        "status": status,
        **{name: person.get(name) for name in PERSON_FIELDS},
        "as_of": clock.iso_utc(issued_s - issued_s % 3600),
        "issued_at": clock.iso_utc(issued_s),
        "expires_at": clock.iso_utc(expires_s),
        "issuer": ISSUER_LABEL,
        "qr": payload,
    }


# the page ------------------------------------------------------------------------------


def _fa(text: object) -> str:
    return str(text).translate(_FA_DIGITS)


def _jalali(day: dt.date) -> str:
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def _moment(iso: str) -> tuple[str, str]:
    """(Persian Jalali, English Gregorian), both in Tehran time as a clerk reads them."""
    utc = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    local = utc.astimezone(clock.TEHRAN)
    fa = f"{_fa(_jalali(local.date()))} ساعت {_fa(local.strftime('%H:%M'))}"
    en = f"{local:%Y-%m-%d %H:%M} Tehran"
    return fa, en


def _rows(claims: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """(Persian label, Persian value, English value, English label); "" merges the values."""
    c = claims

    def pair(table: Mapping[str, tuple[str, str]], key: str | None) -> tuple[str, str]:
        return table.get(key, _NONE) if key else _NONE

    def number(value: object) -> tuple[str, str]:
        return (_fa(value), str(value)) if value else _NONE

    birth = dt.date.fromisoformat(c["birth_date"]) if c.get("birth_date") else None
    record = c.get("total_record")
    workshop = c.get("workshop")
    branch = c.get("branch")
    month = c.get("last_contribution_month")
    rows: list[tuple[str, tuple[str, str], str]] = [
        ("کد ملی", number(c["national_id"]), "National ID"),
        ("نام", (c.get("first_name") or "—", ""), "First name"),
        ("نام خانوادگی", (c.get("last_name") or "—", ""), "Last name"),
        ("نام پدر", (c.get("father_name") or "—", ""), "Father's name"),
        (
            "تاریخ تولد",
            (_fa(_jalali(birth)), birth.isoformat()) if birth else _NONE,
            "Date of birth",
        ),
        ("جنسیت", pair(GENDER_TEXT, c.get("gender")), "Gender"),
        ("وضعیت", pair(STATUS_TEXT, c["status"]), "Status"),
        ("شماره بیمه", number(c.get("insurance_number")), "Insurance number"),
        ("نوع بیمه", pair(INSURANCE_KIND_TEXT, c.get("insurance_kind")), "Insurance kind"),
        (
            "آخرین ماه پرداخت",
            (_fa(month.replace("-", "/")), f"{month} (Jalali)") if month else _NONE,
            "Last contribution",
        ),
        (
            "سابقه کل",
            (
                _fa(f"{record['years']} سال، {record['months']} ماه، {record['days']} روز"),
                f"{record['years']} y {record['months']} m {record['days']} d",
            )
            if record
            else _NONE,
            "Total record",
        ),
        ("کارگاه", (workshop["name"], "") if workshop else _NONE, "Workshop"),
        ("کد کارگاه", number(workshop["id"] if workshop else None), "Workshop ID"),
        (
            "شعبه",
            (f"{branch['name']} ({_fa(branch['code'])})", "") if branch else _NONE,
            "Branch",
        ),
        ("نوع مستمری", pair(PENSION_KIND_TEXT, c.get("pension_kind")), "Pension kind"),
    ]
    return [(fa_label, fa, en, en_label) for fa_label, (fa, en), en_label in rows]


class _Page(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Vazirmatn", size=7.5)
        self.set_text_color(90)
        self.cell(
            0,
            4,
            "این سند امضای دیجیتال دارد؛ هر تغییری در آن امضا را باطل می‌کند.",
            align="C",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(
            0,
            4,
            "Digitally signed (PAdES). Any change to this file invalidates the signature.",
            align="C",
        )


def render_pdf(claims: Mapping[str, Any]) -> bytes:
    """The unsigned certificate: one A4 page, Persian on the right, English on the left."""
    pdf = _Page(orientation="P", unit="mm", format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(False)
    pdf.add_font("Vazirmatn", "", str(FONTS_DIR / "Vazirmatn-Regular.ttf"))
    pdf.add_font("Vazirmatn", "B", str(FONTS_DIR / "Vazirmatn-Bold.ttf"))
    # HarfBuzz joins the Arabic-script letters and the bidi pass orders mixed runs.
    pdf.set_text_shaping(use_shaping_engine=True)
    issued = dt.datetime.fromisoformat(claims["issued_at"].replace("Z", "+00:00"))
    pdf.set_creation_date(issued)
    pdf.set_title(f"Certificate {claims['serial']} (TEST)")
    pdf.set_subject(f"SSO insurance status certificate {claims['serial']} — TEST SPECIMEN")
    pdf.set_author(ISSUER_LABEL)
    pdf.set_creator("Estelam mock SSO")
    pdf.add_page()
    width = pdf.epw

    # A test banner no clerk can miss.
    pdf.set_fill_color(253, 236, 234)
    pdf.set_draw_color(192, 57, 43)
    pdf.set_text_color(150, 30, 20)
    pdf.set_font("Vazirmatn", "B", 10)
    top = pdf.get_y()
    pdf.rect(pdf.l_margin, top, width, 14, style="DF")
    pdf.set_xy(pdf.l_margin, top + 1.5)
    pdf.cell(
        width,
        5.5,
        "نمونه آزمایشی — صادرشده توسط شبیه‌ساز؛ سند سازمان تأمین اجتماعی نیست",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Vazirmatn", "", 8.5)
    pdf.cell(
        width,
        5,
        "TEST SPECIMEN — issued by the Estelam mock; not a Social Security Organization document",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )

    pdf.set_text_color(20)
    pdf.set_y(top + 18)
    pdf.set_font("Vazirmatn", "B", 17)
    pdf.cell(width, 9, "گواهی وضعیت بیمه‌ای", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Vazirmatn", "", 11)
    pdf.set_text_color(70)
    pdf.cell(
        width,
        6,
        "Certificate of social-insurance status",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)

    issued_fa, issued_en = _moment(claims["issued_at"])
    expires_fa, expires_en = _moment(claims["expires_at"])
    serial = claims["serial"]
    grouped = " ".join(serial[i : i + 4] for i in range(0, len(serial), 4))
    meta = [
        ("شماره سریال", _fa(grouped), grouped, "Serial"),
        ("زمان صدور", issued_fa, issued_en, "Issued"),
        ("معتبر تا", expires_fa, expires_en, "Valid until"),
    ]
    _table(pdf, meta, shade=(244, 246, 250))
    pdf.ln(4)
    _table(pdf, _rows(claims), shade=None)

    # The QR sits bottom-left; 45 mm keeps a module near 0.65 mm on paper.
    qr_size = 45.0
    qr_top = 297 - 20 - qr_size
    pdf.image(
        io.BytesIO(qr_png(claims["qr"])),
        x=pdf.l_margin,
        y=qr_top,
        w=qr_size,
        h=qr_size,
        alt_text="QR: " + claims["qr"],
    )
    text_x = pdf.l_margin + qr_size + 6
    text_w = width - qr_size - 6
    pdf.set_text_color(40)
    pdf.set_xy(text_x, qr_top + 4)
    pdf.set_font("Vazirmatn", "B", 10)
    pdf.multi_cell(
        text_w,
        5.5,
        "برای بررسی اصالت، فایل یا تصویر این گواهی را در برنامه استعلام بررسی کنید.",
        align="R",
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Vazirmatn", "", 9)
    pdf.multi_cell(
        text_w,
        5,
        "To check it, open this file or a scan of it in Estelam Desk: the QR code and "
        "the digital signature are verified offline.",
        align="L",
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.set_xy(text_x, pdf.get_y() + 2)
    pdf.set_font("Vazirmatn", "", 8)
    pdf.set_text_color(90)
    pdf.multi_cell(
        text_w,
        4.5,
        f"{claims['issuer']} — {claims['format']}",
        align="L",
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )

    pdf.embed_file(
        bytes=json.dumps(dict(claims), ensure_ascii=False, indent=1).encode("utf-8"),
        basename=CLAIMS_FILE,
        mime_type="application/json",
        modification_date=issued,
        desc="Machine-readable claims of this certificate",
    )
    return bytes(pdf.output())


def _table(
    pdf: FPDF,
    rows: list[tuple[str, str, str, str]],
    shade: tuple[int, int, int] | None,
) -> None:
    """Four columns: English label | English value | Persian value | Persian label."""
    label_w, value_w, height = 34.0, 56.0, 7.2
    pdf.set_draw_color(200)
    for i, (fa_label, fa_value, en_value, en_label) in enumerate(rows):
        fill = shade is not None or i % 2 == 1
        pdf.set_fill_color(*(shade or (248, 248, 248)))
        x = pdf.l_margin
        pdf.set_x(x)
        pdf.set_text_color(90)
        pdf.set_font("Vazirmatn", "", 8.5)
        pdf.cell(label_w, height, en_label, border="B", align="L", fill=fill)
        pdf.set_text_color(15)
        pdf.set_font("Vazirmatn", "", 10)
        if en_value:
            pdf.cell(value_w, height, en_value, border="B", align="L", fill=fill)
            pdf.cell(value_w, height, fa_value, border="B", align="R", fill=fill)
        else:
            # Persian-only text (names): one wide right-aligned cell.
            pdf.set_font("Vazirmatn", "B", 10)
            pdf.cell(2 * value_w, height, fa_value, border="B", align="R", fill=fill)
        pdf.set_text_color(90)
        pdf.set_font("Vazirmatn", "B", 9)
        pdf.cell(
            label_w,
            height,
            fa_label,
            border="B",
            align="R",
            fill=fill,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


# the signature -------------------------------------------------------------------------


@functools.cache
def _signer(keys: IssuerKeys) -> signers.SimpleSigner:
    der = serialization.Encoding.DER
    cert = asn1_x509.Certificate.load(keys.signer_cert.public_bytes(der))
    key = asn1_keys.PrivateKeyInfo.load(
        keys.signer_key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    # Only the signer goes into the CMS: a verifier must bring the root itself (that is
    # the point of a trust profile), and every extra certificate costs time to match.
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )


def sign_pdf(pdf: bytes, keys: IssuerKeys) -> bytes:
    """Append a PAdES signature covering the whole file."""
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="SSO insurance status certificate (TEST)",
        location="Estelam mock SSO",
        # Lock the document: any later change is then a modification, not an addition.
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        meta,
        signer=_signer(keys),
        output=out,
        # pyHanko reserves far more by default, and every
        # verifier parses the unused part as hex digits.
        bytes_reserved=SIGNATURE_ROOM,
    )
    return out.getvalue()


def issue_pdf(claims: Mapping[str, Any], keys: IssuerKeys) -> bytes:
    return sign_pdf(render_pdf(claims), keys)
