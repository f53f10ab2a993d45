"""Which build this is: the stamp build.spec writes, the checkout's commit, and
`--version`, which must name them without loading Qt or httpx."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop import __version__
from desktop.buildinfo import BUILD_INFO_FILE, BuildInfo, build_info, git_commit, read_build_info
from desktop.buildinfo import stamp as write_stamp

ROOT = Path(__file__).resolve().parents[1]
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "checkout"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "file.txt").write_text("one\n")
    git(repo, "add", "file.txt")
    git(repo, "commit", "-q", "-m", "first")
    return repo


@needs_git
def test_commit_is_the_checkouts_hash_and_says_dirty(repo: Path) -> None:
    head = git(repo, "rev-parse", "--short=12", "HEAD")
    # a tag would make plain `git describe` answer with its name
    git(repo, "tag", "-a", "v9", "-m", "v9")
    assert git_commit(repo) == head
    (repo / "file.txt").write_text("two\n")
    assert git_commit(repo) == f"{head}-dirty"


def test_no_commit_outside_a_checkout(tmp_path: Path) -> None:
    assert git_commit(tmp_path) is None


@needs_git
def test_stamp_is_what_the_packaged_build_reads(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "bundle" / "desktop"
    package.mkdir(parents=True)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    written = write_stamp(repo, package / BUILD_INFO_FILE)
    read = read_build_info(package)
    assert read == written
    assert read.packaged
    assert read.commit == git(repo, "rev-parse", "--short=12", "HEAD")
    assert read.built == datetime.now(UTC).date().isoformat()
    expected = f"Estelam Desk {__version__} (commit {read.commit}, built {read.built})"
    assert read.describe() == expected


def test_stamp_takes_the_time_of_a_reproducible_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    write_stamp(tmp_path, tmp_path / BUILD_INFO_FILE)
    stamped = json.loads((tmp_path / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    # outside a checkout the commit is unknown, and the line says so
    assert stamped == {"commit": None, "built": "2026-01-01"}
    assert read_build_info(tmp_path).describe().endswith("(commit unknown, built 2026-01-01)")


def test_a_source_checkout_says_so(tmp_path: Path) -> None:
    package = tmp_path / "desktop"
    package.mkdir()
    info = read_build_info(package)  # no stamp, no checkout around it
    assert info == BuildInfo(__version__, None, None)
    assert info.describe() == f"Estelam Desk {__version__} (source checkout)"
    with_commit = BuildInfo(__version__, "0123456789ab", None)
    assert with_commit.describe().endswith("(source checkout, commit 0123456789ab)")


def test_a_damaged_stamp_is_not_taken_for_one(tmp_path: Path) -> None:
    (tmp_path / BUILD_INFO_FILE).write_text("[not, json", encoding="utf-8")
    assert not read_build_info(tmp_path).packaged


def test_version_names_the_build_without_loading_qt_or_httpx(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop.app import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "heavy = sorted(m for m in ('PySide6', 'httpx', 'desktop.core', 'desktop.cli.main')"
        " if m in sys.modules)\n"
        "print('loaded:', heavy)\n"
    )
    env = dict(os.environ, ESTELAM_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [build_info().describe(), "loaded: []"]


def test_about_names_the_build(gui, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QCoreApplication

    from desktop.window import about

    stamped = BuildInfo(__version__, "0123456789ab", "2026-12-03")
    monkeypatch.setattr(about, "build_info", lambda: stamped)
    text = about.about_text()
    assert about.build_text() in text
    for part in ("0123456789ab", "2026-12-03"):  # read left to right in Persian too
        assert f"\u2066{part}\u2069" in about.build_text()
    monkeypatch.setattr(about, "build_info", lambda: BuildInfo(__version__, None, None))
    assert about.build_text() == QCoreApplication.translate("About", "Source checkout")
