"""The installers' definitions agree with the app and its build: the AppStream file the
Debian package installs, and the Inno Setup script for Windows (which cannot be run here;
the .deb itself is built, installed and removed by .ci/build and .ci/deb-roundtrip)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop import APP_ID, APP_NAME, __version__
from desktop.cli.desktop_entry import desktop_entry

ROOT = Path(__file__).resolve().parents[1]
METAINFO = next((ROOT / "packaging" / "linux").glob("*.metainfo.xml"))
ISS = ROOT / "packaging" / "windows" / "estelam-desk.iss"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def entry_value(key: str) -> str:
    line = next(x for x in desktop_entry(["/usr/bin/x"]).splitlines() if x.startswith(key + "="))
    return line.split("=", 1)[1]


def test_metainfo_describes_this_app_and_version() -> None:
    component = ET.parse(METAINFO).getroot()
    cid = component.findtext("id")
    assert METAINFO.name == f"{cid}.metainfo.xml"
    assert component.get("type") == "desktop-application"
    assert component.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert component.findtext("provides/binary") == APP_ID
    names = {n.get(LANG): n.text for n in component.findall("name")}
    assert names == {None: APP_NAME, "fa": entry_value("Name[fa]")}
    # newest release first: the version being packaged
    assert component.find("releases/release").get("version") == __version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_metainfo_validates() -> None:
    check = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def spec_names() -> list[str]:
    """The names build.spec gives its executables and, last, its one-folder build."""
    return re.findall(r'\bname="([^"]+)"', (ROOT / "build.spec").read_text(encoding="utf-8"))


def iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"$', text, flags=re.MULTILINE))


def test_inno_setup_script_installs_what_build_spec_builds() -> None:
    app_exe, *_cli, folder = spec_names()
    defines = iss_defines()
    assert defines["AppName"] == APP_NAME
    assert defines["AppExe"] == f"{app_exe}.exe"
    assert defines["BuildDir"] == f"..\\..\\dist\\{folder}"
    text = ISS.read_text(encoding="utf-8")
    assert 'Source: "{#BuildDir}\\*"' in text
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in text


def test_inno_setup_takes_the_version_from_the_build_command() -> None:
    text = ISS.read_text(encoding="utf-8")
    # no version written in the script: it must come as /DAppVersion, or the build stops
    assert "AppVersion" not in iss_defines()
    assert re.search(r"^#ifndef AppVersion\n\s+#error ", text, flags=re.MULTILINE)
    assert "\nAppVersion={#AppVersion}\n" in text
    # the command README and the script give passes the package's own version
    command = "\"/DAppVersion=$(python -c 'import desktop; print(desktop.__version__)')\""
    assert command in text
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")


def test_inno_setup_offers_per_user_and_per_machine_installs() -> None:
    settings = dict(
        line.split("=", 1)
        for line in ISS.read_text(encoding="utf-8")
        .split("[Setup]\n", 1)[1]
        .split("\n[")[0]
        .splitlines()
        if "=" in line and not line.startswith(";")
    )
    assert settings["PrivilegesRequiredOverridesAllowed"].split()[0] == "dialog"
    # {autopf}: Program Files for everyone, the user's own Programs folder for one user
    assert settings["DefaultDirName"] == "{autopf}\\{#AppName}"
    assert settings["UninstallDisplayIcon"] == "{app}\\{#AppExe}"
