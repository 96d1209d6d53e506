"""Chinese renders the same on a machine with no CJK fonts: the bundled fonts cover every
character the guide shows."""

from __future__ import annotations

from fontTools.ttLib import TTFont
from PySide6.QtGui import QFontDatabase

from cartguide import resources
from cartguide.ui import theme


def bundled_characters() -> set[str]:
    covered: set[str] = set()
    for path in resources.font_files():
        font = TTFont(str(path), lazy=True)
        covered |= {chr(code) for code in font.getBestCmap()}
    return covered


def test_every_character_of_every_language_is_in_the_bundled_fonts() -> None:
    covered = bundled_characters()
    checked = 0
    for language in resources.available_languages():
        for path in sorted((resources.content_root() / language).glob("*.yaml")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.lstrip().startswith("#"):
                    continue  # comments are never shown
                missing = {c for c in line if c.isprintable() and c not in covered}
                assert not missing, f"{path}:{number}: no bundled glyph for {sorted(missing)}"
                checked += len(line)
    assert checked > 10_000


def test_app_loads_a_latin_and_a_chinese_font(qapp) -> None:  # type: ignore[no-untyped-def]
    families = theme.load_fonts()
    assert theme.LATIN_FAMILY in families and theme.CJK_FAMILY in families
    assert theme.CJK_FAMILY in QFontDatabase.families()
    assert theme.font_families("zh_CN")[0] == theme.CJK_FAMILY
    assert theme.font_families("en")[0] == theme.LATIN_FAMILY
