"""The offline verification screen, with real certificates from the mock's issuer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desktop.core.certificates import RevocationCache, TrustProfile, Verdict
from desktop.core.digits import to_persian_digits
from desktop.core.proof import Proof
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from desktop.ui import verdicts
from tests import issuer_fixtures
from tests.test_gui import TIMEOUT_MS


@pytest.fixture(scope="module")
def certificate() -> bytes:
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    return pdf


@pytest.fixture
def folder(tmp_path: Path, certificate: bytes) -> Path:
    folder = tmp_path / "certificates"
    folder.mkdir()
    (folder / "a-genuine.pdf").write_bytes(certificate)
    tampered = bytearray(certificate)
    middle = len(tampered) // 3
    tampered[middle] ^= 0x01
    (folder / "b-tampered.pdf").write_bytes(bytes(tampered))
    (folder / "c-letter.pdf").write_bytes(b"%PDF-1.4\nnot really\n%%EOF\n")
    (folder / "d-notes.txt").write_text("not a certificate either")
    return folder


def use_profile(ctx, profile: str, tmp_path: Path) -> None:
    cache = RevocationCache(tmp_path / "trust.sqlite3")
    if profile == "test":  # only the test authority's list verifies under its profile
        cache.store(build_crl([], issuer_fixtures.issuer()), TrustProfile.named(profile))
    ctx.proof.close()
    ctx.proof = Proof(profile, cache)


def check_folder(qtbot, view, folder: Path) -> list:
    with qtbot.waitSignal(view.verified, timeout=TIMEOUT_MS * 4):
        view.verify_paths([str(folder)])
    return view.model.items()


def test_a_folder_of_certificates(qtbot, gui, folder, tmp_path) -> None:
    window, ctx = gui
    use_profile(ctx, "test", tmp_path)
    view = window.verify
    results = check_folder(qtbot, view, folder)
    names = [Path(r.source).name for r in results]
    assert names == ["a-genuine.pdf", "b-tampered.pdf", "c-letter.pdf", "d-notes.txt"]
    assert results[0].verdict is Verdict.VALID
    assert results[1].verdict is Verdict.TAMPERED
    assert results[2].verdict not in (Verdict.VALID, Verdict.TAMPERED)
    assert results[3].verdict is Verdict.NOT_A_CERTIFICATE
    model = view.model
    assert model.data(model.index(0, 1)) == verdicts.verdict_text(Verdict.VALID)
    assert model.data(model.index(0, 3)) == "۰۰۱۲۳۴۵۶۷۹"
    # The first file is selected and its checks are listed, each passed.
    lines = [view.details.item(i).text() for i in range(view.details.count())]
    assert lines[0].startswith("✓") and all(line.startswith("✓") for line in lines[:-1])
    view.table.setCurrentIndex(view.model.index(1, 0))
    assert view.details_title.text().startswith(verdicts.verdict_text(Verdict.TAMPERED))
    assert "۴" in view.summary.text() and "۱" in view.summary.text()
    # The table exports for a supervisor, one line per file, verdicts as codes.
    out = tmp_path / "checked.csv"
    with qtbot.waitSignal(view.export_to(str(out)).finished, timeout=TIMEOUT_MS):
        pass
    lines = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [line[1] for line in lines[1:]] == [
        "VALID",
        "TAMPERED",
        str(results[2].verdict),
        "NOT_A_CERTIFICATE",
    ]
    assert lines[1][3] == results[0].claims["serial"]
    assert [line[-1] for line in lines] == ["نوع", "pdf", "pdf", "pdf", "unknown"]


def test_the_test_authority_is_never_valid_under_production(qtbot, gui, folder, tmp_path) -> None:
    window, ctx = gui
    use_profile(ctx, "production", tmp_path)
    view = window.verify
    view.retranslate()
    assert view.trust.text() == verdicts.profile_text("production")
    results = check_folder(qtbot, view, folder)
    assert results[0].verdict is Verdict.UNTRUSTED_SIGNER
    assert not any(r.ok for r in results)


def test_a_scan_reads_as_its_qr_code_genuine_with_its_claims_large(qtbot, gui, tmp_path) -> None:
    from desktop.core import wording
    from tests.test_certificates import scan_of

    window, ctx = gui
    use_profile(ctx, "test", tmp_path)
    claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdf)
    (folder / "b-scan.png").write_bytes(scan_of(claims["qr"]))
    view = window.verify
    pdf_result, scan_result = check_folder(qtbot, view, folder)
    assert pdf_result.verdict is scan_result.verdict is Verdict.VALID
    model = view.model
    scan_words = wording.SCAN_GENUINE.fa
    assert model.data(model.index(0, 1)) == verdicts.verdict_text(Verdict.VALID)
    assert model.data(model.index(1, 1)) == scan_words
    # The PDF: no scan card.
    view.table.setCurrentIndex(model.index(0, 0))
    assert view.scan_area.isHidden()
    # The scan: its own verdict, the QR's claims large, and what was not checked.
    view.table.setCurrentIndex(model.index(1, 0))
    assert view.details_title.text().startswith(scan_words)
    assert not view.scan_area.isHidden()
    card = view.scan
    assert card.values["national_id"].text() == "\u2066۰۰۱۲۳۴۵۶۷۹\u2069"
    assert card.values["status"].text() == wording.STATUS[claims["status"]].fa
    assert card.values["serial"].text().strip("\u2066\u2069") == to_persian_digits(claims["serial"])
    assert card.values["national_id"].font().pointSizeF() > view.font().pointSizeF()
    for words in wording.SCAN_NOT_CHECKED.values():
        assert words.fa in card.not_checked.text()
    # Everything in view at the clerk's smallest screen.
    assert window.minimumSizeHint().height() <= 720
    window.resize(1280, 720)
    assert window.height() <= 720
