"""Announcements on the home screen, published by the region: kk/ru/en text with dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.catalogue.model import LocalizedText
from kiosk.errors import CatalogueError
from kiosk.i18n import N_
from kiosk.record import Record

FILE = "announcements.toml"


class Announcement(Record):
    """A notice shown from ``start`` to ``end`` (inclusive)."""

    id: str
    text: LocalizedText
    start: dt.date
    end: dt.date

    def shown_on(self, day: dt.date) -> bool:
        """True when the notice is current on ``day``."""
        return self.start <= day <= self.end


def load_announcements(folder: Path) -> list[Announcement]:
    """Read ``announcements.toml`` in ``folder`` (none is an empty list).

    :raises CatalogueError: naming the item and field that break a rule.
    """
    path = folder / FILE
    if not path.exists():
        return []
    # The reader and the checks load only when there are announcements.
    from kiosk import toml_text
    from kiosk.catalogue.fields import Item

    try:
        raw = toml_text.load(path, FILE)
    except OSError as exc:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=FILE,
                                error=exc.strerror or str(exc))) from exc
    entries = raw.get("announcement", [])
    if not isinstance(entries, list):  # e.g. ``announcement = 5``
        raise Item(FILE, "announcements", raw).fail("announcement", N_("must be a list of tables"))
    result = []
    for index, data in enumerate(entries, start=1):
        item = Item(FILE, f"announcement #{index}", data if isinstance(data, dict) else {})
        item.check_keys({"id", "text", "start", "end"})
        start, end = item.date("start"), item.date("end")
        if end < start:
            raise item.fail("end", N_("the announcement ends before it starts"))
        result.append(Announcement(item.identifier(), item.localized("text"), start, end))
    return result
