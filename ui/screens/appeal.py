"""Appeal to the akim: type, topic and text, the applicant, review with consent, submit."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout

from kiosk.appeals import Appeal, prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.errors import ValidationError
from kiosk.i18n import N_, Message, format_date, format_datetime
from kiosk.tracking import format_tracking_code, tracking_url
from kiosk.validators import clean_free_text, mask_iin, mask_phone, remove_emoji
from printers.receipts import appeal_talon
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.language import LanguageState
from ui.printing import PrintRequest
from ui.screens.base import Screen, ScreenId
from ui.screens.notice import emoji_notice, show_emoji_notice
from ui.screens.result import Outcome
from ui.widgets import (
    ChoiceButton,
    Field,
    body_label,
    field_problem,
    on_click,
    problem_text,
    title_label,
)

TOPIC_MAX = 150
#: The appeal's text box is never lower than this (about three lines).
TEXT_MIN_HEIGHT = 160
TEXT_TITLE = N_("Write your appeal")
TOPIC_LABEL = N_("Topic of your appeal (a few words)")
TEXT_LABEL = N_("Your appeal: write what happened and what you ask for")
TEXT_NAME = N_("Your appeal")
#: The fields of an appeal as the visitor sees them (an error begins with its field).
FIELD_NAMES: dict[str, Message] = {
    "appeal_type": N_("Type"), "topic": N_("Topic"), "text": TEXT_NAME,
    "full_name": N_("Full name"), "iin": N_("IIN"), "phone": N_("Phone"),
    "address": N_("Address"), "consent": N_("Consent"),
}


class AppealTypeScreen(Screen):
    """The five kinds of appeal, each with a plain description."""

    screen_id = ScreenId.APPEAL_TYPE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.body.addWidget(self.title)
        self.buttons: dict[str, ChoiceButton] = {}
        for type_id in ctx.catalogue.appeal_types:
            button = ChoiceButton()
            on_click(button, partial(self._choose, type_id))
            self.buttons[type_id] = button
            self.body.addWidget(button)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        """Names and descriptions in the current language."""
        self.title.setText(self.t("What kind of appeal is it?"))
        for type_id, button in self.buttons.items():
            kind = self.ctx.catalogue.appeal_types[type_id]
            # The name on a line of its own: "Шағым — Құқығыңызды…" put a capital mid-line
            button.set_heading(self.ctx.language.text(kind.name),
                               self.ctx.language.text(kind.description))

    def _choose(self, type_id: str) -> None:
        self.ctx.form["appeal_type"] = type_id
        self.go.emit(ScreenId.APPEAL_TEXT, None)


class AppealTextScreen(Screen):
    """The topic and the text, typed on the on-screen keyboard; never cut short."""

    screen_id = ScreenId.APPEAL_TEXT
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.topic = Field()
        self.text_label = body_label(object_name="fieldLabel")
        self.text = QPlainTextEdit()
        self.text.setObjectName("appealText")
        self.text_label.setBuddy(self.text)  # the voice names the box by its label
        self.text.installEventFilter(self)
        self.topic.edit.installEventFilter(self)
        self.counter = body_label(object_name="secondary")
        self.error = body_label(object_name="fieldError")
        self.error.hide()
        self.problem: Message | None = None
        self.notice = emoji_notice()
        self.text.textChanged.connect(self._typed)
        self.topic.edited.connect(lambda _text: self._typed())
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk")
        self.text.setMinimumHeight(TEXT_MIN_HEIGHT)
        label = QHBoxLayout()  # the text's label, and how much of it is kept
        label.addWidget(self.text_label, 1)
        label.addWidget(self.counter)
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(self.title)
        column.addWidget(self.topic)
        column.addLayout(label)
        column.addWidget(self.text, 1)
        column.addWidget(self.error)  # a broken rule, or else the emoji notice
        column.addWidget(self.notice)
        if ctx.portrait:  # the keyboard under the text
            self.body.addLayout(column, 1)
            self.body.addWidget(self.keyboard)
        else:  # beside it: under it the text box had two lines left
            row = QHBoxLayout()
            row.setSpacing(24)
            row.addLayout(column, 4)
            row.addWidget(self.keyboard, 5, Qt.AlignmentFlag.AlignBottom)
            self.body.addLayout(row, 1)
        self.keyboard.attach(self.topic.edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tap on the topic or the text makes the keyboard type there."""
        if event.type() == QEvent.Type.MouseButtonPress:
            self.keyboard.attach(self.text if watched is self.text else self.topic.edit)
        return False

    def enter(self, payload: object = None) -> None:
        """Use the visitor's language for the letters."""
        self.keyboard.set_layout({"kk": "kk", "ru": "ru"}.get(self.ctx.language.lang.value,
                                                                  "en"))
        super().enter(payload)

    def retranslate(self) -> None:
        """Title and labels in the current language (what was typed stays)."""
        self.title.setText(self.t(TEXT_TITLE))
        self.topic.label.setText(self.t(TOPIC_LABEL))
        self.text_label.setText(self.t(TEXT_LABEL))
        if self.problem is not None:
            self.error.setText("⚠ " + problem_text(self.t, self.problem))
        self._count()

    def spoken(self) -> list[str]:
        """The title, then what to type in the two boxes (and a shown error)."""
        said = [self.t(TEXT_TITLE), self.t(TOPIC_LABEL), self.t(TEXT_LABEL)]
        if self.problem is not None:
            said.append(problem_text(self.t, self.problem))
        return said

    def primary_action(self) -> str:
        """Go on to the applicant."""
        return self.t("Next")

    def on_primary(self) -> None:
        """Go on to the applicant."""
        self.submit()

    def _typed(self) -> None:
        """A shown error goes once the visitor types again (it is checked anew on Next)."""
        if self.problem is not None:
            self.problem = None
            self.error.setText("")
            self.error.hide()
        self._count()

    def _count(self) -> None:
        """Count what will be kept (emoji go), and say so while there are emoji."""
        limit = self.ctx.config.limits.appeal_text_max
        text = remove_emoji(self.text.toPlainText())
        self.counter.setText(self.t("{count} of {limit} characters").format(
            count=len(text.text), limit=limit))
        show_emoji_notice(self, self.notice, not self.error.text() and (
            text.emoji_removed or remove_emoji(self.topic.text).emoji_removed))

    def _show_error(self, problem: Message | None) -> None:
        """Show a broken rule (naming its field) in place of the emoji notice, and say it."""
        self.problem = problem
        text = problem_text(self.t, problem) if problem is not None else ""
        self.error.setText("⚠ " + text if text else "")
        self.error.setVisible(bool(text))
        self._count()
        if text:
            self.announce.emit(text)

    def submit(self) -> None:
        """Check topic and text; go on to the applicant's data."""
        try:
            topic = clean_free_text(self.topic.text, field="topic", max_length=TOPIC_MAX)
            text = clean_free_text(self.text.toPlainText(), field="text",
                                   max_length=self.ctx.config.limits.appeal_text_max)
        except ValidationError as exc:
            self._show_error(field_problem(FIELD_NAMES.get(exc.field, TEXT_NAME), exc))
            return
        self._show_error(None)
        self.ctx.form.update(topic=topic.text, text=text.text)
        self.ctx.form["topic:emoji"] = topic.emoji_removed
        self.ctx.form["text:emoji"] = text.emoji_removed
        self.go.emit(ScreenId.APPEAL_PERSON, None)

    def wipe(self) -> None:
        """Forget the topic and the text."""
        self.topic.clear()
        self.text.clear()
        self.problem = None
        self.error.setText("")
        self.error.hide()


