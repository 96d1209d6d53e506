"""Cards: a heading with an icon over paragraphs and bullets; one look for every block of content.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cartguide.content import Block, Illustration, markup
from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.widgets.illustration import IllustrationView
from cartguide.ui.widgets.text import BulletList, PlainLabel


def sources_label(ctx: PageContext, ids: Sequence[str]) -> QLabel | None:
    """'Sources: …' under a block, so every number shows where it comes from."""
    if not ids:
        return None
    prefix = tr("Sources:")
    label = ctx.label(f"{prefix} " + "; ".join(ctx.source_titles(ids)), role="sources")
    label.setObjectName("sources")
    return label


class Card(QFrame):
    """A framed card. ``object_name`` picks its look (``card``, ``callout``, ``warningCard``)."""

    def __init__(
        self,
        ctx: PageContext,
        heading: str | None,
        *,
        icon_name: str | None = None,
        paragraphs: Sequence[str] = (),
        items: Sequence[str] = (),
        sources: Sequence[str] = (),
        object_name: str = "card",
        heading_role: str = "h2",
        callout: str | None = None,
        callout_kind: str = "note",
        illustration: Illustration | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        accessibility.mark(self, accessibility.GROUP)
        if heading:
            self.setAccessibleName(markup.plain(heading, ctx.term_name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        if heading:
            row = QHBoxLayout()
            row.setSpacing(12)
            if icon_name:
                badge = PlainLabel()
                badge.setPixmap(icon(icon_name).pixmap(QSize(32, 32)))
                badge.setFixedSize(36, 36)
                accessibility.mark(badge, accessibility.HIDDEN)  # decoration: the heading says it
                row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
            title = ctx.label(heading, role=heading_role)
            title.setObjectName("cardHeading")
            row.addWidget(title, 1)
            layout.addLayout(row)
        if illustration is not None:
            layout.addWidget(IllustrationView(illustration))
        for text in paragraphs:
            layout.addWidget(ctx.label(text))
        if items:
            layout.addWidget(BulletList(items, ctx.label))
        if callout:
            layout.addWidget(CalloutBox(ctx, callout, kind=callout_kind))
        note = sources_label(ctx, sources)
        if note is not None:
            layout.addWidget(note)
        # Beside a taller card keep the text at the top. (Not layout.setAlignment(AlignTop):
        # an aligned layout gets its size hint, not its height for the width, and clips.)
        layout.addStretch(1)

    @classmethod
    def from_block(cls, ctx: PageContext, block: Block, *, icon_name: str | None = None,
                   object_name: str = "card") -> Card:
        """A block as a card: heading, picture, paragraphs, bullets, boxed note, sources. Named
        by its heading, for screen readers (and tests)."""
        card = cls(ctx, block.heading, icon_name=icon_name, paragraphs=block.paragraphs,
                   items=block.items, sources=block.sources, object_name=object_name,
                   callout=block.callout, callout_kind=block.callout_kind,
                   illustration=block.illustration)
        card.setAccessibleName(markup.plain(block.heading, ctx.term_name))
        return card


class CalloutBox(QFrame):
    """A boxed note inside a card (a block's ``callout``), one paragraph: the calm callout look,
    or with ``kind="warning"`` the warning-signs look (anything that says to call at once)."""

    def __init__(self, ctx: PageContext, text: str, parent: QWidget | None = None, *,
                 kind: str = "note") -> None:
        super().__init__(parent)
        self.setObjectName("warningCallout" if kind == "warning" else "callout")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        label = ctx.label(text)
        layout.addWidget(label)
