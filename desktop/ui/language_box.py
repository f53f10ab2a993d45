"""The interface-language chooser shown in the window's header and in Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.ui.context import AppContext
from desktop.ui.i18n import Language, current_language
from desktop.ui.preferences import LANGUAGE_NAMES


class LanguageBox(QComboBox):
    """The interface language, chosen and remembered; every such box (the window's
    header, Settings) shows the language in use, whichever one it was chosen in."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        for language, name in LANGUAGE_NAMES.items():
            self.addItem(name, language.value)
        self._show(current_language().value)
        self.currentIndexChanged.connect(self._chosen)
        ctx.i18n.changed.connect(self._show)

    def _chosen(self) -> None:
        language = Language(self.currentData())
        if language is not current_language():
            self._ctx.prefs.language = language
            self._ctx.i18n.set_language(language)

    def _show(self, value: str) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(max(self.findData(value), 0))
        self.blockSignals(False)
