"""Issue 15: layout, type, dialogs and feedback — each rule a test can state."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QLabel, QWidget

from cartguide.ui import theme
from cartguide.ui.main_window import FinishDialog, state_of
from cartguide.ui.widgets.text import WORD_JOINER, joins, to_html, typeset, unbreakable_pieces
from tests.conftest import click, dispose, finish_visit, press_key, tap, visible_text


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


# -- type ---------------------------------------------------------------------------------------
def test_kiosk_body_text_is_about_30_px_and_the_scale_is_ordered() -> None:
    kiosk = theme.type_scale(theme.View(kiosk=True))
    assert 28 <= kiosk.body <= 32
    assert kiosk.small < kiosk.body < kiosk.h3 < kiosk.h2 < kiosk.h1 < kiosk.display
    window = theme.type_scale(theme.View())
    assert window.body < kiosk.body
    big = theme.type_scale(theme.View(2.0, kiosk=True))
    assert big.chrome == 2 * kiosk.chrome  # the bars' text reaches 200 % too


# -- the top bar and the footer: never a word cut -------------------------------------------------
def words_fit(label: QLabel) -> list[str]:
    """Words of a label wider than the label (a word wider than its wrapping label is cut)."""
    metrics = label.fontMetrics()
    room = label.contentsRect().width()
    return [w for w in unbreakable_pieces(label.text()) if metrics.horizontalAdvance(w) > room + 1]


@pytest.mark.parametrize(("kiosk", "size"), [(True, (1920, 1080)), (True, (1080, 1920)),
                                             (False, (1366, 768)), (False, (1024, 768))],
                         ids=["landscape", "portrait", "laptop", "small"])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("contrast", [False, True], ids=["standard", "high-contrast"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_chrome_never_cuts_a_word(make_window, kiosk: bool, size: tuple[int, int],  # type: ignore[no-untyped-def]
                                      scale: float, contrast: bool, language: str) -> None:
    window = make_window(kiosk=kiosk, size=size, language=language,
                         view=theme.View(scale, contrast, kiosk, language))
    settle()
    bar = window.findChild(QFrame, "topBar")
    for button in bar.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        assert button.sizeHint().width() <= button.width() + 1, button.text()
        inside = button.mapTo(bar, QPoint(0, 0))
        assert inside.x() >= 0 and inside.x() + button.width() <= bar.width() + 1, button.text()
    title = window.findChild(QLabel, "appTitle")
    assert title.isVisible() and title.sizeHint().width() <= title.width() + 1
    # The title is centred on its row (within a few pixels).
    centre = title.mapTo(window, title.rect().center()).x()
    assert abs(centre - window.width() / 2) <= 8
    for name in ("footer", "listenBar"):
        for label in window.findChild(QFrame, name).findChildren(QLabel):
            if label.isVisible() and label.text():
                assert not words_fit(label), label.text()
                if label.wordWrap():
                    assert label.heightForWidth(label.width()) <= label.height() + 1
    # Text size really is 200 % in the bars.
    assert bar.findChildren(QAbstractButton)[0].font().pixelSize() >= 0


def test_the_page_title_is_not_shown_twice(window) -> None:  # type: ignore[no-untyped-def]
    title = window.ctx.guide.home.title
    assert visible_text(window).count(title) == 1


def test_laptop_content_keeps_most_of_the_height(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1366, 768))
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    settle()
    viewport = window.page("steps").scroll_area.viewport()
    assert viewport.height() / window.height() >= 0.6


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_illustrations_never_shrink_when_text_grows(make_window, scale: float) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.widgets.illustration import IllustrationView

    def picture_height(view: theme.View) -> float:
        window = make_window(kiosk=True, size=(1920, 1080), view=view)
        window.show_section("steps")
        window.page("steps").show_step(2)
        settle()
        shown = [p for p in window.findChildren(IllustrationView) if p.isVisible()]
        height = max(p.picture_height() for p in shown)
        dispose(window)  # one kiosk window at a time
        return height

    normal = picture_height(theme.View(kiosk=True))
    assert picture_height(theme.View(scale, kiosk=True)) >= normal


def test_portrait_pictures_use_the_height(make_window) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.widgets.illustration import IllustrationView

    window = make_window(kiosk=True, size=(1080, 1920))
    window.show_section("steps")
    window.page("steps").show_step(2)
    settle()
    picture = next(p for p in window.findChildren(IllustrationView) if p.isVisible())
    assert picture.width() >= 900  # full width above the words, not beside them


# -- one meaning of Finish ----------------------------------------------------------------------
def test_finish_asks_before_it_wipes_the_visit(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_window(kiosk=True, size=(1920, 1080))
    click(qtbot, kiosk, kiosk.ctx.guide.story.title)
    before = state_of(kiosk)

    def ask() -> FinishDialog:
        click(qtbot, kiosk.findChild(QFrame, "topBar"), "Finish")
        dialog = next(d for d in kiosk.findChildren(FinishDialog) if d.isVisible())
        return dialog

    dialog = ask()
    click(qtbot, dialog, "No, keep reading")
    assert not dialog.isVisible() and state_of(kiosk)["page"] == before["page"] == "story"
    dialog = ask()
    tap_outside(dialog)
    assert not dialog.isVisible() and kiosk.current_key == "story"
    finish_visit(qtbot, kiosk)
    assert kiosk.is_fresh()


def test_the_walkthrough_ends_with_a_button_that_says_where_it_goes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    steps = window.page("steps")
    window.show_section("steps")
    steps.show_step(steps.quiz_index if steps.quiz_index is not None else steps.count - 1)
    settle()
    last = steps._next
    assert last.text() != "Finish" and "home" in last.text().lower()
    click(qtbot, window, last.accessibleName())
    assert window.current_key == "home"


# -- dialogs --------------------------------------------------------------------------------------
def tap_outside(dialog: QWidget) -> None:
    panel = dialog.panel  # type: ignore[attr-defined]
    corner = QPoint(max(2, panel.x() // 2), max(2, panel.y() // 2))
    if panel.geometry().contains(corner):
        corner = QPoint(dialog.width() - 3, dialog.height() - 3)
    from PySide6.QtTest import QTest

    QTest.mouseClick(dialog.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, corner)
    settle()


def test_a_dialog_dims_its_window_has_an_edge_and_closes_on_a_tap_outside(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    term = window.ctx.guide.glossary.terms[0]
    window.show_term(term.id)
    dialog = window.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    # It covers the window (the page behind is drawn dimmed), with a panel inside it.
    assert dialog.geometry() == window.geometry()
    assert dialog.windowFlags() & Qt.WindowType.FramelessWindowHint
    picture = dialog.grab().toImage()
    page = window.grab().toImage()
    corner = QPoint(5, page.height() - 5)
    assert picture.pixelColor(corner).lightness() < page.pixelColor(corner).lightness() - 40
    panel = dialog.panel
    assert panel.width() < dialog.width() and panel.height() < dialog.height()
    # A large Close in its corner.
    close = dialog.close_button
    assert close is not None and close.height() >= 44
    # A tap on the panel keeps it; a tap on the dimmed page closes it.
    tap(dialog.heading)
    assert dialog.isVisible()
    tap_outside(dialog)
    assert not dialog.isVisible()


def test_a_word_inside_an_explanation_opens_with_a_way_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    terms = window.ctx.guide.glossary.terms
    window.show_term(terms[0].id)
    dialog = window.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    window.show_term(terms[1].id)  # what a word link inside the explanation does
    assert window.term_dialog is dialog and dialog.term.id == terms[1].id
    back = f"Back to {terms[0].term}"
    assert terms[1].term in visible_text(dialog)
    click(qtbot, dialog, back)
    assert dialog.term.id == terms[0].id and terms[0].term in visible_text(dialog)
    assert not any(b.isVisible() and b.accessibleName().startswith("Back to")
                   for b in dialog.findChildren(QAbstractButton))


def test_are_you_still_there_fills_the_screen_with_a_large_countdown(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.idle import StillThereDialog

    kiosk = make_window(kiosk=True, size=(1920, 1080))
    dialog = StillThereDialog(30, kiosk)
    dialog.start()
    qtbot.waitUntil(dialog.isVisible)
    settle()
    assert dialog.panel.width() >= 0.9 * kiosk.width()
    assert dialog.panel.height() >= 0.85 * kiosk.height()
    number = dialog.findChild(QLabel, "countdownNumber")
    assert number.text() == "30" and number.font().pixelSize() >= 120
    tap_outside(dialog)  # a tap anywhere: someone is there
    assert dialog.result() == dialog.DialogCode.Accepted


def test_focus_goes_back_to_the_opener_when_a_dialog_closes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    opener = next(b for b in window.findChild(QFrame, "topBar").findChildren(QAbstractButton)
                  if b.accessibleName().startswith("Text size"))
    opener.setFocus(Qt.FocusReason.TabFocusReason)
    window.show_term(window.ctx.guide.glossary.terms[0].id)
    dialog = window.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    click(qtbot, dialog, "Close")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is opener)


# -- focus rings for the keyboard only ----------------------------------------------------------
def test_focus_rings_show_for_keys_not_for_touches(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    button = next(b for b in window.findChild(QFrame, "topBar").findChildren(QAbstractButton)
                  if b.accessibleName() == "High contrast")
    tap(button)
    settle()
    focused = QApplication.focusWidget()
    assert focused is None or not focused.property("keyboardFocus")
    press_key(window, Qt.Key.Key_Tab)
    settle()
    assert QApplication.focusWidget().property("keyboardFocus") is True
    sheet = QApplication.instance().styleSheet()
    assert "QPushButton:focus" not in sheet and "dashed" not in sheet


# -- typesetting ----------------------------------------------------------------------------------
def lines(text: str, width: int, families: list[str], px: int = 30) -> list[str]:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(px)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    found = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        found.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [x.replace(WORD_JOINER, "") for x in found]


def test_car_t_never_breaks_at_its_hyphen(styled_app) -> None:  # type: ignore[no-untyped-def]
    families = theme.font_families("en")
    text = typeset("One man's experience in a CAR-T trial, and what CAR-T cells do")
    for width in range(40, 700, 7):
        for line in lines(text, width, families):
            assert not line.rstrip().endswith("CAR-"), (width, line)


def chinese_paragraphs() -> list[str]:
    from cartguide import app as cartguide_app
    from cartguide.content import markup

    guide = cartguide_app.load(lang="zh_CN").guide
    found: list[str] = []
    for step in guide.steps.steps:
        found += [markup.plain(p, guide.term_name if hasattr(guide, "term_name") else
                               (lambda _i: None)) for p in step.what_happens]
    found += [markup.plain(p) for t in guide.glossary.terms for p in t.definition]
    return found


def test_no_chinese_paragraph_ends_with_a_line_of_one_character(styled_app) -> None:  # type: ignore[no-untyped-def]
    families = theme.font_families("zh_CN")
    paragraphs = chinese_paragraphs()
    assert len(paragraphs) > 20
    for text in paragraphs:
        for width in range(200, 900, 37):
            shown = lines(typeset(text), width, families)
            if len(shown) < 2:
                continue
            last = "".join(ch for ch in shown[-1] if "\u4e00" <= ch <= "\u9fff" or ch.isalnum())
            assert len(last) != 1, (width, shown[-2:])


def test_common_chinese_words_are_never_split(styled_app) -> None:  # type: ignore[no-untyped-def]
    families = theme.font_families("zh_CN")
    text = "2024年8月以前，他做过几次化疗；以后医生会再检查。"
    for width in range(60, 500, 5):
        shown = lines(typeset(text), width, families)
        for first, second in itertools.pairwise(shown):
            pair = first[-1:] + second[:1]
            assert pair not in {"以前", "以后", "医生", "检查", "8月"}, (width, shown)


def test_joiners_are_for_the_screen_only() -> None:
    assert joins("plain words") == []
    assert typeset("CAR-T") == "CAR-" + WORD_JOINER + "T"


def test_phone_numbers_use_plain_zeros() -> None:
    shown = to_html("Call 020 7946 0000 now", lambda _id: None)
    assert f"font-family:'{theme.PLAIN_DIGITS_FAMILY}'\">020 7946 0000</span>" in shown
    assert "<span" not in to_html("In 2024 about 94.6% of people", lambda _id: None)


# -- glossary order and index -------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_glossary_is_in_its_readers_order_with_a_jump_index(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                                 language: str) -> None:
    from PySide6.QtCore import QCollator, QLocale

    window = make_window(language=language)
    window.show_section("glossary")
    page = window.page("glossary")
    shown = [t.term for t in page.terms]
    collator = QCollator(QLocale(language))
    if language == "en":
        assert shown == sorted(shown, key=collator.sortKey)  # the platform's order, not ours
    else:  # the platform's order inside each letter (the letters themselves: A-Z, below)
        from cartguide.ui.pages.glossary import index_letter

        for _letter, group in itertools.groupby(shown, lambda t: index_letter(t, language)):
            members = list(group)
            assert members == sorted(members, key=collator.sortKey)
    if language == "en":
        assert shown.index("Relapse") < shown.index("Response rate (ORR)") < shown.index("Scan")
        assert [b.text() for b in page.index_buttons][:3] == ["B", "C", "E"]
    else:
        # Pinyin: 靶 bǎ, 白 bái, 多 duō, 复 fù, 化 huà ... 中 zhōng (ICU's zh collation).
        han = [t for t in shown if not t[0].isascii()]
        firsts = "".join(t[0] for t in han)
        assert firsts.index("靶") < firsts.index("多") < firsts.index("化") < firsts.index("中")
        letters = [b.text() for b in page.index_buttons]
        assert letters[:4] == ["B", "C", "D", "E"]
    letter = page.index_buttons[-1]
    click(qtbot, window, letter.accessibleName())
    assert page.scroll_area.verticalScrollBar().value() > 0


def test_the_chinese_glossary_has_one_a_to_z_run_of_letters(make_window) -> None:  # type: ignore[no-untyped-def]
    """Terms that start with a Latin letter (CAR-T, HER2, T细胞) sit under their own letter
    among the pinyin letters, not in a second run after Z (review finding 12)."""
    window = make_window(language="zh_CN")
    window.show_section("glossary")
    page = window.page("glossary")
    letters = [b.text() for b in page.index_buttons]
    assert letters == sorted(set(letters)), letters
    content = page.scroll_area.widget()
    headings = sorted((w.mapTo(content, w.rect().topLeft()).y(), w.text())
                      for w in content.findChildren(QLabel, "indexHeading"))
    assert [text for _y, text in headings] == letters

    def filed_under(term: str) -> str:
        from cartguide.ui.widgets.card import Card

        card = next(c for c in content.findChildren(Card) if c.accessibleName() == term)
        y = card.mapTo(content, card.rect().topLeft()).y()
        return [text for top, text in headings if top < y][-1]

    assert filed_under("HER2") == "H"
    assert filed_under("CAR-T细胞疗法") == "C"
    assert filed_under("T细胞") == "T"
    assert filed_under("化疗") == "H"


def test_index_letters_come_from_the_collator() -> None:
    from cartguide.ui.pages.glossary import index_letter

    assert [index_letter(w, "zh_CN") for w in ("白细胞", "复发", "中位数", "T细胞")] == [
        "B", "F", "Z", "T"]
    assert index_letter("leukapheresis", "en") == "L"


# -- small frictions ----------------------------------------------------------------------------
def test_unambiguous_language_names_open_that_language() -> None:
    from cartguide.content import GuideLibrary

    library = GuideLibrary()
    for name in ("zh", "zh_CN", "zh-cn", "ZH", "z"):
        assert library.resolve(name) == "zh_CN", name
    assert library.resolve("en") == "en"
    assert library.match("xx") is None
    assert library.not_found("xx", "en") == (
        "Language 'xx' not found (have: en, zh_CN); using 'en'.")


def test_ctrl_q_closes_the_window_but_never_the_kiosk(make_window) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_window(kiosk=True)
    press_key(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.isVisible()
    dispose(kiosk)
    window = make_window()
    window.activateWindow()
    press_key(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_the_version_is_not_a_prototype_s() -> None:
    from cartguide import __version__

    assert int(__version__.split(".")[0]) >= 1


def test_no_pipewire_warnings_at_start_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parent.parent / "tools" / "screenshots.py"
    done = subprocess.run([sys.executable, str(tool), str(tmp_path), "--only", "none"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "pipewire" not in (done.stdout + done.stderr).lower()


# -- read aloud -----------------------------------------------------------------------------------
def test_reading_starts_with_the_content_not_the_step_label(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.read_aloud import passages_in

    window.show_section("steps")
    page = window.page("steps")
    page.show_step(2)
    settle()
    first = passages_in(page)[0]
    assert first.accessibleName() == window.ctx.guide.steps.steps[2].title


def test_the_reading_frame_never_moves_or_covers_the_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.read_aloud import passages_in

    label = passages_in(window.page("home"))[1]
    before = label.contentsRect()
    window.narrator._highlight(label)
    settle()
    assert label.contentsRect() == before  # the frame was always there, transparent
    window.narrator._highlight(None)


# -- pictures per language ------------------------------------------------------------------------
def test_a_language_may_have_its_own_drawing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cartguide import resources

    (tmp_path / "zh_CN").mkdir()
    (tmp_path / "scene.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "zh_CN" / "scene.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.setattr(resources, "illustrations_dir", lambda: tmp_path)
    assert resources.illustration_path("scene", "zh_CN") == tmp_path / "zh_CN" / "scene.svg"
    assert resources.illustration_path("scene", "en") == tmp_path / "scene.svg"
    assert resources.illustration_path("scene") == tmp_path / "scene.svg"


def test_the_chinese_edition_draws_its_own_clinic(make_window) -> None:  # type: ignore[no-untyped-def]
    from cartguide import resources
    from cartguide.ui.widgets.illustration import IllustrationView

    own = resources.illustrations_dir() / "zh_CN" / "section-home.svg"
    assert own.is_file()
    window = make_window(language="zh_CN")
    picture = next(p for p in window.findChildren(IllustrationView) if p.isVisible())
    assert not picture.is_placeholder
    assert resources.illustration_path("section-home", "zh_CN") == own


@pytest.mark.parametrize("contrast", [False, True], ids=["standard", "high-contrast"])
def test_a_filled_button_focused_by_a_key_turns_light_so_its_ring_shows(  # type: ignore[no-untyped-def]
        make_window, contrast: bool) -> None:
    """A ring beside a dark fill and a light page cannot reach 3:1 against both (a11y audit
    #22): the focused filled button is drawn light, ringed in the focus colour."""
    from PySide6.QtGui import QColor

    palette = theme.HIGH_CONTRAST if contrast else theme.STANDARD
    window = make_window(view=theme.View(1.0, contrast))
    window.go_to("steps", 0)
    settle()
    nxt = next(b for b in window.findChildren(QAbstractButton)
               if b.isVisible() and b.property("variant") == "primary"
               and b.accessibleName().startswith("Next"))

    def fill() -> str:
        image = nxt.grab().toImage()
        return QColor(image.pixel(image.width() // 2, 8)).name().upper()

    assert fill() == palette.primary.upper()  # not focused: the dark fill
    press_key(window, Qt.Key.Key_Tab)  # the keyboard is in use from here on
    nxt.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    assert nxt.property("keyboardFocus") is True
    assert fill() == palette.surface.upper()
    ratio = theme.contrast_ratio
    for behind in (palette.window, palette.surface):
        assert ratio(palette.focus, behind) >= 3
    assert ratio(palette.primary, palette.surface) >= 7  # its words stay AAA


def _drawn(button: QWidget):  # type: ignore[no-untyped-def]
    """The button as seen: drawn over what is behind it (its margin shows the bar)."""
    from PySide6.QtCore import QRect

    window = button.window()
    return window.grab(QRect(button.mapTo(window, QPoint(0, 0)), button.size())).toImage()


def _edge_and_ink(button: QWidget) -> tuple[list[int], list[int], int]:
    """A button drawn as it is now: the lightness of its left edge across the middle row
    (outside in), of each pixel down that edge's darkest column, and of its darkest word
    pixel."""
    from PySide6.QtGui import QColor

    image = _drawn(button)
    w, h = image.width(), image.height()

    def light(x: int, y: int) -> int:
        return QColor(image.pixel(x, y)).lightness()

    across = [light(x, h // 2) for x in range(8)]
    column = min(range(8), key=lambda x: across[x])
    down = [light(column, y) for y in range(h // 4, 3 * h // 4)]
    words = min(light(x, y) for x in range(w // 4, w - 12) for y in range(h // 3, 2 * h // 3))
    return across, down, words


def test_a_disabled_button_looks_disabled_in_high_contrast(make_window) -> None:  # type: ignore[no-untyped-def]
    """Review R16: in high contrast the disabled Stop (nothing read aloud) looked just like
    Read aloud. Now: no fill, a thin grey edge, grey words that still read (AAA); not dashed;
    the same size on and off."""
    from PySide6.QtGui import QColor

    palette = theme.HIGH_CONTRAST
    window = make_window(view=theme.View(1.0, True))
    settle()
    buttons = {b.accessibleName(): b for b in window.findChildren(QAbstractButton)
               if b.isVisible()}
    read, stop = buttons["Read aloud"], buttons["Stop reading"]
    assert read.isEnabled() and not stop.isEnabled()
    on_edge, _on_down, on_words = _edge_and_ink(read)
    off_edge, off_down, off_words = _edge_and_ink(stop)
    # Enabled: a black edge 3 px thick and black words.
    assert sum(v < 40 for v in on_edge) >= 3 and on_words < 40
    # Disabled: no black at all; a thin edge (at most 2 px drawn), grey.
    assert min(off_edge) > 80 and sum(v < 200 for v in off_edge) <= 2
    assert 80 < off_words < 120  # grey words, not black, not faint
    assert max(off_down) < 200, "a continuous edge, never dashed"
    assert QColor(_drawn(stop).pixel(stop.width() // 2, 6)).lightness() > 250  # no fill
    ratio = theme.contrast_ratio
    assert ratio(palette.disabled_text, palette.surface) >= 7
    assert ratio(palette.disabled_border, palette.surface) >= 4.5
    assert "dashed" not in QApplication.instance().styleSheet()
    size = stop.sizeHint()
    stop.setEnabled(True)
    settle()
    assert stop.sizeHint() == size  # the bar does not move when reading starts
    stop.setEnabled(False)


@pytest.mark.parametrize("contrast", [False, True], ids=["standard", "high-contrast"])
def test_start_here_focused_by_a_key_rings_at_3_to_1_against_the_page(  # type: ignore[no-untyped-def]
        make_window, contrast: bool) -> None:
    """Issue 14 item 1 (audit item 9): Start here, reached by Tab, turns light like the other
    filled buttons; its ring, measured on screen, reaches 3:1 against the page beside it and
    its words stay readable on the light fill."""
    from PySide6.QtGui import QColor

    palette = theme.HIGH_CONTRAST if contrast else theme.STANDARD
    window = make_window(view=theme.View(1.0, contrast))
    settle()
    start = window.page("home").start_tile
    press_key(window, Qt.Key.Key_Tab)  # the keyboard is in use from here on
    for _ in range(40):
        if start.hasFocus():
            break
        press_key(window, Qt.Key.Key_Tab)
        settle()
    assert start.hasFocus() and start.property("keyboardFocus") is True
    settle()
    around = start.parentWidget()
    box = start.geometry().adjusted(-6, -6, 6, 6)
    image = around.grab(box).toImage()
    ratio = theme.contrast_ratio
    middle = image.height() // 2
    page = QColor(image.pixel(1, middle)).name()  # beside the button, outside it
    ring = QColor(image.pixel(6 + 2, middle)).name()  # inside its 5 px border
    fill = QColor(image.pixel(6 + 12, middle)).name()
    assert fill.upper() == palette.surface.upper()  # light, as the other filled buttons
    assert ratio(ring, page) >= 3, (ring, page)
    assert ratio(ring, fill) >= 3, (ring, fill)
    title = next(label for label in start.findChildren(QLabel) if label.property("role") == "h1")
    words = title.palette().color(title.foregroundRole()).name()
    assert ratio(words, fill) >= 7, (words, fill)


def chip_labels(chip: QWidget) -> dict[str, QLabel]:
    return {label.property("role"): label for label in chip.findChildren(QLabel)}


def assert_shows_whole(label: QLabel) -> None:
    assert label.isVisible() and label.text(), label.parentWidget().accessibleName()
    room = label.contentsRect().width()
    for word in unbreakable_pieces(label.text()):
        assert label.fontMetrics().horizontalAdvance(word) <= room + 1, word
    if label.wordWrap():
        assert label.heightForWidth(label.width()) <= label.height() + 1, label.text()
    assert label.height() >= label.fontMetrics().height() - 1, label.text()


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_portrait_step_chips_name_the_current_step_and_leave_the_height_to_it(  # type: ignore[no-untyped-def]
        make_window, qtbot, scale: float, language: str) -> None:
    """Issue 15 item 2: on a portrait kiosk Back and Next sit above the chips. Every chip
    shows its number, the current one (tapped or reached by Next) its name too, and no word
    is cut; named rows give way to one compact row where they would take more than a fifth
    of the height, so the step's own words keep more than half of the screen."""
    window = make_window(kiosk=True, size=(1080, 1920), language=language,
                         view=theme.View(scale, False, True, language))
    window.go_to("steps", 2)
    settle()
    page = window.page("steps")
    chips = [c for c in page.findChildren(QAbstractButton) if c.objectName() == "stepChip"]
    assert len(chips) >= 9
    bar = window.findChild(QFrame, "navBar")
    for target in (5, 1):
        tap(chips[target])
        settle()
        assert page.current_chips == [chips[target]]
        for chip in chips:
            assert chip.isVisible()
            inside = chip.mapTo(bar, QPoint(0, 0))
            assert inside.x() >= 0 and inside.x() + chip.width() <= bar.width() + 1
            labels = chip_labels(chip)
            assert_shows_whole(labels["number"])
            if chip is chips[target] or labels["chip"].isVisible():
                assert_shows_whole(labels["chip"])
        strip = window.findChild(QWidget, "stepStripScroll")
        assert strip.height() <= 0.2 * window.height()
        viewport = page.scroll_area.viewport()
        assert viewport.height() >= 0.5 * window.height()


@pytest.mark.parametrize(("size", "after_back"), [((1080, 1920), "Next"), ((1920, 1080), "chip")],
                         ids=["portrait", "landscape"])
def test_tab_follows_the_walkthrough_bar_as_it_is_seen(  # type: ignore[no-untyped-def]
        make_window, size: tuple[int, int], after_back: str) -> None:
    """Portrait puts Back and Next on a row above the chips: Tab goes Back, Next, then chips."""
    window = make_window(kiosk=True, size=size)
    window.go_to("steps", 2)
    settle()
    back = next(b for b in window.findChildren(QAbstractButton)
                if b.isVisible() and b.accessibleName().startswith("Back to step"))
    press_key(window, Qt.Key.Key_Tab)  # the keyboard is in use
    back.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    press_key(window, Qt.Key.Key_Tab)
    settle()
    landed = QApplication.focusWidget()
    if after_back == "Next":
        assert landed.accessibleName().startswith("Next"), landed.accessibleName()
    else:
        assert landed.objectName() == "stepChip", landed.accessibleName()


@pytest.mark.parametrize(("kiosk", "size", "scale"),
                         [(True, (1080, 1920), 2.0), (True, (1920, 1080), 2.0),
                          (False, (1366, 768), 1.5), (False, (1366, 768), 2.0)],
                         ids=["portrait-200", "landscape-200", "laptop-150", "laptop-200"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_bars_spend_no_height_they_do_not_need(make_window, kiosk: bool,  # type: ignore[no-untyped-def]
                                                   size: tuple[int, int], scale: float,
                                                   language: str) -> None:
    """The listen bar's buttons keep one row where they fit on one (an empty message line
    took a quarter of the bar), and the footer's lines sit close with no gap between them."""
    window = make_window(kiosk=kiosk, size=size, language=language,
                         view=theme.View(scale, False, kiosk, language))
    window.go_to("steps", 2)
    settle()
    listen = window.findChild(QFrame, "listenBar")
    buttons = [b for b in listen.findChildren(QAbstractButton) if b.isVisible()]
    margins = listen.layout().contentsMargins()
    need = (sum(b.sizeHint().width() for b in buttons) + 12 * (len(buttons) - 1)
            + margins.left() + margins.right())
    if need <= listen.width():  # one row: a two-line call button stands taller, all centred
        middles = {b.mapTo(listen, b.rect().center()).y() for b in buttons}
        assert max(middles) - min(middles) <= 1, middles
    footer = window.findChild(QFrame, "footer")
    labels = [label for label in footer.findChildren(QLabel) if label.isVisible()]
    rows: dict[int, int] = {}
    for label in labels:
        top = label.mapTo(footer, QPoint(0, 0)).y()
        rows[top] = max(rows.get(top, 0), label.height())
    tops = sorted(rows)
    for above, below in itertools.pairwise(tops):
        assert below - (above + rows[above]) <= 4, "a gap between the footer's lines"
    # The edition line breaks only at its " · ", never leaving "2026" alone on a line.
    edition = footer.findChild(QLabel, "editionLine")
    lines = edition.text().count("\n") + 1
    margins = edition.contentsMargins()
    assert (edition.heightForWidth(edition.width()) - margins.top() - margins.bottom()
            <= lines * edition.fontMetrics().lineSpacing() + 2), edition.text()


def dialog_rows_gaps(dialog: QWidget) -> list[int]:
    """The empty bands (px) between the rows of things shown on a dialog's panel."""
    panel = dialog.panel
    shown = [w for w in panel.findChildren(QWidget)
             if w.isVisible() and isinstance(w, (QLabel, QAbstractButton))
             and not isinstance(w.parentWidget(), QAbstractButton)]
    spans = sorted((w.mapTo(panel, QPoint(0, 0)).y(), w.mapTo(panel, QPoint(0, 0)).y()
                    + w.height()) for w in shown)
    gaps, bottom = [], spans[0][1]
    for top, end in spans[1:]:
        if top > bottom:
            gaps.append(top - bottom)
        bottom = max(bottom, end)
    return gaps


def text_left(widget: QWidget, root: QWidget) -> int:
    return widget.mapTo(root, widget.contentsRect().topLeft()).x()


@pytest.mark.parametrize(("kiosk", "size", "scale"),
                         [(True, (1920, 1080), 1.0), (True, (1080, 1920), 2.0),
                          (False, (1366, 768), 1.0), (False, (1366, 768), 2.0)],
                         ids=["landscape", "portrait-200", "laptop", "laptop-200"])
def test_a_word_explanation_is_level_and_has_no_empty_bands(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                             kiosk: bool, size: tuple[int, int],
                                                             scale: float) -> None:
    """Its heading, its paragraphs and its Back button start on one edge (within 1 px), and
    the panel is as tall as its words: no band of empty panel between heading, words and
    buttons (a one-line heading was 150 px tall), also for a word opened inside it."""
    from cartguide.ui.widgets.text import TextLabel

    window = make_window(kiosk=kiosk, size=size, view=theme.View(scale, False, kiosk))
    settle()
    viewport = window.page("home").scroll_area.viewport()

    def on_screen(link: QWidget) -> bool:
        return viewport.rect().contains(link.mapTo(viewport, link.rect().center()))

    links = [b for b in window.findChildren(QAbstractButton)
             if b.objectName() == "termLink" and b.isVisible()]
    page = window.page("home").scroll_area.verticalScrollBar()
    while not any(on_screen(b) for b in links) and page.value() < page.maximum():
        page.setValue(page.value() + viewport.height() // 2)  # as a finger scrolls
        settle()
    tap(next(b for b in links if on_screen(b)))
    dialog = window.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    settle()
    inner = next(b for b in dialog.findChildren(QAbstractButton)
                 if b.objectName() == "termLink" and b.isVisible())
    for step in ("first", "nested"):
        words = [label for label in dialog.findChildren(TextLabel) if label.isVisible()]
        assert words, step
        edge = text_left(words[0], dialog)
        for label in (dialog.heading, *words):
            assert abs(text_left(label, dialog) - edge) <= 1, (step, label.text())
        back = [b for b in dialog.findChildren(QAbstractButton)
                if b.isVisible() and b.accessibleName().startswith("Back to")]
        for button in back:
            assert abs(button.mapTo(dialog, QPoint(0, 0)).x() - edge) <= 1, step
        assert all(gap <= 40 for gap in dialog_rows_gaps(dialog)), (step,
                                                                   dialog_rows_gaps(dialog))
        if step == "first":
            tap(inner)
            settle()
            assert any(b.isVisible() for b in back) or any(
                b.isVisible() and b.accessibleName().startswith("Back to")
                for b in dialog.findChildren(QAbstractButton))


def open_each_dialog(window: QWidget, kiosk: bool) -> list[str]:
    """The dialogs a person can open from this window, one at a time (open, yield, close)."""
    names = ["term", "nested", "emergency"]
    names += ["finish", "pin", "still-there"] if kiosk else ["outline", "print"]
    return names


def show_dialog(window, name: str, tmp_path) -> QWidget:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from cartguide.ui.idle import StillThereDialog
    from cartguide.ui.kiosk import StaffLock, StaffPinDialog

    terms = window.ctx.guide.glossary.terms
    if name == "term":
        window.show_term(terms[0].id)
    elif name == "nested":
        window.show_term(terms[0].id)
        window.show_term(terms[1].id)  # as a word inside the explanation does
    elif name == "emergency":
        window.show_emergency()
    elif name == "finish":
        window.ask_to_finish()
    elif name == "pin":
        StaffPinDialog(window.settings, StaffLock(5, 60, tmp_path / "lock"), window).open()
    elif name == "still-there":
        StillThereDialog(30, window).start()
    elif name == "outline":
        window.show_outline()
    elif name == "print":
        window.show_print_dialog()
    settle()
    return next(d for d in window.findChildren(QDialog) if d.isVisible())


@pytest.mark.parametrize(("kiosk", "size"), [(True, (1920, 1080)), (True, (1080, 1920)),
                                             (False, (1366, 768))],
                         ids=["landscape", "portrait", "laptop"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_dialog_cuts_a_word(make_window, tmp_path, kiosk: bool,  # type: ignore[no-untyped-def]
                               size: tuple[int, int], scale: float, language: str) -> None:
    """Every dialog, at every size: it covers (dims) the whole window, each button shows its
    whole text inside the panel, no word of a label is wider than the label, and the panel
    stays inside the window."""
    window = make_window(kiosk=kiosk, size=size, language=language,
                         view=theme.View(scale, False, kiosk, language))
    settle()
    for name in open_each_dialog(window, kiosk):
        dialog = show_dialog(window, name, tmp_path)
        assert dialog.size() == window.size(), name  # the whole page behind is dimmed
        panel = dialog.panel
        corner = panel.mapTo(window, QPoint(0, 0))
        assert corner.x() >= 0 and corner.y() >= 0, name
        assert corner.x() + panel.width() <= window.width(), name
        assert corner.y() + panel.height() <= window.height(), name
        for button in panel.findChildren(QAbstractButton):
            if not button.isVisible() or button.objectName() == "termLink":
                continue
            assert button.sizeHint().width() <= button.width() + 1, (name, button.text())
            left = button.mapTo(panel, QPoint(0, 0)).x()
            assert left >= 0 and left + button.width() <= panel.width(), (name, button.text())
        for label in panel.findChildren(QLabel):
            if label.isVisible() and label.text() and label.wordWrap():
                assert not words_fit(label), (name, label.text())
        if name in ("still-there", "pin"):  # one screen, nothing to scroll: every key and
            # Cancel in plain view (the keypad goes beside its words on a landscape kiosk)
            bar = panel.findChild(QWidget, "dialogScroll").verticalScrollBar()
            assert bar.maximum() == 0, (name, bar.maximum())
        if name in ("emergency", "print"):  # their lists scroll; Close stays in view
            from PySide6.QtWidgets import QScrollArea

            def in_list(button: QWidget, panel: QWidget = panel) -> bool:
                """Inside the part of the panel that scrolls by itself."""
                up = button.parentWidget()
                while up is not None and up is not panel:
                    if isinstance(up, QScrollArea) and up.objectName() != "dialogScroll":
                        return True
                    up = up.parentWidget()
                return False

            shown = [b for b in panel.findChildren(QAbstractButton)
                     if b.isVisible() and not in_list(b)]
            close = max(shown, key=lambda b: (b.mapTo(panel, QPoint(0, b.height())).y(),
                                              b.mapTo(panel, QPoint(0, 0)).x()))
            view = panel.findChild(QWidget, "dialogScroll").viewport()
            where = close.mapTo(view, QPoint(0, 0))
            assert where.y() >= 0 and where.y() + close.height() <= view.height(), (name, size)
        dialog.reject()
        settle()
