"""Print every receipt through the emulator's decoder and save the PNGs under docs/receipts/.

``.venv/bin/python -m scripts.render_receipts`` — the pictures the README and
docs/PRINTERS.md show. The bytes are our driver's real output for each profile; the
pictures are what an emulated printer makes of them, so a wrong byte shows as a wrong
letter here too. Each picture is printed on stated hardware:

* ``<kind>-kk-safe-default.png`` — the safe default on the *weakest* hardware model
  (:data:`printers.emulator.model.WEAKEST`: CP437/CP866 only, no ESC & / ESC * / GS ( k,
  no cutter, unknown commands printed as text);
* ``<kind>-kk-wizard-cp1251-raster.png`` and ``<kind>-kk-wizard-udc-native-qr.png`` —
  profiles the setup wizard writes (:func:`printers.setup.choose_profile` on the safe
  default) from the numbers a technician marks, on hardware that has exactly what was
  marked (:meth:`HardwareModel.matching`);
* ``<kind>-ru.png`` / ``<kind>-en.png`` and ``ticket-kk-<profile>.png`` /
  ``testpage-kk-<profile>.png`` — shipped profiles on matching hardware;
* ``calibration-weakest.png`` — the wizard's calibration page on the weakest hardware.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.assets import assets_dir
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Language, Translator
from printers.emulator.engine import Engine
from printers.emulator.model import WEAKEST, HardwareModel
from printers.emulator.paper import render_png
from printers.emulator.tokens import Tokenizer
from printers.profiles import PrinterProfile, load_profile
from printers.receipts import ReceiptContext
from printers.receipts.samples import KIOSK_ID, PUBLIC_URL, RECEIPTS
from printers.render import render_document
from printers.setup import Probe, calibration_page, candidates, choose_profile

OUT = Path(__file__).resolve().parent.parent / "docs" / "receipts"
#: The profile of the Russian and English pictures.
MAIN_PROFILE = "generic-58"
#: One shipped profile per Kazakh strategy: KZ-1048 page, ESC & glyphs, ESC * images.
STRATEGY_PROFILES = ("epson-tm-t20iii", "generic-58", "conservative-58")
#: What a technician marks on the calibration page (by the line's label) for
#: (i) a POS-5890 class printer: CP866 at 17, CP1251 at 73, GS v 0 (no ESC &);
#: (ii) a printer that also prints ESC &, the native QR and cuts.
WIZARD_MARKS: dict[str, tuple[str, ...]] = {
    "wizard-cp1251-raster": ("GS v 0", "CP866 ESC t 17", "CP1251 ESC t 73", "QR GS v 0"),
    "wizard-udc-native-qr": ("ESC &", "GS v 0", "CP866 ESC t 17", "CP1251 ESC t 73",
                             "QR GS ( k", "QR GS v 0", "GS V"),
}
#: Neither printer answered GS r 1 or DLE DC4 8 when probed, nor said its model (GS I).
SILENT_PROBE = Probe(identity={}, answers_job_marker=False, clears_buffer=False)


def wizard_numbers(labels: tuple[str, ...]) -> list[int]:
    """The calibration-page numbers of the lines with these labels."""
    by_label = {c.label: c.number for c in candidates()}
    return [by_label[label] for label in labels]


def wizard_profile(profile_id: str) -> PrinterProfile:
    """The profile the setup wizard writes for the marks of ``profile_id``."""
    return choose_profile(load_profile("safe-default"), wizard_numbers(WIZARD_MARKS[profile_id]),
                          SILENT_PROBE, profile_id=profile_id)


def print_on(data: bytes, profile: PrinterProfile, hardware: HardwareModel, path: Path,
             *, check_promises: bool = True) -> None:
    """Decode ``data`` on ``hardware`` (paper of ``profile``) and draw the first receipt."""
    if check_promises and (lacking := hardware.lacks(profile)):
        raise SystemExit(f"{path.name}: {hardware.id} lacks what {profile.id} promises: "
                         f"{', '.join(lacking)}")
    engine = Engine(profile, model=hardware)
    for token in Tokenizer().feed(data):
        engine.execute(token)
    engine.end_job()
    if not engine.finished:
        raise SystemExit(f"{path.name}: the bytes print no receipt")
    path.parent.mkdir(parents=True, exist_ok=True)
    render_png(engine.finished[0], profile.paper_width_dots, path)
    print(f"{path.relative_to(OUT.parent.parent)}: {len(data)} bytes on {hardware.id}")


def main() -> None:
    """Render the gallery."""
    catalogue = load_catalogue(assets_dir() / "catalogue")
    translator = Translator.load(assets_dir() / "locale")

    def context(lang: Language) -> ReceiptContext:
        return ReceiptContext(catalogue, translator, lang, PUBLIC_URL, KIOSK_ID)

    kk = context(Language.KK)
    safe = load_profile("safe-default")
    targets = [("safe-default", safe, WEAKEST)]
    for profile_id, marks in WIZARD_MARKS.items():
        profile = wizard_profile(profile_id)
        print(f"{profile_id}: marked {wizard_numbers(marks)}; {profile.source}")
        targets.append((profile_id, profile, HardwareModel.matching(profile)))
    for suffix, profile, hardware in targets:
        for kind, build in RECEIPTS.items():
            print_on(render_document(build(catalogue, kk, profile), profile), profile, hardware,
                     OUT / f"{kind}-kk-{suffix}.png")

    main_profile = load_profile(MAIN_PROFILE)
    main_hardware = HardwareModel.matching(main_profile)
    for lang in (Language.RU, Language.EN):
        ctx = context(lang)
        for kind, build in RECEIPTS.items():
            print_on(render_document(build(catalogue, ctx, main_profile), main_profile),
                     main_profile, main_hardware, OUT / f"{kind}-{lang.value}.png")
    for profile_id in STRATEGY_PROFILES:
        profile = load_profile(profile_id)
        for kind in ("ticket", "testpage"):
            print_on(render_document(RECEIPTS[kind](catalogue, kk, profile), profile), profile,
                     HardwareModel.matching(profile), OUT / f"{kind}-kk-{profile_id}.png")

    # The calibration page is meant for any printer: commands the weakest one lacks print
    # as junk on their own numbered lines, which is what the technician must see.
    url = PUBLIC_URL.upper().rstrip("/") + "/"
    print_on(calibration_page(url), safe, WEAKEST, OUT / "calibration-weakest.png",
             check_promises=False)


if __name__ == "__main__":
    main()
