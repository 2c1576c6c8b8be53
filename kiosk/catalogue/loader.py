"""Load and validate a catalogue folder as a whole; any broken rule rejects the folder."""

from __future__ import annotations

import logging
import unicodedata
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kiosk import toml_text
from kiosk.catalogue.fields import Item
from kiosk.catalogue.files import FILES, content_hash
from kiosk.catalogue.model import (
    Akimat,
    AppealType,
    Catalogue,
    Category,
    Channel,
    Department,
    Holidays,
    Hotline,
    LocalizedText,
    OpeningHours,
    PriorityGroup,
    QueueRules,
    RatingReason,
    Reception,
    ReceptionSession,
    Service,
    Tone,
    Weekday,
)
from kiosk.errors import CatalogueError
from kiosk.i18n import LANGUAGES, N_, Language, Message
from kiosk.queue.prefixes import free_letters, prefixes_confusable

logger = logging.getLogger(__name__)

APPEAL_TYPE_IDS = ("application", "complaint", "proposal", "request", "feedback")
_PREFIX_LETTERS = set("АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЫІЭЮЯABCDEFGHJKLMNPQRSTUVWXYZ")

T = TypeVar("T")
__all__ = ["FILES", "check_new_catalogue", "confusable_prefixes", "load_catalogue",
           "load_new_catalogue"]


def load_catalogue(folder: Path) -> Catalogue:
    """Read every catalogue file in ``folder`` and check it whole.

    :raises CatalogueError: naming the file, the item and the field that break a rule.
    """
    raw = {name: _read(folder, name) for name in FILES}
    manifest = Item("manifest.toml", "manifest", raw["manifest.toml"])
    manifest.check_keys({"version"})
    akimat = _akimat(raw["akimat.toml"])
    departments = _unique("departments.toml", "department", raw["departments.toml"], _department)
    _check_prefixes(departments)
    categories = _unique("categories.toml", "category", raw["categories.toml"], _category)
    services = _unique("services.toml", "service", raw["services.toml"],
                       lambda item: _service(item, departments, categories))
    appeal_types = _unique("appeal_types.toml", "appeal_type", raw["appeal_types.toml"],
                           _appeal_type)
    missing = [t for t in APPEAL_TYPE_IDS if t not in appeal_types]
    if missing or len(appeal_types) != len(APPEAL_TYPE_IDS):
        raise CatalogueError(N_("appeal_types.toml: the five appeal types must be exactly {ids}",
                                ids=", ".join(APPEAL_TYPE_IDS)))
    catalogue = Catalogue(
        version=manifest.string("version"),
        content_hash=content_hash(folder),
        akimat=akimat,
        departments=departments,
        categories=categories,
        services=services,
        appeal_types=appeal_types,
        reception=reception_of(raw["reception.toml"]),
        holidays=_holidays(raw["holidays.toml"]),
        rating_reasons=_unique("rating_reasons.toml", "reason", raw["rating_reasons.toml"],
                               _rating_reason),
        queue=_queue_rules(raw["departments.toml"].get("queue", {})),
    )
    logger.info("catalogue %s loaded from %s: %d departments, %d services", catalogue.version,
                folder, len(departments), len(services))
    return catalogue


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    try:
        return toml_text.load(path, name)
    except FileNotFoundError as exc:
        raise CatalogueError(N_("{file}: file is missing from {folder}", file=name,
                                folder=folder)) from exc
    except OSError as exc:
        raise CatalogueError(N_("{file}: cannot be read: {error}", file=name,
                                error=exc.strerror or str(exc))) from exc


