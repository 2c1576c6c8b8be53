"""Printer: live status, test page, paper roll, recent receipts with reprint and preview."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import N_
from ui.context import UiContext
from ui.maintenance.panel import FactGrid, Panel, action_button, fmt_when
from ui.maintenance.services import MaintenanceServices
from ui.widgets import clear_layout, on_click

if TYPE_CHECKING:
    from kiosk.maintenance import RecentRecord
    from printers.document import Document
    from printers.printer import JobResult
    from printers.status import PrinterState

logger = logging.getLogger(__name__)

RECENT = 8
KIND_NAMES = {"ticket": N_("Queue ticket"), "appeal": N_("Appeal"), "booking": N_("Booking")}


class PrinterPanel(Panel):
    """Everything about the receipt printer."""

    name = N_("Printer")
    icon_name = "print"
    live = True
    #: "Set up the printer" was touched (the maintenance screen opens the setup steps).
    setup_requested = Signal()

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.state: PrinterState | None = None
        self.facts = FactGrid()
        self.body.addWidget(self.facts)
        self.test_button = action_button(object_name="primaryButton")
        self.roll_button = action_button()
        self.setup_button = action_button()
        on_click(self.test_button, self.print_test_page)
        on_click(self.roll_button, self.roll_replaced)
        on_click(self.setup_button, self.setup_requested.emit)
        self.button_row(self.test_button, self.roll_button, self.setup_button, per_row=2)
        self.recent_title = QLabel()
        self.recent_title.setObjectName("sectionTitle")
        self.body.addWidget(self.recent_title)
        row = QVBoxLayout() if ctx.portrait else QHBoxLayout()  # preview under the list
        row.setSpacing(24)
        holder = QWidget()
        self.recent = QGridLayout(holder)
        self.recent.setContentsMargins(0, 0, 0, 0)
        self.recent.setHorizontalSpacing(16)
        self.recent.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        row.addWidget(scroll, 1)
        self.preview = QLabel()
        self.preview.setObjectName("receiptPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        preview_scroll = QScrollArea()
        if ctx.portrait:
            preview_scroll.setFixedHeight(560)
        else:
            preview_scroll.setFixedWidth(470)  # a 58/80 mm receipt at one dot per pixel
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setWidget(self.preview)
        preview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        row.addWidget(preview_scroll)
        self.body.addLayout(row, 1)
        self.records: list[RecentRecord] = []
        self.reprint_buttons: dict[str, QPushButton] = {}
        self.preview_buttons: dict[str, QPushButton] = {}
        self.finish_layout(stretch=False)

    # -- refresh -----------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.test_button.setText(self.t("Print a test page"))
        self.roll_button.setText(self.t("New paper roll fitted"))
        self.setup_button.setText(self.t("Set up the printer"))
        self.recent_title.setText(self.t("Recent receipts"))
        self._show_facts()
        self._show_recent()

    def refresh(self) -> None:
        """Ask the printer for its state (on the worker) and re-read the recent receipts."""
        from kiosk.maintenance import recent_records

        self.records = recent_records(self.ctx.db, RECENT)
        self._show_recent()
        if not any(task.running for task in self.tasks):
            self.run(self.ctx.printing.status, self._got_state, None)

    def _got_state(self, state: object) -> None:
        from printers.status import PrinterState

        if isinstance(state, PrinterState):
            self.state = state
        self._show_facts()

    def _show_facts(self) -> None:
        config = self.ctx.config.printer
        rows = [(self.t("Printer"), f"{config.profile} · {config.url}"),
                (self.t("Status"), self._state_words())]
        warn = []
        if self.state is not None and not self.state.can_print:
            warn.append(self.t("Status"))
        paper = self.ctx.printing.paper
        if paper is not None:
            usage = paper.usage()
            text = self.t("{used} m of {roll} m used ({percent} %)").format(
                used=f"{usage.used_mm / 1000:.1f}", roll=f"{usage.roll_mm / 1000:.0f}",
                percent=round(usage.fraction * 100))
            if usage.replace_soon:
                text += " — " + self.t("replace the roll soon")
                warn.append(self.t("Paper roll"))
            rows.append((self.t("Paper roll"), text))
            rows.append((self.t("Roll fitted"), fmt_when(usage.replaced_at, self.ctx,
                                                         self.t("not recorded"))))
        self.facts.set_rows(rows, warn)

    def _state_words(self) -> str:
        """The printer's state; when the line failed, why (as ``kiosk printer status`` says)."""
        if self.state is None:
            return "…"
        problem = self.ctx.printing.last_problem
        return self.t(problem if problem is not None and not self.state.can_print
                      else self.state.message)

    def _show_recent(self) -> None:
        clear_layout(self.recent)
        self.reprint_buttons.clear()
        self.preview_buttons.clear()
        if not self.records:
            self.recent.addWidget(QLabel(self.t("Nothing printed yet.")), 0, 0)
            return
        for row, record in enumerate(self.records):
            if record.print_error:
                state = self.t("Not printed: {reason}").format(
                    reason=self._reason(record.print_error))
            elif record.printed_at:
                state = self.t("Printed")
            else:
                state = self.t("Not printed yet")
            cell = QWidget()
            lines = QVBoxLayout(cell)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(2)
            label = QLabel(f"{self.t(KIND_NAMES.get(record.kind, record.kind))} {record.label}"
                           f" · {fmt_when(record.created_at, self.ctx, '')}")
            label.setObjectName("factValue")
            label.setWordWrap(True)
            status = QLabel(state)
            status.setObjectName("factWarn" if record.needs_reprint else "factName")
            status.setWordWrap(True)
            lines.addWidget(label)
            lines.addWidget(status)
            reprint = action_button(self.t("Reprint"))
            preview = action_button(self.t("Preview"))
            on_click(reprint, partial(self.reprint, record))
            on_click(preview, partial(self.show_preview, record))
            self.reprint_buttons[record.uuid] = reprint
            self.preview_buttons[record.uuid] = preview
            self.recent.addWidget(cell, row, 0)
            self.recent.addWidget(reprint, row, 1)
            self.recent.addWidget(preview, row, 2)
        self.recent.setColumnStretch(0, 1)

    def _reason(self, print_error: str) -> str:
        """A stored print error ("paper_out: …") in the technician's language."""
        from printers.status import PrinterState

        state, _, detail = print_error.partition(":")
        try:
            words = self.t(PrinterState(state.strip()).message)
        except ValueError:
            return print_error
        return f"{words} ({detail.strip()})" if detail.strip() else words

    # -- actions -----------------------------------------------------------------------
    def print_test_page(self) -> None:
        """Print the test page with every Kazakh letter."""
        from printers.profiles import load_profile
        from printers.receipts import printer_test_page

        document = printer_test_page(load_profile(self.ctx.config.printer.profile),
                                     self.ctx.receipt_context(), self.ctx.clock())
        self.run(partial(self.ctx.printing.print_document, document),
                 partial(self._printed, "printer.test_page", {}), self.t("Printing…"))

    def _copy_of(self, record: RecentRecord) -> Document | None:
        """The receipt rebuilt from its row, marked as a copy (None, said why, if it cannot be)."""
        from printers.receipts.reprint import reprint_document

        try:
            return reprint_document(self.ctx.db, record.kind, record.uuid,
                                    self.ctx.receipt_context())
        except LookupError as exc:  # the record, its department or appeal type is gone
            self.say(self.t("Cannot rebuild this receipt: {reason}").format(reason=exc), ok=False)
            return None

    def reprint(self, record: RecentRecord) -> None:
        """Print a copy of a recent receipt (marked as a copy) and record the outcome."""
        from ui.printing import PrintRequest

        document = self._copy_of(record)
        if document is None:
            return
        request = PrintRequest(record.kind, record.uuid, document)
        self.run(partial(self.ctx.printing.print_now, request),
                 partial(self._printed, "printer.reprint",
                         {"kind": record.kind, "uuid": record.uuid, "label": record.label}),
                 self.t("Printing…"))

    def _printed(self, action: str, details: dict[str, object], result: JobResult) -> None:
        from ui.printing import plain_problem

        self.audit(action, printed=result.printed, state=result.state.value, **details)
        self.state = result.state
        if result.printed:
            self.say(self.t("Printed."))
        else:
            self.say(self.t("Not printed: {reason}").format(reason=self.t(plain_problem(result))),
                     ok=False)
        self.refresh()

    def roll_replaced(self) -> None:
        """The technician fitted a new roll: the paper count starts again."""
        paper = self.ctx.printing.paper
        if paper is None:
            return
        before = paper.usage()
        paper.replaced(self.ctx.clock())
        self.audit("printer.roll_replaced", used_mm=round(before.used_mm))
        self.say(self.t("Paper count reset for the new roll."))
        self._show_facts()

    def show_preview(self, record: RecentRecord) -> None:
        """Draw the receipt as the printer prints it (on the worker) and show it."""
        from printers.emulator.preview import preview_png
        from printers.profiles import load_profile
        from printers.render import render_document

        document = self._copy_of(record)
        if document is None:
            return
        profile = load_profile(self.ctx.config.printer.profile)
        path = self.ctx.config.paths.state_dir / "cache" / "previews" / f"{record.uuid}.png"
        self.run(partial(preview_png, render_document(document, profile), profile, path),
                 self._show_picture, self.t("Drawing the preview…"))

    def _show_picture(self, path: Path) -> None:
        self.preview.setPixmap(QPixmap(str(path)))
        self.say("")
