"""Extract every N_()/NP_() message from the code and merge it into assets/locale/*.po.

Run after adding or changing messages: ``.venv/bin/python scripts/update_translations.py``.
New messages get an empty translation (the completeness test then fails until a
translator fills them); messages no longer in the code are dropped.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kiosk", "printers", "sync", "ui")
KEYWORDS = {"N_": None, "NP_": (1, 2), "t": None, "_t": None}
LOCALE_DIR = ROOT / "assets" / "locale"
#: Python sources, and the staff console's Jinja2 templates, whose t("…") calls are messages.
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS_MAP = {"**/templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True",
                                        "silent": "false"}}


def extract() -> Catalog:
    """A template catalogue of every marked message in the packages."""
    template = Catalog(project="akimat-kiosk", domain="kiosk")
    for package in PACKAGES:
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / package, method_map=METHOD_MAP, options_map=OPTIONS_MAP,
                keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            template.add(message, None, [(f"{package}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def main() -> int:
    """Merge the template into each language file (holding assets/locale/.lock)."""
    template = extract()
    with (LOCALE_DIR / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _merge(template)
    return 0


def _merge(template: Catalog) -> None:
    for lang in ("kk", "ru", "en"):
        path = LOCALE_DIR / f"{lang}.po"
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain="kiosk")
        else:
            catalog = Catalog(locale=lang, domain="kiosk", project="akimat-kiosk")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        missing = sum(1 for m in catalog
                      if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string]))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")


if __name__ == "__main__":
    sys.exit(main())
