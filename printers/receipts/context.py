"""What every receipt needs besides its record: catalogue, language, translator, server URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.catalogue import Catalogue
from kiosk.clock import local_time
from kiosk.i18n import Language, Localizable, Message, Translator, format_datetime


@dataclass(frozen=True)
class ReceiptContext:
    """The setting a receipt is printed in."""

    catalogue: Catalogue
    translator: Translator
    lang: Language
    public_url: str
    kiosk_id: str

    def t(self, message: Message) -> str:
        """A message in the receipt's language."""
        return self.translator.render(message, self.lang)

    def text(self, value: Localizable) -> str:
        """A catalogue text in the receipt's language."""
        return value.text(self.lang)

    def when(self, moment: dt.datetime) -> str:
        """A moment as the akimat's local date and time, in the receipt's language."""
        return format_datetime(local_time(moment, self.catalogue.akimat.timezone), self.lang)

    @property
    def akimat_name(self) -> str:
        """The receiving body's name."""
        return self.catalogue.akimat.name.text(self.lang)
