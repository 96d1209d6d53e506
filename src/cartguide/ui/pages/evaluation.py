"""Before treatment: what the care team checks and why, what to bring, questions to ask."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from cartguide.content import Evaluation, markup
from cartguide.content.model import on_screen
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card

#: icons for the usual checks; any other check id gets the generic one.
CHECK_ICONS = {"questions": "question", "bring": "bring"}


class EvaluationPage(ScrollPage):
    key = "evaluation"

    def __init__(self, ctx: PageContext, evaluation: Evaluation,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._evaluation = evaluation
        self.add_heading(evaluation.title)
        note = Card(ctx, tr("Please note"), icon_name="note",
                    paragraphs=(evaluation.note,), object_name="callout")
        note.setAccessibleName(tr("Please note"))
        self.column.addWidget(note)
        self.add_hero(evaluation.illustration, evaluation.intro)
        grid = QGridLayout()
        grid.setSpacing(20)
        for i, check in enumerate(on_screen(evaluation.checks)):
            grid.addWidget(Card.from_block(ctx, check, icon_name="check"), i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.column.addLayout(grid)
        if evaluation.bring is not None and evaluation.bring.on_screen:
            self.column.addWidget(Card.from_block(ctx, evaluation.bring, icon_name="bring"))
        if evaluation.questions is not None and evaluation.questions.on_screen:
            self.column.addWidget(Card.from_block(ctx, evaluation.questions,
                                                  icon_name="question"))

    @property
    def title(self) -> str:
        return markup.plain(self._evaluation.title, self.ctx.term_name)