class AppealReviewScreen(Screen):
    """Everything once more, the explicit consent, and Submit."""

    screen_id = ScreenId.APPEAL_REVIEW

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.summary = body_label()
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.consent_text = body_label()
        self.consent_text.mousePressEvent = lambda _e: self.consent.toggle()  # type: ignore[method-assign]
        self.consent_text.setBuddy(self.consent)  # the voice reads the box by its words
        #: Why Send is grey: shown until the box is ticked.
        self.consent_hint = body_label(object_name="secondary")
        self.error = body_label(object_name="fieldError")
        self.consent.toggled.connect(self._consent_changed)
        consent = QHBoxLayout()
        consent.addWidget(self.consent)
        consent.addWidget(self.consent_text, 1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.summary)
        self.notice = emoji_notice()
        self.body.addWidget(self.notice)
        self.body.addLayout(consent)
        self.body.addWidget(self.consent_hint)
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        """The summary (IIN and phone masked) in the current language."""
        form = self.ctx.form
        kind = self.ctx.catalogue.appeal_types.get(str(form.get("appeal_type", "")))
        lines = [
            self.t("Type") + f": {self.ctx.language.text(kind.name) if kind else ''}",
            self.t("Topic") + f": {form.get('topic', '')}",
            self.t("Your appeal") + f": {str(form.get('text', ''))[:300]}",
            self.t("Full name") + f": {form.get('full_name', '')}",
            self.t("IIN") + f": {mask_iin(str(form.get('iin', '')))}",
            self.t("Phone") + f": {mask_phone(str(form.get('phone', '')))}",
        ]
        if form.get("address"):
            lines.append(self.t("Address") + f": {form['address']}")
        self.title.setText(self.t("Check your appeal"))
        self.summary.setText("\n".join(lines))
        show_emoji_notice(self, self.notice, any(form.get(f"{name}:emoji")
                                                 for name in ("topic", "text", "address")))
        self.consent_text.setText(self.t("I agree that the akimat processes my personal data "
                                         "to consider this appeal."))
        self.consent_hint.setText(self.t("Tick the box to agree; then the appeal can be sent."))
        self.consent_hint.setVisible(not self.consent.isChecked())

    def _consent_changed(self, on: bool) -> None:
        self.consent_hint.setVisible(not on)
        self.actions_changed.emit()

    def spoken(self) -> list[str]:
        """The whole appeal read back (a blind visitor checks it by ear), then the consent
        and what sending needs."""
        words = [self.title.text(), *self.summary.text().splitlines()]
        if not self.consent.isChecked():
            words.append(self.consent_hint.text())
        return words

    def primary_action(self) -> str:
        """Send the appeal."""
        return self.t("Send the appeal")

    def primary_enabled(self) -> bool:
        """Only with consent."""
        return self.consent.isChecked()

    def on_primary(self) -> None:
        """Send the appeal."""
        self.submit()

    def submit(self) -> None:
        """Register the appeal (committed before anything is printed), then print the талон."""
        form = self.ctx.form
        try:
            person = Applicant.parse(str(form.get("full_name", "")), str(form.get("iin", "")),
                                     str(form.get("phone", "")), str(form.get("address", "")))
            draft = prepare_draft(self.ctx.catalogue,
                                  appeal_type=str(form.get("appeal_type", "")),
                                  topic=str(form.get("topic", "")),
                                  text=str(form.get("text", "")), applicant=person,
                                  consent=self.consent.isChecked(),
                                  language=self.ctx.language.lang,
                                  text_max=self.ctx.config.limits.appeal_text_max)
        except ValidationError as exc:
            problem = problem_text(self.t, field_problem(FIELD_NAMES.get(exc.field,
                                                                      N_("This field")), exc))
            self.error.setText("⚠ " + problem)
            self.announce.emit(problem)
            return
        appeal = submit_appeal(self.ctx.db, self.ctx.catalogue, self.ctx.config.kiosk.id, draft,
                               self.ctx.clock())
        self.error.setText("")
        self.go.emit(ScreenId.RESULT, Outcome(
            headline=appeal.registration_number,
            describe=partial(appeal_lines, self, appeal),
            request=PrintRequest("appeal", appeal.uuid,
                                 appeal_talon(appeal, self.ctx.receipt_context())),
            qr_data=tracking_url(self.ctx.config.server.public_url, appeal.tracking_code),
            code=format_tracking_code(appeal.tracking_code)))

    def wipe(self) -> None:
        """Forget the summary and the consent."""
        self.summary.clear()
        self.consent.setChecked(False)
        self.error.setText("")
        self.notice.hide()


def appeal_lines(screen: Screen, appeal: Appeal, lang: LanguageState) -> list[str]:
    """What the result screen says about a registered appeal."""
    local = appeal.submitted_at.astimezone(screen.ctx.local_now().tzinfo)
    return [lang.t("Your appeal is registered."),
            lang.t("Date and time") + f": {format_datetime(local, lang.lang)}",
            lang.t("Answer due by") + f": {format_date(appeal.deadline, lang.lang)}"]
