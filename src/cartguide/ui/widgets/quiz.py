"""Check your understanding: a few questions, each answered with a big button and followed by a
kind explanation. Nothing is scored or kept; the answers vanish with the page.

Each question is a named group of radio buttons (what a screen reader expects of "choose one").
Every answer is its own Tab stop, and the arrow keys move between the answers of a question,
never to another page. After an answer the verdict is marked at a glance (✓ or ✗, colour and
word, the right answer marked in place) and gets the focus, so a screen reader says it with its
explanation.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QRadioButton, QSizePolicy, QVBoxLayout, QWidget

from cartguide.content import Question, Quiz, markup
from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.context import PageContext
from cartguide.ui.widgets.card import sources_label
from cartguide.ui.widgets.text import WrappingLabel

#: room on the left of an answer's words for its round mark (the stylesheet's indicator)
INDICATOR_ROOM_PX = 64
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}


class ChoiceButton(QRadioButton):
    """One answer: a large radio button whose words wrap, pressed anywhere on it."""

    def __init__(self, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choice")
        # First: Qt asks the factory once, at the first accessibility event (a name change).
        accessibility.mark(self, accessibility.RADIO)
        self.setAutoExclusive(False)  # the question keeps one chosen; Tab reaches each answer
        self.setAccessibleName(words)
        self.setAccessibleDescription(tr("Choose this answer"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        box = self._box = QVBoxLayout(self)
        box.setContentsMargins(INDICATOR_ROOM_PX, 14, 18, 14)
        box.setSpacing(6)
        self.words = self._label(words, "body")
        #: "✓ Right answer" / "✗ Not quite": shown once the question is answered
        self.mark = self._label("", "mark")
        self.mark.setVisible(False)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _label(self, text: str, role: str) -> QLabel:
        label = WrappingLabel(text)
        label.setProperty("role", role)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        accessibility.mark(label, accessibility.HIDDEN)  # the button's name says it
        self._box.addWidget(label)
        return label

    def show_mark(self, verdict: str) -> None:
        """``right``, ``wrong`` or ``""``: how this answer is marked now."""
        self.setProperty("verdict", verdict)
        if verdict == "right":
            self.mark.setText("✓ " + tr("Right answer"))
        elif verdict == "wrong":
            self.mark.setText("✗ " + tr("Not quite"))
        self.mark.setVisible(bool(verdict))
        for widget in (self, self.mark):
            widget.setProperty("verdict", verdict)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        # (Qt tells assistive technology of the change itself.)
        self.setAccessibleDescription(self.mark.text() if verdict else tr("Choose this answer"))

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)  # the words too, not only the round mark

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._box.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._box.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._box.totalHeightForWidth(width)

    def event(self, event: QEvent) -> bool:
        # Arrow keys belong to the answers, not to the walkthrough's page-turning shortcuts.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() in _MOVES and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        step = _MOVES.get(Qt.Key(event.key()))
        view = self.parentWidget()
        if step is not None and isinstance(view, QuestionView):
            choices = view.choices
            index = choices.index(self) + step
            if 0 <= index < len(choices):
                choices[index].setFocus(Qt.FocusReason.TabFocusReason)
            return  # at the first or last answer the arrow does nothing
        super().keyPressEvent(event)


class QuestionView(QWidget):
    def __init__(self, ctx: PageContext, question: Question, number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("question")
        self._ctx = ctx
        self._question = question
        asked = f"{number}. {markup.plain(question.question, ctx.term_name)}"
        accessibility.mark(self, accessibility.GROUP)
        self.setAccessibleName(asked)  # the group of answers is named by its question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(10)
        layout.addWidget(ctx.label(f"{number}. {question.question}", role="h3"))
        self.choices: list[ChoiceButton] = []
        for index, choice in enumerate(question.choices, start=1):
            button = ChoiceButton(markup.plain(choice, ctx.term_name))
            # toggled, not clicked: a screen reader's "Toggle" action checks without a click
            button.toggled.connect(lambda on, i=index: self.choose(i) if on else None)
            self.choices.append(button)
            layout.addWidget(button)
        self._feedback = QFrame()
        self._feedback.setObjectName("verdictBox")
        feedback = QVBoxLayout(self._feedback)
        feedback.setContentsMargins(20, 14, 20, 14)
        self._verdict = ctx.label(" ", role="h3")
        self._verdict.setObjectName("verdict")
        self._verdict.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._verdict.setIndent(0)
        feedback.addWidget(self._verdict)
        self._explanation = [markup.plain(p, ctx.term_name) for p in question.explanation]
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

    @property
    def verdict(self) -> QLabel:
        return self._verdict

    @Slot(int)
    def choose(self, index: int) -> None:
        """Show whether the chosen answer is right, and why the right one is right."""
        right = self._question.answer
        for i, button in enumerate(self.choices, start=1):
            button.blockSignals(True)
            button.setChecked(i == index)
            button.blockSignals(False)
            button.show_mark("right" if i == right else "wrong" if i == index else "")
        if index == right:
            verdict = tr("Yes, that is right.")
            mark = "✓"
        else:
            correct = markup.plain(self._question.choices[right - 1], self._ctx.term_name)
            verdict = tr("Not quite. The answer is: {0}").format(correct)
            mark = "✗"
        state = "right" if index == right else "wrong"
        self._verdict.setText(html.escape(f"{mark} {verdict}", quote=False))
        self._verdict.setAccessibleName(verdict)
        self._verdict.setAccessibleDescription(" ".join(self._explanation))
        for widget in (self._feedback, self._verdict):
            widget.setProperty("verdict", state)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._feedback.setVisible(True)
        # The verdict takes the focus: a screen reader says it and its explanation (Orca 43
        # ignores announcements), and the page scrolls to show it.
        self._verdict.setFocus(Qt.FocusReason.OtherFocusReason)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._verdict, verdict))


class QuizCard(QFrame):
    def __init__(self, ctx: PageContext, quiz: Quiz, *, show_heading: bool = True,
                 parent: QWidget | None = None) -> None:
        """``show_heading``: False where the page's own heading already says it."""
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(markup.plain(quiz.heading, ctx.term_name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        if show_heading:
            layout.addWidget(ctx.label(quiz.heading, role="h2"))
        for paragraph in quiz.intro:
            layout.addWidget(ctx.label(paragraph))
        self.questions = [QuestionView(ctx, q, n) for n, q in enumerate(quiz.questions, start=1)]
        for view in self.questions:
            layout.addWidget(view)
        layout.addStretch(1)
