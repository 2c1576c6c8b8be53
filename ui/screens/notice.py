"""The note that tells a citizen why emoji vanished from what they typed (never a dialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kiosk.validators import EMOJI_REMOVED
from ui.screens.base import Screen
from ui.widgets import body_label


def emoji_notice() -> QLabel:
    """A label for the note (secondary text, like the counter), hidden until emoji are typed."""
    label = body_label(object_name="secondary")
    label.hide()
    return label


def show_emoji_notice(screen: Screen, label: QLabel, removed: bool) -> None:
    """Show the note in the screen's language while emoji are being removed; else hide it."""
    label.setText("ℹ " + screen.t(EMOJI_REMOVED) if removed else "")
    label.setVisible(removed)
