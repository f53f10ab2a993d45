"""No signing key ships with the product: none in desktop/ or resources/, none in what
build.spec bundles, no shipped root whose key anyone holds, and no TEST root trusted by
default. The TEST issuer is made per installation (the demo) or per mock (--data-dir),
its private keys readable by their owner only."""

from __future__ import annotations

import ast
import importlib.util
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.core.certificates import TrustProfile
from desktop.core.paths import demo_trust_root
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from desktop.mock_backend.certificates.keys import issuer_keys
from tests.conftest import REPO_ROOT, launch_mock

PEM_PRIVATE_KEY = re.compile(
    rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n:, -]+?"
    rb"-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----"
)
SKIPPED_DIRS = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", "build", "dist"}


def files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(folder).parts):
            yield path


def private_keys_in(paths: Iterator[Path]) -> dict[Path, list[bytes]]:
    found: dict[Path, list[bytes]] = {}
    for path in paths:
        blocks = PEM_PRIVATE_KEY.findall(path.read_bytes())
        if blocks:
            found[path] = blocks
    return found


def spec_data_sources() -> list[Path]:
    """What build.spec's `datas` list bundles, read from the spec itself: its literal
    (source, destination) pairs and the package folders collect_data_files() takes."""
    tree = ast.parse((REPO_ROOT / "build.spec").read_text(encoding="utf-8"))
    [datas] = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "datas" for t in node.targets)
    ]
    assert isinstance(datas, ast.List)
    sources: list[Path] = []
    for item in datas.elts:
        if isinstance(item, ast.Tuple):
            source = ast.literal_eval(item.elts[0])
            sources.append(REPO_ROOT / source)
        else:
            assert isinstance(item, ast.Starred) and isinstance(item.value, ast.Call)
            call = item.value
            assert isinstance(call.func, ast.Name) and call.func.id == "collect_data_files"
            spec = importlib.util.find_spec(ast.literal_eval(call.args[0]))
            assert spec is not None and spec.submodule_search_locations
            sources += [Path(p) for p in spec.submodule_search_locations]
    return sources


def test_the_product_holds_no_private_key() -> None:
    found = private_keys_in(
        p for folder in ("desktop", "resources") for p in files_under(REPO_ROOT / folder)
    )
    assert found == {}


def test_build_spec_bundles_no_private_key() -> None:
    sources = spec_data_sources()
    assert REPO_ROOT / "resources" in sources
    bundled = (
        path
        for source in sources
        for path in (files_under(source) if source.is_dir() else iter([source]))
    )
    assert private_keys_in(bundled) == {}


def test_no_shipped_root_is_a_test_root_or_has_a_known_key() -> None:
    shipped = [
        cert
        for pem in files_under(REPO_ROOT / "resources" / "trust")
        if pem.suffix == ".pem"
        for cert in x509.load_pem_x509_certificates(pem.read_bytes())
    ]
    assert not [c for c in shipped if "TEST" in c.subject.rfc4514_string()]
    # Every private key anywhere in the repository (test fixtures included) is known.
    known = {
        serialization.load_pem_private_key(block, None)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        for blocks in private_keys_in(files_under(REPO_ROOT)).values()
        for block in blocks
    }
    public = {
        c.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        for c in shipped
    }
    assert not known & public


def test_the_test_profile_trusts_nothing_before_the_demo_made_its_root(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "fresh-install"))
    assert not demo_trust_root().exists()
    assert TrustProfile.named("test").roots == ()
    assert TrustProfile.named("production").roots == ()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_mock_makes_its_issuer_on_first_start_and_keeps_it(tmp_path: Path, capsys) -> None:
    from desktop.cli import main as cli_main

    data = tmp_path / "mock"
    mock = launch_mock(data, own_issuer=True)
    mock.stop()
    trust = data / "trust"
    root_pem = trust / "test-root.pem"
    first = root_pem.read_bytes()
    root, signer = x509.load_pem_x509_certificates(first)
    assert root.issuer == root.subject and signer.issuer == root.subject
    if sys.platform != "win32":
        assert mode(trust) == 0o700
        for key in ("test-root.key.pem", "test-signer.key.pem"):
            assert mode(trust / key) == 0o600
    assert not PEM_PRIVATE_KEY.search(first)

    again = launch_mock(data, own_issuer=True)  # a restart keeps the issuer
    try:
        assert root_pem.read_bytes() == first
        from tests.mock_certificates import issue

        issued = issue(again.url)
    finally:
        again.stop()
    assert issued["serial"]
    # What it signs verifies with --trust-root under the test profile, and only there.
    mock_keys = issuer_keys(data)
    _, pdf = make_certificate("0012345679", keys=mock_keys)
    path, crl = tmp_path / "c.pdf", tmp_path / "mock.crl"
    path.write_bytes(pdf)
    crl.write_bytes(build_crl([], mock_keys))
    told = ["--profile", "test", "--trust-root", str(root_pem), "--crl", str(crl)]
    assert cli_main.run(["verify", str(path), *told]) == 0
    assert "VALID [TEST]" in capsys.readouterr().out
    assert cli_main.run(["verify", str(path)]) == 5


def test_the_demo_seam_makes_the_installations_root_that_the_test_profile_trusts(
    tmp_path: Path,
) -> None:
    # A separate process: the seam starts the in-process mock, as --demo does.
    data = tmp_path / "install"
    script = (
        "from desktop.window.demo import start_demo_backend\n"
        "from desktop.core.certificates import TrustProfile\n"
        "mock = start_demo_backend(); mock.stop()\n"
        "print(len(TrustProfile.named('test').roots), len(TrustProfile.named('test').signers))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={
            "ESTELAM_DATA_DIR": str(data),
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["1", "1"]
    trust = data / "demo-backend" / "trust"
    assert (trust / "test-root.pem").is_file()
    if sys.platform != "win32":
        assert mode(trust / "test-signer.key.pem") == 0o600
