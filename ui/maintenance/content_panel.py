"""Content: which catalogue and announcements are in use; reload from the server or a USB stick."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.i18n import N_
from ui.context import UiContext
from ui.maintenance.panel import FactGrid, Panel, action_button, fmt_when
from ui.maintenance.services import MaintenanceServices
from ui.widgets import ChoiceButton, clear_layout, on_click

if TYPE_CHECKING:
    from sync.documents import PullResult

logger = logging.getLogger(__name__)


class ContentPanel(Panel):
    """The services guide, hours and holidays the kiosk shows, and where they came from."""

    name = N_("Content")
    icon_name = "services"

    def __init__(self, ctx: UiContext, services: MaintenanceServices) -> None:
        super().__init__(ctx, services)
        self.facts = FactGrid()
        self.body.addWidget(self.facts)
        self.server_button = action_button(object_name="primaryButton")
        on_click(self.server_button, self.reload_from_server)
        self.button_row(self.server_button)
        self.folders_title = QLabel()
        self.folders_title.setObjectName("sectionTitle")
        self.body.addWidget(self.folders_title)
        self.folders = QVBoxLayout()
        self.folders.setSpacing(12)
        self.body.addLayout(self.folders)
        self.folder_buttons: dict[Path, ChoiceButton] = {}
        self.finish_layout()

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.server_button.setText(self.t("Update from the regional server"))
        self.folders_title.setText(self.t("Install a catalogue from a USB stick"))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the versions and look for USB sticks with a catalogue."""
        from kiosk.maintenance import content_versions, usb_folders

        versions = content_versions(self.ctx.config, self.ctx.catalogue_store)
        origin = versions.catalogue_origin
        if origin == "server":
            source = self.t("from the regional server")
        elif origin.startswith("usb:"):
            source = self.t("from a USB stick")
        else:
            source = self.t("built in")
        installed = fmt_when(versions.catalogue_installed_at, self.ctx, "—")
        rows = [(self.t("Catalogue version"), f"{versions.catalogue_version} ({source})"),
                (self.t("Installed"), installed),
                (self.t("Catalogue folder"), str(versions.catalogue_source)),
                (self.t("Announcements"), versions.announcements_version or self.t("none")),
                (self.t("Holidays known until"),
                 versions.holidays_until.isoformat() if versions.holidays_until else "—")]
        reception = self._reception()
        if reception:
            rows.append((self.t("Akim's reception"), reception))
        self.facts.set_rows(rows)
        clear_layout(self.folders)
        self.folder_buttons.clear()
        found = usb_folders(tuple(self.services.usb_roots) + tuple(self.services.local_folders))
        if not found:
            hint = QLabel(self.t("No USB stick with a catalogue (a folder with manifest.toml) "
                                 "is plugged in."))
            hint.setObjectName("factName")
            hint.setWordWrap(True)
            self.folders.addWidget(hint)
        for folder in found:
            button = ChoiceButton(self.t("Install from {folder}").format(folder=folder))
            on_click(button, partial(self.install_from, folder))
            self.folder_buttons[folder] = button
            self.folders.addWidget(button)

    def _reception(self) -> str:
        """The akim's reception sessions with weekday names in the current language."""
        from babel.dates import get_day_names

        from kiosk.catalogue.model import Weekday

        names = get_day_names("abbreviated", locale=self.ctx.language.lang.value)
        order = list(Weekday)
        return "; ".join(
            f"{names[order.index(s.weekday)]} {s.start:%H:%M}–{s.end:%H:%M} "
            + self.t("({minutes} min slots)").format(minutes=s.slot_minutes)
            for s in self.ctx.catalogue.reception.sessions)

    def reload_from_server(self) -> None:
        """Ask the regional server for a newer catalogue now."""
        from sync.diagnostics import pull_catalogue_now
        from sync.http import AuthError, TransientError

        worker = self.services.sync_worker
        if worker is None:
            self.say(self.t("Sync is off: set server.url and server.token_file in the "
                            "config."), ok=False)
            return
        self.run(partial(pull_catalogue_now, worker), self._pulled, self.t("Asking the server…"),
                 expected=(TransientError, AuthError, OSError, ValueError))

    def _pulled(self, result: PullResult) -> None:
        self.audit("content.reload_server", outcome=result.outcome, version=result.version,
                   error=result.error)
        if result.outcome == "changed":
            self.say(self.t("Catalogue {version} installed from the regional server.").format(
                version=result.version))
        elif result.outcome == "unchanged":
            self.say(self.t("The kiosk already has the server's latest catalogue."))
        else:
            self.say(self.t("The server's catalogue was refused, the one in use is unchanged: "
                            "{error}").format(error=result.error), ok=False)
        self.refresh()

    def install_from(self, folder: Path) -> None:
        """Check the catalogue in ``folder`` and use it; a broken one changes nothing."""
        from kiosk.errors import CatalogueError
        from kiosk.maintenance import install_catalogue_from_folder

        before = self.ctx.catalogue.version
        try:
            version = install_catalogue_from_folder(folder, self.ctx.config,
                                                    self.ctx.catalogue_store)
        except (CatalogueError, OSError) as exc:
            self.audit("content.install_usb", folder=str(folder), ok=False, error=str(exc))
            self.say(self.t("Not installed, the catalogue in use is unchanged: {error}").format(
                error=exc), ok=False)
            return
        self.audit("content.install_usb", folder=str(folder), ok=True, before=before,
                   version=version)
        self.say(self.t("Catalogue {version} installed from {folder}.").format(
            version=version, folder=folder))
        self.refresh()
