"""Usable by everyone: contrast, target size, large text without clipping, keyboard order,
screen-reader announcements, touch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QLabel, QWidget

from cartguide.ui import theme
from cartguide.ui.main_window import SECTIONS, MainWindow
from cartguide.ui.pages.steps import StepsPage
from cartguide.ui.widgets.text import TermLink
from tests.conftest import click, drag, visible_text


@pytest.mark.parametrize("palette", [theme.STANDARD, theme.HIGH_CONTRAST],
                         ids=["standard", "high-contrast"])
def test_every_text_colour_pair_reaches_7_to_1(palette: theme.Palette) -> None:
    for foreground, background in theme.TEXT_PAIRS:
        ratio = theme.contrast_ratio(getattr(palette, foreground), getattr(palette, background))
        assert ratio >= 7.0, f"{foreground} on {background}: {ratio:.2f}"


def test_contrast_ratio_is_computed_correctly() -> None:
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def every_screen(window: MainWindow) -> Iterator[str]:
    """Show each section (and each step) in turn; yields a name for messages."""
    for key in SECTIONS:
        window.show_section(key)
        settle()
        yield key
        page = window.page(key)
        if isinstance(page, StepsPage):
            for index in range(page.count):
                page.show_step(index)
                settle()
                yield f"steps[{index}]"


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0


@pytest.mark.parametrize(("kiosk", "minimum"), [(False, 44), (True, 64)])
def test_every_control_is_big_enough_to_touch(make_window, kiosk: bool,  # type: ignore[no-untyped-def]
                                              minimum: int) -> None:
    window = make_window(kiosk=kiosk, size=(1920, 1080) if kiosk else (1280, 860))
    checked = 0
    for screen in every_screen(window):
        for button in window.findChildren(QAbstractButton):
            # Glossary words inside a sentence are as big as the words (WCAG 2.5.8's
            # exception for targets in a sentence); each also opens from the glossary page.
            if shown(button) and not isinstance(button, TermLink):
                checked += 1
                assert button.height() >= minimum and button.width() >= minimum, (
                    f"{screen}: {button.accessibleName()!r} is {button.width()}x"
                    f"{button.height()}")
    assert checked > 100


@pytest.mark.parametrize(("kiosk", "size"),
                         [(True, (1920, 1080)), (False, (1280, 860)), (False, (1024, 768))],
                         ids=["kiosk", "window", "small-window"])
@pytest.mark.parametrize("contrast", [False, True], ids=["standard", "high-contrast"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_text_at_200_percent_is_never_clipped(make_window, kiosk: bool,  # type: ignore[no-untyped-def]
                                              size: tuple[int, int], contrast: bool,
                                              language: str) -> None:
    window = make_window(kiosk=kiosk, view=theme.View(2.0, contrast, kiosk, language), size=size,
                         language=language)
    for screen in every_screen(window):
        for label in window.findChildren(QLabel):
            if not shown(label) or not label.text().strip():
                continue
            what = f"{screen}: {visible_text_of(label)[:40]!r}"
            if label.wordWrap():
                assert label.heightForWidth(label.width()) <= label.height() + 1, what
            else:
                hint = label.sizeHint()
                assert hint.width() <= label.width() + 1, f"{what} {hint} > {label.size()}"
                assert hint.height() <= label.height() + 1, f"{what} {hint} > {label.size()}"
        for button in window.findChildren(QAbstractButton):
            if shown(button) and button.text():
                hint = button.sizeHint()
                assert hint.width() <= button.width() + 1, (
                    f"{screen}: button {button.text()!r} needs {hint.width()} px, "
                    f"has {button.width()}")


def test_a_narrow_window_drops_top_bar_icons_and_a_wide_one_has_them(make_window) -> None:  # type: ignore[no-untyped-def]
    """A nurse's 1024-px window keeps every word of the top bar; widened, the icons come back."""
    window = make_window(size=(1024, 768))
    bar = window.findChild(QFrame, "topBar")

    def buttons() -> list[QAbstractButton]:
        return [b for b in bar.findChildren(QAbstractButton) if b.isVisible()]

    assert all(b.sizeHint().width() <= b.width() + 1 for b in buttons())
    assert any(b.icon().isNull() for b in buttons())
    window.resize(1600, 900)
    settle()
    assert all(not b.icon().isNull() for b in buttons())
    assert window.findChild(QLabel, "appTitle").isVisible()
    assert all(b.sizeHint().width() <= b.width() + 1 for b in buttons())


def visible_text_of(label: QLabel) -> str:
    return label.accessibleName() or label.text()


