"""Redeeming a certificate by code in the real window, against the mock over HTTP."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pypdf
import pytest
from PySide6.QtCore import Qt

from desktop.core.certificates import Verdict
from desktop.core.digits import to_persian_digits
from desktop.core.proof import Proof
from desktop.mock_backend.certificates.issuer import luhn_digit
from desktop.ui import verdicts
from tests import issuer_fixtures
from tests.conftest import DEMO_USER2
from tests.mock_certificates import NID, issue
from tests.test_gui import TIMEOUT_MS, errors_text, sign_in, type_text


@pytest.fixture
def redeeming(qtbot, gui, start_mock):
    """A clerk of the family court signed in, certificates checked under the TEST root."""
    window, ctx = gui
    mock = start_mock()
    ctx.proof.close()
    ctx.proof = Proof("test")
    sign_in(qtbot, window, mock.url)
    window.nav.setCurrentRow(window.pages.indexOf(window.redeem))
    return window, ctx, mock


def redeem(qtbot, view, code: str, password: str) -> None:
    view.code.clear()
    view.password.clear()
    type_text(view.code, code)
    type_text(view.password, password)
    with qtbot.waitSignal(view.requestFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.fetch_button, Qt.MouseButton.LeftButton)


def test_redeem_shows_the_certificate_and_proves_it(qtbot, redeeming, tmp_path) -> None:
    window, _ctx, mock = redeeming
    issued = issue(mock.url)
    view = window.redeem
    # The person reads the code out in Persian digits; both digit sets are accepted.
    redeem(qtbot, view, to_persian_digits(issued["tracking_code"]), issued["usage_password"])
    assert view.outcome is not None, view.banner.text()
    assert view.outcome.verification.verdict is Verdict.VALID
    assert view.verdict.text() == verdicts.verdict_text(Verdict.VALID)
    assert view.verdict.kind == "success"
    claims = view.outcome.claims
    assert claims["national_id"] == NID
    assert view.person.text() == f"{claims['first_name']} {claims['last_name']}"
    assert view.document.pageCount() == 1  # the PDF itself is on screen
    assert view.password.text() == ""  # a usage password is not kept on screen
    # The verification report: what was checked, for whom, with the file's hash.
    report = tmp_path / "report.pdf"
    with qtbot.waitSignal(view.save_report_to(str(report)).finished, timeout=TIMEOUT_MS):
        pass
    text = "".join(page.extract_text() for page in pypdf.PdfReader(report).pages)
    assert view.outcome.sha256 in text.replace("\n", "")
    assert claims["serial"] in text


NEVER_ISSUED = "14051234567" + luhn_digit("14051234567")


def test_a_wrong_usage_password_or_an_unknown_code_says_check_both(qtbot, redeeming) -> None:
    window, _ctx, mock = redeeming
    issued = issue(mock.url)
    view = window.redeem
    wrong = "ABCD2345" if issued["usage_password"] != "ABCD2345" else "WXYZ6789"
    sentence = errors_text(
        "The tracking code or the usage password is wrong. Check both with the person; "
        "a few wrong usage passwords lock the code."
    )
    redeem(qtbot, view, issued["tracking_code"], wrong)
    assert view.banner.text() == sentence
    redeem(qtbot, view, NEVER_ISSUED, wrong)
    assert view.banner.text() == sentence
    assert view.code.text()  # the code stays for the next try
    assert view.outcome is None


def test_a_mistyped_code_is_caught_before_sending(qtbot, redeeming) -> None:
    window, _ctx, mock = redeeming
    issued = issue(mock.url)
    view = window.redeem
    code = issued["tracking_code"]
    last = code[-1]
    mistyped = code[:-1] + str((int(last) + 1) % 10)
    before = httpx.get(f"{mock.url}/_mock/stats", timeout=10).json()
    redeem(qtbot, view, mistyped, issued["usage_password"])
    assert view.banner.text() == errors_text(
        "This tracking code is mistyped: it has 12 digits, the last a check digit."
    )
    assert httpx.get(f"{mock.url}/_mock/stats", timeout=10).json() == before


def test_an_agency_without_the_redeem_scope_has_no_redeem_screen(qtbot, gui, start_mock) -> None:
    window, _ctx = gui
    mock = start_mock()
    sign_in_as(qtbot, window, mock.url, DEMO_USER2)
    assert window.header.isVisible()
    assert window.nav.item_of(window.redeem).isHidden()
    assert not window.nav.item_of(window.inquiry).isHidden()


def sign_in_as(qtbot, window, url: str, username: str) -> None:
    from tests.conftest import DEMO_PASSWORD, read_otp_code
    from tests.test_gui import choose_server

    view = window.sign_in
    choose_server(window, url)
    view.username.setText(username)
    view.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(view.codeRequested, timeout=TIMEOUT_MS):
        view.start()
    view.code.setText(read_otp_code(url, username))
    with qtbot.waitSignal(window.signedIn, timeout=TIMEOUT_MS):
        view.verify()


def test_revoked_after_a_revocation_update(qtbot, redeeming, tmp_path) -> None:
    window, _ctx, mock = redeeming
    issued = issue(mock.url)
    view = window.redeem
    redeem(qtbot, view, issued["tracking_code"], issued["usage_password"])
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(view.outcome.pdf)
    httpx.post(f"{mock.url}/_mock/revoke", json={"serial": issued["serial"]}, timeout=10)
    check = window.verify
    with qtbot.waitSignal(check.update_revocations().finished, timeout=TIMEOUT_MS):
        pass
    with qtbot.waitSignal(check.verified, timeout=TIMEOUT_MS * 2):
        check.verify_paths([str(pdf)])
    assert check.model.items()[0].verdict is Verdict.REVOKED
    assert Path(check.model.items()[0].source) == pdf


def test_printing_a_certificate_prints_its_pages(qapp, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desktop.mock_backend.certificates.issuer import make_certificate
    from desktop.ui.printing import print_pdf

    _claims, pdf = make_certificate(NID, keys=issuer_fixtures.issuer())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    print_pdf(pdf, printer)
    printed = pypdf.PdfReader(out)
    assert len(printed.pages) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert out.stat().st_size > 20_000  # a rendered page, not an empty one
