"""Home: a short welcome, one large primary action where to start, then the other sections,
clearly secondary.

Which sections, and in what order, comes from the content (``sections.yaml``): special sections
and any number of topics. The start is its own widget (``start_tile``, a :class:`StartAction`);
"Important information" lives on the top bar only."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from cartguide.content import markup
from cartguide.content.model import Topic
from cartguide.i18n import tr
from cartguide.ui import theme
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


def tile_icon(key: str, section: object) -> str:
    """The icon meaning of a home tile: a topic's own ``icon`` (``home`` -> ``topic_home``) or
    the generic topic icon; a special section's own icon."""
    if isinstance(section, Topic):
        return f"topic_{section.icon}" if f"topic_{section.icon}" in ICONS else "topic"
    return key if key in ICONS else "topic"


def section_title(ctx: PageContext, key: str) -> str:
    section = ctx.guide.section(key)
    if section is not None:
        return markup.plain(section.title, ctx.term_name)
    return fallback_title(key) if key in _FALLBACK_KEYS else key


_FALLBACK_KEYS = ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about")


class StartAction(TileButton):
    """Home's one large primary action: where to start, how many steps (a reading time only if
    the content gave one: it does not today)."""

    def __init__(self, ctx: PageContext, key: str) -> None:
        super().__init__("startAction")
        self.setProperty("start", True)
        title = section_title(ctx, key)
        self.content.setContentsMargins(32, 20, 32, 24)
        self.content.setSpacing(6)
        self.add_label(tr("Start here"), "eyebrow")
        self.add_label(title, "h1")
        steps = ctx.guide.steps if key == "steps" else None
        detail = (tr("{0} steps, one page at a time").format(len(steps.steps))
                  if steps is not None and steps.steps else "")
        if detail:
            self.add_label(detail, "lead")
        # The name is the section's (as on its own tile before; tests and people find it so);
        # the description says it is the place to start.
        self.setAccessibleName(title)
        self.setAccessibleDescription(" ".join(x for x in (tr("Start here"), detail) if x))


class HomePage(ScrollPage):
    key = "home"
    section_requested = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        home = ctx.guide.home
        if home is not None:
            self.add_heading(home.title)
            self.column.addWidget(ctx.label(home.blurb, role="lead"))
        else:
            self.add_heading(fallback_title("home"))
        guide = ctx.guide
        keys = list(guide.home_sections)
        # One obvious start, at once under the welcome: a large primary action.
        if keys:
            start = keys.pop(0)
            self.start_tile = StartAction(ctx, start)
            self.start_tile.clicked.connect(lambda: self.section_requested.emit(start))
            self.column.addWidget(self.start_tile)
        if home is not None:
            self.add_hero(home.illustration, home.welcome, lead=False, picture_share=3)
        if keys:
            more = self.ctx.label(tr("More in this guide"), role="h2")
            more.setObjectName("moreHeading")
            self.column.addWidget(more)
            self._grid = QGridLayout()
            self._grid.setSpacing(16)
            self._tiles = [self._tile(key) for key in keys]
            self._columns = 0
            self._place_tiles(3)
            self.column.addLayout(self._grid)

    def _place_tiles(self, columns: int) -> None:
        """The other sections, in as many columns as the screen has room for."""
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        for col in range(3):
            self._grid.setColumnStretch(col, 1 if col < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if getattr(self, "_tiles", None):
            # Portrait and large text: two columns (or one) keep every word of a title whole.
            width = event.size().width() / theme.current().text_scale
            per_column = 460 if theme.current().kiosk else 340
            self._place_tiles(max(1, min(3, int(width // per_column))))

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
        head = QHBoxLayout()
        head.setSpacing(12)
        badge = PlainLabel()
        badge.setPixmap(icon(tile_icon(key, section)).pixmap(QSize(36, 36)))
        badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        badge.setProperty("a11y", "hidden")  # decoration (the tile is one button anyway)
        head.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        tile.content.addLayout(head)
        heading = tile.add_label(title, "h3")
        tile.content.removeWidget(heading)
        head.addWidget(heading, 1)
        if blurb:
            tile.add_label(blurb, "body")
        tile.content.addStretch(1)
        tile.setAccessibleName(title)
        tile.setAccessibleDescription(blurb)
        tile.clicked.connect(lambda: self.section_requested.emit(key))
        return tile
