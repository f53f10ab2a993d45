"""The printable reports: what a verification report states, and a long batch report."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core import reports, wording
from desktop.core.certificates import Verdict, Verification, load_crl, verify_pdf
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures

NID = "0012345611"
CREATED = dt.datetime(2026, 11, 25, 8, 12, tzinfo=dt.UTC)


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def certificate() -> tuple[dict, bytes, Verification]:
    keys = issuer_fixtures.issuer()
    claims, pdf = make_certificate(NID, keys=keys)
    trust = issuer_fixtures.trusted()
    revocations = load_crl(build_crl([], keys, now=time.time() - 3 * 3600), trust)
    return claims, pdf, verify_pdf(pdf, trust, revocations)


def meta_for(pdf: bytes) -> reports.VerificationReportMeta:
    return reports.VerificationReportMeta(
        clerk="مریم احمدی",
        agency="دادگاه خانواده شماره ۲ تهران",
        sha256=hashlib.sha256(pdf).hexdigest(),
        created=CREATED,
        username="demo.clerk",
        agency_id="AG-1001",
        tracking_code="1405-1234-5674",
        source="redeemed by tracking code from http://127.0.0.1:8000",
    )


def test_verification_report_states_the_verdict_serial_hash_and_checks(
    certificate: tuple[dict, bytes, Verification], tmp_path: Path
) -> None:
    claims, pdf, verification = certificate
    assert verification.verdict is Verdict.VALID
    path = tmp_path / "report.pdf"
    pages = reports.verification_report_pdf(verification, meta_for(pdf), path)
    text = text_of(path)
    assert len(text) == pages
    everything = "\n".join(text)
    assert "VALID — Genuine: every check passed." in everything
    assert claims["serial"] in everything and NID in everything
    assert hashlib.sha256(pdf).hexdigest() in everything
    assert "AG-1001" in everything and "demo.clerk" in everything
    assert "3 hours old" in everything  # the revocation list's age
    flowing = " ".join(everything.split())  # English labels wrap inside their cells
    for check in verification.checks:
        assert wording.CHECK[check.name].en in flowing
    assert f"Page {pages} of {pages}" in text[-1]


def test_a_refused_file_shows_no_claims(
    certificate: tuple[dict, bytes, Verification], tmp_path: Path
) -> None:
    _, pdf, _ = certificate
    refused = verify_pdf(b"%PDF-1.7 not really", issuer_fixtures.trusted(), None)
    assert refused.claims is None
    path = tmp_path / "refused.pdf"
    reports.verification_report_pdf(refused, meta_for(pdf), path)
    everything = "\n".join(text_of(path))
    assert refused.verdict.value in everything and "not proven; not shown" in everything
    assert NID not in everything


def test_a_long_batch_report_repeats_its_header_and_numbers_its_pages(tmp_path: Path) -> None:
    rows = [
        reports.BatchReportRow(
            row=i + 2,
            national_id=f"{i:010d}",
            # Long enough to be cut: a cell never runs into its neighbour.
            name="سید محمدحسین حسینی‌زاده طباطبایی نائینی" if i % 7 == 0 else "علی رضایی",
            status_label_fa="بیمه‌شده — دارای پرداخت جاری",
            detail="invalid check digit" if i % 5 == 0 else "",
        )
        for i in range(500)
    ]
    meta = reports.BatchReportMeta(
        agency="دادگاه خانواده شماره ۲ تهران",
        clerk="مریم احمدی",
        case_reference="CASE-1403/123",
        created=CREATED,
        summary=[("کل ردیف‌ها", 500), ("بیمه‌شده", 500)],
    )
    seen: list[int] = []
    path = tmp_path / "batch.pdf"
    pages = reports.batch_report_pdf(meta, iter(rows), path, progress=seen.append)
    text = text_of(path)
    assert len(text) == pages > 10
    assert seen[-1] == 500 and seen == sorted(seen)
    for number, page in enumerate(text, 1):
        assert "National ID" in page  # the table's header row, on every page
        assert f"Page {number} of {pages}" in page
    assert "CASE-1403/123" in text[0]
    assert "0000000499" in text[-1] and "0000000000" in text[0]
    assert "…" in text[0]  # the long name, cut


def test_an_empty_batch_report_is_one_page(tmp_path: Path) -> None:
    meta = reports.BatchReportMeta("دادگاه", "مریم احمدی", "۱۲۳", CREATED)
    assert reports.batch_report_pdf(meta, [], tmp_path / "empty.pdf") == 1
    assert "Page 1 of 1" in text_of(tmp_path / "empty.pdf")[0]


def test_fit_cuts_text_to_the_cell() -> None:
    doc = reports.page.Document("عنوان", "Title", CREATED)
    doc.style(8.5)
    long = "سید محمدحسین حسینی‌زاده طباطبایی نائینی"
    cut = doc.fit(long, 30)
    assert cut.endswith(reports.ELLIPSIS) and long.startswith(cut[:-1].rstrip())
    assert doc.width_of(cut) <= 30 - 2 * doc.c_margin
    assert doc.fit("علی رضایی", 30) == "علی رضایی"
    assert doc.fit("0012345611", 30) == "0012345611"


@pytest.fixture
def tehran(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local time set to Tehran's (+03:30 all year), as a clerk's is."""
    monkeypatch.setenv("TZ", "IRST-3:30")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_prose_numbers_are_persian_and_times_are_given_both_ways(tehran: None) -> None:
    assert reports.fa_number(1405) == "۱۴۰۵"
    assert reports.fa_moment(CREATED) == "۱۴۰۵/۰۹/۰۴ ساعت ۱۱:۴۲"
    assert reports.en_moment(CREATED) == "2026-11-25 11:42 (UTC+03:30)"
    assert reports.fa_duration(dt.timedelta(minutes=5)) == "کمتر از یک ساعت"
    assert reports.fa_duration(dt.timedelta(hours=3)) == "۳ ساعت"
    assert reports.en_duration(dt.timedelta(days=3)) == "3 days"


