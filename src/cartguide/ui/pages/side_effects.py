"""Side effects and warning signs: when to call the care team at once, then what to expect."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cartguide.content import SideEffects, markup
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card


class SideEffectsPage(ScrollPage):
    key = "side_effects"

    def __init__(self, ctx: PageContext, side_effects: SideEffects,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._section = side_effects
        self.add_heading(side_effects.title)
        self.add_hero(side_effects.illustration, side_effects.intro)
        urgent = Card.from_block(ctx, side_effects.call_now, icon_name="phone",
                                 object_name="warningCard")
        urgent.setAccessibleName(markup.plain(side_effects.call_now.heading, ctx.term_name))
        self.column.addWidget(urgent)
        for effect in side_effects.effects:
            self.column.addWidget(Card.from_block(ctx, effect, icon_name="side_effects"))

    @property
    def title(self) -> str:
        return markup.plain(self._section.title, self.ctx.term_name)
