"""The guide as a screen reader meets it: started as its own process on a real X desktop with
the AT-SPI accessibility bus, and queried from outside through pyatspi (tests/atspi_probe.py,
run with Debian's python3). Roles, names, focus after navigation, the quiz, the glossary words
and the language, in English and Chinese.

One desktop per module; each test starts the guide it needs (a few seconds each).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from cartguide.app import load
from cartguide.content import markup
from tests.realdesk import REPO, Desktop, desktop, require, system_python

PROBE = str(REPO / "tests" / "atspi_probe.py")

WORDS = {
    "en": {"title": "CAR-T Guide", "start": "Start with step 1", "wrong": "Not quite",
           "right": "Yes, that is right.", "questions": "Go to the questions: {0}",
           "chip": "Go to step {0}: {1}", "locale": "en_US", "close": "Close",
           "who": "Who you will see", "switch": "(Change language)"},
    "zh_CN": {"title": "CAR-T", "start": "从第1步开始", "wrong": "不太对",
              "right": "对，答对了。", "questions": "去回答问题：{0}",
              "chip": "去第{0}步：{1}", "locale": "zh_CN", "close": "关闭",
              "who": "您会见到谁", "switch": "(切换语言)"},
}


@pytest.fixture(scope="module")
def desk() -> Iterator[Desktop]:
    require("/usr/bin/python3", "openbox")
    check = __import__("subprocess").run(["/usr/bin/python3", "-c", "import pyatspi"],
                                         capture_output=True, check=False)
    if check.returncode != 0:
        pytest.skip("needs python3-pyatspi (see .ci/run)")
    with desktop(window_manager=True, accessibility=True) as running:
        yield running


class Guide:
    """One running guide and the probe that looks at it."""

    def __init__(self, desk: Desktop, language: str, *args: str) -> None:
        self.desk = desk
        self.language = language
        self.words = WORDS[language]
        self.guide = load(lang=language).guide
        self.process = desk.start_guide("--lang", language, *args)
        desk.wait_for_window(self.words["title"], timeout=60)  # a busy CI machine is slow

    def plain(self, text: str) -> str:
        return markup.plain(text, lambda i: (t.term if (t := self.guide.term(i)) else None))

    def probe(self, *args: str) -> Any:
        return json.loads(system_python(PROBE, list(args), self.desk.env, timeout=60))

    def tree(self) -> list[dict[str, Any]]:
        return [o for o in self.probe("tree")["objects"] if "showing" in o["states"]]

    def focused_is(self, role: str, name: str) -> dict[str, Any]:
        found = self.probe("wait-focused", role, name)
        assert found is not None and (found["role"], found["name"]) == (role, name), found
        return found

    def press(self, role: str, name: str) -> None:
        self.probe("do", role, name, "Press")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def assert_outline(objects: list[dict[str, Any]], locale: str) -> list[tuple[str, str]]:
    """Every showing heading has a level (1, 2, 3) and the guide's language; one level 1 first,
    and no level skipped going down. Returns (level, name) in reading order."""
    headings = [o for o in objects if o["role"] == "heading"]
    assert headings
    levels = [(o["attributes"].get("level", ""), o["name"]) for o in headings]
    assert all(level in ("1", "2", "3") for level, _ in levels), levels
    assert levels[0][0] == "1" and [lv for lv, _ in levels].count("1") == 1, levels
    for (before, _), (level, name) in itertools.pairwise(levels):
        assert int(level) <= int(before) + 1, (name, levels)
    assert all(o["locale"] == locale for o in headings), [(o["name"], o["locale"])
                                                          for o in headings]
    return levels


@pytest.fixture(params=["en", "zh_CN"])
def guide(request: pytest.FixtureRequest, desk: Desktop) -> Iterator[Guide]:
    running = Guide(desk, request.param)
    yield running
    running.stop()


def test_headings_focus_and_language_through_at_spi(guide: Guide) -> None:
    g, steps = guide.guide, guide.guide.steps
    assert g.home is not None and steps is not None
    # At start the reader is on the page's heading, in the guide's language, level 1.
    home = guide.focused_is("heading", guide.plain(g.home.title))
    assert home["locale"] == guide.words["locale"]
    assert home["attributes"].get("level") == "1"
    app = guide.probe("tree")["app"]
    assert app["locale"] == guide.words["locale"]
    assert app["name"] == g.home.app_title  # in the guide's language (issue 14 item 5)
    objects = guide.tree()
    assert_outline(objects, guide.words["locale"])
    # The illustration is a picture (Qt's Graphic is AT-SPI's "image") with its alt text.
    assert g.home.illustration is not None
    assert any(o["role"] == "image" and o["name"] == g.home.illustration.alt for o in objects)
    tiles = [o for o in objects if o["role"] == "push button"
             and o["name"] == guide.plain(steps.title)]
    assert len(tiles) == 1 and tiles[0]["children"] == 0  # one button, no icon inside
    assert not any(o["role"] == "image" and not o["name"] for o in objects)  # no bare icons
    links = [o for o in objects if o["role"] == "link"]
    assert links and all(o["name"] and "Press" in o["actions"] for o in links)
    # Choosing a section, a step, a chip: the new heading has the focus each time.
    guide.press("push button", guide.plain(steps.title))
    guide.focused_is("heading", guide.plain(steps.title))
    guide.press("push button", guide.words["start"])
    first = guide.focused_is("heading", guide.plain(steps.steps[0].title))
    assert first["attributes"].get("level") == "1"
    # The step's cards are its sections: level 2 under the step's title.
    levels = assert_outline(guide.tree(), guide.words["locale"])
    assert levels[:2] == [("1", guide.plain(steps.steps[0].title)),
                          ("2", guide.words["who"])]
    chip = guide.words["chip"].format(4, steps.steps[3].short_title)
    guide.press("page tab", chip)
    guide.focused_is("heading", guide.plain(steps.steps[3].title))
    objects = guide.tree()
    tabs = [o for o in objects if o["role"] == "page tab"]
    assert len(tabs) == len(steps.steps) + 1
    assert [o["name"] for o in tabs if "selected" in o["states"]] == [chip]
    assert not any(o["role"] == "check box" for o in objects if o["name"].startswith(
        guide.words["chip"].split("{")[0]))
    assert any(o["role"] == "list" for o in objects)
    assert any(o["role"] == "list item" for o in objects)
    assert not any(o["name"] == "\u2022" for o in objects)  # bullets are not read


def test_quiz_through_at_spi(guide: Guide) -> None:
    steps = guide.guide.steps
    assert steps is not None and steps.quiz is not None
    guide.press("push button", guide.plain(steps.title))
    guide.focused_is("heading", guide.plain(steps.title))
    quiz_heading = guide.plain(steps.quiz.heading)
    guide.press("page tab", guide.words["questions"].format(quiz_heading))
    guide.focused_is("heading", quiz_heading)
    objects = guide.tree()
    first = steps.quiz.questions[0]
    group = f"1. {guide.plain(first.question)}"
    panels = [o for o in objects if o["role"] == "panel" and o["name"] == group]
    assert len(panels) == 1
    inside = [o for o in objects if o["path"].startswith(panels[0]["path"] + ".")
              and o["role"] == "radio button"]
    assert [o["name"] for o in inside] == [guide.plain(c) for c in first.choices]
    assert all("checkable" in o["states"] and "checked" not in o["states"] for o in inside)
    wrong = next(c for i, c in enumerate(first.choices, 1) if i != first.answer)
    guide.press("radio button", guide.plain(wrong))
    # The verdict has the focus: a screen reader says it, and its explanation.
    right_words = guide.plain(first.choices[first.answer - 1])
    found = guide.probe("focused")
    end = time.monotonic() + 10
    while (found is None or guide.words["wrong"] not in found["name"]) \
            and time.monotonic() < end:
        time.sleep(0.2)
        found = guide.probe("focused")
    assert found is not None and found["role"] == "heading"
    assert guide.words["wrong"] in found["name"] and right_words in found["name"]
    assert guide.plain(first.explanation[0]) in found["description"]
    objects = guide.tree()
    chosen = [o for o in objects if o["role"] == "radio button"
              and o["name"] == guide.plain(wrong)]
    assert chosen and "checked" in chosen[0]["states"]


def test_focus_returns_to_the_opener_after_a_dialog_on_a_kiosk_without_window_manager() -> None:
    """ux's part (issue 15): checked here through AT-SPI, on a kiosk with no window manager."""
    require("/usr/bin/python3")
    with desktop(accessibility=True) as bare:
        running = Guide(bare, "en", "--kiosk")
        try:
            home = running.guide.home
            assert home is not None
            link = next(o for o in running.tree() if o["role"] == "link")
            running.probe("focus", "link", link["name"])
            running.focused_is("link", link["name"])
            running.press("link", link["name"])
            running.probe("wait-focused", "push button", "Read aloud")  # the dialog is up
            running.press("push button", running.words["close"])
            found = running.probe("wait-focused", "link", link["name"])
            if found is None or found["name"] != link["name"]:
                pytest.xfail(f"focus after the dialog closed: {found} (ux, issue 15 item 3)")
            # And the keyboard works again: Tab moves on from there (no focus lost to the
            # X root window, as the audit found on kiosks without a window manager).
            bare.run("xdotool", "key", "Tab")
            moved = running.probe("focused")
            end = time.monotonic() + 10
            while (moved is not None and moved["name"] == link["name"]
                   and time.monotonic() < end):
                time.sleep(0.2)
                moved = running.probe("focused")
            if moved is None or moved["name"] == link["name"]:
                pytest.xfail(f"Tab after the dialog closed did nothing: {moved} (ux, issue 15)")
        finally:
            running.stop()


