"""Once the window is shown, the pages the home page leads to (and every view of the
walkthrough) are built ahead in idle moments, hidden: what a visitor sees and where the focus
is do not change, and each first view is then a switch, in the language in force."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from cartguide.ui.main_window import SECTIONS
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.steps import StepsPage
from tests.conftest import buttons_named, tap, visible_text


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
