"""The nurse's window opens within her screen on a real X desktop (Xvfb + Openbox): a 1366x768
laptop opened it 1280x860, taller than the screen, with Back, Next and the footer off screen."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QRect

from cartguide.app import window_geometry
from tests.realdesk import desktop, wait_until

TITLE = "Welcome to the CAR-T Guide"


def _client(desk, window: str) -> QRect:  # type: ignore[no-untyped-def]
    """The window's inside on the screen, as xwininfo reads it (xdotool and wmctrl count
    Openbox's title bar twice)."""
    info = desk.run("xwininfo", "-id", window)
    value = {key.strip(): line.split(":", 1)[1].strip() for line in info.splitlines()
             if ":" in line and (key := line.split(":", 1)[0]).strip() in (
                 "Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")}
    return QRect(int(value["Absolute upper-left X"]), int(value["Absolute upper-left Y"]),
                 int(value["Width"]), int(value["Height"]))


def _frame_top(desk, window: str) -> int:  # type: ignore[no-untyped-def]
    """The title bar's height (left, right, top, bottom of _NET_FRAME_EXTENTS)."""
    extents = desk.run("xprop", "-id", window, "_NET_FRAME_EXTENTS", check=False)
    numbers = [int(v) for v in extents.split("=", 1)[-1].replace(",", " ").split()
               if v.isdigit()]
    return numbers[2] if len(numbers) == 4 else 0


@pytest.mark.parametrize("size", ["1366x768", "1024x768"])
def test_window_mode_opens_within_a_small_screen(size: str) -> None:
    screen_w, screen_h = (int(v) for v in size.split("x"))
    with desktop(size=size, window_manager=True) as desk:
        desk.start_guide("--lang", "en")
        window = desk.wait_for_window(TITLE, timeout=90)
        placed: list[QRect] = []

        def settled() -> bool:
            placed[:] = [_client(desk, window)]
            return placed[0].width() > 600  # mapped and laid out, not a helper window
        wait_until(settled, "the guide's window", timeout=60)
        time.sleep(1.5)  # the window manager's maximize, then first paint
        client = _client(desk, window)
        top = _frame_top(desk, window)
        # The window and its title bar within the screen: nothing off its bottom edge.
        assert client.left() >= 0 and client.top() - top >= 0, (client, top)
        assert client.right() < screen_w and client.bottom() < screen_h, (client, top)


@pytest.mark.parametrize("screen, expected", [
    (QRect(0, 0, 1920, 1080), QRect(320, 110, 1280, 860)),
    (QRect(0, 0, 1920, 1040), QRect(320, 90, 1280, 860)),
    (QRect(0, 0, 1366, 768), None),  # maximized
    (QRect(0, 0, 1024, 768), None),
    (QRect(0, 0, 1280, 1024), None),  # too narrow for 1280 and a frame
])
def test_window_size_fits_the_free_part_of_the_screen(screen: QRect, expected) -> None:  # type: ignore[no-untyped-def]
    assert window_geometry(screen) == expected


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("kiosk", [False, True], ids=["window", "kiosk"])
def test_the_steps_overview_says_click_in_a_window_and_touch_on_a_kiosk(  # type: ignore[no-untyped-def]
        make_window, qtbot, language: str, kiosk: bool) -> None:
    from cartguide.content import markup
    from tests.conftest import click, visible_text

    window = make_window(language=language, kiosk=kiosk,
                         size=(1920, 1080) if kiosk else (1280, 860))
    start = window.ctx.guide.steps
    click(qtbot, window, markup.plain(start.title, window.ctx.term_name))  # home's start tile
    assert window.current_key == "steps", start.title
    shown = visible_text(window)
    touch = {"en": "Touch a step", "zh_CN": "屏幕下方"}[language]
    click_words = {"en": "Click a step", "zh_CN": "窗口下方"}[language]
    assert (touch in shown) == kiosk and (click_words in shown) == (not kiosk), shown[:400]
