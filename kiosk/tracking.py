"""Tracking codes: short, read aloud without confusion, typed with a check, hard to guess.

Nine random symbols from a 31-symbol alphabet (no 0/O, 1/I/L) give 44.6 bits; a tenth
symbol is a weighted check modulo 31 (a prime), which catches every single mistyped
symbol and every swap of two neighbours. Shown as ``KX7MQ-4RT9C``. Cyrillic look-alikes
typed on a Russian keyboard (А В С Е Н К М Р Т Х У) are read as their Latin twins.
"""

from __future__ import annotations

import secrets

from kiosk.errors import ValidationError
from kiosk.i18n import N_

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DATA_LENGTH = 9
CODE_LENGTH = DATA_LENGTH + 1
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans("АВСЕНКМРТХУЗ", "ABCEHKMPTXY3")
_CONFUSABLE = "01OIL"


def _check_symbol(data: str) -> str:
    total = sum((i + 2) * _INDEX[ch] for i, ch in enumerate(data))
    return ALPHABET[total % len(ALPHABET)]


def new_tracking_code() -> str:
    """A fresh random code with its check symbol, e.g. ``KX7MQ4RT9C`` (store this form)."""
    value = secrets.randbelow(len(ALPHABET) ** DATA_LENGTH)  # one draw from the OS CSPRNG
    symbols = []
    for _ in range(DATA_LENGTH):
        value, index = divmod(value, len(ALPHABET))
        symbols.append(ALPHABET[index])
    data = "".join(symbols)
    return data + _check_symbol(data)


def format_tracking_code(code: str) -> str:
    """The code as printed and shown: ``KX7MQ-4RT9C``."""
    return f"{code[:5]}-{code[5:]}"


def normalize_tracking_code(raw: str, field: str = "code") -> str:
    """Return the 10-symbol code from what a person typed or a scanner sent, or raise.

    :raises ValidationError: with rule ``empty``, ``characters``, ``length`` or ``checksum``.
    """
    text = "".join(ch for ch in raw.upper().translate(_LOOKALIKES) if ch not in " -\t\r\n")
    if "/T/" in text:  # a scanned receipt QR carries the whole status URL
        text = text.rsplit("/T/", 1)[1]
    if not text:
        raise ValidationError(field, "empty", N_("Enter the code printed under the QR code."))
    for ch in text:
        if ch not in _INDEX:
            hint = (N_("Codes never contain the letters O, I, L or the digits 0 and 1.")
                    if ch in _CONFUSABLE else N_("Codes have Latin letters and digits only."))
            raise ValidationError(field, "characters",
                                  N_("“{char}” is not used in codes. {hint}", char=ch, hint=hint))
    if len(text) != CODE_LENGTH:
        raise ValidationError(field, "length", N_("A code has 10 symbols; you entered {count}.",
                                                  count=len(text)))
    if _check_symbol(text[:DATA_LENGTH]) != text[DATA_LENGTH]:
        raise ValidationError(field, "checksum",
                              N_("This code has a typing mistake. Check every symbol."))
    return text


_QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def tracking_url(public_url: str, code: str) -> str:
    """The status-page URL a receipt's QR opens: ``HTTP://HOST:PORT/T/KX7MQ4RT9C``.

    Written in capitals when the whole URL allows it: QR's alphanumeric mode then stores it
    in a smaller symbol (version 2 instead of 3 for a typical address), and scheme, host and
    our ``/T/`` path are case-insensitive. The server answers both ``/t/`` and ``/T/``.
    """
    url = f"{public_url.rstrip('/')}/T/{code}"
    upper = url.upper()
    return upper if set(upper) <= _QR_ALPHANUMERIC else f"{public_url.rstrip('/')}/t/{code}"
