"""Every screen, built once for the navigator."""

from __future__ import annotations

from ui.context import UiContext
from ui.screens.appeal import AppealReviewScreen, AppealTextScreen, AppealTypeScreen
from ui.screens.base import Screen
from ui.screens.booking import BookingSlotScreen
from ui.screens.home import AboutScreen, ClosedScreen, HomeScreen, MenuScreen
from ui.screens.person import AppealPersonScreen, BookingPersonScreen
from ui.screens.queue import QueueScreen
from ui.screens.rating import RatingScreen
from ui.screens.result import ResultScreen
from ui.screens.services import ServiceScreen, ServicesScreen
from ui.screens.status import StatusScreen


def build_screens(ctx: UiContext) -> list[Screen]:
    """One instance of each screen class."""
    return [HomeScreen(ctx), MenuScreen(ctx), ClosedScreen(ctx), QueueScreen(ctx),
            ServicesScreen(ctx), ServiceScreen(ctx), AppealTypeScreen(ctx),
            AppealTextScreen(ctx), AppealPersonScreen(ctx), AppealReviewScreen(ctx),
            BookingSlotScreen(ctx), BookingPersonScreen(ctx), RatingScreen(ctx),
            StatusScreen(ctx), AboutScreen(ctx), ResultScreen(ctx)]
