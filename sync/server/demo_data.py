"""Fill a server store with realistic made-up data, fast: for benchmarks, screenshots, the demo.

Records are written the way ingest writes them — the same look-up fields
(:func:`~sync.server.records.lookup_fields`) and console columns
(:func:`~sync.server.columns.record_columns`) — but many rows per INSERT and thousands per
transaction, with the status, reply and history staff would have given them since.
``seed_region`` makes a region of any size; ``seed_demo`` a small, pleasant set with an
account of every role and known passwords. Both are deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.passwords import SCRYPT_N
from sync.protocol import canonical_json
from sync.server import demo_words as words
from sync.server.accounts import Accounts
from sync.server.backend import Transaction
from sync.server.columns import record_columns
from sync.server.demo_records import Made, Place, RecordMaker, clerk_login, office_login
from sync.server.records import lookup_fields
from sync.server.store import ServerStore
from sync.server.tokens import new_token, token_hash

__all__ = ["DEMO_PASSWORDS", "DemoAccount", "Place", "Seeded", "plan_places", "seed_demo",
           "seed_region"]

logger = logging.getLogger(__name__)

DEFAULT_SEED = 2026
#: Rows per INSERT statement (23 parameters each: within SQLite's and PostgreSQL's limits).
_ROWS_PER_INSERT = 400
#: Records per transaction.
_RECORDS_PER_TRANSACTION = 5000
_HISTORY_DAYS = 365
_RECORD_COLUMNS = ("kiosk_id", "uuid", "kind", "payload", "content_hash", "received_at",
                   "tracking_code", "number", "deadline", "status", "reply",
                   "status_updated_at")
#: The password of each role's demo account (shown on the demo's sign-in page, never real).
DEMO_PASSWORDS = {"clerk": "demo-clerk-2026", "office": "demo-office-2026",
                  "district": "demo-district-2026", "region": "demo-region-2026"}


@dataclass(frozen=True)
class Seeded:
    """What was made: the kiosks with their places, counts per kind, and the day it was for."""

    places: tuple[Place, ...]
    counts: dict[str, int]
    today: dt.date

    def akimats(self) -> list[str]:
        """Every akimat, in order of first appearance."""
        return list(dict.fromkeys(p.akimat for p in self.places))

    def districts(self) -> list[str]:
        """Every district, in order of first appearance."""
        return list(dict.fromkeys(p.district for p in self.places))


@dataclass(frozen=True)
class DemoAccount:
    """A demo staff account and its password."""

    login: str
    full_name: str
    role: str
    akimat: str
    district: str
    password: str


def plan_places(kiosks: int, rng: random.Random) -> list[Place]:
    """``kiosks`` kiosks in akimats of 1-3 kiosks (two on average), ~25 akimats a district."""
    akimat_count = max(1, (kiosks + 1) // 2)
    districts = words.DISTRICTS[:max(1, min(len(words.DISTRICTS), round(akimat_count / 25)))]
    villages = list(words.VILLAGES)
    rng.shuffle(villages)
    names = [villages[i % len(villages)] + (f" {i // len(villages) + 1}"
                                            if i >= len(villages) else "")
             for i in range(akimat_count)]
    sizes = [1] * akimat_count
    for _ in range(kiosks - akimat_count):
        sizes[rng.randrange(akimat_count)] += 1
    places: list[Place] = []
    for index, (name, size) in enumerate(zip(names, sizes, strict=True)):
        district = districts[index % len(districts)]
        places.extend(Place(f"{words.latin(name)}-{n:02d}"[:40], district, name)
                      for n in range(1, size + 1))
    return places


def seed_region(store: ServerStore, *, kiosks: int = 500, appeals: int = 100_000,
                tickets: int = 0, bookings: int = 0, ratings: int = 0,
                seed: int = DEFAULT_SEED, catalogue: Catalogue | None = None) -> Seeded:
    """Register ``kiosks`` kiosks and store that many records of each kind, spread over the
    last year (the appeals' deadlines around today: some overdue, some due soon).

    Busy kiosks send up to four times as much as quiet ones. Meant for an empty store.
    """
    rng = random.Random(seed)
    catalogue = catalogue or load_catalogue(assets_dir() / "catalogue")
    maker = RecordMaker(rng, catalogue, dt.datetime.fromisoformat(store.now()))
    places = plan_places(kiosks, rng)
    _add_kiosks(store, places)
    weights = [0.5 + 1.5 * rng.random() for _ in places]
    events: list[tuple[dt.datetime, str, int, dt.datetime | None]] = []
    for kind, count in (("appeal", appeals), ("ticket", tickets), ("rating", ratings)):
        for index in rng.choices(range(len(places)), weights, k=count):
            events.append((maker.moment(rng.randrange(_HISTORY_DAYS)), kind, index, None))
    for index in rng.choices(range(len(places)), weights, k=bookings):
        slot = maker.booking_slot(places[index])
        if slot is not None:
            events.append((maker.booked_moment(slot), "booking", index, slot))
    events.sort(key=lambda event: event[0])
    counts = _write(store, _make(maker, places, events))
    logger.info("seeded %d kiosks with %s", len(places), counts)
    return Seeded(tuple(places), counts, maker.today)


def _make(maker: RecordMaker, places: Sequence[Place],
          events: Iterable[tuple[dt.datetime, str, int, dt.datetime | None]]) -> Iterator[Made]:
    for moment, kind, index, slot in events:
        place = places[index]
        if kind == "appeal":
            yield maker.appeal(place, moment)
        elif kind == "ticket":
            yield maker.ticket(place, moment)
        elif kind == "rating":
            yield maker.rating(place, moment)
        elif slot is not None:
            yield maker.booking(place, moment, slot)


def seed_demo(store: ServerStore, *, seed: int = DEFAULT_SEED,
              catalogue: Catalogue | None = None,
              scrypt_n: int = SCRYPT_N) -> list[DemoAccount]:
    """A small, pleasant set: two akimats of one district with a few dozen records in every
    status (overdue and due-soon appeals among them) and one account of each role.

    Returns the accounts with their passwords (:data:`DEMO_PASSWORDS`).
    """
    rng = random.Random(seed)
    catalogue = catalogue or load_catalogue(assets_dir() / "catalogue")
    maker = RecordMaker(rng, catalogue, dt.datetime.fromisoformat(store.now()))
    district = "Аршалы"
    places = [Place("karasu-01", district, "Қарасу"), Place("karasu-02", district, "Қарасу"),
              Place("zhibek-zholy-01", district, "Жібек жолы")]
    _add_kiosks(store, places)
    states = ("overdue", "soon", "registered", "in_progress", "answered", "overdue", "soon",
              "in_progress", "answered", "forwarded", "registered", "rejected", "answered",
              "soon", "in_progress", "answered", "registered", "overdue", "answered",
              "in_progress", "soon", "answered", "forwarded", "registered", "answered",
              "in_progress", "answered", "soon", "registered", "answered", "in_progress",
              "rejected")
    types = ("complaint", "application", "request", "proposal", "feedback")
    appeals = []
    for number, state in enumerate(states):
        appeal_type = types[number % len(types)]
        place = places[number % len(places)]
        appeals.append((maker.appeal_moment(state, appeal_type), place, state, appeal_type))
    appeals.sort(key=lambda item: item[0])
    made = [maker.appeal(place, moment, state, kind) for moment, place, state, kind in appeals]
    others: list[tuple[dt.datetime, str, int, dt.datetime | None]] = []
    for index in [0, 1, 2] * 5:
        slot = maker.booking_slot(places[index])
        if slot is not None:
            others.append((maker.booked_moment(slot), "booking", index, slot))
    for index in [0, 1, 2] * 8:
        others.append((maker.moment(rng.randrange(30)), "ticket", index, None))
        others.append((maker.moment(rng.randrange(60)), "rating", index, None))
    others.sort(key=lambda event: event[0])
    made.extend(_make(maker, places, others))
    made.sort(key=lambda item: item.received_at)
    _write(store, made)
    return _demo_accounts(store, places, scrypt_n)


def _demo_accounts(store: ServerStore, places: Sequence[Place],
                   scrypt_n: int) -> list[DemoAccount]:
    first, second = places[0], places[-1]
    wanted = [
        DemoAccount(clerk_login(first.akimat), "Асқарова Гүлнар", "clerk", first.akimat, "",
                    DEMO_PASSWORDS["clerk"]),
        DemoAccount(clerk_login(second.akimat), "Петрова Ольга", "clerk", second.akimat, "",
                    DEMO_PASSWORDS["clerk"]),
        DemoAccount(office_login(first.akimat), "Жұмабеков Ерлан", "office", first.akimat, "",
                    DEMO_PASSWORDS["office"]),
        DemoAccount(f"district.{words.latin(first.district)}", "Сейітова Динара", "district",
                    "", first.district, DEMO_PASSWORDS["district"]),
        DemoAccount("region", "Омаров Марат", "region", "", "", DEMO_PASSWORDS["region"]),
    ]
    accounts = Accounts(store.db, lambda: dt.datetime.fromisoformat(store.now()),
                        scrypt_n=scrypt_n)
    for account in wanted:
        accounts.add(account.login, account.full_name, account.role, akimat=account.akimat,
                     district=account.district, password=account.password)
    return wanted


def _add_kiosks(store: ServerStore, places: Sequence[Place]) -> None:
    """Register the kiosks in one transaction (tokens random and never shown)."""
    now = store.now()
    with store.db.transaction() as tx:
        for start in range(0, len(places), _ROWS_PER_INSERT):
            chunk = places[start:start + _ROWS_PER_INSERT]
            values: list[str] = []
            for place in chunk:
                values.extend((place.kiosk_id, place.district, place.akimat,
                               token_hash(new_token()), now))
            tx.execute("INSERT INTO kiosks (kiosk_id, district, akimat, token_hash, created_at) "
                       "VALUES " + ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk)), values)


def _write(store: ServerStore, made: Iterable[Made]) -> dict[str, int]:
    """Store the records in transactions of a few thousand; returns how many of each kind."""
    counts: dict[str, int] = {}
    batch: list[Made] = []
    for item in made:
        batch.append(item)
        counts[item.record.kind] = counts.get(item.record.kind, 0) + 1
        if len(batch) >= _RECORDS_PER_TRANSACTION:
            _write_batch(store, batch)
            batch = []
    if batch:
        _write_batch(store, batch)
    return counts


def _write_batch(store: ServerStore, batch: Sequence[Made]) -> None:
    with store.db.transaction() as tx:
        for start in range(0, len(batch), _ROWS_PER_INSERT):
            _insert(tx, batch[start:start + _ROWS_PER_INSERT])


def _insert(tx: Transaction, chunk: Sequence[Made]) -> None:
    """One multi-row INSERT of the records, then their status history."""
    names: Sequence[str] = ()
    rows: list[object] = []
    for item in chunk:
        record = item.record
        fields = lookup_fields(record)
        columns = record_columns(record.kind, record.payload, item.place.akimat,
                                 item.place.district)
        names = tuple(columns)
        # as ingest leaves it: no staff change, no time of one (the list marks changed ones)
        updated = item.changes[-1].at if item.changes else None
        rows.extend((item.place.kiosk_id, record.uuid, record.kind,
                     canonical_json(record.payload).decode(), record.content_hash(),
                     item.received_at, fields.tracking_code, fields.number, fields.deadline,
                     item.status or fields.status, item.reply, updated, *columns.values()))
    marks = "(" + ", ".join("?" * (len(_RECORD_COLUMNS) + len(names))) + ")"
    inserted = tx.query(f"INSERT INTO records ({', '.join((*_RECORD_COLUMNS, *names))}) "
                        f"VALUES {', '.join([marks] * len(chunk))} "
                        "ON CONFLICT (kiosk_id, uuid) DO NOTHING RETURNING id, kiosk_id, uuid",
                        rows)
    ids = {(str(kiosk), str(uuid)): int(row_id) for row_id, kiosk, uuid in inserted}
    history: list[object] = []
    for item in chunk:
        record_id = ids.get((item.place.kiosk_id, item.record.uuid))
        if record_id is None:  # already stored: its history is too
            continue
        for change in item.changes:
            history.extend((record_id, change.at, change.login, change.old, change.new,
                            change.reply, ""))
    for start in range(0, len(history), 7 * 1000):
        part = history[start:start + 7 * 1000]
        tx.execute("INSERT INTO status_history (record_id, at, login, old_status, new_status, "
                   "reply, reason) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"]
                                                       * (len(part) // 7)), part)
