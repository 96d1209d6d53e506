"""Once the window is shown, the pages the home page leads to (and every view of the
walkthrough) are built ahead in idle moments, hidden: what a visitor sees and where the focus
is do not change, and each first view is then a switch, in the language in force."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from cartguide.ui.main_window import SECTIONS
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.steps import StepsPage
from tests.conftest import buttons_named, click, tap, visible_text


def pages(window: QWidget) -> dict[str, ScrollPage]:
    return {p.key: p for p in window.findChildren(ScrollPage)}


def test_pages_are_built_ahead_hidden_without_changing_the_screen_or_the_focus(
        qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    QApplication.processEvents()
    shown, focused = visible_text(window), QApplication.focusWidget()
    assert set(pages(window)) == {"home"}  # the first screen builds only itself
    qtbot.waitUntil(lambda: window.built_ahead)
    built = pages(window)
    assert set(SECTIONS) <= set(built)
    assert [k for k, p in built.items() if p.isVisible()] == ["home"]
    assert visible_text(window) == shown and QApplication.focusWidget() is focused
    steps = built["steps"]
    assert isinstance(steps, StepsPage)
    views = steps.count + 1 + (steps.quiz_index is not None)  # the overview, steps, questions
    assert steps.build_ahead() is False  # all built already
    assert len(steps._views) == views

    # A tap on the walkthrough's tile shows its overview, built ahead, as before.
    tap(buttons_named(window, window.ctx.guide.steps.title)[0])
    qtbot.waitUntil(lambda: window.current_key == "steps")
    assert pages(window)["steps"] is steps
    assert window.ctx.guide.steps.title in visible_text(window)
    assert steps.heading() is not None and steps.heading().hasFocus()


def test_after_a_language_switch_the_pages_are_built_again_in_the_new_language(
        qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    qtbot.waitUntil(lambda: window.built_ahead)
    window.next_language()
    assert window.language == "zh_CN"
    qtbot.waitUntil(lambda: window.built_ahead)
    built = pages(window)
    assert set(SECTIONS) <= set(built)
    story = built["story"]
    assert story.ctx.guide.language == "zh_CN" and not story.isVisible()


@pytest.fixture
def screen_reader():  # type: ignore[no-untyped-def]
    """Qt as it is while a screen reader (Orca over AT-SPI) listens."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def test_with_a_screen_reader_only_the_page_shown_is_built_and_the_others_when_opened(
        qtbot, make_window, screen_reader) -> None:  # type: ignore[no-untyped-def]
    """Every label built tells a screen reader its name: with all pages built ahead, Orca
    spoke the heading about 4 s after Text size (issue 14, audit #2); measured 0.5 s without."""
    window = make_window()
    tap(buttons_named(window, window.ctx.guide.steps.title)[0])
    qtbot.waitUntil(lambda: window.current_key == "steps")
    click(qtbot, window, "Text size")
    qtbot.waitUntil(lambda: window.built_ahead)
    qtbot.wait(200)  # idle turns in which pages would be built ahead
    assert set(pages(window)) == {"steps"}
    steps = pages(window)["steps"]
    assert isinstance(steps, StepsPage) and len(steps._views) == 1  # the overview on screen
    assert steps.heading() is not None and steps.heading().hasFocus()

    # Another page is built when opened, and its heading has the focus as before.
    tap(buttons_named(window, "Home")[0])
    qtbot.waitUntil(lambda: window.current_key == "home")
    assert set(pages(window)) == {"steps", "home"}
    home = pages(window)["home"]
    assert home.heading() is not None and home.heading().hasFocus()
