"""Everything screens need, passed in (no globals): config, database, catalogue, language."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.clock import local_time, system_clock
from kiosk.config import Config
from ui.language import LanguageState

if TYPE_CHECKING:  # the heavy modules load when first needed, after Home is on screen
    from sqlite_utils import Database

    from kiosk.catalogue import Catalogue, CatalogueStore
    from printers.receipts import ReceiptContext
    from ui.board_feed import BoardFeed
    from ui.maintenance.services import MaintenanceServices
    from ui.printing import PrintService


@dataclass
class UiContext:
    """The kiosk's services as the touch UI sees them."""

    config: Config
    open_db: Callable[[], Database]
    catalogue_store: CatalogueStore
    language: LanguageState
    #: Makes the print service when it is first used (nothing prints before Home shows).
    make_printing: Callable[[], PrintService]
    clock: Callable[[], dt.datetime] = field(default=system_clock)
    #: What the visitor entered in the current flow; emptied by the privacy wipe.
    form: dict[str, object] = field(default_factory=dict)
    #: A portrait screen (1080x1920): screens stack their rows instead of lining them up.
    portrait: bool = False
    #: Looks a tracking code up on the regional server (None: offline or not configured).
    status_lookup: Callable[[str], dict[str, str] | None] | None = None
    #: When this kiosk process started (maintenance shows the uptime).
    started_at: dt.datetime = field(default_factory=system_clock)
    #: The kiosk's own call board (desks on): Home shows the latest calls from it.
    board_feed: BoardFeed | None = None

    @functools.cached_property
    def db(self) -> Database:
        """The kiosk database, opened on first use (Home shows before it is needed)."""
        return self.open_db()

    @functools.cached_property
    def printing(self) -> PrintService:
        """The print service (made on first use)."""
        return self.make_printing()

    @functools.cached_property
    def maintenance(self) -> MaintenanceServices:
        """What maintenance mode works on (``kiosk run`` fills in sync, restart and exit)."""
        from ui.maintenance.services import MaintenanceServices

        return MaintenanceServices(started_at=self.started_at)

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue in use."""
        return self.catalogue_store.current

    def local_now(self) -> dt.datetime:
        """Now in the akimat's time zone."""
        return local_time(self.clock(), self.catalogue.akimat.timezone)

    def receipt_context(self) -> ReceiptContext:
        """What receipts need, in the visitor's language."""
        from printers.receipts import ReceiptContext

        return ReceiptContext(self.catalogue, self.language.translator, self.language.lang,
                              self.config.server.public_url, self.config.kiosk.id)
