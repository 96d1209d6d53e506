"""The kiosk against a real window manager (Openbox under Xvfb), driven as a visitor or an
attacker would with xdotool and wmctrl: no title bar to minimise, nothing the window manager
does keeps the guide off the screen, and its shortcuts never reach it (kiosk red-team B1, B2).

One desktop and one guide for the whole module; each test leaves the guide as it found it.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cartguide import resources
from tests.realdesk import REPO, Desktop, desktop, require, system_python

LINK_WORDS = "CAR-T cell therapy"
FIND = str(REPO / "tests" / "atspi_find.py")


def eventually(check: Callable[[], bool], seconds: float = 2.5) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return check()


class Kiosk:
    def __init__(self, desk: Desktop, window: str) -> None:
        self.desk = desk
        self.window = window

    def prop(self, window: str, *names: str) -> str:
        return self.desk.run("xprop", "-id", window, *names, check=False)

    def root(self, *names: str) -> str:
        return self.desk.run("xprop", "-root", *names, check=False)

    def viewable(self, window: str) -> bool:
        return "IsViewable" in self.desk.run("xwininfo", "-id", window, check=False)

    def on_screen(self) -> bool:
        """Full screen, mapped, not iconic, on the shown desktop, and the active window."""
        state = self.prop(self.window, "WM_STATE", "_NET_WM_STATE")
        desk = self.prop(self.window, "_NET_WM_DESKTOP").split("=")[-1].strip()
        return (self.viewable(self.window) and "Normal" in state and "FULLSCREEN" in state
                and "HIDDEN" not in state
                and self.root("_NET_CURRENT_DESKTOP").split("=")[-1].strip() == desk
                and "= 0" in self.root("_NET_SHOWING_DESKTOP")
                and self.desk.active_window() == self.window)

    def where(self, name: str, prefix: bool = False) -> tuple[int, int, int, int]:
        args = ["CAR-T Guide", name] + (["--prefix"] if prefix else [])
        out = system_python(FIND, args, self.desk.env)
        x, y, w, h = (int(v) for v in out.split())
        return x, y, w, h

    def tap(self, x: int, y: int) -> None:
        self.desk.run("xdotool", "mousemove", str(x), str(y), "click", "1")

    def key(self, keys: str) -> None:
        self.desk.run("xdotool", "key", "--clearmodifiers", keys)

    def mapped_root_children(self) -> set[str]:
        out = self.desk.run("xwininfo", "-root", "-children", check=False)
        ids = [line.split()[0] for line in out.splitlines() if line.strip().startswith("0x")]
        return {i for i in ids if self.viewable(i)}


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    require("Xvfb", "openbox", "xdotool", "wmctrl", "xprop", "xwininfo")
    # A home page whose first paragraph is one glossary link, so a tap on it opens the word.
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(resources.content_root() / "en", content / "en")
    home = content / "en" / "home.yaml"
    lines = home.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "[[car-t|" in line)
    lines[index] = f"  - '[[car-t|{LINK_WORDS}]]'"
    home.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with desktop(window_manager=True, accessibility=True) as desk:
        guide = desk.start_guide("--kiosk", "--content", str(content))
        desk.wait_for_window("CAR-T Guide")
        # The main window is the one that becomes active (Qt may name a helper window too).
        assert eventually(lambda: "CAR-T Guide" in desk.run(
            "xdotool", "getactivewindow", "getwindowname", check=False), 20)
        found = Kiosk(desk, desk.active_window())
        assert eventually(found.on_screen, 10), "the kiosk never came up full screen"
        yield found
        assert guide.poll() is None, "the guide stopped during the tests"


def test_a_screen_reader_still_gets_its_keys(kiosk: Kiosk, tmp_path: Path) -> None:
    """Orca hears Insert+H (learn mode) and the keypad's review keys through the guide's
    keyboard grab (Qt forwards key events to the AT-SPI registry, which Orca listens to).
    First in the module: started after the attacks below, Orca often stalled while reading the
    re-mapped window (seen here; not investigated further)."""
    require("orca")
    log = tmp_path / "orca.log"
    time.sleep(2)  # let the guide settle: Orca reads its whole window when it starts
    # No --replace: Orca 43 then kills every Orca of this user, other desktops' too (tests
    # running side by side under one account).
    orca = subprocess.Popen(["orca", "-d", "speech", "--debug-file", str(log)],
                            env=kiosk.desk.env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    kiosk.desk.processes.append(orca)
    try:
        # On a busy machine Orca may take a while to look at the desktop and start listening;
        # now and then (seen only under heavy load) it stalls while reading the first window
        # and never starts. That is Orca, not the guide: skipped, with the reason. Once it has
        # started, it must hear the keys.
        def started() -> bool:  # Orca 43 logs "ATSPI registry initialized." once it listens
            text = log.read_text(errors="replace") if log.exists() else ""
            return "ATSPI registry initialized" in text or "Starting ATSPI registry" in text

        if not eventually(started, 45):
            pytest.skip("Orca did not finish starting within 45 s (a busy machine, or another "
                        "Orca of this user running)")
        assert eventually(kiosk.on_screen)

        def learn_mode() -> bool:  # Orca takes a moment to listen after it says it started
            kiosk.desk.run("xdotool", "key", "KP_Insert+h")
            time.sleep(0.5)
            return "Enter learn mode" in log.read_text(errors="replace")

        assert eventually(learn_mode, 60), "Orca did not hear Insert+H"
        kiosk.key("Escape")  # leave learn mode
        kiosk.desk.run("xdotool", "key", "KP_8")
        assert eventually(lambda: "keyval_name=(KP_8)" in log.read_text(errors="replace")
                          or "keyval_name=(KP_Up)" in log.read_text(errors="replace"), 5)
        assert kiosk.on_screen()
    finally:
        orca.kill()  # it takes its time over SIGTERM
        orca.wait(5)


def test_the_word_dialog_has_no_title_bar_and_cannot_be_minimised(kiosk: Kiosk) -> None:
    x, y, _w, h = kiosk.where(LINK_WORDS)
    kiosk.tap(x + 20, y + h // 2)
    # The dialog's X window exists (named) a moment before it is mapped: wait for it shown.
    assert eventually(lambda: any(kiosk.viewable(w)
                                  for w in kiosk.desk.window_ids(f"^{LINK_WORDS}$")))
    dialog = [w for w in kiosk.desk.window_ids(f"^{LINK_WORDS}$") if kiosk.viewable(w)][-1]
    # No decorations: Motif hints ask for none and Openbox drew no frame.
    assert "0x2, 0x1, 0x0" in kiosk.prop(dialog, "_MOTIF_WM_HINTS")
    assert "0, 0, 0, 0" in kiosk.prop(dialog, "_NET_FRAME_EXTENTS")
    # Minimise it anyway (as its title bar's button did): the guide comes back at once.
    kiosk.desk.run("xdotool", "windowminimize", dialog)
    assert eventually(lambda: kiosk.viewable(kiosk.window) and "Normal" in kiosk.prop(
        kiosk.window, "WM_STATE")), "minimising the dialog left the kiosk hidden"
    close = kiosk.where("Close")
    kiosk.tap(close[0] + close[2] // 2, close[1] + close[3] // 2)
    assert eventually(kiosk.on_screen)


@pytest.mark.parametrize("attack", [
    ["xdotool", "windowminimize", "{w}"],               # iconify (Alt+Space > Iconify)
    ["wmctrl", "-s", "1"],                               # switch desktop (Ctrl+Alt+Right)
    ["xdotool", "set_desktop_for_window", "{w}", "1"],   # send to desktop (Shift+Alt+Right)
    ["wmctrl", "-k", "on"],                              # show the desktop (Super+D)
    ["xdotool", "windowunmap", "{w}"],                   # hidden by another program
], ids=["iconify", "switch-desktop", "send-to-desktop", "show-desktop", "unmap"])
def test_whatever_the_window_manager_does_the_guide_comes_back(
        kiosk: Kiosk, attack: list[str]) -> None:
    assert kiosk.on_screen()
    kiosk.desk.run(*(part.format(w=kiosk.window) for part in attack))
    assert eventually(lambda: not kiosk.on_screen(), 1) or True  # it may be back already
    assert eventually(kiosk.on_screen), f"{attack[0]} {attack[1]} left the kiosk off screen"


def test_window_manager_shortcuts_do_nothing(kiosk: Kiosk) -> None:
    other = subprocess.Popen(["xmessage", "-title", "other-window", "another program"],
                             env=kiosk.desk.env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    kiosk.desk.processes.append(other)
    kiosk.desk.wait_for_window("other-window")
    assert eventually(kiosk.on_screen)
    before = kiosk.mapped_root_children()
    for keys in ("alt+Tab", "super+d", "ctrl+alt+Right", "shift+alt+Right", "alt+space",
                 "alt+F3", "ctrl+alt+Left"):
        kiosk.key(keys)
        time.sleep(0.3)
        # Checked at once, not after a while: the keys must do nothing, not be undone.
        assert kiosk.on_screen(), f"{keys} moved the guide or the focus"
        assert kiosk.mapped_root_children() <= before, f"{keys} opened a window-manager menu"
    other.terminate()
