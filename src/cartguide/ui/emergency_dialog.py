"""'Warning signs · who to call', one tap from every screen: the numbers first and large, then
the signs that mean "call at once", then a way to the full side-effects page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cartguide.content import markup
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.pages.base import enable_touch_scrolling
from cartguide.ui.widgets.call_numbers import CallNumbers
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.text import BulletList


class EmergencyDialog(CalmDialog):
    """The numbers to call and the warning signs, over whatever page the reader is on."""

    more_requested = Signal()  # "All about side effects": show the side-effects page
    card_requested = Signal()  # kiosk with printing: print a blank wallet card
    #: As wide as a word explanation: the signs read in long lines, not a narrow column.
    panel_width = 1100
    scrolls_inside = True  # the signs scroll; the heading, numbers and Close stay in view

    def __init__(self, ctx: PageContext, *, can_print_card: bool = False,
                 parent: QWidget | None = None) -> None:
        side_effects = ctx.guide.side_effects
        heading = (side_effects.call_now.heading if side_effects is not None
                   else tr("Who to call"))
        super().__init__("emergencyDialog", markup.plain(heading, ctx.term_name), role="h2",
                         parent=parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.numbers = CallNumbers(ctx)
        self.body.addWidget(self.numbers)
        if side_effects is not None:
            signs = QWidget()
            inner = QVBoxLayout(signs)
            inner.setContentsMargins(16, 12, 16, 12)
            inner.setSpacing(12)
            for paragraph in side_effects.call_now.paragraphs:
                inner.addWidget(ctx.label(paragraph))
            inner.addWidget(BulletList(side_effects.call_now.items, ctx.label))
            inner.addStretch(1)
            scroller = QScrollArea()
            scroller.setObjectName("warningSigns")
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroller.setWidget(signs)
            scroller.setAccessibleName(tr("Warning signs"))
            enable_touch_scrolling(scroller, mouse_drag=ctx.kiosk)
            self.body.addWidget(scroller, 1)
        row = self.button_row(12)
        if side_effects is not None:
            more = self._button("side_effects", tr("All about side effects"),
                                tr("Go to the page about side effects and warning signs"))
            more.clicked.connect(self._more)
            row.addWidget(more)
        if can_print_card:
            card = self._button("print", tr("Print a wallet card"),
                                tr("Print a blank card with the warning signs to fill in and "
                                   "carry"))
            card.clicked.connect(self._card)
            row.addWidget(card)
        row.addStretch(1)
        close = self._button("close", tr("Close"), tr("Close and go back to the page"),
                             colour="on_primary")
        close.setProperty("variant", "primary")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        self.body.addLayout(row)

    @staticmethod
    def _button(meaning: str, text: str, description: str,
                colour: str = "primary") -> QPushButton:
        button = QPushButton(icon(meaning, colour), text)
        button.setIconSize(QSize(24, 24))
        button.setAccessibleName(text)
        button.setAccessibleDescription(description)
        return button

    @Slot()
    def _card(self) -> None:
        self.accept()  # the answer ("please collect...") shows in the bar behind
        self.card_requested.emit()

    @Slot()
    def _more(self) -> None:
        self.accept()
        self.more_requested.emit()
