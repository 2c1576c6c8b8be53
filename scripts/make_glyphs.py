"""Draw the 18 Kazakh letters into assets/printers/glyphs-12x24.txt (run once, then commit).

The committed table keeps the bytes we download to printers identical on every machine,
whatever FreeType version Pillow bundles.
"""

from __future__ import annotations

import unicodedata

from printers.glyphs import KAZAKH_LETTERS, draw_glyph, glyph_file


def main() -> None:
    """Write the table."""
    lines = ["# 12x24-dot glyphs of the Kazakh letters, drawn from DejaVu Sans Mono",
             "# (scripts/make_glyphs.py); '#' = black dot. Edit by hand if a letter needs it.", ""]
    for char in KAZAKH_LETTERS:
        lines.append(f"# {char} U+{ord(char):04X} {unicodedata.name(char)}")
        lines.extend(draw_glyph(char).art())
        lines.append("")
    glyph_file().write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {glyph_file()}")


if __name__ == "__main__":
    main()
