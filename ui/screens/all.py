"""Where each screen class lives; screens are built on first use (start-up shows Home fast).

Each screen is imported by a small function (not at the top of this module), so Home shows
before the other screens' modules load — and the imports are plain code that readers and
type checkers follow. ``Navigator.screen_of(QueueScreen)`` finds a built screen by its class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ui.context import UiContext
from ui.screens.base import Screen, ScreenId


def _home() -> type[Screen]:
    from ui.screens.home import HomeScreen

    return HomeScreen


def _menu() -> type[Screen]:
    from ui.screens.home import MenuScreen

    return MenuScreen


def _closed() -> type[Screen]:
    from ui.screens.home import ClosedScreen

    return ClosedScreen


def _about() -> type[Screen]:
    from ui.screens.home import AboutScreen

    return AboutScreen


def _queue() -> type[Screen]:
    from ui.screens.queue import QueueScreen

    return QueueScreen


def _services() -> type[Screen]:
    from ui.screens.services import ServicesScreen

    return ServicesScreen


def _service() -> type[Screen]:
    from ui.screens.services import ServiceScreen

    return ServiceScreen


def _appeal_type() -> type[Screen]:
    from ui.screens.appeal import AppealTypeScreen

    return AppealTypeScreen


def _appeal_text() -> type[Screen]:
    from ui.screens.appeal import AppealTextScreen

    return AppealTextScreen


def _appeal_person() -> type[Screen]:
    from ui.screens.person import AppealPersonScreen

    return AppealPersonScreen


def _appeal_review() -> type[Screen]:
    from ui.screens.appeal import AppealReviewScreen

    return AppealReviewScreen


def _booking_slot() -> type[Screen]:
    from ui.screens.booking import BookingSlotScreen

    return BookingSlotScreen


def _booking_person() -> type[Screen]:
    from ui.screens.person import BookingPersonScreen

    return BookingPersonScreen


def _rating() -> type[Screen]:
    from ui.screens.rating import RatingScreen

    return RatingScreen


def _status() -> type[Screen]:
    from ui.screens.status import StatusScreen

    return StatusScreen


def _result() -> type[Screen]:
    from ui.screens.result import ResultScreen

    return ResultScreen


def _maintenance() -> type[Screen]:
    from ui.maintenance.screen import MaintenanceScreen

    return MaintenanceScreen


#: How to load each screen's class.
LOADERS: dict[ScreenId, Callable[[], type[Screen]]] = {
    ScreenId.HOME: _home,
    ScreenId.MENU: _menu,
    ScreenId.CLOSED: _closed,
    ScreenId.ABOUT: _about,
    ScreenId.QUEUE: _queue,
    ScreenId.SERVICES: _services,
    ScreenId.SERVICE: _service,
    ScreenId.APPEAL_TYPE: _appeal_type,
    ScreenId.APPEAL_TEXT: _appeal_text,
    ScreenId.APPEAL_PERSON: _appeal_person,
    ScreenId.APPEAL_REVIEW: _appeal_review,
    ScreenId.BOOKING_SLOT: _booking_slot,
    ScreenId.BOOKING_PERSON: _booking_person,
    ScreenId.RATING: _rating,
    ScreenId.STATUS: _status,
    ScreenId.RESULT: _result,
    ScreenId.MAINTENANCE: _maintenance,
}


def screen_class(screen_id: ScreenId) -> type[Screen]:
    """Import and return the class of ``screen_id`` (its ``screen_id`` must match)."""
    cls = LOADERS[screen_id]()
    if cls.screen_id is not screen_id:
        raise TypeError(f"{cls.__qualname__} is the screen {cls.screen_id}, not {screen_id}")
    return cls


class LazyScreens(Mapping[ScreenId, Screen]):
    """Every screen by id, each built the first time it is asked for."""

    def __init__(self, ctx: UiContext, on_build: Callable[[Screen], None]) -> None:
        self.ctx = ctx
        self.on_build = on_build
        self.built: dict[ScreenId, Screen] = {}

    def __getitem__(self, screen_id: ScreenId) -> Screen:
        if screen_id not in self.built:
            screen = screen_class(screen_id)(self.ctx)
            self.built[screen_id] = screen
            self.on_build(screen)
        return self.built[screen_id]

    def __iter__(self) -> Iterator[ScreenId]:
        return iter(LOADERS)

    def __len__(self) -> int:
        return len(LOADERS)

    def built_screens(self) -> list[Screen]:
        """The screens that exist so far (the only ones that can hold data)."""
        return list(self.built.values())


def build_screens(ctx: UiContext) -> list[Screen]:
    """One instance of every screen (for tests that want them all at once)."""
    return [screen_class(screen_id)(ctx) for screen_id in LOADERS]
