"""A busy queue day for the queue benchmarks (and their smoke tests): desks and tickets."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from sqlite_utils import Database

from kiosk.assets import assets_dir
from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.i18n import Language
from kiosk.queue.actions import perform
from kiosk.queue.desks import add_desk
from kiosk.tickets import issue_ticket

#: 10:00 on a working Tuesday in the akimat's zone (UTC+5), as UTC.
MORNING = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)
DESK_PASSWORD = "bench-desk-password"


def desk_catalogue(folder: Path) -> Catalogue:
    """The demo catalogue with daily limits raised to 999 (a benchmark day is long)."""
    target = folder / "catalogue"
    shutil.copytree(assets_dir() / "catalogue", target)
    path = target / "departments.toml"
    path.write_text(re.sub(r"daily_ticket_limit = \d+", "daily_ticket_limit = 999",
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    return load_catalogue(target)


def fill_day(db: Database, catalogue: Catalogue, tickets: int, *, served: int = 0,
             department: str = "social", others: int = 0) -> dt.datetime:
    """Issue ``tickets`` in ``department`` (every fourth a priority one) and ``others`` in the
    next department, then call and serve ``served`` of the department's."""
    add_desk(db, catalogue, "bench-1", department=department, room="103",
             specialist="Benchmark", now=MORNING, password=DESK_PASSWORD)
    other = next(d for d in catalogue.departments if d != department)
    for index in range(tickets + others):
        where = department if index < tickets else other
        issue_ticket(db, catalogue, where, MORNING + dt.timedelta(seconds=index),
                     Language.KK, priority=index % 4 == 0)
    for _ in range(served):
        perform(db, catalogue, "bench-1", "call", MORNING + dt.timedelta(hours=1))
        perform(db, catalogue, "bench-1", "serve", MORNING + dt.timedelta(hours=1, minutes=7))
    return MORNING
