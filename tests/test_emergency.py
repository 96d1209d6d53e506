"""The emergency path: from every screen, one calm tap (or key press) to the warning signs and
the numbers to call; the clinic's phone large; the emergency number stated, never a blank."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QPushButton

from cartguide import config
from cartguide.i18n import tr
from cartguide.ui import theme
from cartguide.ui.emergency_dialog import EmergencyDialog
from tests.conftest import buttons_named, click, press_key, visible_text
from tests.test_counselling import printed  # noqa: F401 - the fixture
from tests.test_printing import pdftotext_pages, squash

CALL = "Warning signs and who to call"
SITE = config.Settings(clinic_name="St Example Cancer Centre", contact_phone="020 7946 0000")


def open_emergency(qtbot, window) -> EmergencyDialog:  # type: ignore[no-untyped-def]
    click(qtbot, window.findChild(QFrame, "listenBar"), tr(CALL))  # in the window's language
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(EmergencyDialog)))
    return next(d for d in window.findChildren(EmergencyDialog) if d.isVisible())


def every_screen(window):  # type: ignore[no-untyped-def]
    for key in ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about"):
        window.show_section(key)
        QApplication.processEvents()
        yield key
    window.go_to("steps", 3)
    QApplication.processEvents()
    yield "step 4"


@pytest.mark.parametrize("kiosk", [False, True], ids=["window", "kiosk"])
def test_every_screen_has_the_way_to_the_numbers(make_window, qtbot, kiosk: bool) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=kiosk, settings=SITE, size=(1920, 1080) if kiosk else (1280, 860))
    for screen in every_screen(window):
        assert len(buttons_named(window, CALL)) == 1, screen
    dialog = open_emergency(qtbot, window)
    shown = visible_text(dialog)
    assert "020 7946 0000" in shown and "St Example Cancer Centre" in shown
    assert "call your local emergency number" in shown
    first_sign = window.ctx.guide.side_effects.call_now.items[0]
    assert "38 °C" in first_sign and "38 °C" in shown
    click(qtbot, dialog, "All about side effects")
    assert window.current_key == "side_effects"
    assert not any(d.isVisible() for d in window.findChildren(QDialog))


def test_without_settings_nothing_is_blank(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    shown = visible_text(open_emergency(qtbot, window))
    assert "Ask your care team for their 24-hour phone number" in shown
    assert "If you cannot reach them: call your local emergency number." in shown


def test_chinese_content_gives_120_and_a_site_setting_wins(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(language="zh_CN")
    shown = visible_text(open_emergency(qtbot, window))
    assert "请拨打120急救电话" in shown
    for dialog in window.findChildren(EmergencyDialog):
        dialog.reject()
    window = make_window(language="zh_CN", settings=config.Settings(emergency_number="999"))
    assert "请拨打999急救电话" in visible_text(open_emergency(qtbot, window))


def test_keyboard_reaches_it_and_opens_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    button = buttons_named(window, CALL)[0]
    assert button.accessibleDescription()
    for _ in range(30):
        press_key(window, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is button:
            break
    assert QApplication.focusWidget() is button, "Tab never reached the call button"
    press_key(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(EmergencyDialog)))
    dialog = next(d for d in window.findChildren(EmergencyDialog) if d.isVisible())
    assert dialog.accessibleName() == window.ctx.guide.side_effects.call_now.heading
    press_key(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in window.findChildren(EmergencyDialog)))


def test_side_effects_panel_shows_the_phone_large_and_no_brand_names(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(settings=SITE)
    window.show_section("side_effects")
    page = window.page("side_effects")
    panel = page.urgent_panel
    phones = [label for label in panel.findChildren(QLabel) if label.property("role") == "phone"]
    assert len(phones) == 1 and phones[0].text() == "020 7946 0000"  # its own line, not a paragraph
    body = theme.current().metrics.body_px
    assert phones[0].font().pixelSize() >= 1.8 * body
    assert phones[0].fontInfo().family() == theme.CJK_FAMILY  # the face with a plain zero
    inside = visible_text(panel)
    for brand in ("Yescarta", "Carvykti", "Kite", "BMS"):
        assert brand not in inside
    assert "Sources:" in visible_text(page)  # still there, just below the panel


@pytest.mark.parametrize("size, kiosk", [((1080, 1920), True), ((1366, 768), False)],
                         ids=["portrait-kiosk", "laptop"])
def test_it_fits_at_200_percent(make_window, qtbot, size, kiosk: bool) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=kiosk, size=size, view=theme.View(text_scale=2.0),
                         settings=config.Settings(kiosk_printing=kiosk))
    QApplication.processEvents()
    button = buttons_named(window, CALL)[0]
    bar = window.findChild(QFrame, "listenBar")
    assert button.width() >= button.sizeHint().width() - 1, button.text()  # words not cut
    left = button.mapTo(window, button.rect().topLeft())
    assert left.x() >= 0 and left.x() + button.width() <= window.width()
    for other in bar.findChildren(QPushButton):
        if other.isVisible():
            assert other.width() >= other.sizeHint().width() - 1, other.text()
    dialog = open_emergency(qtbot, window)
    assert dialog.height() <= window.height() and dialog.width() <= window.width()


def test_kiosk_visitors_print_only_a_blank_card(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                printed: list[Path]) -> None:  # noqa: F811
    window = make_window(kiosk=True, settings=config.Settings(kiosk_printing=True))
    dialog = open_emergency(qtbot, window)
    assert not window.findChildren(QDialog, "printDialog")
    click(qtbot, dialog, "Print a wallet card")
    assert len(printed) == 1
    front = squash(pdftotext_pages(printed[0])[0])
    assert "IhavehadCAR-Tcelltherapy" in front and "Name" in front
    assert "Please collect your pages" in visible_text(window.findChild(QFrame, "listenBar"))


def test_kiosk_without_printing_offers_no_card(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    dialog = open_emergency(qtbot, window)
    assert not buttons_named(dialog, "Print a wallet card")
