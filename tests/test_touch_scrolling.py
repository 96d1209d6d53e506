"""Touch scrolling and swipes keep working however often the pages are rebuilt (text size,
contrast, language, reset), and rebuilding does not make new scroll areas without end."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFrame

from cartguide.ui.widgets.swipe import SwipeDetector
from tests.conftest import click, drag, finish_visit


def _drag_up_on_page(window, qtbot):  # type: ignore[no-untyped-def]
    page = window.page(window.current_key)
    viewport = page.scroll_area.viewport()
    bar = page.scroll_area.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 400, "the page should start at the top"
    # Inside the screen too (the offscreen platform's is 800 px high): a gesture outside every
    # screen has no target, and Qt warns.
    bottom = viewport.mapFromGlobal(viewport.screen().geometry().bottomLeft()).y()
    start = QPoint(viewport.width() // 2, min(viewport.height(), bottom) - 60)
    drag(viewport, start, start - QPoint(0, 400))
    qtbot.waitUntil(lambda: bar.value() > 200, timeout=3000)


def test_kiosk_pages_scroll_by_dragging_after_every_rebuild(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    click(qtbot, window, window.ctx.guide.glossary.title)
    _drag_up_on_page(window, qtbot)
    for control in ("Text size", "High contrast", "Text size", "Change language"):
        click(qtbot, window.findChild(QFrame, "topBar"), control)
        assert window.current_key == "glossary"  # the reader stays on the page...
        _drag_up_on_page(window, qtbot)  # ...which starts at the top and scrolls by finger
    finish_visit(qtbot, window)  # in Chinese now: 结束
    assert window.language == "en"
    click(qtbot, window, window.ctx.guide.glossary.title)
    _drag_up_on_page(window, qtbot)


def test_one_swipe_is_one_step_after_rebuilds(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The swipe watcher of a deleted page must not live on in a reused scroll area."""
    window = make_window(kiosk=True)
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    for _ in range(3):
        click(qtbot, window.findChild(QFrame, "topBar"), "Text size")
    page = window.page("steps")
    viewport = page.scroll_area.viewport()
    y = viewport.height() // 3
    # Inside the offscreen platform's 800-px screen: a gesture outside every screen has no
    # target, and Qt warns.
    start = QPoint(min(viewport.width() * 3 // 4, 760), y)
    drag(viewport, start, start - QPoint(viewport.width() // 2, 0))
    qtbot.waitUntil(lambda: page.index == 1, timeout=2000)
    qtbot.wait(300)
    assert page.index == 1
    # and nothing of the old pages keeps watching the app's events (each would cost every event)
    assert len(window.findChildren(SwipeDetector)) == 1


def test_rebuilds_reuse_the_scroll_areas(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every new touch-scrolling area registers a gesture Qt never forgets (memory grew with
    each rebuild): pages borrow areas from the window's pool instead."""
    window = make_window(kiosk=True)
    sections = ["home", "steps", "story", "evaluation", "side_effects", "glossary", "about"]

    def visit_all() -> None:
        for key in sections:
            window.show_section(key)

    visit_all()
    pool = window.ctx.scroll_areas
    made = pool.made
    assert made == len(sections)
    for _ in range(3):
        click(qtbot, window.findChild(QFrame, "topBar"), "Text size")
        visit_all()
        finish_visit(qtbot, window)
        visit_all()
    assert window.ctx.scroll_areas is pool
    assert pool.made == made
