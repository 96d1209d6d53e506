"""Words to know: every term the guide explains, in one list."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cartguide.content import Glossary, markup
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card


class GlossaryPage(ScrollPage):
    key = "glossary"

    def __init__(self, ctx: PageContext, glossary: Glossary,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._glossary = glossary
        self.add_heading(glossary.title)
        self.add_hero(glossary.illustration, glossary.intro)
        self._cards: dict[str, Card] = {}
        for term in glossary.terms:
            card = Card(ctx, term.term, paragraphs=term.definition, sources=term.sources,
                        heading_role="h3")
            card.setAccessibleName(term.term)
            self._cards[term.id] = card
            self.column.addWidget(card)

    @property
    def title(self) -> str:
        return markup.plain(self._glossary.title, self.ctx.term_name)

    def show_term(self, term_id: str) -> None:
        card = self._cards.get(term_id)
        if card is not None:
            self.scroll_area.ensureWidgetVisible(card, 0, 40)
