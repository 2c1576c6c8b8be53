"""Take a queue ticket: pick the desk; the ticket is committed, then printed."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.errors import ServiceUnavailable
from kiosk.i18n import N_, Message, format_datetime
from kiosk.tickets import Ticket, issue_ticket
from kiosk.tracking import format_tracking_code, tracking_url
from printers.receipts import queue_ticket
from printers.receipts.citizen import people_ahead
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintRequest
from ui.screens.base import Screen, ScreenId
from ui.screens.result import Outcome
from ui.widgets import ChoiceButton, body_label, clear_layout, on_click, title_label


class QueueScreen(Screen):
    """One button per department; a refusal (closed, limit) is said in words.

    Above the desks, a toggle for people entitled to priority service lists the catalogue's
    groups; when it is on, the desk tap issues a priority ticket. Which group the visitor
    belongs to is never asked or kept (health data): priority is yes or no.
    """

    screen_id = ScreenId.QUEUE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.error = body_label(object_name="errorMessage")
        self.error.hide()
        self.priority = PriorityToggle()
        self.priority.toggled.connect(lambda _on: self._show_priority())
        self.priority.hide()
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        holder = QWidget()
        holder.setLayout(self.grid)
        self.buttons: dict[str, ChoiceButton] = {}
        self._built_for: object = None
        self.body.addWidget(self.title)
        self.body.addWidget(self.error)
        self.body.addWidget(self.priority)
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
        self._show_priority()

    @property
    def priority_on(self) -> bool:
        """The visitor said they are entitled to priority service (and the catalogue has
        priority groups)."""
        return self.priority.isChecked() and bool(self.ctx.catalogue.queue.priority_groups)

    def _show_priority(self) -> None:
        """The priority toggle: a ticked or empty box (not colour alone), the groups under it,
        and what happens next when it is on; hidden when the catalogue has no groups."""
        groups = self.ctx.catalogue.queue.priority_groups
        self.priority.setVisible(bool(groups))
        if not groups:
            return
        lang = self.ctx.language
        on = self.priority.isChecked()
        heading = self.t("I am entitled to priority service")
        names = [lang.text(group.name) for group in groups]
        box = "☑" if on else "☐"  # the state in a shape too, not by colour alone
        if on:
            # What happens next, in place of the groups (they were for deciding): the box
            # does not grow, so large text still fits the screen.
            chosen = self.t("You get a priority ticket. Now choose the desk.")
            words = [f"{box} {heading}", f"✓ {chosen}"]
            detail = f"<b>✓ {escape(chosen)}</b>"
        else:
            words = [f"{box} {heading}", " · ".join(names)]
            # A group's name stays on one line; lines break only between groups.
            detail = ('<span style="font-weight:normal">'
                      + " · ".join(escape(name).replace(" ", "&nbsp;") for name in names)
                      + "</span>")
        rich = (f'<span style="font-size:x-large">{box}</span>&nbsp;&nbsp;'
                f'<b>{escape(heading)}</b><br>{detail}')
        self.priority.show_words(rich, "\n".join(words))

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
        self.priority.setEnabled(not on)

    def _issue(self, department_id: str) -> None:
        """Issue the ticket (committed before printing) and go to the result screen."""
        button = self.buttons.get(department_id)
        if button is not None:
            button.setDown(True)
            button.repaint()  # pressed and greyed now, before the commit and the print
        try:
            ticket = issue_ticket(self.ctx.db, self.ctx.catalogue, department_id,
                                  self.ctx.clock(), self.ctx.language.lang,
                                  priority=self.priority_on)
        except ServiceUnavailable as exc:
            self.error.setText("⚠ " + self.ctx.language.t(exc.message))
            self.error.show()
            return
        document = queue_ticket(ticket, self.ctx.receipt_context())
        self.go.emit(ScreenId.RESULT, Outcome(
            headline=ticket.number,
            describe=partial(ticket_lines, self, ticket),
            highlights=partial(ticket_highlights, ticket),
            request=PrintRequest("ticket", ticket.uuid, document),
            qr_data=tracking_url(self.ctx.config.server.public_url, ticket.tracking_code),
            code=format_tracking_code(ticket.tracking_code)))

    def wipe(self) -> None:
        """The next visitor starts without priority; hide any refusal message."""
        self.error.hide()
        self.priority.setChecked(False)


class WordsLabel(QLabel):
    """A rich-text label whose :meth:`text` is its words as a person reads them (no markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.RichText)
        self._words = ""

    def show_words(self, rich: str, words: str) -> None:
        """Show ``rich`` (escaped markup) whose words are ``words``."""
        self._words = words
        self.setText(rich)

    def text(self) -> str:
        """The words shown (no markup)."""
        return self._words


class PriorityToggle(ChoiceButton):
    """The priority choice: a large toggle whose words are laid out as rich text (the box
    larger, the heading bold, the groups plain)."""

    def __init__(self) -> None:
        super().__init__()
        self.setCheckable(True)
        plain, self.label = self.label, WordsLabel()
        self.label.setObjectName(plain.objectName())
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = self.layout()
        if layout is not None:
            layout.replaceWidget(plain, self.label)
        plain.deleteLater()

    def show_words(self, rich: str, words: str) -> None:
        """Show ``rich`` (escaped markup) whose words are ``words``."""
        if isinstance(self.label, WordsLabel):
            self.label.show_words(rich, words)
        self.setAccessibleName(words)
        self.updateGeometry()

    def text(self) -> str:
        """The toggle's words (no markup)."""
        return self.label.text()


def ticket_lines(screen: Screen, ticket: Ticket, lang: LanguageState) -> list[str]:
    """What the result screen says about a ticket: desk, room, time."""
    dept = screen.ctx.catalogue.department(ticket.department)
    local = ticket.issued_at.astimezone(screen.ctx.local_now().tzinfo)
    return [lang.text(dept.name),
            lang.t("Room {room}").format(room=dept.room),
            format_datetime(local, lang.lang)]


def ticket_highlights(ticket: Ticket, lang: LanguageState) -> list[str]:
    """What the result screen says big about a ticket: priority, people ahead, the wait."""
    messages: list[Message] = []
    if ticket.priority:
        messages.append(N_("Priority ticket (served out of turn)"))
    messages.append(people_ahead(ticket.people_ahead))
    if ticket.people_ahead > 0 and ticket.wait_minutes > 0:
        messages.append(N_("Expected wait: about {minutes} min", minutes=ticket.wait_minutes))
    return [lang.t(message) for message in messages]
