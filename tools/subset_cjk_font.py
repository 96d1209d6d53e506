"""Make the bundled Chinese font: Noto Sans SC cut down to the characters the guide can need.

Keeps every character of GB2312 (the 6,763 common simplified Chinese characters and their
punctuation, so ordinary edits to the Chinese text stay covered), plus every character used in
content/zh_CN/ today, plus ASCII. tests/test_fonts.py fails if the content ever uses a character
the bundled fonts lack; then run this again.

Usage (the source fonts come from the npm package @expo-google-fonts/noto-sans-sc, OFL):
    npm pack @expo-google-fonts/noto-sans-sc && tar xzf expo-google-fonts-noto-sans-sc-*.tgz
    python tools/subset_cjk_font.py package/400Regular/NotoSansSC_400Regular.ttf \\
        package/700Bold/NotoSansSC_700Bold.ttf
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts"


def gb2312() -> set[str]:
    chars = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # unassigned code points
                chars.add(bytes([first, second]).decode("gb2312"))
    return chars


def wanted() -> str:
    chars = gb2312() | {chr(c) for c in range(0x20, 0x7F)}
    chars |= set("\u00b0\u00b7\u2014\u2013\u2018\u2019\u201c\u201d\u2026\u3000\u25cf")
    for path in (ROOT / "content").glob("zh*/*.yaml"):
        chars |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def main(sources: list[str]) -> int:
    if not sources:
        print(__doc__)
        return 2
    text = wanted()
    for source in sources:
        weight = "Bold" if "Bold" in source else "Regular"
        target = OUT / f"NotoSansSC-{weight}-subset.ttf"
        options = subset.Options()
        options.hinting = False  # smaller; hinting matters little at these sizes
        options.desubroutinize = True
        # No OpenType layout features: with them, Qt's PDF writer embedded substituted digit
        # glyphs without a Unicode mapping ("100.4" copied out of a handout as "QRR.S").
        # Horizontal Simplified Chinese needs none of them (vertical, localized, width forms).
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(source, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        subset.save_font(font, str(target), options)
        print(f"{target.relative_to(ROOT)}: {len(text)} characters, "
              f"{target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
