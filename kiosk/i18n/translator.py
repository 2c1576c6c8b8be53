"""gettext catalogues (``.po``) for kk/ru/en, loaded without Qt and usable from every layer."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from kiosk.i18n.messages import LANGUAGES, Language, Message

logger = logging.getLogger(__name__)

DOMAIN = "kiosk"


class Translator:
    """Holds the compiled catalogue of every language; switching language is a lookup."""

    def __init__(self, catalogs: dict[Language, Translations]) -> None:
        self._catalogs = catalogs

    @classmethod
    def load(cls, locale_dir: Path) -> Translator:
        """Read ``<locale_dir>/<lang>.po`` for every language; a missing file is an error."""
        catalogs: dict[Language, Translations] = {}
        for lang in LANGUAGES:
            po_path = locale_dir / f"{lang.value}.po"
            if not po_path.is_file():
                raise FileNotFoundError(f"translation file missing: {po_path}")
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=lang.value, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)  # fuzzy entries are left out, as gettext does
            buffer.seek(0)
            catalogs[lang] = Translations(fp=buffer, domain=DOMAIN)
            logger.debug("loaded %d messages for %s", len(catalog), lang.value)
        return cls(catalogs)

    def gettext(self, lang: Language, msgid: str) -> str:
        """Translate ``msgid`` into ``lang`` (the English source when untranslated)."""
        return str(self._catalogs[lang].gettext(msgid))

    def ngettext(self, lang: Language, singular: str, plural: str, n: int) -> str:
        """Translate a plural message for the count ``n`` with the language's plural rules."""
        return str(self._catalogs[lang].ngettext(singular, plural, n))

    def render(self, message: Message, lang: Language) -> str:
        """Render a lazy :class:`Message` in ``lang``."""
        return message.render(self, lang)
