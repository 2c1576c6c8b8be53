"""Rate the service: five faces, reason chips, an optional comment — anonymous, no printing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from kiosk.catalogue import Tone
from kiosk.errors import ValidationError
from kiosk.i18n import N_
from kiosk.ratings import submit_rating
from kiosk.validators import remove_emoji
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.screens.base import Screen, ScreenId
from ui.screens.home import fit_words
from ui.screens.notice import emoji_notice, show_emoji_notice
from ui.screens.result import Outcome
from ui.widgets import ChoiceButton, Field, body_label, icon, on_click, title_label

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

#: A face button's border and margin on both sides, with a little air (px).
FACE_INSET = 24
FACE_WORDS = [N_("Very bad"), N_("Bad"), N_("So-so"), N_("Good"), N_("Very good")]


class RatingScreen(Screen):
    """One tap is enough; reasons and a comment are optional."""

    screen_id = ScreenId.RATING
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.score = 0
        self.title = title_label()
        faces = QHBoxLayout()
        faces.setSpacing(16 if ctx.portrait else 24)
        self.faces: list[QToolButton] = []
        for value in range(1, 6):
            button = QToolButton()
            button.setObjectName("faceButton")
            button.setCheckable(True)
            button.setIcon(icon(f"face{value}"))
            button.setIconSize(QSize(88, 88))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumSize(180, 170)
            on_click(button, partial(self._choose, value))
            self.faces.append(button)
            faces.addWidget(button)
        self.chips_holder = QWidget()
        self.chips = QGridLayout(self.chips_holder)
        self.chips.setSpacing(16)
        self.chip_buttons: dict[str, ChoiceButton] = {}
        for reason in ctx.catalogue.rating_reasons.values():
            chip = ChoiceButton()
            chip.setObjectName("chip")
            chip.setCheckable(True)
            self.chip_buttons[reason.id] = chip
        self.comment = Field()
        self.comment.edit.installEventFilter(self)
        self.comment.edited.connect(lambda _text: self._emoji_notice())
        self.notice = emoji_notice()
        self.error = body_label(object_name="fieldError")
        self.error.hide()  # shown with a broken rule, in place of the emoji notice
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk")
        self.keyboard.attach(self.comment.edit)
        self.keyboard.done.connect(lambda: self._typing(False))
        self.faces_holder = QWidget()
        self.faces_holder.setLayout(faces)
        for widget in (self.title, self.faces_holder, self.chips_holder, self.comment,
                       self.notice, self.error, self.keyboard):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.keyboard.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Touching the comment field brings up the keyboard."""

        if event.type() == QEvent.Type.MouseButtonPress:
            self._typing(True)
        return False

    def _typing(self, on: bool) -> None:
        self.keyboard.setVisible(on)
        self.faces_holder.setVisible(not on)
        self.chips_holder.setVisible(not on)

    def retranslate(self) -> None:
        """Words under the faces, chips and labels in the current language."""
        self.title.setText(self.t("How were you served today?"))
        self._fit_faces()
        while self.chips.count():
            self.chips.takeAt(0)
        shown = 0
        columns = 2 if self.ctx.portrait else 3  # a reason's longest word fits its chip
        for reason_id, chip in self.chip_buttons.items():
            reason = self.ctx.catalogue.rating_reasons[reason_id]
            chip.setText(self.ctx.language.text(reason.text))
            visible = self.score > 0 and (reason.tone is Tone.POSITIVE) == (self.score >= 4)
            chip.setVisible(visible)
            if visible:
                self.chips.addWidget(chip, shown // columns, shown % columns)
                shown += 1
        self.comment.label.setText(self.t("Comment (if you wish, no names please)"))
        self._emoji_notice()

    def _fit_faces(self) -> None:
        """The words under the faces, on two lines where one does not fit (portrait, large
        text)."""
        for value, button in enumerate(self.faces, start=1):
            fit_words(button, self.ctx.language.t(FACE_WORDS[value - 1]), FACE_INSET)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The faces' width changed: their words re-flow."""
        super().resizeEvent(event)
        self._fit_faces()

    def changeEvent(self, event: QEvent) -> None:
        """Large text or another theme: the words re-flow."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_faces()

    def _emoji_notice(self) -> None:
        """Say why emoji will vanish from the comment while it holds some."""
        show_emoji_notice(self, self.notice, not self.error.text() and
                          remove_emoji(self.comment.text).emoji_removed)

    def _show_error(self, text: str) -> None:
        """Show a broken rule (the screen has no room for it and the emoji notice at once)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self._emoji_notice()

    def primary_action(self) -> str:
        """Send the rating."""
        return self.t("Send")

    def primary_enabled(self) -> bool:
        """Only once a face is chosen."""
        return self.score > 0

    def on_primary(self) -> None:
        """Send the rating."""
        self.submit()

    def _choose(self, value: int) -> None:
        self.score = value
        for index, button in enumerate(self.faces, start=1):
            button.setChecked(index == value)
        self.retranslate()
        self.actions_changed.emit()

    def submit(self) -> None:
        """Store the rating (anonymous) and thank the visitor."""
        reasons = [rid for rid, chip in self.chip_buttons.items()
                   if chip.isChecked() and chip.isVisible()]
        try:
            submit_rating(self.ctx.db, self.ctx.catalogue, score=self.score, reasons=reasons,
                          comment=self.comment.text, department=None,
                          language=self.ctx.language.lang, now=self.ctx.clock(),
                          comment_max=self.ctx.config.limits.comment_max)
        except ValidationError as exc:
            self._show_error("⚠ " + self.ctx.language.t(exc.message))
            return
        self.go.emit(ScreenId.RESULT, Outcome(
            headline="♥", describe=lambda lang: [lang.t("Thank you! Your rating helps the "
                                                        "akimat serve you better.")]))

    def wipe(self) -> None:
        """Forget the score, reasons and comment."""
        self.score = 0
        for button in (*self.faces, *self.chip_buttons.values()):
            button.setChecked(False)
        self.comment.clear()
        self._show_error("")
        self._typing(False)
