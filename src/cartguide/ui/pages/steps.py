"""How CAR-T treatment works: an overview, then one illustrated page per step."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cartguide.content import Step, Steps, markup
from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.context import PageContext
from cartguide.ui.icons import icon
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card, sources_label
from cartguide.ui.widgets.quiz import QuizCard
from cartguide.ui.widgets.swipe import SwipeDetector
from cartguide.ui.widgets.text import PlainLabel, unbreakable_pieces
from cartguide.ui.widgets.tile import TileButton

OVERVIEW = -1


class StepsPage(ScrollPage):
    key = "steps"
    step_changed = Signal(int)  # OVERVIEW or the step's index
    finished = Signal()

    def __init__(self, ctx: PageContext, steps: Steps, *, swipe: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._steps = steps
        self._index = OVERVIEW
        self._views: dict[int, QWidget] = {}
        self._section_title = markup.plain(steps.title, ctx.term_name)
        self.add_below(self._build_nav_bar())
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, self._arrow_back,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, self._arrow_next,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if swipe:
            detector = SwipeDetector(self.scroll_area, self)
            detector.swiped_left.connect(self.go_next_by_swipe)
            detector.swiped_right.connect(self.go_back)
        self._render()

    # -- state --------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def count(self) -> int:
        return len(self._steps.steps)

    @property
    def quiz_index(self) -> int | None:
        """The page after the last step, if the walkthrough has questions."""
        return self.count if self._steps.quiz is not None else None

    @property
    def _last(self) -> int:
        return self.count if self._steps.quiz is not None else self.count - 1

    @property
    def title(self) -> str:
        if self._index == OVERVIEW:
            return self._section_title
        if self._index == self.quiz_index and self._steps.quiz is not None:
            return markup.plain(self._steps.quiz.heading, self.ctx.term_name)
        return markup.plain(self._steps.steps[self._index].title, self.ctx.term_name)

    @Slot()
    def show_overview(self) -> None:
        self._go(OVERVIEW)

    def show_step(self, index: int) -> None:
        self._go(max(0, min(index, self._last)))

    @Slot()
    def go_back(self) -> None:
        if self._index > OVERVIEW:
            self._go(self._index - 1)

    @Slot()
    def go_next_by_swipe(self) -> None:
        """A swipe never leaves the walkthrough; only its last button does."""
        if self._index < self._last:
            self._go(self._index + 1)

    @Slot()
    def go_next(self) -> None:
        if self._index < self._last:
            self._go(self._index + 1)
        else:
            self.finished.emit()

    def _in_quiz(self) -> bool:
        """Whether the keyboard focus is inside a quiz (its arrow keys are its own)."""
        focused = QApplication.focusWidget()
        while focused is not None:
            if isinstance(focused, QuizCard):
                return True
            focused = focused.parentWidget()
        return False

    @Slot()
    def _arrow_back(self) -> None:
        if not self._in_quiz():
            self.go_back()

    @Slot()
    def _arrow_next(self) -> None:
        if not self._in_quiz():
            self.go_next_by_swipe()  # an arrow, like a swipe, never leaves the walkthrough

    def _go(self, index: int) -> None:
        if index == self._index:
            return
        self._index = index
        self._render()
        self.step_changed.emit(index)

    def trailing_controls(self) -> list[QWidget]:
        """In the order they are seen: portrait puts Back and Next on a row above the chips."""
        if self._nav_placement is not None and self._nav_placement[0]:
            return [self._back, self._next, *self._chips]
        return [self._back, *self._chips, self._next]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_chip_titles()

    def _fit_chip_titles(self) -> None:
        """Show the chips' short titles only where every word fits (large text may not).

        In landscape the chips share one row with Back and Next. On a portrait screen
        (taller than wide) Back and Next get their own row above the chips, and the chips
        take the full width, wrapping into up to two rows so that each keeps its name. Where
        named rows would not fit, or would take more than a fifth of the screen's height (large
        text), the strip is one compact row: every chip shows its number and the current one
        its name too (a 70-year-old at 200 % needs the height for the step's words)."""
        if not self._chips:
            return
        for chip in self._chips:
            chip.ensurePolished()
            for label in chip.findChildren(QLabel):
                label.ensurePolished()
        count = len(self._chips)
        # A name shows on one line or not at all (a Chinese name would otherwise wrap a
        # character a line and be cut by the strip's height).
        widest = max(self._name_width(chip) for chip in self._chips)
        portrait = self.height() > self.width()
        columns = count
        compact = False
        if portrait:
            show = False
            budget = self.window().height() * self._NAMED_STRIP_SHARE
            for rows in range(1, self._MAX_CHIP_ROWS + 1):
                columns = -(-count // rows)
                each = (self.width() - 48 - 10 * (columns - 1)) // columns
                if each >= widest:
                    show = True
                    break
            if show:  # named rows, if they leave the height to the step's words
                self._compact, self._show_names = False, True
                self._place_nav(portrait, columns)
                self._name_chips()
                show = self._strip.sizeHint().height() <= budget
            if not show:
                columns = count  # one row of numbers, the current chip named
                compact = True
        else:
            spare = (self.width() - self._back.sizeHint().width()
                     - self._next.sizeHint().width() - 48 - 10 * (count + 1))
            show = spare // count >= widest
        self._compact = compact
        self._show_names = show
        self._place_nav(portrait, columns)
        self._name_chips()

    _MAX_CHIP_ROWS = 2
    #: Most of a portrait screen's height that rows of named chips may take.
    _NAMED_STRIP_SHARE = 0.15
    _nav_placement: tuple[bool, int] | None
    _compact = False
    _show_names = True

    @staticmethod
    def _name_width(chip: QWidget) -> int:
        return max(label.fontMetrics().horizontalAdvance(label.text()) + 24
                   for label in chip.findChildren(QLabel) if label.property("role") == "chip")

    def _name_chips(self) -> None:
        """Which chips show their names: all where they fit; in the compact strip the
        current one (widened for its name, which may wrap at a space, never inside a word)."""
        grid = self._chip_grid
        for i, chip in enumerate(self._chips):
            named = self._show_names or (self._compact and i == self._index)
            grid.setColumnMinimumWidth(i, 0)
            for label in chip.findChildren(QLabel):
                if label.property("role") == "chip":
                    label.setVisible(named)
            if self._compact:
                grid.setColumnStretch(i, 0 if named else 1)
                if named:
                    name = self._chip_name(chip)
                    words = max((name.fontMetrics().horizontalAdvance(w) for w in
                                 unbreakable_pieces(name.shown_text())), default=0)
                    room = self.width() - 48 - (72 + 10) * (len(self._chips) - 1)
                    grid.setColumnMinimumWidth(
                        i, max(72, words + 40, min(self._name_width(chip) + 16, room)))
        self._strip.adjustSize()
        self._strip_scroll.setFixedHeight(self._strip.sizeHint().height())

    @staticmethod
    def _chip_name(chip: QWidget) -> PlainLabel:
        return next(label for label in chip.findChildren(PlainLabel)
                    if label.property("role") == "chip")

    def _place_nav(self, portrait: bool, columns: int) -> None:
        """Put Back, Next and the chips where the screen's shape wants them."""
        if (portrait, columns) == self._nav_placement:
            return
        self._nav_placement = (portrait, columns)
        bar, grid = self._nav_grid, self._chip_grid
        for widget in (self._back, self._strip_scroll, self._next):
            bar.removeWidget(widget)
        if portrait:  # Back and Next on their own row; the chips below take the full width
            bar.addWidget(self._back, 0, 0)
            bar.addWidget(self._next, 0, 2)
            bar.addWidget(self._strip_scroll, 1, 0, 1, 3)
        else:
            bar.addWidget(self._back, 0, 0)
            bar.addWidget(self._strip_scroll, 0, 1)
            bar.addWidget(self._next, 0, 2)
        bar.setColumnStretch(1, 1)
        for chip in self._chips:
            grid.removeWidget(chip)
        for i, chip in enumerate(self._chips):
            grid.addWidget(chip, i // columns, i % columns)
        for column in range(max(grid.columnCount(), len(self._chips))):
            grid.setColumnStretch(column, 1 if column < columns else 0)
        # A finger's width a chip (the theme lets chips shrink): past that the strip scrolls.
        self._strip.setMinimumWidth(72 * columns + 10 * (columns - 1))

    # -- building -----------------------------------------------------------------------------
    def _build_nav_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("navBar")
        row = QGridLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        row.setSpacing(10)
        self._nav_grid = row
        self._nav_placement = None
        self._back = QPushButton(icon("back"), tr("Back"))
        self._back.setIconSize(QSize(28, 28))
        self._back.setAccessibleDescription(tr("Go to the previous page of the walkthrough"))
        self._back.clicked.connect(self.go_back)
        row.addWidget(self._back, 0, 0)
        self._chips: list[TileButton] = []
        # The chips sit in a strip that scrolls sideways when they cannot all fit (red-team
        # B13: 1,682 steps made the window 32,767 px wide and pushed the top bar off screen);
        # the current chip is always scrolled into view.
        strip = QWidget()
        strip.setObjectName("stepStrip")
        chip_row = QGridLayout(strip)
        chip_row.setContentsMargins(0, 0, 0, 0)
        chip_row.setSpacing(10)
        self._strip = strip
        self._chip_grid = chip_row
        self._strip_scroll = QScrollArea()
        self._strip_scroll.setObjectName("stepStripScroll")
        self._strip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._strip_scroll.setWidgetResizable(True)
        self._strip_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._strip_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._strip_scroll.setSizePolicy(QSizePolicy.Policy.Expanding,
                                         QSizePolicy.Policy.Fixed)
        self._strip_scroll.setMinimumWidth(0)
        # Never a focus stop (an unnamed, unringed one, review finding 8): Tab goes to the
        # chips, and the strip scrolls to the focused one.
        self._strip_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chips: list[tuple[str, str, str, str]] = [(str(i + 1), step.short_title,
                  tr("Go to step {0}: {1}").format(i + 1, step.short_title),
                  markup.plain(step.title, self.ctx.term_name))
                 for i, step in enumerate(self._steps.steps)]
        if self._steps.quiz is not None:  # the questions have their place in the strip too
            heading = markup.plain(self._steps.quiz.heading, self.ctx.term_name)
            chips.append(("?", tr("Questions"), tr("Go to the questions: {0}").format(heading),
                          heading))
        for i, (number, short, name, description) in enumerate(chips):
            # A plain button shown as a page tab: no checked state of its own (Qt checked a
            # checkable chip before the page changed, and a screen reader's "Toggle" checked
            # a second one), so "current" is set here only, whichever way a step was chosen.
            chip = TileButton("stepChip", kind=accessibility.PAGE_TAB)
            chip.content.setContentsMargins(6, 4, 6, 4)
            chip.content.setSpacing(0)
            chip.add_label(number, "number", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
            chip.add_label(short, "chip", align=Qt.AlignmentFlag.AlignCenter)
            chip.setAccessibleName(name)
            chip.setAccessibleDescription(description)
            chip.setProperty("current", False)
            chip.clicked.connect(lambda _checked=False, i=i: self.show_step(i))
            self._chips.append(chip)
            chip_row.addWidget(chip, 0, i)
            chip_row.setColumnStretch(i, 1)
        # A finger's width a chip (the theme lets chips shrink): past that the strip scrolls.
        strip.setMinimumWidth(72 * len(self._chips) + 10 * (len(self._chips) - 1))
        self._strip_scroll.setWidget(strip)
        for viewport in (self._strip_scroll, self._strip_scroll.viewport(), strip):
            viewport.setAutoFillBackground(False)  # the bar's own colour shows through
        self._strip_scroll.setFixedHeight(strip.sizeHint().height())
        row.addWidget(self._strip_scroll, 0, 1)
        row.setColumnStretch(1, 1)
        self._next = QPushButton(tr("Next"))
        self._next.setProperty("variant", "primary")
        self._next.setIcon(icon("next", "on_primary"))
        self._next.setIconSize(QSize(28, 28))
        self._next.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # icon after the word
        self._next.clicked.connect(self.go_next)
        row.addWidget(self._next, 0, 2)
        return bar

    def _render(self) -> None:
        """Show the current view, building it the first time it is shown.

        Each view (overview, step, questions) is built once and then only shown or hidden:
        rebuilding a step's few hundred widgets on every turn took 180 ms (measured)."""
        view = self._views.get(self._index)
        if view is None:
            view = self._build_view()
            self._views[self._index] = view
        for index, other in self._views.items():
            other.setVisible(index == self._index)
        self._update_nav()
        self.scroll_to_top()

    def build_ahead(self) -> bool:
        """Build one view not built yet, hidden (for an idle moment: its first view is then a
        switch); False when every view is built."""
        quiz = [self.quiz_index] if self.quiz_index is not None else []
        for index in (OVERVIEW, *range(self.count), *quiz):
            if index not in self._views:
                shown, self._index = self._index, index
                try:
                    view = self._build_view()
                finally:
                    self._index = shown
                view.setVisible(index == self._index)
                self._views[index] = view
                return True
        return False

    def _build_view(self) -> QWidget:
        view = QWidget()
        box = QVBoxLayout(view)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(self.column.spacing())
        page_column, self.column = self.column, box  # the render helpers add to self.column
        try:
            if self._index == OVERVIEW:
                self._render_overview()
            elif self._index == self.quiz_index and self._steps.quiz is not None:
                self.add_heading(self._steps.quiz.heading)
                self.column.addWidget(QuizCard(self.ctx, self._steps.quiz, show_heading=False))
            else:
                self._render_step(self._steps.steps[self._index])
        finally:
            self.column = page_column
        self.column.addWidget(view)
        return view

    def _render_overview(self) -> None:
        self.add_heading(self._steps.title)
        self.add_hero(self._steps.illustration, self._steps.intro)
        # How to use the screen is the app's to say, not the content's (issue 12): on screen
        # only, never printed.
        # A kiosk is touched; the nurse's window is clicked, and Next and Back are at the
        # bottom of the window, not of the screen.
        how = (tr("Touch a step to open it. Next and Back at the bottom of the screen move "
                  "between the steps.") if self.ctx.kiosk
               else tr("Click a step to open it. Next and Back at the bottom of the window move "
                       "between the steps."))
        self.column.addWidget(self.ctx.label(how, role="muted"))
        grid = QGridLayout()
        grid.setSpacing(16)
        for i, step in enumerate(self._steps.steps):
            tile = TileButton("tile")
            tile.add_label(tr("Step {0}").format(i + 1), "eyebrow")
            title = markup.plain(step.title, self.ctx.term_name)
            tile.add_label(title, "h3")
            tile.setAccessibleName(tr("Step {0}: {1}").format(i + 1, title))
            tile.setAccessibleDescription(tr("Open this step"))
            tile.clicked.connect(lambda _checked=False, i=i: self.show_step(i))
            grid.addWidget(tile, i // 2, i % 2)
        self.column.addLayout(grid)

    def _render_step(self, step: Step) -> None:
        n, m = self._index + 1, self.count
        self.add_heading(step.title, eyebrow=tr("Step {0} of {1}").format(n, m))
        self.add_hero(step.illustration, step.what_happens)
        cards = QGridLayout()
        cards.setSpacing(20)
        specs = (
            ("who", tr("Who you will see"), step.who),
            ("time", tr("How long it takes"), step.time),
            ("prepare", tr("How to prepare"), step.prepare),
            ("watch_for", tr("What to watch for"), step.watch_for),
        )
        for i, (name, heading, items) in enumerate(specs):
            card = Card(self.ctx, heading, icon_name=name, items=items, heading_role="h3")
            card.setAccessibleName(heading)
            title = card.findChild(QLabel, "cardHeading")
            if title is not None:  # drawn small, but the first level under the step's title
                accessibility.set_heading_level(title, 2)
            cards.addWidget(card, i // 2, i % 2)
        cards.setColumnStretch(0, 1)
        cards.setColumnStretch(1, 1)
        self.column.addLayout(cards)
        note = sources_label(self.ctx, step.sources)
        if note is not None:
            self.column.addWidget(note)

    def _update_nav(self) -> None:
        self._back.setEnabled(self._index > OVERVIEW)
        if 0 <= self._index < len(self._chips):
            self._strip_scroll.ensureWidgetVisible(self._chips[self._index], 24, 0)
        if self._index == OVERVIEW:
            self._back.setAccessibleName(tr("Back"))
            self._next.setText(tr("Start"))
            self._next.setAccessibleName(tr("Start with step 1"))
            self._next.setAccessibleDescription(tr("Begin the walkthrough at the first step"))
        elif self._index == self.count - 1 and self._steps.quiz is not None:
            self._back.setAccessibleName(tr("Back to step {0}").format(self._index))
            self._next.setText(tr("Next"))
            self._next.setAccessibleName(tr("Next: check your understanding"))
            self._next.setAccessibleDescription(
                markup.plain(self._steps.quiz.heading, self.ctx.term_name))
        elif self._index == self._last:
            # Back from step n (1-based n = index + 1) or from the quiz leads to step "index".
            self._back.setAccessibleName(tr("Back to step {0}").format(self._index))
            # Says where it goes ("Finish" means one thing only: the kiosk's start-over).
            self._next.setText(tr("Back to the home page"))
            self._next.setAccessibleName(tr("Back to the home page"))
            self._next.setAccessibleDescription(tr("You have seen every step"))
        else:
            self._back.setAccessibleName(tr("Back to step {0}").format(self._index)
                                         if self._index > 0 else tr("Back to the overview"))
            self._next.setText(tr("Next"))
            self._next.setAccessibleName(tr("Next: step {0}").format(self._index + 2))
            self._next.setAccessibleDescription(
                markup.plain(self._steps.steps[self._index + 1].title, self.ctx.term_name))
        for i, chip in enumerate(self._chips):
            current = i == self._index
            if bool(chip.property("current")) == current:
                continue  # restyle only the chips whose state changes
            # Stylesheets cannot see a parent's state, so the labels carry it too.
            for widget in (chip, *chip.findChildren(QLabel)):
                widget.setProperty("current", current)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            accessibility.state_changed(chip, selected=True)
        if self._compact:
            self._name_chips()  # the compact strip names the current chip only

    @property
    def current_chips(self) -> list[QPushButton]:
        """The chips marked as the one being shown (one on a step or the questions)."""
        return [c for c in self._chips if c.property("current")]
