"""'What the studies found': the numbers from research (percentages, medians, hazard ratios),
in a clearly labelled part that stays closed until the reader opens it. The page's main text says
the same in words, so nobody has to read figures to understand the guide."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from cartguide.content import Block
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.widgets.card import Card


class StudiesPart(QFrame):
    """A heading, one line saying what is inside, and a button that shows or hides the blocks.
    Closed by default (each page is built fresh for every visit, so it starts closed again)."""

    def __init__(self, ctx: PageContext, blocks: Sequence[Block],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(tr("What the studies found"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(ctx.label(tr("What the studies found"), role="h2"))
        layout.addWidget(ctx.label(tr(
            "Numbers from research about groups of people. They cannot tell what will happen "
            "to you. You do not need them to understand this page."), role="muted"))
        self.toggle = QPushButton()
        self.toggle.setObjectName("studiesToggle")
        self.toggle.setCheckable(True)
        self.toggle.setIconSize(QSize(28, 28))
        self.toggle.toggled.connect(self._set_open)
        layout.addWidget(self.toggle)
        self._body = QWidget()
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(16)
        for block in blocks:
            body.addWidget(Card.from_block(ctx, block, icon_name="sources"))
        layout.addWidget(self._body)
        self._set_open(False)

    @property
    def is_open(self) -> bool:
        return not self._body.isHidden()

    @Slot(bool)
    def _set_open(self, shown: bool) -> None:
        self._body.setVisible(shown)
        if shown:
            text, description = (tr("Hide what the studies found"),
                                 tr("Close the research numbers again"))
        else:
            text, description = (tr("Show what the studies found"),
                                 tr("Open the numbers from research about groups of people"))
        self.toggle.setText(text)
        self.toggle.setIcon(icon("close_part" if shown else "open_part"))
        self.toggle.setAccessibleName(text)
        self.toggle.setAccessibleDescription(description)
