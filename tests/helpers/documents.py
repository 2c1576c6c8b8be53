"""Published documents for the sync tests: a good announcement and catalogue files."""

from __future__ import annotations

from tests.conftest import CATALOGUE_DIR

GOOD_ANNOUNCEMENTS = """\
[[announcement]]
id = "water"
text = { kk = "Ертең су болмайды", ru = "Завтра не будет воды", en = "No water tomorrow" }
start = 2026-12-01
end = 2026-12-31
"""
#: Nesting depth of the "deeply nested TOML" cases.
DEEP = 10_000


def catalogue_files(**changes: str) -> dict[str, str]:
    """The shipped catalogue's files by name, with ``changes`` put over them."""
    files = {p.name: p.read_text(encoding="utf-8") for p in CATALOGUE_DIR.glob("*.toml")}
    return {**files, **changes}
