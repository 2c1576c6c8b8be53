"""What the server refuses, as exceptions whose text a person can act on."""

from __future__ import annotations

from kiosk.errors import KioskError


class StoreError(Exception):
    """A request the store refuses; the text says why."""


class NotFound(StoreError, LookupError):
    """No such kiosk, staff member or record."""


class Rejected(StoreError, ValueError):
    """A value that breaks a rule (unknown status, bad kiosk id, name already taken)."""


class CliError(KioskError):
    """A command that cannot run as given (missing file, half a TLS setup, bad folder)."""
