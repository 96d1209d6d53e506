"""A word explained in place: a glossary term opened from a link, without leaving the page."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cartguide.content import Term
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.widgets.card import sources_label


class TermDialog(QDialog):
    def __init__(self, ctx: PageContext, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("termDialog")
        self.setWindowTitle(term.term)
        self.setAccessibleName(self.tr("Explanation: {0}").format(term.term))
        self.setModal(True)
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
        row.addStretch(1)
        close = QPushButton(icon("close", "on_primary"), self.tr("Close"))
        close.setProperty("variant", "primary")
        close.setIconSize(QSize(24, 24))
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Close this explanation and go back to the page"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
