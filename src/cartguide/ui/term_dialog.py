"""A word explained in place: a glossary term opened from a link, without leaving the page.

A word inside an explanation opens in the same dialog, with a button back to the word before
it. A tap on the dimmed page outside closes the explanation.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from cartguide.content import Term, markup
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.read_aloud import Narrator, passages_in
from cartguide.ui.widgets.card import sources_label
from cartguide.ui.widgets.dialog import CalmDialog

#: Widest the explanation's panel grows (px): about 60 characters a line at kiosk size.
PANEL_WIDTH = 1100


class TermDialog(CalmDialog):
    closes_on_outside_tap = True
    panel_width = PANEL_WIDTH

    def __init__(self, ctx: PageContext, term: Term, narrator: Narrator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("termDialog", term.term, role="h2", parent=parent, close_button=True)
        self._ctx = ctx
        self._narrator = narrator
        self._language = ctx.guide.language
        self._term = term
        self._history: list[Term] = []
        self.setWindowTitle(term.term)
        # Level with its paragraphs (content labels keep room for the read-aloud frame).
        self.heading.setProperty("reading", False)
        self._content = QWidget()
        self.body.addWidget(self._content)
        row = self.button_row(16)
        # The buttons' edge on the words' edge (the words keep room for the reading frame).
        self.heading.ensurePolished()
        inset = self.heading.contentsMargins().left()
        row.setContentsMargins(inset, 0, 0, 0)
        self._back = QPushButton(icon("back"), "")
        self._back.setIconSize(QSize(28, 28))
        self._back.clicked.connect(self.go_back)
        row.addWidget(self._back)
        self._listen: QPushButton | None = None
        if narrator is not None:
            listen = self._listen = QPushButton(icon("play"), tr("Read aloud"))
            listen.setIconSize(QSize(28, 28))
            listen.setAccessibleName(tr("Read aloud"))
            reason = narrator.unavailable_reason(self._language)
            listen.setAccessibleDescription(reason or tr("Hear this explanation"))
            listen.setEnabled(reason is None)
            listen.clicked.connect(self.read_aloud)
            row.addWidget(listen)
        row.addStretch(1)
        self.body.addLayout(row)
        self.finished.connect(self._stop_reading)
        self._show(term)

    @property
    def term(self) -> Term:
        """The word explained now."""
        return self._term

    def open_term(self, term: Term) -> None:
        """A word inside this explanation: show it here, with a way back to this one."""
        if term.id == self._term.id:
            return
        self._history.append(self._term)
        self._show(term)

    @Slot()
    def go_back(self) -> None:
        if self._history:
            self._show(self._history.pop())

    def _show(self, term: Term) -> None:
        self._stop_reading()
        self._term = term
        self.heading.setText(term.term)
        self.heading.setAccessibleName(term.term)
        self.setAccessibleName(tr("Explanation: {0}").format(term.term))
        old = self._content.layout()
        if old is not None:
            QWidget().setLayout(old)  # the old words go with a throw-away widget
        box = QVBoxLayout(self._content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        for paragraph in term.definition:
            box.addWidget(self._ctx.label(paragraph, role="lead"))
        if self.close_button is not None:
            # Spoken with the focus: with no window manager Orca 43 says only the dialog's
            # name and the focused Close (no window is activated, so it reads no contents).
            words = " ".join(markup.plain(p, self._term_name) for p in term.definition)
            self.close_button.setAccessibleDescription(
                f"{words} {tr('Close this and go back to the page')}")
        note = sources_label(self._ctx, term.sources)
        if note is not None:
            box.addWidget(note)
        if self._history:
            previous = self._history[-1].term
            self._back.setText(tr("Back to {0}").format(previous))
            self._back.setAccessibleName(tr("Back to {0}").format(previous))
            self._back.setAccessibleDescription(tr("Show the word you were reading before"))
        self._back.setVisible(bool(self._history))
        for index in range(box.count()):
            item = box.itemAt(index)
            shown = item.widget() if item is not None else None
            if shown is not None:
                shown.show()  # now, not later: the panel is sized for these words
        self.fit_panel()

    def _term_name(self, term_id: str) -> str | None:
        found = self._ctx.guide.term(term_id)
        return found.term if found is not None else None

    @Slot()
    def read_aloud(self) -> None:
        if self._narrator is not None:
            self._narrator.read([self.heading, *passages_in(self._content)], self._language)

    @Slot()
    def _stop_reading(self) -> None:
        if self._narrator is not None:
            self._narrator.stop()
