"""Check a status by the code under the QR — typed, or scanned with the barcode scanner."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller

from kiosk.errors import ValidationError
from kiosk.i18n import format_date
from kiosk.kinds import status_word
from kiosk.tracking import normalize_tracking_code
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.screens.base import Screen, ScreenId
from ui.tasks import Task
from ui.widgets import Field, body_label, title_label


def local_status(ctx: UiContext, code: str) -> dict[str, str] | None:
    """The record with this code in the kiosk's own database (no personal data)."""
    queries = (
        ("ticket", "SELECT number, status, '', '' FROM tickets WHERE tracking_code = ?"),
        ("appeal", "SELECT registration_number, status, deadline, coalesce(reply, '') "
                   "FROM appeals WHERE tracking_code = ?"),
        ("booking", "SELECT slot_start, status, '', '' FROM bookings WHERE tracking_code = ?"),
    )
    for kind, sql in queries:
        row = ctx.db.execute(sql, [code]).fetchone()
        if row:
            return {"kind": kind, "number": str(row[0]), "status": str(row[1]),
                    "deadline": str(row[2]), "reply": str(row[3])}
    return None


_LOOKUPS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="status")


class StatusScreen(Screen):
    """The code field with a Latin keyboard, then what is known about the record."""

    screen_id = ScreenId.STATUS
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.answer: dict[str, str] | None = None
        self.title = title_label()
        self.code = Field()
        self.result = body_label(object_name="bigMessage")
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
        found = self.answer is not None and self.answer.get("status") != "unknown"
        self.keyboard.setVisible(not found)  # the answer gets the room the keyboard had

    def primary_action(self) -> str:
        """Look the code up."""
        return self.t("Check")

    def on_primary(self) -> None:
        """Look the code up."""
        self.lookup()

    def lookup(self) -> None:
        """Look the code up here, then on the regional server in the background."""
        try:
            code = normalize_tracking_code(self.code.text)
        except ValidationError as exc:
            self.code.show_error(self.ctx.language.t(exc.message))
            self.answer = None
            self.retranslate()
            return
        self.code.show_error("")
        self.answer = local_status(self.ctx, code) or {"kind": "", "status": "unknown"}
        self.retranslate()
        if self.ctx.status_lookup is not None:
            self._lookup = Task(_LOOKUPS, partial(self.ctx.status_lookup, code), parent=self)
            self._lookup.finished.connect(self._server_answer)
            self._lookup.start()

    def _server_answer(self, answer: object) -> None:
        """The region knows more (a reply, a new status): show it."""
        if isinstance(answer, dict) and answer.get("status"):
            merged = dict(self.answer or {})
            merged.update({k: str(v) for k, v in answer.items()})
            self.answer = merged
            self.retranslate()

    def _describe(self) -> str:
        answer = self.answer
        if answer is None:
            return ""
        if answer.get("status") == "unknown":
            return self.t("No record with this code is known here yet. If you submitted it "
                          "at another kiosk, the answer appears once the kiosk is online.")
        lang = self.ctx.language
        word = status_word(answer.get("kind", ""), answer["status"])
        lines = [f"{answer.get('number', '')}",
                 self.t("Status") + f": {lang.t(word) if word else answer['status']}"]
        if answer.get("deadline"):
            try:
                import datetime as dt

                day = dt.date.fromisoformat(answer["deadline"])
                lines.append(self.t("Answer due by") + f": {format_date(day, lang.lang)}")
            except ValueError:
                lines.append(answer["deadline"])
        if answer.get("reply"):
            lines.append(self.t("Reply") + f": {answer['reply']}")
        return "\n".join(lines)

    def wipe(self) -> None:
        """Forget the code and the answer."""
        self.code.clear()
        self.answer = None
        self.result.clear()


class ScanTarget(QObject):
    """Where the barcode scanner's codes go (the navigator connects this)."""

    scanned = Signal(str)
