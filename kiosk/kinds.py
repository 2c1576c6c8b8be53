"""The one registry of record kinds and their statuses: words, tones, transitions, fields.

Every place that shows or checks a status reads it from here: the kiosk's status screen,
the public QR page, the regional server's staff API and CLI. No Qt.

Appeal statuses follow the Administrative Procedure Code of Kazakhstan (APPC): an appeal
is registered, then considered, then answered, forwarded to the body it belongs to, or
left without consideration. A final status goes nowhere.

Re-setting a record's current status is always accepted (it is not a transition): a
retried request, or staff correcting the reply that goes with the status, must not fail.
A record whose stored status is not (or no longer) one of its kind's may take any status
of its kind, so staff can repair it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from kiosk.i18n import N_, Message

Tone = Literal["waiting", "good", "bad"]


@dataclass(frozen=True)
class Status:
    """A status: its code, the word people read, its tone, whether it is final."""

    code: str
    word: Message
    tone: Tone
    final: bool
    #: The kiosk's own database may hold it (its CHECK allows it); False: the server only.
    on_kiosk: bool = True


@dataclass(frozen=True)
class Kind:
    """A kind of record: its kiosk table, payload fields, words and status workflow."""

    name: str
    #: The kiosk's SQLite table.
    table: str
    #: The payload key (and kiosk column) of the number a person quotes, if the kind has one.
    number_field: str | None
    word: Message
    number_label: Message | None
    #: In order; the first is the status a record starts with.
    statuses: tuple[Status, ...]
    #: Status code -> the codes it may become (final statuses map to ``()``).
    transitions: Mapping[str, tuple[str, ...]]
    #: The payload key (and kiosk column) of the day an answer is due by, if any.
    deadline_field: str | None = None

    @property
    def initial(self) -> Status | None:
        """The status a new record starts with (None for a kind without statuses)."""
        return self.statuses[0] if self.statuses else None

    @property
    def codes(self) -> tuple[str, ...]:
        """The status codes, in order."""
        return tuple(s.code for s in self.statuses)

    @property
    def kiosk_codes(self) -> tuple[str, ...]:
        """The status codes the kiosk's own database may hold."""
        return tuple(s.code for s in self.statuses if s.on_kiosk)

    def status(self, code: str) -> Status | None:
        """The status with this code, or None."""
        return next((s for s in self.statuses if s.code == code), None)


def _kind(name: str, table: str, number_field: str | None, word: Message,
          number_label: Message | None, *, statuses: tuple[Status, ...] = (),
          transitions: Mapping[str, tuple[str, ...]] | None = None,
          deadline_field: str | None = None) -> Kind:
    """A kind, checked: known transitions; final statuses go nowhere and wait for nothing."""
    steps = dict(transitions or {})
    codes = [s.code for s in statuses]
    if len(set(codes)) != len(codes) or set(steps) != set(codes):
        raise ValueError(f"{name}: every status needs exactly one transitions entry")
    for status in statuses:
        targets = steps[status.code]
        unknown = [t for t in targets if t not in codes or t == status.code]
        if unknown:
            raise ValueError(f"{name}: {status.code} -> {', '.join(unknown)} is not a transition")
        if status.final == bool(targets):
            raise ValueError(f"{name}: {status.code} is final if and only if it goes nowhere")
        if status.final and status.tone == "waiting":
            raise ValueError(f"{name}: {status.code} is final, so nothing is waiting")
    return Kind(name, table, number_field, word, number_label, statuses,
                MappingProxyType(steps), deadline_field)