def test_the_accessible_language_follows_a_language_switch(guide: Guide) -> None:
    """Changing the language at run time: the rebuilt page's heading, and the application, now
    say the other language (a screen reader picks its voice from the object's locale)."""
    other = "zh_CN" if guide.language == "en" else "en"
    switch = next(o for o in guide.tree() if o["role"] == "push button"
                  and o["name"].endswith(guide.words["switch"]))
    guide.press("push button", switch["name"])
    home = load(lang=other).guide.home
    assert home is not None
    title = markup.plain(home.title, lambda i: (t.term if (t := load(lang=other).guide.term(i))
                                                else None))
    found = guide.probe("wait-focused", "heading", title)
    assert found is not None and found["name"] == title, found
    assert found["locale"] == WORDS[other]["locale"]
    assert found["attributes"].get("level") == "1"
    tree = guide.probe("tree")
    assert tree["app"]["locale"] == WORDS[other]["locale"]
    assert tree["app"]["name"] == home.app_title
    objects = [o for o in tree["objects"] if "showing" in o["states"]]
    assert_outline(objects, WORDS[other]["locale"])
    texts = [o for o in objects if o["role"] in ("label", "static", "push button", "link")]
    assert texts and all(o["locale"] == WORDS[other]["locale"] for o in texts), [
        (o["role"], o["name"], o["locale"]) for o in texts
        if o["locale"] != WORDS[other]["locale"]]


