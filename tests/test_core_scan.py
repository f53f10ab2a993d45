"""Counter scans in core: text typed under the Persian layout read back as US keys, a
scanned QR text checked and audited, a camera frame's QR found and checked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from desktop.core import scan
from desktop.core.audit import AuditLog, Kind
from desktop.core.certificates import RevocationCache, Verdict
from desktop.core.keyboard import PERSIAN_TO_US, typed_under_persian, us_keys
from desktop.core.proof import Proof
from desktop.mock_backend.certificates import qr as mock_qr
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures

NID = "0012345679"


def persian_typing(text: str) -> str:
    """What the keys of US `text` type under the Persian layout (the table read back)."""
    keys = {us: fa for fa, us in PERSIAN_TO_US.items() if not "٠" <= fa <= "٩"}
    return "".join(keys[c] for c in text)


@pytest.fixture(scope="module")
def payload() -> str:
    claims, _pdf = make_certificate(NID, keys=issuer_fixtures.issuer())
    return claims["qr"]


@pytest.fixture
def proof(tmp_path: Path):
    cache = RevocationCache(tmp_path / "trust.sqlite3")
    cache.store(build_crl([], issuer_fixtures.issuer()), issuer_fixtures.trusted())
    proof = Proof("test", cache)
    yield proof
    proof.close()


# the keyboard layout ---------------------------------------------------------------------


def test_the_layout_table_is_one_key_per_character() -> None:
    # Two levels of 47 keys, and the Arabic-Indic digits: no character claimed twice.
    assert len(PERSIAN_TO_US) == 2 * 47 + 10
    typed = [us for fa, us in PERSIAN_TO_US.items() if not "٠" <= fa <= "٩"]
    assert len(set(typed)) == len(typed) == 94  # every printable ASCII but the space


def test_the_start_of_a_payload_under_the_persian_layout() -> None:
    # Shift+S, Shift+S, Shift+O, 1, Shift+; and e, y, J as ISIRI 9147 types them.
    assert us_keys("ئئ]۱:ثغة") == "SSO1:eyJ"
    assert us_keys("ضصثقفغعهخحجچ") == "qwertyuiop[]"
    assert us_keys("ؤئيإأآةك\u200cء") == "ASDFGHJZBM"


def test_a_whole_payload_typed_under_either_layout_reads_the_same(payload: str) -> None:
    typed = persian_typing(payload)
    assert typed_under_persian(typed)
    assert us_keys(typed) == payload
    assert us_keys(payload) == payload  # typed under a Latin layout: left as it is


def test_digits_in_either_arabic_script_read_as_ascii() -> None:
    assert us_keys("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert us_keys("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_latin_text_with_brackets_is_not_remapped() -> None:
    # ']' is Shift+O only when the text came from the Persian layout.
    assert us_keys("a]b[") == "a]b["


# a scanned text --------------------------------------------------------------------------


def test_a_typed_payload_is_checked_as_a_scan_and_audited(
    proof: Proof, payload: str, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    result = scan.check_text(proof, persian_typing(payload) + "\n", audit=audit)
    assert result.verdict is Verdict.VALID
    assert result.kind == "image"  # QR-only: the verdict of a scan of the page
    assert result.source == scan.SCANNER
    assert result.claims is not None and result.claims["national_id"] == NID
    (entry,) = audit.search(kinds=[Kind.VERIFY])
    assert entry.outcome == "VALID"
    assert entry.server_ref == result.claims["serial"]
    audit.close()


def test_a_text_that_is_no_certificates_says_so(proof: Proof, tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    result = scan.check_text(proof, "https://example.com/menu", audit=audit)
    assert result.verdict is Verdict.NOT_A_CERTIFICATE
    assert "not a certificate's QR code" in result.reason
    assert [e.outcome for e in audit.search(kinds=[Kind.VERIFY])] == ["NOT_A_CERTIFICATE"]
    audit.close()


def test_a_cut_short_scan_asks_for_another_not_a_forgery(proof: Proof, payload: str) -> None:
    result = scan.check_text(proof, payload[:-7])
    assert result.verdict is Verdict.UNREADABLE
    assert "scan again" in result.reason


def test_changed_claims_under_the_old_signature_are_tampered(proof: Proof, payload: str) -> None:
    key = issuer_fixtures.issuer().signer_key
    kid = mock_qr.key_id(key.public_key())
    claims = mock_qr.qr_claims("1", "0000000000", "pensioner", 0, 2_000_000_000, kid)
    body = mock_qr.encode_payload(claims, key).split(".")[0]
    result = scan.check_text(proof, body + "." + payload.split(".")[1])
    assert result.verdict is Verdict.TAMPERED


# camera frames ---------------------------------------------------------------------------


def frame_of(payload: str) -> Image.Image:
    """A 1280×720 greyscale frame: a QR code at the size a webcam sees a printout's."""
    from tests.test_certificates import scan_of

    page = Image.open(io.BytesIO(scan_of(payload))).convert("L")
    qr = page.resize((page.width // 2, page.height // 2), Image.BILINEAR)
    frame = Image.new("L", (1280, 720), 235)
    frame.paste(qr, (300, 0))
    return frame


def check(proof: Proof, frame: Image.Image, audit: AuditLog | None = None) -> scan.FrameCheck:
    return scan.check_frame(
        proof, frame.width, frame.height, frame.width, frame.tobytes(), audit=audit
    )


def test_a_frame_with_a_certificate_qr_gives_its_verdict(
    proof: Proof, payload: str, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    for frame in (
        frame_of(payload),
        frame_of(payload).rotate(15, resample=Image.BICUBIC, fillcolor=235),
        frame_of(payload).filter(ImageFilter.GaussianBlur(1.2)),
        frame_of(payload).point(lambda v: 110 + v * 50 // 255),  # low contrast
    ):
        found = check(proof, frame, audit)
        assert found.verification is not None and found.verification.verdict is Verdict.VALID
        assert found.verification.source == scan.CAMERA
    assert len(audit.search(kinds=[Kind.VERIFY])) == 4
    audit.close()


def test_frames_without_a_certificate_qr_are_passed_over_unrecorded(
    proof: Proof, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    empty = check(proof, Image.new("L", (640, 480), 128), audit)
    assert empty == scan.FrameCheck(None, 0)
    other = check(proof, frame_of("https://example.com/menu"), audit)
    assert other == scan.FrameCheck(None, 1)
    assert audit.search(kinds=[Kind.VERIFY]) == []
    audit.close()
