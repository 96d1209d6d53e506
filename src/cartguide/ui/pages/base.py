"""What all pages share: a scrolling, centred column and the usual page furniture."""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)

from cartguide.content import Illustration
from cartguide.ui import theme
from cartguide.ui.context import PageContext
from cartguide.ui.widgets.illustration import IllustrationView
from cartguide.ui.widgets.responsive import ResponsiveRow


def enable_touch_scrolling(area: QScrollArea, *, mouse_drag: bool = False) -> None:
    """Kinetic scrolling by finger (and, on kiosks whose touch screen acts as a mouse, by
    dragging). No bounce at the ends: the guide has no decorative motion at all."""
    gesture = (QScroller.ScrollerGestureType.LeftMouseButtonGesture if mouse_drag
               else QScroller.ScrollerGestureType.TouchGesture)
    QScroller.grabGesture(area.viewport(), gesture)
    scroller = QScroller.scroller(area.viewport())
    properties = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    # Taps reach buttons at once (the default holds presses back 0.25 s to see if they
    # become drags, which feels like lag on a touch screen).
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(properties)


def _scroll_to_top(area: QScrollArea) -> None:
    QScroller.scroller(area.viewport()).stop()  # a flick still gliding would move it again
    area.verticalScrollBar().setValue(0)


def _new_scroll_area() -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Never a focus stop: focus goes to the page's heading and controls (the area scrolls to
    # them); a screen reader would call a focused area an unnamed "layered pane".
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class ScrollAreaPool:
    """Touch-scrolling areas that outlive the pages shown in them.

    Every ``QScroller.grabGesture()`` registers a new gesture recognizer, and Qt never reuses a
    gesture type's number (``ungrabGesture()`` does not give it back); PySide also makes a new
    Python enum class for each new number. Pages are rebuilt on every text-size, contrast or
    language change and every reset, so a kiosk grabbing a gesture per page built grew without
    end (about 30 KB per page, see docs/performance.md). Here each area is made, and its
    gesture grabbed, once; a page borrows one and gives it back when it is deleted."""

    def __init__(self, owner: QWidget, *, mouse_drag: bool = False) -> None:
        self._owner = owner  # keeps the free areas (hidden) and deletes them with itself
        self._mouse_drag = mouse_drag
        self._free: list[QScrollArea] = []
        #: areas made so far (stays at the number of pages alive at once)
        self.made = 0

    def take(self) -> QScrollArea:
        if self._free:
            return self._free.pop()
        area = _new_scroll_area()
        enable_touch_scrolling(area, mouse_drag=self._mouse_drag)
        self.made += 1
        return area

    def give_back(self, area: QScrollArea) -> None:
        """Take ``area`` out of its page, empty and at the top, ready for the next page."""
        _scroll_to_top(area)
        area.setAccessibleName("")  # the old page's title, maybe in another language (review 18)
        area.hide()
        area.setParent(self._owner)
        self._free.append(area)


class ScrollPage(QWidget):
    """A page whose content scrolls in a column of comfortable reading width.

    With ``ctx.scroll_areas``, the scroll area comes from (and, on :meth:`release`, goes back
    to) that pool; without, the page makes its own, which has no touch scrolling."""

    #: the section this page shows (``steps``, ``story``, ...)
    key = ""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page")
        outer = self._outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        areas = self._areas = ctx.scroll_areas
        self.scroll_area = areas.take() if areas is not None else _new_scroll_area()
        holder = self._holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        column_widget = QWidget()
        column_widget.setObjectName("pageColumn")
        column_widget.setMaximumWidth(theme.current().metrics.column_max_px)
        row.addStretch(0)
        row.addWidget(column_widget, 1)
        row.addStretch(0)
        outer_column = QVBoxLayout(column_widget)
        outer_column.setContentsMargins(40, 24, 40, 40)
        outer_column.setSpacing(0)
        #: what the page shows, top to bottom
        self.column = QVBoxLayout()
        self.column.setSpacing(20)
        outer_column.addLayout(self.column)
        # Spare height collects below the content, never inside cards or rows.
        outer_column.addStretch(1)
        self.scroll_area.setWidget(holder)
        outer.addWidget(self.scroll_area, 1)
        self.scroll_area.show()

    def release(self) -> None:
        """Before the page is deleted: give its scroll area back to the pool (the content goes
        with the page)."""
        if self._areas is None:
            return
        # Deleted where it is: taken out first (takeWidget() makes it a window of its own, then
        # back into the page), every widget of a page was restyled twice on the way, about
        # 60 ms a built page (measured: a language switch with every page built 3.3 s -> see
        # docs/performance.md).
        holder = self.scroll_area.widget()
        if holder is not None:
            shiboken6.delete(holder)
        self._outer.removeWidget(self.scroll_area)
        self._areas.give_back(self.scroll_area)
        self._areas = None

    @property
    def title(self) -> str:
        """The page's heading, also used for the window title."""
        return ""

    def add_heading(self, title: str, eyebrow: str | None = None) -> None:
        if eyebrow:
            label = self.ctx.label(eyebrow, role="eyebrow")
            label.setObjectName("eyebrow")
            self.column.addWidget(label)
        heading = self.ctx.label(title, role="h1")
        heading.setObjectName("pageHeading")
        # Where focus goes when the page (or a step) is shown, so a screen reader says where
        # the reader now is; Tab reaches it too, and it shows a focus ring.
        heading.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        heading.setIndent(0)  # its focus border would otherwise indent the words
        self.column.addWidget(heading)

    def heading(self) -> QWidget | None:
        """The heading of what the page shows now (each step has its own)."""
        for label in self._holder.findChildren(QWidget, "pageHeading"):
            if label.isVisibleTo(self):
                return label
        return None

    def focus_heading(self) -> None:
        """Put the keyboard (and screen-reader) focus on the page's heading."""
        heading = self.heading()
        if heading is not None:
            heading.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_hero(self, illustration: Illustration | None, paragraphs: Sequence[str],
                 lead: bool = True, picture_share: int = 5) -> ResponsiveRow:
        """The section's illustration beside its opening paragraphs (picture:text = share:6)."""
        row = ResponsiveRow()
        row.add(IllustrationView(illustration), picture_share)
        text = QWidget()
        box = QVBoxLayout(text)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        for i, paragraph in enumerate(paragraphs):
            box.addWidget(self.ctx.label(paragraph, role="lead" if lead and i == 0 else "body"))
        box.addStretch(1)
        row.add(text, 6)
        self.column.addWidget(row)
        return row

    def show_widget(self, widget: QWidget) -> None:
        """Scroll so ``widget`` is in view (the passage being read aloud)."""
        self.scroll_area.ensureWidgetVisible(widget, 0, 80)

    def scroll_to_top(self) -> None:
        _scroll_to_top(self.scroll_area)

    def focus_chain(self) -> list[QWidget]:
        """The page's focusable controls in reading order: top to bottom, left to right."""
        holder = self._holder
        found = [w for w in holder.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(self)]

        def place(widget: QWidget) -> tuple[int, int]:
            point = widget.mapTo(holder, widget.rect().topLeft())
            return (point.y(), point.x())

        return [*sorted(found, key=place), *self.trailing_controls()]

    def add_below(self, widget: QWidget) -> None:
        """A bar that stays under the scrolling content (the steps' navigation)."""
        self._outer.addWidget(widget)

    def trailing_controls(self) -> list[QWidget]:
        """Controls below the scrolling content (the steps' navigation bar)."""
        return []
