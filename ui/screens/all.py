"""Where each screen class lives; screens are built on first use (start-up shows Home fast)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from ui.context import UiContext
from ui.screens.base import Screen, ScreenId

CLASSES: dict[ScreenId, str] = {
    ScreenId.HOME: "ui.screens.home:HomeScreen",
    ScreenId.MENU: "ui.screens.home:MenuScreen",
    ScreenId.CLOSED: "ui.screens.home:ClosedScreen",
    ScreenId.ABOUT: "ui.screens.home:AboutScreen",
    ScreenId.QUEUE: "ui.screens.queue:QueueScreen",
    ScreenId.SERVICES: "ui.screens.services:ServicesScreen",
    ScreenId.SERVICE: "ui.screens.services:ServiceScreen",
    ScreenId.APPEAL_TYPE: "ui.screens.appeal:AppealTypeScreen",
    ScreenId.APPEAL_TEXT: "ui.screens.appeal:AppealTextScreen",
    ScreenId.APPEAL_PERSON: "ui.screens.person:AppealPersonScreen",
    ScreenId.APPEAL_REVIEW: "ui.screens.appeal:AppealReviewScreen",
    ScreenId.BOOKING_SLOT: "ui.screens.booking:BookingSlotScreen",
    ScreenId.BOOKING_PERSON: "ui.screens.person:BookingPersonScreen",
    ScreenId.RATING: "ui.screens.rating:RatingScreen",
    ScreenId.STATUS: "ui.screens.status:StatusScreen",
    ScreenId.RESULT: "ui.screens.result:ResultScreen",
    ScreenId.MAINTENANCE: "ui.maintenance.screen:MaintenanceScreen",
}


def screen_class(screen_id: ScreenId) -> type[Screen]:
    """Import and return the class of ``screen_id``."""
    module, name = CLASSES[screen_id].split(":")
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Screen)):
        raise TypeError(f"{CLASSES[screen_id]} is not a Screen")
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
        return iter(CLASSES)

    def __len__(self) -> int:
        return len(CLASSES)

    def built_screens(self) -> list[Screen]:
        """The screens that exist so far (the only ones that can hold data)."""
        return list(self.built.values())


def build_screens(ctx: UiContext) -> list[Screen]:
    """One instance of every screen (for tests that want them all at once)."""
    return [screen_class(screen_id)(ctx) for screen_id in CLASSES]
