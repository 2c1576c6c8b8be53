"""Statistics: today and this week by department, appeals by type, ratings; export PDF + CSV."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.i18n import N_
from ui.context import UiContext
from ui.maintenance.panel import (
    FactGrid,
    Panel,
    counts_text,
)
from ui.maintenance.services import MaintenanceServices
from ui.widgets import ChoiceButton, clear_layout, on_click

if TYPE_CHECKING:
    from kiosk.maintenance import PeriodStats

logger = logging.getLogger(__name__)


class StatsPanel(Panel):
    """Numbers for the akimat's monthly report, and the report itself."""

    name = N_("Statistics")
    icon_name = "stats"

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.today_title = QLabel()
        self.week_title = QLabel()
        self.today = FactGrid()
        self.week = FactGrid()
        for title, grid in ((self.today_title, self.today), (self.week_title, self.week)):
            title.setObjectName("sectionTitle")
            self.body.addWidget(title)
            self.body.addWidget(grid)
        self.export_title = QLabel()
        self.export_title.setObjectName("sectionTitle")
        self.body.addWidget(self.export_title)
        self.targets = QVBoxLayout()
        self.targets.setSpacing(12)
        self.body.addLayout(self.targets)
        self.export_buttons: dict[Path, ChoiceButton] = {}
        self.finish_layout()

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.today_title.setText(self.t("Today"))
        self.week_title.setText(self.t("Last 7 days"))
        self.export_title.setText(self.t("Export the last 7 days (PDF report and CSV)"))
        self.refresh()

    def _period_rows(self, period: PeriodStats) -> list[tuple[str, str]]:
        catalogue = self.ctx.catalogue
        text = self.ctx.language.text

        def department(dep_id: str) -> str:
            try:
                return text(catalogue.department(dep_id).name)
            except KeyError:
                return dep_id

        def appeal_type(type_id: str) -> str:
            found = catalogue.appeal_types.get(type_id)
            return text(found.name) if found is not None else type_id

        average = f"{period.rating_average:.1f} / 5" if period.rating_average is not None \
            else "—"
        return [(self.t("Queue tickets"), f"{period.tickets_total}: "
                 f"{counts_text(period.tickets_by_department, department)}"),
                (self.t("Appeals"), f"{period.appeals_total}: "
                 f"{counts_text(period.appeals_by_type, appeal_type)}"),
                (self.t("Ratings"), self.t("{count} ratings, average {average}").format(
                    count=period.ratings_total, average=average))]

    def refresh(self) -> None:
        """Count today's and this week's records; list the export folders."""
        from kiosk.maintenance import statistics_summary

        today = self.ctx.local_now().date()
        summary = statistics_summary(self.ctx.db, today, self.ctx.catalogue.akimat.timezone)
        self.today.set_rows(self._period_rows(summary.today))
        self.week.set_rows(self._period_rows(summary.week))
        clear_layout(self.targets)
        self.export_buttons.clear()
        from kiosk.maintenance import export_folders

        for folder in export_folders(self.services.usb_roots, self._local()):
            button = ChoiceButton(self.t("Export to {folder}").format(folder=folder))
            on_click(button, partial(self.export_to, folder))
            self.export_buttons[folder] = button
            self.targets.addWidget(button)

    def _local(self) -> list[Path]:
        return [*self.services.local_folders, self.ctx.config.paths.state_dir / "exports"]

    def export_to(self, folder: Path) -> None:
        """Write the PDF report and the CSV of the last 7 days to ``folder`` (on the worker)."""
        end = self.ctx.local_now().date()
        start = end - dt.timedelta(days=6)
        self.run(partial(self._export, folder, start, end), partial(self._exported, folder),
                 self.t("Exporting…"))

    def _export(self, folder: Path, start: dt.date, end: dt.date) -> list[Path]:
        from kiosk.maintenance import export_csv
        from kiosk.pdf.report import statistics_report_pdf

        folder.mkdir(parents=True, exist_ok=True)
        with self.own_connection() as db:
            kiosk_id = self.ctx.config.kiosk.id
            pdf = statistics_report_pdf(
                db, self.ctx.catalogue, self.ctx.language.translator, self.ctx.language.lang,
                start=start, end=end, path=folder / f"{kiosk_id}-report-{start}_{end}.pdf")
            csv = export_csv(db, folder, start, end, self.ctx.catalogue.akimat.timezone,
                             kiosk_id=kiosk_id)
        return [pdf, csv]

    def _exported(self, folder: Path, files: list[Path]) -> None:
        self.audit("statistics.export", folder=str(folder), files=[f.name for f in files])
        self.say(self.t("Saved: {files}").format(files=", ".join(str(f) for f in files)))
