"""The Persian translation is complete and the shipped .qm is built from the .ts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.core.paths import resource_path

REPO = Path(__file__).resolve().parents[1]
TS = resource_path("i18n", "estelam_fa.ts")
QM = resource_path("i18n", "estelam_fa.qm")
SOURCES = sorted(str(p) for d in ("ui", "views") for p in (REPO / "desktop" / d).glob("*.py"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found; it comes with PySide6")
    return found


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in tree.iter("context")
        for message in context.iter("message")
    }


def test_every_string_is_translated() -> None:
    untranslated = [
        key
        for key, translation in messages(TS).items()
        if translation.get("type") == "unfinished" or not (translation.text or "").strip()
    ]
    assert untranslated == []


def test_placeholders_survive_translation() -> None:
    for (context, source), translation in messages(TS).items():
        wanted = sorted(re.findall(r"%\d", source))
        assert sorted(re.findall(r"%\d", translation.text or "")) == wanted, (context, source)


def test_ts_lists_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-locations",
            "none",
            "-no-obsolete",
            *SOURCES,
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )
    assert set(messages(fresh)) == set(messages(TS)), (
        "resources/i18n/estelam_fa.ts is out of date: run pyside6-lupdate (see README)"
    )


def test_qm_is_built_from_ts(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True
    )
    assert built.read_bytes() == QM.read_bytes(), (
        "resources/i18n/estelam_fa.qm is stale: run pyside6-lrelease (see README)"
    )
