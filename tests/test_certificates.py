"""Certificates: the mock issues them, the core proves them, and refuses every forgery.

Certificates are issued by calling the mock's package directly; each hostile case is a
named test that must end in its own verdict, never VALID and never an exception.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign.validation.status import SignatureCoverageLevel

from desktop import app
from desktop.core.certificates import (
    RevocationCache,
    RevocationData,
    RevocationError,
    SandboxedVerifier,
    TrustProfile,
    Verdict,
    load_crl,
    parse_payload,
    verify_bytes,
    verify_image,
    verify_path,
    verify_pdf,
)
from desktop.core.certificates import qr as core_qr
from desktop.core.certificates.structure import LayoutError, signed_layout
from desktop.mock_backend.certificates import document, keys
from desktop.mock_backend.certificates import qr as mock_qr
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures
from tests.forgeries import CLASSES, DIGEST_ONLY, FORGED_PERSON, Layout, forged_claims, rebalanced

REPO = Path(__file__).resolve().parents[1]
NID = "0012345679"
OTHER_NID = "0499370899"


@pytest.fixture(scope="module")
def issuer() -> keys.IssuerKeys:
    return issuer_fixtures.issuer()


@pytest.fixture(scope="module")
def trust() -> TrustProfile:
    return issuer_fixtures.trusted()


@pytest.fixture(scope="module")
def issued(issuer: keys.IssuerKeys) -> tuple[dict[str, Any], bytes]:
    return make_certificate(NID, keys=issuer)


@pytest.fixture(scope="module")
def crl(issuer: keys.IssuerKeys, trust: TrustProfile) -> RevocationData:
    return load_crl(build_crl([], issuer), trust)


def now_for(claims: dict[str, Any], days: float = 1) -> dt.datetime:
    issued = dt.datetime.fromisoformat(claims["issued_at"].replace("Z", "+00:00"))
    return issued + dt.timedelta(days=days)


def check(pdf: bytes, trust: TrustProfile, crl: RevocationData | None, **kw: Any) -> Any:
    started = time.perf_counter()
    result = verify_pdf(pdf, trust, crl, **kw)
    assert time.perf_counter() - started < 10
    return result


def signed(claims: dict[str, Any], issuer: keys.IssuerKeys) -> bytes:
    return document.sign_pdf(document.render_pdf(claims), issuer)


def incremental(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def issued_with(
    claims: dict[str, Any],
    change: Callable[[IncrementalPdfFileWriter], None],
    issuer: keys.IssuerKeys,
) -> bytes:
    """A certificate the issuer itself signed with ``change`` made before signing, the
    change written into the document (one revision and the signature's, as issued)."""
    changed = PdfFileReader(io.BytesIO(incremental(document.render_pdf(claims), change)))
    out = io.BytesIO()
    copy_into_new_writer(changed).write(out)
    return document.sign_pdf(out.getvalue(), issuer)


def add_javascript(writer: IncrementalPdfFileWriter) -> None:
    action = generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject("app.alert('hi')"),
        }
    )
    writer.root[generic.NameObject("/OpenAction")] = writer.add_object(action)
    writer.update_root()


def scan_of(payload: str, *, fmt: str = "PNG") -> bytes:
    """A page-like picture with the QR on it, as a scanner would give."""
    qr = Image.open(io.BytesIO(mock_qr.qr_png(payload)))
    qr = qr.resize((qr.width * 8, qr.height * 8), Image.NEAREST)
    page = Image.new("L", (qr.width + 400, qr.height + 600), 255)
    page.paste(qr, (200, 400))
    out = io.BytesIO()
    page.save(out, format=fmt)
    return out.getvalue()


# formats shared by the issuer and the verifier -------------------------------------------


