"""Desks: the specialists' desk logins, the desk server's address, and the way to the call sound.

A desk is a department + room + specialist with a login and a password; the specialist signs
in at ``http://<this PC>:8480/desk`` from an office PC or a phone on the akimat's network.
Passwords are made here, shown once (16 digits in groups of four, nothing to mistake) and
kept only as a scrypt hash. Switching a desk off and a new password sign the desk out, so
both ask for a second touch. Every change is audited; the password never is.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_
from kiosk.queue.desks import Desk, desk_password
from ui.context import UiContext
from ui.maintenance.desk_form import NewDeskForm
from ui.maintenance.desk_link import desk_urls, lan_ipv4_addresses, only_this_pc, server_answers
from ui.maintenance.desk_rows import DeskRow, PasswordCard, RowWords
from ui.maintenance.panel import FactGrid, Panel, action_button
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.setup_widgets import GAP, TARGET
from ui.widgets import clear_layout, on_click

if TYPE_CHECKING:
    from kiosk.catalogue.model import Catalogue

logger = logging.getLogger(__name__)

#: Marks the kiosk's font has (DejaVu Sans: no ⏸ or ⛔), so a state is not told by colour alone.
STATE_WORDS = {"open": N_("✓ Working"), "paused": N_("‖ Paused by the specialist"),
               "disabled": N_("✗ Switched off: cannot sign in")}


class DesksPanel(Panel):
    """The desks of this kiosk's queue: list, add, switch off/on, new password."""

    #: "Queue", not "Desks": the page holds the desks and the hall's sound, and the Kazakh
    #: for desks (Жұмыс орындары) does not fit the 420 px column of pages.
    name = N_("Queue")
    icon_name = "queue"
    live = True
    #: The technician asks for the call sound page.
    sound_requested = Signal()

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.desks: list[Desk] | None = None
        self.rows: dict[str, DeskRow] = {}
        self.lan: list[str] = []
        self.answering: bool | None = None
        self._probing = False
        #: A desk is being added or given a new password (on the worker).
        self.changing = False
        self.steps = QStackedWidget()
        self.body.addWidget(self.steps, 1)
        self._build_list()
        self.form = NewDeskForm(ctx, self.suggest_login)
        self.form.submitted.connect(self.add)
        self.form.cancelled.connect(self.show_list)
        self.steps.addWidget(self.form)
        self.finish_layout(stretch=False)

    def _build_list(self) -> None:
        self.list_step = QWidget()
        body = QVBoxLayout(self.list_step)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        self.server = FactGrid()
        body.addWidget(self.server)
        self.server_note = QLabel()
        self.server_note.setObjectName("setupText")
        self.server_note.setWordWrap(True)
        body.addWidget(self.server_note)
        self.config_lines = QLabel()
        self.config_lines.setObjectName("setupSample")
        self.config_lines.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        body.addWidget(self.config_lines, 0, Qt.AlignmentFlag.AlignLeft)
        self.card = PasswordCard(self.ctx.portrait)
        self.card.done.connect(self.forget_password)
        body.addWidget(self.card)
        self.list_title = QLabel()
        self.list_title.setObjectName("sectionTitle")
        self.add_button = action_button(object_name="primaryButton")
        self.sound_button = action_button()
        for button in (self.add_button, self.sound_button):
            button.setMinimumHeight(TARGET)
            button.setMinimumWidth(320)
        on_click(self.add_button, self.start_adding)
        on_click(self.sound_button, self.sound_requested.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(GAP)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.sound_button)
        # Landscape: the buttons beside the list's title; portrait: under it.
        heading = QBoxLayout(QBoxLayout.Direction.TopToBottom if self.ctx.portrait
                             else QBoxLayout.Direction.LeftToRight)
        heading.setSpacing(GAP if self.ctx.portrait else 12)
        heading.addWidget(self.list_title, 1)
        heading.addLayout(buttons)
        body.addLayout(heading)
        self.empty = QLabel()
        self.empty.setObjectName("setupText")
        self.empty.setWordWrap(True)
        body.addWidget(self.empty)
        holder = QWidget()
        self.list_box = QVBoxLayout(holder)
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.list_box.setSpacing(GAP - 8)  # rows have 4 px margins: buttons 24 px apart
        self.list_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        body.addWidget(scroll, 1)
        self.steps.addWidget(self.list_step)

    # -- lifecycle ---------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        if self.form.isVisibleTo(self):
            self.title.setText(self.t("New desk"))
        self.add_button.setText(self.t("Add a desk"))
        self.sound_button.setText(self.t("Sound: calls in the hall and spoken guidance"))
        self.form.retranslate()
        self._show_server()
        self._show_rows()

    def refresh(self) -> None:
        """Re-read the desks (rebuilt only when they changed) and the server's state."""
        from kiosk.queue.desks import list_desks

        desks = list_desks(self.ctx.db)
        if desks != self.desks:
            self.desks = desks
            self._fill_rows()
        address = self.ctx.config.desks.address
        self.lan = lan_ipv4_addresses() if address is not None else []
        self._show_server()
        if address is not None and not self._probing:
            self._probing = True
            task = self.run(partial(server_answers, address), self._probed, None)
            task.failed.connect(self._probe_failed)

    def _probe_failed(self, _error: BaseException) -> None:
        self._probing = False

    def _probed(self, answering: bool) -> None:
        self._probing = False
        self.answering = answering
        self._show_server()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the page (or maintenance) takes a shown password off the screen."""
        self.forget_password()
        self.show_list()
        super().hideEvent(event)

    # -- the server --------------------------------------------------------------------
    def _show_server(self) -> None:
        address = self.ctx.config.desks.address
        listen = self.ctx.config.desks.listen
        warn: list[str] = []
        server, where = self.t("Desk server"), self.t("Address for the specialists")
        if address is None:
            rows = [(server, self.t("off"))]
            warn.append(server)
            path = self.ctx.config.source or "kiosk.toml"
            self.server_note.setText(self.t(
                "Specialists cannot open their desk page until desks are turned on: add these "
                "two lines to the kiosk's config file ({path}) and restart the app. Desks can "
                "be prepared now; they work once the server is on.").format(path=path))
            self.config_lines.setText('[desks]\nlisten="0.0.0.0:8480"')
        else:
            state = self.t("checking…") if self.answering is None else \
                self.t("on, answering ({listen})").format(listen=listen) if self.answering \
                else self.t("on in the config ({listen}), but not answering: restart the "
                            "app").format(listen=listen)
            if self.answering is False:
                warn.append(server)
            urls = desk_urls(address, self.lan)
            rows = [(server, state),
                    (where, "\n".join(urls) or self.t(
                        "this PC has no network address: check the cable or the Wi-Fi"))]
            if not urls:
                warn.append(where)
            note = ""
            if only_this_pc(address):
                warn.append(where)
                note = self.t('Only this PC can open it. For the specialists\' PCs and phones '
                              'set listen="0.0.0.0:8480" in [desks] and restart the app.')
            elif urls:
                note = self.t("Specialists open this address in a browser on the akimat's "
                              "network and sign in with their desk's login and password.")
            self.server_note.setText(note)
            self.config_lines.setText("")
        # The password card says the same as the note, and the list needs the room.
        self.server_note.setVisible(bool(self.server_note.text()) and self.card.isHidden())
        self.config_lines.setVisible(bool(self.config_lines.text()))
        self.server.set_rows(rows, warn)

    # -- the list ----------------------------------------------------------------------
    def _fill_rows(self) -> None:
        """One row per desk (built again when the desks changed)."""
        clear_layout(self.list_box)
        self.rows.clear()
        for desk in self.desks or []:
            row = DeskRow(desk, self.ctx.portrait)
            row.state_requested.connect(self.set_state)
            row.reset_requested.connect(self.reset_password)
            self.rows[desk.login] = row
            self.list_box.addWidget(row)
        self.empty.setVisible(not self.rows)
        self.list_box.addStretch(1)
        self._show_rows()

    def _show_rows(self) -> None:
        """The rows' words in the current language."""
        count = len(self.desks or [])
        self.list_title.setText(self.t("Desks ({count})").format(count=count))
        self.empty.setText(self.t("No desks yet. Touch “Add a desk” for each specialist "
                                  "who calls tickets."))
        catalogue = self.ctx.catalogue
        words = RowWords(self.t("Switch off"), self.t("Switch on"), self.t("New password"),
                         self.t("Touch again to confirm"))
        for row in self.rows.values():
            desk = row.desk
            row.set_texts(self._department_name(catalogue, desk.department),
                          self.t("room {room}").format(room=desk.room),
                          self.t(STATE_WORDS.get(desk.state, desk.state)), words)

    def _department_name(self, catalogue: Catalogue, department: str) -> str:
        known = catalogue.departments.get(department)
        return self.ctx.language.text(known.name) if known is not None else department

    def show_list(self) -> None:
        """Back to the list of desks."""
        self.steps.setCurrentWidget(self.list_step)
        self.title.setText(self.t(self.name))

    # -- adding ------------------------------------------------------------------------
    def suggest_login(self, department: str) -> str:
        """The first free "<department>-N" login."""
        taken = {desk.login for desk in self.desks or []}
        number = 1
        while f"{department}-{number}" in taken:
            number += 1
        return f"{department}-{number}"

    def start_adding(self) -> None:
        """Step 1 of a new desk: its department."""
        self.forget_password()
        self.say("")
        self.form.start()
        self.steps.setCurrentWidget(self.form)
        self.title.setText(self.t("New desk"))

    def add(self) -> None:
        """Check what was typed, then make the desk on the worker (scrypt takes a moment)."""
        from kiosk.queue.desks import add_desk

        if self.changing:
            return
        values = self.form.checked()
        if values is None:
            self.say(self.t("The desk is not added yet: see the red lines."), ok=False)
            return
        password = desk_password()
        catalogue, now = self.ctx.catalogue, self.ctx.clock()

        def work() -> str:
            with self.own_connection() as db:
                return add_desk(db, catalogue, values["login"], department=values["department"],
                                room=values["room"], specialist=values["specialist"], now=now,
                                password=password)

        self.changing = True
        task = self.run(work, partial(self._added, values), self.t("Adding the desk…"))
        task.failed.connect(self._not_added)

    def _added(self, values: Mapping[str, str], password: str) -> None:
        self.changing = False
        self.audit("desks.add", login=values["login"], department=values["department"],
                   room=values["room"], specialist=values["specialist"])
        self.show_list()
        self.refresh()
        self._show_password(values["login"], password, fresh=True)
        self.say(self.t("Desk {login} is added.").format(login=values["login"]))

    def _not_added(self, error: BaseException) -> None:
        self.changing = False
        self.say(self.t("The desk is not added: {reason}").format(reason=error), ok=False)

    # -- changing ----------------------------------------------------------------------
    def set_state(self, login: str, state: str) -> None:
        """Switch a desk off (it is signed out) or on again."""
        from kiosk.queue.desks import set_desk_state

        try:
            set_desk_state(self.ctx.db, login, state)
        except ValueError as exc:
            self.say(self.t("Nothing changed: {reason}").format(reason=exc), ok=False)
            self.refresh()
            return
        off = state == "disabled"
        self.audit("desks.disable" if off else "desks.enable", login=login)
        done = self.t("Desk {login} is switched off and signed out.") if off else \
            self.t("Desk {login} is switched on: the specialist can sign in.")
        self.say(done.format(login=login))
        self.refresh()

    def reset_password(self, login: str) -> None:
        """A new password for ``login`` (the old one stops working; the desk is signed out)."""
        from kiosk.queue.desks import reset_desk_password

        if self.changing:
            return
        password = desk_password()

        def work() -> str:
            with self.own_connection() as db:
                return reset_desk_password(db, login, password)

        self.changing = True
        task = self.run(work, partial(self._reset, login), self.t("Making a new password…"))
        task.failed.connect(self._not_reset)

    def _not_reset(self, error: BaseException) -> None:
        self.changing = False
        self.say(self.t("Nothing changed: {reason}").format(reason=error), ok=False)

    def _reset(self, login: str, password: str) -> None:
        self.changing = False
        self.audit("desks.reset_password", login=login)
        self.refresh()
        self._show_password(login, password, fresh=False)
        self.say(self.t("Desk {login} has a new password; the old one no longer works.").format(
            login=login))

    # -- the password ------------------------------------------------------------------
    def _show_password(self, login: str, password: str, fresh: bool) -> None:
        address = self.ctx.config.desks.address
        urls: Sequence[str] = desk_urls(address, self.lan) if address is not None else []
        heading = (self.t("Desk {login} is ready. Its password:") if fresh else
                   self.t("New password of desk {login}:")).format(login=login)
        note = self.t("Write it down now and give it to the specialist with the login and the "
                      "address. It is shown only this once; if it is lost, make a new one. The "
                      "gaps are only for reading: type the 16 digits without spaces.")
        facts = [(self.t("Login"), login),
                 (self.t("Address"), "\n".join(urls) or self.t("none yet: desks are off"))]
        self.card.show_password(heading, password, note, facts,
                                self.t("I have written it down"))
        self._show_server()

    def forget_password(self) -> None:
        """Take the password off the screen."""
        self.card.forget()
        self._show_server()

