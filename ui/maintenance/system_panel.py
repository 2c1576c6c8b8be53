"""System: version, uptime, disk, database check, recent log, change PIN, restart, exit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

from kiosk.i18n import N_
from kiosk.maintenance_pin import valid_new_pin
from ui.context import UiContext
from ui.maintenance.panel import FactGrid, Panel, action_button, fmt_when
from ui.maintenance.pin_pad import NEW_PIN_RULE, NEW_PIN_TITLE
from ui.maintenance.services import MaintenanceServices
from ui.widgets import on_click

logger = logging.getLogger(__name__)

LOG_LINES = 40
#: A second touch within this time confirms restart / exit.
CONFIRM_MS = 5000


class SystemPanel(Panel):
    """The computer and the app: health, logs, and the ways out."""

    name = N_("System")
    icon_name = "system"

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.integrity: list[str] | None = None
        self.facts = FactGrid(columns=1 if ctx.portrait else 2)
        self.body.addWidget(self.facts)
        self.check_button = action_button()
        self.pin_button = action_button()
        self.restart_button = action_button()
        self.exit_button = action_button()
        on_click(self.check_button, self.check_database)
        on_click(self.pin_button, self.change_pin)
        on_click(self.restart_button, partial(self._confirm, self.restart_button, self.restart))
        on_click(self.exit_button, partial(self._confirm, self.exit_button, self.exit_app))
        self.button_row(self.check_button, self.pin_button, self.restart_button,
                        self.exit_button, per_row=2)
        self.log_title = QLabel()
        self.log_title.setObjectName("sectionTitle")
        self.body.addWidget(self.log_title)
        self.log = QPlainTextEdit()
        self.log.setObjectName("logView")
        self.log.setReadOnly(True)
        self.log.setFont(QFont("DejaVu Sans Mono", 11))
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.body.addWidget(self.log, 1)
        self._armed: QPushButton | None = None
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.timeout.connect(self._cancel_confirm)
        self._new_pin = ""
        self.finish_layout(stretch=False)

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.check_button.setText(self.t("Check the database"))
        self.pin_button.setText(self.t("Change the PIN"))
        self._cancel_confirm()
        self.log_title.setText(self.t("Recent log lines"))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the figures and the log tail."""
        from kiosk.maintenance import human_bytes, recent_log_lines, system_info

        config = self.ctx.config
        info = system_info(config, self.services.started_at, self.ctx.clock())
        hours, rest = divmod(int(info.uptime.total_seconds()), 3600)
        rows = [(self.t("Version"), info.version),
                (self.t("Kiosk"), config.kiosk.id),
                (self.t("Running since"), fmt_when(info.started_at, self.ctx, "—")),
                (self.t("Uptime"), self.t("{hours} h {minutes} min").format(
                    hours=hours, minutes=f"{rest // 60:02d}")),
                (self.t("Free disk"), f"{human_bytes(info.free_disk_bytes)} / "
                                      f"{human_bytes(info.total_disk_bytes)}"),
                (self.t("Database size"), human_bytes(info.database_bytes)),
                (self.t("Database check"), self.t("not run yet") if self.integrity is None
                 else "; ".join(self.integrity))]
        if self.services.problems:
            at, text = self.services.problems[-1]
            rows.append((self.t("Last failure a visitor met"),
                         f"{fmt_when(at, self.ctx, '—')}: {text}"))
        warn = [self.t("Database check")] if self.integrity not in (None, ["ok"]) else []
        warn += self._health_rows(rows)
        if self.services.problems:
            warn.append(self.t("Last failure a visitor met"))
        if info.free_disk_bytes < 500 * 2**20:
            warn.append(self.t("Free disk"))
        self.facts.set_rows(rows, warn)
        log_file = config.log_file
        lines = recent_log_lines(log_file, LOG_LINES)
        self.log.setPlainText("\n".join(lines) if lines else
                              self.t("No log file yet ({path}).").format(path=log_file))
        self.log.moveCursor(QTextCursor.MoveOperation.End)  # the newest lines in view

    def _health_rows(self, rows: list[tuple[str, str]]) -> list[str]:
        """Add "Service needed" (a damaged database kept aside at start) and the sync loop's
        restarts to ``rows``; returns the names to show as warnings."""
        from kiosk.storage.integrity import read_service_needed
        from sync.worker import read_sync_state

        state_dir = self.ctx.config.paths.state_dir
        warn: list[str] = []
        service = read_service_needed(state_dir)
        if service is not None:
            name = self.t("Service needed")
            rows.insert(0, (name, self.t(
                "The database was damaged at {when}. It is kept as {file}; the kiosk works on "
                "a fresh database. Run “kiosk doctor” to recover it.").format(
                    when=fmt_when(service.at, self.ctx, "—"), file=service.damaged_file)))
            warn.append(name)
        state = read_sync_state(state_dir)
        if state.restarts:
            name = self.t("Sync restarts")
            rows.append((name, f"{state.restarts} — {fmt_when(state.last_crash_at, self.ctx, '—')}"
                               f": {state.last_crash}"))
            warn.append(name)
        return warn

    def check_database(self) -> None:
        """Run ``PRAGMA integrity_check`` on the worker (it reads the whole file)."""
        from kiosk.maintenance import integrity_check

        def work() -> list[str]:
            with self.own_connection() as db:
                return integrity_check(db)

        self.run(work, self._checked, self.t("Checking the database…"))

    def _checked(self, result: list[str]) -> None:
        self.integrity = result
        ok = result == ["ok"]
        self.audit("system.integrity_check", ok=ok, result=result[:20])
        self.say(self.t("The database is sound.") if ok else
                 self.t("The database is damaged: restart the app (it keeps the damaged file "
                        "aside and starts on a fresh database), then run “kiosk doctor” for "
                        "the recovery steps."), ok=ok)
        self.refresh()

    # -- PIN ---------------------------------------------------------------------------
    def change_pin(self) -> None:
        """Ask for the new PIN twice on the PIN pad, then store its hash."""
        if self.ask_pin is None:
            return
        self._new_pin = ""
        self.ask_pin(self.t(NEW_PIN_TITLE), self._first_pin)

    def _first_pin(self, pin: str) -> str:
        if not valid_new_pin(pin):  # 6 to 8 digits (kiosk.maintenance_pin)
            return self.t(NEW_PIN_RULE)
        self._new_pin = pin
        if self.ask_pin is not None:
            self.ask_pin(self.t("The new PIN once more"), self._second_pin)
        return ""

    def _second_pin(self, pin: str) -> str:
        from kiosk.maintenance import set_pin

        if pin != self._new_pin:
            self._new_pin = ""
            self.say(self.t("The two PINs differ: the PIN is unchanged."), ok=False)
            return ""
        set_pin(self.ctx.config.paths.state_dir, pin)
        self._new_pin = ""
        self.audit("system.change_pin")
        self.say(self.t("The new PIN is saved."))
        return ""

    # -- ways out ----------------------------------------------------------------------
    def _confirm(self, button: QPushButton, action: Callable[[], None]) -> None:
        if self._armed is button:
            self._cancel_confirm()
            action()
            return
        self._cancel_confirm()
        self._armed = button
        button.setText(self.t("Touch again to confirm"))
        button.setObjectName("dangerButton")
        button.style().unpolish(button)
        button.style().polish(button)
        self._disarm.start(CONFIRM_MS)

    def _cancel_confirm(self) -> None:
        self._armed = None
        self._disarm.stop()
        for button, text in ((self.restart_button, self.t("Restart the app")),
                             (self.exit_button, self.t("Exit to the desktop"))):
            button.setText(text)
            button.setObjectName("secondaryButton")
            button.style().unpolish(button)
            button.style().polish(button)

    def restart(self) -> None:
        """Restart the kiosk app (systemd starts it again)."""
        self.audit("system.restart")
        self.services.restart()

    def exit_app(self) -> None:
        """Leave the kiosk app for the desktop (systemd does not restart it)."""
        self.audit("system.exit")
        self.services.exit_to_desktop()
