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
# The screens and their toolkit, and core's failure sentences (marked for lupdate, Qt-free).
SOURCES = sorted(
    [
        *(str(p) for d in ("ui", "views", "window") for p in (REPO / "desktop" / d).glob("*.py")),
        str(REPO / "desktop" / "core" / "sentences.py"),
    ]
)


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


# Latin words a Persian screen legitimately shows: file formats and the names of
# standards, the language's own name in its menu, and the shape of an address.
_LATIN_ALLOWED = {
    "English",
    "CSV",
    "PDF",
    "PEM",
    "SHA",
    "xlsx",
    "xls",
    "ods",
    "csv",
    "https",
    "http",
}
# Markup, addresses, and data isolated left-to-right (codes such as an MoU number).
_NOT_WORDING = r"<[^>]+>|\S+://\S+|\S+@\S+|\u2066[^\u2069]*\u2069"


def _shown_texts(window) -> list[str]:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTableView,
        QWidget,
    )

    texts = [a.text() for a in window.findChildren(QAction)]
    for w in window.findChildren(QWidget):
        texts += [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QTableView) and w.model() is not None:
            header = w.horizontalHeader()
            model = w.model()
            texts += [str(model.headerData(c, header.orientation())) for c in range(header.count())]
    return texts


@pytest.mark.keyring
def test_persian_window_shows_no_english(qtbot, gui, mock_server) -> None:
    """A string that skipped translation shows up as English on a Persian screen."""
    from tests.test_gui import sign_in

    window, _ctx = gui
    sign_in(qtbot, window, mock_server.url)
    english = {
        text
        for text in _shown_texts(window)
        for word in re.findall(r"[A-Za-z]{3,}", re.sub(_NOT_WORDING, "", text))
        if word not in _LATIN_ALLOWED and word not in mock_server.url
    }
    assert english == set()


def test_pseudo_locale_stretches_screen_and_domain_words(qtbot, gui) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.core import wording
    from desktop.ui import fmt
    from desktop.ui.i18n import Language, pseudo

    window, ctx = gui
    ctx.i18n.set_language(Language.PSEUDO)
    QApplication.processEvents()  # language-change events are posted
    code = next(iter(wording.STATUS))
    assert fmt.word(wording.STATUS, code) == pseudo(wording.STATUS[code].en)
    assert window.windowTitle() == pseudo("Estelam Desk")
    assert len(pseudo("Bulk inquiry")) > len("Bulk inquiry") * 1.3
