"""Draw the glyph tables in assets/printers/ (run once, then commit).

* ``glyphs-12x24.txt``: the 18 Kazakh letters from DejaVu Sans Mono, for user-defined
  characters and ``ESC *`` bit images.
* ``glyphs-6x12.txt``: every character of ASCII, Latin-1, Latin Extended-A and Cyrillic
  (Kazakh, Uzbek, Kyrgyz, Uyghur letters included) from the public-domain X11 misc-fixed
  6x12 font (Debian package xfonts-base: /usr/share/fonts/X11/misc/6x12.pcf.gz). Raster
  lines are sent at half scale in ``GS v 0`` quadruple mode; a font designed for 6x12
  keeps every Kazakh letter distinct where a scaled-down DejaVu glyph does not.

The committed tables keep the bytes we send identical on every machine, whatever FreeType
version Pillow bundles.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from printers.glyphs import (
    HALF_HEIGHT,
    HALF_WIDTH,
    KAZAKH_LETTERS,
    draw_glyph,
    glyph_file,
    half_glyph_file,
)

MISC_FIXED = Path("/usr/share/fonts/X11/misc/6x12.pcf.gz")
#: Characters the 6x12 table covers (where the font has them).
HALF_RANGES = [range(0x20, 0x7F), range(0xA0, 0x180), range(0x400, 0x530),
               [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026,
                0x2116, 0x20AC, 0x2192]]


#: Letters drawn by hand over the font's: misc-fixed's Ң starts a row above Н.
HALF_OVERRIDES = {
    "\u04a2": ("......", "......", "......", "#..#..", "#..#..", "#..#..", "####..", "#..#..",
                "#..#..", "#..##.", "....#.", "....#."),
}


def write_kazakh_table() -> None:
    """The 12x24 table of the Kazakh letters."""
    lines = ["# 12x24-dot glyphs of the Kazakh letters, drawn from DejaVu Sans Mono",
             "# (scripts/make_glyphs.py); '#' = black dot. Edit by hand if a letter needs it.", ""]
    for char in KAZAKH_LETTERS:
        lines.append(f"# {char} U+{ord(char):04X} {unicodedata.name(char)}")
        lines.extend(draw_glyph(char).art())
        lines.append("")
    glyph_file().write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {glyph_file()}")


def write_half_table(font_path: Path) -> None:
    """The 6x12 table: one line a character, code point and 12 rows as hex."""
    with tempfile.TemporaryDirectory() as tmp:
        pcf = Path(tmp) / "6x12.pcf"
        with gzip.open(font_path) as src, pcf.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        font = ImageFont.truetype(str(pcf), HALF_HEIGHT)

        def rows(char: str) -> tuple[int, ...]:
            image = Image.new("1", (HALF_WIDTH, HALF_HEIGHT), 0)
            ImageDraw.Draw(image).text((0, 0), char, font=font, fill=1)
            pixels = image.load()
            assert pixels is not None
            return tuple(sum((1 if pixels[x, y] else 0) << (HALF_WIDTH - 1 - x)
                             for x in range(HALF_WIDTH)) for y in range(HALF_HEIGHT))

        missing_box = rows("\ue000")
        lines = ["# 6x12-dot glyphs from the X11 misc-fixed 6x12 font (public domain),",
                 "# drawn by scripts/make_glyphs.py: code point, then 12 rows as hex",
                 "# (6 bits, bit 5 = leftmost dot). Edited by hand: Ң (04A2) starts on the "
                 "row Н starts on."]
        for block in HALF_RANGES:
            for code in block:
                char = chr(code)
                if code != 0x20 and (unicodedata.category(char) in ("Cc", "Cn")
                                     or rows(char) == missing_box):
                    continue
                drawn = rows(char)
                if char in HALF_OVERRIDES:
                    drawn = tuple(int(r.replace("#", "1").replace(".", "0"), 2)
                                  for r in HALF_OVERRIDES[char])
                lines.append(f"{code:04X} " + "".join(f"{r:02x}" for r in drawn))
    half_glyph_file().write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {half_glyph_file()} ({len(lines) - 3} characters)")


def main() -> None:
    """Write both tables (the 6x12 one needs xfonts-base installed)."""
    write_kazakh_table()
    if not MISC_FIXED.exists():
        sys.exit(f"{MISC_FIXED} is missing: apt-get install xfonts-base")
    write_half_table(MISC_FIXED)


if __name__ == "__main__":
    main()
