"""Where the app finds its resources and keeps its per-user data.

One helper for both the source tree and a PyInstaller build, so nothing else
needs to know about the frozen layout.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from desktop import APP_ID, APP_NAME
from desktop.core.files import make_private, private_dir

_made_private: set[Path] = set()


def resources_dir() -> Path:
    """The `resources/` folder: beside the package, or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


# The app icon's sizes, as PNGs under resources/icons/hicolor (resources/icons/make_icons.py).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_path(size: int) -> Path:
    """The icon's PNG of one size, laid out as in a freedesktop icon theme."""
    return resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def user_data_dir() -> Path:
    """Per-user data directory, private to the user (files.py); ESTELAM_DATA_DIR
    overrides it (tests, portable use). The first use in a process also tightens what an
    earlier version left readable to others."""
    override = os.environ.get("ESTELAM_DATA_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        path = Path(base) / APP_NAME
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / APP_ID
    # A folder that cannot be made or tightened (read-only, full, another owner's) is
    # reported in words where something is written to it (storage.guarded): finding
    # where the data lives must not fail first, with a bare OSError.
    with contextlib.suppress(OSError):
        private_dir(path)
        if path not in _made_private:
            make_private(path)
            _made_private.add(path)
    return path


def demo_backend_dir() -> Path:
    """Where the in-process demo mock keeps its data, its TEST issuer's keys among them."""
    return user_data_dir() / "demo-backend"


def demo_trust_root() -> Path:
    """The demo mock's TEST root (then its signer), written on its first start; the
    mock's own layout (``DATA_DIR/trust/test-root.pem``), read here without importing it."""
    return demo_backend_dir() / "trust" / "test-root.pem"
