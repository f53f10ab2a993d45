"""What the installed build relies on: one version, the self-test's PDF step, the icon,
the About box, and the Linux desktop entry (the PyInstaller build itself runs in
.ci/build, not here)."""

from __future__ import annotations

import configparser
import os
import platform
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from desktop import APP_ID, __version__
from desktop.cli.desktop_entry import desktop_entry, exec_value, install, remove
from desktop.core.paths import ICON_SIZES, icon_path, resource_path

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_single_sourced() -> None:
    # pyproject.toml cannot import the package; the two must still say the same.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_icon_files_match_their_sizes() -> None:
    from PIL import Image

    for size in ICON_SIZES:
        with Image.open(icon_path(size)) as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
    with Image.open(resource_path("icons", f"{APP_ID}.ico")) as ico:
        assert ico.format == "ICO"
        assert set(ICON_SIZES) <= {w for w, _h in ico.info["sizes"]}


def test_window_icon_has_every_size(qapp) -> None:
    from desktop.ui.theme import app_icon

    sizes = {size.width() for size in app_icon().availableSizes()}
    assert sizes == set(ICON_SIZES)


def test_about_names_app_qt_pyside_and_python_versions(gui) -> None:
    import PySide6
    from PySide6.QtCore import qVersion

    from desktop.window.about import about_text

    text = about_text()
    for version in (__version__, qVersion(), PySide6.__version__, platform.python_version()):
        assert f"\u2066{version}\u2069" in text


# -- the self-test's PDF step ------------------------------------------------------------


def test_self_test_renders_a_certificate_through_qtpdf(qapp) -> None:
    from desktop.selftest import CHECKS

    result = dict(CHECKS)["pdf"]()
    assert result.startswith("certificate written, 1 page(s), first drawn at ")


def test_self_test_pdf_step_names_what_qtpdf_refused(qapp, tmp_path: Path) -> None:
    from desktop.selftest import render_first_page

    path = tmp_path / "not.pdf"
    path.write_bytes(b"this is not a PDF")
    with pytest.raises(RuntimeError, match="QtPdf cannot open the PDF"):
        render_first_page(path)


def test_self_test_pdf_step_finds_a_blank_render(qapp, tmp_path: Path) -> None:
    from fpdf import FPDF

    from desktop.selftest import render_first_page

    blank = FPDF()
    blank.add_page()
    path = tmp_path / "blank.pdf"
    blank.output(str(path))
    with pytest.raises(RuntimeError, match="blank page"):
        render_first_page(path)


# -- the desktop entry -------------------------------------------------------------------


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_exec_value_quotes_and_escapes_as_the_spec_says() -> None:
    assert exec_value(["/opt/estelam-desk/estelam-desk"]) == "/opt/estelam-desk/estelam-desk"
    assert exec_value(["/opt/Estelam Desk/run", "-m"]) == '"/opt/Estelam Desk/run" -m'
    # `$` is escaped inside the quotes, then the backslash doubled as a string value;
    # `%` is doubled so it is not read as a field code.
    assert exec_value(["/a$b/100%"]) == '"/a\\\\$b/100%%"'


def test_install_writes_a_valid_entry_and_the_icons(tmp_path: Path) -> None:
    command = ["/opt/Estelam Desk/estelam-desk"]
    written = install(tmp_path, command)
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert written[0] == entry
    keys = read_entry(entry)
    assert keys["Type"] == "Application"
    assert keys["Exec"] == '"/opt/Estelam Desk/estelam-desk"'
    assert keys["TryExec"] == "/opt/Estelam Desk/estelam-desk"
    assert keys["Icon"] == APP_ID
    assert keys["Name[fa]"] == "میز استعلام"
    assert keys["Categories"].endswith(";")
    for size in ICON_SIZES:
        icon = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes() == icon_path(size).read_bytes()
    validator = shutil.which("desktop-file-validate")
    if validator:  # Debian's desktop-file-utils; .ci/setup installs it
        check = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    assert remove(tmp_path) == written
    assert not entry.exists()


def test_entry_text_names_the_command_it_starts() -> None:
    text = desktop_entry([sys.executable, "-m", "desktop"])
    assert f"\nExec={sys.executable} -m desktop\n" in text
    assert text.startswith("[Desktop Entry]\n")


def run_command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_install_desktop_entry_command_defaults_to_the_users_data_dir(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), ESTELAM_DATA_DIR=str(tmp_path / "d"))
    result = run_command("install-desktop-entry", env=env)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert f"wrote {entry}" in result.stdout
    # From a checkout the entry starts this Python with the package.
    assert read_entry(entry)["Exec"] == f"{sys.executable} -m desktop"


def test_install_desktop_entry_into_an_unwritable_place_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    env = dict(os.environ, ESTELAM_DATA_DIR=str(tmp_path / "d"))
    result = run_command("install-desktop-entry", "--data-dir", str(blocker / "x"), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Cannot write under {blocker / 'x'}:")
    assert "Traceback" not in result.stderr