def _unique(file: str, key: str, raw: Mapping[str, Any], build: Callable[[Item], T],
            ) -> dict[str, T]:
    for other in raw:
        if other not in {key, "booking_horizon_days", "queue"}:
            raise CatalogueError(N_("{file}: unknown top-level key “{key}”; items go in "
                                    "[[{expected}]]", file=file, key=other, expected=key))
    entries = raw.get(key)
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(N_("{file}: needs at least one [[{key}]] item", file=file, key=key))
    result: dict[str, T] = {}
    for index, data in enumerate(entries, start=1):
        label = f'{key} #{index}'
        if isinstance(data, Mapping) and isinstance(data.get("id"), str):
            label = f'{key} "{data["id"]}"'
        item = Item(file, label, data if isinstance(data, Mapping) else {})
        item_id = item.identifier("id")
        if item_id in result:
            raise item.fail("id", N_("duplicate id “{value}”", value=item_id))
        result[item_id] = build(item)
    return result


def _akimat(raw: Mapping[str, Any]) -> Akimat:
    item = Item("akimat.toml", "akimat", raw)
    item.check_keys({"timezone", "phone", "email", "name", "address", "hours", "hotline"})
    timezone = item.string("timezone")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise item.fail("timezone", N_("unknown time zone “{value}”", value=timezone)) from exc
    hours_raw = item.raw("hours")
    if not isinstance(hours_raw, Mapping):
        raise item.fail("hours", N_("must be a table of weekdays"))
    hours = Item("akimat.toml", "hours", hours_raw)
    hours.check_keys({d.value for d in Weekday} | {"tickets_stop_before_close_minutes"})
    week = tuple(hours.intervals(day.value) for day in Weekday)
    if not any(week):
        raise hours.fail("monday", N_("the akimat must be open on at least one day"))
    hotlines_raw = raw.get("hotline", [])
    if not isinstance(hotlines_raw, list):
        raise item.fail("hotline", N_("must be a list of [[hotline]] tables"))
    hotlines = []
    for index, data in enumerate(hotlines_raw, start=1):
        line = Item("akimat.toml", f"hotline #{index}", data)
        line.check_keys({"number", "name"})
        hotlines.append(Hotline(line.string("number"), line.localized("name")))
    return Akimat(
        name=item.localized("name"),
        address=item.localized("address"),
        phone=item.string("phone"),
        email=item.string("email", optional=True),
        timezone=timezone,
        hours=OpeningHours(week, hours.integer("tickets_stop_before_close_minutes",
                                               minimum=0, maximum=240)),
        hotlines=tuple(hotlines),
    )


def _department(item: Item) -> Department:
    item.check_keys({"id", "prefix", "room", "daily_ticket_limit", "name", "description"})
    prefix = unicodedata.normalize("NFC", item.string("prefix"))  # Ё typed as Е + ◌̈
    if not 1 <= len(prefix) <= 2 or any(ch not in _PREFIX_LETTERS for ch in prefix):
        raise item.fail("prefix", N_("“{value}” must be one or two capital letters",
                                     value=prefix))
    return Department(
        id=item.identifier(),
        prefix=prefix,
        room=item.string("room"),
        daily_ticket_limit=item.integer("daily_ticket_limit", minimum=1, maximum=999),
        name=item.localized("name"),
        description=item.localized("description"),
    )


def _queue_rules(raw: Any) -> QueueRules:
    item = Item("departments.toml", "queue", raw if isinstance(raw, Mapping) else {})
    if not isinstance(raw, Mapping):
        raise item.fail("queue", N_("must be a table [queue]"))
    item.check_keys({"priority_in_a_row", "default_service_minutes", "priority_group"})
    groups_raw = raw.get("priority_group", [])
    if not isinstance(groups_raw, list):
        raise item.fail("priority_group", N_("must be a list of [[queue.priority_group]] tables"))
    groups: list[PriorityGroup] = []
    for index, data in enumerate(groups_raw, start=1):
        group = Item("departments.toml", f"priority_group #{index}",
                     data if isinstance(data, Mapping) else {})
        group.check_keys({"id", "name"})
        group_id = group.identifier()
        if any(g.id == group_id for g in groups):
            raise group.fail("id", N_("duplicate id “{value}”", value=group_id))
        groups.append(PriorityGroup(group_id, group.localized("name")))
    defaults = QueueRules()
    return QueueRules(
        priority_groups=tuple(groups),
        priority_in_a_row=item.integer("priority_in_a_row", minimum=1, maximum=20)
        if "priority_in_a_row" in raw else defaults.priority_in_a_row,
        default_service_minutes=item.integer("default_service_minutes", minimum=1, maximum=240)
        if "default_service_minutes" in raw else defaults.default_service_minutes,
    )


