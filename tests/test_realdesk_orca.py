"""Orca with the guide on a real desktop: choosing a section, Orca says the new page's title as a
heading with its level ("... heading level 1"), in English and in Chinese.

Starts Orca: run this file only under the shared lock (each Orca start ends every other Orca of
the same user), e.g. ``flock /tmp/cartguide-orca.lock .venv/bin/python -m pytest -q
tests/test_realdesk_orca.py``. Skipped when Orca does not start in time (a busy machine).

Orca is started with speech disabled (``-d speech``: no speech-dispatcher process is left behind)
and writes what it would say to its debug log ("SPEECH OUTPUT: '...'"), which this test reads.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cartguide.app import load
from cartguide.content import markup
from tests.realdesk import REPO, Desktop, desktop, require, system_python

PROBE = str(REPO / "tests" / "atspi_probe.py")
#: Orca 43 says a heading's level after its name: "heading level 1" in English; with Orca in
#: Chinese "标题 水平 1" (its translation), or "heading 水平 1" where the role name is not
#: translated (no Chinese system locale).
LEVEL_WORDS = r"(?:heading level|标题 水平|heading 水平)"


@pytest.fixture(scope="module")
def desk() -> Iterator[Desktop]:
    require("/usr/bin/python3", "openbox", "orca")
    with desktop(window_manager=True, accessibility=True) as running:
        yield running


def spoken(log: Path) -> list[str]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return re.findall(r"SPEECH OUTPUT: '(.*)'", text)


@pytest.mark.parametrize(("language", "orca_lang"), [("en", "en_US.UTF-8"),
                                                      ("zh_CN", "zh_CN.UTF-8")])
def test_orca_says_the_new_page_title_as_a_heading_with_its_level(
        desk: Desktop, tmp_path: Path, language: str, orca_lang: str) -> None:
    guide_words = load(lang=language).guide

    def plain(text: str) -> str:
        return markup.plain(text, lambda i: (t.term if (t := guide_words.term(i)) else None))

    assert guide_words.home is not None and guide_words.steps is not None
    process = desk.start_guide("--lang", language)
    try:
        desk.wait_for_window("CAR-T", timeout=60)
        time.sleep(2)  # let the guide settle: Orca reads its whole window when it starts
        log = tmp_path / "orca.log"
        env = dict(desk.env, LANG=orca_lang)  # Orca's words (and its voice) follow its locale
        orca = subprocess.Popen(["orca", "-d", "speech", "--debug-file", str(log)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desk.processes.append(orca)
        try:
            end = time.monotonic() + 45
            while time.monotonic() < end and "ATSPI registry initialized" not in (
                    log.read_text(errors="replace") if log.exists() else ""):
                time.sleep(0.2)
            if time.monotonic() >= end:
                pytest.skip("Orca did not finish starting within 45 s (a busy machine, or "
                            "another Orca of this user running)")
            section = plain(guide_words.steps.title)
            probe = json.loads(system_python(PROBE, ["do", "push button", section], desk.env,
                                             timeout=60))
            assert probe == {"done": "Press", "on": section}
            said = re.compile(re.escape(section) + " " + LEVEL_WORDS + " 1")
            # Orca writes its log in blocks: a harmless key (Shift) makes it log more, so what
            # it said reaches the file.
            end = time.monotonic() + 60
            while time.monotonic() < end and not any(said.search(s) for s in spoken(log)):
                desk.run("xdotool", "key", "shift", check=False)
                time.sleep(0.5)
            lines = spoken(log)
            assert any(said.search(s) for s in lines), [s for s in lines if section in s]
            # The home page's title was said the same way when Orca started.
            home = re.compile(re.escape(plain(guide_words.home.title)) + " " + LEVEL_WORDS
                              + " 1")
            assert any(home.search(s) for s in lines), lines[:10]
        finally:
            orca.kill()  # it takes its time over SIGTERM
            orca.wait(5)
    finally:
        process.terminate()
        process.wait(10)
