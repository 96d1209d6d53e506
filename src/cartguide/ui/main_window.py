"""The window: a top bar (Home, title, text size, contrast, Important information, Finish), the
pages, and a footer that keeps the disclaimer, content version and review date in view on every
screen.

Everything a reader can change lives in the pages and the theme's ``View``; the window can throw
all of it away and build itself anew. That is how a kiosk session ends ("Finish", or the idle
reset): the next person gets exactly what a fresh start shows.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import import_module
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QCloseEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmapCache,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cartguide.config import Settings
from cartguide.content import ContentIssue, Guide, GuideLibrary, LoadResult, markup
from cartguide.i18n import tr
from cartguide.speech import QtSpeaker, Speaker, SpeechState
from cartguide.ui import accessibility, theme, translator
from cartguide.ui.context import PageContext
from cartguide.ui.focus_style import KeyboardFocusStyle
from cartguide.ui.format import long_date
from cartguide.ui.icons import icon
from cartguide.ui.input_watch import window_shown
from cartguide.ui.pages.base import ScrollAreaPool, ScrollPage
from cartguide.ui.pages.home import HomePage
from cartguide.ui.pages.steps import OVERVIEW, StepsPage
from cartguide.ui.read_aloud import Narrator, passages_in
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.flow import FlowLayout
from cartguide.ui.widgets.long_press import LongPressLabel
from cartguide.ui.widgets.text import LinkRouter, PlainLabel, break_points, typeset

if TYPE_CHECKING:
    from cartguide.ui.term_dialog import TermDialog

log = logging.getLogger(__name__)

#: Modules the first screen does not need: imported when first used, and one per turn of the
#: event loop once the window is first shown (so the first tap on a tile, the emergency button
#: or Print does not wait for them; each is a few milliseconds). Importing them before the
#: first paint made start-up about 40 ms slower.
LATER_MODULES = (
    "cartguide.ui.pages.story",
    "cartguide.ui.pages.evaluation",
    "cartguide.ui.pages.side_effects",
    "cartguide.ui.pages.glossary",
    "cartguide.ui.pages.topic",
    "cartguide.ui.pages.about",
    "cartguide.ui.pages.missing",
    "cartguide.ui.emergency_dialog",
    "cartguide.ui.term_dialog",
    "cartguide.ui.print_panel",
)

#: Each language's name in that language: what the language button offers.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "中文"}


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


#: Every special section the window can show; topics (``guide.topics``) come on top.
SECTIONS = ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about")


def two_lines(words: str) -> str:
    """``words`` on two lines, broken at its " · " (else at the space nearest the middle; a
    text with no space, Chinese, at the line break nearest the middle that splits no word and
    not "CAR-T": see :func:`break_points`): the whole name in less width."""
    if " · " in words:
        first, rest = words.split(" · ", 1)
        return f"{first} ·\n{rest}"
    middle = len(words) // 2
    spaces = [i for i, ch in enumerate(words) if ch == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - middle))
        return words[:cut] + "\n" + words[cut + 1:]
    points = break_points(words)
    if not points:
        return words  # one unbreakable word: on one line
    cut = min(points, key=lambda i: abs(i - middle))
    return words[:cut] + "\n" + words[cut:]


def bar_frame(name: str, margins: tuple[int, int, int, int],
              spacing: int) -> tuple[QFrame, QHBoxLayout]:
    """A full-width bar (styled by its object name) with a row to put controls in."""
    bar = QFrame()
    bar.setObjectName(name)
    row = QHBoxLayout(bar)
    row.setContentsMargins(*margins)
    row.setSpacing(spacing)
    return bar, row


class _BarRow(QWidget):
    """A row of the top bar. Its width never holds the window wide: the bar rearranges its
    rows to the width it is given (see MainWindow._fit_top_bar)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


class FinishDialog(CalmDialog):
    """Asks before Finish wipes the visit; a tap outside keeps it."""

    closes_on_outside_tap = True
    panel_width = 1100

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("finishDialog", tr("Start over for the next person?"), role="h2",
                         parent=parent)
        text = PlainLabel(tr("Everything you opened closes and the guide goes back to its start, "
                         "for the next person. Nothing you looked at is kept."))
        text.setWordWrap(True)
        text.setProperty("role", "lead")
        self.body.addWidget(text)
        row = self.button_row(24)
        keep = QPushButton(tr("No, keep reading"))
        keep.setAccessibleName(tr("No, keep reading"))
        keep.setAccessibleDescription(tr("Close this question and stay where you are"))
        keep.clicked.connect(self.reject)
        row.addWidget(keep, 1)
        finish = QPushButton(icon("finish", "on_primary"), tr("Yes, start over"))
        finish.setIconSize(QSize(28, 28))
        finish.setProperty("variant", "primary")
        finish.setAccessibleName(tr("Yes, start over"))
        finish.setAccessibleDescription(tr("End this visit: the guide starts over for the next "
                                           "person"))
        finish.clicked.connect(self.accept)
        row.addWidget(finish, 1)
        self.body.addLayout(row)