def _check_prefixes(departments: Mapping[str, Department]) -> None:
    """Each prefix once (a ticket number must name one desk)."""
    seen: dict[str, str] = {}
    for dept in departments.values():
        if dept.prefix in seen:
            item = Item("departments.toml", f'department "{dept.id}"', {})
            raise item.fail("prefix", N_("prefix “{value}” is already used by “{other}”",
                                         value=dept.prefix, other=seen[dept.prefix]))
        seen[dept.prefix] = dept.id
    for problem in confusable_prefixes(departments):
        logger.warning("catalogue: %s (accepted: a kiosk keeps the catalogue it has; a new "
                       "one is refused until this is changed)", problem.english())


def confusable_prefixes(departments: Mapping[str, Department]) -> list[Message]:
    """Prefixes a visitor could take for each other when called aloud or read on a ticket
    ("Е-005" and "Э-005"; see :mod:`kiosk.queue.prefixes`), one message per pair."""
    problems: list[Message] = []
    seen: dict[str, str] = {}
    free = ", ".join(free_letters(d.prefix for d in departments.values()))
    for dept in departments.values():
        for other, other_id in seen.items():
            if prefixes_confusable(dept.prefix, other):
                item = Item("departments.toml", f'department "{dept.id}"', {})
                problems.append(item.fail("prefix", N_(
                    "prefix “{value}” is easily mistaken for “{other}” of “{department}” when "
                    "called aloud or read on a ticket; choose another letter (free: {letters})",
                    value=dept.prefix, other=other, department=other_id,
                    letters=free)).message)
        seen.setdefault(dept.prefix, dept.id)
    return problems


def check_new_catalogue(catalogue: Catalogue) -> None:
    """The rules a catalogue must meet to be published or installed, beyond loading.

    A rule added in a later version (confusable prefixes) would stop a kiosk whose catalogue
    came from the server before it; so loading only warns, and a *new* catalogue — one being
    published, or installed from the server or a USB stick — is refused.

    :raises CatalogueError: naming the file, item and field.
    """
    problems = confusable_prefixes(catalogue.departments)
    if problems:
        raise CatalogueError(problems[0])


def load_new_catalogue(folder: Path) -> Catalogue:
    """:func:`load_catalogue` and :func:`check_new_catalogue`: for a catalogue not yet in use."""
    catalogue = load_catalogue(folder)
    check_new_catalogue(catalogue)
    return catalogue


def _category(item: Item) -> Category:
    item.check_keys({"id", "icon", "name"})
    return Category(item.identifier(), item.string("icon"), item.localized("name"))


def _service(item: Item, departments: Mapping[str, Department],
             categories: Mapping[str, Category]) -> Service:
    item.check_keys({"id", "category", "department", "channels", "egov_url", "name",
                     "description", "who_may_apply", "cost", "duration", "legal_basis",
                     "keywords", "document"})
    category = item.string("category")
    if category not in categories:
        raise item.fail("category", N_("unknown category “{value}”", value=category))
    department = item.string("department")
    if department not in departments:
        raise item.fail("department", N_("unknown department “{value}”", value=department))
    channels_raw = item.raw("channels")
    if not isinstance(channels_raw, list) or not channels_raw:
        raise item.fail("channels", N_("must list at least one of akimat, psc, egov"))
    try:
        channels = tuple(Channel(c) for c in channels_raw)
    except ValueError as exc:
        raise item.fail("channels", N_("must list only akimat, psc, egov")) from exc
    egov_url = item.string("egov_url", optional=True) or None
    if Channel.EGOV in channels and not egov_url:
        raise item.fail("egov_url", N_("missing: the service is offered on egov.kz"))
    if egov_url and not egov_url.startswith("https://"):
        raise item.fail("egov_url", N_("must be an https:// link"))
    return Service(
        id=item.identifier(),
        category=category,
        department=department,
        channels=channels,
        egov_url=egov_url,
        name=item.localized("name"),
        description=item.localized("description"),
        who_may_apply=item.localized("who_may_apply"),
        cost=item.localized("cost"),
        duration=item.localized("duration"),
        legal_basis=item.localized("legal_basis"),
        documents=item.localized_list("document"),
        keywords=_keywords(item),
    )


