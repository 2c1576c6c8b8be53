"""Validators for what a citizen types: IIN/BIN, phone, names, free text."""

from kiosk.validators.iin import check_digit, is_valid_iin, mask_iin, normalize_iin
from kiosk.validators.phone import format_phone, mask_phone, normalize_phone
from kiosk.validators.text import (
    EMOJI_REMOVED,
    Cleaned,
    clean_free_text,
    clean_text,
    is_pictograph,
    normalize_name,
    remove_emoji,
)

__all__ = [
    "EMOJI_REMOVED",
    "Cleaned",
    "check_digit",
    "clean_free_text",
    "clean_text",
    "format_phone",
    "is_pictograph",
    "is_valid_iin",
    "mask_iin",
    "mask_phone",
    "normalize_iin",
    "normalize_name",
    "normalize_phone",
    "remove_emoji",
]
