"""Urgent things look urgent: every boxed note that says to call at once has the warning-signs
look (on screen and on paper), the number to call is the first thing in the "call at once"
panel, and the listen bar's emergency button always says what it is for."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton

from cartguide import authoring, config, printing, resources
from cartguide.content import GuideLibrary, markup
from cartguide.i18n import tr
from cartguide.ui import theme, translator
from cartguide.ui.widgets.card import CalloutBox
from tests.conftest import buttons_named, click, plain_text
from tests.test_printing import pdftotext_pages, squash

SITE = config.Settings(clinic_name="St Example Cancer Centre", contact_phone="020 7946 0000")
LANGUAGES = ["en", "zh_CN"]


def open_tile(qtbot, window, title: str) -> None:  # type: ignore[no-untyped-def]
    """Home's tile for a part of the guide, tapped as a person does."""
    click(qtbot, window, title)


def fill_of(widget: QFrame) -> str:
    """The colour inside the box, just within its border and rounded corner."""
    image = widget.grab().toImage()
    point = QPoint(image.width() // 2, 8 * round(image.devicePixelRatio()))
    return image.pixelColor(point).name().upper()


# -- call at once: the warning look ------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high-contrast"])
def test_call_at_once_notes_at_home_look_like_the_warning_signs(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                              language: str,
                                                              contrast: bool) -> None:
    window = make_window(language=language, size=(1920, 1080), kiosk=True,
                         view=theme.View(high_contrast=contrast))
    at_home = window.ctx.guide.topics["at-home"]
    open_tile(qtbot, window, markup.plain(at_home.title, window.ctx.term_name))
    page = window.page("at-home")
    assert window.current_key == "at-home"
    boxes = [b for b in page.findChildren(CalloutBox) if b.isVisible()]
    urgent = [b for b in boxes if authoring.CALL_AT_ONCE.search(
        " ".join(plain_text(label) for label in b.findChildren(QLabel)))]
    assert len(urgent) >= 2, [b.objectName() for b in boxes]  # the fever and the eating notes
    palette = theme.palette()
    for box in urgent:
        assert box.objectName() == "warningCallout"
        assert fill_of(box) == palette.accent_soft.upper()  # the warning panel's fill
        label = box.findChildren(QLabel)[0]
        assert label.palette().color(label.foregroundRole()).name().upper() == \
            palette.warning_text.upper()


def test_a_calm_note_that_says_call_at_once_is_a_lint_error(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "content"
    shutil.copytree(resources.content_root(), folder)
    topic = folder / "zh_CN" / "topics" / "at-home.yaml"
    text = topic.read_text(encoding="utf-8")
    assert text.count("    callout_kind: warning\n") == 2
    topic.write_text(text.replace("    callout_kind: warning\n", "", 1), encoding="utf-8")
    issues = [i for i in authoring.lint(folder) if "call at once" in i.message]
    fever_line = 1 + text.splitlines().index(next(
        line for line in text.splitlines() if line.startswith("    callout: 体温")))
    assert [(i.path.name, i.line, i.severity) for i in issues] == [
        ("at-home.yaml", fever_line, "error")]
    assert "callout_kind: warning" in issues[0].message


def test_shipped_content_says_call_at_once_only_in_warning_boxes() -> None:
    library = GuideLibrary()
    for language in LANGUAGES:
        guide = library.load(language).guide
        blocks = [b for topic in guide.topics.values() for b in topic.blocks]
        if guide.side_effects is not None:
            blocks += list(guide.side_effects.effects)
        called = [b for b in blocks if b.callout and authoring.CALL_AT_ONCE.search(b.callout)]
        assert called, language  # the rule has something to check
        assert all(b.callout_kind == "warning" for b in called), language


def test_a_warning_note_prints_in_the_warning_colours(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = GuideLibrary()
    guide = library.load("en").guide
    html = "".join(part.html for part in printing.handout_parts(guide, ["at-home"],
                                                                  config.Settings())
                   if part.html)
    fever = next(b for b in guide.topics["at-home"].blocks if b.id == "thermometer")
    at = html.index("call your team at once, day or night")
    box = html.rindex("<table", 0, at)
    assert printing.URGENT_BORDER in html[box:at] and printing.URGENT_FILL in html[box:at]
    assert fever.callout_kind == "warning"


# -- the number to call comes first ------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_number_to_call_is_at_the_top_of_the_call_at_once_panel(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                                   language: str) -> None:
    window = make_window(language=language, size=(1920, 1080), kiosk=True, settings=SITE)
    side = window.ctx.guide.side_effects
    open_tile(qtbot, window, markup.plain(side.title, window.ctx.term_name))
    page = window.page("side_effects")
    panel = page.urgent_panel
    phone = next(label for label in panel.findChildren(QLabel)
                 if label.property("role") == "phone")
    first_sign = markup.plain(side.call_now.items[0], window.ctx.term_name)
    sign = next(label for label in panel.findChildren(QLabel)
                if first_sign in plain_text(label))
    heading = next(label for label in panel.findChildren(QLabel)
                   if label.property("role") == "h2")
    y = {name: w.mapTo(panel, QPoint(0, 0)).y() for name, w in
         (("heading", heading), ("phone", phone), ("sign", sign))}
    assert y["heading"] < y["phone"] < y["sign"], y
    paragraph = markup.plain(side.call_now.paragraphs[0], window.ctx.term_name)
    para = next(label for label in panel.findChildren(QLabel) if paragraph in plain_text(label))
    assert phone.mapTo(panel, QPoint(0, 0)).y() < para.mapTo(panel, QPoint(0, 0)).y()


@pytest.mark.parametrize("language", LANGUAGES)
def test_handout_page_one_gives_the_number_before_the_signs(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            language: str) -> None:
    library = GuideLibrary()
    translator.install(library.folder(language), language)
    try:
        guide = library.load(language).guide
        path = tmp_path / "handout.pdf"
        printing.write_handout(path, guide, ["warning-signs"], SITE)
        first = squash(pdftotext_pages(path)[0])
        sign = squash(markup.plain(guide.side_effects.call_now.items[0],
                                   lambda i: t.term if (t := guide.term(i)) else None))
        assert squash(SITE.contact_phone) in first and sign in first
        assert first.index(squash(SITE.contact_phone)) < first.index(sign)
    finally:
        translator.install(Path("en"), "en")


# -- the listen bar's emergency button: its whole name, always ---------------------------------
SCREENS = [((1920, 1080), True), ((1080, 1920), True), ((1366, 768), False), ((1024, 768), False)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size, kiosk", SCREENS,
                         ids=["kiosk", "portrait-kiosk", "laptop", "small-laptop"])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_the_emergency_button_always_says_warning_signs_and_who_to_call(  # type: ignore[no-untyped-def]
        make_window, qtbot, language: str, size, kiosk: bool, scale: float) -> None:
    window = make_window(language=language, kiosk=kiosk, size=size,
                         view=theme.View(text_scale=scale),
                         settings=config.Settings(kiosk_printing=kiosk))
    for key in ("home", "side_effects"):
        window.show_section(key)
        QApplication.processEvents()
        bar = window.findChild(QFrame, "listenBar")
        button = buttons_named(bar, tr("Warning signs and who to call"))[0]
        shown = " ".join(button.text().replace("·\n", "· ").split())
        assert shown == tr("Warning signs · who to call"), button.text()
        assert button.width() >= button.sizeHint().width() - 1  # no word cut off
        left = button.mapTo(window, QPoint(0, 0))
        assert left.x() >= 0 and left.x() + button.width() <= window.width()
        for other in bar.findChildren(QPushButton):
            if other.isVisible():
                assert other.width() >= other.sizeHint().width() - 1, other.text()