def _keywords(item: Item) -> dict[Language, tuple[str, ...]]:
    raw = item.data.get("keywords", {})
    if not isinstance(raw, Mapping):
        raise item.fail("keywords", N_("must be a table of word lists per language"))
    result: dict[Language, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        words = raw.get(lang.value, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise item.fail("keywords", N_("language “{lang}” must be a list of words",
                                           lang=lang.value))
        result[lang] = tuple(words)
    return result


def _appeal_type(item: Item) -> AppealType:
    item.check_keys({"id", "deadline_working_days", "name", "description"})
    return AppealType(
        id=item.identifier(),
        deadline_working_days=item.integer("deadline_working_days", minimum=1, maximum=90),
        name=item.localized("name"),
        description=item.localized("description"),
    )


def reception_of(raw: Mapping[str, Any]) -> Reception:
    """The reception schedule from a parsed ``reception.toml`` (catalogue or published)."""
    top = Item("reception.toml", "reception", raw)
    top.check_keys({"booking_horizon_days", "session", "cancelled"})
    sessions_raw = top.raw("session")
    if not isinstance(sessions_raw, list) or not sessions_raw:
        raise top.fail("session", N_("needs at least one [[session]]"))
    sessions = []
    for index, data in enumerate(sessions_raw, start=1):
        item = Item("reception.toml", f"session #{index}", data)
        item.check_keys({"weekday", "start", "end", "slot_minutes", "host", "place"})
        weekday_text = item.string("weekday")
        try:
            weekday = Weekday(weekday_text)
        except ValueError as exc:
            raise item.fail("weekday", N_("“{value}” is not a weekday (monday … sunday)",
                                          value=weekday_text)) from exc
        start, end = item.time("start"), item.time("end")
        if end <= start:
            raise item.fail("end", N_("the session ends before it starts"))
        sessions.append(ReceptionSession(weekday, start, end,
                                         item.integer("slot_minutes", minimum=5, maximum=120),
                                         item.localized("host"), item.localized("place")))
    cancelled = {}
    for index, data in enumerate(raw.get("cancelled", []), start=1):
        item = Item("reception.toml", f"cancelled #{index}", data)
        item.check_keys({"date", "reason"})
        cancelled[item.date("date")] = item.localized("reason")
    return Reception(top.integer("booking_horizon_days", minimum=1, maximum=90),
                     tuple(sessions), cancelled)


def _holidays(raw: Mapping[str, Any]) -> Holidays:
    top = Item("holidays.toml", "holidays", raw)
    top.check_keys({"holiday", "working_day"})
    tables: dict[str, dict[Any, LocalizedText]] = {"holiday": {}, "working_day": {}}
    for key, table in tables.items():
        for index, data in enumerate(raw.get(key, []), start=1):
            item = Item("holidays.toml", f"{key} #{index}", data)
            item.check_keys({"date", "name"})
            day = item.date("date")
            if day in tables["holiday"] or day in tables["working_day"]:
                raise item.fail("date", N_("{value} is listed twice", value=day.isoformat()))
            table[day] = item.localized("name")
    return Holidays(tables["holiday"], tables["working_day"])


def _rating_reason(item: Item) -> RatingReason:
    item.check_keys({"id", "tone", "text"})
    tone = item.string("tone")
    try:
        return RatingReason(item.identifier(), Tone(tone), item.localized("text"))
    except ValueError as exc:
        raise item.fail("tone", N_("must be positive or negative")) from exc
