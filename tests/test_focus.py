"""Keyboard and screen-reader users never lose their place: the focused control is always in
view, every focus stop is named and visibly marked, and after a dialog, a reset or a jump the
focus is where the reader expects it (issue 14; review findings 4 to 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QScrollArea, QWidget

from cartguide.content import markup
from cartguide.i18n import tr
from cartguide.ui.main_window import FinishDialog, MainWindow
from cartguide.ui.widgets.quiz import QuestionView
from tests.conftest import click, press_key, tap

KIOSK = (1920, 1080)


def plain(window: MainWindow, text: str) -> str:
    return markup.plain(text, window.ctx.term_name)


def in_view(widget: QWidget) -> bool:
    """The whole widget is on screen: inside every scroll area's viewport around it and inside
    its window."""
    top = widget.window()
    box = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    if not top.rect().contains(box):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            viewport = parent.viewport()
            seen = QRect(viewport.mapTo(top, QPoint(0, 0)), viewport.size())
            if not seen.contains(box):
                return False
        parent = parent.parentWidget()
    return True


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def tab_to(qtbot, window: MainWindow, name: str, limit: int = 200) -> QWidget:  # type: ignore[no-untyped-def]
    """Press Tab until the control named ``name`` has the focus."""
    for _ in range(limit):
        press_key(window, Qt.Key.Key_Tab)
        widget = focused()
        if widget.accessibleName() == name:
            return widget
    raise AssertionError(f"Tab never reached {name!r}")


def open_walkthrough_quiz(qtbot, window: MainWindow, words: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, plain(window, window.ctx.guide.steps.title))
    click(qtbot, window, words["start"])
    page = window.page("steps")
    page.show_step(page.count - 1)
    click(qtbot, window, words["to_quiz"])


WORDS = {
    "en": {"start": "Start with step 1", "to_quiz": "Next: check your understanding"},
    "zh_CN": {"start": "从第1步开始", "to_quiz": "下一步：检查一下您的理解"},
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_answer_given_by_keyboard_shows_its_verdict(make_window, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, size=KIOSK, language=language)
    open_walkthrough_quiz(qtbot, window, WORDS[language])
    quiz = window.ctx.guide.steps.quiz
    last = quiz.questions[-1]
    answer = tab_to(qtbot, window, plain(window, last.choices[last.answer - 1]))
    assert in_view(answer)
    press_key(window, Qt.Key.Key_Space)
    view = next(v for v in window.findChildren(QuestionView) if v.isVisible() and v.answered)
    assert focused() is view.verdict
    qtbot.waitUntil(lambda: in_view(view.verdict))


def test_focus_given_by_a_screen_reader_is_scrolled_into_view(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """AT-SPI's SetFocus reaches Qt as setFocus(): the page follows it."""
    window = make_window(kiosk=True, size=KIOSK)
    click(qtbot, window, plain(window, window.ctx.guide.glossary.title))
    page = window.page("glossary")
    last = [w for w in page.focus_chain() if page.scroll_area.isAncestorOf(w)][-1]
    assert not in_view(last)
    last.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: in_view(last))


@pytest.mark.parametrize("by_key", [False, True], ids=["tap", "keyboard"])
def test_after_finish_the_focus_is_on_the_home_heading(make_window, qtbot, by_key: bool) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, size=KIOSK)
    click(qtbot, window, plain(window, window.ctx.guide.glossary.title))
    finish = next(b for b in window.findChildren(QAbstractButton)
                  if b.isVisible() and b.accessibleName() == tr("Finish"))
    if by_key:
        finish.setFocus(Qt.FocusReason.TabFocusReason)
        press_key(window, Qt.Key.Key_Space)
    else:
        tap(finish)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(FinishDialog)))
    dialog = next(d for d in window.findChildren(FinishDialog) if d.isVisible())
    yes = next(b for b in dialog.findChildren(QAbstractButton)
               if b.accessibleName() == tr("Yes, start over"))
    if by_key:
        tab_to(qtbot, dialog, tr("Yes, start over"), limit=10)
        press_key(dialog, Qt.Key.Key_Space)
    else:
        tap(yes)
    qtbot.waitUntil(lambda: window.current_key == "home" and not open_dialogs(window))
    QApplication.processEvents()
    home = window.page("home")
    assert focused() is home.heading()
    press_key(window, Qt.Key.Key_Tab)
    assert focused().accessibleDescription().startswith(tr("Start here"))