def test_the_page_behind_a_dialog_takes_no_action_through_at_spi(desk: Desktop) -> None:
    """Issue 14 item 2: with a word's dialog open, a screen reader's GrabFocus and Press on the
    page behind do nothing; the focus stays in the dialog, then goes back to the word."""
    running = Guide(desk, "en")
    try:
        g = running.guide
        assert g.home is not None and g.steps is not None
        heading = running.plain(g.home.title)
        link = next(o for o in running.tree() if o["role"] == "link")
        running.probe("focus", "link", link["name"])
        running.focused_is("link", link["name"])
        running.press("link", link["name"])
        running.probe("wait-focused", "push button", "Read aloud")  # the dialog is up
        inside = running.probe("focused")
        assert inside is not None and inside["name"] in ("Read aloud", "Close"), inside
        running.probe("focus", "heading", heading)
        running.probe("focus", "link", link["name"])
        running.press("push button", running.plain(g.steps.title))  # Start here, behind
        time.sleep(1)
        still = running.probe("focused")
        assert still is not None and (still["role"], still["name"]) == (
            inside["role"], inside["name"]), still
        names = [(o["role"], o["name"]) for o in running.tree()]
        assert ("heading", running.plain(g.steps.title)) not in names  # no page was turned
        running.press("push button", running.words["close"])
        running.focused_is("link", link["name"])
    finally:
        running.stop()
