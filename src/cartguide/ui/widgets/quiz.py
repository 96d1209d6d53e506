"""Check your understanding: a few questions, each answered with a big button and followed by a
kind explanation. Nothing is scored or kept; the answers vanish with the page."""

from __future__ import annotations

import html

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QButtonGroup, QFrame, QVBoxLayout, QWidget

from cartguide.content import Question, Quiz, markup
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.widgets.card import sources_label
from cartguide.ui.widgets.tile import TileButton


class QuestionView(QWidget):
    def __init__(self, ctx: PageContext, question: Question, number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("question")
        self._ctx = ctx
        self._question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(10)
        layout.addWidget(ctx.label(f"{number}. {question.question}", role="h3"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.choices: list[TileButton] = []
        for index, choice in enumerate(question.choices, start=1):
            words = markup.plain(choice, ctx.term_name)
            button = TileButton("choice")
            button.content.addStretch(1)  # the words sit in the middle of a tall button
            button.add_label(words, "body")
            button.content.addStretch(1)
            button.setCheckable(True)
            button.setAccessibleName(words)
            button.setAccessibleDescription(tr("Choose this answer"))
            button.clicked.connect(lambda _checked=False, i=index: self.choose(i))
            self._group.addButton(button, index)
            self.choices.append(button)
            layout.addWidget(button)
        self._feedback = QFrame()
        self._feedback.setObjectName("callout")
        feedback = QVBoxLayout(self._feedback)
        feedback.setContentsMargins(20, 14, 20, 14)
        self._verdict = ctx.label(" ", role="h3")
        self._verdict.setObjectName("verdict")
        feedback.addWidget(self._verdict)
        for paragraph in question.explanation:
            feedback.addWidget(ctx.label(paragraph))
        note = sources_label(ctx, question.sources)
        if note is not None:
            feedback.addWidget(note)
        self._feedback.setVisible(False)
        layout.addWidget(self._feedback)

    @property
    def answered(self) -> bool:
        return self._feedback.isVisibleTo(self)

    @Slot(int)
    def choose(self, index: int) -> None:
        """Show whether the chosen answer is right, and why the right one is right."""
        self.choices[index - 1].setChecked(True)
        right = self._question.answer
        if index == right:
            verdict = tr("Yes, that is right.")
        else:
            correct = markup.plain(self._question.choices[right - 1], self._ctx.term_name)
            verdict = tr("Not quite. The answer is: {0}").format(correct)
        self._verdict.setText(html.escape(verdict, quote=False))
        self._verdict.setAccessibleName(verdict)
        self._feedback.setVisible(True)


class QuizCard(QFrame):
    def __init__(self, ctx: PageContext, quiz: Quiz, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(markup.plain(quiz.heading, ctx.term_name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(ctx.label(quiz.heading, role="h2"))
        for paragraph in quiz.intro:
            layout.addWidget(ctx.label(paragraph))
        self.questions = [QuestionView(ctx, q, n) for n, q in enumerate(quiz.questions, start=1)]
        for view in self.questions:
            layout.addWidget(view)
        layout.addStretch(1)
