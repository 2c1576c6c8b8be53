"""The language the visitor chose, and the one way the UI turns messages into text."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import DEFAULT_LANGUAGE, Language, Localizable, Message, Translator


class LanguageState(QObject):
    """Holds the current language; screens re-translate themselves when it changes."""

    changed = Signal(object)

    def __init__(self, translator: Translator, lang: Language = DEFAULT_LANGUAGE) -> None:
        super().__init__()
        self.translator = translator
        self.lang = lang

    def set(self, lang: Language) -> None:
        """Switch language (no-op when unchanged)."""
        if lang != self.lang:
            self.lang = lang
            self.changed.emit(lang)

    def t(self, message: Message | str) -> str:
        """A message, or a plain msgid (its ``{placeholders}`` left for ``str.format``)."""
        if isinstance(message, str):
            return self.translator.gettext(self.lang, message)
        return self.translator.render(message, self.lang)

    def text(self, value: Localizable) -> str:
        """A catalogue text in the current language."""
        return value.text(self.lang)
