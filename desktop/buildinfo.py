"""Which build this is: the version, the commit it was made from and the day it was made.

build.spec stamps a packaged build with `_build_info.json` beside this module (stamp());
from a source checkout the commit comes from git when git is at hand. `estelam-desk
--version` reads this before anything else is imported, so it stays free of Qt and httpx.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from desktop import APP_NAME, __version__

BUILD_INFO_FILE = "_build_info.json"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BuildInfo:
    version: str
    # the commit's abbreviated hash, with "-dirty" when the tree had uncommitted changes
    commit: str | None
    # the day a packaged build was made (YYYY-MM-DD, UTC); None when run from the source
    built: str | None

    @property
    def packaged(self) -> bool:
        return self.built is not None

    def describe(self) -> str:
        """One line for --version, diagnostics and bug reports."""
        if self.packaged:
            details = f"commit {self.commit or 'unknown'}, built {self.built}"
        elif self.commit:
            details = f"source checkout, commit {self.commit}"
        else:
            details = "source checkout"
        return f"{APP_NAME} {self.version} ({details})"


def git_commit(root: Path) -> str | None:
    """The checkout's commit at `root`, or None without git or outside a checkout."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    try:
        # --exclude='*': the hash alone, whatever tags there are
        describe = ["describe", "--always", "--dirty", "--abbrev=12", "--exclude=*"]
        found = subprocess.run(
            [git, "-C", str(root), *describe],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    return found.stdout.strip() or None


def read_build_info(package: Path) -> BuildInfo:
    """The build of the package at `package`: its stamp, else the checkout it lies in."""
    try:
        stamped = json.loads((package / BUILD_INFO_FILE).read_text(encoding="utf-8"))
        return BuildInfo(__version__, stamped.get("commit"), stamped.get("built"))
    except (OSError, ValueError, AttributeError):
        pass
    if getattr(sys, "frozen", False):  # a packaged build that lost its stamp
        return BuildInfo(__version__, None, "unknown")
    return BuildInfo(__version__, git_commit(package.parent), None)


@cache
def build_info() -> BuildInfo:
    """This program's build."""
    return read_build_info(_PACKAGE)


def stamp(root: Path, target: Path) -> BuildInfo:
    """Write the stamp of a build made now from the checkout at `root` (build.spec).
    SOURCE_DATE_EPOCH, when set, is the build's time, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    info = BuildInfo(__version__, git_commit(root), when.date().isoformat())
    target.write_text(
        json.dumps({"commit": info.commit, "built": info.built}) + "\n", encoding="utf-8"
    )
    return info
