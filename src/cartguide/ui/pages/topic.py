"""A topic section (``topics/<id>.yaml``): any number of them, no code per topic.

The page shows the topic's heading, its picture beside the opening paragraphs, then each block
as a card (heading, picture, paragraphs, bullets, a boxed note, sources) and, if the topic has
one, the "check your understanding" quiz. Blocks marked ``show: print`` are left off the screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cartguide.content import Topic, markup
from cartguide.content.model import on_screen
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card
from cartguide.ui.widgets.quiz import QuizCard


class TopicPage(ScrollPage):
    def __init__(self, ctx: PageContext, topic_id: str, topic: Topic,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.key = topic_id
        self._topic = topic
        self.setObjectName("page")
        self.add_heading(topic.title)
        if topic.illustration is not None:
            self.add_hero(topic.illustration, topic.intro)
        else:
            for i, paragraph in enumerate(topic.intro):
                self.column.addWidget(ctx.label(paragraph, role="lead" if i == 0 else "body"))
        for block in on_screen(topic.blocks):
            self.column.addWidget(Card.from_block(ctx, block))
        if topic.quiz is not None:
            self.column.addWidget(QuizCard(ctx, topic.quiz))

    @property
    def title(self) -> str:
        return markup.plain(self._topic.title, self.ctx.term_name)