def test_the_idle_reset_and_a_language_change_put_focus_on_the_heading(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, size=KIOSK)
    click(qtbot, window, plain(window, window.ctx.guide.glossary.title))
    window.reset_session()
    QApplication.processEvents()
    assert focused() is window.page("home").heading()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_jump_letter_moves_the_focus_to_its_words(make_window, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, size=KIOSK, language=language)
    click(qtbot, window, plain(window, window.ctx.guide.glossary.title))
    page = window.page("glossary")
    letter = page.index_buttons[len(page.index_buttons) // 2]
    name = letter.accessibleName()
    tab_to(qtbot, window, name)
    press_key(window, Qt.Key.Key_Space)
    heading = focused()
    assert heading.objectName() == "indexHeading"
    assert heading.accessibleName() == letter.text() or plain_label(heading) == letter.text()
    qtbot.waitUntil(lambda: in_view(heading))
    # The next Tab goes on from there (a linked word under it, or past the page's end),
    # never back to a word near the top of the page.
    press_key(window, Qt.Key.Key_Tab)
    after = focused()
    if page.scroll_area.isAncestorOf(after):
        assert after.mapTo(page, QPoint(0, 0)).y() > heading.mapTo(page, QPoint(0, 0)).y()
    qtbot.waitUntil(lambda: in_view(after))


def plain_label(widget: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    from tests.conftest import plain_text

    return plain_text(widget) if isinstance(widget, QLabel) else ""


def open_dialogs(window: MainWindow) -> list[QDialog]:
    return [d for d in window.findChildren(QDialog) if d.isVisible()]


def accessible_name(widget: QWidget) -> str:
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(widget)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "").strip()


def walk_tab_chain(qtbot, window: MainWindow, where: str, limit: int = 400) -> int:  # type: ignore[no-untyped-def]
    """Tab once round the whole window from the page's heading. Every stop must have a name
    (what a screen reader says) and look different while it has the focus (its focus ring)
    than after the focus has left it. Returns the number of stops."""
    start = focused()
    seen: list[QWidget] = []
    previous: QWidget | None = None
    ringed = None
    for _ in range(limit):
        press_key(window, Qt.Key.Key_Tab)
        widget = focused()
        if previous is not None:
            # the stop just left, drawn without the focus: must differ from with it
            assert previous.grab().toImage() != ringed, (
                f"{where}: no visible focus indicator on {type(previous).__name__} "
                f"{accessible_name(previous)!r} ({previous.objectName()!r})")
        if widget is start or widget in seen:
            break
        seen.append(widget)
        name = accessible_name(widget)
        assert name, (f"{where}: an unnamed focus stop: {type(widget).__name__} "
                      f"{widget.objectName()!r} after "
                      f"{accessible_name(seen[-2]) if len(seen) > 1 else 'the heading'!r}")
        assert widget.window() is window, f"{where}: Tab left the window ({name!r})"
        ringed = widget.grab().toImage()
        previous = widget
    else:
        raise AssertionError(f"{where}: Tab never came back round")
    return len(seen)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("kiosk", [False, True], ids=["window", "kiosk"])
def test_every_tab_stop_is_named_and_ringed(make_window, qtbot, kiosk: bool,  # type: ignore[no-untyped-def]
                                                    language: str) -> None:
    from cartguide.ui.main_window import SECTIONS
    from cartguide.ui.pages.steps import StepsPage

    window = make_window(kiosk=kiosk, size=KIOSK if kiosk else (1280, 860), language=language)
    window.activateWindow()
    screens = 0
    for key in SECTIONS:
        window.show_section(key)
        page = window.page(key)
        steps: list[int | None] = [None]
        if isinstance(page, StepsPage):
            steps = list(range(page.count))
        for index in steps:
            if index is not None:
                page.show_step(index)
            QApplication.processEvents()
            page.focus_heading()
            assert focused() is page.heading()
            assert walk_tab_chain(qtbot, window, f"{key}[{index}]") > 5
            screens += 1
    assert screens == 14
