"""The catalogue as immutable data: departments, services, appeal types, hours, schedule.

The classes are frozen :class:`~kiosk.record.Record` types (a dataclass each would cost a
millisecond of code generation at every start; the catalogue is on the way to Home).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from kiosk.i18n import Language
from kiosk.record import Record


class LocalizedText(Record):
    """One text in the three languages, all present (checked on load)."""

    kk: str
    ru: str
    en: str

    def text(self, lang: Language) -> str:
        """Return the text in ``lang``."""
        return str(getattr(self, lang.value))


class Channel(StrEnum):
    """Where a villager applies for a service."""

    AKIMAT = "akimat"
    PSC = "psc"
    EGOV = "egov"


class Weekday(StrEnum):
    """Weekday names used in the data files, Monday first (``date.weekday()`` order)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday … 6 for Sunday."""
        return list(Weekday).index(self)


class Interval(Record):
    """A span of clock time within one day, ``start`` inclusive, ``end`` exclusive."""

    start: dt.time
    end: dt.time


class OpeningHours(Record):
    """Opening intervals per weekday (Monday = 0); an empty tuple means closed."""

    week: tuple[tuple[Interval, ...], ...]
    tickets_stop_before_close_minutes: int = 30

    def intervals(self, day: dt.date) -> tuple[Interval, ...]:
        """The opening intervals on the weekday of ``day`` (holidays are not considered here)."""
        return self.week[day.weekday()]


class Hotline(Record):
    """A phone line printed on the About screen."""

    number: str
    name: LocalizedText


class Akimat(Record):
    """The receiving body: name, address, contacts, time zone and opening hours."""

    name: LocalizedText
    address: LocalizedText
    phone: str
    email: str
    timezone: str
    hours: OpeningHours
    hotlines: tuple[Hotline, ...]


class Department(Record):
    """A desk of the akimat that serves a queue; ``prefix`` starts its ticket numbers."""

    id: str
    prefix: str
    room: str
    daily_ticket_limit: int
    name: LocalizedText
    description: LocalizedText


class Category(Record):
    """A group of services on the services-guide screen."""

    id: str
    icon: str
    name: LocalizedText


class Service(Record):
    """A public service as the guide shows it and the checklist receipt prints it."""

    id: str
    category: str
    department: str
    channels: tuple[Channel, ...]
    egov_url: str | None
    name: LocalizedText
    description: LocalizedText
    who_may_apply: LocalizedText
    cost: LocalizedText
    duration: LocalizedText
    legal_basis: LocalizedText
    documents: tuple[LocalizedText, ...]
    keywords: Mapping[Language, tuple[str, ...]] = MappingProxyType({})


class AppealType(Record):
    """One of the five appeal types of the Administrative Procedure Code."""

    id: str
    deadline_working_days: int
    name: LocalizedText
    description: LocalizedText


class ReceptionSession(Record):
    """A weekly block of the akim's personal reception, cut into slots."""

    weekday: Weekday
    start: dt.time
    end: dt.time
    slot_minutes: int
    host: LocalizedText
    place: LocalizedText


class Reception(Record):
    """The akim's reception schedule and the dates it does not happen."""

    booking_horizon_days: int
    sessions: tuple[ReceptionSession, ...]
    cancelled: Mapping[dt.date, LocalizedText]


class Holidays(Record):
    """Days off by decree and weekend days that are working days by decree."""

    days_off: Mapping[dt.date, LocalizedText]
    working_days: Mapping[dt.date, LocalizedText]

    def is_working_day(self, day: dt.date) -> bool:
        """True when the akimat works on ``day``: a weekday that is no holiday, or a decreed one."""
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


class Tone(StrEnum):
    """Whether a rating reason praises or complains."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class RatingReason(Record):
    """A chip offered after the five faces."""

    id: str
    tone: Tone
    text: LocalizedText


class PriorityGroup(Record):
    """People entitled to be served out of turn (veterans, people with disabilities …)."""

    id: str
    name: LocalizedText


class QueueRules(Record):
    """How desks call the queue: priority groups, their cap, the service time to assume."""

    #: Empty: the kiosk offers no priority tickets.
    priority_groups: tuple[PriorityGroup, ...] = ()
    #: At most this many priority tickets are called in a row while others wait.
    priority_in_a_row: int = 3
    #: The service time assumed for a department before one was measured today.
    default_service_minutes: int = 10


class Catalogue(Record):
    """Everything the kiosk shows about the akimat, validated as a whole."""

    version: str
    content_hash: str
    akimat: Akimat
    departments: Mapping[str, Department]
    categories: Mapping[str, Category]
    services: Mapping[str, Service]
    appeal_types: Mapping[str, AppealType]
    reception: Reception
    holidays: Holidays
    rating_reasons: Mapping[str, RatingReason]
    queue: QueueRules = QueueRules()

    def department(self, department_id: str) -> Department:
        """The department with this id; ``KeyError`` names it when unknown."""
        return self.departments[department_id]

    def services_in(self, category_id: str) -> list[Service]:
        """Services of a category in file order."""
        return [s for s in self.services.values() if s.category == category_id]
