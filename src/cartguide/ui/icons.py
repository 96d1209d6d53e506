"""Every icon the app draws, by meaning. Widgets ask for ``icon("next")``, never a font name.

The glyphs are Material Design Icons 6 from the font qtawesome ships. They are drawn here the
way ``qtawesome.icon(name, color=...)`` draws them (its "text" painter: the glyph at 0.875 of
the icon's height, centred, in the colour; disabled in the palette's disabled text colour),
without importing qtawesome: its import (through qtpy, which star-imports every Qt module it
wraps and QtOpenGL) and its registering of all eleven of its fonts took about 140 ms of a
520 ms start-up, for the one font used. ``tests/test_icons.py`` checks that every icon comes
out pixel for pixel as qtawesome draws it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

from cartguide.ui import theme

log = logging.getLogger(__name__)

#: meaning -> Material Design Icons 6 name (one family throughout).
ICONS: dict[str, str] = {
    "home": "mdi6.home",
    "info": "mdi6.information-outline",
    "back": "mdi6.arrow-left",
    "next": "mdi6.arrow-right",
    "close": "mdi6.close",
    "steps": "mdi6.stairs-up",
    "story": "mdi6.account-heart-outline",
    "evaluation": "mdi6.clipboard-check-outline",
    "side_effects": "mdi6.alert-circle-outline",
    "glossary": "mdi6.book-alphabet",
    "about": "mdi6.information-outline",
    "who": "mdi6.account-group-outline",
    "time": "mdi6.clock-outline",
    "prepare": "mdi6.format-list-checks",
    "watch_for": "mdi6.eye-outline",
    "phone": "mdi6.phone",
    "warning": "mdi6.alert-outline",
    "question": "mdi6.comment-question-outline",
    "bring": "mdi6.bag-checked",
    "check": "mdi6.check-circle-outline",
    "sources": "mdi6.bookshelf",
    "note": "mdi6.information-outline",
    "text_size": "mdi6.format-size",
    "contrast": "mdi6.contrast-circle",
    "finish": "mdi6.restart",
    "lock": "mdi6.lock-outline",
    "language": "mdi6.translate",
    "play": "mdi6.play",
    "pause": "mdi6.pause",
    "stop": "mdi6.stop",
    "outline": "mdi6.format-list-bulleted",
    "print": "mdi6.printer",
    "topic": "mdi6.book-open-page-variant-outline",  # a topic section without its own icon
    # A topic's own icon (``icon: home`` in topics/<id>.yaml): "topic_" + each meaning in
    # cartguide.content.model.TOPIC_ICONS.
    "topic_home": "mdi6.home-heart",
    "topic_trial": "mdi6.file-sign",
    "topic_support": "mdi6.hand-heart-outline",
    "topic_medicine": "mdi6.pill",
    "topic_food": "mdi6.food-apple-outline",
    "topic_travel": "mdi6.bus",
    "topic_money": "mdi6.cash",
    "topic_family": "mdi6.human-male-female-child",
    "topic_questions": "mdi6.chat-question-outline",
    "topic_phone": "mdi6.phone-outline",
    "review": "mdi6.shield-check-outline",
    "open_part": "mdi6.chevron-down",  # shows a closed part (What the studies found)
    "close_part": "mdi6.chevron-up",
}

#: The font and character map qtawesome ships for the ``mdi6`` prefix.
MDI6_FONT = "materialdesignicons6-webfont-6.9.96.ttf"
MDI6_CHARMAP = "materialdesignicons6-webfont-charmap-6.9.96.json"
#: qtawesome's glyph size: a 16 px icon gets a 14 px glyph (room for the font's bearings).
GLYPH_SCALE = 0.875


def _fonts_folder() -> Path | None:
    """qtawesome's ``fonts`` folder, found without running qtawesome's ``__init__``."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def _glyph_font() -> tuple[str, dict[str, str]] | None:
    """The icon font's family (registered once) and its names -> characters."""
    folder = _fonts_folder()
    if folder is None:
        log.warning("qtawesome is not installed; no icons")
        return None
    font_file, charmap_file = folder / MDI6_FONT, folder / MDI6_CHARMAP
    if not font_file.exists():  # a newer qtawesome ships another MDI 6 release: take it
        fonts = sorted(folder.glob("materialdesignicons6-webfont-*.ttf"))
        if fonts:
            font_file = fonts[-1]
            charmap_file = folder / fonts[-1].name.replace("-webfont-", "-webfont-charmap-") \
                .replace(".ttf", ".json")
    try:
        data = font_file.read_bytes()
        codes = json.loads(charmap_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("could not load the icon font from %s: %s", folder, exc)
        return None
    font_id = QFontDatabase.addApplicationFontFromData(data)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the icon font %s", folder / MDI6_FONT)
        return None
    return families[0], {name: chr(int(code, 16)) for name, code in codes.items()}


class GlyphIconEngine(QIconEngine):
    """One glyph of the icon font, in one colour (and the disabled colour when disabled)."""

    def __init__(self, family: str, char: str, colour: QColor, disabled: QColor) -> None:
        super().__init__()
        self._family, self._char = family, char
        self._colour, self._disabled = QColor(colour), QColor(disabled)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        painter.save()
        painter.setPen(self._disabled if mode == QIcon.Mode.Disabled else self._colour)
        font = QFont()
        font.setFamily(self._family)
        font.setPixelSize(round(GLYPH_SCALE * rect.height()))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        drawn = QPixmap(size)
        drawn.fill(Qt.GlobalColor.transparent)
        painter = QPainter(drawn)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return drawn

    def clone(self) -> QIconEngine:
        return GlyphIconEngine(self._family, self._char, self._colour, self._disabled)


def icon(meaning: str, colour: str = "primary") -> QIcon:
    """The icon for a meaning, in a colour of the palette in force (``primary``, ...)."""
    return _icon(meaning, getattr(theme.palette(), colour))


@cache
def _icon(meaning: str, colour: str) -> QIcon:
    name = ICONS.get(meaning)
    if name is None:
        log.warning("no icon for %r", meaning)
        return QIcon()
    loaded = _glyph_font()
    char = loaded[1].get(name.removeprefix("mdi6.")) if loaded is not None else None
    if loaded is None or char is None:
        log.warning("no glyph for icon %r (%s)", meaning, name)
        return QIcon()
    app = QApplication.instance()
    disabled = (app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                if isinstance(app, QApplication) else QColor(150, 150, 150))
    return QIcon(GlyphIconEngine(loaded[0], char, QColor(colour), disabled))
