"""Printer setup, opened from the printer page: the steps of ``kiosk printer setup`` by touch.

1. Print the numbered calibration page (after asking the printer about itself).
2. Tap the numbers whose line printed right; Save writes the wizard's profile and prints two
   check lines with it.
3. Do the check lines read right? Yes keeps the profile (audited); No puts the old one back.

The steps themselves live in :mod:`printers.setup` (Qt-free, shared with the CLI); this page
only runs them on the maintenance worker and shows what they found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_, Message
from ui.context import UiContext
from ui.maintenance.panel import Panel, action_button
from ui.maintenance.services import MaintenanceServices
from ui.maintenance.setup_widgets import TARGET, FlowGrid, NumberToggle
from ui.widgets import on_click

if TYPE_CHECKING:
    from printers.printer import JobResult, Printer
    from printers.setup import Candidate, Probe
    from printers.setup_steps import SavedProfile
    from ui.printing import PrintService

logger = logging.getLogger(__name__)

T = TypeVar("T")
#: What a candidate's line shows when it prints right.

def with_printer(printing: PrintService, work: Callable[[Printer], T]) -> T:
    """Run ``work`` with the kiosk's printer open, under the print service's lock (blocking).

    The lock keeps any other job off the line while the wizard talks to the printer.
    """
    return printing.use_printer(work)


class PrinterSetupPanel(Panel):
    """The printer setup wizard, one step at a time."""

    name = N_("Printer setup")
    icon_name = "print"
    #: The technician asks to go back to the printer page.
    back_requested = Signal()

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        from printers.setup import candidates

        super().__init__(ctx, services)
        self.found: Probe | None = None
        self.saved: SavedProfile | None = None
        self.check: JobResult | None = None
        self.numbers = ""
        self.active = False
        self.steps = QStackedWidget()
        self.body.addWidget(self.steps, 1)
        self.back_buttons: list[QPushButton] = []
        self.toggles: dict[int, NumberToggle] = {}
        self._build_print_step()
        self._build_choose_step(candidates())
        self._build_check_step()
        self._build_done_step()
        self.finish_layout(stretch=False)

    # -- building ----------------------------------------------------------------------
    def _build_print_step(self) -> None:
        """1. The calibration page."""
        self.print_step, body = self._step()
        self.print_title = self._section(body)
        self.print_text = self._text(body)
        self.print_button = self._button("primaryButton", self.print_calibration)
        self._actions(body, self.print_button)
        body.addStretch(1)

    def _build_choose_step(self, numbered: list[Candidate]) -> None:
        """2. The numbers that printed right."""
        self.choose_step, body = self._step()
        self.choose_title = self._section(body)
        self.probe_text = self._text(body)
        for candidate in numbered:
            self.toggles[candidate.number] = NumberToggle(candidate)
        self.toggle_grid = FlowGrid(list(self.toggles.values()), 4)
        body.addWidget(self.toggle_grid)
        self.save_button = self._button("primaryButton", self.save)
        self.again_button = self._button("secondaryButton", self.print_calibration)
        self._actions(body, self.save_button, self.again_button)
        body.addStretch(1)

    def _build_check_step(self) -> None:
        """3. The check lines: right or not?"""
        self.check_step, body = self._step()
        self.check_title = self._section(body)
        self.check_text = self._text(body)
        self.sample_title = self._text(body)
        self.sample = QLabel()
        self.sample.setObjectName("setupSample")
        body.addWidget(self.sample)
        self.check_warning = self._text(body, "factWarn")
        self.question = self._text(body, "setupQuestion")
        self.yes_button = self._button("primaryButton", self.confirm)
        self.no_button = self._button("secondaryButton", self.reject)
        self._actions(body, self.yes_button, self.no_button, back=False)
        body.addStretch(1)

    def _build_done_step(self) -> None:
        """Done: what the profile does, and the restart that puts it to use."""
        self.done_step, body = self._step()
        self.done_title = self._section(body)
        self.done_text = self._text(body)
        self.restart_button = self._button("primaryButton", self.restart)
        self._actions(body, self.restart_button)
        body.addStretch(1)
    def _step(self) -> tuple[QScrollArea, QVBoxLayout]:
        """A step's page: it scrolls rather than clips when large text makes it taller."""
        page = QWidget()
        page.setObjectName("setupStep")
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.steps.addWidget(scroll)
        return scroll, body

    def _section(self, body: QVBoxLayout) -> QLabel:
        label = QLabel()
        label.setObjectName("sectionTitle")
        label.setWordWrap(True)
        body.addWidget(label)
        return label

    def _text(self, body: QVBoxLayout, name: str = "setupText") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        body.addWidget(label)
        return label

    def _button(self, name: str, action: Callable[[], None]) -> QPushButton:
        button = action_button(object_name=name)
        button.setMinimumHeight(TARGET)
        if name == "primaryButton":  # the step's main action is its biggest button
            button.setMinimumWidth(320)
        on_click(button, action)
        return button

    def _actions(self, body: QVBoxLayout, *buttons: QPushButton, back: bool = True) -> None:
        """The step's buttons in a row (more rows if they do not fit), Back last."""
        row = list(buttons)
        if back:
            back_button = self._button("secondaryButton", self.back_requested.emit)
            self.back_buttons.append(back_button)
            row.append(back_button)
        body.addSpacing(8)
        body.addWidget(FlowGrid(row, len(row), fill=False))

    # -- lifecycle ---------------------------------------------------------------------
    def enter(self) -> None:
        """Shown from the printer page: carry on where the technician left off (a finished
        setup starts afresh)."""
        self.active = True
        if self.steps.currentWidget() is self.done_step:
            self._reset()
        super().enter()

    def retranslate(self) -> None:
        """Texts in the current language."""
        from printers.setup import KAZAKH_LINE, RUSSIAN_LINE

        super().retranslate()
        self.print_title.setText(self.t("Step 1 of 3: print the calibration page"))
        self.print_text.setText(self.t(
            "The printer prints a numbered page: each line is one way of printing Kazakh, "
            "Russian or a QR code. Check that paper is loaded; the page is about 25 cm long."))
        self.print_button.setText(self.t("Print the calibration page"))
        self.choose_title.setText(self.t(
            "Step 2 of 3: tap the numbers whose line reads exactly right"))
        from printers.setup_steps import KIND_WORDS

        for toggle in self.toggles.values():
            toggle.set_kind(self.t(KIND_WORDS[toggle.candidate.kind]))
        self.save_button.setText(self.t("Save"))
        self.again_button.setText(self.t("Print the page again"))
        self.check_title.setText(self.t("Step 3 of 3: check the two lines"))
        self.check_text.setText(self.t(
            N_("Two check lines (Kazakh, Russian) were printed with the new profile.")))
        self.sample_title.setText(self.t("They should read:"))
        self.sample.setText(f"{KAZAKH_LINE}\n{RUSSIAN_LINE}")
        self.question.setText(self.t("Do the two check lines read exactly right?"))
        self.yes_button.setText(self.t("Yes, keep this profile"))
        self.no_button.setText(self.t("No, put the previous one back"))
        self.done_title.setText(self.t("The printer is set up"))
        self.restart_button.setText(self.t("Restart the app"))
        for button in self.back_buttons:
            button.setText(self.t("Back to the printer page"))
        self._show_findings()

    def _show_findings(self) -> None:
        """What the printer said, the check's outcome and the saved profile, in words."""
        from printers.setup_steps import describe_probe, describe_saved

        if self.found is not None:
            self.probe_text.setText("\n".join(self.t(m) for m in describe_probe(self.found)))
        if self.check is not None and not self.check.printed:
            self.check_warning.setText(self.t(N_(
                "The check line with the new profile was not confirmed: {state}",
                state=self.check.state.message)))
        else:
            self.check_warning.setText("")
        self.check_warning.setVisible(bool(self.check_warning.text()))
        if self.saved is not None:
            self.done_text.setText("\n".join(
                self.t(m) for m in describe_saved(self.saved, self.ctx.config.printer.profile)))

    def _go(self, step: QWidget) -> None:
        self.steps.setCurrentWidget(step)

    @property
    def busy(self) -> bool:
        """A step is running on the worker."""
        return bool(self.tasks)

    def abandon(self) -> None:
        """Maintenance is left: an unanswered check means No; the next visit starts afresh."""
        self.active = False
        if self.saved is not None and self.steps.currentWidget() is self.check_step:
            self._restore()
        self._reset()

    def _reset(self) -> None:
        self.found = self.saved = self.check = None
        for toggle in self.toggles.values():
            toggle.setChecked(False)
        self._go(self.print_step)
        self.say("")

    # -- step 1 ------------------------------------------------------------------------
    def print_calibration(self) -> None:
        """Ask the printer about itself and print the calibration page (on the worker)."""
        from printers.setup_steps import print_calibration

        if self.busy:
            return
        url = self.ctx.config.server.public_url
        self._start(partial(print_calibration, public_url=url), self._printed,
                    self.t("Printing the calibration page…"))

    def _printed(self, found: Probe) -> None:
        if not self.active:  # maintenance was left meanwhile: the next visit starts afresh
            return
        self.found = found
        self._show_findings()
        self._go(self.choose_step)
        self.say(self.t("The calibration page is printing. Each numbered line is one way of "
                        "printing; mark the numbers whose line reads exactly right."))

    # -- step 2 ------------------------------------------------------------------------
    def chosen(self) -> list[int]:
        """The numbers tapped on."""
        return [number for number, toggle in self.toggles.items() if toggle.isChecked()]

    def save(self) -> None:
        """Write the profile from the tapped numbers and print the check lines with it."""
        from printers.setup_steps import save_and_check

        if self.busy or self.found is None:
            return
        numbers = self.chosen()
        self.numbers = ", ".join(map(str, numbers))
        self._start(partial(save_and_check, right=numbers, found=self.found,
                            path=self.ctx.config.paths.wizard_profile),
                    self._saved, self.t("Saving the profile and printing the check lines…"))

    def _saved(self, outcome: tuple[SavedProfile, JobResult]) -> None:
        self.saved, self.check = outcome
        if not self.active:  # maintenance was left meanwhile: nobody saw the lines
            self._restore()
            return
        self._show_findings()
        self._go(self.check_step)
        self.say("")

    # -- step 3 ------------------------------------------------------------------------
    def confirm(self) -> None:
        """The check lines read right: keep the profile and audit it."""
        from printers.setup_steps import audit_details

        if self.saved is None or self.found is None:
            return
        self.audit("printer.setup", **audit_details(self.numbers, self.saved.profile,
                                                    self.found))
        self._show_findings()
        self._go(self.done_step)
        self.say(self.check_warning.text(), ok=False)

    def reject(self) -> None:
        """The check lines misprinted: the previous profile back, the numbers to try again."""
        self._restore()
        self._go(self.choose_step)
        self.say(self.t("Nothing was changed: the previous profile is back. Tap only the "
                        "numbers whose line reads exactly right, then Save again."), ok=False)

    def _restore(self) -> None:
        from printers.setup_steps import restore_previous

        if self.saved is not None:
            restore_previous(self.saved)
            logger.info("printer setup: check lines rejected, %s restored", self.saved.path)
        self.saved = self.check = None

    def restart(self) -> None:
        """Restart the app so the kiosk prints with the new profile."""
        self.audit("system.restart")
        self.services.restart()

    # -- the worker --------------------------------------------------------------------
    def _start(self, work: Callable[[Printer], T], done: Callable[[T], None],
               busy: str) -> None:
        """Run ``work`` with the printer on the maintenance worker; the step's buttons wait."""
        from printers.transport import PrinterConnectionError

        self._enable(False)
        task = self.run(partial(with_printer, self.ctx.printing, work), done, busy,
                        expected=(OSError, ValueError, PrinterConnectionError))
        task.failed.connect(self._failed)
        task.finished.connect(lambda _: self._enable(True))
        task.failed.connect(lambda _: self._enable(True))

    def _enable(self, on: bool) -> None:
        for button in (self.print_button, self.again_button, self.save_button):
            button.setEnabled(on)

    def _failed(self, error: BaseException) -> None:
        """A refused choice or a printer that cannot be used, in the technician's words."""
        from printers.setup import SetupError
        from printers.transport import describe_failure

        reason: Message = error.message if isinstance(error, SetupError) \
            else describe_failure(error)
        saving = isinstance(error, SetupError) and \
            self.steps.currentWidget() is not self.print_step
        self.say(self.t(N_("Not saved: {reason}", reason=reason)) if saving
                 else self.t(reason), ok=False)