def test_qr_payload_encoded_by_the_mock_decodes_in_core(issuer: keys.IssuerKeys) -> None:
    kid = mock_qr.key_id(issuer.signer_key.public_key())
    assert kid == core_qr.key_id(issuer.signer_cert.public_key())
    claims = mock_qr.qr_claims(
        "1234567890123456", NID, "pensioner", 1_800_000_000, 1_802_592_000, kid
    )
    text = mock_qr.encode_payload(claims, issuer.signer_key)
    payload = parse_payload(text)
    assert payload.claims.serial == "1234567890123456"
    assert payload.claims.national_id == NID
    assert payload.claims.status == "pensioner"
    assert payload.claims.issued == dt.datetime.fromtimestamp(1_800_000_000, dt.UTC)
    assert payload.claims.key_id == kid
    assert core_qr.signature_ok(payload, issuer.signer_cert.public_key())
    assert len(text) < 300, "the QR must stay small enough to print legibly"


def test_qr_pixels_read_as_the_same_pixels_read_by_pillow() -> None:
    """The page's QR pixels go to zxing-cpp as a view of their bytes; what it reads is
    what it reads from a Pillow image of the same pixels."""
    import qrcode

    for text in ("SSO1:" + "A" * 200, "https://example.org/"):
        picture = qrcode.make(text).get_image().convert("L")
        pixels = (picture.width, picture.height, picture.tobytes())
        assert core_qr.read_qr_pixels(*pixels) == core_qr.read_qr_texts(picture) == [text]
    with pytest.raises(TypeError):  # bytes that are not width × height pixels
        core_qr.read_qr_pixels(30, 30, bytes(899))


def test_qr_payload_refuses_garbage() -> None:
    for text in ("", "SSO1:", "SSO1:abc", "SSO2:e30.AAAA", "SSO1:e30." + "A" * 86, "x" * 5000):
        with pytest.raises(core_qr.QrFormatError):
            parse_payload(text)


def test_embedded_claims_carry_every_status_field(issued: tuple[dict[str, Any], bytes]) -> None:
    claims, pdf = issued
    for name in (
        "national_id", "first_name", "last_name", "father_name", "birth_date", "status",
        "insurance_number", "insurance_kind", "last_contribution_month", "total_record",
        "workshop", "branch", "pension_kind", "serial", "issued_at", "expires_at", "qr",
    ):  # fmt: skip
        assert name in claims
    assert claims["format"] == "estelam-sso-certificate/1"
    issued_at = dt.datetime.fromisoformat(claims["issued_at"].replace("Z", "+00:00"))
    expires_at = dt.datetime.fromisoformat(claims["expires_at"].replace("Z", "+00:00"))
    assert expires_at - issued_at == dt.timedelta(days=30)
    assert pdf.startswith(b"%PDF-")


# the VALID path and the trust profiles ---------------------------------------------------


