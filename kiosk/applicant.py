"""The person behind an appeal or booking: validated fields, masked for display."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.validators import (
    clean_text,
    mask_iin,
    mask_phone,
    normalize_iin,
    normalize_name,
    normalize_phone,
)

ADDRESS_MAX = 200


@dataclass(frozen=True)
class Applicant:
    """Name, IIN, phone and optional address, already normalized."""

    full_name: str
    iin: str
    phone: str
    address: str = ""

    @classmethod
    def parse(cls, full_name: str, iin: str, phone: str, address: str = "") -> Applicant:
        """Validate what was typed; the first broken rule raises ``ValidationError``."""
        return cls(
            full_name=normalize_name(full_name, "full_name"),
            iin=normalize_iin(iin, "iin"),
            phone=normalize_phone(phone, "phone"),
            address=clean_text(address, field="address", max_length=ADDRESS_MAX, required=False),
        )

    @property
    def masked_iin(self) -> str:
        """``8710******27`` for screens and receipts."""
        return mask_iin(self.iin)

    @property
    def masked_phone(self) -> str:
        """``+7 (701) ***-**-78`` for receipts."""
        return mask_phone(self.phone)
