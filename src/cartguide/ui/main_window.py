"""The window: a top bar (Home, title, Important information), the pages, and a footer that keeps
the disclaimer, content version and review date in view on every screen."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cartguide.content import ContentIssue, Guide, markup
from cartguide.ui.context import PageContext
from cartguide.ui.format import long_date
from cartguide.ui.icons import icon
from cartguide.ui.pages.about import AboutPage, fallback_disclaimer
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.evaluation import EvaluationPage
from cartguide.ui.pages.glossary import GlossaryPage
from cartguide.ui.pages.home import HomePage
from cartguide.ui.pages.missing import MissingSectionPage
from cartguide.ui.pages.side_effects import SideEffectsPage
from cartguide.ui.pages.steps import StepsPage
from cartguide.ui.pages.story import StoryPage
from cartguide.ui.term_dialog import TermDialog
from cartguide.ui.widgets.text import LinkRouter

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    page_changed = Signal(str)  # the key of the section now shown

    def __init__(self, guide: Guide, *, issues: Sequence[ContentIssue] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._router = LinkRouter(self)
        self._router.term_requested.connect(self.show_term)
        self.ctx = PageContext(guide, self._router)
        self._term_dialog: TermDialog | None = None
        self._app_title = guide.home.app_title if guide.home else self.tr("CAR-T Guide")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        self._stack = QStackedWidget()
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._build_footer())
        self.setCentralWidget(central)

        self._pages: dict[str, ScrollPage] = {}
        self._build_pages(issues)
        self.show_section("home")
        self.resize(1280, 860)

    # -- building -----------------------------------------------------------------------------
    def _build_top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 10, 20, 10)
        row.setSpacing(16)
        self._home_button = QPushButton(icon("home", "on_primary"), self.tr("Home"))
        self._home_button.setIconSize(QSize(28, 28))
        self._home_button.setAccessibleName(self.tr("Home"))
        self._home_button.setAccessibleDescription(self.tr("Go back to the start of the guide"))
        self._home_button.clicked.connect(self.show_home)
        row.addWidget(self._home_button)
        self._title = QLabel(self._app_title)
        self._title.setObjectName("appTitle")
        row.addWidget(self._title, 1, Qt.AlignmentFlag.AlignCenter)
        self._info_button = QPushButton(icon("info", "on_primary"),
                                        self.tr("Important information"))
        self._info_button.setIconSize(QSize(28, 28))
        self._info_button.setAccessibleName(self.tr("Important information"))
        self._info_button.setAccessibleDescription(
            self.tr("The disclaimer, content version, review date and sources"))
        self._info_button.clicked.connect(self.show_about)
        row.addWidget(self._info_button)
        return bar

    def _build_footer(self) -> QFrame:
        footer = QFrame()
        footer.setObjectName("footer")
        row = QHBoxLayout(footer)
        row.setContentsMargins(24, 8, 24, 8)
        row.setSpacing(24)
        about = self.ctx.guide.about
        line = (markup.plain(about.disclaimer_line, self.ctx.term_name) if about
                else fallback_disclaimer())
        self._disclaimer = QLabel(line)
        self._disclaimer.setObjectName("disclaimerLine")
        self._disclaimer.setWordWrap(True)
        row.addWidget(self._disclaimer, 1)
        if about is not None:
            edition = self.tr("Content version {0} · Reviewed {1}").format(
                about.content_version, long_date(about.review_date, self.ctx.guide.language))
        else:
            edition = self.tr("Content version unknown")
        self._edition = QLabel(edition)
        self._edition.setObjectName("editionLine")
        row.addWidget(self._edition, 0, Qt.AlignmentFlag.AlignRight)
        return footer

    def _build_pages(self, issues: Sequence[ContentIssue]) -> None:
        guide = self.ctx.guide
        home = HomePage(self.ctx)
        home.section_requested.connect(self.show_section)
        pages: list[ScrollPage] = [home]
        if guide.steps is not None:
            steps = StepsPage(self.ctx, guide.steps)
            steps.finished.connect(self.show_home)
            steps.step_changed.connect(self._on_step_changed)
            pages.append(steps)
        else:
            pages.append(MissingSectionPage(self.ctx, "steps"))
        for key, page_class in (("story", StoryPage), ("evaluation", EvaluationPage),
                                ("side_effects", SideEffectsPage), ("glossary", GlossaryPage)):
            section = getattr(guide, key)
            pages.append(page_class(self.ctx, section) if section is not None
                         else MissingSectionPage(self.ctx, key))
        pages.append(AboutPage(self.ctx, issues))
        for page in pages:
            self._pages[page.key] = page
            self._stack.addWidget(page)

    # -- navigation ---------------------------------------------------------------------------
    @property
    def current_key(self) -> str:
        page = self._stack.currentWidget()
        return page.key if isinstance(page, ScrollPage) else ""

    def page(self, key: str) -> ScrollPage:
        return self._pages[key]

    # Slots, not lambdas: a lambda that captures the window keeps it alive forever.
    @Slot()
    def show_home(self) -> None:
        self.show_section("home")

    @Slot()
    def show_about(self) -> None:
        self.show_section("about")

    @Slot(int)
    def _on_step_changed(self, _index: int) -> None:
        self._update_title()

    @Slot(str)
    def show_section(self, key: str) -> None:
        page = self._pages.get(key)
        if page is None:
            log.warning("no page %r", key)
            return
        if isinstance(page, StepsPage) and self.current_key != "steps":
            page.show_overview()
        self._stack.setCurrentWidget(page)
        page.scroll_to_top()
        # Focus starts in the page (arrow keys scroll it), not on a top-bar button that would
        # look selected.
        page.scroll.setFocus(Qt.FocusReason.OtherFocusReason)
        self._home_button.setEnabled(key != "home")
        self._update_title()
        self.page_changed.emit(key)

    def _update_title(self) -> None:
        page = self._stack.currentWidget()
        title = page.title if isinstance(page, ScrollPage) else ""
        self.setWindowTitle(f"{title} — {self._app_title}" if title else self._app_title)

    @Slot(str)
    def show_term(self, term_id: str) -> None:
        term = self.ctx.guide.term(term_id)
        if term is None:
            log.warning("glossary link to unknown term %r", term_id)
            return
        if self._term_dialog is not None:
            self._term_dialog.close()
            self._term_dialog.deleteLater()
        self._term_dialog = TermDialog(self.ctx, term, self)
        self._term_dialog.open()

    @property
    def term_dialog(self) -> TermDialog | None:
        return self._term_dialog
