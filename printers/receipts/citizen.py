"""The receipts a citizen takes home: queue ticket, appeal талон, booking confirmation."""

from __future__ import annotations

from kiosk.appeals import Appeal
from kiosk.bookings import Booking
from kiosk.i18n import N_, NP_, Message, format_date, format_time, format_weekday_date, upper_first
from kiosk.tickets import Ticket
from kiosk.tracking import format_tracking_code, tracking_url
from printers.document import Align, Document, Feed, Pair, Qr, Rule, Text
from printers.receipts.context import ReceiptContext

QR_MODULE = 6


def queue_ticket(ticket: Ticket, ctx: ReceiptContext) -> Document:
    """The queue ticket: big number, PRIORITY when it is one, desk, room, people ahead, the
    expected wait, time, QR to follow the queue."""
    department = ctx.catalogue.department(ticket.department)
    priority = (Text(ctx.t(N_("PRIORITY")), Align.CENTER, bold=True, width=2, height=2),) \
        if ticket.priority else ()
    wait = (Text(ctx.t(N_("Expected wait: ~{minutes} min", minutes=ticket.wait_minutes)),
                 Align.CENTER),) if ticket.people_ahead > 0 and ticket.wait_minutes > 0 else ()
    return Document((
        Text(ctx.akimat_name, Align.CENTER, bold=True),
        Rule(),
        Text(ctx.text(department.name), Align.CENTER),
        Text(ticket.number, Align.CENTER, bold=True, width=3, height=3),
        *priority,
        Text(ctx.t(N_("Room {room}", room=department.room)), Align.CENTER),
        Text(ctx.t(people_ahead(ticket.people_ahead)), Align.CENTER),
        *wait,
        Text(ctx.when(ticket.issued_at), Align.CENTER),
        Qr(tracking_url(ctx.public_url, ticket.tracking_code), QR_MODULE,
           caption=ctx.t(N_("Scan to follow the queue"))),
    ), title=f"ticket {ticket.number}")


def people_ahead(ahead: int) -> Message:
    """How many people are ahead; no one ahead is said in words ("you are next"), never
    "0 people"."""
    if ahead <= 0:
        return N_("No one is ahead of you — you are next")
    return NP_("{n} person ahead of you", "{n} people ahead of you", ahead)


def appeal_talon(appeal: Appeal, ctx: ReceiptContext) -> Document:
    """The талон of APPK art. 63: number, date and time, who accepted it, deadline, tracking QR."""
    appeal_type = ctx.catalogue.appeal_types[appeal.appeal_type]
    code = format_tracking_code(appeal.tracking_code)
    return Document((
        Text(ctx.akimat_name, Align.CENTER, bold=True),
        Text(ctx.t(N_("Appeal registration coupon")), Align.CENTER, bold=True),
        Rule(),
        Text(ctx.t(N_("Registration number")), Align.CENTER),
        Text(appeal.registration_number, Align.CENTER, bold=True, height=2),
        Pair(ctx.t(N_("Date and time")), ctx.when(appeal.submitted_at)),
        Pair(ctx.t(N_("Type")), ctx.text(appeal_type.name)),
        Pair(ctx.t(N_("Applicant")), appeal.applicant.full_name),
        Pair(ctx.t(N_("IIN")), appeal.applicant.masked_iin),
        Text(ctx.t(N_("Received by: {body}, self-service kiosk {kiosk}.",
                      body=ctx.akimat_name, kiosk=ctx.kiosk_id))),
        Rule(),
        Text(ctx.t(N_("Answer due by")), Align.CENTER),
        Text(format_date(appeal.deadline, ctx.lang), Align.CENTER, bold=True),
        Qr(tracking_url(ctx.public_url, appeal.tracking_code), QR_MODULE,
           caption=ctx.t(N_("Status: scan the code or enter {code} at the kiosk", code=code))),
        Feed(),
        Text(ctx.t(N_("Keep this coupon until you receive the answer."))),
    ), title=f"appeal {appeal.registration_number}")


def booking_confirmation(booking: Booking, ctx: ReceiptContext) -> Document:
    """Confirmation of a place at the akim's personal reception."""
    slot = booking.slot
    code = format_tracking_code(booking.tracking_code)
    date = slot.start.date()
    day = upper_first(format_weekday_date(date, ctx.lang))
    return Document((
        Text(ctx.akimat_name, Align.CENTER, bold=True),
        Text(ctx.t(N_("Personal reception by the akim")), Align.CENTER, bold=True),
        Rule(),
        Text(day, Align.CENTER),
        Text(f"{format_time(slot.start)}–{format_time(slot.end)}", Align.CENTER, bold=True,
             width=2, height=2),
        Text(ctx.text(slot.session.host), Align.CENTER),
        Text(ctx.text(slot.session.place), Align.CENTER),
        Rule(),
        Pair(ctx.t(N_("Booked for")), booking.applicant.full_name),  # not an appeal's applicant
        Pair(ctx.t(N_("IIN")), booking.applicant.masked_iin),
        Text(ctx.t(N_("Topic: {topic}", topic=booking.topic))),
        Qr(tracking_url(ctx.public_url, booking.tracking_code), QR_MODULE,
           caption=ctx.t(N_("Code {code}", code=code))),
        Feed(),
        Text(ctx.t(N_("Please come 10 minutes early and bring your identity document."))),
    ), title=f"booking {code}")
