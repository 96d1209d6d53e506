"""A word explained in place: a glossary term opened from a link, without leaving the page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cartguide.content import Term
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.input_watch import window_shown
from cartguide.ui.read_aloud import Narrator, passages_in
from cartguide.ui.widgets.card import sources_label


class TermDialog(QDialog):
    def __init__(self, ctx: PageContext, term: Term, narrator: Narrator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._narrator = narrator
        self._language = ctx.guide.language
        self.setObjectName("termDialog")
        self.setWindowTitle(term.term)
        self.setAccessibleName(tr("Explanation: {0}").format(term.term))
        self.setModal(True)
        # No title bar: its minimise button would hide a kiosk (red-team B1), and the dialog
        # has its own large Close button.
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(16)
        heading = ctx.label(term.term, role="h2")
        heading.setObjectName("termHeading")
        layout.addWidget(heading)
        for paragraph in term.definition:
            layout.addWidget(ctx.label(paragraph, role="lead"))
        note = sources_label(ctx, term.sources)
        if note is not None:
            layout.addWidget(note)
        row = QHBoxLayout()
        if narrator is not None:
            listen = QPushButton(icon("play"), tr("Read aloud"))
            listen.setIconSize(QSize(24, 24))
            listen.setAccessibleName(tr("Read aloud"))
            reason = narrator.unavailable_reason(self._language)
            listen.setAccessibleDescription(reason or tr("Hear this explanation"))
            listen.setEnabled(reason is None)
            listen.clicked.connect(self.read_aloud)
            row.addWidget(listen)
        row.addStretch(1)
        close = QPushButton(icon("close", "on_primary"), tr("Close"))
        close.setProperty("variant", "primary")
        close.setIconSize(QSize(24, 24))
        close.setAccessibleName(tr("Close"))
        close.setAccessibleDescription(tr("Close this explanation and go back to the page"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.finished.connect(self._stop_reading)

    @Slot()
    def read_aloud(self) -> None:
        if self._narrator is not None:
            self._narrator.read(passages_in(self), self._language)

    @Slot()
    def _stop_reading(self) -> None:
        if self._narrator is not None:
            self._narrator.stop()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        window_shown(self)  # touches here count as activity, keys here are guarded
