"""The installed entry point as a user starts it: `python -m desktop …` in a process."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop import __version__


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
    for check in ("qt", "fonts", "translations", "keyring", "resources", "mock"):
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
    assert result.stdout.strip() == f"Estelam Desk {__version__}"
