"""Fill translations of messages: ``python scripts/set_translations.py FILE.json``.

FILE.json maps each msgid to ``{"kk": "...", "ru": "..."}`` (``"en"`` defaults to the msgid;
a plural message takes lists: ``{"kk": ["..."], "ru": ["one", "few", "many"]}``). Run
``scripts/update_translations.py`` first so new messages exist in the .po files. Several
people may run it at once: it holds ``assets/locale/.lock`` while it reads and writes.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "assets" / "locale"


def main(argv: list[str]) -> int:
    """Apply the file's translations; report msgids that are not in the .po files."""
    entries: dict[str, dict[str, object]] = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    with (LOCALE_DIR / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lang in ("kk", "ru", "en"):
            path = LOCALE_DIR / f"{lang}.po"
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain="kiosk")
            for msgid, texts in entries.items():
                message = next((m for m in catalog if m.id == msgid or (
                    isinstance(m.id, tuple) and m.id[0] == msgid)), None)
                if message is None:
                    print(f"{lang}: not in the .po file (run update_translations.py): {msgid!r}")
                    continue
                text = texts.get(lang, msgid if lang == "en" else None)
                if text is None:
                    continue
                message.string = tuple(text) if isinstance(text, list) else str(text)
            with path.open("wb") as fh:
                write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
