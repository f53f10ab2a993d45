"""`estelam-desk verify`: files and folders, exit status, JSON, the revocation cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.certificates import RevocationCache, TrustProfile
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from desktop.mock_backend.certificates.keys import load_keys


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ESTELAM_TRUST_PROFILE", raising=False)
    certs = tmp_path / "certs"
    (certs / "inner").mkdir(parents=True)
    _, pdf = make_certificate("0012345679")
    (certs / "one.pdf").write_bytes(pdf)
    (certs / "inner" / "two.bin").write_bytes(pdf)  # found by content, not name
    return certs


def test_valid_files_exit_zero_with_a_crl_file(folder: Path, tmp_path: Path, capsys) -> None:
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], load_keys()))
    assert cli_main.run(["verify", str(folder), "--crl", str(crl)]) == 0
    out = capsys.readouterr().out
    assert out.count("VALID") >= 2 and "2 file(s): 2 VALID" in out
    assert "0.0 hours old" in out


def test_a_file_that_is_not_valid_fails_the_run(folder: Path, capsys) -> None:
    (folder / "notes.pdf").write_text("not a certificate")
    # No list anywhere: the certificates are amber, the text file is not one.
    assert cli_main.run(["verify", str(folder), "--json"]) == 5
    doc = json.loads(capsys.readouterr().out)
    verdicts = {Path(f["path"]).name: f["verdict"] for f in doc["files"]}
    assert verdicts == {
        "one.pdf": "INDETERMINATE",
        "two.bin": "INDETERMINATE",
        "notes.pdf": "NOT_A_CERTIFICATE",
    }
    assert doc["all_valid"] is False and doc["profile"] == "test"
    assert doc["revocation"]["available"] is False
    assert all(f["checks"] for f in doc["files"])


def test_the_cached_revocation_list_is_used(folder: Path, capsys) -> None:
    RevocationCache().store(build_crl([], load_keys()), TrustProfile.named("test"))
    assert cli_main.run(["verify", str(folder / "one.pdf")]) == 0
    assert "fresh" in capsys.readouterr().out


def test_production_profile_and_usage_errors(folder: Path, capsys) -> None:
    assert cli_main.run(["verify", str(folder / "one.pdf"), "--profile", "production"]) == 5
    assert "UNTRUSTED_SIGNER" in capsys.readouterr().out
    assert cli_main.run(["verify", str(folder), "--crl", str(folder / "missing.crl")]) == 2
    empty = folder / "empty"
    empty.mkdir()
    assert cli_main.run(["verify", str(empty)]) == 2
