"""The maintenance screen: a column of pages on the left, the page on the right, and Exit.

It leaves by itself after ``maintenance.idle_seconds`` without a touch, so a technician who
walks away never leaves the kiosk open.
"""

from __future__ import annotations

import logging
import math
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from kiosk.i18n import N_
from ui.context import UiContext
from ui.maintenance.content_panel import ContentPanel
from ui.maintenance.desks_panel import DesksPanel
from ui.maintenance.panel import Panel, action_button
from ui.maintenance.printer_panel import PrinterPanel
from ui.maintenance.printer_setup import PrinterSetupPanel
from ui.maintenance.sound_panel import SoundPanel
from ui.maintenance.stats_panel import StatsPanel
from ui.maintenance.sync_panel import SyncPanel
from ui.maintenance.system_panel import SystemPanel
from ui.screens.base import Screen, ScreenId
from ui.widgets import icon, on_click

logger = logging.getLogger(__name__)

#: Portrait puts three pages to a row, the exit button under the first column: the queue
#: page (desks, call sound) sits in that column, already the widest, so the row of Sync and
#: Statistics does not push the screen past 1080 px.
PANELS: tuple[type[Panel], ...] = (PrinterPanel, SyncPanel, ContentPanel, DesksPanel,
                                   StatsPanel, SystemPanel)
LIVE_REFRESH_MS = 3000
_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin}


class MaintenanceScreen(Screen):
    """The technician's pages; entered only through the PIN pad."""

    screen_id = ScreenId.MAINTENANCE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(0)
        self.services = ctx.maintenance
        self.panels = [cls(ctx, self.services) for cls in PANELS]
        self.nav_buttons: list[QPushButton] = []
        self.pages = QStackedWidget()
        portrait = ctx.portrait
        nav = QFrame()
        # Landscape: a column of pages on the left; portrait: two rows of them on top.
        nav.setObjectName("maintNavTop" if portrait else "maintNav")
        column = QGridLayout(nav)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(16)
        per_row = 3 if portrait else 1
        self.heading = QLabel()
        self.heading.setObjectName("maintHeading")
        self.heading.setWordWrap(True)
        self.heading.setVisible(not portrait)
        column.addWidget(self.heading, 0, 0)
        for index, panel in enumerate(self.panels):
            button = action_button(object_name="maintNavButton")
            button.setCheckable(True)
            if panel.icon_name:
                button.setIcon(icon(panel.icon_name))
                button.setIconSize(QSize(40, 40))
            on_click(button, partial(self.show_panel, index))
            self.nav_buttons.append(button)
            column.addWidget(button, 1 + index // per_row, index % per_row)
            self.pages.addWidget(panel)
        self.printer_setup = self._add_printer_setup()
        self.call_sound = self._add_call_sound()
        self.exit_button = action_button(object_name="maintExit")
        on_click(self.exit_button, partial(self.leave, "button"))
        if portrait:
            column.addWidget(self.exit_button, 1 + len(self.panels) // per_row,
                             len(self.panels) % per_row)
        else:
            column.setRowStretch(1 + len(self.panels), 1)
            column.addWidget(self.exit_button, 2 + len(self.panels), 0)
        row = QVBoxLayout() if portrait else QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(nav)
        row.addWidget(self.pages, 1)
        self.body.addLayout(row)
        self._make_timers()
        self.active = False

    def _make_timers(self) -> None:
        self._live = QTimer(self)
        self._live.setInterval(LIVE_REFRESH_MS)
        self._live.timeout.connect(self._refresh_live)
        #: Wakes the screen to look at the kiosk's clock (``ctx.clock``), which alone decides
        #: whether ``idle_seconds`` have passed since the last touch.
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.check_idle)
        self._touched_at = self.ctx.clock()

    def _add_printer_setup(self) -> PrinterSetupPanel:
        """The setup steps belong to the printer page: opened from it, its button stays lit."""
        setup = PrinterSetupPanel(self.ctx, self.services)
        self.pages.addWidget(setup)
        index = next(i for i, p in enumerate(self.panels) if isinstance(p, PrinterPanel))
        printer = self.panels[index]
        if isinstance(printer, PrinterPanel):
            printer.setup_requested.connect(partial(self.show_page, setup))
        setup.back_requested.connect(partial(self.show_panel, index))
        return setup

    def _add_call_sound(self) -> SoundPanel:
        """The call sound opens from the desks page (the hall hears the desks' calls)."""
        sound = SoundPanel(self.ctx, self.services)
        self.pages.addWidget(sound)
        index = next(i for i, p in enumerate(self.panels) if isinstance(p, DesksPanel))
        desks = self.panels[index]
        if isinstance(desks, DesksPanel):
            desks.sound_requested.connect(partial(self.show_page, sound))
        sound.back_requested.connect(partial(self.show_panel, index))
        return sound

    @property
    def panel(self) -> Panel:
        """The page on show."""
        page = self.pages.currentWidget()
        if not isinstance(page, Panel):
            raise TypeError("the maintenance stack holds only panels")
        return page

    def enter(self, payload: object = None) -> None:
        """Maintenance starts: the printer page first, the idle clock running."""
        super().enter(payload)
        self.active = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._poke()
        self.show_panel(0)
        self._live.start()

    def show_panel(self, index: int) -> None:
        """Show page ``index``."""
        for position, button in enumerate(self.nav_buttons):
            button.setChecked(position == index)
        self.pages.setCurrentIndex(index)
        self.panel.enter()

    def show_page(self, page: Panel) -> None:
        """Show a page that opens from another one (the nav column stays as it is)."""
        self.pages.setCurrentWidget(page)
        page.enter()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.heading.setText(self.t(N_("Maintenance")) + "\n" + self.ctx.config.kiosk.id)
        for button, panel in zip(self.nav_buttons, self.panels, strict=True):
            button.setText(self.t(panel.name))
        self.exit_button.setText(self.t("Exit maintenance"))
        if self.active:
            self.panel.retranslate()

    def _refresh_live(self) -> None:
        if self.panel.live and self.isVisible():
            self.panel.refresh()

    def _poke(self) -> None:
        self._touched_at = self.ctx.clock()
        self.idle_timer.start(self.ctx.config.maintenance.idle_seconds * 1000)

    def check_idle(self) -> None:
        """Leave when ``idle_seconds`` have passed on the kiosk's clock since the last touch;
        else wake again when they will have (a clock set back counts from now)."""
        if not self.active:
            return
        seconds = self.ctx.config.maintenance.idle_seconds
        elapsed = (self.ctx.clock() - self._touched_at).total_seconds()
        if elapsed < 0:
            self._poke()
        elif elapsed >= seconds:
            self.leave("idle")
        else:
            self.idle_timer.start(max(1, math.ceil((seconds - elapsed) * 1000)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch or key while in maintenance keeps it open."""
        if self.active and event.type() in _INPUT:
            self._poke()
        return False

    def leave(self, reason: str) -> None:
        """Back to the visitors' home screen."""
        if not self.active:
            return
        self.stop()
        self.panel.audit("maintenance.exit", reason=reason)
        logger.info("maintenance mode left (%s)", reason)
        self.go.emit(ScreenId.HOME, None)

    def stop(self) -> None:
        """Stop the timers and stop watching input."""
        self.active = False
        self._live.stop()
        self.idle_timer.stop()
        self.printer_setup.abandon()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def wipe(self) -> None:
        """Maintenance keeps no visitor data; leaving it stops its clocks."""
        if self.active:
            self.stop()

