"""Words the console shows outside templates: the navigation and the role names."""

from __future__ import annotations

from kiosk.i18n import N_, Message, plain_text

#: (url, label, capability) of each section; a section shows only to roles that may use it.
NAV: tuple[tuple[str, Message, str], ...] = (
    ("/staff/", N_("Overview"), "appeals"),
    ("/staff/appeals", N_("Appeals"), "appeals"),
    ("/staff/reception", N_("Reception"), "reception"),
    ("/staff/reports", N_("Ratings and reports"), "reports"),
    ("/staff/fleet", N_("Kiosks"), "fleet"),
    ("/staff/publish", N_("Publishing"), "publish"),
)
ROLE_WORDS: dict[str, Message] = {
    "clerk": N_("Clerk"),
    "office": N_("Akim's office"),
    "district": N_("District administrator"),
    "region": N_("Regional IT office"),
}


def role_word(code: str) -> Message:
    """The name of a role in the console's language (the code itself when unknown)."""
    return ROLE_WORDS.get(code, plain_text(code))