def test_text_size_and_contrast_buttons_keep_the_reader_in_place(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = window.findChild(QFrame, "topBar")
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    click(qtbot, window, "Next: step 2")
    for expected in (1.5, 2.0, 1.0):
        click(qtbot, window.findChild(QFrame, "topBar"), "Text size")
        assert theme.current().text_scale == expected
        assert "Step 2 of" in visible_text(window)
    click(qtbot, window.findChild(QFrame, "topBar"), "High contrast")
    assert theme.current().high_contrast
    assert "#000000" in QApplication.instance().styleSheet()
    assert "Step 2 of" in visible_text(window)
    contrast = [b for b in window.findChildren(QAbstractButton)
                if b.accessibleName() == "High contrast" and b.isVisible()]
    assert contrast[0].isChecked()
    assert bar is not None


def test_top_bar_controls_have_names_and_descriptions(window) -> None:  # type: ignore[no-untyped-def]
    bar = window.findChild(QFrame, "topBar")
    buttons = [b for b in bar.findChildren(QAbstractButton) if b.isVisible()]
    assert [b.accessibleName() for b in buttons] == [
        "Home", "Text size 100%", "High contrast", "中文 (Change language)",
        "Important information"]
    assert all(b.accessibleDescription() for b in buttons)
    # Label in name (WCAG 2.5.3): the words on each button begin its name.
    assert all(b.accessibleName().startswith(b.text()) for b in buttons)


def test_tab_follows_reading_order(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    window.activateWindow()
    window.page("steps").scroll_area.setFocus()
    order: list[str] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        name = widget.accessibleName() if isinstance(widget, QAbstractButton) else ""
        if name and name not in order:
            order.append(name)
    chips = [n for n in order if n.startswith("Go to step")]
    assert chips == sorted(chips, key=lambda n: int(n.split()[3].rstrip(":")))
    assert order.index("Back to the overview") < order.index(chips[0])
    assert order.index(chips[-1]) < order.index("Next: step 2")
    assert order.index("Home") < order.index("Important information")


def test_tab_reads_a_later_step_before_its_buttons(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Step 2's words are built after the buttons below them; Tab still reads them first."""
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    click(qtbot, window, "Next: step 2")
    window.activateWindow()
    page = window.page("steps")
    page.scroll_area.setFocus()
    seen: list[QWidget] = []
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    back = next(i for i, w in enumerate(seen) if isinstance(w, QAbstractButton)
                and w.accessibleName() == "Back to step 1")
    words = [i for i, w in enumerate(seen[:back + 1]) if page.scroll_area.isAncestorOf(w)]
    assert words, "the step's linked words should come before its Back button"


def test_page_changes_are_announced(window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui import main_window

    said: list[str] = []
    monkeypatch.setattr(main_window.QAccessible, "updateAccessibility",
                        lambda event: said.append(event.message()))
    click(qtbot, window, window.ctx.guide.story.title)
    click(qtbot, window.findChild(QFrame, "topBar"), "Home")
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    assert said == [window.ctx.guide.story.title, window.ctx.guide.home.title,
                    window.ctx.guide.steps.title, window.ctx.guide.steps.steps[0].title]


def test_swipe_moves_between_steps(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    page = window.page("steps")
    viewport = page.scroll_area.viewport()
    y = viewport.height() // 2
    drag(viewport, QPoint(900, y), QPoint(300, y + 20))
    assert page.index == 1
    drag(viewport, QPoint(300, y), QPoint(900, y))
    assert page.index == 0
    # A mostly vertical drag is scrolling, not a swipe.
    drag(viewport, QPoint(600, 100), QPoint(400, 600))
    assert page.index == 0


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)],
                         ids=["landscape", "portrait", "laptop"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_home_leads_with_one_start_in_view(make_window, size: tuple[int, int],  # type: ignore[no-untyped-def]
                                           language: str) -> None:
    """One large primary action, in view without scrolling; the other sections below it are
    plain tiles; Important information is on the top bar only."""
    window = make_window(kiosk=size != (1366, 768), size=size, language=language)
    settle()
    page = window.page("home")
    viewport = page.scroll_area.viewport()
    start = page.start_tile
    assert start.objectName() == "startAction" and start.isVisible()
    bottom = start.mapTo(viewport, start.rect().bottomLeft()).y()
    assert 0 < bottom <= viewport.height()
    steps = window.ctx.guide.steps
    assert f"{len(steps.steps)}" in visible_text(start)  # how many steps
    tiles = [b for b in page.findChildren(QAbstractButton) if b.objectName() == "tile"]
    assert len(tiles) == len(window.ctx.guide.home_sections) - 1
    assert all(t.height() < start.height() * 1.5 for t in tiles)
    about = window.ctx.guide.about.title
    assert about not in [t.accessibleName() for t in tiles]
    assert about not in visible_text(page.scroll_area.widget())
