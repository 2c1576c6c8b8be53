"""Lazy, translatable messages: built anywhere, rendered in the reader's language later.

A :class:`Message` keeps its gettext ``msgid`` and parameters, so an error raised in the
core can be shown in Kazakh, then re-shown in Russian after a language switch.
Mark messages with :func:`N_` (and :func:`NP_` for plurals) so extraction finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, runtime_checkable

from kiosk.record import Record


class Language(StrEnum):
    """The kiosk's three languages, Kazakh first (Law on Languages, art. 21)."""

    KK = "kk"
    RU = "ru"
    EN = "en"


LANGUAGES: tuple[Language, ...] = (Language.KK, Language.RU, Language.EN)
DEFAULT_LANGUAGE = Language.KK


@runtime_checkable
class Localizable(Protocol):
    """Anything that can give its text in a language (catalogue texts, dates, messages)."""

    def text(self, lang: Language) -> str:
        """Return the text in ``lang``."""
        ...


class Renderer(Protocol):
    """What a message needs to render itself: gettext and ngettext for a language."""

    def gettext(self, lang: Language, msgid: str) -> str:
        """Translate a singular message id."""
        ...

    def ngettext(self, lang: Language, singular: str, plural: str, n: int) -> str:
        """Translate a plural message id for count ``n``."""
        ...


class Message(Record):
    """A translatable message with ``{name}`` parameters; plural when ``plural`` is set."""

    msgid: str
    params: Mapping[str, object] = MappingProxyType({})
    plural: str | None = None
    n: int = 1

    def render(self, renderer: Renderer, lang: Language) -> str:
        """Translate into ``lang`` and fill in the parameters (themselves rendered in ``lang``)."""
        if self.plural is None:
            template = renderer.gettext(lang, self.msgid)
        else:
            template = renderer.ngettext(lang, self.msgid, self.plural, self.n)
        values = {k: _param_text(v, renderer, lang) for k, v in self.params.items()}
        return self._fill(template, values)

    def english(self) -> str:
        """The source (English) text, for logs and exceptions."""
        template = self.msgid if self.plural is None or self.n == 1 else self.plural
        return self._fill(template, {k: _param_english(v) for k, v in self.params.items()})

    def _fill(self, template: str, values: Mapping[str, str]) -> str:
        try:
            return template.format_map(dict(values, n=str(self.n)))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            # A translation with a broken placeholder must not hide the message itself.
            try:
                return self.msgid.format_map(dict(values, n=str(self.n)))
            except (KeyError, IndexError, ValueError, AttributeError, TypeError):
                return self.msgid  # as written rather than an exception


def plain_text(text: str) -> Message:
    """Text from outside (a kiosk, a file, an error) shown as it is: never a format template."""
    return Message("{text}", {"text": text})


def _param_text(value: object, renderer: Renderer, lang: Language) -> str:
    if isinstance(value, Message):
        return value.render(renderer, lang)
    if isinstance(value, Localizable):
        return value.text(lang)
    return str(value)


def _param_english(value: object) -> str:
    if isinstance(value, Message):
        return value.english()
    if isinstance(value, Localizable):
        return value.text(Language.EN)
    return str(value)


def N_(msgid: str, **params: object) -> Message:
    """Mark ``msgid`` for translation and bind its parameters; rendered later."""
    return Message(msgid, params)


def NP_(singular: str, plural: str, n: int, **params: object) -> Message:
    """Mark a plural message for translation; ``{n}`` in the text is the count."""
    return Message(singular, params, plural=plural, n=n)
