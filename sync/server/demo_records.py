"""Made-up records exactly as a kiosk sends them, with the staff's later status changes.

Deterministic: everything comes from one ``random.Random``. The payloads have the keys
and value forms the kiosk writes (kiosk/appeals.py, tickets.py, bookings.py, ratings.py);
names, IINs, phones and tracking codes pass the kiosk's own validators.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.appeals import registration_number
from kiosk.catalogue.model import Catalogue, Tone
from kiosk.storage import utc_iso
from kiosk.tickets import format_ticket_number
from kiosk.tracking import ALPHABET, DATA_LENGTH
from kiosk.validators.iin import check_digit
from kiosk.workdays import add_working_days, registration_day
from sync.protocol import Record
from sync.server import demo_words as words

#: What a made-up appeal should be today; None lets its dates decide.
APPEAL_STATES = ("overdue", "soon", "registered", "in_progress", "answered", "forwarded",
                 "rejected")
_FINAL = (("answered", 78), ("forwarded", 12), ("rejected", 10))
_TYPES = (("application", 40), ("complaint", 25), ("request", 15), ("proposal", 10),
          ("feedback", 10))
_SCORES = ((5, 45), (4, 25), (3, 12), (2, 8), (1, 10))


@dataclass(frozen=True)
class Place:
    """A kiosk and where it stands: its district and the akimat that answers its records."""

    kiosk_id: str
    district: str
    akimat: str


@dataclass(frozen=True)
class Change:
    """A status change made by staff (a ``status_history`` row)."""

    at: str
    login: str
    old: str
    new: str
    reply: str


@dataclass(frozen=True)
class Made:
    """A record as the kiosk sent it and what staff did with it since."""

    place: Place
    record: Record
    received_at: str
    #: The status now ('' keeps the one ingest gives).
    status: str = ""
    reply: str = ""
    changes: tuple[Change, ...] = ()


def clerk_login(akimat: str) -> str:
    """The login of the clerk who answers an akimat's appeals in the made-up data."""
    return f"clerk.{words.latin(akimat)}"


def office_login(akimat: str) -> str:
    """The login of the akim's office that handles the akimat's reception."""
    return f"office.{words.latin(akimat)}"


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