_TICKET = _kind(
    "ticket", "tickets", "number", N_("Queue ticket"), N_("Ticket number"),
    statuses=(
        Status("waiting", N_("Waiting in the queue"), "waiting", final=False),
        Status("called", N_("Called to the desk"), "waiting", final=False),
        Status("served", N_("Served"), "good", final=True),
        Status("missed", N_("Missed"), "bad", final=True),
    ),
    transitions={"waiting": ("called", "missed"), "called": ("served", "missed", "waiting"),
                 "served": (), "missed": ()},
)
_APPEAL = _kind(
    "appeal", "appeals", "registration_number", N_("Appeal"), N_("Registration number"),
    statuses=(
        Status("registered", N_("Registered, waiting to be considered"), "waiting",
               final=False),
        Status("in_progress", N_("Being considered"), "waiting", final=False),
        Status("answered", N_("Answered"), "good", final=True),
        # Sent on to the body it belongs to, which answers the citizen: the akimat's part
        # is done (final, so not "waiting": nothing is pending here any more).
        Status("forwarded", N_("Forwarded to another body"), "good", final=True),
        Status("rejected", N_("Left without consideration"), "bad", final=True),
    ),
    transitions={"registered": ("in_progress", "answered", "forwarded", "rejected"),
                 "in_progress": ("answered", "forwarded", "rejected"),
                 "answered": (), "forwarded": (), "rejected": ()},
    deadline_field="deadline",
)
_BOOKING = _kind(
    "booking", "bookings", None, N_("Personal reception by the akim"), None,
    statuses=(
        Status("booked", N_("Booked"), "good", final=False),
        Status("cancelled", N_("Cancelled"), "bad", final=True),
        # Set by staff on the server; the kiosk's table does not allow it.
        Status("done", N_("The reception took place"), "good", final=True, on_kiosk=False),
    ),
    transitions={"booked": ("cancelled", "done"), "cancelled": (), "done": ()},
)
_RATING = _kind("rating", "ratings", None, N_("Service rating"), None)
_AUDIT = _kind("audit", "audit_events", None, N_("Audit event"), None)
#: What a desk did with the queue (call, serve, transfer …); the server applies it to the ticket.
_QUEUE = _kind("queue", "queue_events", None, N_("Queue event"), None)

#: Every kind of record a kiosk sends, by name.
KINDS: Mapping[str, Kind] = MappingProxyType(
    {k.name: k for k in (_TICKET, _APPEAL, _BOOKING, _RATING, _AUDIT, _QUEUE)})


def kind(name: str) -> Kind:
    """The kind called ``name``; raises ``ValueError`` for an unknown one."""
    found = KINDS.get(name)
    if found is None:
        raise ValueError(f"no kind of record is called {name!r}; "
                         f"the kinds are {', '.join(KINDS)}")
    return found


def status_word(kind_name: str, status: str) -> Message | None:
    """The word people read for ``status`` of a ``kind_name`` record, or None if unknown."""
    found = _status(kind_name, status)
    return found.word if found else None


def status_tone(kind_name: str, status: str) -> Tone:
    """``good``, ``bad`` or ``waiting`` (also for an unknown status)."""
    found = _status(kind_name, status)
    return found.tone if found else "waiting"


def tracked_kinds() -> tuple[str, ...]:
    """The kinds whose records have statuses (and a tracking code)."""
    return tuple(name for name, k in KINDS.items() if k.statuses)


def initial_status(kind_name: str) -> str:
    """``waiting``, ``registered`` or ``booked``; '' for a kind without statuses."""
    found = KINDS.get(kind_name)
    first = found.initial if found else None
    return first.code if first else ""


def check_status(kind_name: str, status: str) -> str | None:
    """Why ``status`` is not a status of ``kind_name`` records, or None when it is."""
    found = KINDS.get(kind_name)
    if found is None or not found.statuses:
        return f"a {kind_name} record has no status"
    if found.status(status) is None:
        return f"status of {_a(kind_name)} must be one of {', '.join(found.codes)}"
    return None


def transition_problem(kind_name: str, old: str, new: str) -> str | None:
    """Why a ``kind_name`` record cannot go from ``old`` to ``new``, or None when it can.

    The same status again is accepted, and so is any status of the kind for a record
    whose ``old`` status is not one of the kind's (see the module notes).
    """
    problem = check_status(kind_name, new)
    if problem is not None:
        return problem
    found = kind(kind_name)
    if old == new or found.status(old) is None or new in found.transitions[old]:
        return None
    nexts = found.transitions[old]
    why = f"{old} is final" if not nexts else f"it can become {', '.join(nexts)}"
    return f"{_a(kind_name)} that is {old} cannot become {new} ({why})"


def allowed_next(kind_name: str, status: str) -> tuple[str, ...]:
    """The statuses a ``kind_name`` record in ``status`` may move to (not counting itself)."""
    found = KINDS.get(kind_name)
    if found is None:
        return ()
    if found.status(status) is None:
        return found.codes
    return found.transitions[status]


def _status(kind_name: str, status: str) -> Status | None:
    found = KINDS.get(kind_name)
    return found.status(status) if found else None


def _a(name: str) -> str:
    return f"{'an' if name[:1] in tuple('aeiou') else 'a'} {name}"