def test_a_scans_report_says_only_its_qr_code_was_proven(
    certificate: tuple[dict, bytes, Verification], tmp_path: Path
) -> None:
    from desktop.core.certificates import verify_image
    from tests.test_certificates import scan_of

    claims, pdf, _ = certificate
    trust = issuer_fixtures.trusted()
    crl = load_crl(build_crl([], issuer_fixtures.issuer()), trust)
    scan = verify_image(scan_of(claims["qr"]), trust, crl)
    assert scan.verdict is Verdict.VALID
    path = tmp_path / "scan-report.pdf"
    reports.verification_report_pdf(scan, meta_for(pdf), path)
    flowing = " ".join("\n".join(text_of(path)).split())
    assert "VALID — QR code genuine — compare the printed page with these details." in flowing
    assert "Genuine: every check passed." not in flowing
    assert "Not checked (a scan)" in flowing
    for words in wording.SCAN_NOT_CHECKED.values():
        assert words.en in flowing
    assert claims["serial"] in flowing and NID in flowing


def test_an_answer_report_holds_the_answer_in_persian_and_english(tmp_path: Path) -> None:
    from desktop.api_client import StatusResult
    from tests.api_fakes import STATUS_JSON

    result = StatusResult.from_json(STATUS_JSON)
    meta = reports.AnswerReportMeta(
        clerk="مریم احمدی",
        agency="دادگاه خانواده شماره ۲ تهران",
        case_reference="CASE-1405/77",
        created=CREATED,
        username="demo.clerk",
        mou="MOU-1402-0153",
    )
    path = tmp_path / "answer.pdf"
    assert reports.answer_report_pdf(result, meta, path) == 1
    (text,) = text_of(path)
    for code in ("0012345679", "INQ-20261125-000042", "CASE-1405/77", "MOU-1402-0153"):
        assert code in text
    assert "Insured, contributing" in text and "Page 1 of 1" in text
    # The Persian facts, with Persian digits: the Jalali birth date and the record.
    assert "۱۳۶۷/۰۱/۲۳" in text
