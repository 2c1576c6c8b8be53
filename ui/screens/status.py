"""Check a status by the code under the QR — typed, or scanned with the barcode scanner."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller

from kiosk.errors import ValidationError
from kiosk.i18n import N_, Message, format_date
from kiosk.kinds import status_word
from kiosk.lookup import StatusAnswer, local_status, merged_status
from kiosk.queue.position import Position, position_of
from kiosk.speech.phrases import digit_by_digit
from kiosk.tracking import normalize_tracking_code
from printers.receipts.citizen import people_ahead
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.screens.base import Screen, ScreenId
from ui.tasks import Task
from ui.widgets import Field, body_label, title_label

#: The fields a server answer may carry (anything else in it is ignored).
_ANSWER_FIELDS = ("kind", "status", "number", "reply", "deadline", "updated_at", "room")


def server_answer(code: str, answer: object) -> StatusAnswer | None:
    """The regional server's answer for ``code`` as a :class:`StatusAnswer` (None: none)."""
    if not isinstance(answer, dict) or not answer.get("status"):
        return None
    return StatusAnswer(code, **{name: str(answer.get(name) or "") for name in _ANSWER_FIELDS})


_LOOKUPS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="status")


class StatusScreen(Screen):
    """The code field with a Latin keyboard, then what is known about the record."""

    screen_id = ScreenId.STATUS
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        #: What is shown: the kiosk's answer merged with the server's (None: nothing asked).
        self.answer: StatusAnswer | None = None
        self._local: StatusAnswer | None = None
        #: The code was looked up and neither the kiosk nor (yet) the server knows it.
        self._unknown = False
        #: A waiting ticket's place in the line, from the kiosk's own queue.
        self._position: Position | None = None
        self.title = title_label()
        self.code = Field()
        self.result = body_label(object_name="bigMessage")
        self.result.setTextFormat(Qt.TextFormat.PlainText)  # a staff reply is text, not markup
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "code")
        self.keyboard.attach(self.code.edit)
        self.keyboard.done.connect(self.lookup)
        # A reply may be 4,000 characters: it scrolls (by finger) instead of being cut off.
        self.answer_area = QScrollArea()
        self.answer_area.setObjectName("statusAnswer")
        self.answer_area.setWidgetResizable(True)
        self.answer_area.setFrameShape(QFrame.Shape.NoFrame)
        self.answer_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_area.setWidget(self.result)
        QScroller.grabGesture(self.answer_area.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        for widget in (self.title, self.code):
            self.body.addWidget(widget)
        self.body.addWidget(self.answer_area, 1)
        self.body.addWidget(self.keyboard)
        self.code.edited.connect(lambda _text: self.keyboard.show())
        self._lookup: Task[dict[str, str] | None] | None = None

    def enter(self, payload: object = None) -> None:
        """A scanned code arrives as the payload and is looked up at once."""
        self.keyboard.set_layout("code")
        super().enter(payload)
        if isinstance(payload, str) and payload:
            self.code.edit.setText(payload)
            self.lookup()

    def retranslate(self) -> None:
        """Labels and the answer in the current language."""
        self.title.setText(self.t("Check the status"))
        self.code.label.setText(self.t("Enter the code printed under the QR code, "
                                       "or scan the receipt"))
        self.result.setText(self._describe())
        found = self.answer is not None
        self.keyboard.setVisible(not found)  # the answer gets the room the keyboard had

    def primary_action(self) -> str:
        """Look the code up."""
        return self.t("Check")

    def on_primary(self) -> None:
        """Look the code up."""
        self.lookup()

    def lookup(self) -> None:
        """Look the code up here, then on the regional server in the background."""
        self._drop_lookup()
        try:
            code = normalize_tracking_code(self.code.text)
        except ValidationError as exc:
            self.code.show_error(self.ctx.language.t(exc.message))
            self._forget()
            self.retranslate()
            self.announce.emit(self.ctx.language.t(exc.message))
            return
        self.code.show_error("")
        self._local = local_status(self.ctx.db, code)
        self.answer = self._local
        self._unknown = self._local is None
        self._position = self._place_in_line(code, self._local)
        self.retranslate()
        self.announce.emit("\n".join(self._spoken_answer()))
        if self.ctx.status_lookup is not None:
            task: Task[dict[str, str] | None] = Task(
                _LOOKUPS, partial(self.ctx.status_lookup, code), parent=self)
            task.finished.connect(partial(self._server_answer, task, code))
            task.failed.connect(partial(self._lookup_failed, task))
            self._lookup = task
            task.start()

    def _place_in_line(self, code: str, answer: StatusAnswer | None) -> Position | None:
        """People ahead of a ticket waiting in this kiosk's queue (None for anything else)."""
        if answer is None or answer.kind != "ticket" or answer.status != "waiting":
            return None
        row = self.ctx.db.execute("SELECT uuid FROM tickets WHERE tracking_code = ?",
                                  [code]).fetchone()
        return position_of(self.ctx.db, self.ctx.catalogue, str(row[0])) if row else None

    def _server_answer(self, task: Task[dict[str, str] | None], code: str,
                       answer: object) -> None:
        """The region knows more (a reply, a new status): show it — unless the visitor has
        left or asked again since (then it belongs to nobody on this screen)."""
        if task is not self._lookup:
            return
        self._drop_lookup()
        server = server_answer(code, answer)
        if server is None:
            return  # unknown there or unreachable: what the kiosk knows stands
        self.answer = merged_status(self._local, server)
        self._unknown = self.answer is None
        self.retranslate()
        self.announce.emit("\n".join(self._spoken_answer()))

    def _lookup_failed(self, task: Task[dict[str, str] | None], _error: object) -> None:
        if task is self._lookup:
            self._drop_lookup()

    def _drop_lookup(self) -> None:
        """Stop listening to the pending server look-up (it finishes unheard)."""
        task, self._lookup = self._lookup, None
        if task is not None:
            task.finished.disconnect()
            task.failed.disconnect()
            task.deleteLater()

    def on_leave(self) -> None:
        """The visitor left: a server answer that comes later is not written into the screen
        (the next visitor could read it)."""
        self._drop_lookup()

    def spoken(self) -> list[str]:
        """The title and the question; once a code was looked up, the answer."""
        if self.answer is not None or self._unknown:
            return [self.title.text(), *self._spoken_answer()]
        return [self.title.text(), self.code.label.text()]

    def _spoken_answer(self) -> list[str]:
        """The answer as it is shown, its number read digit by digit."""
        lines = self._describe().splitlines()
        if self.answer is not None and lines and lines[0] == self.answer.number:
            ticket = self.answer.kind == "ticket"
            lines[0] = digit_by_digit(self.answer.number, self.ctx.language.lang,
                                      leading_zeros=not ticket)
        return lines

    def _describe(self) -> str:
        if self._unknown:
            return self.t("No record with this code is known here yet. If you submitted it "
                          "at another kiosk, the answer appears once the kiosk is online.")
        answer = self.answer
        if answer is None:
            return ""
        lang = self.ctx.language
        word = status_word(answer.kind, answer.status)
        status: Message | str = word if word is not None else answer.status
        if answer.kind == "ticket" and answer.status == "called" and answer.room:
            status = N_("{status} — go to room {room}", status=status, room=answer.room)
        lines = [answer.number,
                 self.t("Status") + ": " + (lang.t(status) if isinstance(status, Message)
                                            else status)]
        position = self._position if answer.kind == "ticket" and \
            answer.status == "waiting" else None
        if position is not None:
            lines.append(lang.t(people_ahead(position.ahead)))
            if position.ahead > 0 and position.wait_minutes > 0:
                lines.append(lang.t(N_("Expected wait: about {minutes} min",
                                       minutes=position.wait_minutes)))
        if answer.deadline:
            try:
                day = dt.date.fromisoformat(answer.deadline)
                lines.append(self.t("Answer due by") + f": {format_date(day, lang.lang)}")
            except ValueError:
                lines.append(answer.deadline)
        if answer.reply:
            lines.append(self.t("Reply") + f": {answer.reply}")
        return "\n".join(lines)

    def _forget(self) -> None:
        self.answer = None
        self._local = None
        self._unknown = False
        self._position = None

    def wipe(self) -> None:
        """Forget the code and the answer, and any look-up still under way."""
        self._drop_lookup()
        self.code.clear()
        self._forget()
        self.result.clear()


class ScanTarget(QObject):
    """Where the barcode scanner's codes go (the navigator connects this)."""

    scanned = Signal(str)
