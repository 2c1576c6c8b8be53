"""The visitor's name, IIN, phone, then address or topic: one question at a time.

One screen asks the four questions in turn, each step with its own title (the question),
its own label (what to type) and its own spoken prompt; Back goes to the previous step.
Values are checked as they are typed, the IIN is masked once accepted, and coming back from
the review the visitor finds every answer kept, on the last step.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.errors import ValidationError
from kiosk.i18n import N_, Message
from kiosk.validators import (
    Cleaned,
    clean_free_text,
    mask_iin,
    normalize_iin,
    normalize_name,
    normalize_phone,
    remove_emoji,
)
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.screens.base import Screen, ScreenId
from ui.screens.notice import emoji_notice, show_emoji_notice
from ui.widgets import Field, body_label, field_problem, problem_text, title_label

logger = logging.getLogger(__name__)

TOPIC_MAX = 150
ADDRESS_MAX = 200
#: Fields of free text: emoji typed there are dropped, and the screen says so.
FREE_TEXT = ("topic", "address")
#: Fields typed on the digit pad.
NUMERIC = ("iin", "phone")


class Question(NamedTuple):
    """One step: the question (the title), what to type (the field's label), and the
    field's name (errors begin with it)."""

    title: Message
    hint: Message
    name: Message


QUESTIONS: dict[str, Question] = {
    "full_name": Question(N_("What is your full name?"),
                          N_("Surname, first name and patronymic, as on your identity card"),
                          N_("Full name")),
    "iin": Question(N_("Your IIN (12 digits)"), N_("It is written on your identity card"),
                    N_("IIN")),
    "phone": Question(N_("Your mobile phone number"), N_("For example: 8 701 234 56 78"),
                      N_("Phone")),
    "address": Question(N_("Your address (if you wish)"),
                        N_("Village, street, house. You may leave it empty and go on."),
                        N_("Address")),
    "topic": Question(N_("What do you want to discuss with the akim?"),
                      N_("A few words, for example: a land plot"), N_("Topic")),
}
NEXT = N_("Next")
SKIP = N_("Skip")
IIN_ENTERED = N_("Your IIN is entered. To change it, type it again.")


class PersonScreen(Screen):
    """The applicant's questions; ``extra`` is "address" (appeals, optional) or "topic"."""

    uses_keyboard = True
    extra = "address"
    next_screen = ScreenId.APPEAL_REVIEW

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.steps: tuple[str, ...] = ("full_name", "iin", "phone", self.extra)
        self.step = 0
        self.progress = body_label(object_name="secondary")
        self.title = title_label()
        self.fields = {name: Field(numeric=name in NUMERIC) for name in self.steps}
        #: The broken rule shown under each field (re-rendered on a language switch).
        self.problems: dict[str, Message] = {}
        self._announced: dict[str, str] = {}
        fields = QVBoxLayout()  # the notice right under the field: A+ leaves no room to spare
        fields.setSpacing(0)
        self._fields_box = fields
        for name, field in self.fields.items():
            fields.addWidget(field)
            field.edit.installEventFilter(self)
            field.edited.connect(lambda _text, name=name: self._edited(name))
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk",
                                         wide=not ctx.portrait)
        self.keyboard.done.connect(lambda: self.once(self.on_primary))
        self.notice = emoji_notice()
        fields.addWidget(self.notice)
        heading = QHBoxLayout()  # the question, and how far along it is
        heading.setSpacing(32)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(heading)
        self.body.addLayout(fields)
        self.body.addStretch(1)
        self.body.addWidget(self.keyboard)
        self._show_step(0, announce=False)

    # -- steps -------------------------------------------------------------------------
    @property
    def current(self) -> str:
        """The field the visitor is asked for now."""
        return self.steps[self.step]

    @property
    def last_step(self) -> bool:
        """The address (appeal) or topic (booking) is asked: the main action finishes."""
        return self.step == len(self.steps) - 1

    def _show_step(self, index: int, *, announce: bool) -> None:
        """Ask question ``index`` (its field alone on show, the keyboard typing there)."""
        self.step = index
        for name, field in self.fields.items():
            field.setVisible(name == self.current)
        field = self.fields[self.current]
        self.keyboard.attach(field.edit, numeric=field.numeric)
        if self._iin_masked() and self.current == "iin":
            field.edit.selectAll()  # what is typed replaces the masked number
        else:
            field.edit.end(False)
        self._texts()
        self._emoji_notice()
        self._fields_box.invalidate()  # also while the screen is hidden (the wipe): the
        self.body.invalidate()  # stack of screens takes its minimum size from every screen
        self.actions_changed.emit()  # "Next", "Skip" or the last step's action
        if announce:
            for phrase in self.spoken():
                self.announce.emit(phrase)

    def step_back(self) -> bool:
        """Back: the previous question (False on the first: leave the screen)."""
        if self.step == 0:
            return False
        self._show_step(self.step - 1, announce=True)
        return True

    def spoken(self) -> list[str]:
        """The question, what to type, then the field's error or what it holds."""
        name = self.current
        question = QUESTIONS[name]
        said = [self.t(question.title), self.t(question.hint)]
        if name in self.problems:
            said.append(problem_text(self.t, self.problems[name]))
        elif name == "iin" and self._iin_masked():
            said.append(self.t(IIN_ENTERED))  # the number itself is not read out
        elif self.fields[name].text.strip():
            said.append(self.fields[name].text.strip())
        return said

    def _iin_masked(self) -> bool:
        return "*" in self.fields["iin"].text and bool(self.ctx.form.get("iin"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tap on a masked IIN starts it afresh."""
        if event.type() == QEvent.Type.MouseButtonPress and \
                watched is self.fields["iin"].edit and self._iin_masked():
            self.fields["iin"].edit.clear()
        return False

    # -- the navigator's calls ---------------------------------------------------------
    def enter(self, payload: object = None) -> None:
        """The visitor's keyboard layout; the step they were on (the last one, coming back
        from the review), every answer kept."""
        self.keyboard.set_layout({"kk": "kk", "ru": "ru"}.get(self.ctx.language.lang.value,
                                                                  "en"))
        super().enter(payload)
        self._show_step(self.step, announce=False)

    def retranslate(self) -> None:
        """The question, labels and any shown rule messages in the current language."""
        self._texts()
        for name, problem in self.problems.items():
            self.fields[name].show_error(problem_text(self.t, problem))
        self._emoji_notice()

    def _texts(self) -> None:
        self.title.setText(self.t(QUESTIONS[self.current].title))
        self.progress.setText(self.t(N_("Step {step} of {count}", step=self.step + 1,
                                        count=len(self.steps))))
        for name, field in self.fields.items():
            field.label.setText(self.t(QUESTIONS[name].hint))

    def primary_action(self) -> str:
        """"Next"; on the last step what finishing does."""
        return self.t(self.finish_action() if self.last_step else NEXT)

    def finish_action(self) -> Message:
        """The main action on the last step: "Skip" while the address is empty."""
        return NEXT if self.fields[self.current].text.strip() else SKIP

    def on_primary(self) -> None:
        """Keep this answer and ask the next question (or finish on the last)."""
        if not self.validate(self.current, live=False):
            return
        if self.last_step:
            self.submit()
        else:
            self._show_step(self.step + 1, announce=True)

    # -- checking ----------------------------------------------------------------------
    def _edited(self, name: str) -> None:
        self.validate(name, live=True)
        if name == self.current and self.last_step:
            self.actions_changed.emit()  # "Skip" becomes "Next" once something is typed

    def validate(self, name: str, *, live: bool) -> bool:
        """Check one field; show the broken rule, naming the field (live: only once the
        value is long enough to judge), and say it in audio mode."""
        field = self.fields[name]
        raw = field.text
        if name == "iin" and "*" in raw:
            return bool(self.ctx.form.get("iin"))
        if name in FREE_TEXT:
            self._emoji_notice()
        try:
            value, emoji_removed = self._check(name, raw)
        except ValidationError as exc:
            # While typing, a value still too short to judge is no error yet.
            quiet = live and (not raw or exc.rule == "too_short" or
                              (name in NUMERIC and exc.rule == "length"))
            self._show_problem(name, None if quiet else field_problem(QUESTIONS[name].name,
                                                                      exc))
            self.ctx.form.pop(name, None)
            return False
        self._show_problem(name, None)
        self.ctx.form[name] = value
        if name in FREE_TEXT:
            self.ctx.form[f"{name}:emoji"] = emoji_removed
        if name == "iin" and not live:
            field.edit.setText(mask_iin(value))
        return True

    def _show_problem(self, name: str, problem: Message | None) -> None:
        """Show (or clear) a field's broken rule; a new one is announced once."""
        if problem is None:
            self.problems.pop(name, None)
            self._announced.pop(name, None)
            self.fields[name].show_error("")
            return
        self.problems[name] = problem
        text = problem_text(self.t, problem)
        self.fields[name].show_error(text)
        if self._announced.get(name) != text:
            self._announced[name] = text
            self.announce.emit(text)

    def _check(self, name: str, raw: str) -> Cleaned:
        if name == "full_name":
            return Cleaned(normalize_name(raw, "full_name"), emoji_removed=False)
        if name == "iin":
            return Cleaned(normalize_iin(raw, "iin"), emoji_removed=False)
        if name == "phone":
            return Cleaned(normalize_phone(raw, "phone"), emoji_removed=False)
        if name == "topic":
            return clean_free_text(raw, field="topic", max_length=TOPIC_MAX)
        return clean_free_text(raw, field="address", max_length=ADDRESS_MAX, required=False)

    def _emoji_notice(self) -> None:
        """Say why emoji will vanish while the free-text field on show holds some."""
        show_emoji_notice(self, self.notice, self.current in FREE_TEXT and
                          remove_emoji(self.fields[self.current].text).emoji_removed)

    def submit(self) -> None:
        """Go on when every answer keeps its rules (else back to the first broken one)."""
        for index, name in enumerate(self.steps):
            if not self.validate(name, live=False):
                self._show_step(index, announce=False)  # its error was just announced
                return
        self.finish()

    def finish(self) -> None:
        """Every answer is kept: go on."""
        self.go.emit(self.next_screen, None)

    def wipe(self) -> None:
        """Forget every answer; the next visitor starts at the first question."""
        for field in self.fields.values():
            field.clear()
        self.problems.clear()
        self._announced.clear()
        self.notice.hide()
        self._show_step(0, announce=False)


class AppealPersonScreen(PersonScreen):
    """The applicant of an appeal (address optional)."""

    screen_id = ScreenId.APPEAL_PERSON
    extra = "address"
    next_screen = ScreenId.APPEAL_REVIEW


class BookingPersonScreen(PersonScreen):
    """The visitor booking the akim's reception, and the topic."""

    screen_id = ScreenId.BOOKING_PERSON
    extra = "topic"
    next_screen = ScreenId.RESULT

    def finish_action(self) -> Message:
        """Book the chosen time."""
        return N_("Book")

    def finish(self) -> None:
        """Book the slot (committed first), then print the confirmation."""
        from ui.screens.booking import book_from_form

        book_from_form(self)
