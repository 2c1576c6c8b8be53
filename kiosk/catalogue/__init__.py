"""The akimat's catalogue: departments, services, appeal types, hours, reception, holidays."""

from typing import TYPE_CHECKING

from kiosk.catalogue.model import (
    Akimat,
    AppealType,
    Catalogue,
    Category,
    Channel,
    Department,
    Holidays,
    LocalizedText,
    OpeningHours,
    RatingReason,
    Reception,
    ReceptionSession,
    Service,
    Tone,
    Weekday,
)
from kiosk.catalogue.store import CatalogueStore

if TYPE_CHECKING:
    from kiosk.catalogue.loader import load_catalogue

__all__ = [
    "Akimat",
    "AppealType",
    "Catalogue",
    "CatalogueStore",
    "Category",
    "Channel",
    "Department",
    "Holidays",
    "LocalizedText",
    "OpeningHours",
    "RatingReason",
    "Reception",
    "ReceptionSession",
    "Service",
    "Tone",
    "Weekday",
    "load_catalogue",
]


def __getattr__(name: str) -> object:
    """``load_catalogue`` is imported when first asked for (the TOML reader and the checks
    are not needed when the checked catalogue comes from the cache)."""
    if name == "load_catalogue":
        from kiosk.catalogue.loader import load_catalogue

        return load_catalogue
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