class _AfterFirstPaint(QObject):
    """Calls ``then`` on the turn of the event loop after the window's first paint."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._then = window, then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._window, self._then)
            self.deleteLater()
        return False


class MainWindow(QMainWindow):
    page_changed = Signal(str)  # the key of the section now shown
    session_reset = Signal()
    staff_exit_requested = Signal()  # the hidden long-press on the title (kiosk only)

    def __init__(self, guide: Guide, *, issues: Sequence[ContentIssue] = (),
                 kiosk: bool = False, settings: Settings | None = None,
                 library: GuideLibrary | None = None, extra_issues: Sequence[ContentIssue] = (),
                 speaker: Speaker | None = None, parent: QWidget | None = None) -> None:
        accessibility.install()  # before the first widget: Qt asks it about each one once
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self._library = library
        self._start_language = guide.language
        self._extra_issues = tuple(extra_issues)  # e.g. site settings problems, for staff
        self._kiosk = kiosk
        self._allow_close = not kiosk
        self._router = LinkRouter(self)
        self._router.term_requested.connect(self.show_term)
        self._term_dialog: TermDialog | None = None
        self._pages: dict[str, ScrollPage] = {}
        self._scroll_areas = ScrollAreaPool(self, mouse_drag=kiosk)
        self._tab_order_stale = True
        self._shown_problems = ""
        self.narrator = Narrator(speaker if speaker is not None else QtSpeaker(), self)
        self.narrator.state_changed.connect(self._update_listen_bar)
        self.narrator.unavailable.connect(self._say_unavailable)
        self._prints_this_visit = 0  # kiosk prints (see _kiosk_print)
        self._later_modules: list[str] | None = None  # see LATER_MODULES; None: not shown yet
        self._building_ahead = False  # see _build_ahead
        self._use_guide(guide, issues)
        self._build()
        self.show_section("home", announce=False)
        self.resize(1280, 860)
        self._focus_style = KeyboardFocusStyle(self)
        if not kiosk:
            # Ctrl+Q closes the nurse's window (a kiosk never closes for a key).
            QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q), self, self.close,
                      context=Qt.ShortcutContext.ApplicationShortcut)

    # -- building -----------------------------------------------------------------------------
    def _use_guide(self, guide: Guide, issues: Sequence[ContentIssue]) -> None:
        self._issues = (*issues, *self._extra_issues)
        self.ctx = PageContext(guide, self._router, clinic_name=self.settings.clinic_name,
                               clinic_phone=self.settings.contact_phone,
                               emergency_number=self.settings.emergency_number,
                               scroll_areas=self._scroll_areas,
                               clinical_signoff=self.settings.clinical_signoff,
                               kiosk=self._kiosk)
        self._app_title = guide.home.app_title if guide.home else tr("CAR-T Guide")
        accessibility.use_app_title(self._app_title)

    def _build(self) -> None:
        """Build (or build anew) everything inside the window from the guide and the theme."""
        self._drop_pages()
        accessibility.use_language(self, self.language)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        layout.addWidget(self._build_listen_bar())
        self._problems = PlainLabel()
        self._problems.setObjectName("contentProblems")
        self._problems.setWordWrap(True)
        self._problems.setVisible(bool(self._shown_problems))
        self._problems.setText(self._shown_problems)
        layout.addWidget(self._problems)
        self._stack = QStackedWidget()
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._build_footer())
        self.narrator.stop()  # the words being read are about to go
        old = self.takeCentralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.hide()
            old.deleteLater()
        # Pages are built when first shown (see page()): a reset or a new text size builds one
        # page, not seven, before it shows; the others follow one per idle turn (_build_ahead).
        self._pages = {}
        self._start_building_ahead()

    @staticmethod
    def _bar_button(meaning: str, text: str, description: str, *, name: str | None = None,
                    colour: str = "primary") -> QPushButton:
        """A button for the window's bars: icon, words, accessible name and description."""
        button = QPushButton(icon(meaning, colour), text)
        button.setIconSize(QSize(28, 28))
        button.setAccessibleName(name or text)
        button.setAccessibleDescription(description)
        return button

    def _top_button(self, meaning: str, text: str, description: str) -> QPushButton:
        return self._bar_button(meaning, text, description, colour="on_primary")

    def _build_top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topBar")
        self._top_bar = bar
        self._top_rows = QVBoxLayout(bar)
        self._top_rows.setContentsMargins(12, 8, 12, 8)
        self._top_rows.setSpacing(8)
        self._top_arrangement: tuple[object, ...] = ()
        self._home_button = self._top_button("home", tr("Home"),
                                             tr("Go back to the start of the guide"))
        self._home_button.clicked.connect(self.show_home)
        self._title = LongPressLabel(typeset(self._app_title, self.language))
        self._title.setObjectName("appTitle")
        self._title.setAccessibleName(self._app_title)
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title.setWordWrap(False)  # the name stays on one line: controls move instead
        if self._kiosk:
            self._title.long_pressed.connect(self.staff_exit_requested)

        view = theme.current()
        # The name is the visible words, with the size now in use (label in name, WCAG 2.5.3).
        self._text_size_button = self._top_button(
            "text_size", tr("Text size {0}%").format(round(view.text_scale * 100)),
            tr("Make the text bigger. Press again for the next size."))
        self._text_size_button.clicked.connect(self.next_text_size)
        self._contrast_button = self._top_button(
            "contrast", tr("High contrast"),
            tr("Switch between normal colours and black on white"))
        self._contrast_button.setCheckable(True)
        self._contrast_button.setChecked(view.high_contrast)
        self._contrast_button.toggled.connect(self.set_high_contrast)
        self._language_button: QPushButton | None = None
        following = self._next_language()
        if following is not None:
            name = language_name(following)
            self._language_button = self._top_button(
                "language", name, tr("Show the guide in {0}").format(name))
            # Begins with the visible word ("中文"), then says what it does.
            self._language_button.setAccessibleName(f"{name} ({tr('Change language')})")
            self._language_button.clicked.connect(self.next_language)
        self._info_button = self._top_button(
            "info", tr("Important information"),
            tr("The disclaimer, content version, review date and sources"))
        self._info_button.clicked.connect(self.show_about)
        self._finish_button: QPushButton | None = None
        if self._kiosk:
            self._finish_button = self._top_button(
                "finish", tr("Finish"),
                tr("End your visit: the guide starts over for the next person"))
            self._finish_button.clicked.connect(self.ask_to_finish)
        #: The title row: Home and the view controls on the left, the rest on the right, so
        #: the name sits in the middle with room to spare (landscape kiosk, laptop).
        self._top_left: list[QWidget] = [self._home_button, self._text_size_button,
                                         self._contrast_button]
        self._top_right: list[QWidget] = [
            b for b in (self._language_button, self._info_button, self._finish_button)
            if b is not None]
        #: When the row is too narrow these leave it, in this order, for rows below the title.
        self._top_movable: list[QWidget] = [
            b for b in (self._contrast_button, self._text_size_button, self._language_button,
                        self._info_button, self._finish_button) if b is not None]
        self._top_icons = {b: b.icon() for b in (*self._top_left, *self._top_right)
                           if isinstance(b, QPushButton)}
        for widget in (*self._top_left, self._title, *self._top_right):
            widget.setParent(bar)
        bar.installEventFilter(self)  # its resizes only (see _fit_top_bar)
        return bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            if watched is self._top_bar:
                self._fit_top_bar()
            elif watched is getattr(self, "_listen_bar", None):
                self._fit_listen_bar()
            elif watched is getattr(self, "_footer", None):
                self._fit_footer()
        return False

    _footer_places: list[tuple[int, ...]]

    def _fit_footer(self) -> None:
        """The disclaimer, the edition and the review mark on one line where they fit (the
        disclaimer may wrap), else the disclaimer above the other two, else one a line
        (portrait, large text). No gap is spent between lines: the footer is on every screen
        and the height is the page's."""
        width = self._footer.width() - 48
        gap = self._footer_grid.horizontalSpacing()

        def need(label: QLabel | None) -> int:
            return 0 if label is None else label.fontMetrics().horizontalAdvance(
                label.text()) + 8

        # The edition on one line, or broken at its " · " (never a lonely "2026" below).
        whole = self._edition_text
        one = self._edition.fontMetrics().horizontalAdvance(whole) + 8 <= width
        text = whole if one else whole.replace(" · ", "\n")
        if self._edition.text() != text:
            self._edition.setText(text)
        edition = max(self._edition.fontMetrics().horizontalAdvance(line)
                      for line in text.split("\n")) + 8
        disclaimer, mark = need(self._disclaimer), need(self._not_reviewed)
        tail = edition + (gap + mark if mark else 0)
        places: list[tuple[int, ...]]
        if tail <= width * 0.45 and (disclaimer + gap + tail <= width or tail <= width * 0.4):
            places = [(0, 0), (0, 1), (0, 2)]
        elif tail <= width:
            places = [(0, 0, 1, 3), (1, 0), (1, 1)]
        else:
            places = [(0, 0, 1, 3), (1, 0, 1, 3), (2, 0, 1, 3)]
        if places == self._footer_places:
            return
        self._footer_places = places
        grid = self._footer_grid
        pieces = [self._disclaimer, self._edition, self._not_reviewed]
        for widget in pieces:
            if widget is not None:
                grid.removeWidget(widget)
        for widget, place in zip(pieces, places, strict=True):
            if widget is not None:
                grid.addWidget(widget, *place)
        one_line = len(places[0]) == 2
        for column in range(3):
            grid.setColumnStretch(column, 0)
        grid.setColumnStretch(0 if one_line else 2, 1)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self._edition.setAlignment(right if one_line else left)
        self._edition.setMinimumWidth(edition if tail <= width else 0)
        if self._not_reviewed is not None:
            self._not_reviewed.setMinimumWidth(mark if tail <= width else 0)
        grid.activate()

    def _fit_top_bar(self) -> None:
        """Every word of the top bar stays whole at any width and text size: the title row
        keeps Home, the title and as many controls as fit; the rest go to rows below it (the
        title stays centred on its row). Icons are dropped before a row is added."""
        bar = self._top_bar
        width = bar.width() - 24
        gap = 10
        title_full = self._title.sizeHint().width() + 8

        def w(widget: QWidget) -> int:
            return widget.sizeHint().width()

        def set_icons(on: bool) -> None:
            for button, drawn in self._top_icons.items():
                button.setIcon(drawn if on else QIcon())

        def side_width(group: list[QWidget]) -> int:
            return sum(w(x) for x in group) + gap * max(len(group) - 1, 0)

        # Height is scarce on a laptop: icons go before a second row is added.
        tries = [(True, 0), *((False, n) for n in range(len(self._top_movable) + 1))]
        chosen: tuple[bool, list[QWidget], list[list[QWidget]]] | None = None
        for icons, moved in tries:
            set_icons(icons)
            below = self._top_movable[:moved]
            left = [x for x in self._top_left if x not in below]
            right = [x for x in self._top_right if x not in below]
            side = max(side_width(left), side_width(right))
            if width - 2 * side - 2 * gap < title_full:
                continue
            # Below the title in reading order: the view controls, then the rest.
            order = [x for x in (*self._top_left, *self._top_right) if x in below]
            rows = self._pack(order, width, gap, w)
            if rows is not None:
                chosen = (icons, left, [right, *rows])
                break
        if chosen is None:  # one control a row: nothing is cut, however large the text
            # (the name alone still fits: 20 characters at 200 % are about 600 px)
            set_icons(False)
            rest = [x for x in (*self._top_left, *self._top_right) if x is not self._home_button]
            chosen = (False, [self._home_button], [[], *[[x] for x in rest]])
        icons, left, rows = chosen
        arrangement = (icons, tuple(id(x) for x in left),
                       tuple(tuple(id(x) for x in row) for row in rows))
        if arrangement == self._top_arrangement:
            return
        self._top_arrangement = arrangement
        self._arrange_top_bar(left, rows, gap, title_full, width)

    @staticmethod
    def _pack(widgets: list[QWidget], width: int, gap: int,
              w: Callable[[QWidget], int]) -> list[list[QWidget]] | None:
        """Widgets in order, as few rows as fit ``width`` (None when one alone is too wide)."""
        rows: list[list[QWidget]] = []
        used = width + 1
        for widget in widgets:
            need = w(widget)
            if need > width:
                return None
            if rows and used + gap + need <= width:
                rows[-1].append(widget)
                used += gap + need
            else:
                rows.append([widget])
                used = need
        return rows

    def _arrange_top_bar(self, left: list[QWidget], rows: list[list[QWidget]], gap: int,
                         title_full: int, width: int) -> None:
        outer = self._top_rows
        while outer.count():
            item = outer.takeAt(0)
            holder = item.widget() if item is not None else None
            if holder is not None:
                for child in (*self._top_left, self._title, *self._top_right):
                    if child.parent() is holder:
                        child.setParent(self._top_bar)
                holder.deleteLater()
        title_row = _BarRow()
        grid = QGridLayout(title_row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(gap)
        start, end = QHBoxLayout(), QHBoxLayout()
        start.setSpacing(gap)
        end.setSpacing(gap)
        for widget in left:
            start.addWidget(widget)
        start.addStretch(1)
        end.addStretch(1)
        for widget in rows[0]:
            end.addWidget(widget)
        grid.addLayout(start, 0, 0)
        grid.addWidget(self._title, 0, 1)
        grid.addLayout(end, 0, 2)
        # Equal sides keep the title in the middle of the screen.
        side = max(start.sizeHint().width(), end.sizeHint().width())
        grid.setColumnMinimumWidth(0, side)
        grid.setColumnMinimumWidth(2, side)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self._title.setMinimumWidth(title_full)
        outer.addWidget(title_row)
        for row in rows[1:]:
            holder = _BarRow()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(gap)
            line.addStretch(1)
            for widget in row:
                line.addWidget(widget)
            line.addStretch(1)
            outer.addWidget(holder)
        for widget in (*self._top_left, self._title, *self._top_right):
            widget.show()
        outer.activate()  # now: this runs inside the bar's resize, before its layout would

    def _build_listen_bar(self) -> QFrame:
        """Where you are, and read-aloud controls for the page."""
        bar, row = bar_frame("listenBar", (16, 6, 16, 6), 12)
        # A message line (printing), not the page's title: the page's own heading shows that
        # (it was shown twice, one above the other).
        self._listen_bar = bar
        self._where = PlainLabel()
        self._where.setObjectName("whereAmI")
        self._where.setWordWrap(True)
        row.addWidget(self._where, 1)
        # The buttons wrap onto a second row rather than lose a word (portrait, 200 %).
        holder = QWidget()
        buttons = FlowLayout(holder, 12, align_right=True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        holder.setSizePolicy(policy)
        row.addWidget(holder, 3)
        # The warning signs and the numbers to call, one tap away on every screen.
        self._call_button = self._bar_button(
            "phone", tr("Warning signs · who to call"),
            tr("The signs that mean call your care team at once, and the numbers to call"),
            name=tr("Warning signs and who to call"))
        self._call_button.setObjectName("callButton")
        self._call_button.setIcon(icon("phone", "warning_text"))
        self._call_button.clicked.connect(self.show_emergency)
        buttons.addWidget(self._call_button)
        if not self._kiosk:  # counselling mode: the nurse's tools
            outline = self._bar_button("outline", tr("Outline"),
                                       tr("Every part of the guide, to jump to any of them"))
            outline.clicked.connect(self.show_outline)
            buttons.addWidget(outline)
            print_button = self._bar_button(
                "print", tr("Print…"),
                tr("Print or save a handout, a wallet card or the questions checklist"),
                name=tr("Print"))
            print_button.clicked.connect(self.show_print_dialog)
            buttons.addWidget(print_button)
        elif self.settings.kiosk_printing:
            kiosk_print = self._bar_button("print", tr("Print this page"),
                                           tr("Print this part of the guide to take home"))
            kiosk_print.clicked.connect(self.print_this_page)
            buttons.addWidget(kiosk_print)
        self._read_button = QPushButton()
        self._read_button.setIconSize(QSize(28, 28))
        self._read_button.clicked.connect(self.toggle_reading)
        buttons.addWidget(self._read_button)
        self._stop_button = self._bar_button("stop", tr("Stop"), tr("Stop reading aloud"),
                                             name=tr("Stop reading"))
        self._stop_button.clicked.connect(self.narrator.stop)
        buttons.addWidget(self._stop_button)
        self._update_listen_bar()
        self._listen_bar = bar
        bar.installEventFilter(self)  # its resizes only (see _fit_listen_bar)
        return bar

    def _fit_listen_bar(self) -> None:
        """Every word on the listen bar's buttons stays readable in a narrow bar (portrait,
        large text, a nurse's 1024-px screen): first the call button's words go onto two lines
        (it always says what it is for: never cut to "Who to call"), then the buttons' icons
        go, then some space, and last the "where you are" line (the page's own heading says it
        too)."""
        bar = self._listen_bar
        row = bar.layout()
        assert row is not None
        buttons = [b for b in bar.findChildren(QPushButton) if not b.isHidden()]
        drawn = getattr(self, "_listen_icons", None)
        if drawn is None or set(drawn) != set(buttons):
            drawn = self._listen_icons = {b: b.icon() for b in buttons}
        full = tr("Warning signs · who to call")
        short = two_lines(full)
        where = (max(8 * self._where.fontMetrics().averageCharWidth(),
                     self._where.minimumSizeHint().width()) + 8) if self._where.text() else 0
        levels = [(full, True, 12, True), (short, True, 12, True), (short, False, 12, True),
                  (short, False, 4, True), (short, False, 4, False)]
        for text, icons, gap, show_where in levels:
            self._call_button.setText(text)
            self._listen_bar_icons = icons
            for button, picture in drawn.items():
                if button is not self._read_button:  # its icon follows the speech state
                    button.setIcon(picture if icons else QIcon())
            self._update_listen_bar()
            # An empty line takes no room: the buttons keep one row where they fit on one.
            self._where.setVisible(show_where and bool(self._where.text()))
            row.setSpacing(gap)
            margins = row.contentsMargins()
            needed = (sum(b.sizeHint().width() for b in buttons) + gap * len(buttons)
                      + margins.left() + margins.right() + (where if show_where else 0))
            if needed <= bar.width():
                break
        row.activate()

    @Slot()
    def _update_listen_bar(self, *_args: object) -> None:
        state = self.narrator.state
        reason = self.narrator.unavailable_reason(self.language)
        if state == SpeechState.SPEAKING:
            text, meaning, description = (tr("Pause"), "pause",
                                          tr("Pause reading; press again to go on"))
        elif state == SpeechState.PAUSED:
            text, meaning, description = (tr("Continue"), "play",
                                          tr("Go on reading from where it stopped"))
        else:
            text, meaning, description = (tr("Read aloud"), "play",
                                          tr("Hear this page read out loud"))
        self._read_button.setText(text)
        self._read_button.setIcon(icon(meaning) if getattr(self, "_listen_bar_icons", True)
                                  else QIcon())
        self._read_button.setAccessibleName(text)
        self._read_button.setEnabled(reason is None)
        self._read_button.setAccessibleDescription(reason or description)
        self._read_button.setToolTip(reason or "")
        self._stop_button.setEnabled(state != SpeechState.IDLE)

    @Slot()
    def show_outline(self) -> None:
        from cartguide.ui.print_panel import OutlineDialog

        dialog = OutlineDialog(self.ctx.guide, self)
        dialog.chosen.connect(self.go_to)
        dialog.open()

    @Slot(str, int)
    def go_to(self, key: str, step: int = -1) -> None:
        """A section, or (step >= 0) one step of the walkthrough."""
        self.show_section(key)
        page = self._pages.get(key)
        if step >= 0 and isinstance(page, StepsPage):
            page.show_step(step)

    @Slot()
    def show_print_dialog(self) -> None:
        from cartguide.ui.print_panel import PrintDialog

        PrintDialog(self.ctx.guide, self.settings, self).open()

    @Slot()
    def show_emergency(self) -> None:
        """The warning signs and the numbers to call, over the page the reader is on."""
        from cartguide.ui.emergency_dialog import EmergencyDialog

        dialog = EmergencyDialog(self.ctx, can_print_card=self._kiosk
                                 and self.settings.kiosk_printing, parent=self)
        dialog.more_requested.connect(self._show_side_effects)
        dialog.card_requested.connect(self.print_blank_card)
        dialog.open()

    @Slot()
    def _show_side_effects(self) -> None:
        self.show_section("side_effects")

    @Slot()
    def print_blank_card(self) -> None:
        """Kiosk: a blank wallet card (never anyone's details) straight to the printer."""
        from cartguide.ui import print_panel

        self._kiosk_print(lambda: print_panel.print_blank_card_on_kiosk(self.ctx.guide,
                                                                        self.settings))

    @Slot()
    def print_this_page(self) -> None:
        """Kiosk: straight to the printer, no dialog; a plain confirmation in the bar."""
        from cartguide.ui import print_panel

        self._kiosk_print(lambda: print_panel.print_page_on_kiosk(
            self.current_key, self.ctx.guide, self.settings))

    def _kiosk_print(self, send: Callable[[], int]) -> None:
        """At most ``kiosk_prints_per_visit`` prints a visit (red-team B6: ten taps queued ten
        26-page jobs); a print that fails is not counted, and says so calmly."""
        if self._prints_this_visit >= self.settings.kiosk_prints_per_visit:
            log.info("kiosk print refused: %d print(s) this visit already",
                     self._prints_this_visit)
            self._say(tr("This visit's printing is done. Please ask a member of "
                                   "staff if you need more."))
            return
        try:
            send()
        except Exception:  # a jammed or missing printer must not end the visit
            log.exception("kiosk printing failed")
            self._say(tr("Sorry, printing did not work. Please ask a member of "
                                   "staff."))
            return
        self._prints_this_visit += 1
        self._say(tr("Printing. Please collect your pages from the printer."))

    def _say(self, message: str) -> None:
        """A message on the listen bar (printing, speech); "" clears it."""
        self._where.setText(message)
        if bool(message) != self._where.isVisibleTo(self._listen_bar) or (
                message and self._where.minimumSizeHint().width()
                != getattr(self, "_where_width", None)):
            self._where_width = self._where.minimumSizeHint().width()
            self._fit_listen_bar()  # room for the message, or its room given back

    @Slot(str)
    def _say_unavailable(self, reason: str) -> None:
        """Read aloud was pressed and cannot read: say so where the page's name is shown."""
        self._say(reason)
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, reason))

    @Slot()
    def toggle_reading(self) -> None:
        if self.narrator.state == SpeechState.IDLE:
            page = self._stack.currentWidget()
            if isinstance(page, ScrollPage):
                self.narrator.read(passages_in(page), self.language, show=page.show_widget)
        else:
            self.narrator.toggle_pause()

    def _build_footer(self) -> QFrame:
        footer = QFrame()
        footer.setObjectName("footer")
        row = self._footer_grid = QGridLayout(footer)
        row.setContentsMargins(24, 6, 24, 6)
        row.setHorizontalSpacing(20)
        row.setVerticalSpacing(2)
        self._footer_places = []
        self._footer = footer
        footer.installEventFilter(self)  # its resizes: side by side, or one above the other
        about = self.ctx.guide.about
        if about is not None:
            line = markup.plain(about.disclaimer_line, self.ctx.term_name)
        else:
            from cartguide.ui.pages.about import fallback_disclaimer

            line = fallback_disclaimer()
        self._disclaimer = PlainLabel(line)
        self._disclaimer.setObjectName("disclaimerLine")
        self._disclaimer.setWordWrap(True)
        row.addWidget(self._disclaimer, 0, 0)
        if about is not None:
            edition = tr("Content version {0} · Sources checked {1}").format(
                about.content_version, long_date(about.review_date, self.ctx.guide.language))
        else:
            edition = tr("Content version unknown")
        self._edition_text = edition
        self._edition = PlainLabel(edition)
        self._edition.setObjectName("editionLine")
        # Wraps too: at 200 % on a portrait kiosk it is wider than half the screen.
        self._edition.setWordWrap(True)
        self._edition.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self._edition, 0, 1)
        # Issue 12: a kiosk whose clinic has not signed off this content version says so, in a
        # small label of its own beside the edition line.
        self._not_reviewed: QLabel | None = None
        if self.ctx.show_not_reviewed_mark:
            from cartguide.ui.pages.about import not_reviewed_mark

            self._not_reviewed = not_reviewed_mark()
            row.addWidget(self._not_reviewed, 0, 2)  # its own words, not the edition's tail
        return footer

    def _make_page(self, key: str) -> ScrollPage:
        guide = self.ctx.guide
        page: ScrollPage
        if key == "home":
            home = HomePage(self.ctx)
            home.section_requested.connect(self.show_section)
            page = home
        elif key == "steps" and guide.steps is not None:
            steps = StepsPage(self.ctx, guide.steps)
            steps.finished.connect(self.show_home)
            steps.step_changed.connect(self._on_step_changed)
            page = steps
        elif key == "about":
            from cartguide.ui.pages.about import AboutPage

            page = AboutPage(self.ctx, self._issues, settings_issues=self._extra_issues)
        elif key in guide.topics:
            from cartguide.ui.pages.topic import TopicPage

            page = TopicPage(self.ctx, key, guide.topics[key])
        else:
            classes = {"story": ("story", "StoryPage"),
                       "evaluation": ("evaluation", "EvaluationPage"),
                       "side_effects": ("side_effects", "SideEffectsPage"),
                       "glossary": ("glossary", "GlossaryPage")}
            section = getattr(guide, key, None)
            if key in classes and section is not None:
                module, name = classes[key]
                page = getattr(import_module(f"cartguide.ui.pages.{module}"), name)(
                    self.ctx, section)
            else:
                from cartguide.ui.pages.missing import MissingSectionPage

                page = MissingSectionPage(self.ctx, key)
        self._stack.addWidget(page)
        return page

    # -- navigation ---------------------------------------------------------------------------
    @property
    def kiosk(self) -> bool:
        return self._kiosk

    @property
    def current_key(self) -> str:
        page = self._stack.currentWidget()
        return page.key if isinstance(page, ScrollPage) else ""

    def page(self, key: str) -> ScrollPage:
        """The page for a section, built on first use."""
        if key not in self._pages:
            self._pages[key] = self._make_page(key)
        return self._pages[key]

    # Slots, not lambdas: a lambda that captures the window keeps it alive forever.
    @Slot()
    def show_home(self) -> None:
        self.show_section("home")

    @Slot()
    def show_about(self) -> None:
        self.show_section("about")

    def has_section(self, key: str) -> bool:
        """True for a special section and for every topic of the guide in use."""
        return key in SECTIONS or key in self.ctx.guide.topics

    @Slot(str)
    def show_section(self, key: str, announce: bool = True) -> None:
        if not self.has_section(key):
            log.warning("no page %r", key)
            if self._stack.currentWidget() is not None:
                return
            key = "home"  # after a rebuild (e.g. a language without this topic)
        page = self.page(key)
        if isinstance(page, StepsPage) and self.current_key != "steps":
            page.show_overview()
        self._stack.setCurrentWidget(page)
        page.scroll_to_top()
        self._home_button.setEnabled(key != "home")
        self.narrator.stop()
        self._page_shown(announce)
        # Focus goes to the new page's heading: a screen reader says it (Orca 43 ignores
        # announcements), and Tab goes on from there into the page.
        page.focus_heading()
        self.page_changed.emit(key)

    @Slot(int)
    def _on_step_changed(self, _index: int) -> None:
        self.narrator.stop()
        self._page_shown(announce=True)
        page = self._pages.get("steps")
        if page is not None and page.isVisible():
            page.focus_heading()

    def _page_shown(self, announce: bool) -> None:
        page = self._stack.currentWidget()
        title = page.title if isinstance(page, ScrollPage) else ""
        self.setWindowTitle(f"{title} — {self._app_title}" if title else self._app_title)
        self._say("")  # the page's heading shows its title (not twice)
        if isinstance(page, ScrollPage):
            page.scroll_area.setAccessibleName(title)
        # Worked out when Tab is next pressed, not on every page turn (it walks every widget
        # of the page: a few ms of each turn, for the few readers who use a keyboard).
        self._tab_order_stale = True
        if announce and title:
            # Screen readers say where the reader now is.
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, title))

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        """Tab and Shift+Tab anywhere in the window end up here."""
        if self._tab_order_stale:
            self._update_tab_order()
        return super().focusNextPrevChild(forward)

    def _update_tab_order(self) -> None:
        """Tab moves in reading order: top bar, listen bar, the page, its step controls."""
        page = self._stack.currentWidget()
        def place(widget: QWidget) -> tuple[int, int]:
            point = widget.mapTo(self, widget.rect().topLeft())
            return (point.y() // 8, point.x())

        # Each bar in the order it is seen (the top bar's rows are rearranged as the width
        # changes), the top bar first, then the listen bar.
        chain: list[QWidget] = [b for bar in (self._top_bar, self._listen_bar)
                                for b in sorted((b for b in bar.findChildren(QPushButton)
                                                 if b.isVisible()), key=place)]
        if isinstance(page, ScrollPage):
            chain += page.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._tab_order_stale = False

    # -- what a reader can change --------------------------------------------------------------
    @Slot()
    def next_text_size(self) -> None:
        scales = theme.TEXT_SCALES
        now = theme.current().text_scale
        following = scales[(scales.index(now) + 1) % len(scales)] if now in scales else scales[0]
        self._restyle(replace(theme.current(), text_scale=following))

    @Slot(bool)
    def set_high_contrast(self, on: bool) -> None:
        if on != theme.current().high_contrast:
            self._restyle(replace(theme.current(), high_contrast=on))

    @property
    def language(self) -> str:
        return self.ctx.guide.language

    def _next_language(self) -> str | None:
        languages = self._library.languages if self._library else []
        if len(languages) < 2 or self.language not in languages:
            return None
        return languages[(languages.index(self.language) + 1) % len(languages)]

    @Slot()
    def next_language(self) -> None:
        following = self._next_language()
        if following is not None:
            self.set_language(following)

    def set_language(self, language: str) -> None:
        """Show the whole guide, words and controls, in ``language``; stay on the same page."""
        if language != self.language:
            self._restyle(replace(theme.current(), language=language))

    def _switch_guide(self, language: str) -> None:
        if self._library is None or language == self.language:
            return
        result = self._library.load(language)
        translator.install(self._library.folder(language), language)
        self._use_guide(result.guide, result.issues)

    def use_library(self, library: GuideLibrary) -> LoadResult:
        """Other content for the next visitor (a content update, applied at an idle reset):
        the start language from ``library``, and a fresh start on it. Returns what loaded."""
        self._library = library
        language = library.resolve(self._start_language)
        result = library.load(language)
        translator.install(library.folder(language), language)
        self._use_guide(result.guide, result.issues)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._drop_pages()
        theme.apply(app, self.fresh_view())
        self._build()
        self.show_section("home", announce=False)
        return result

    def replace_guide(self, guide: Guide, issues: Sequence[ContentIssue]) -> None:
        """New content for the language in use (authoring): rebuild, keep the reader's place."""
        self._use_guide(guide, issues)
        self._restyle(theme.current())

    def show_content_problems(self, issues: Sequence[ContentIssue]) -> None:
        """For authors (--watch): the content's problems, in a banner above the page."""
        errors = [str(i) for i in issues if i.severity == "error"]
        text = ""
        if errors:
            shown = "\n".join(errors[:6])
            more = len(errors) - 6
            text = (tr("Content problems ({0}):").format(len(errors)) + "\n" + shown
                    + ("\n" + tr("... and {0} more (run cartguide validate)").format(more)
                       if more > 0 else ""))
        self._shown_problems = text
        self._problems.setText(text)
        self._problems.setAccessibleName(text)
        self._problems.setVisible(bool(text))

    def _restyle(self, view: theme.View) -> None:
        """Apply a new look (or language) and rebuild, keeping the reader where they are."""
        key = self.current_key
        steps = self._pages.get("steps")
        step = steps.index if isinstance(steps, StepsPage) else OVERVIEW
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._switch_guide(view.language)
        self._close_dialogs()
        self._drop_pages()
        theme.apply(app, view)
        self._build()
        self.show_section(key, announce=False)
        steps = self._pages.get("steps")
        if key == "steps" and isinstance(steps, StepsPage) and step != OVERVIEW:
            steps.show_step(step)
            steps.focus_heading()  # the step's own heading, not the overview's

    # -- the end of a visit --------------------------------------------------------------------
    @Slot()
    def ask_to_finish(self) -> None:
        """Finish (kiosk): wipes the visit for the next person, so it asks first. (The idle
        reset does not ask: it already counted down.)"""
        dialog = FinishDialog(self)
        dialog.accepted.connect(self.reset_session)
        dialog.open()

    @Slot()
    def reset_session(self) -> None:
        """Forget everything this visit changed: the next person sees a fresh start."""
        self._prints_this_visit = 0
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._switch_guide(self._start_language)
        self._close_dialogs()
        self._drop_pages()
        theme.apply(app, self.fresh_view())
        self._build()
        self.show_section("home", announce=False)
        # Again once the dialog that asked (Finish) has finished closing: it gives the focus
        # back to the Finish button it was opened from, gone with the old top bar, and so to
        # the window itself (review finding 6). The next visitor starts at the heading.
        QTimer.singleShot(0, self, self._focus_heading)
        log.info("session reset")
        self.session_reset.emit()

    @Slot()
    def _focus_heading(self) -> None:
        page = self._stack.currentWidget()
        focused = QApplication.focusWidget()
        if isinstance(page, ScrollPage) and (focused is None or focused is self
                                             or not focused.isVisible()):
            page.focus_heading()

    def _drop_pages(self) -> None:
        """Delete the pages now, not later: a new stylesheet restyles every widget still alive,
        and the cached walkthrough views are thousands of them (2.8 s for a text-size tap,
        measured). Safe here: what triggers a restyle or reset lives in the top bar or a
        timer, never in a page."""
        if not self._pages:
            return  # _build() calls this too: after a restyle or reset, nothing is left to do
        self.narrator.stop()
        # The page on screen goes last: taking out the current page makes the stack show
        # (and lay out) another one, which is then taken out in its turn.
        current = self._stack.currentWidget()
        for page in sorted(self._pages.values(), key=lambda p: p is current):
            page.release()
            self._stack.removeWidget(page)
            shiboken6.delete(page)
        self._pages = {}
        # Qt's pixmap cache keeps pieces drawn for widgets. Measured: what was drawn for the
        # deleted pages is never drawn from again (rebuilt pages add new entries), so every
        # rebuild grew memory until the cache's 10 MB limit. Those pages are gone: so is that.
        QPixmapCache.clear()

    def _close_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():  # closing a closed one would say "finished" again
                dialog.reject()
            dialog.deleteLater()
        self._term_dialog = None

    def is_fresh(self) -> bool:
        """True when nothing differs from a fresh start (so an idle prompt has nothing to end)."""
        state = state_of(self)
        return (state["page"] == "home" and state["step"] in (OVERVIEW, None)
                and not any(state["scroll"].values())  # type: ignore[attr-defined]
                and state["view"] == self.fresh_view() and not state["dialogs"])

    def fresh_view(self) -> theme.View:
        """The look of a fresh start: normal text, normal colours, the start language."""
        return theme.View(kiosk=self._kiosk, language=self._start_language)

    # -- words explained in place ---------------------------------------------------------------
    @Slot(str)
    def show_term(self, term_id: str) -> None:
        term = self.ctx.guide.term(term_id)
        if term is None:
            log.warning("glossary link to unknown term %r", term_id)
            return
        dialog = self._term_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.open_term(term)  # a word inside an explanation: with a way back
            return
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.close()
            dialog.deleteLater()
        from cartguide.ui.term_dialog import TermDialog

        self._term_dialog = TermDialog(self.ctx, term, self.narrator, self)
        self._term_dialog.open()

    @property
    def term_dialog(self) -> TermDialog | None:
        return self._term_dialog

    # -- kiosk --------------------------------------------------------------------------------
    def allow_close(self) -> None:
        """Let the next close request through (staff exit)."""
        self._allow_close = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        window_shown(self)  # the kiosk's input watchers start watching it
        if self._later_modules is None:  # once the window has been painted
            self._later_modules = list(LATER_MODULES)
            self.installEventFilter(_AfterFirstPaint(self, self._import_later_module))
        focused = QApplication.focusWidget()
        page = self._stack.currentWidget()
        if isinstance(page, ScrollPage) and (focused is None or focused.window() is not self):
            page.focus_heading()

    @Slot()
    def _import_later_module(self) -> None:
        """One of :data:`LATER_MODULES` per turn of the event loop (input waits at most one);
        then the pages are built ahead."""
        if self._later_modules:
            import_module(self._later_modules.pop(0))
        if self._later_modules:
            QTimer.singleShot(0, self, self._import_later_module)
        else:
            self._start_building_ahead()

    def _start_building_ahead(self) -> None:
        if self._later_modules == [] and not self._building_ahead:
            self._building_ahead = True
            QTimer.singleShot(0, self, self._build_ahead)

    @Slot()
    def _build_ahead(self) -> None:
        """Build one page not built yet (hidden), or one view of the walkthrough, per turn of
        the event loop, once the window has been painted and after every rebuild: the first
        view of each is then a switch (built on first view, the larger pages took 60-100 ms).
        Input that arrives meanwhile is handled between two of these turns.

        Not while a screen reader listens: every label built tells it its name (measured: about
        1 500 events per rebuild with all pages built ahead, at about 1 ms each for Orca), so
        after Text size or High contrast it spoke the new heading seconds late, and over a
        minute late once the bars those events were about had been rebuilt again (each event
        about a deleted control costs it a 0.8 s time-out). Pages are then built when shown."""
        if QAccessible.isActive():
            self._building_ahead = False
            return
        for key in (*SECTIONS, *self.ctx.guide.topics):
            if key not in self._pages:
                self.page(key)
                break
        else:
            steps = self._pages.get("steps")
            if not (isinstance(steps, StepsPage) and steps.build_ahead()):
                self._building_ahead = False
                return
        QTimer.singleShot(0, self, self._build_ahead)

    @property
    def built_ahead(self) -> bool:
        """True once nothing is being built ahead: every page and view of the walkthrough is
        built, or (with a screen reader listening) pages are built when shown."""
        return self._later_modules == [] and not self._building_ahead

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter presses the focused button or tile, as Space does (Qt's buttons outside
        dialogs take only Space; screen-reader users and kiosk keypads press Enter)."""
        focused = QApplication.focusWidget()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(focused, QAbstractButton) and focused.window() is self
                and focused.isEnabled() and not event.isAutoRepeat()):
            focused.animateClick()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._allow_close:
            super().closeEvent(event)
        else:
            event.ignore()  # a kiosk never closes for Alt+F4 or a window-manager request


def state_of(window: MainWindow) -> dict[str, object]:
    """Everything a visitor can change, as plain values (compared after a reset)."""
    steps = window._pages.get("steps")
    return {
        "page": window.current_key,
        "step": steps.index if isinstance(steps, StepsPage) else None,
        "scroll": {key: page.scroll_area.verticalScrollBar().value()
                   for key, page in window._pages.items()},
        "view": theme.current(),
        "dialogs": sorted(d.objectName() for d in window.findChildren(QDialog) if d.isVisible()),
        "title": window.windowTitle(),
    }

