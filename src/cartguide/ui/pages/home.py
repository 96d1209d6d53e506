"""Home: a short welcome, the start (one large tile), then a tile for each other section.

Which sections, and in what order, comes from the content (``sections.yaml``): special sections
and any number of topics. The start tile is a separate widget (``start_tile``, property
``start=true``) so the theme can give it its own look."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from cartguide.content import markup
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.icons import ICONS, icon
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.text import PlainLabel
from cartguide.ui.widgets.tile import TileButton


def fallback_title(key: str) -> str:
    """A section's name when its content file could not be read."""
    names = {
        "home": tr("Welcome"),
        "steps": tr("How CAR-T treatment works"),
        "story": tr("A patient's story"),
        "evaluation": tr("Before treatment: the evaluation"),
        "side_effects": tr("Side effects and warning signs"),
        "glossary": tr("Words to know"),
        "about": tr("Important information"),
    }
    return names[key]


def section_title(ctx: PageContext, key: str) -> str:
    section = ctx.guide.section(key)
    if section is not None:
        return markup.plain(section.title, ctx.term_name)
    return fallback_title(key) if key in _FALLBACK_KEYS else key


_FALLBACK_KEYS = ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about")


class HomePage(ScrollPage):
    key = "home"
    section_requested = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        home = ctx.guide.home
        if home is not None:
            self.add_heading(home.title)
            self.column.addWidget(ctx.label(home.blurb, role="lead"))
            # A smaller picture keeps every tile on a 1080p kiosk screen without scrolling.
            self.add_hero(home.illustration, home.welcome, lead=False, picture_share=3)
        else:
            self.add_heading(fallback_title("home"))
        guide = ctx.guide
        grid = QGridLayout()
        grid.setSpacing(20)
        # The start comes first; it is its own widget (start=true) for the theme to set apart.
        for index, key in enumerate(guide.home_sections):
            tile = self._tile(key)
            if index == 0:
                tile.setProperty("start", True)
                self.start_tile = tile
            grid.addWidget(tile, index // 3, index % 3)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        self.column.addLayout(grid)

    @property
    def title(self) -> str:
        home = self.ctx.guide.home
        return markup.plain(home.title, self.ctx.term_name) if home else fallback_title("home")

    def _tile(self, key: str) -> TileButton:
        section = self.ctx.guide.section(key)
        title = section_title(self.ctx, key)
        blurb = markup.plain(section.blurb, self.ctx.term_name) if section else ""
        tile = TileButton("tile")
        tile.setProperty("section", key)
        badge = PlainLabel()
        badge.setPixmap(icon(key if key in ICONS else "topic").pixmap(QSize(36, 36)))
        badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        badge.setProperty("a11y", "hidden")  # decoration (the tile is one button anyway)
        tile.content.addWidget(badge)
        tile.add_label(title, "h2")
        if blurb:
            tile.add_label(blurb, "body")
        tile.content.addStretch(1)
        tile.setAccessibleName(title)
        tile.setAccessibleDescription(blurb)
        tile.clicked.connect(lambda: self.section_requested.emit(key))
        return tile
