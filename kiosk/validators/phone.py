"""Kazakhstan phone numbers: accept the ways people type them, store E.164, show +7 (7xx) ..."""

from __future__ import annotations

import phonenumbers

from kiosk.errors import ValidationError
from kiosk.i18n import N_

_ALLOWED = set("0123456789+-() .\u00a0")
KZ_REGION = "KZ"


def normalize_phone(raw: str, field: str = "phone") -> str:
    """Return a Kazakhstan number in E.164 (``+77012345678``) or raise.

    Accepts ``8 701 234 56 78``, ``+7 (701) 234-56-78``, ``7012345678`` and the like.

    :raises ValidationError: with rule ``empty``, ``characters``, ``length`` or ``not_kz``.
    """
    text = raw.strip()
    if not text:
        raise ValidationError(field, "empty", N_("Enter your phone number."))
    bad = [ch for ch in text if ch not in _ALLOWED]
    if bad:
        raise ValidationError(
            field,
            "characters",
            N_("A phone number has digits only; remove “{char}”.", char=bad[0]),
        )
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+"):
        candidate = "+" + digits
    elif len(digits) == 11 and digits[0] in "78":
        candidate = "+7" + digits[1:]
    elif len(digits) == 10 and digits[0] != "8":
        candidate = "+7" + digits
    else:
        raise ValidationError(
            field,
            "length",
            N_("A phone number has 10 digits after +7 or 8; you entered {count}.",
               count=_after_prefix(digits)),
        )
    try:
        parsed = phonenumbers.parse(candidate, KZ_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            field, "length", N_("This does not look like a phone number. Check the digits.")
        ) from exc
    if phonenumbers.region_code_for_number(parsed) != KZ_REGION or not phonenumbers.is_valid_number(
        parsed
    ):
        raise ValidationError(
            field,
            "not_kz",
            N_("This is not a Kazakhstan number. Mobile numbers start with 70x, 747, 76x, 77x."),
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def format_phone(e164: str) -> str:
    """Show a stored ``+77012345678`` as ``+7 (701) 234-56-78``."""
    national = e164.removeprefix("+7")
    if len(national) != 10 or not national.isdigit():
        return e164
    return f"+7 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}"


def mask_phone(e164: str) -> str:
    """Mask a phone for receipts: ``+7 (701) ***-**-78``."""
    national = e164.removeprefix("+7")
    if len(national) != 10:
        return "*" * len(e164)
    return f"+7 ({national[:3]}) ***-**-{national[8:]}"


def _after_prefix(digits: str) -> int:
    """How many digits follow the 8 (or 7) a number starts with: the count the rule "10
    digits after +7 or 8" speaks of ("8701234567" has 9, not 10)."""
    if digits[:1] == "8" or (digits[:1] == "7" and len(digits) > 10):
        return len(digits) - 1
    return len(digits)
