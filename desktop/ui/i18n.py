"""Languages: Persian (default, right-to-left), English, and a stretching pseudo-locale.

Switching installs Qt's own translation and the app's, and flips the layout
direction; widgets react to the LanguageChange event by re-setting their texts.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication

from desktop.core.digits import to_persian_digits
from desktop.core.paths import resource_path


class Language(enum.StrEnum):
    FA = "fa"
    EN = "en"
    # English stretched and bracketed, to catch clipped layouts and untranslated text.
    PSEUDO = "pseudo"


_current = Language.FA


def current_language() -> Language:
    return _current


def localize_digits(text: str) -> str:
    """Digits as the reader expects them: Persian digits in Persian."""
    return to_persian_digits(text) if _current is Language.FA else text


_ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")


def pseudo(text: str) -> str:
    """English made longer and marked, to find clipped and untranslated texts."""
    padding = "~" * max(2, len(text) // 3)
    return f"[{text.translate(_ACCENTS)}{padding}]"


class PseudoTranslator(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if context.startswith("Q") or not source:  # leave Qt's own strings alone
            return ""
        return pseudo(source)

    def isEmpty(self) -> bool:
        return False


class I18n(QObject):
    """Owns the installed translators; one per application."""

    changed = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._translators: list[QTranslator] = []

    def set_language(self, language: Language) -> list[str]:
        """Switch the whole UI; returns the translation files that failed to load."""
        global _current
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators.clear()
        missing: list[str] = []

        if language is Language.FA:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for name, directory in (("qtbase_fa", qt_dir), ("estelam_fa", None)):
                translator = QTranslator(self)
                folder = directory or str(resource_path("i18n"))
                if translator.load(name, folder):
                    self._translators.append(translator)
                else:
                    missing.append(name)
            QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
        else:
            if language is Language.PSEUDO:
                self._translators.append(PseudoTranslator(self))
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))

        _current = language
        # Direction first, so widgets re-laying out on LanguageChange see the new one.
        self._app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if language is Language.FA
            else Qt.LayoutDirection.LeftToRight
        )
        for translator in self._translators:
            QCoreApplication.installTranslator(translator)
        self.changed.emit(language.value)
        return missing
