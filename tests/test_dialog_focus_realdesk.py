"""On a kiosk with no window manager, closing a dialog gives the keyboard back to the page.

Without a window manager X gives the input focus to nobody (the root window) when a dialog
window closes, and keys do nothing until the screen is touched (a11y audit, finding 6). Here
the guide runs as its own process on a bare Xvfb (no window manager); a real click opens the
Finish question, a real key closes it, and a real key then reaches the control that opened it.
"""

from __future__ import annotations

import time

from tests.realdesk import desktop, wait_until

QUESTION = "Start over for the next person?"


def _visible(desk, name: str) -> bool:  # type: ignore[no-untyped-def]
    out = desk.run("xdotool", "search", "--onlyvisible", "--name", name, check=False)
    return bool(out.split())


def test_focus_returns_to_the_opener_without_a_window_manager() -> None:
    with desktop(size="1920x1080", window_manager=False) as desk:
        desk.start_guide("--kiosk")
        window = desk.wait_for_window("Welcome to the CAR-T Guide", timeout=60)
        time.sleep(1.5)  # first paint
        # Finish is the right-most control of the top bar on a 1920 x 1080 kiosk.
        desk.run("xdotool", "mousemove", "1860", "40", "click", "1")
        wait_until(lambda: _visible(desk, QUESTION), "the Finish question")
        desk.run("xdotool", "key", "space")  # "No, keep reading" has the focus: the visit stays
        wait_until(lambda: not _visible(desk, QUESTION), "the question to close")
        time.sleep(0.5)
        focused = desk.run("xdotool", "getwindowfocus", check=False).strip()
        names = {w: desk.run("xdotool", "getwindowname", w, check=False).strip()
                 for w in {focused, window}}
        assert focused == window, f"X focus is on {focused!r}, not the guide ({window}): {names}"
        # The key goes to the control that opened the question: Finish asks again.
        desk.run("xdotool", "key", "space")
        wait_until(lambda: _visible(desk, QUESTION), "Finish to ask again after a key press")
