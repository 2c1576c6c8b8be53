"""Print every receipt through the emulator's decoder and save the PNGs under docs/receipts/.

``.venv/bin/python -m scripts.render_receipts`` — the pictures the README shows. The bytes
are our driver's real output for each profile; the pictures are what the emulated printer
makes of them, so a wrong byte would show as a wrong letter here too.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import LANGUAGES, Translator
from printers.emulator.preview import preview_png
from printers.profiles import PrinterProfile, available_profiles, load_profile
from printers.receipts import ReceiptContext, printer_test_page
from printers.render import render_document
from tests.conftest import OPEN_MORNING
from tests.printers import receipts_fixtures as fx

OUT = Path(__file__).resolve().parent.parent / "docs" / "receipts"


def _print(data: bytes, profile: PrinterProfile, path: Path) -> None:
    preview_png(data, profile, path)
    print(f"{path.relative_to(OUT.parent.parent)}: {len(data)} bytes")


def main() -> None:
    """Render the gallery."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    translator = Translator.load(assets_dir() / "locale")
    main_profile = load_profile("generic-58")
    for lang in LANGUAGES:
        ctx = ReceiptContext(catalogue, translator, lang, "http://127.0.0.1:8470", "karasu-01")
        documents = {name: build(catalogue, ctx, main_profile)
                     for name, build in fx.RECEIPTS.items()}
        for name, document in documents.items():
            _print(render_document(document, main_profile), main_profile,
                   OUT / f"{name}-{lang.value}.png")
        if lang.value == "kk":
            for profile_id in available_profiles():
                profile = load_profile(profile_id)
                _print(render_document(documents["ticket"], profile), profile,
                       OUT / f"ticket-kk-{profile_id}.png")
                _print(render_document(printer_test_page(profile, ctx, OPEN_MORNING), profile),
                       profile, OUT / f"testpage-kk-{profile_id}.png")


if __name__ == "__main__":
    main()
