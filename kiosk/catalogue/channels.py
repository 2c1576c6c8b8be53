"""Where a villager can apply for a service, in words: one list for the screen and the paper.

The services screen and the printed checklist both say "Where to apply: …"; they name the
places with the same words, in the catalogue's order, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kiosk.catalogue.model import Channel
from kiosk.i18n import N_, Message

CHANNEL_NAMES: dict[Channel, Message] = {
    Channel.AKIMAT: N_("at this akimat"),
    Channel.PSC: N_("at a Public Service Centre (PSC)"),
    Channel.EGOV: N_("online at egov.kz"),
}


def where_to_apply(channels: Iterable[Channel], translate: Callable[[Message], str]) -> str:
    """The places, translated by ``translate`` and joined: ``осы әкімдікте; ХҚКО-да``.

    A semicolon separates the places, because a place's own words may hold a comma.
    """
    return "; ".join(translate(CHANNEL_NAMES[channel]) for channel in channels)
