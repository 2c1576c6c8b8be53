"""Sync: the outbox by state, last success and error, rejected items, sync now, link test."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from kiosk.i18n import N_
from ui.context import UiContext
from ui.maintenance.panel import FactGrid, Panel, action_button, fmt_when
from ui.maintenance.services import MaintenanceServices
from ui.widgets import on_click

if TYPE_CHECKING:
    from sync.diagnostics import Check, SyncOverview
    from sync.worker import CycleReport

logger = logging.getLogger(__name__)

STATE_NAMES = {"pending": N_("Records waiting to be sent"), "sent": N_("Records delivered"),
               "rejected": N_("Records rejected by the server")}
CHECK_NAMES = {"reach": N_("Server reachable"), "auth": N_("Kiosk token accepted"),
               "clock": N_("Clock agrees with the server")}


class SyncPanel(Panel):
    """What has reached the regional server, and what has not (and why)."""

    name = N_("Sync")
    icon_name = "sync"
    live = True

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.overview: SyncOverview | None = None
        self.checks: list[Check] = []
        self.facts = FactGrid()
        self.body.addWidget(self.facts)
        self.sync_button = action_button(object_name="primaryButton")
        self.test_button = action_button()
        on_click(self.sync_button, self.sync_now)
        on_click(self.test_button, self.test_connection)
        self.button_row(self.sync_button, self.test_button)
        self.checks_grid = FactGrid()
        self.body.addWidget(self.checks_grid)
        self.rejected_title = QLabel()
        self.rejected_title.setObjectName("sectionTitle")
        self.body.addWidget(self.rejected_title)
        self.rejected = FactGrid()
        self.body.addWidget(self.rejected)
        self.finish_layout()

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.sync_button.setText(self.t("Sync now"))
        self.test_button.setText(self.t("Test the connection"))
        self.rejected_title.setText(self.t("Rejected by the server"))
        self._show()

    def refresh(self) -> None:
        """Re-read the outbox and the last cycle's outcome."""
        from sync.diagnostics import sync_overview

        self.overview = sync_overview(self.ctx.db, self.ctx.config.paths.state_dir)
        self._show()

    def _show(self) -> None:
        overview = self.overview
        if overview is None:
            return
        never = self.t("never")
        rows = [(self.t(STATE_NAMES.get(state, state)), str(count))
                for state, count in overview.counts.items()]
        rows += [(self.t("Last attempt"), fmt_when(overview.last_attempt, self.ctx, never)),
                 (self.t("Last success"), fmt_when(overview.last_success, self.ctx, never)),
                 (self.t("Last error"), overview.last_error or "—")]
        if overview.skew_seconds is not None:
            rows.append((self.t("Clock difference"), f"{overview.skew_seconds:+.0f} s"))
        if self.services.sync_worker is None:
            rows.append((self.t("Sync"), self.t("off: no regional server is configured")))
        self.facts.set_rows(rows, [self.t("Last error")] if overview.last_error else [])
        self.checks_grid.set_rows([(self.t(CHECK_NAMES.get(c.name, c.name)),
                                    ("✓ " if c.ok else "✗ ") + c.detail) for c in self.checks],
                                  [self.t(CHECK_NAMES.get(c.name, c.name))
                                   for c in self.checks if not c.ok])
        self.rejected.set_rows([(f"{item.kind} {item.uuid[:8]}", item.reason)
                                for item in overview.rejected]
                               or [(self.t("None"), "")])

    def sync_now(self) -> None:
        """Run one sync cycle now (on the worker)."""
        worker = self.services.sync_worker
        if worker is None:
            self.say(self.t("Sync is off: set server.url and server.token_file in the "
                            "config."), ok=False)
            return
        self.run(worker.run_once, self._synced, self.t("Syncing…"))

    def _synced(self, report: CycleReport) -> None:
        self.audit("sync.now", sent=report.send.sent, rejected=report.send.rejected,
                   errors=report.errors)
        if report.ok:
            self.say(self.t("Sync finished: {sent} sent, {rejected} rejected.").format(
                sent=report.send.sent, rejected=report.send.rejected))
        else:
            self.say(self.t("Sync failed: {error}").format(error="; ".join(report.errors)),
                     ok=False)
        self.refresh()

    def test_connection(self) -> None:
        """Check the server can be reached, accepts the token, and agrees on the time."""
        from sync.diagnostics import connection_test

        config = self.services.sync_worker.config if self.services.sync_worker \
            else self.ctx.config
        self.run(lambda: connection_test(config), self._tested, self.t("Testing…"))

    def _tested(self, checks: list[Check]) -> None:
        self.checks = checks
        self.audit("sync.test", results={c.name: c.ok for c in checks})
        ok = all(c.ok for c in checks)
        self.say(self.t("The connection works.") if ok else
                 self.t("The connection has a problem: see the red lines."), ok=ok)
        self._show()
