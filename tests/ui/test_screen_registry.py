"""Every screen is found by its class as well as by its id, and the two agree."""

from __future__ import annotations

import pytest

from ui.app import KioskWindow
from ui.screens.all import LOADERS, screen_class
from ui.screens.base import Screen, ScreenId
from ui.screens.queue import QueueScreen
from ui.screens.result import ResultScreen


@pytest.mark.parametrize("screen_id", list(ScreenId))
def test_each_id_loads_the_class_that_says_it_is_that_screen(screen_id: ScreenId) -> None:
    assert screen_id in LOADERS
    cls = screen_class(screen_id)
    assert issubclass(cls, Screen) and cls.screen_id is screen_id


def test_screen_of_gives_the_built_screen_with_its_type(window: KioskWindow) -> None:
    nav = window.navigator
    queue = nav.screen_of(QueueScreen)
    assert queue is nav.screens[ScreenId.QUEUE]
    assert isinstance(queue.buttons, dict)  # typed: no cast, no "type: ignore"
    assert nav.screen_of(ResultScreen) is nav.screens[ScreenId.RESULT]
