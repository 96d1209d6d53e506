"""Icons look exactly as qtawesome draws them (start-up no longer imports qtawesome: see
tests/test_startup.py)."""

from __future__ import annotations

import qtawesome
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication

from cartguide.ui import icons, theme

SIZES = (16, 24, 36, 48, 64)
MODES = (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled, QIcon.Mode.Selected)


def image(drawn: QIcon, size: int, mode: QIcon.Mode) -> QImage:
    return drawn.pixmap(QSize(size, size), mode).toImage().convertToFormat(
        QImage.Format.Format_ARGB32)


def test_every_icon_is_drawn_pixel_for_pixel_as_qtawesome_draws_it(
        styled_app: QApplication) -> None:
    for colour in ("primary", "on_primary", "text"):
        hex_colour = getattr(theme.palette(), colour)
        for meaning, name in icons.ICONS.items():
            ours = icons.icon(meaning, colour)
            theirs = qtawesome.icon(name, color=QColor(hex_colour))
            for size in SIZES:
                for mode in MODES:
                    mine, reference = image(ours, size, mode), image(theirs, size, mode)
                    assert not mine.isNull()
                    assert mine == reference, f"{meaning} ({name}) {size} px {mode} {colour}"


def test_an_icon_has_ink(styled_app: QApplication) -> None:
    drawn = image(icons.icon("next"), 48, QIcon.Mode.Normal)
    inked = sum(drawn.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))
    assert inked > 48


def test_unknown_meaning_gives_an_empty_icon(styled_app: QApplication) -> None:
    assert icons.icon("no-such-meaning").isNull()
