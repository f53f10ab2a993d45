"""The installed entry point as a user starts it: `python -m desktop …` in a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop import __version__
from desktop.buildinfo import build_info
from tests import issuer_fixtures


def run_desktop(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESTELAM_DATA_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_passes_and_names_each_check(tmp_path) -> None:
    result = run_desktop("--self-test", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = ("qt", "fonts", "translations", "keyring", "resources", "pdf", "window", "camera")
    for check in (*checks, "mock"):
        assert f"ok    {check}:" in result.stdout
    assert result.stdout.rstrip().endswith("self-test passed")


def test_self_test_names_what_failed(tmp_path) -> None:
    # A build that lost its fonts and translations must say so, not pass.
    env_dir = tmp_path / "bundle"
    (env_dir / "resources").mkdir(parents=True)
    code = (
        "import sys; sys._MEIPASS = sys.argv[1]; "
        "from desktop.selftest import run_self_test; sys.exit(run_self_test())"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESTELAM_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", code, str(env_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "FAIL  fonts:" in result.stdout
    assert "FAIL  translations:" in result.stdout
    assert "FAIL  resources:" in result.stdout
    assert "ok    qt:" in result.stdout


def test_version(tmp_path) -> None:
    result = run_desktop("--version", tmp_path=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == build_info().describe()
    assert result.stdout.startswith(f"Estelam Desk {__version__} (")


def test_verify_through_python_dash_m_starts_its_workers(tmp_path) -> None:
    # The installed entry point, its sandbox's spawned worker processes included.
    from desktop.mock_backend.certificates.issuer import make_certificate

    _claims, pdf = make_certificate("0012345611", keys=issuer_fixtures.issuer())
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    told = ["--profile", "test", "--trust-root", str(issuer_fixtures.root_pem())]
    result = run_desktop("verify", str(path), *told, "--json", tmp_path=tmp_path)
    assert result.returncode in (0, 5), result.stderr
    verdict = json.loads(result.stdout)["files"][0]["verdict"]
    # No revocation list is cached here, so genuine but not established: amber, not red.
    assert verdict in ("VALID", "INDETERMINATE", "REVOCATION_STALE")


#: What the first window (the sign-in screen) does without: each loads on first use (signing
#: in, a remembered session, another screen, a check, a bulk inquiry). Loading them before
#: the window shows cost it more than half its start-up.
NOT_FOR_THE_FIRST_WINDOW = (
    "httpx",
    "keyring",
    "multiprocessing",
    "cryptography",
    "desktop.core.certificates",
    "desktop.core.proof",
    "desktop.core.redeem",
    "desktop.core.importing",
    "desktop.core.jobs",
    "desktop.core.export",
    "desktop.views.inquiry",
    "desktop.views.batch",
    "desktop.views.redeem",
    "desktop.views.verify",
    "desktop.views.history",
    "desktop.views.settings",
)


def test_the_first_window_waits_for_nothing_it_does_not_show(tmp_path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "def shown():\n"
        "    [window] = [w for w in app.topLevelWidgets() if hasattr(w, 'sign_in')]\n"
        "    print('window:', window.isVisible(), window.pages.currentWidget() is window.sign_in)\n"
        "    print('loaded:', sorted(m for m in sys.argv[1:] if m in sys.modules))\n"
        "    app.quit()\n"
        "QTimer.singleShot(0, shown)\n"
        "from desktop.app import main\n"
        "main([])\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESTELAM_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", code, *NOT_FOR_THE_FIRST_WINDOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["window: True True", "loaded: []"]
