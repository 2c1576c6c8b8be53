"""A new desk by touch: the department from big buttons, then the name, room and login typed on
the on-screen keyboard (the room comes from the department, the login is suggested)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalogue.model import Catalogue
from ui.context import UiContext
from ui.keyboard import OnScreenKeyboard
from ui.maintenance.panel import action_button
from ui.maintenance.setup_widgets import GAP, TARGET
from ui.widgets import ChoiceButton, Field, clear_layout, on_click

#: The fields in the order the keyboard's Done key walks them.
FIELDS = ("specialist", "room", "login")
#: The longest specialist's name a desk keeps (kiosk.queue.desks.add_desk).
SPECIALIST_MAX = 80


class NewDeskForm(QWidget):
    """Step 1: which department; step 2: who, which room, which login. Emits what was chosen."""

    #: The technician touched "Add the desk" (read :meth:`values`).
    submitted = Signal()
    #: The technician gave up (back to the list).
    cancelled = Signal()

    def __init__(self, ctx: UiContext, suggest_login: Callable[[str], str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.suggest_login = suggest_login
        self.department = ""
        self.current = "specialist"
        self.department_buttons: dict[str, ChoiceButton] = {}
        self.steps = QStackedWidget()
        scroll = QScrollArea()  # large text makes step 2 taller than the screen: it scrolls
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.steps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._build_choose()
        self._build_details()

    # -- building ----------------------------------------------------------------------
    def _build_choose(self) -> None:
        self.choose_step = QWidget()
        body = QVBoxLayout(self.choose_step)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(GAP)
        self.choose_text = _text("setupText")
        body.addWidget(self.choose_text)
        self.department_grid = QGridLayout()
        self.department_grid.setSpacing(GAP)
        body.addLayout(self.department_grid)
        self.cancel_choose = _button("secondaryButton", self.cancelled.emit)
        body.addWidget(self.cancel_choose)
        body.addStretch(1)
        self.steps.addWidget(self.choose_step)

    def _build_details(self) -> None:
        self.details_step = QWidget()
        body = QVBoxLayout(self.details_step)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        self.department_text = _text("setupText")
        body.addWidget(self.department_text)
        self.fields = {name: Field() for name in FIELDS}
        for field in self.fields.values():
            field.edit.installEventFilter(self)
            field.edit.returnPressed.connect(self._next_field)
            field.edited.connect(lambda _text, field=field: field.show_error(""))
        self.fields["room"].edit.setMaxLength(20)
        self.fields["specialist"].edit.setMaxLength(80)
        self.fields["login"].edit.setMaxLength(40)
        grid = QGridLayout()
        grid.setHorizontalSpacing(GAP)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.fields["specialist"], 0, 0, 1, 2)
        grid.addWidget(self.fields["room"], 1, 0)
        grid.addWidget(self.fields["login"], 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        self.add_button = _button("primaryButton", self.submitted.emit)
        self.other_button = _button("secondaryButton", self.back_to_departments)
        buttons = QVBoxLayout()
        buttons.setSpacing(16)
        for button in (self.add_button, self.other_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Landscape: the buttons beside the fields (the keyboard needs the height);
        # portrait: under them.
        row = QBoxLayout(QBoxLayout.Direction.TopToBottom if self.ctx.portrait
                         else QBoxLayout.Direction.LeftToRight)
        row.setSpacing(GAP)
        row.addLayout(grid, 1)
        row.addLayout(buttons)
        body.addLayout(row)
        body.addStretch(1)
        self.keyboard = OnScreenKeyboard(self.ctx.config.limits.screen_dpi, "kk")
        self.keyboard.done.connect(self._next_field)
        body.addWidget(self.keyboard)
        self.steps.addWidget(self.details_step)

    # -- steps -------------------------------------------------------------------------
    def start(self) -> None:
        """Step 1, with the catalogue's departments (it may have changed since last time)."""
        self.department = ""
        for field in self.fields.values():
            field.clear()
        clear_layout(self.department_grid)
        self.department_buttons.clear()
        catalogue = self.ctx.catalogue
        columns = 1 if self.ctx.portrait else 2
        for index, department in enumerate(catalogue.departments.values()):
            button = ChoiceButton()
            on_click(button, partial(self.choose, department.id))
            self.department_buttons[department.id] = button
            self.department_grid.addWidget(button, index // columns, index % columns)
        self.retranslate()
        self.steps.setCurrentWidget(self.choose_step)

    def choose(self, department: str) -> None:
        """Step 2 for ``department``: its room and a free login filled in, the name to type."""
        changed = department != self.department
        self.department = department
        if changed:
            self.fields["room"].edit.setText(self.ctx.catalogue.department(department).room)
            self.fields["login"].edit.setText(self.suggest_login(department))
        self.retranslate()
        self.steps.setCurrentWidget(self.details_step)
        self.focus("specialist")

    def back_to_departments(self) -> None:
        """Step 1 again (what was typed stays)."""
        self.steps.setCurrentWidget(self.choose_step)

    @property
    def on_details(self) -> bool:
        """Step 2 is on show."""
        return self.steps.currentWidget() is self.details_step

    def values(self) -> dict[str, str]:
        """What was chosen and typed: department, specialist, room, login."""
        return {"department": self.department,
                **{name: field.text.strip() for name, field in self.fields.items()}}

    def problems(self, values: Mapping[str, str]) -> dict[str, str]:
        """What is wrong with the typed values, by field, in words (empty: all good)."""
        from kiosk.errors import ValidationError
        from kiosk.queue.desks import check_login, get_desk
        from kiosk.validators import normalize_name

        t = self.ctx.language.t
        found: dict[str, str] = {}
        specialist = values["specialist"]
        if not specialist:
            found["specialist"] = t("Type the specialist's name.")
        else:
            try:
                normalize_name(specialist, "specialist")
            except ValidationError as exc:
                found["specialist"] = t(exc.message)
            if len(specialist) > SPECIALIST_MAX:
                found["specialist"] = t("A name is at most 80 characters.")
        if not values["room"]:
            found["room"] = t("Type the room, e.g. 103.")
        try:
            login = check_login(values["login"])
        except ValueError:
            found["login"] = t("A login is 2 to 40 small Latin letters, digits, dots, hyphens "
                               "or underscores, starting with a letter or digit.")
        else:
            if get_desk(self.ctx.db, login) is not None:
                found["login"] = t("The login {login} is taken: choose another one.").format(
                    login=login)
        return found

    def checked(self) -> dict[str, str] | None:
        """The values made clean, or None with each broken rule shown beside its field."""
        from kiosk.validators import normalize_name

        values = self.values()
        problems = self.problems(values)
        for name in ("login", "room", "specialist"):  # the first one keeps the keyboard
            self.show_error(name, problems.get(name, ""))
        if problems:
            return None
        return {**values, "specialist": normalize_name(values["specialist"]),
                "login": values["login"].lower()}

    def show_error(self, name: str, text: str) -> None:
        """A rule the field ``name`` breaks, in words; the keyboard goes there."""
        self.fields[name].show_error(text)
        if text:
            self.focus(name)

    # -- typing ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tap on a field makes the keyboard type there."""
        if event.type() == QEvent.Type.MouseButtonPress:
            for name, field in self.fields.items():
                if field.edit is watched:
                    self.focus(name)
        return False

    def focus(self, name: str) -> None:
        """Type into field ``name``: the login in Latin letters, a name in the UI's letters."""
        self.current = name
        edit = self.fields[name].edit
        edit.setFocus()
        self.keyboard.attach(edit)
        if name == "login":
            self.keyboard.set_layout("en")
        elif name == "specialist":
            self.keyboard.set_layout("ru" if self.ctx.language.lang.value == "ru" else "kk")

    def _next_field(self) -> None:
        index = FIELDS.index(self.current)
        if index + 1 < len(FIELDS):
            self.focus(FIELDS[index + 1])
        else:
            self.submitted.emit()

    # -- words -------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        t = self.ctx.language.t
        catalogue: Catalogue = self.ctx.catalogue
        self.choose_text.setText(t("Step 1 of 2: which department does the specialist at "
                                   "this desk serve?"))
        for department_id, button in self.department_buttons.items():
            department = catalogue.departments.get(department_id)
            if department is not None:
                button.setText(self.ctx.language.text(department.name) + "\n" + t(
                    "room {room} · tickets {prefix}-001…").format(
                        room=department.room, prefix=department.prefix))
        self.cancel_choose.setText(t("Cancel"))
        department = catalogue.departments.get(self.department)
        self.department_text.setText(t("Step 2 of 2: {department}. Type the specialist's name; "
                                       "check the room and the login.").format(
            department=self.ctx.language.text(department.name) if department else ""))
        self.fields["specialist"].label.setText(t("Specialist's name"))
        self.fields["room"].label.setText(t("Room"))
        self.fields["login"].label.setText(t("Login (Latin letters and digits)"))
        self.add_button.setText(t("Add the desk"))
        self.other_button.setText(t("Back to the departments"))


def _text(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _button(name: str, action: Callable[[], object]) -> QPushButton:
    button = action_button(object_name=name)
    button.setMinimumHeight(TARGET)
    button.setMinimumWidth(320)
    on_click(button, action)
    return button
