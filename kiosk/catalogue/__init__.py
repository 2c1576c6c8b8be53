"""The akimat's catalogue: departments, services, appeal types, hours, reception, holidays."""

from kiosk.catalogue.loader import load_catalogue
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