class RecordMaker:
    """Builds records in time order (registration numbers and ticket numbers count up)."""

    def __init__(self, rng: random.Random, catalogue: Catalogue, now: dt.datetime) -> None:
        self.rng = rng
        self.catalogue = catalogue
        self.zone = zoneinfo.ZoneInfo(catalogue.akimat.timezone)
        self.now = now.astimezone(self.zone)
        self.today = self.now.date()
        self._seq: dict[tuple[str, str], int] = {}
        self._deadlines: dict[tuple[dt.date, int], dt.date] = {}
        self._slots: set[tuple[str, dt.datetime]] = set()

    # --- moments --------------------------------------------------------------------

    def moment(self, days_back: int) -> dt.datetime:
        """A local moment in office hours of the working day ``days_back`` days ago, or the
        one before it (never after now)."""
        day = self.today - dt.timedelta(days=days_back)
        while not self.catalogue.holidays.is_working_day(day):
            day -= dt.timedelta(days=1)
        minute = self.rng.randrange(9 * 60, 18 * 60)
        moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.zone)
        return moment if moment <= self.now else self.now - dt.timedelta(
            minutes=self.rng.randrange(1, 600))

    def appeal_moment(self, state: str, appeal_type: str) -> dt.datetime:
        """When an appeal of ``appeal_type`` must have come in to be in ``state`` today."""
        days = self.catalogue.appeal_types[appeal_type].deadline_working_days
        if state == "overdue":
            target = self.today - dt.timedelta(days=self.rng.randrange(1, 12))
        elif state == "soon":
            target = add_working_days(self.catalogue.holidays, self.today, self.rng.randrange(4))
        elif state in ("registered", "in_progress"):
            target = self.today + dt.timedelta(days=self.rng.randrange(6, days + 4))
        else:
            target = self.today + dt.timedelta(days=self.rng.randrange(-60, days))
        day = target - dt.timedelta(days=days * 7 // 5 + 2)
        while self._deadline(day, days) < target and day < self.today:
            day += dt.timedelta(days=1)
        return self.moment((self.today - day).days)

    def _deadline(self, day: dt.date, days: int) -> dt.date:
        key = (day, days)
        if key not in self._deadlines:
            self._deadlines[key] = add_working_days(self.catalogue.holidays, day, days)
        return self._deadlines[key]

    def _received(self, moment: dt.datetime) -> str:
        delay = dt.timedelta(microseconds=self.rng.randrange(5_000_000, 900_000_000))
        return utc_iso(min(self.now, moment + delay))

    def _at(self, day: dt.date, after: dt.datetime) -> str:
        """A moment of staff work on ``day``: later than ``after``, never after now."""
        minute = self.rng.randrange(9 * 60 + 30, 17 * 60 + 30)
        moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.zone)
        moment = max(moment, after + dt.timedelta(minutes=self.rng.randrange(10, 120)))
        return utc_iso(min(moment, self.now - dt.timedelta(seconds=30)))

    # --- people ---------------------------------------------------------------------

    def uuid(self) -> str:
        """A version-4 UUID drawn from the seed."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def tracking_code(self) -> str:
        """A tracking code that passes ``normalize_tracking_code`` (same check as the kiosk)."""
        data = "".join(self.rng.choice(ALPHABET) for _ in range(DATA_LENGTH))
        total = sum((i + 2) * ALPHABET.index(ch) for i, ch in enumerate(data))
        return data + ALPHABET[total % len(ALPHABET)]

    def person(self, language: str) -> tuple[str, str, str]:
        """Full name, IIN and phone of a made-up applicant writing in ``language``."""
        rng = self.rng
        woman = rng.random() < 0.55
        if language == "ru" and rng.random() < 0.55:
            first = rng.choice(words.RU_WOMEN if woman else words.RU_MEN)
            father = rng.choice(tuple(words.RU_PATRONYMICS))
            surname = rng.choice(words.RU_SURNAMES)
            if rng.random() < 0.15:
                surname = rng.choice(words.RU_FIXED_SURNAMES)
            elif woman:
                surname += "а"
            name = f"{surname} {first} {words.RU_PATRONYMICS[father][woman]}"
        else:
            first = rng.choice(words.KK_WOMEN if woman else words.KK_MEN)
            father = rng.choice(words.KK_MEN)
            name = (f"{words.kk_surname(rng.choice(words.KK_SURNAMES), woman)} {first} "
                    f"{father}{'қызы' if woman else 'ұлы'}")
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        century = (5 if born.year < 2000 else 3) + (1 if woman else 0)  # 5/6: 1900s, 3/4: 2000s
        while True:
            first11 = f"{born:%y%m%d}{century}{rng.randrange(10000):04d}"
            check = check_digit(first11)
            if check is not None:
                break
        phone = f"+77{rng.choice(('01', '02', '05', '07', '08', '47', '75', '77'))}" \
                f"{rng.randrange(10 ** 7):07d}"
        return name, first11 + str(check), phone

    def _language(self) -> str:
        return "kk" if self.rng.random() < 0.65 else "ru"

    # --- records --------------------------------------------------------------------

    def appeal(self, place: Place, moment: dt.datetime, state: str | None = None,
               appeal_type: str | None = None) -> Made:
        """An appeal submitted at ``moment`` (local), in ``state`` today or as its dates fall."""
        rng = self.rng
        language = self._language()
        kind = appeal_type or _pick(rng, _TYPES)
        days = self.catalogue.appeal_types[kind].deadline_working_days
        registered = registration_day(self.catalogue.holidays, moment.date())
        deadline = self._deadline(registered, days)
        year = str(registered.year)
        seq = self._seq[(place.kiosk_id, year)] = self._seq.get((place.kiosk_id, year), 0) + 1
        topic, text = rng.choice(words.TOPICS[kind][language])
        address = words.ADDRESS[language].format(street=rng.choice(words.STREETS[language]),
                                                 house=rng.randrange(1, 90))
        name, iin, phone = self.person(language)
        record_uuid = self.uuid()
        payload = {
            "uuid": record_uuid,
            "registration_number": registration_number(place.kiosk_id, registered.year, seq),
            "tracking_code": self.tracking_code(), "appeal_type": kind, "topic": topic,
            "text": f"{text} {address}", "full_name": name, "iin": iin, "phone": phone,
            "address": address.split(": ", 1)[1].rstrip("."), "language": language,
            "consent_at": utc_iso(moment), "submitted_at": utc_iso(moment),
            "registered_on": registered.isoformat(), "deadline": deadline.isoformat(),
        }
        status = self._appeal_status(state, registered, deadline)
        changes = self._appeal_changes(place, status, language, moment, deadline)
        return Made(place, Record(record_uuid, "appeal", payload), self._received(moment),
                    status, changes[-1].reply if changes else "", changes)

    def _appeal_status(self, state: str | None, registered: dt.date, deadline: dt.date) -> str:
        rng = self.rng
        if state in ("overdue", "soon"):
            return "in_progress" if rng.random() < 0.7 else "registered"
        if state is not None:
            return state
        if deadline < self.today:
            if rng.random() < 0.04:
                return "in_progress" if rng.random() < 0.75 else "registered"
            return _pick(rng, _FINAL)
        progress = (self.today - registered).days / max(1, (deadline - registered).days)
        if rng.random() < 0.5 * progress:
            return _pick(rng, _FINAL)
        return "in_progress" if rng.random() < min(0.9, 0.3 + progress) else "registered"

    def _appeal_changes(self, place: Place, status: str, language: str, moment: dt.datetime,
                        deadline: dt.date) -> tuple[Change, ...]:
        if status == "registered":
            return ()
        rng, login = self.rng, clerk_login(place.akimat)
        started = min(self.today, moment.date() + dt.timedelta(days=rng.randrange(1, 4)))
        taken = Change(self._at(started, moment), login, "registered", "in_progress", "")
        if status == "in_progress":
            return (taken,)
        last = min(self.today, deadline + dt.timedelta(days=rng.randrange(1, 6))
                   if rng.random() < 0.08 else deadline)
        done = started + dt.timedelta(days=rng.randrange(max(1, (last - started).days + 1)))
        reply = words.REPLIES[status][language]
        if rng.random() < 0.65:
            finished = self._at(done, dt.datetime.fromisoformat(taken.at))
            return taken, Change(finished, login, "in_progress", status, reply)
        return (Change(self._at(done, moment), login, "registered", status, reply),)

    def ticket(self, place: Place, moment: dt.datetime) -> Made:
        """A queue ticket taken at ``moment``: served or missed on past days."""
        rng = self.rng
        department = rng.choice(tuple(self.catalogue.departments.values()))
        day = moment.date()
        key = (place.kiosk_id, f"{day}:{department.id}")
        # Only some of a day's tickets are made: the numbers jump as the day's would.
        seq = self._seq[key] = self._seq.get(key, rng.randrange(12)) + rng.randrange(1, 4)
        record_uuid = self.uuid()
        payload = {"uuid": record_uuid, "number": format_ticket_number(department.prefix, seq),
                   "department": department.id, "day": day.isoformat(), "seq": seq,
                   "tracking_code": self.tracking_code(), "language": self._language(),
                   "issued_at": utc_iso(moment), "people_ahead": rng.randrange(6)}
        status = ""
        if day < self.today:
            status = "served" if rng.random() < 0.88 else "missed"
        return Made(place, Record(record_uuid, "ticket", payload), self._received(moment),
                    status)

    def booking_slot(self, place: Place) -> dt.datetime | None:
        """A free reception slot of this kiosk from 60 days back to the booking horizon."""
        sessions = self.catalogue.reception.sessions
        for _ in range(20):
            day = self.today + dt.timedelta(days=self.rng.randrange(-60, 15))
            session = self.rng.choice(sessions)
            day += dt.timedelta(days=(session.weekday.number - day.weekday()) % 7)
            horizon = self.today + dt.timedelta(days=self.catalogue.reception.booking_horizon_days)
            if (day > horizon or day in self.catalogue.reception.cancelled
                    or not self.catalogue.holidays.is_working_day(day)):
                continue
            start = dt.datetime.combine(day, session.start, tzinfo=self.zone)
            end = dt.datetime.combine(day, session.end, tzinfo=self.zone)
            count = int((end - start).total_seconds() // 60 // session.slot_minutes)
            slot = start + dt.timedelta(minutes=session.slot_minutes * self.rng.randrange(count))
            if (place.kiosk_id, slot) not in self._slots:
                self._slots.add((place.kiosk_id, slot))
                return slot
        return None

    def booked_moment(self, slot: dt.datetime) -> dt.datetime:
        """When a slot was booked at the kiosk: 1-10 days before it, and not after now."""
        day = slot.date() - dt.timedelta(days=self.rng.randrange(1, 11))
        return self.moment(max(0, (self.today - day).days))

    def booking(self, place: Place, moment: dt.datetime, slot: dt.datetime) -> Made:
        """A booking of the akim's reception for ``slot``, made at ``moment``."""
        rng = self.rng
        language = self._language()
        name, iin, phone = self.person(language)
        minutes = next((s.slot_minutes for s in self.catalogue.reception.sessions
                        if s.weekday.number == slot.weekday()), 15)
        record_uuid = self.uuid()
        payload = {"uuid": record_uuid, "tracking_code": self.tracking_code(),
                   "slot_start": slot.isoformat(),
                   "slot_end": (slot + dt.timedelta(minutes=minutes)).isoformat(),
                   "topic": rng.choice(words.BOOKING_TOPICS[language]), "full_name": name,
                   "iin": iin, "phone": phone, "language": language,
                   "booked_at": utc_iso(moment)}
        if slot < self.now:
            status = "done" if rng.random() < 0.8 else "cancelled"
        else:
            status = "cancelled" if rng.random() < 0.12 else "booked"
        changes: tuple[Change, ...] = ()
        if status != "booked":
            when = min(slot.date(), self.today)
            changes = (Change(self._at(when, moment), office_login(place.akimat), "booked",
                              status, ""),)
        return Made(place, Record(record_uuid, "booking", payload), self._received(moment),
                    status, "", changes)

    def rating(self, place: Place, moment: dt.datetime) -> Made:
        """A rating of the service given at ``moment``."""
        rng = self.rng
        score = int(_pick(rng, [(str(s), w) for s, w in _SCORES]))
        reasons = self.catalogue.rating_reasons.values()
        tone = Tone.POSITIVE if score >= 4 else Tone.NEGATIVE if score <= 2 else None
        offered = [r.id for r in reasons if tone is None or r.tone is tone]
        chosen = rng.sample(offered, rng.randrange(min(3, len(offered)) + 1))
        language = self._language()
        comment = rng.choice(words.RATING_COMMENTS[language]) if rng.random() < 0.2 else ""
        department = (rng.choice(tuple(self.catalogue.departments)) if rng.random() < 0.8
                      else None)
        record_uuid = self.uuid()
        payload = {"uuid": record_uuid, "score": score, "reasons": json.dumps(chosen),
                   "comment": comment, "department": department, "language": language,
                   "rated_at": utc_iso(moment)}
        return Made(place, Record(record_uuid, "rating", payload), self._received(moment))
