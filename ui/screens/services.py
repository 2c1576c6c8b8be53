"""The public services guide: categories or search, then one service and its checklist."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalogue import Service
from kiosk.catalogue.channels import where_to_apply
from kiosk.i18n import N_
from kiosk.search import search_services
from printers.receipts import service_checklist
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.printing import PrintRequest
from ui.screens.base import Screen, ScreenId
from ui.screens.result import Outcome
from ui.widgets import ChoiceButton, Field, body_label, clear_layout, on_click, title_label


def scrolling(widget: QWidget) -> QScrollArea:
    """A finger-scrollable area around ``widget``."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


class ServicesScreen(Screen):
    """Category buttons, or the services matching what was typed in the search field."""

    screen_id = ScreenId.SERVICES
    uses_keyboard = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.category: str | None = None
        self._shown: tuple[object, ...] = ()
        self.title = title_label()
        self.search = Field()
        self.search.edited.connect(lambda _text: self.refresh())
        self.list_holder = QWidget()
        self.list = QGridLayout(self.list_holder)
        self.list.setSpacing(16)
        self.list.setAlignment(Qt.AlignmentFlag.AlignTop)  # a short list stays at the top
        self.empty = body_label()
        self.results = scrolling(self.list_holder)
        self.keyboard = OnScreenKeyboard(ctx.config.limits.screen_dpi, "kk")
        self.keyboard.attach(self.search.edit)
        self.keyboard.done.connect(lambda: self.show_keyboard(False))
        self.keyboard.hide()  # shown when the search field is touched
        self.search.edit.installEventFilter(self)
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(self.title)
        column.addWidget(self.search)
        column.addWidget(self.empty)
        column.addWidget(self.results, 1)
        if ctx.portrait:  # the keyboard under the results
            self.body.addLayout(column, 1)
            self.body.addWidget(self.keyboard)
        else:  # the keyboard beside them: under them only a row and a half would show
            row = QHBoxLayout()
            row.setSpacing(24)
            row.addLayout(column, 4)
            row.addWidget(self.keyboard, 5, Qt.AlignmentFlag.AlignBottom)
            self.body.addLayout(row, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Touching the search field brings up the keyboard."""
        if event.type() == QEvent.Type.MouseButtonPress:
            self.show_keyboard(True)
        return False

    def show_keyboard(self, on: bool) -> None:
        """Show or hide the keyboard; the results re-flow into the room left."""
        if on == self.keyboard.isVisibleTo(self):
            return
        self.keyboard.setVisible(on)
        self._shown = ()  # one column beside the keyboard, two without it
        self.refresh()

    def columns(self) -> int:
        """Two columns of results, one beside the keyboard (landscape)."""
        return 1 if self.keyboard.isVisibleTo(self) and not self.ctx.portrait else 2

    def enter(self, payload: object = None) -> None:
        """Start from the categories (or keep the search when coming back)."""
        if isinstance(payload, str):
            self.category = payload
        self.keyboard.set_layout({"kk": "kk", "ru": "ru"}.get(self.ctx.language.lang.value,
                                                                  "en"))
        super().enter(payload)

    def retranslate(self) -> None:
        """Labels, and the list for the current query, in the current language."""
        self.title.setText(self.t("Public services"))
        self.search.label.setText(self.t("Search, e.g. “жер” or “пособие”"))
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list: search hits, a category's services, or the categories."""
        lang = self.ctx.language
        query = self.search.text.strip()
        key = (query, self.category, lang.lang, id(self.ctx.catalogue))
        if key == self._shown:
            return
        self._shown = key
        clear_layout(self.list)
        buttons: list[ChoiceButton] = []
        if query:
            for hit in search_services(self.ctx.catalogue, query):
                buttons.append(self._service_button(hit.service))
        elif self.category:
            for service in self.ctx.catalogue.services_in(self.category):
                buttons.append(self._service_button(service))
        else:
            for category in self.ctx.catalogue.categories.values():
                button = ChoiceButton(lang.text(category.name))
                on_click(button, partial(self._open_category, category.id))
                buttons.append(button)
        columns = self.columns()
        for index, button in enumerate(buttons):
            self.list.addWidget(button, index // columns, index % columns)
        for column in range(2):  # columns of equal width (by their texts one was squeezed
            self.list.setColumnStretch(column, 1 if column < columns else 0)  # to 219 px)
        nothing = self.t("Nothing found. Try another word.") if query and not buttons else ""
        if nothing and nothing != self.empty.text():
            self.announce.emit(nothing)
        self.empty.setText(nothing)
        self.empty.setVisible(bool(nothing))

    def _service_button(self, service: Service) -> ChoiceButton:
        button = ChoiceButton(self.ctx.language.text(service.name))
        on_click(button, lambda: self.go.emit(ScreenId.SERVICE, service.id))
        return button

    def _open_category(self, category_id: str) -> None:
        self.category = category_id
        self.refresh()

    def wipe(self) -> None:
        """Forget the search and the category."""
        self.search.clear()
        self.category = None
        self.show_keyboard(False)


class ServiceScreen(Screen):
    """One service: what it is, who may apply, documents, cost, time, where, legal basis."""

    screen_id = ScreenId.SERVICE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.service_id = ""
        self.title = title_label()
        content = QWidget()
        self.text = QVBoxLayout(content)
        self.sections = [body_label() for _ in range(7)]
        for label in self.sections:
            self.text.addWidget(label)
        self.text.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(scrolling(content), 1)

    def enter(self, payload: object = None) -> None:
        """Show the service with this id."""
        if isinstance(payload, str):
            self.service_id = payload
        super().enter(payload)

    @property
    def service(self) -> Service:
        """The service on show."""
        return self.ctx.catalogue.services[self.service_id]

    def retranslate(self) -> None:
        """Every section in the current language."""
        if not self.service_id:
            return
        s, lang = self.service, self.ctx.language
        docs = "\n".join(f"{i}. {lang.text(d)}" for i, d in enumerate(s.documents, 1)) or \
            self.t("No documents are needed.")
        where = where_to_apply(s.channels, self.ctx.language.t)
        if s.egov_url:
            where += f"\n{s.egov_url}"
        self.title.setText(lang.text(s.name))
        texts = [lang.text(s.description),
                 self.t("Who may apply") + f": {lang.text(s.who_may_apply)}",
                 self.t("Documents to bring:") + f"\n{docs}",
                 self.t("Cost") + f": {lang.text(s.cost)}",
                 self.t("Time") + f": {lang.text(s.duration)}",
                 self.ctx.language.t(N_("Where to apply: {where}", where=where)),
                 self.t("Legal basis") + f": {lang.text(s.legal_basis)}"]
        for label, text in zip(self.sections, texts, strict=True):
            label.setText(text)

    def primary_action(self) -> str:
        """Print the checklist."""
        return self.t("Print the list")

    def on_primary(self) -> None:
        """Print the checklist."""
        self.print_checklist()

    def print_checklist(self) -> None:
        """Print the documents checklist (nothing personal: no record to keep)."""
        document = service_checklist(self.service, self.ctx.receipt_context())
        self.go.emit(ScreenId.RESULT, Outcome(
            headline=self.ctx.language.text(self.service.name),
            describe=lambda lang: [lang.t("Documents to bring:")],
            request=PrintRequest("checklist", "", document), qr_data=self.service.egov_url or ""))

    def wipe(self) -> None:
        """Nothing personal to forget."""
        self.service_id = ""
