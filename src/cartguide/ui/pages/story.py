"""A patient's story: one person's experience as a timeline, and what it does and does not mean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cartguide.content import Event, Story, markup
from cartguide.content.model import on_screen
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card, sources_label
from cartguide.ui.widgets.studies import StudiesPart
from cartguide.ui.widgets.text import PlainLabel, WrappingLabel, typeset, unbreakable_pieces

#: the date badges' narrowest width; wider when a word of the date needs it (large text)
BADGE_MIN_PX = 170
#: and their widest: Chinese dates have no spaces and wrap anywhere
BADGE_MAX_PX = 360


def badge_width(badge: QFrame, label: QLabel, when: str) -> int:
    """Wide enough for the longest word of the date in the font in force ("December" at
    200 % is wider than 170 px), so no word is ever cut."""
    badge.ensurePolished()
    label.ensurePolished()
    metrics = label.fontMetrics()
    layout = badge.layout()
    margins = layout.contentsMargins() if layout is not None else None
    room = (margins.left() + margins.right()) if margins is not None else 0
    widest = max((metrics.horizontalAdvance(piece) for piece in unbreakable_pieces(typeset(when))),
                 default=0)
    return max(BADGE_MIN_PX, min(BADGE_MAX_PX, widest + room + 8))


class StoryPage(ScrollPage):
    key = "story"

    def __init__(self, ctx: PageContext, story: Story, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._story = story
        self.add_heading(story.title)
        note = Card(ctx, tr("One person's experience"), icon_name="note",
                    paragraphs=(story.experience_note,), object_name="callout")
        note.setAccessibleName(tr("One person's experience"))
        self.column.addWidget(note)
        self.add_hero(story.illustration, story.intro)
        timeline_heading = PlainLabel(tr("Timeline"))
        timeline_heading.setProperty("role", "h2")
        self.column.addWidget(timeline_heading)
        timeline = QVBoxLayout()
        timeline.setSpacing(0)
        self._badges: list[tuple[QFrame, int]] = []
        for i, event in enumerate(story.timeline):
            timeline.addWidget(self._event_row(event, last=i == len(story.timeline) - 1))
        widest = max((width for _badge, width in self._badges), default=BADGE_MIN_PX)
        for badge, _width in self._badges:
            badge.setFixedWidth(widest)  # one width down the timeline
        self.column.addLayout(timeline)
        for block in on_screen(story.after):
            self.column.addWidget(Card.from_block(ctx, block))
        if on_screen(story.studies):
            self.column.addWidget(StudiesPart(ctx, on_screen(story.studies)))

    @property
    def title(self) -> str:
        return markup.plain(self._story.title, self.ctx.term_name)

    def _event_row(self, event: Event, *, last: bool) -> QWidget:
        row = QWidget()
        row.setObjectName("timelineEvent")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        # Left: the date on a badge, with a line down to the next event.
        rail = QVBoxLayout()
        rail.setSpacing(0)
        badge = QFrame()
        badge.setObjectName("timelineDate")
        badge_layout = QVBoxLayout(badge)
        badge_layout.setContentsMargins(12, 10, 12, 10)
        when = WrappingLabel(typeset(event.when))  # "以前" stays whole (D16)
        when.setAccessibleName(event.when)
        when.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge_layout.addWidget(when)
        self._badges.append((badge, badge_width(badge, when, event.when)))
        rail.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        if last:
            rail.addStretch(1)
        else:
            line = QFrame()
            line.setObjectName("timelineLine")
            line.setFixedWidth(6)
            line.setMinimumHeight(24)
            rail.addWidget(line, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(rail)
        # Right: what happened.
        body = QVBoxLayout()
        body.setContentsMargins(0, 4, 0, 28)
        body.setSpacing(10)
        body.addWidget(self.ctx.label(event.title, role="h3"))
        for paragraph in event.text:
            body.addWidget(self.ctx.label(paragraph))
        note = sources_label(self.ctx, event.sources)
        if note is not None:
            body.addWidget(note)
        layout.addLayout(body, 1)
        row.setAccessibleName(f"{event.when}: {markup.plain(event.title, self.ctx.term_name)}")
        return row
