"""What a screen reader is told (offscreen, through Qt's accessibility interfaces): roles, focus
after every change, the step chips, the quiz, the glossary words, the language.

The same things are checked through the real AT-SPI bus in tests/test_atspi.py."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QLabel, QWidget

from cartguide.content import markup
from cartguide.ui.pages.steps import StepsPage
from cartguide.ui.widgets.quiz import ChoiceButton, QuestionView
from cartguide.ui.widgets.text import BulletList, TextLabel
from tests.conftest import buttons_named, click, drag, press_key

Role = QAccessible.Role


def iface(widget: QWidget):  # type: ignore[no-untyped-def]
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None
    return found


def children(widget: QWidget) -> list:  # type: ignore[type-arg]
    parent = iface(widget)
    return [parent.child(i) for i in range(parent.childCount())]


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def plain(window, text: str) -> str:  # type: ignore[no-untyped-def]
    return markup.plain(text, window.ctx.term_name)


def steps_page(window) -> StepsPage:  # type: ignore[no-untyped-def]
    page = window.page("steps")
    assert isinstance(page, StepsPage)
    return page


def test_headings_lists_pictures_and_tiles_have_their_roles(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    heading = window.findChild(QLabel, "pageHeading")
    assert iface(heading).role() == Role.Heading
    assert iface(heading).text(QAccessible.Text.Name) == window.ctx.guide.home.title
    tiles = [b for b in window.findChildren(QAbstractButton) if b.objectName() == "tile"
             and b.isVisible()]
    assert tiles and all(iface(t).role() == Role.Button and iface(t).childCount() == 0
                         for t in tiles)  # one button: no icon, no labels inside
    picture = window.findChild(QWidget, "illustration")
    assert iface(picture).role() == Role.Graphic
    assert iface(picture).text(QAccessible.Text.Name) == window.ctx.guide.home.illustration.alt
    click(qtbot, window, plain(window, window.ctx.guide.steps.title))
    click(qtbot, window, "Start with step 1")
    lists = [w for w in window.findChildren(BulletList) if w.isVisible()]
    assert lists
    items = children(lists[0])
    assert iface(lists[0]).role() == Role.List
    assert items and all(i.role() == Role.ListItem for i in items)
    # The bullet is left out; the item's words are there once.
    words = [c.text(QAccessible.Text.Name) for i in items
             for c in (i.child(n) for n in range(i.childCount()))]
    assert "\u2022" not in words
    step = window.ctx.guide.steps.steps[0]
    assert items[0].text(QAccessible.Text.Name) == plain(window, step.who[0])
    # Cards are named groups without their decorative icon.
    card = next(w for w in window.findChildren(QFrame, "card") if w.isVisible()
                and w.accessibleName() == "Who you will see")
    assert iface(card).role() == Role.Grouping
    assert all(c.role() != Role.Graphic and c.object().property("a11y") != "hidden"
               for c in children(card))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_focus_goes_to_the_new_heading_after_every_change(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    window = make_window(language=language)
    window.activateWindow()
    qtbot.waitUntil(lambda: focused() is not None)  # the window is active: focus shows now
    guide = window.ctx.guide

    def heading_has_focus(title: str) -> None:
        widget = focused()
        assert widget is not None and widget.objectName() == "pageHeading", widget
        assert widget.accessibleName() == title
        assert iface(widget).role() == Role.Heading
        assert iface(widget).state().focusable and widget.hasFocus()

    heading_has_focus(plain(window, guide.home.title))
    story = plain(window, guide.story.title)
    tile = next(b for b in window.findChildren(QAbstractButton)
                if b.objectName() == "tile" and b.accessibleName() == story)
    tile.setFocus()
    press_key(window, Qt.Key.Key_Return)  # Enter presses a tile, as Space does
    qtbot.waitUntil(lambda: window.current_key == "story")
    heading_has_focus(plain(window, guide.story.title))
    window.show_section("steps")
    heading_has_focus(plain(window, guide.steps.title))
    page = steps_page(window)
    page.show_step(2)
    heading_has_focus(plain(window, guide.steps.steps[2].title))
    for control in ("_text_size_button", "_contrast_button", "_language_button"):
        qtbot.mouseClick(getattr(window, control), Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        heading_has_focus(window.page("steps").title)
    # The scroll area is never a focus stop.
    assert window.page("steps").scroll_area.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_exactly_one_chip_is_current_whichever_way_a_step_is_chosen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.ctx.guide
    click(qtbot, window, plain(window, guide.steps.title))
    click(qtbot, window, "Start with step 1")
    page = steps_page(window)
    chips = [c for c in page.findChildren(QAbstractButton) if c.objectName() == "stepChip"]
    assert len(chips) == page.count + 1  # and one for the questions (D26)

    def current(index: int) -> None:
        assert page.index == index
        assert page.current_chips == [chips[index]]
        selected = [c for c in chips if iface(c).state().selected]
        assert selected == [chips[index]]
        assert all(iface(c).role() == Role.PageTab for c in chips)
        assert all(not c.isCheckable() for c in chips)  # no "Toggle" for a screen reader
        # D2: the current chip's number and name are drawn in the current colours.
        labels = chips[index].findChildren(QLabel)
        assert labels and all(label.property("current") for label in labels)

    current(0)
    click(qtbot, page, f"Go to step 4: {guide.steps.steps[3].short_title}")  # a tap
    current(3)
    chips[5].setFocus()
    press_key(window, Qt.Key.Key_Space)  # the keyboard
    current(5)
    actions = iface(chips[1]).actionInterface()
    assert actions.actionNames()[0] == "Press" and "Toggle" not in actions.actionNames()
    actions.doAction("Press")  # a screen reader or switch
    qtbot.waitUntil(lambda: page.index == 1)
    current(1)
    click(qtbot, window, "Next: step 3")
    current(2)
    click(qtbot, window, "Back to step 2")
    current(1)
    viewport = page.scroll_area.viewport()
    y = viewport.height() // 2
    drag(viewport, QPoint(900, y), QPoint(300, y + 20))  # a swipe
    current(2)
    chips[-1].click()  # the questions' own chip
    current(page.count)
    assert [c.property("current") for c in chips].count(True) == 1


def quiz_on_screen(window, qtbot) -> list[QuestionView]:  # type: ignore[no-untyped-def]
    click(qtbot, window, plain(window, window.ctx.guide.steps.title))
    page = steps_page(window)
    page.show_step(page.count)
    return [v for v in page.findChildren(QuestionView) if v.isVisible()]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_quiz_questions_are_named_groups_of_radio_buttons(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    window = make_window(language=language)
    views = quiz_on_screen(window, qtbot)
    quiz = window.ctx.guide.steps.quiz
    assert len(views) == len(quiz.questions)
    for number, (view, question) in enumerate(zip(views, quiz.questions, strict=True), 1):
        group = iface(view)
        assert group.role() == Role.Grouping
        assert group.text(QAccessible.Text.Name) == f"{number}. {plain(window, question.question)}"
        answers = [c for c in children(view) if c.role() == Role.RadioButton]
        assert [a.text(QAccessible.Text.Name) for a in answers] == [
            plain(window, c) for c in question.choices]
        assert all(a.state().checkable and not a.state().checked for a in answers)
        assert all(a.childCount() == 0 for a in answers)


def test_every_answer_is_on_the_tab_path_and_arrows_stay_in_the_quiz(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = quiz_on_screen(window, qtbot)
    page = steps_page(window)
    window.activateWindow()
    page.focus_heading()
    reached: list[QWidget] = []
    for _ in range(40):
        press_key(window, Qt.Key.Key_Tab)
        widget = focused()
        if isinstance(widget, ChoiceButton) and widget not in reached:
            reached.append(widget)
    assert reached == [c for v in views for c in v.choices]
    first = views[0].choices[0]
    first.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
        press_key(window, key)
        assert page.index == page.count, f"{key} turned the page"
    assert focused() is views[0].choices[2]  # Right, Down, Left, Right: two answers on
    assert not views[0].answered  # moving is not answering
    heading = page.heading()
    assert heading is not None
    heading.setFocus()
    press_key(window, Qt.Key.Key_Right)
    assert page.index == page.count, "an arrow on the quiz page's heading turned the page"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_verdict_is_marked_and_takes_the_focus(make_window, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(language=language)
    views = quiz_on_screen(window, qtbot)
    window.activateWindow()
    question = window.ctx.guide.steps.quiz.questions[0]
    wrong = next(i for i in range(len(question.choices)) if i + 1 != question.answer)
    view = views[0]
    view.choices[wrong].setFocus()
    press_key(window, Qt.Key.Key_Space)
    assert view.answered
    verdict = view.verdict
    assert focused() is verdict
    right_words = plain(window, question.choices[question.answer - 1])
    assert right_words in verdict.accessibleName()
    assert plain(window, question.explanation[0]) in verdict.accessibleDescription()
    assert "✗" in verdict.text() and verdict.property("verdict") == "wrong"
    # The right answer is marked in place, the chosen one too: sign, colour and word.
    right = view.choices[question.answer - 1]
    chosen = view.choices[wrong]
    assert right.property("verdict") == "right" and right.mark.text().startswith("✓")
    assert chosen.property("verdict") == "wrong" and chosen.mark.text().startswith("✗")
    assert right.mark.isVisible() and chosen.mark.isVisible()
    assert iface(chosen).state().checked and not iface(right).state().checked
    # A screen reader's own action on an answer gives the verdict too (not only a click).
    second = views[1]
    answer = second.choices[window.ctx.guide.steps.quiz.questions[1].answer - 1]
    iface(answer).actionInterface().doAction("Press")
    qtbot.waitUntil(lambda: second.answered)
    assert "✓" in second.verdict.text() and focused() is second.verdict


def test_glossary_words_are_links_on_the_tab_path(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    label = next(lb for lb in window.findChildren(TextLabel) if lb.isVisible() and lb.term_links)
    links = [link for link in label.term_links if link.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert links
    assert label.focusPolicy() == Qt.FocusPolicy.NoFocus  # no dead stop on the paragraph
    for link in links:
        assert iface(link).role() == Role.Link
        assert iface(link).text(QAccessible.Text.Name) == link.accessibleName()
        assert link.accessibleName() in label.accessibleName()
        assert "Press" in iface(link).actionInterface().actionNames()
    # Each lies over its words (so a tap on the word hits it).
    assert all(label.rect().intersects(link.geometry()) for link in links)
    window.activateWindow()
    window.page("home").focus_heading()
    press_key(window, Qt.Key.Key_Tab)
    assert focused() is window.page("home").start_tile  # the start comes before the welcome
    seen = []
    for _ in range(len(links)):
        press_key(window, Qt.Key.Key_Tab)
        seen.append(focused())
    assert seen == links
    press_key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.term_dialog is not None and window.term_dialog.isVisible())


def outline(window: QWidget) -> list[tuple[int, str]]:
    """The headings a screen reader lists on what is shown now: (level, name), in order."""
    found: list[tuple[int, str]] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if node is None or node.state().invisible:
            return
        if node.role() == Role.Heading:
            attributes = node.attributesInterface()
            assert attributes is not None, node.text(QAccessible.Text.Name)
            assert QAccessible.Attribute.Level in attributes.attributeKeys()
            found.append((attributes.attributeValue(QAccessible.Attribute.Level),
                          node.text(QAccessible.Text.Name)))
        for n in range(node.childCount()):
            walk(node.child(n))

    walk(iface(window))
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_screen_has_an_outline_of_heading_levels(make_window, language: str) -> None:  # type: ignore[no-untyped-def]
    """Page title level 1, its sections level 2, what is inside them level 3: one title, and
    no level skipped on the way down (a screen reader's heading list is the page's map)."""
    from tests.test_accessibility import every_screen, settle

    window = make_window(language=language)

    def screens_and_topics():  # type: ignore[no-untyped-def]
        yield from every_screen(window)
        for topic in window.ctx.guide.topic_order:
            window.show_section(topic)
            settle()
            yield f"topic {topic}"

    screens = 0
    for screen in screens_and_topics():
        screens += 1
        levels = outline(window)
        assert levels, screen
        assert levels[0][0] == 1 and [lv for lv, _ in levels].count(1) == 1, (screen, levels)
        for (before, _), (level, name) in itertools.pairwise(levels):
            assert level in (1, 2, 3) and level <= before + 1, (screen, name, levels)
    assert screens > 10
    # The page title is level 1 and a section heading level 2, as they look.
    window.show_section("about")
    settle()
    levels = outline(window)
    heading = window.page("about").findChild(QLabel, "pageHeading")
    assert levels[0] == (1, heading.accessibleName() or heading.text())
    assert levels[1][0] == 2


def test_accessible_language_follows_the_guide(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert QLocale().name() == "en_US" and window.locale().name() == "en_US"
    click(qtbot, window.findChild(QFrame, "topBar"), "Change language")
    assert QLocale().name() == "zh_CN" and window.locale().name() == "zh_CN"
    click(qtbot, window.findChild(QFrame, "topBar"), "切换语言")
    assert QLocale().name() == "en_US"


def test_tab_goes_top_bar_then_listen_bar_then_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    buttons_named(window, "Home")[0].setEnabled(True)
    bar = window.findChild(QFrame, "topBar")
    first = next(b for b in bar.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled())
    first.setFocus()
    order: list[str] = []
    for _ in range(12):
        press_key(window, Qt.Key.Key_Tab)
        widget = focused()
        if widget is not None:
            order.append(widget.accessibleName())
    assert order.index("Read aloud") < order.index(window.ctx.guide.home.title)
    assert order.index("Important information") < order.index("Read aloud")


def test_use_through_assistive_technology_keeps_a_kiosk_visit(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A screen reader's or switch's actions send no input events; they count all the same,
    the countdown is in what a screen reader reads, and a dialog keeps the page still."""
    from cartguide.ui.idle import IdleWatcher

    window = make_window(kiosk=True, size=(1920, 1080))
    watcher = window.findChild(IdleWatcher)
    watcher.timer.setInterval(5000)
    watcher.timer.setTimerType(Qt.TimerType.PreciseTimer)
    story = plain(window, window.ctx.guide.story.title)
    tile = next(b for b in window.findChildren(QAbstractButton) if b.accessibleName() == story)

    def waited_then(action) -> None:  # type: ignore[no-untyped-def]
        watcher.timer.start()
        qtbot.wait(300)
        assert watcher.timer.remainingTime() < 4800
        action()
        assert watcher.timer.remainingTime() > 4900

    waited_then(lambda: iface(tile).actionInterface().doAction("Press"))
    qtbot.waitUntil(lambda: window.current_key == "story")
    home = buttons_named(window, "Home")[0]
    waited_then(lambda: iface(home).actionInterface().doAction("SetFocus"))
    # "Are you still there?": its countdown is in what a screen reader reads.
    watcher.timer.setInterval(20)
    watcher.timer.start()
    qtbot.waitUntil(lambda: watcher.dialog is not None and watcher.dialog.isVisible())
    dialog = watcher.dialog
    stay = buttons_named(dialog, "Yes, I am still here")[0]
    assert "30 seconds" in stay.accessibleDescription()
    assert "30 seconds" in dialog.accessibleDescription()
    # The page behind cannot be pressed through AT-SPI while the dialog is open.
    finish = buttons_named(window.findChild(QFrame, "topBar"), "Finish")[0]
    iface(finish).actionInterface().doAction("Press")
    iface(home).actionInterface().doAction("Press")
    qtbot.wait(300)
    assert window.current_key == "story" and dialog.isVisible()
    iface(stay).actionInterface().doAction("Press")
    qtbot.waitUntil(lambda: watcher.dialog is None)
    assert window.current_key == "story"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_timeline_dates_fit_their_badges_at_200_percent(make_window, language: str) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui import theme
    from cartguide.ui.widgets.text import unbreakable_pieces

    window = make_window(kiosk=True, size=(1920, 1080), language=language,
                         view=theme.View(2.0, False, True, language))
    window.show_section("story")
    QApplication.processEvents()
    badges = [b for b in window.findChildren(QFrame, "timelineDate") if b.isVisible()]
    assert badges
    for badge in badges:
        label = badge.findChild(QLabel)
        for word in unbreakable_pieces(label.text()):  # words; Chinese may break between
            assert label.fontMetrics().horizontalAdvance(word) <= label.contentsRect().width(), (
                f"{word!r} is cut in a {badge.width()}-px badge")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_words_on_each_button_are_part_of_its_name(make_window, language: str) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.5.3 (label in name): a voice-control user says what they see."""
    from tests.test_accessibility import every_screen

    window = make_window(kiosk=True, size=(1920, 1080), language=language)
    checked = 0
    for screen in every_screen(window):
        for bar in ("topBar", "navBar", "listenBar"):
            for frame in window.findChildren(QFrame, bar):
                for button in frame.findChildren(QAbstractButton):
                    if button.isVisible() and button.text():
                        checked += 1
                        assert label_in_name(button.text(), button.accessibleName()), (
                            f"{screen}: {button.text()!r} not in {button.accessibleName()!r}")
    assert checked > 50


def label_in_name(label: str, name: str) -> bool:
    """The visible words appear in the name, in order (case, symbols such as "·" and the
    spaces around them aside, as WCAG 2.5.3's understanding document allows)."""
    import re

    at = 0
    name = name.lower()
    for part in re.split(r"[^\w\s%]+", label.lower()):
        part = part.strip()
        if not part:
            continue
        found = name.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def test_label_in_name_allows_symbols_not_other_words() -> None:
    assert label_in_name("Warning signs · who to call", "Warning signs and who to call")
    assert label_in_name("危险信号 · 打给谁", "危险信号和打给谁")
    assert label_in_name("Text size 150%", "Text size 150%")
    assert not label_in_name("中文", "Change language")
    assert not label_in_name("上一步", "回到第2步")


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_focus_rings_and_the_scroll_handle_reach_3_to_1(high_contrast: bool) -> None:
    """WCAG 1.4.11 (and 2.4.13's change of contrast between focused and not)."""
    from cartguide.ui import theme

    p = theme.HIGH_CONTRAST if high_contrast else theme.STANDARD
    ratio = theme.contrast_ratio
    assert ratio(p.scrollbar, p.window) >= 3
    for background in (p.window, p.surface, p.border):
        assert ratio(p.focus, background) >= 3, background
    assert ratio(p.accent, p.primary) >= 3  # the ring on the top bar and the start action


def test_no_assistive_action_reaches_the_page_behind_a_dialog(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 item 2: while a dialog is open, every action a screen reader or switch offers on
    the page behind (Press, SetFocus, ...) does nothing, on buttons, links and headings alike;
    closing the dialog puts the focus back on what opened it."""
    window = make_window(kiosk=True, size=(1920, 1080))
    window.activateWindow()
    page = window.page("home")
    label = next(t for t in page.findChildren(TextLabel) if t.isVisible() and t.term_links)
    link = next(k for k in label.term_links if k.focusPolicy() != Qt.FocusPolicy.NoFocus)
    link.setFocus(Qt.FocusReason.TabFocusReason)
    iface(link).actionInterface().doAction("Press")
    qtbot.waitUntil(lambda: window.term_dialog is not None and window.term_dialog.isVisible())
    dialog = window.term_dialog
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    inside = QApplication.focusWidget()
    heading = next(h for h in page.findChildren(QLabel)
                   if h.isVisible() and h.focusPolicy() & Qt.FocusPolicy.TabFocus)
    behind = [heading, page.start_tile, link, buttons_named(window, "Finish")[0]]
    for widget in behind:
        actions = iface(widget).actionInterface()
        assert actions is not None, widget.accessibleName()
        for name in actions.actionNames():
            actions.doAction(name)
        qtbot.wait(50)
        assert QApplication.focusWidget() is inside, (widget.accessibleName(), name)
        assert window.focusWidget() is not widget or widget is link, widget.accessibleName()
        assert window.current_key == "home" and dialog.isVisible()
    click(qtbot, dialog, "Close")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is link)


@pytest.mark.parametrize(("language", "words"), [("en", "cytokine release syndrome"),
                                                 ("zh_CN", "细胞因子释放综合征")])
def test_a_glossary_word_broken_over_two_lines_is_one_link(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                           language: str, words: str) -> None:
    """Issue 14 item 4: a word that wraps onto the next line is still one link for a screen
    reader, named by all of it (Chinese without a space inside), and no second control."""
    window = make_window(language=language)
    window.show_section("side_effects")
    QApplication.processEvents()
    label = next(t for t in window.page("side_effects").findChildren(TextLabel)
                 if t.isVisible() and words in t.accessibleName() and t.term_links)
    split = None
    for width in range(label.width(), 60, -7):  # a narrower column, as on a narrower window
        label.resize(width, label.heightForWidth(width))
        split = next((k for k in label.term_links if k.term_id == "crs" and len(k.pieces) > 1),
                     None)
        if split is not None:
            break
    assert split is not None, "the word never wrapped"
    QApplication.processEvents()
    shown = [c for c in children(label) if not c.state().invisible]
    links = [c for c in shown if c.role() == Role.Link]
    named = [c.text(QAccessible.Text.Name) for c in links]
    assert named.count(words) == 1, named
    assert len(shown) == len(links), [(c.role(), c.text(QAccessible.Text.Name)) for c in shown]
    assert all(c.role() != Role.Button for c in shown)
    # A finger on the part on the second line opens the word all the same.
    from PySide6.QtTest import QTest

    QTest.mouseClick(split, Qt.MouseButton.LeftButton, pos=split.pieces[-1].center())
    qtbot.waitUntil(lambda: window.term_dialog is not None and window.term_dialog.isVisible())
    assert window.term_dialog.term.id == "crs"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_application_is_named_by_the_guide_in_its_language(make_window, language: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 item 5: the first thing a screen reader meets, the application, says the guide's
    title in the language shown, and no program path as its description."""
    window = make_window(language=language)
    QApplication.processEvents()
    title = window.ctx.guide.home.app_title
    app = iface(QApplication.instance())
    assert app.role() == Role.Application
    assert app.text(QAccessible.Text.Name) == title
    description = app.text(QAccessible.Text.Description)
    assert "/" not in description and "python" not in description.lower(), description
    assert iface(window).parent().text(QAccessible.Text.Name) == title
    shown = [app.child(i).object() for i in range(app.childCount())]
    assert window in shown
    assert app.indexOfChild(iface(window)) == shown.index(window)
