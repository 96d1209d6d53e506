"""Side effects and warning signs: when to call the care team at once, then what to expect."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cartguide.content import SideEffects, markup
from cartguide.content.model import on_screen
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.call_numbers import CallNumbers
from cartguide.ui.widgets.card import Card, sources_label
from cartguide.ui.widgets.quiz import QuizCard
from cartguide.ui.widgets.studies import StudiesPart


def clinic_contact_line(ctx: PageContext) -> str:
    """'Your clinic: NAME, phone PHONE' from the site settings, or nothing."""
    if ctx.clinic_phone and ctx.clinic_name:
        return tr("Your clinic: {0}, phone {1}").format(
            ctx.clinic_name, ctx.clinic_phone)
    if ctx.clinic_phone:
        return tr("Your clinic's phone: {0}").format(
            ctx.clinic_phone)
    return ""


class SideEffectsPage(ScrollPage):
    key = "side_effects"

    def __init__(self, ctx: PageContext, side_effects: SideEffects,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._section = side_effects
        self.add_heading(side_effects.title)
        self.add_hero(side_effects.illustration, side_effects.intro)
        call_now = side_effects.call_now
        # The numbers to call, large, at the top of the panel (under its heading, before the
        # list: the first thing seen, not two screens down); where the list comes from
        # (brand-named patient guides) just below the panel, never inside it.
        urgent = Card(ctx, call_now.heading, icon_name="phone", paragraphs=call_now.paragraphs,
                      items=call_now.items, object_name="warningCard")
        urgent.setAccessibleName(markup.plain(side_effects.call_now.heading, ctx.term_name))
        layout = urgent.layout()
        assert isinstance(layout, QVBoxLayout)
        self.call_numbers = CallNumbers(ctx)
        layout.insertWidget(1, self.call_numbers)  # right under the heading row
        self.urgent_panel = urgent
        self.column.addWidget(urgent)
        note = sources_label(ctx, call_now.sources)
        if note is not None:
            self.column.addWidget(note)
        for effect in on_screen(side_effects.effects):
            self.column.addWidget(Card.from_block(ctx, effect, icon_name="side_effects"))
        if on_screen(side_effects.studies):
            self.column.addWidget(StudiesPart(ctx, on_screen(side_effects.studies)))
        if side_effects.quiz is not None:
            self.column.addWidget(QuizCard(ctx, side_effects.quiz))

    @property
    def title(self) -> str:
        return markup.plain(self._section.title, self.ctx.term_name)
