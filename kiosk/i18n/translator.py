"""gettext catalogues (``.po``) for kk/ru/en, loaded without Qt and usable from every layer.

Each language is compiled from its ``.po`` file the first time it is used. With a cache
folder, the compiled ``.mo`` is kept there and reused while it is newer than the ``.po``
(the kiosk then starts without parsing any ``.po`` file).
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from pathlib import Path

from kiosk.i18n.messages import LANGUAGES, Language, Message

logger = logging.getLogger(__name__)

DOMAIN = "kiosk"


def _compile(po_path: Path, lang: Language) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang.value, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    logger.debug("compiled %d messages for %s", len(catalog), lang.value)
    return buffer.getvalue()


class Translator:
    """Every language's catalogue, compiled on first use; switching language is a lookup."""

    def __init__(self, locale_dir: Path, cache_dir: Path | None = None) -> None:
        self.locale_dir = locale_dir
        self.cache_dir = cache_dir
        self._catalogs: dict[Language, gettext.GNUTranslations] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, locale_dir: Path, cache_dir: Path | None = None) -> Translator:
        """A translator for ``<locale_dir>/<lang>.po``; a missing file is an error now."""
        for lang in LANGUAGES:
            po_path = locale_dir / f"{lang.value}.po"
            if not po_path.is_file():
                raise FileNotFoundError(f"translation file missing: {po_path}")
        return cls(locale_dir, cache_dir)

    def _catalog(self, lang: Language) -> gettext.GNUTranslations:
        with self._lock:
            if lang not in self._catalogs:
                self._catalogs[lang] = gettext.GNUTranslations(io.BytesIO(self._mo(lang)))
            return self._catalogs[lang]

    def _mo(self, lang: Language) -> bytes:
        po_path = self.locale_dir / f"{lang.value}.po"
        if self.cache_dir is None:
            return _compile(po_path, lang)
        cached = self.cache_dir / f"{lang.value}.mo"
        if cached.is_file() and cached.stat().st_mtime >= po_path.stat().st_mtime:
            return cached.read_bytes()
        data = _compile(po_path, lang)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(data)
        except OSError as exc:
            logger.warning("cannot cache compiled translations in %s: %s", self.cache_dir, exc)
        return data

    def gettext(self, lang: Language, msgid: str) -> str:
        """Translate ``msgid`` into ``lang`` (the English source when untranslated)."""
        return self._catalog(lang).gettext(msgid)

    def ngettext(self, lang: Language, singular: str, plural: str, n: int) -> str:
        """Translate a plural message for the count ``n`` with the language's plural rules."""
        return self._catalog(lang).ngettext(singular, plural, n)

    def render(self, message: Message, lang: Language) -> str:
        """Render a lazy :class:`Message` in ``lang``."""
        return message.render(self, lang)
