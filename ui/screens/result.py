"""The end of a flow: "Printing…", then "Take your receipt" — or, on a printer fault, the
number and QR on screen to photograph, with the record kept for staff to reprint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from kiosk.i18n import N_
from kiosk.speech.phrases import digit_by_digit
from kiosk.speech.spoken import spoken_room
from printers.printer import JobResult
from ui.context import UiContext
from ui.language import LanguageState
from ui.printing import PrintJob, PrintRequest, plain_problem
from ui.qr import qr_pixmap
from ui.screens.base import Screen, ScreenId
from ui.widgets import BigButton, body_label, on_click, title_label

AUTO_HOME_SECONDS = 45


@dataclass(frozen=True)
class Outcome:
    """What the result screen shows: the record's number, code and QR, and what to print."""

    headline: str
    describe: Callable[[LanguageState], list[str]]
    request: PrintRequest | None = None
    qr_data: str = ""
    code: str = ""
    #: What the visitor must not miss, shown larger than the details (a ticket: priority,
    #: people ahead, the expected wait).
    highlights: Callable[[LanguageState], list[str]] | None = None
    #: The room to go to (a ticket), read out in audio mode; empty: looked up for a ticket.
    room: str = ""


class ResultScreen(Screen):
    """Prints in a worker (the screen never freezes) and shows how it went."""

    screen_id = ScreenId.RESULT
    final = True
    #: The visitor asked to hear the result again (the Repeat button in audio mode).
    repeat_requested = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.outcome: Outcome | None = None
        self.result: JobResult | None = None
        self.job: PrintJob | None = None
        self.status = title_label()
        self.status.setObjectName("resultStatus")
        self.headline = QLabel()
        self.headline.setObjectName("resultNumber")
        self.headline.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.highlights = body_label(object_name="bigMessage")
        self.details = body_label()
        self.code = QLabel()
        self.code.setObjectName("resultCode")
        self.qr = QLabel()
        self.qr.setObjectName("resultQr")
        self.countdown = body_label(object_name="secondary")
        self.done_button = BigButton()
        on_click(self.done_button, self._done)
        #: Shown in audio mode only: hear the number and the room again.
        self.repeat_button = BigButton(secondary=True)
        self.repeat_button.hide()
        on_click(self.repeat_button, self.repeat_requested.emit)
        left = QVBoxLayout()
        left.addWidget(self.headline, 0, Qt.AlignmentFlag.AlignLeft)
        if ctx.portrait:  # what the visitor must not miss: under the number
            left.addWidget(self.highlights)
        left.addWidget(self.details)
        left.addWidget(self.code)
        left.addStretch(1)
        row = QVBoxLayout() if ctx.portrait else QHBoxLayout()
        row.setSpacing(32)
        row.addLayout(left, 0 if not ctx.portrait else 1)
        if not ctx.portrait:
            # Landscape: a column of its own beside the number, as tall as the number, the
            # details and the code together (in large text five lines need it).
            row.addWidget(self.highlights, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        # Repeat (audio mode) after Done: no extra row in a screen with no height to spare.
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.done_button, 2)  # first: the keys' focus starts on Done
        buttons.addWidget(self.repeat_button, 1)
        self.body.addWidget(self.status)
        self.body.addLayout(row, 1)
        self.body.addWidget(self.countdown)
        self.body.addLayout(buttons)
        self._remaining = AUTO_HOME_SECONDS
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def enter(self, payload: object = None) -> None:
        """Show the record and start printing it (if there is something to print)."""
        if isinstance(payload, Outcome):
            self._stop()
            self.outcome = payload
            self.result = None
            self._remaining = AUTO_HOME_SECONDS
            if payload.qr_data:
                self.qr.setPixmap(qr_pixmap(payload.qr_data, 360))
            if payload.request is not None:
                job = PrintJob(self.ctx.printing, payload.request)
                job.setParent(self)  # kept alive until it is done, then deleted
                job.finished.connect(partial(self._printed, job))
                job.finished.connect(job.deleteLater)
                job.failed.connect(job.deleteLater)
                self.job = job
                job.start()
            else:
                self._timer.start()
        self.retranslate()

    def _printed(self, job: PrintJob, result: JobResult) -> None:
        if job is not self.job:  # the visitor left before it finished: the print service
            return  # has marked the record; this screen no longer shows it
        self.job = None
        self.result = result
        self._timer.start()
        self.retranslate()
        self.announce.emit(self.status.text())  # "Please take your receipt", or the fault

    def _stop(self) -> None:
        """Stop the countdown and stop listening to the print job (it prints on by itself)."""
        self._timer.stop()
        self.job = None

    def on_leave(self) -> None:
        """The visitor left: no countdown and no finished print may send anyone home."""
        self._stop()

    @property
    def printing(self) -> bool:
        """True while the print job runs."""
        return self.outcome is not None and self.outcome.request is not None and \
            self.result is None

    def retranslate(self) -> None:
        """The state of printing and the record, in the current language."""
        outcome = self.outcome
        if outcome is None:
            return
        self.headline.setText(outcome.headline)
        self.headline.setProperty("long", len(outcome.headline) > 8)
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        highlights = outcome.highlights(self.ctx.language) if outcome.highlights else []
        self.highlights.setText("\n".join(highlights))
        self.highlights.setVisible(bool(highlights))
        self.details.setText("\n".join(outcome.describe(self.ctx.language)))
        self.code.setText(self.t("Code: {code}").format(code=outcome.code) if outcome.code
                          else "")
        if self.printing:
            self.status.setText(self.t("Printing…"))
        elif outcome.request is None:
            self.status.setText(self.t("Done"))
        elif self.result is not None and self.result.printed:
            self.status.setText(self.t("Please take your receipt"))
        else:
            problem = self.ctx.language.t(plain_problem(self.result)) if self.result else ""
            self.status.setText(self.ctx.language.t(N_(
                "The receipt could not be printed ({problem}) — your record is saved. "
                "Please photograph the number and the QR code; staff will reprint the receipt.",
                problem=problem)))
        self.status.setProperty("fault", self.result is not None and not self.result.printed)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.done_button.setText(self.t("Finish"))  # en "Done"; kk needs a verb
        self.repeat_button.setText("↻  " + self.t("Repeat"))
        self.done_button.setEnabled(not self.printing)
        self.countdown.setText("" if self.printing else self.t(
            "The kiosk returns to the start in {seconds} s.").format(seconds=self._remaining))

    def show_repeat(self, on: bool) -> None:
        """Show the large Repeat button (audio mode) or hide it."""
        self.repeat_button.setVisible(on)

    def spoken(self) -> list[str]:
        """The number digit by digit, what it is for (the desk), the room, what the visitor
        must not miss, then how printing goes."""
        outcome = self.outcome
        if outcome is None:
            return []
        lang = self.ctx.language
        words: list[str] = []
        kind = outcome.request.kind if outcome.request is not None else "ticket"
        if outcome.headline and kind == "booking":  # a reception's time, said as a time
            words.append(outcome.headline)
        elif outcome.headline:
            words += [self.t("Your number"), digit_by_digit(
                outcome.headline, lang.lang, leading_zeros=kind != "ticket")]
        details = outcome.describe(lang)
        if details:  # the desk or the kind of record: the visitor hears what they chose,
            words.append(details[0])  # and the number and the room are not run together
        room = outcome.room or self._ticket_room(outcome)
        if room:
            words += [lang.t(N_("Room {room}", room=spoken_room(room, lang.lang))),
                      digit_by_digit(room, lang.lang, leading_zeros=True)]
        words += outcome.highlights(lang) if outcome.highlights else []
        words.append(self.status.text())
        return words

    def _ticket_room(self, outcome: Outcome) -> str:
        """A ticket's room, from its department (when the outcome does not carry it)."""
        request = outcome.request
        if request is None or request.kind != "ticket":
            return ""
        row = self.ctx.db.execute("SELECT department FROM tickets WHERE uuid = ?",
                                  [request.uuid]).fetchone()
        if row is None or str(row[0]) not in self.ctx.catalogue.departments:
            return ""
        return str(self.ctx.catalogue.department(str(row[0])).room)

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._done()
        else:
            self.retranslate()

    def _done(self) -> None:
        self._stop()
        self.finished_flow.emit()
        self.go.emit(ScreenId.HOME, None)

    def wipe(self) -> None:
        """Forget the record (number, code, QR) once the visitor is done."""
        self._stop()
        self.outcome = None
        self.result = None
        for label in (self.headline, self.highlights, self.details, self.code, self.status,
                      self.countdown):
            label.clear()
        self.qr.clear()
