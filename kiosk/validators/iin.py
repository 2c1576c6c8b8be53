"""IIN (individual) and BIN (business) numbers: 12 digits with a two-pass mod-11 check digit.

The date and century digits are informational only (since 2013 they need not match a
person's data), so they are never a reason to reject.
"""

from __future__ import annotations

from kiosk.errors import ValidationError
from kiosk.i18n import N_

IIN_LENGTH = 12
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_SEPARATORS = " -\u00a0"


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or ``None`` when both passes give 10 (no valid number)."""
    digits = [int(c) for c in first_eleven]
    s = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if s == 10:
        s = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
    return None if s == 10 else s


def normalize_iin(raw: str, field: str = "iin") -> str:
    """Return the 12 digits of a valid IIN/BIN typed with spaces or dashes, or raise.

    :raises ValidationError: with rule ``empty``, ``not_digits``, ``length``,
        ``no_check_digit`` or ``checksum``.
    """
    text = "".join(ch for ch in raw.strip() if ch not in _SEPARATORS)
    if not text:
        raise ValidationError(field, "empty", N_("Enter the 12-digit IIN."))
    bad = [ch for ch in text if not ("0" <= ch <= "9")]
    if bad:
        raise ValidationError(
            field, "not_digits", N_("An IIN has digits only; remove “{char}”.", char=bad[0])
        )
    if len(text) != IIN_LENGTH:
        raise ValidationError(
            field,
            "length",
            N_("An IIN has 12 digits; you entered {count}.", count=len(text)),
        )
    expected = check_digit(text[:11])
    if expected is None:
        raise ValidationError(
            field,
            "no_check_digit",
            N_("This number cannot be an IIN: its check digit does not exist. Check every digit."),
        )
    if expected != int(text[11]):
        raise ValidationError(
            field,
            "checksum",
            N_("The IIN's last digit does not match the others: one digit is mistyped."),
        )
    return text


def is_valid_iin(raw: str) -> bool:
    """True when ``raw`` is a 12-digit number with a correct check digit."""
    try:
        normalize_iin(raw)
    except ValidationError:
        return False
    return True


def mask_iin(iin: str) -> str:
    """Mask an IIN for screens and receipts: ``8710******27``."""
    if len(iin) != IIN_LENGTH:
        return "*" * len(iin)
    return iin[:4] + "*" * 6 + iin[-2:]
