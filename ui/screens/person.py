"""The visitor's name, IIN, phone (and address or topic): live validation, IIN masked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.errors import ValidationError
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
from ui.widgets import Field, title_label

TOPIC_MAX = 150
ADDRESS_MAX = 200
#: Fields of free text: emoji typed there are dropped, and the screen says so.
FREE_TEXT = ("topic", "address")


class PersonScreen(Screen):
    """Fields for one person; ``extra`` is "address" (appeals, optional) or "topic" (bookings)."""

    uses_keyboard = True
    extra = "address"
    next_screen = ScreenId.APPEAL_REVIEW

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = title_label()
        self.fields = {"full_name": Field(), "iin": Field(numeric=True),
                       "phone": Field(numeric=True), self.extra: Field()}
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(8)
        columns = 1 if ctx.portrait else 2
        for index, (name, field) in enumerate(self.fields.items()):
            grid.addWidget(field, index // columns, index % columns)
            field.edit.installEventFilter(self)
            field.edited.connect(lambda _text, name=name: self.validate(name, live=True))
        holder = QWidget()
        holder.setLayout(grid)
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk")
        self.keyboard.done.connect(self._next_field)
        self.notice = emoji_notice()
        fields = QVBoxLayout()  # the notice right under the fields: A+ leaves no room to spare
        fields.setSpacing(0)
        fields.addWidget(holder)
        fields.addWidget(self.notice)
        self.body.addLayout(fields)
        self.body.addStretch(1)
        self.body.addWidget(self.keyboard)
        self.focus("full_name")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tap on a field makes the keyboard type there (keypad for digits)."""
        if event.type() == QEvent.Type.MouseButtonPress:
            for name, field in self.fields.items():
                if field.edit is watched:
                    self.focus(name)
        return False

    def focus(self, name: str) -> None:
        """Type into field ``name`` from now on."""
        field = self.fields[name]
        if name == "iin" and self.ctx.form.get("iin") and "*" in field.text:
            field.edit.clear()  # re-entering a masked IIN starts afresh
        self.keyboard.attach(field.edit, numeric=field.numeric)
        self.current = name

    def _next_field(self) -> None:
        names = list(self.fields)
        self.validate(self.current, live=False)
        index = names.index(self.current)
        if index + 1 < len(names):
            self.focus(names[index + 1])

    def enter(self, payload: object = None) -> None:
        """Restore what was typed (coming back from review), in the visitor's layout."""
        self.keyboard.set_layout({"kk": "kk", "ru": "ru"}.get(self.ctx.language.lang.value,
                                                                  "en"))
        self.focus("full_name")
        super().enter(payload)

    def retranslate(self) -> None:
        """Labels and any shown rule messages in the current language."""
        self.title.setText(self.t("About you"))
        labels = {"full_name": self.t("Full name"), "iin": self.t("IIN (12 digits)"),
                  "phone": self.t("Mobile phone"),
                  "address": self.t("Address (if you wish)"),
                  "topic": self.t("What do you want to discuss?")}
        for name, field in self.fields.items():
            field.label.setText(labels[name])
            if field.message.isVisible():
                self.validate(name, live=False)
        self._emoji_notice()

    def primary_action(self) -> str:
        """Go on."""
        return self.t("Next")

    def on_primary(self) -> None:
        """Go on."""
        self.submit()

    def validate(self, name: str, *, live: bool) -> bool:
        """Check one field; show the broken rule (live: only once it is long enough)."""
        field = self.fields[name]
        raw = field.text
        if name == "iin" and "*" in raw:
            return bool(self.ctx.form.get("iin"))
        if name in FREE_TEXT:
            self._emoji_notice()
        try:
            value, emoji_removed = self._check(name, raw)
        except ValidationError as exc:
            quiet = live and (not raw or (name == "iin" and exc.rule == "length") or
                              (name == "phone" and exc.rule == "length"))
            field.show_error("" if quiet else self.ctx.language.t(exc.message))
            self.ctx.form.pop(name, None)
            return False
        field.show_error("")
        self.ctx.form[name] = value
        if name in FREE_TEXT:
            self.ctx.form[f"{name}:emoji"] = emoji_removed
        if name == "iin" and not live:
            field.edit.setText(mask_iin(value))
        return True

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
        """Say why emoji will vanish while any free-text field holds some."""
        show_emoji_notice(self, self.notice, any(
            remove_emoji(self.fields[name].text).emoji_removed
            for name in FREE_TEXT if name in self.fields))

    def submit(self) -> None:
        """Go on when every field keeps its rules."""
        results = [self.validate(name, live=False) for name in self.fields]
        if all(results):
            if "iin" in self.fields:
                self.fields["iin"].edit.setText(mask_iin(str(self.ctx.form["iin"])))
            self.go.emit(self.next_screen, None)

    def wipe(self) -> None:
        """Forget every value."""
        for field in self.fields.values():
            field.clear()
        self.notice.hide()
        self.focus("full_name")


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

    def submit(self) -> None:
        """Validate, book the slot (committed first), then print the confirmation."""
        results = [self.validate(name, live=False) for name in self.fields]
        if all(results):
            from ui.screens.booking import book_from_form

            book_from_form(self)
