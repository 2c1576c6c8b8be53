"""Take a queue ticket: pick the desk; the ticket is committed, then printed."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.errors import ServiceUnavailable
from kiosk.i18n import NP_, format_datetime
from kiosk.tickets import Ticket, issue_ticket
from kiosk.tracking import format_tracking_code, tracking_url
from printers.receipts import queue_ticket
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintRequest
from ui.screens.base import Screen, ScreenId
from ui.screens.result import Outcome
from ui.widgets import ChoiceButton, body_label, clear_layout, on_click, title_label


class QueueScreen(Screen):
    """One button per department; a refusal (closed, limit) is said in words."""

    screen_id = ScreenId.QUEUE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.error = body_label(object_name="errorMessage")
        self.error.hide()
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        holder = QWidget()
        holder.setLayout(self.grid)
        self.buttons: dict[str, ChoiceButton] = {}
        self._built_for: object = None
        self.body.addWidget(self.title)
        self.body.addWidget(self.error)
        self.body.addWidget(holder)
        self.body.addStretch(1)

    def enter(self, payload: object = None) -> None:
        """Build the desk buttons from the catalogue in use (again only if it changed)."""
        self.error.hide()
        if self._built_for is self.ctx.catalogue:
            super().enter(payload)
            return
        self._built_for = self.ctx.catalogue
        clear_layout(self.grid)
        self.buttons = {}
        for index, department in enumerate(self.ctx.catalogue.departments.values()):
            button = ChoiceButton()
            on_click(button, partial(self.take, department.id))
            self.buttons[department.id] = button
            self.grid.addWidget(button, index // 2, index % 2)
        self.error.hide()
        super().enter(payload)

    def retranslate(self) -> None:
        """Desk names and rooms in the current language."""
        self.title.setText(self.t("Choose the desk you need"))
        for dept_id, button in self.buttons.items():
            dept = self.ctx.catalogue.department(dept_id)
            button.setText(f"{dept.prefix}   {self.ctx.language.text(dept.name)}")

    def take(self, department_id: str) -> None:
        """Issue one ticket for the desk and go to the result screen; a second tap (a double
        tap, an impatient one while it prints) issues nothing until the visitor comes back."""
        self.once(partial(self._issue, department_id))

    def show_busy(self, on: bool) -> None:
        """While a ticket is being issued every desk button is disabled (the tapped one
        stays pressed); usable again when the visitor comes back to this screen."""
        for button in self.buttons.values():
            button.setEnabled(not on)
            if not on:
                button.setDown(False)

    def _issue(self, department_id: str) -> None:
        """Issue the ticket (committed before printing) and go to the result screen."""
        button = self.buttons.get(department_id)
        if button is not None:
            button.setDown(True)
            button.repaint()  # pressed and greyed now, before the commit and the print
        try:
            ticket = issue_ticket(self.ctx.db, self.ctx.catalogue, department_id,
                                  self.ctx.clock(), self.ctx.language.lang)
        except ServiceUnavailable as exc:
            self.error.setText("⚠ " + self.ctx.language.t(exc.message))
            self.error.show()
            return
        document = queue_ticket(ticket, self.ctx.receipt_context())
        self.go.emit(ScreenId.RESULT, Outcome(
            headline=ticket.number,
            describe=partial(ticket_lines, self, ticket),
            request=PrintRequest("ticket", ticket.uuid, document),
            qr_data=tracking_url(self.ctx.config.server.public_url, ticket.tracking_code),
            code=format_tracking_code(ticket.tracking_code)))

    def wipe(self) -> None:
        """Nothing personal here; hide any refusal message."""
        self.error.hide()


def ticket_lines(screen: Screen, ticket: Ticket, lang: LanguageState) -> list[str]:
    """What the result screen says about a ticket."""
    dept = screen.ctx.catalogue.department(ticket.department)
    local = ticket.issued_at.astimezone(screen.ctx.local_now().tzinfo)
    return [lang.text(dept.name),
            lang.t("Room {room}").format(room=dept.room),
            lang.t(NP_("{n} person ahead of you", "{n} people ahead of you",
                       ticket.people_ahead)),
            format_datetime(local, lang.lang)]
