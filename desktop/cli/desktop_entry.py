"""`estelam-desk install-desktop-entry`: put the app in a Linux desktop's menus.

Writes `applications/estelam-desk.desktop`, whose Exec line starts this very program
(the built executable, or this Python with `-m desktop` from a checkout), and the icon's
PNGs under `icons/hicolor/`, both in a data directory: the user's own
($XDG_DATA_HOME, else ~/.local/share) by default, or --data-dir, e.g. /usr/local/share
for every user of the machine. --remove takes both away again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop import APP_ID, APP_NAME
from desktop.cli.common import EXIT_OK, EXIT_USAGE
from desktop.core.paths import ICON_SIZES, icon_path

# Characters that make a desktop entry's Exec argument need double quotes (spec: "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launch_command() -> list[str]:
    """The command that starts this installation of the app."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop"]


def exec_value(command: list[str]) -> str:
    """An Exec value for `command`, quoted and escaped as the desktop entry spec says."""
    parts = []
    for arg in command:
        if any(ch in _RESERVED for ch in arg):
            inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            arg = f'"{inner}"'
        # The string-value escaping applies on top: a backslash is written twice.
        parts.append(arg.replace("\\", "\\\\").replace("%", "%%"))
    return " ".join(parts)


def desktop_entry(command: list[str]) -> str:
    """The text of the desktop entry that starts `command`."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            f"Name={APP_NAME}",
            "Name[fa]=میز استعلام",
            "GenericName=Social-insurance status inquiry",
            "GenericName[fa]=استعلام وضعیت بیمه",
            "Comment=Inquire insurance status and verify certificates",
            "Comment[fa]=استعلام وضعیت بیمه تأمین اجتماعی و بررسی گواهی‌ها",
            f"Exec={exec_value(command)}",
            # A plain path, not an Exec argument: only the string escaping applies.
            "TryExec=" + command[0].replace("\\", "\\\\"),
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;",
            "Keywords=insurance;inquiry;certificate;SSO;",
            f"StartupWMClass={APP_ID}",
            "",
        ]
    )


def installed_paths(data_dir: Path) -> list[Path]:
    """Where install() writes, under a data directory."""
    icons = [
        data_dir / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES
    ]
    return [data_dir / "applications" / f"{APP_ID}.desktop", *icons]


def install(data_dir: Path, command: list[str]) -> list[Path]:
    """Write the desktop entry and the icons under `data_dir`; returns what was written."""
    entry, *icons = installed_paths(data_dir)
    for size, target in zip(ICON_SIZES, icons, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icon_path(size), target)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry(command), encoding="utf-8")
    _refresh_caches(data_dir)
    return [entry, *icons]


def remove(data_dir: Path) -> list[Path]:
    """Delete what install() wrote; returns what was there."""
    removed = [path for path in installed_paths(data_dir) if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_caches(data_dir)
    return removed


def _refresh_caches(data_dir: Path) -> None:
    # Menus and icon themes keep caches where a distribution keeps its own entries; a
    # stale cache only delays the change, so a missing tool or a failure is not an error.
    theme = data_dir / "icons" / "hicolor"
    for tool, target, needed in (
        ("update-desktop-database", data_dir / "applications", data_dir / "applications"),
        ("gtk-update-icon-cache", theme, theme / "index.theme"),
    ):
        program = shutil.which(tool)
        if program and needed.exists():
            args = [program, "-q", str(target)]
            if tool == "gtk-update-icon-cache":
                args.insert(2, "-f")
            subprocess.run(args, check=False, capture_output=True, timeout=60)


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def add_install_desktop_entry(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `install-desktop-entry` on the top-level command parser's subparsers."""
    command = subparsers.add_parser(
        "install-desktop-entry",
        help="add the app to a Linux desktop's menus (desktop entry and icon)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where applications/ and icons/ go (default: $XDG_DATA_HOME or ~/.local/share)",
    )
    command.add_argument("--remove", action="store_true", help="remove them instead")
    command.set_defaults(handler=_handle)


async def _handle(args: argparse.Namespace) -> int:
    if sys.platform == "win32":
        print(
            "Desktop entries are for Linux; on Windows make a Start menu shortcut to "
            "estelam-desk.exe instead.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    data_dir = args.data_dir or default_data_dir()
    try:
        paths = remove(data_dir) if args.remove else install(data_dir, launch_command())
    except OSError as exc:
        print(f"Cannot write under {data_dir}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    verb = "removed" if args.remove else "wrote"
    for path in paths:
        print(f"{verb} {path}")
    return EXIT_OK
