"""Appeal to the akim: type, topic and text, the applicant, review with consent, submit."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPlainTextEdit

from kiosk.appeals import Appeal, prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.errors import ValidationError
from kiosk.i18n import format_date, format_datetime
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
from ui.widgets import ChoiceButton, Field, body_label, on_click, title_label

TOPIC_MAX = 150


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
            button.setText(f"{self.ctx.language.text(kind.name)} — "
                           f"{self.ctx.language.text(kind.description)}")

    def _choose(self, type_id: str) -> None:
        self.ctx.form["appeal_type"] = type_id
        self.go.emit(ScreenId.APPEAL_TEXT, None)


class AppealTextScreen(Screen):
    """The topic and the text, typed on the on-screen keyboard; never cut short."""

    screen_id = ScreenId.APPEAL_TEXT
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.topic = Field()
        self.text = QPlainTextEdit()
        self.text.setObjectName("appealText")
        self.text.installEventFilter(self)
        self.topic.edit.installEventFilter(self)
        self.counter = body_label(object_name="secondary")
        self.error = body_label(object_name="fieldError")
        self.error.hide()
        self.notice = emoji_notice()
        self.text.textChanged.connect(self._count)
        self.topic.edited.connect(lambda _text: self._count())
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk")
        self.text.setMinimumHeight(120)
        self.body.addWidget(self.topic)
        self.body.addWidget(self.text, 1)
        status = QHBoxLayout()  # the error, or else the emoji notice, beside the counter
        status.addWidget(self.error, 1)
        status.addWidget(self.notice, 1)
        status.addWidget(self.counter)
        self.body.addLayout(status)
        self.body.addWidget(self.keyboard)
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
        """Labels in the current language (what was typed stays)."""
        self.topic.label.setText(self.t("Topic of your appeal (a few words)"))
        self.text.setPlaceholderText(self.t("Your appeal: write what happened and what you "
                                            "ask for"))
        self._count()

    def primary_action(self) -> str:
        """Go on to the applicant."""
        return self.t("Next")

    def on_primary(self) -> None:
        """Go on to the applicant."""
        self.submit()

    def _count(self) -> None:
        """Count what will be kept (emoji go), and say so while there are emoji."""
        limit = self.ctx.config.limits.appeal_text_max
        text = remove_emoji(self.text.toPlainText())
        self.counter.setText(self.t("{count} of {limit} characters").format(
            count=len(text.text), limit=limit))
        show_emoji_notice(self, self.notice, not self.error.text() and (
            text.emoji_removed or remove_emoji(self.topic.text).emoji_removed))

    def _show_error(self, text: str) -> None:
        """Show a broken rule in place of the emoji notice (the screen has no room for both)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self._count()

    def submit(self) -> None:
        """Check topic and text; go on to the applicant's data."""
        try:
            topic = clean_free_text(self.topic.text, field="topic", max_length=TOPIC_MAX)
            text = clean_free_text(self.text.toPlainText(), field="text",
                                   max_length=self.ctx.config.limits.appeal_text_max)
        except ValidationError as exc:
            self._show_error("⚠ " + self.ctx.language.t(exc.message))
            return
        self._show_error("")
        self.ctx.form.update(topic=topic.text, text=text.text)
        self.ctx.form["topic:emoji"] = topic.emoji_removed
        self.ctx.form["text:emoji"] = text.emoji_removed
        self.go.emit(ScreenId.APPEAL_PERSON, None)

    def wipe(self) -> None:
        """Forget the topic and the text."""
        self.topic.clear()
        self.text.clear()
        self._show_error("")


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
        self.error = body_label(object_name="fieldError")
        self.consent.toggled.connect(lambda _on: self.actions_changed.emit())
        consent = QHBoxLayout()
        consent.addWidget(self.consent)
        consent.addWidget(self.consent_text, 1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.summary)
        self.notice = emoji_notice()
        self.body.addWidget(self.notice)
        self.body.addLayout(consent)
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
            self.error.setText("⚠ " + self.ctx.language.t(exc.message))
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
