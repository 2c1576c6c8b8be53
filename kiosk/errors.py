"""Errors a person can act on: each carries a translatable message, never a bare traceback."""

from __future__ import annotations

from kiosk.i18n.messages import Message


class KioskError(Exception):
    """Base class for errors the kiosk reports to a person (citizen or technician)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message

    def __str__(self) -> str:
        return self.message.english()


class ValidationError(KioskError):
    """Input that breaks a named rule, e.g. an IIN whose check digit does not match."""

    def __init__(self, field: str, rule: str, message: Message) -> None:
        super().__init__(message)
        self.field = field
        self.rule = rule

    def __repr__(self) -> str:
        return f"ValidationError(field={self.field!r}, rule={self.rule!r}, {self.message!r})"


class ConfigError(KioskError):
    """A configuration file or environment value that cannot be used."""


class CatalogueError(KioskError):
    """A catalogue file that breaks the catalogue rules (file, item and field named)."""


class StorageError(KioskError):
    """The local database cannot be opened or written."""


class ServiceUnavailable(KioskError):
    """A request the kiosk must refuse now (office closed, limit reached, slot taken)."""

    def __init__(self, reason: str, message: Message) -> None:
        super().__init__(message)
        self.reason = reason