def test_valid_certificate(issued, trust, crl) -> None:
    claims, pdf = issued
    result = check(pdf, trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.VALID, result.reason
    assert all(c.outcome == "pass" for c in result.checks)
    assert result.profile == "test"
    assert result.claims is not None and result.claims["serial"] == claims["serial"]
    assert result.revocation.available and result.revocation.age_seconds is not None
    as_json = result.to_json()
    assert as_json["verdict"] == "VALID" and as_json["revocation"]["fresh"] is True
    assert {c["name"] for c in as_json["checks"]} >= {"signer_trusted", "qr_signature"}


def test_production_profile_never_trusts_the_test_root(issued, crl, issuer) -> None:
    claims, pdf = issued
    production = TrustProfile.named("production")
    result = check(pdf, production, crl, now=now_for(claims))
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.profile == "production"
    # Even with the TEST root copied into it, the production profile refuses it.
    smuggled = TrustProfile.build("production", [issuer.root_cert], [issuer.signer_cert])
    assert smuggled.roots == ()
    assert check(pdf, smuggled, None, now=now_for(claims)).verdict is Verdict.UNTRUSTED_SIGNER


# hostile PDFs, each by name --------------------------------------------------------------


def test_byte_changed_inside_the_signed_range(issued, trust, crl) -> None:
    claims, pdf = issued
    at = pdf.index(claims["national_id"].encode()) + 3
    forged = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    result = check(forged, trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.TAMPERED
    assert result.check("signature_intact").outcome == "fail"


def test_content_added_by_an_incremental_update(issued, trust, crl) -> None:
    claims, pdf = issued

    def retitle(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"]
        info[generic.NameObject("/Title")] = generic.TextStringObject("edited")
        writer.update_container(info)

    result = check(incremental(pdf, retitle), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.TAMPERED
    assert result.check("covers_whole_file").outcome == "fail"
    assert result.check("no_changes_after_signing").outcome == "fail"


def test_bytes_appended_after_the_signature(issued, trust, crl) -> None:
    claims, pdf = issued
    # A strict reader refuses a stray trailer; a comment after %%EOF is read, then caught.
    assert check(pdf + b"\n%%EOF\n", trust, crl).verdict is Verdict.UNREADABLE
    assert check(pdf + b"% x\n", trust, crl, now=now_for(claims)).verdict is Verdict.TAMPERED


def test_resigned_by_an_untrusted_key(trust, crl) -> None:
    # An impostor with names identical to the real ones, but its own keys.
    impostor, _ = keys.make_keys()
    forged_claims, forged = make_certificate(NID, keys=impostor)
    result = check(forged, trust, crl, now=now_for(forged_claims))
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.check("signature_intact").outcome == "pass"


def test_expired(issued, trust, crl, issuer) -> None:
    claims, pdf = issued
    result = check(pdf, trust, crl, now=now_for(claims, days=30.01))
    assert result.verdict is Verdict.EXPIRED
    late = now_for(claims, days=29.9)
    fresh = load_crl(build_crl([], issuer, now=late.timestamp() - 60), trust)
    assert check(pdf, trust, fresh, now=late).verdict is Verdict.VALID


def test_revoked(issued, trust, issuer) -> None:
    claims, pdf = issued
    revoked = load_crl(build_crl([(claims["serial"], time.time())], issuer), trust)
    result = check(pdf, trust, revoked, now=now_for(claims))
    assert result.verdict is Verdict.REVOKED
    assert claims["serial"] in result.check("not_revoked").detail


def test_qr_of_another_certificate_pasted_in(issued, trust, crl, issuer, monkeypatch) -> None:
    claims, _ = issued
    other, _ = make_certificate(OTHER_NID, keys=issuer)
    # Embedded payload swapped for another certificate's (validly signed) one.
    swapped = {**claims, "qr": other["qr"]}
    result = check(signed(swapped, issuer), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.CLAIMS_MISMATCH
    assert "serial" in result.check("qr_matches_claims").detail
    # Only the printed QR swapped: the page no longer shows the signed payload.
    real_png = document.qr_png
    monkeypatch.setattr(document, "qr_png", lambda _: real_png(other["qr"]))
    result = check(signed(claims, issuer), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.CLAIMS_MISMATCH
    assert result.check("page_qr_matches").outcome == "fail"


def test_tampered_qr_payload(issued, trust, crl, issuer) -> None:
    claims, _ = issued
    head, sig = claims["qr"].split(".")
    body = json.loads(core_qr._unb64(head[len("SSO1:") :]))
    body["st"] = "pensioner"
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    forged_qr = "SSO1:" + mock_qr.b64url(text) + "." + sig
    result = check(signed({**claims, "qr": forged_qr}, issuer), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.TAMPERED
    assert result.check("qr_signature").outcome == "fail"


def test_claims_disagree_between_qr_and_pdf(issued, trust, crl, issuer) -> None:
    claims, _ = issued
    lying = {**claims, "status": "pensioner" if claims["status"] != "pensioner" else "not_found"}
    result = check(signed(lying, issuer), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.CLAIMS_MISMATCH
    assert "status" in result.check("qr_matches_claims").detail


def test_not_a_pdf(tmp_path: Path, trust, crl) -> None:
    fake = tmp_path / "certificate.pdf"
    fake.write_text("Dear clerk, this is certainly a certificate.\n")
    assert verify_path(fake, trust, crl).verdict is Verdict.NOT_A_CERTIFICATE
    assert verify_pdf(b"\x00" * 100, trust, crl).verdict is Verdict.NOT_A_CERTIFICATE
    assert verify_pdf(b"", trust, crl).verdict is Verdict.NOT_A_CERTIFICATE


def test_truncated_pdf(issued, trust, crl) -> None:
    _, pdf = issued
    for cut in (len(pdf) // 2, len(pdf) - 200, 400):
        assert check(pdf[:cut], trust, crl).verdict is Verdict.UNREADABLE


def test_encrypted_pdf(trust, crl) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    result = check(out.getvalue(), trust, crl)
    assert result.verdict is Verdict.UNREADABLE
    assert "encrypted" in result.reason


def test_unsigned_pdf(issued, trust, crl) -> None:
    claims, _ = issued
    result = check(document.render_pdf(claims), trust, crl)
    assert result.verdict is Verdict.NOT_A_CERTIFICATE
    assert "no digital signature" in result.reason


def zlib_bomb(size: int = 2 << 30) -> bytes:
    """A Flate stream of ``size`` zero bytes (2 GiB by default) in about 2 MB.

    One 64 MiB block, flushed so it stands alone, is repeated: quick to make here.
    """
    block_size = 64 << 20
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(bytes(block_size)) + deflate.flush(zlib.Z_FULL_FLUSH)
    count = size // block_size
    adler = (((size % 65521) << 16) | 1).to_bytes(4, "big")  # Adler-32 of zeros
    return b"\x78\xda" + block * count + b"\x03\x00" + adler


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zlib_bomb()


def test_decompression_bomb_as_the_claims(issued, trust, crl, issuer, bomb) -> None:
    """A trusted-signed file whose claims.json inflates to 2 GiB: refused at the cap."""
    claims, _ = issued

    def plant(writer: IncrementalPdfFileWriter) -> None:
        spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1]
        stream = generic.StreamObject(
            {generic.NameObject("/Filter"): generic.NameObject("/FlateDecode")},
            encoded_data=bomb,
        )
        spec["/EF"][generic.NameObject("/F")] = writer.add_object(stream)
        writer.update_container(spec)

    planted = issued_with(claims, plant, issuer)
    started = time.perf_counter()
    result = check(planted, trust, crl, now=now_for(claims))
    assert time.perf_counter() - started < 5
    assert result.verdict is Verdict.NOT_A_CERTIFICATE
    assert result.check("signer_trusted").outcome == "pass"


def test_decompression_bomb_as_an_object_stream(trust, crl, bomb) -> None:
    """An object stream the reader must inflate to find the catalog."""
    body = io.BytesIO()
    body.write(b"%PDF-1.7\n")
    offset = body.tell()
    body.write(
        b"1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(bomb)).encode()
        + b" >>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\n"
    )
    xref_at = body.tell()
    xref = (
        b"\x01" + offset.to_bytes(4, "big") + b"\x00" + b"\x02" + (1).to_bytes(4, "big") + b"\x00"
    )
    body.write(
        b"3 0 obj\n<< /Type /XRef /Size 4 /Index [1 2] /W [1 4 1] /Root 2 0 R /Length "
        + str(len(xref)).encode()
        + b" >>\nstream\n"
        + xref
        + b"\nendstream\nendobj\nstartxref\n"
        + str(xref_at).encode()
        + b"\n%%EOF\n"
    )
    started = time.perf_counter()
    result = check(body.getvalue(), trust, crl)
    assert time.perf_counter() - started < 5
    assert result.verdict in (Verdict.UNREADABLE, Verdict.NOT_A_CERTIFICATE)


def test_pdf_with_javascript_added_after_signing(issued, trust, crl) -> None:
    claims, pdf = issued
    result = check(incremental(pdf, add_javascript), trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.TAMPERED


def test_pdf_with_javascript_signed_by_the_issuer(issued, trust, crl, issuer) -> None:
    claims, _ = issued
    scripted = issued_with(claims, add_javascript, issuer)
    result = check(scripted, trust, crl, now=now_for(claims))
    assert result.verdict is Verdict.NOT_A_CERTIFICATE
    assert "JavaScript" in result.check("no_active_content").detail


def test_oversized_file_is_refused_unread(trust, crl) -> None:
    result = verify_bytes(b"%PDF-1.7\n" + bytes(11 * 1024 * 1024), trust, crl)
    assert result.verdict is Verdict.UNREADABLE
    assert "MiB" in result.reason


# revocation data ---------------------------------------------------------------------------


def test_no_revocation_data_is_indeterminate(issued, trust) -> None:
    claims, pdf = issued
    result = check(pdf, trust, None, now=now_for(claims))
    assert result.verdict is Verdict.INDETERMINATE
    assert result.verdict.is_amber
    assert not result.revocation.available


def test_stale_revocation_data(issued, trust, issuer) -> None:
    claims, pdf = issued
    old = time.time() - 8 * 86400
    stale = load_crl(build_crl([], issuer, now=old, lifetime=dt.timedelta(days=30)), trust)
    result = check(pdf, trust, stale, now=now_for(claims))
    assert result.verdict is Verdict.REVOCATION_STALE
    assert result.revocation.age_seconds is not None and result.revocation.age_seconds > 7 * 86400
    assert "days old" in result.check("revocation_fresh").detail


def test_revocation_list_from_an_untrusted_signer_is_refused(trust) -> None:
    impostor, _ = keys.make_keys()
    with pytest.raises(RevocationError):
        load_crl(build_crl([], impostor), trust)
    with pytest.raises(RevocationError):
        load_crl(b"not a crl", trust)


def test_revocation_cache_round_trip_and_no_rollback(tmp_path: Path, trust, issuer) -> None:
    cache = RevocationCache(tmp_path / "trust-cache.sqlite3")
    assert cache.load(trust) is None
    newer = build_crl([("1234567890123456", time.time())], issuer)
    cache.store(newer, trust)
    loaded = cache.load(trust)
    assert loaded is not None and loaded.is_revoked("1234567890123456")
    older = build_crl([], issuer, now=time.time() - 3600)
    with pytest.raises(RevocationError):
        cache.store(older, trust)
    pem = load_crl(newer, trust)
    assert pem.this_update == loaded.this_update


# images: a scan of the printout ------------------------------------------------------------


def test_scan_of_a_valid_certificate(issued, trust, crl) -> None:
    claims, _ = issued
    for fmt in ("PNG", "JPEG"):
        result = verify_image(scan_of(claims["qr"], fmt=fmt), trust, crl, now=now_for(claims))
        assert result.verdict is Verdict.VALID, (fmt, result.reason)
        assert result.kind == "image"
        assert result.claims is not None and result.claims["national_id"] == NID


def test_scan_verdicts(issued, trust, crl, issuer) -> None:
    claims, _ = issued
    when = now_for(claims)
    assert verify_image(scan_of(claims["qr"]), trust, crl, now_for(claims, 31)).verdict is (
        Verdict.EXPIRED
    )
    revoked = load_crl(build_crl([(claims["serial"], time.time())], issuer), trust)
    assert verify_image(scan_of(claims["qr"]), trust, revoked, when).verdict is Verdict.REVOKED
    production = TrustProfile.named("production")
    assert verify_image(scan_of(claims["qr"]), production, None, when).verdict is (
        Verdict.UNTRUSTED_SIGNER
    )
    head, sig = claims["qr"].split(".")
    tampered = head[:-2] + ("A" if head[-2] != "A" else "B") + head[-1] + "." + sig
    assert verify_image(scan_of(tampered), trust, crl, when).verdict in (
        Verdict.TAMPERED,
        Verdict.UNTRUSTED_SIGNER,
    )
    impostor, _ = keys.make_keys()
    forged, _ = make_certificate(NID, keys=impostor)
    assert verify_image(scan_of(forged["qr"]), trust, crl, when).verdict is (
        Verdict.UNTRUSTED_SIGNER
    )


def test_scan_with_a_payload_altered_but_its_key_id_kept(issued, trust, crl) -> None:
    claims, _ = issued
    head, sig = claims["qr"].split(".")
    body = json.loads(core_qr._unb64(head[len("SSO1:") :]))
    body["e"] += 365 * 86400
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    forged = "SSO1:" + mock_qr.b64url(text) + "." + sig
    result = verify_image(scan_of(forged), trust, crl, now_for(claims))
    assert result.verdict is Verdict.TAMPERED


def test_images_that_are_not_certificates(tmp_path: Path, trust, crl) -> None:
    blank = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(blank, format="PNG")
    assert verify_image(blank.getvalue(), trust, crl).verdict is Verdict.NOT_A_CERTIFICATE
    other_qr = io.BytesIO()
    import qrcode

    qrcode.make("https://example.org/").save(other_qr)
    assert verify_image(other_qr.getvalue(), trust, crl).verdict is Verdict.NOT_A_CERTIFICATE
    truncated = tmp_path / "scan.png"
    truncated.write_bytes(blank.getvalue()[:60])
    assert verify_path(truncated, trust, crl).verdict is Verdict.UNREADABLE


def test_image_pixel_bomb_is_refused(trust, crl) -> None:
    # A tiny PNG that declares 100000 × 100000 pixels.
    huge = io.BytesIO()
    Image.new("1", (1, 1)).save(huge, format="PNG")
    data = bytearray(huge.getvalue())
    data[16:24] = (100_000).to_bytes(4, "big") + (100_000).to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # IHDR's CRC
    started = time.perf_counter()
    result = verify_image(bytes(data), trust, crl)
    assert time.perf_counter() - started < 2
    assert result.verdict is Verdict.UNREADABLE


def test_dispatch_by_content_not_extension(tmp_path: Path, issued, trust, crl) -> None:
    claims, pdf = issued
    disguised_pdf = tmp_path / "photo.png"
    disguised_pdf.write_bytes(pdf)
    disguised_scan = tmp_path / "certificate.pdf"
    disguised_scan.write_bytes(scan_of(claims["qr"]))
    as_pdf = verify_path(disguised_pdf, trust, crl, now_for(claims))
    as_image = verify_path(disguised_scan, trust, crl, now_for(claims))
    assert (as_pdf.kind, as_pdf.verdict) == ("pdf", Verdict.VALID)
    assert (as_image.kind, as_image.verdict) == ("image", Verdict.VALID)
    assert as_pdf.source == str(disguised_pdf)
    missing = verify_path(tmp_path / "nope.pdf", trust, crl)
    assert missing.verdict is Verdict.UNREADABLE


# the sandbox -------------------------------------------------------------------------------


def test_sandbox_verifies_and_survives_a_bomb(issued, trust, crl, bomb, tmp_path) -> None:
    claims, pdf = issued
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf)
    hostile = tmp_path / "bomb.pdf"
    hostile.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Length 5 >>\nstream\n" + bomb[:5000])
    with SandboxedVerifier(trust, crl, workers=2, timeout_s=20) as sandbox:
        results = list(sandbox.verify_many([good, hostile, good], now=now_for(claims)))
    assert [r.verdict for r in results] == [Verdict.VALID, Verdict.UNREADABLE, Verdict.VALID]
    assert results[0].source == str(good)


def test_sandbox_stops_a_file_that_takes_too_long(issued, trust, crl) -> None:
    claims, pdf = issued
    # A full check takes about 10 ms; a 1 ms allowance cannot be met.
    with SandboxedVerifier(trust, crl, timeout_s=0.001) as sandbox:
        started = time.perf_counter()
        result = sandbox.verify_bytes(pdf, now=now_for(claims), source="slow.pdf")
        assert result.verdict is Verdict.UNREADABLE
        assert "longer than" in result.reason
        assert result.source == "slow.pdf"
        sandbox.timeout_s = 20  # the killed worker is replaced on the next file
        assert sandbox.verify_bytes(pdf, now=now_for(claims)).verdict is Verdict.VALID
    assert time.perf_counter() - started < 60


def test_trust_profile_crosses_into_the_worker(issuer) -> None:
    import pickle

    profile = issuer_fixtures.trusted()
    copy = pickle.loads(pickle.dumps(profile))
    assert copy.name == "test"
    assert copy.roots == profile.roots and copy.signers == profile.signers
    der = issuer.root_cert.public_bytes(serialization.Encoding.DER)
    assert copy.pyhanko_roots[0].dump() == der


# the forgery corpus (tests/forgeries.py) ---------------------------------------------------


def test_the_certificate_the_forgeries_start_from_is_valid(issued, trust, crl) -> None:
    claims, pdf = issued
    assert check(pdf, trust, crl, now=now_for(claims)).verdict is Verdict.VALID
    layout = signed_layout(pdf)
    assert layout.byte_range[0] == 0 and sum(layout.byte_range[2:]) == len(pdf)
    assert layout.revisions == 2


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_forgery_is_never_valid(name: str, issued, issuer, trust, crl) -> None:
    """Each class TAMPERED (or UNREADABLE), decided before trust, and no claim the
    forger wrote is shown as checked."""
    claims, pdf = issued
    forged = CLASSES[name](pdf, issuer)
    assert forged != pdf
    result = check(forged, trust, crl, now=now_for(claims))
    assert result.verdict in (Verdict.TAMPERED, Verdict.UNREADABLE), (result.verdict, result.reason)
    if result.verdict is Verdict.TAMPERED:
        trusted = result.check("signer_trusted")
        assert trusted is not None and trusted.outcome == "skipped"
        assert result.claims is None


@pytest.mark.parametrize("name", sorted(set(CLASSES) - DIGEST_ONLY))
def test_the_byte_layout_alone_refuses_every_forgery(name: str, issued, issuer) -> None:
    """Not only pyHanko's errors: the bytes themselves say no to each (but an edit in
    place, which only the digest sees)."""
    with pytest.raises(LayoutError):
        signed_layout(CLASSES[name](issued[1], issuer))


def test_the_published_attack_balances_pyhankos_arithmetic(issued) -> None:
    """What made the attack read VALID: pyHanko reads the forged claims and still
    reports the whole file covered by an intact signature."""
    lay = Layout.of(issued[1])
    forged = rebalanced(lay, {lay.claims: forged_claims(lay)})
    assert Layout.of(forged).claims_json["first_name"] == FORGED_PERSON["first_name"]
    sig = next(iter(PdfFileReader(io.BytesIO(forged)).embedded_signatures))
    assert sig.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE


def test_the_command_line_says_the_published_attack_is_tampered(
    issued, issuer, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "forged.pdf"
    path.write_bytes(CLASSES["published-attack/table"](issued[1], issuer))
    crl_file = tmp_path / "sso.crl"
    crl_file.write_bytes(build_crl([], issuer))
    # Through the app's entry point, as `estelam-desk verify` runs.
    code = app.main(["verify", str(path), "--profile", "test", "--crl", str(crl_file), "--json"])
    assert code == 5
    (file,) = json.loads(capsys.readouterr().out)["files"]
    assert file["verdict"] == "TAMPERED"
    assert file["claims"] is None
