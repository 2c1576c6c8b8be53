"""Render the A4 appeal talon (the PDF a clerk prints or mails) in kk and ru to PNG.

``.venv/bin/python -m scripts.render_pdfs`` writes ``docs/pdf/talon-<lang>.png``: the same
demo appeal as the printed receipts (:mod:`printers.receipts.samples`), through
:func:`kiosk.pdf.appeal_talon_pdf` and poppler's ``pdftoppm`` (Debian ``poppler-utils``).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language, Translator
from kiosk.pdf import appeal_talon_pdf
from printers.receipts import samples

OUT = Path(__file__).resolve().parent.parent / "docs" / "pdf"
#: Dots per inch of the pictures: the words must be readable, the files small.
DPI = 70


def main() -> None:
    """Write one PNG per language and print its path."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    translator = Translator.load(assets_dir() / "locale")
    OUT.mkdir(parents=True, exist_ok=True)
    appeal = samples.appeal()
    with tempfile.TemporaryDirectory(prefix="pdfs-") as folder:
        for lang in (Language.KK, Language.RU):
            pdf = appeal_talon_pdf(appeal, catalogue, translator, lang,
                                   tracking_url=f"{samples.PUBLIC_URL}/t/{appeal.tracking_code}",
                                   kiosk_id=samples.KIOSK_ID,
                                   path=Path(folder) / f"talon-{lang.value}.pdf")
            target = OUT / f"talon-{lang.value}"
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf),
                            str(target)], check=True, timeout=120)
            print(target.with_suffix(".png"))


if __name__ == "__main__":
    main()
