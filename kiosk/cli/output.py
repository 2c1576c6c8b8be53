"""Printing for the CLI: messages in the technician's language, tables that line up."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from kiosk.cli.logs import stderr_prefix
from kiosk.i18n import Language, Message, Translator


@dataclass
class Console:
    """Writes translated messages to stdout/stderr."""

    translator: Translator | None
    lang: Language
    out: TextIO = sys.stdout
    err: TextIO = sys.stderr

    def text(self, message: Message) -> str:
        """Render ``message`` in the console's language (English if catalogues are missing)."""
        if self.translator is None:
            return message.english()
        return self.translator.render(message, self.lang)

    def say(self, message: Message) -> None:
        """Print a message to stdout."""
        print(self.text(message), file=self.out)

    def error(self, message: Message) -> None:
        """Print an error to stderr, prefixed so it stands out in a terminal and the journal."""
        print(f"{stderr_prefix(self.err)}kiosk: {self.text(message)}", file=self.err)

    def table(self, rows: Sequence[tuple[str, str]]) -> None:
        """Print label/value rows with the values aligned."""
        width = max((len(label) for label, _ in rows), default=0)
        for label, value in rows:
            print(f"  {label.ljust(width)}  {value}", file=self.out)
