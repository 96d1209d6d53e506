"""Read aloud with a wedged speech-dispatcher, for real (red-team B9, UX review D1): the guide
runs as its own process under Xvfb with SPEECHD_ADDRESS pointing at a socket that accepts and
never replies. A tap on Read aloud must not freeze the screen: the next tap works at once, and
within 3 s the guide says read-aloud is not available."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from tests.realdesk import REPO, desktop, system_python
from tests.test_realdesk_kiosk import eventually

FIND = str(REPO / "tests" / "atspi_find.py")


def test_a_wedged_speech_dispatcher_never_freezes_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "wedged.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_never_reply() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    threading.Thread(target=accept_and_never_reply, daemon=True).start()
    logs = tmp_path / "logs"
    try:
        with desktop(accessibility=True) as desk:
            guide = desk.start_guide(log_dir=logs, extra_env={
                "SPEECHD_ADDRESS": f"unix_socket:{path}"})
            desk.wait_for_window("CAR-T Guide")
            visible: list[str] = []

            def shown() -> bool:  # Qt also names a 1x1 helper window like the main one
                visible[:] = desk.run("xdotool", "search", "--onlyvisible", "--name",
                                      "CAR-T Guide", check=False).split()
                return bool(visible)

            assert eventually(shown, 20)
            window = visible[0]

            def box(name: str) -> tuple[int, int]:
                x, y, w, h = (int(v) for v in system_python(
                    FIND, ["CAR-T Guide", name], desk.env).split())
                return x + w // 2, y + h // 2

            def tap(name: str) -> None:
                x, y = box(name)
                desk.run("xdotool", "mousemove", str(x), str(y), "click", "1")

            assert eventually(lambda: bool(desk.run("xdotool", "getwindowname", window)), 20)
            tap("Read aloud")
            tapped = time.monotonic()
            tap("Important information")  # the screen answers at once, the engine or not
            assert eventually(lambda: "Important information" in desk.run(
                "xdotool", "getwindowname", window), 3)
            assert time.monotonic() - tapped < 3.5
            assert eventually(lambda: "read-aloud unavailable" in (
                logs / "cartguide.log").read_text(encoding="utf-8"), 4), "no time limit"
            assert held, "the guide never asked the fake speech-dispatcher"
            tap("Home")
            assert eventually(lambda: "Important information" not in desk.run(
                "xdotool", "getwindowname", window), 3)
            guide.terminate()  # SIGTERM: logged, and a clean exit despite the stuck thread
            assert guide.wait(10) == 0
            assert "stopping on SIGTERM" in (logs / "cartguide.log").read_text(encoding="utf-8")
    finally:
        stop.set()
        for connection in held:
            connection.close()
        server.close()
