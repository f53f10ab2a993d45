"""`estelam-desk verify`: files and folders, exit status, JSON, the revocation cache, and
the trust profile: production unless told otherwise, TEST said on every verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.certificates import RevocationCache
from desktop.mock_backend.certificates import keys
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures

TEST_ROOT = ["--profile", "test", "--trust-root"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A data directory where no demo ever ran: the test profile trusts what it is told.
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    certs = tmp_path / "certs"
    (certs / "inner").mkdir(parents=True)
    _, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    (certs / "one.pdf").write_bytes(pdf)
    (certs / "inner" / "two.bin").write_bytes(pdf)  # found by content, not name
    return certs


def trusting(*args: str) -> list[str]:
    return ["verify", *args, *TEST_ROOT, str(issuer_fixtures.root_pem())]


def test_valid_files_exit_zero_with_a_crl_file(folder: Path, tmp_path: Path, capsys) -> None:
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], issuer_fixtures.issuer()))
    assert cli_main.run(trusting(str(folder), "--crl", str(crl))) == 0
    out = capsys.readouterr().out
    assert "2 file(s): 2 VALID" in out
    assert "0.0 hours old" in out
    # Every verdict line says TEST, so none is taken for a real certificate's.
    verdict_lines = [line for line in out.splitlines() if line.startswith("VALID")]
    assert len(verdict_lines) == 2
    assert all(line.startswith("VALID [TEST]") for line in verdict_lines)


def test_a_file_that_is_not_valid_fails_the_run(folder: Path, capsys) -> None:
    (folder / "notes.pdf").write_text("not a certificate")
    # No list anywhere: the certificates are amber, the text file is not one.
    assert cli_main.run([*trusting(str(folder)), "--json"]) == 5
    doc = json.loads(capsys.readouterr().out)
    verdicts = {Path(f["path"]).name: f["verdict"] for f in doc["files"]}
    assert verdicts == {
        "one.pdf": "INDETERMINATE",
        "two.bin": "INDETERMINATE",
        "notes.pdf": "NOT_A_CERTIFICATE",
    }
    assert doc["all_valid"] is False and doc["profile"] == "test"
    assert doc["test_authority"] is True
    assert all(f["test_authority"] is True for f in doc["files"])
    assert doc["revocation"]["available"] is False
    assert all(f["checks"] for f in doc["files"])


def test_the_cached_revocation_list_is_used(folder: Path, capsys) -> None:
    RevocationCache().store(build_crl([], issuer_fixtures.issuer()), issuer_fixtures.trusted())
    assert cli_main.run(trusting(str(folder / "one.pdf"))) == 0
    assert "fresh" in capsys.readouterr().out


def test_production_is_the_default_profile(folder: Path, tmp_path: Path, capsys) -> None:
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], issuer_fixtures.issuer()))
    # Even with the TEST issuer's own list at hand, no TEST certificate is VALID by default.
    assert cli_main.run(["verify", str(folder / "one.pdf"), "--json"]) == 5
    doc = json.loads(capsys.readouterr().out)
    assert doc["profile"] == "production" and doc["test_authority"] is False
    assert doc["files"][0]["verdict"] == "UNTRUSTED_SIGNER"
    assert cli_main.run(["verify", str(folder / "one.pdf"), "--profile", "production"]) == 5
    out = capsys.readouterr().out
    assert out.startswith("UNTRUSTED_SIGNER ") and "[TEST]" not in out


def test_a_certificate_minted_with_ones_own_key_is_never_valid(
    folder: Path, tmp_path: Path, capsys
) -> None:
    # Anyone can make a root and a signer; without being told to trust it, nothing does.
    forger = keys.issuer_keys(tmp_path / "forger")
    _, forged = make_certificate("0012345679", keys=forger)
    path = tmp_path / "forged.pdf"
    path.write_bytes(forged)
    crl = tmp_path / "forger.crl"
    crl.write_bytes(build_crl([], forger))
    for profile in ([], ["--profile", "production"], ["--profile", "test"]):
        assert cli_main.run(["verify", str(path), *profile, "--json"]) == 5
        doc = json.loads(capsys.readouterr().out)
        assert doc["files"][0]["verdict"] == "UNTRUSTED_SIGNER"
    # Told explicitly, under the test profile only, and said so.
    forger_root = tmp_path / "forger" / "trust" / "test-root.pem"
    assert cli_main.run(["verify", str(path), *TEST_ROOT, str(forger_root), "--crl", str(crl)]) == 0
    assert "VALID [TEST]" in capsys.readouterr().out


def test_trust_root_needs_the_test_profile_and_a_readable_pem(folder: Path, capsys) -> None:
    one = str(folder / "one.pdf")
    root = str(issuer_fixtures.root_pem())
    assert cli_main.run(["verify", one, "--trust-root", root]) == 2
    assert "--trust-root applies only with --profile test" in capsys.readouterr().err
    assert cli_main.run(["verify", one, *TEST_ROOT, str(folder / "absent.pem")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert cli_main.run(["verify", one, *TEST_ROOT, one]) == 2
    assert "holds no PEM certificate" in capsys.readouterr().err


def test_usage_errors(folder: Path) -> None:
    assert cli_main.run(trusting(str(folder), "--crl", str(folder / "missing.crl"))) == 2
    empty = folder / "empty"
    empty.mkdir()
    assert cli_main.run(["verify", str(empty)]) == 2


def test_a_scan_says_it_proved_its_qr_code_only(tmp_path: Path, folder: Path, capsys) -> None:
    from tests.test_certificates import scan_of

    claims, _ = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    scan = tmp_path / "page.png"
    scan.write_bytes(scan_of(claims["qr"]))
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], issuer_fixtures.issuer()))
    # A genuine QR still exits 0: scripts rely on it.
    assert cli_main.run(trusting(str(scan), "--crl", str(crl))) == 0
    out = capsys.readouterr().out
    verdict_line = next(line for line in out.splitlines() if line.startswith("VALID"))
    assert verdict_line.endswith("QR code genuine — compare the printed page with these details.")
    assert f"National ID: {claims['national_id']}" in out
    assert f"Serial: {claims['serial']}" in out
    assert "Not checked (a scan proves its QR code only):" in out

    assert cli_main.run([*trusting(str(scan), "--crl", str(crl)), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert entry["kind"] == "scan" and entry["verdict"] == "VALID"
    assert entry["verdict_text"].startswith("QR code genuine")
    assert [item["what"] for item in entry["not_checked"]] == [
        "printed_text",
        "name",
        "document_signature",
    ]
    assert entry["claims"]["serial"] == claims["serial"]


def test_a_pdf_is_not_called_a_scan(folder: Path, capsys) -> None:
    cli_main.run([*trusting(str(folder / "one.pdf")), "--json"])
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert entry["kind"] == "pdf" and "not_checked" not in entry
